#pragma once
// Reading back what jeugdsim wrote: the helpers every reader of outputs/ shares. A file that is
// not as this version writes it is an io::InputError naming the file (and the row, for CSV).
// Internal to outputs/.

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "jeugdsim/io/input_error.hpp"
#include "jeugdsim/io/parameter_table.hpp"
#include "jeugdsim/outputs/csv_reader.hpp"
#include "jeugdsim/outputs/results.hpp"

namespace jeugdsim::outputs::reading {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

inline std::string read_text(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in) throw io::InputError(file.string(), "cannot read the file");
  return text.str();
}

// `text` as JSON; `file` is where it came from, for the error.
inline Json parse_json(const std::string& text, const fs::path& file) {
  try {
    return Json::parse(text);
  } catch (const Json::parse_error& e) {
    throw io::InputError(file.string(), fmt::format("not valid JSON ({})", e.what()));
  }
}

inline Json read_json(const fs::path& file) { return parse_json(read_text(file), file); }

inline CsvTable read_csv(const fs::path& file) {
  return CsvTable::parse(read_text(file), file.string());
}

// A member every file of this kind has; its absence means the file was not written by this
// version of jeugdsim (or was edited).
inline const Json& member(const Json& object, const char* key, const fs::path& file) {
  if (!object.is_object() || !object.contains(key)) {
    throw io::InputError(file.string(), fmt::format("no '{}': not a file this version of jeugdsim "
                                                    "writes; run the command again",
                                                    key));
  }
  return object.at(key);
}

template <typename T>
T value_of(const Json& object, const char* key, const fs::path& file) {
  try {
    return member(object, key, file).get<T>();
  } catch (const Json::type_error&) {
    throw io::InputError(file.string(), fmt::format("'{}' has the wrong type", key));
  }
}

inline double number_or_nan(const Json& value) {
  return value.is_number() ? value.get<double>() : std::numeric_limits<double>::quiet_NaN();
}

// Youth-care results are per calendar year: a year that is not a whole number means the file
// is not what jeugdsim wrote.
inline bool is_calendar_year(std::string_view year) {
  return !year.empty() && year.size() <= 6 &&
         std::all_of(year.begin(), year.end(), [](char c) { return c >= '0' && c <= '9'; });
}

inline std::string year_of(const Json& object, const fs::path& file) {
  auto year = value_of<std::string>(object, "year", file);
  if (!is_calendar_year(year)) {
    throw io::InputError(file.string(), fmt::format("year '{}': expected a calendar year", year));
  }
  return year;
}

// The report draws youth-care results only.
inline void require_youth_care(const std::string& kind, const std::string& scenario,
                               const fs::path& file) {
  if (kind != "youth_care") {
    throw io::InputError(file.string(),
                         fmt::format("'{}' is a '{}' scenario; the report draws youth_care results "
                                     "(out-of-home placements, cost and waits per care tier)",
                                     scenario, kind));
  }
}

inline std::vector<io::Parameter> parameters_of(const Json& object, const fs::path& file) {
  std::vector<io::Parameter> out;
  for (const auto& [path, value] : member(object, "parameters", file).items()) {
    out.push_back({path, value.is_string() ? value.get<std::string>() : value.dump()});
  }
  return out;
}

// The metric, tier and year columns every results CSV has.
struct MetricColumns {
  std::size_t metric, tier, year;
  explicit MetricColumns(const CsvTable& table)
      : metric(table.column("metric")), tier(table.column("tier")), year(table.column("year")) {}
  [[nodiscard]] MetricId of(const CsvTable& table, std::size_t row) const {
    const auto& cells = table.rows()[row];
    return {cells[metric], cells[tier], cells[year]};
  }
};

}  // namespace jeugdsim::outputs::reading
