#include "report_data.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <map>
#include <set>
#include <sstream>
#include <string_view>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "jeugdsim/io/csv_reader.hpp"
#include "jeugdsim/io/input_error.hpp"

namespace jeugdsim::app {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

std::string read_text(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in) throw io::InputError(file.string(), "cannot read the file");
  return text.str();
}

Json read_json(const fs::path& file) {
  try {
    return Json::parse(read_text(file));
  } catch (const Json::parse_error& e) {
    throw io::InputError(file.string(), fmt::format("not valid JSON ({})", e.what()));
  }
}

// A member every file of this kind has; its absence means the file was not written by this
// version of jeugdsim (or was edited).
const Json& member(const Json& object, const char* key, const fs::path& file) {
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

double number_or_nan(const Json& value) {
  return value.is_number() ? value.get<double>() : std::numeric_limits<double>::quiet_NaN();
}

// Youth-care results are per calendar year: a year that is not a whole number means the file
// is not what jeugdsim wrote.
bool is_calendar_year(std::string_view year) {
  return !year.empty() && year.size() <= 6 &&
         std::all_of(year.begin(), year.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string year_of(const Json& object, const fs::path& file) {
  auto year = value_of<std::string>(object, "year", file);
  if (!is_calendar_year(year)) {
    throw io::InputError(file.string(), fmt::format("year '{}': expected a calendar year", year));
  }
  return year;
}

void require_youth_care(const std::string& kind, const std::string& scenario,
                        const fs::path& file) {
  if (kind != "youth_care") {
    throw io::InputError(file.string(),
                         fmt::format("'{}' is a '{}' scenario; the report draws youth_care results "
                                     "(out-of-home placements, cost and waits per care tier)",
                                     scenario, kind));
  }
}

std::vector<io::Parameter> parameters_of(const Json& object, const fs::path& file) {
  std::vector<io::Parameter> out;
  for (const auto& [path, value] : member(object, "parameters", file).items()) {
    out.push_back({path, value.is_string() ? value.get<std::string>() : value.dump()});
  }
  return out;
}

// The metric, tier and year columns every results CSV has.
struct MetricColumns {
  std::size_t metric, tier, year;
  explicit MetricColumns(const io::CsvTable& table)
      : metric(table.column("metric")), tier(table.column("tier")), year(table.column("year")) {}
  [[nodiscard]] io::MetricId of(const io::CsvTable& table, std::size_t row) const {
    const auto& cells = table.rows()[row];
    return {cells[metric], cells[tier], cells[year]};
  }
};

// psa.csv, if the run wrote one.
std::vector<io::SensitivityRow> read_psa(const fs::path& folder) {
  const fs::path file = folder / "psa.csv";
  if (!fs::exists(file)) return {};
  const auto table = io::CsvTable::parse(read_text(file), file.string());
  const std::size_t input = table.column("input");
  const MetricColumns metric(table);
  const std::size_t rho = table.column("spearman"), low = table.column("ci_low");
  const std::size_t high = table.column("ci_high"), count = table.column("replications");
  std::vector<io::SensitivityRow> rows;
  for (std::size_t r = 0; r < table.rows().size(); ++r) {
    io::SensitivityRow row{table.rows()[r][input], metric.of(table, r), {}};
    row.correlation.count = table.count(r, count);
    if (const double v = table.number(r, rho); std::isfinite(v)) row.correlation.spearman = v;
    const double lo = table.number(r, low), hi = table.number(r, high);
    if (std::isfinite(lo) && std::isfinite(hi)) row.correlation.interval = {lo, hi};
    rows.push_back(std::move(row));
  }
  return rows;
}

ScenarioResult read_summary(const fs::path& folder) {
  const fs::path file = folder / "summary.json";
  const Json doc = read_json(file);
  ScenarioResult result;
  io::RunInfo& info = result.info;
  info.scenario = value_of<std::string>(doc, "scenario", file);
  info.kind = value_of<std::string>(doc, "kind", file);
  require_youth_care(info.kind, info.scenario, file);
  info.source = value_of<std::string>(doc, "source", file);
  info.seed = value_of<std::uint64_t>(doc, "seed", file);
  info.replications = value_of<std::size_t>(doc, "replications", file);
  info.overrides = value_of<std::vector<std::string>>(doc, "overrides", file);
  info.parameters = parameters_of(doc, file);
  result.version = value_of<std::string>(doc, "version", file);
  for (const auto& o : member(doc, "observed", file)) {
    info.observed.push_back({{value_of<std::string>(o, "metric", file),
                              value_of<std::string>(o, "tier", file), year_of(o, file)},
                             value_of<double>(o, "value", file)});
  }
  for (const auto& m : member(doc, "metrics", file)) {
    engine::Summary s;
    s.mean = number_or_nan(member(m, "mean", file));
    s.sd = number_or_nan(member(m, "sd", file));
    s.ci_low = number_or_nan(member(m, "ci_low", file));
    s.ci_high = number_or_nan(member(m, "ci_high", file));
    s.p05 = number_or_nan(member(m, "p05", file));
    s.p50 = number_or_nan(member(m, "p50", file));
    s.p95 = number_or_nan(member(m, "p95", file));
    s.count = value_of<std::size_t>(m, "replications", file);
    result.rows.push_back({{value_of<std::string>(m, "metric", file),
                            value_of<std::string>(m, "tier", file), year_of(m, file)},
                           s});
  }
  result.psa = read_psa(folder);
  return result;
}

// A compare folder: each scenario's summary (in the folder compare.json names) and compare.csv.
void read_compare(const fs::path& folder, ReportData& data) {
  const fs::path manifest_file = folder / "compare.json";
  const Json manifest = read_json(manifest_file);
  const auto replications = value_of<std::size_t>(manifest, "replications", manifest_file);
  const bool independent = value_of<bool>(manifest, "independent", manifest_file);
  for (const auto& s : member(manifest, "scenarios", manifest_file)) {
    ScenarioResult result =
        read_summary(folder / value_of<std::string>(s, "folder", manifest_file));
    data.scenarios.push_back(std::move(result));
  }
  const fs::path file = folder / "compare.csv";
  const auto table = io::CsvTable::parse(read_text(file), file.string());
  const std::size_t base = table.column("base"), alternative = table.column("alternative");
  const MetricColumns metric(table);
  const std::size_t base_mean = table.column("base_mean");
  const std::size_t alt_mean = table.column("alt_mean"), mean = table.column("diff_mean");
  const std::size_t low = table.column("diff_ci_low"), high = table.column("diff_ci_high");
  const std::size_t pct = table.column("diff_pct");
  for (std::size_t r = 0; r < table.rows().size(); ++r) {
    Difference d{table.rows()[r][base], table.rows()[r][alternative], {}, !independent};
    d.row.id = metric.of(table, r);
    d.row.base_mean = table.number(r, base_mean);
    d.row.alt_mean = table.number(r, alt_mean);
    d.row.difference.mean = table.number(r, mean);
    d.row.difference.ci_low = table.number(r, low);
    d.row.difference.ci_high = table.number(r, high);
    d.row.difference.count = replications;
    d.row.difference_pct = table.number(r, pct);
    data.differences.push_back(std::move(d));
  }
}

SweepResult read_sweep_output(const fs::path& folder) {
  const fs::path manifest_file = folder / "sweep.json";
  const Json manifest = read_json(manifest_file);
  SweepResult sweep;
  sweep.name = value_of<std::string>(manifest, "sweep", manifest_file);
  sweep.version = value_of<std::string>(manifest, "version", manifest_file);
  sweep.scenario = value_of<std::string>(manifest, "scenario", manifest_file);
  require_youth_care(value_of<std::string>(manifest, "kind", manifest_file), sweep.scenario,
                     manifest_file);
  sweep.sweep_file = value_of<std::string>(manifest, "sweep_file", manifest_file);
  sweep.base_file = value_of<std::string>(manifest, "base_file", manifest_file);
  sweep.replications = value_of<std::size_t>(manifest, "replications", manifest_file);
  sweep.seed = value_of<std::uint64_t>(manifest, "seed", manifest_file);
  sweep.overrides = value_of<std::vector<std::string>>(manifest, "overrides", manifest_file);
  sweep.swept = value_of<std::vector<std::string>>(manifest, "swept", manifest_file);
  sweep.parameters = parameters_of(manifest, manifest_file);

  const fs::path file = folder / "sweep.csv";
  const auto table = io::CsvTable::parse(read_text(file), file.string());
  const std::size_t point = table.column("point");
  const MetricColumns metric(table);
  if (point != 0 || metric.metric != sweep.swept.size() + 1) {
    throw io::InputError(file.string(), fmt::format("expected the {} swept paths of {} between "
                                                    "'point' and 'metric'",
                                                    sweep.swept.size(), manifest_file.string()));
  }
  const std::size_t mean = table.column("mean"), low = table.column("ci_low");
  const std::size_t high = table.column("ci_high"), count = table.column("replications");
  for (std::size_t r = 0; r < table.rows().size(); ++r) {
    const auto& cells = table.rows()[r];
    SweepRow row;
    row.point = table.count(r, point);
    row.values.assign(cells.begin() + 1,
                      cells.begin() + static_cast<std::ptrdiff_t>(metric.metric));
    row.row.id = metric.of(table, r);
    if (!is_calendar_year(row.row.id.year)) {
      throw io::InputError(fmt::format("{}:{}", file.string(), r + 2),
                           fmt::format("year '{}': expected a calendar year", row.row.id.year));
    }
    row.row.summary.mean = table.number(r, mean);
    row.row.summary.ci_low = table.number(r, low);
    row.row.summary.ci_high = table.number(r, high);
    row.row.summary.count = table.count(r, count);
    sweep.rows.push_back(std::move(row));
  }
  return sweep;
}

}  // namespace

ReportData read_outputs(const std::vector<fs::path>& folders) {
  ReportData data;
  std::set<std::string> names;
  // `name`, or, if taken, "name (folder)": two folders may hold results of the same name
  // (Assen, run twice with other --set).
  const auto unique = [&names](const std::string& name, const fs::path& folder) {
    std::string out = name;
    if (names.count(out) > 0) {
      const fs::path tail =
          folder.filename().empty() ? folder.parent_path().filename() : folder.filename();
      const std::string named = name + " (" + tail.string() + ")";
      out = named;
      for (int n = 2; names.count(out) > 0; ++n) out = named + " " + std::to_string(n);
    }
    names.insert(out);
    return out;
  };
  for (const auto& folder : folders) {
    if (!fs::is_directory(folder)) {
      throw io::InputError(folder.string(),
                           "no such folder: give the output folder of "
                           "'jeugdsim run', 'compare' or 'sweep'");
    }
    std::vector<std::string> manifests;
    for (const char* file : {"compare.json", "sweep.json", "summary.json"}) {
      if (fs::exists(folder / file)) manifests.emplace_back(file);
    }
    if (manifests.size() > 1) {
      throw io::InputError(folder.string(),
                           fmt::format("holds the results of more than one command "
                                       "({}): give each command its own --out folder",
                                       fmt::join(manifests, ", ")));
    }
    if (manifests.empty()) {
      throw io::InputError(
          folder.string(),
          fs::exists(folder / "sweep.partial")
              ? "an unfinished sweep: finish it with 'jeugdsim sweep ... --resume' first"
              : "no jeugdsim results here: expected summary.json (run), compare.json (compare) "
                "or sweep.json (sweep)");
    }
    const std::size_t first = data.scenarios.size();
    const std::size_t first_difference = data.differences.size();
    if (manifests.front() == "compare.json") {
      read_compare(folder, data);
    } else if (manifests.front() == "sweep.json") {
      data.sweeps.push_back(read_sweep_output(folder));
      data.sweeps.back().name = unique(data.sweeps.back().name, folder);
    } else {
      data.scenarios.push_back(read_summary(folder));
    }
    std::map<std::string, std::string> renamed;  // name in compare.csv -> name in the report
    for (std::size_t k = first; k < data.scenarios.size(); ++k) {
      std::string& name = data.scenarios[k].info.scenario;
      const std::string original = name;
      name = unique(name, folder);
      renamed[original] = name;
    }
    for (std::size_t k = first_difference; k < data.differences.size(); ++k) {
      for (std::string* name : {&data.differences[k].base, &data.differences[k].alternative}) {
        if (const auto it = renamed.find(*name); it != renamed.end()) *name = it->second;
      }
    }
  }
  return data;
}

}  // namespace jeugdsim::app
