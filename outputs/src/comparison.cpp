#include "jeugdsim/outputs/comparison.hpp"

#include <cmath>
#include <limits>
#include <map>
#include <stdexcept>
#include <tuple>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "jeugdsim/outputs/files.hpp"
#include "reading.hpp"

namespace jeugdsim::outputs {
namespace {

double mean_of_column(const std::vector<std::vector<double>>& values, std::size_t m) {
  std::vector<double> column;
  column.reserve(values.size());
  for (const auto& replication : values) column.push_back(replication[m]);
  return engine::summarize(column).mean;
}

}  // namespace

std::vector<ComparisonRow> compare_replications(
    const std::vector<MetricId>& base_metrics, const std::vector<std::vector<double>>& base_values,
    const std::vector<MetricId>& alt_metrics, const std::vector<std::vector<double>>& alt_values) {
  if (base_values.size() != alt_values.size()) {
    throw std::logic_error("a paired comparison needs the same number of replications");
  }
  std::map<std::tuple<std::string, std::string, std::string>, std::size_t> alt_position;
  for (std::size_t m = 0; m < alt_metrics.size(); ++m) {
    alt_position[{alt_metrics[m].metric, alt_metrics[m].tier, alt_metrics[m].year}] = m;
  }
  std::vector<ComparisonRow> rows;
  std::vector<double> difference(base_values.size());
  for (std::size_t m = 0; m < base_metrics.size(); ++m) {
    const MetricId& id = base_metrics[m];
    const auto found = alt_position.find({id.metric, id.tier, id.year});
    if (found == alt_position.end()) continue;
    const std::size_t a = found->second;
    // A replication where either side has no value (NaN) drops out of the difference.
    for (std::size_t r = 0; r < base_values.size(); ++r) {
      difference[r] = alt_values[r][a] - base_values[r][m];
    }
    ComparisonRow row{id, mean_of_column(base_values, m), mean_of_column(alt_values, a),
                      engine::summarize(difference), std::numeric_limits<double>::quiet_NaN()};
    if (row.base_mean != 0.0) row.difference_pct = 100.0 * row.difference.mean / row.base_mean;
    rows.push_back(row);
  }
  return rows;
}

std::string format_comparison_csv(const std::string& base, const std::string& alternative,
                                  const std::vector<ComparisonRow>& rows) {
  std::string out;
  for (const auto& row : rows) {
    out += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{}\n", csv_field(base),
                       csv_field(alternative), csv_field(row.id.metric), csv_field(row.id.tier),
                       csv_field(row.id.year), format_number(row.base_mean),
                       format_number(row.alt_mean), format_number(row.difference.mean),
                       format_number(row.difference.ci_low), format_number(row.difference.ci_high),
                       format_number(row.difference.p025), format_number(row.difference.p975),
                       format_number(row.difference_pct));
  }
  return out;
}

std::string format_compare_manifest(const CompareManifest& manifest) {
  nlohmann::ordered_json doc = {{"version", kVersion},
                                {"base", manifest.base},
                                {"replications", manifest.replications},
                                {"seed", manifest.seed},
                                {"independent", manifest.independent},
                                {"scenarios", nlohmann::ordered_json::array()}};
  for (const auto& s : manifest.scenarios) {
    doc["scenarios"].push_back({{"name", s.name}, {"folder", s.folder}});
  }
  return doc.dump(2) + "\n";
}

CompareManifest read_compare_manifest(const std::filesystem::path& file) {
  using namespace reading;
  const Json doc = read_json(file);
  CompareManifest manifest;
  manifest.replications = value_of<std::size_t>(doc, "replications", file);
  manifest.independent = value_of<bool>(doc, "independent", file);
  for (const auto& s : member(doc, "scenarios", file)) {
    manifest.scenarios.push_back({"", value_of<std::string>(s, "folder", file)});
  }
  return manifest;
}

std::vector<Difference> read_comparison_csv(const std::filesystem::path& file,
                                            std::size_t replications, bool paired) {
  using namespace reading;
  const auto table = read_csv(file);
  const std::size_t base = table.column("base"), alternative = table.column("alternative");
  const MetricColumns metric(table);
  const std::size_t base_mean = table.column("base_mean");
  const std::size_t alt_mean = table.column("alt_mean"), mean = table.column("diff_mean");
  const std::size_t low = table.column("diff_ci_low"), high = table.column("diff_ci_high");
  const std::size_t p025 = table.column("diff_p025"), p975 = table.column("diff_p975");
  const std::size_t pct = table.column("diff_pct");
  std::vector<Difference> out;
  for (std::size_t r = 0; r < table.rows().size(); ++r) {
    Difference d{table.rows()[r][base], table.rows()[r][alternative], {}, paired};
    d.row.id = metric.of(table, r);
    d.row.base_mean = table.number(r, base_mean);
    d.row.alt_mean = table.number(r, alt_mean);
    d.row.difference.mean = table.number(r, mean);
    d.row.difference.ci_low = table.number(r, low);
    d.row.difference.ci_high = table.number(r, high);
    d.row.difference.p025 = table.number(r, p025);
    d.row.difference.p975 = table.number(r, p975);
    d.row.difference.count = replications;
    d.row.difference_pct = table.number(r, pct);
    out.push_back(std::move(d));
  }
  return out;
}

}  // namespace jeugdsim::outputs
