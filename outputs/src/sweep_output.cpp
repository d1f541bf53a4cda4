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
                                {"inputs_drawn_from", m.drawn_from},
                                {"posterior", m.posterior},
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
  sweep.drawn_from = value_of<std::string>(manifest, "inputs_drawn_from", manifest_file);
  sweep.posterior = value_of<std::string>(manifest, "posterior", manifest_file);
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
  // Every column of the summary (kSummaryColumns), in the Summary's fields.
  const std::vector<std::pair<std::size_t, double engine::Summary::*>> numbers = {
      {table.column("mean"), &engine::Summary::mean},
      {table.column("sd"), &engine::Summary::sd},
      {table.column("ci_low"), &engine::Summary::ci_low},
      {table.column("ci_high"), &engine::Summary::ci_high},
      {table.column("p025"), &engine::Summary::p025},
      {table.column("p05"), &engine::Summary::p05},
      {table.column("p50"), &engine::Summary::p50},
      {table.column("p95"), &engine::Summary::p95},
      {table.column("p975"), &engine::Summary::p975}};
  const std::size_t count = table.column("replications");
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
    for (const auto& [column, field] : numbers) row.row.summary.*field = table.number(r, column);
    row.row.summary.count = table.count(r, count);
    sweep.rows.push_back(std::move(row));
  }
  return sweep;
}

}  // namespace jeugdsim::outputs
