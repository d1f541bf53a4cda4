#include "jeugdsim/io/value_reader.hpp"

#include <algorithm>
#include <cassert>
#include <charconv>
#include <cmath>
#include <limits>

#include "jeugdsim/io/did_you_mean.hpp"
#include "jeugdsim/io/input_error.hpp"

namespace jeugdsim::io {
namespace {

// YAML spellings of special floats that a hand-written number could take.
bool is_special_float(const std::string& s) {
  std::string lower;
  for (char c : s) lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  return lower == ".nan" || lower == ".inf" || lower == "-.inf" || lower == "+.inf" ||
         lower == "nan" || lower == "inf" || lower == "-inf" || lower == "infinity";
}

}  // namespace

std::string join_path(const std::string& parent, const std::string& key) {
  return parent.empty() ? key : parent + "." + key;
}

std::string ValueReader::location() const { return document_->location(node_, path_); }

void ValueReader::fail(const std::string& message) const { throw InputError(location(), message); }

std::string ValueReader::describe_kind() const {
  if (node_.IsMap()) return "a map";
  if (node_.IsSequence()) return "a list";
  if (node_.IsNull()) return "nothing";
  return "'" + node_.Scalar() + "'";
}

double ValueReader::as_number() const {
  const std::string what = "'" + path_ + "' must be a number";
  if (!node_.IsScalar()) fail(what + ", not " + describe_kind());
  const std::string& text = node_.Scalar();
  if (is_special_float(text)) fail(what + ", not " + text + " (NaN and infinity are not allowed)");
  double value = 0.0;
  // YAML allows an explicit '+' sign; std::from_chars does not, so it is skipped (once).
  const char* begin = text.data() + (text.size() > 1 && text[0] == '+' && text[1] != '-' ? 1 : 0);
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(begin, end, value);
  if (ec == std::errc::result_out_of_range) fail(what + " within double range, not '" + text + "'");
  if (ec != std::errc() || ptr != end) fail(what + ", not '" + text + "'");
  if (!std::isfinite(value)) fail(what + ", not " + text);
  return value;
}

double ValueReader::as_positive_number() const {
  const double v = as_number();
  if (!(v > 0.0)) fail("'" + path_ + "' must be greater than 0, not " + node_.Scalar());
  return v;
}

double ValueReader::as_non_negative_number() const {
  const double v = as_number();
  if (v < 0.0) fail("'" + path_ + "' must be 0 or more, not " + node_.Scalar());
  return v;
}

std::int64_t ValueReader::as_integer(std::int64_t min, std::int64_t max,
                                     std::string_view why) const {
  const std::string what = "'" + path_ + "' must be a whole number";
  if (!node_.IsScalar()) fail(what + ", not " + describe_kind());
  const std::string& text = node_.Scalar();
  std::int64_t value = 0;
  const char* begin = text.data() + (!text.empty() && text[0] == '+' ? 1 : 0);
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(begin, end, value);
  if (ec != std::errc() || ptr != end || begin == end) fail(what + ", not '" + text + "'");
  if (value < min || value > max) {
    fail(what + " from " + std::to_string(min) + " to " + std::to_string(max) + ", not " + text +
         (why.empty() ? "" : "; " + std::string(why)));
  }
  return value;
}

std::string ValueReader::as_string() const {
  if (!node_.IsScalar())
    fail("'" + path_ + "' must be a single word or text, not " + describe_kind());
  return node_.Scalar();
}

std::string ValueReader::as_choice(const std::vector<std::string>& options) const {
  const std::string value = as_string();
  if (std::find(options.begin(), options.end(), value) == options.end()) {
    fail("'" + path_ + "' must be " + quoted_list(options) + ", not '" + value + "'" +
         did_you_mean(value, options));
  }
  return value;
}

std::vector<double> ValueReader::as_number_list() const {
  if (!node_.IsSequence())
    fail("'" + path_ + "' must be a list of numbers, not " + describe_kind());
  std::vector<double> out;
  for (std::size_t i = 0; i < node_.size(); ++i) {
    out.push_back(
        ValueReader(*document_, node_[i], join_path(path_, std::to_string(i))).as_number());
  }
  return out;
}

std::optional<ValueReader> ValueReader::child_before_checking(const std::string& key) const {
  if (!node_.IsMap() || !node_[key]) return std::nullopt;
  return ValueReader(*document_, node_[key], join_path(path_, key));
}

MapReader ValueReader::as_map(std::vector<std::string> allowed) const {
  return MapReader(*this, std::move(allowed));
}

std::vector<std::pair<ValueReader, ValueReader>> ValueReader::as_entries() const {
  if (!node_.IsMap())
    fail("'" + path_ + "' must be a map of 'key: value' entries, not " + describe_kind());
  std::vector<std::pair<ValueReader, ValueReader>> out;
  for (const auto& kv : node_) {
    const std::string key = kv.first.Scalar();
    const std::string child = join_path(path_, key);
    out.emplace_back(ValueReader(*document_, kv.first, child),
                     ValueReader(*document_, kv.second, child));
  }
  return out;
}

std::vector<ValueReader> ValueReader::as_list() const {
  if (!node_.IsSequence() || node_.size() == 0) {
    fail("'" + path_ + "' must be a list with at least one item ('- ...'), not " + describe_kind());
  }
  std::vector<ValueReader> out;
  for (std::size_t i = 0; i < node_.size(); ++i) {
    const YAML::Node item = node_[i];
    std::string name = std::to_string(i);
    if (item.IsMap() && item["id"] && item["id"].IsScalar()) name = item["id"].Scalar();
    out.emplace_back(*document_, item, join_path(path_, name));
  }
  return out;
}

MapReader::MapReader(ValueReader self, std::vector<std::string> allowed)
    : self_(std::move(self)), allowed_(std::move(allowed)) {
  const std::string name =
      self_.path().empty() ? self_.document_->whole() : "'" + self_.path() + "'";
  if (!self_.is_map()) {
    self_.fail(name + " must be a map of 'key: value' entries");
  }
  for (const auto& kv : self_.node()) {
    const std::string key = kv.first.IsScalar() ? kv.first.Scalar() : "?";
    if (std::find(allowed_.begin(), allowed_.end(), key) == allowed_.end()) {
      const ValueReader key_reader(*self_.document_, kv.first, join_path(self_.path(), key));
      key_reader.fail("unknown key '" + key + "' in " + name + did_you_mean(key, allowed_) +
                      "; expected " + quoted_list(allowed_));
    }
  }
}

bool MapReader::has(const std::string& key) const { return static_cast<bool>(self_.node()[key]); }

ValueReader MapReader::child(const std::string& key) const {
  assert(std::find(allowed_.begin(), allowed_.end(), key) != allowed_.end());
  return ValueReader(*self_.document_, self_.node()[key], join_path(self_.path(), key));
}

ValueReader MapReader::required(const std::string& key) const {
  if (!has(key)) {
    const std::string name =
        self_.path().empty() ? self_.document_->whole() : "'" + self_.path() + "'";
    self_.fail("missing key '" + key + "' in " + name);
  }
  return child(key);
}

std::optional<ValueReader> MapReader::optional(const std::string& key) const {
  if (!has(key)) return std::nullopt;
  return child(key);
}

}  // namespace jeugdsim::io
