#pragma once
// Typed, located reading of a Document: every accessor either returns a well-typed value or
// throws an InputError that says where and what was expected. Maps are read with the full list
// of keys they accept, so a misspelt key is reported (with a suggestion) before anything else.

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "jeugdsim/io/document.hpp"

namespace jeugdsim::io {

class MapReader;

// A node together with its path from the root ("stations.triage.service.mean").
class ValueReader {
 public:
  ValueReader(const Document& document, YAML::Node node, std::string path)
      : document_(&document), node_(std::move(node)), path_(std::move(path)) {}

  static ValueReader root(const Document& document) {
    return ValueReader(document, document.root(), "");
  }

  [[nodiscard]] const std::string& path() const noexcept { return path_; }
  [[nodiscard]] const YAML::Node& node() const noexcept { return node_; }
  [[nodiscard]] std::string location() const;
  [[nodiscard]] bool is_map() const { return node_.IsMap(); }
  [[nodiscard]] bool is_sequence() const { return node_.IsSequence(); }
  [[nodiscard]] bool is_scalar() const { return node_.IsScalar(); }

  // Finite number (NaN and infinities are rejected).
  [[nodiscard]] double as_number() const;
  [[nodiscard]] double as_positive_number() const;
  [[nodiscard]] double as_non_negative_number() const;
  // Whole numbers, written without a fraction; range-checked. `why` (if any) follows the range
  // in the error: the reason for a limit.
  [[nodiscard]] std::int64_t as_integer(std::int64_t min, std::int64_t max,
                                        std::string_view why = {}) const;
  [[nodiscard]] std::string as_string() const;
  // One of `choices`, with a suggestion if it is not.
  [[nodiscard]] std::string as_choice(const std::vector<std::string>& choices) const;
  [[nodiscard]] std::vector<double> as_number_list() const;

  // The value of `key` if this is a map that has it, read before the map's keys are checked:
  // for the key that decides which other keys are allowed (a distribution's 'dist').
  [[nodiscard]] std::optional<ValueReader> child_before_checking(const std::string& key) const;
  // This node as a map that accepts exactly `allowed` keys. Throws on any other key.
  [[nodiscard]] MapReader as_map(std::vector<std::string> allowed) const;
  // This node as a map with free-form keys (e.g. a route: target -> probability).
  [[nodiscard]] std::vector<std::pair<ValueReader, ValueReader>> as_entries() const;
  // This node as a non-empty list; items are named by `id` where they have one.
  [[nodiscard]] std::vector<ValueReader> as_list() const;

  [[noreturn]] void fail(const std::string& message) const;

 private:
  friend class MapReader;
  [[nodiscard]] std::string describe_kind() const;

  const Document* document_;
  YAML::Node node_;
  std::string path_;
};

class MapReader {
 public:
  MapReader(ValueReader self, std::vector<std::string> allowed);

  [[nodiscard]] bool has(const std::string& key) const;
  [[nodiscard]] ValueReader required(const std::string& key) const;
  [[nodiscard]] std::optional<ValueReader> optional(const std::string& key) const;
  [[nodiscard]] const ValueReader& self() const noexcept { return self_; }
  [[noreturn]] void fail(const std::string& message) const { self_.fail(message); }

 private:
  [[nodiscard]] ValueReader child(const std::string& key) const;

  ValueReader self_;
  std::vector<std::string> allowed_;
};

// "a.b" + "c" -> "a.b.c"; "" + "c" -> "c".
std::string join_path(const std::string& parent, const std::string& key);

}  // namespace jeugdsim::io
