#include "jeugdsim/outputs/sweep_output.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "jeugdsim/outputs/files.hpp"
#include "reading.hpp"

namespace jeugdsim::outputs {

std::string format_sweep_manifest(const SweepManifest& m) {
  nlohmann::ordered_json doc = {{"version", kVersion},
                                {"sweep", m.name},
                                {"sweep_file", m.sweep_file},
                                {"base_file", m.base_file},
                                {"scenario", m.scenario},
                                {"kind", m.kind},
                                {"replications", m.replications},
                                {"seed", m.seed},
                                {"overrides", m.overrides},
                                {"swept", m.swept}};
  auto& parameters = doc["parameters"] = nlohmann::ordered_json::object();
  for (const io::Parameter& parameter : m.parameters) {  // not a structured binding:
    // clang 14 (the fuzz build) cannot capture one in a lambda.
    const std::string& path = parameter.path;
    const bool swept = std::any_of(m.swept.begin(), m.swept.end(), [&path](const std::string& p) {
      return p == path || p.rfind(path + ".", 0) == 0;
    });
    if (!swept) parameters[path] = parameter.value;
  }
  return doc.dump(2) + "\n";
}

std::string format_sweep_header(const std::vector<std::string>& swept) {
  std::string out = "point";
  for (const auto& path : swept) {
    out += ',';  // appended, not `"," + cell`: GCC 12's -Wrestrict misfires on the temporary
    out += csv_field(path);
  }
  out += ',';
  out += kSummaryColumns;
  out += '\n';
  return out;
}

std::string format_sweep_leading_cells(std::size_t point, const std::vector<std::string>& values) {
  std::string out = std::to_string(point);
  for (const auto& value : values) {
    out += ',';
    out += csv_field(value);
  }
  return out;
}

SweepResult read_sweep_output(const std::filesystem::path& folder) {
  using namespace reading;
  const fs::path manifest_file = folder / kSweepJson;
  const Json manifest = read_json(manifest_file);
  SweepResult sweep;
  sweep.name = value_of<std::string>(manifest, "sweep", manifest_file);
  sweep.version = value_of<std::string>(manifest, "version", manifest_file);
  sweep.scenario = value_of<std::string>(manifest, "scenario", manifest_file);
  sweep.kind = value_of<std::string>(manifest, "kind", manifest_file);
  require_youth_care(sweep.kind, sweep.scenario, manifest_file);
  sweep.sweep_file = value_of<std::string>(manifest, "sweep_file", manifest_file);
  sweep.base_file = value_of<std::string>(manifest, "base_file", manifest_file);
  sweep.replications = value_of<std::size_t>(manifest, "replications", manifest_file);
  sweep.seed = value_of<std::uint64_t>(manifest, "seed", manifest_file);
  sweep.overrides = value_of<std::vector<std::string>>(manifest, "overrides", manifest_file);
  sweep.swept = value_of<std::vector<std::string>>(manifest, "swept", manifest_file);
  sweep.parameters = parameters_of(manifest, manifest_file);

  const fs::path file = folder / kSweepCsv;
  const auto table = read_csv(file);
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

}  // namespace jeugdsim::outputs
