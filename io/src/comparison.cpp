#include "jeugdsim/io/comparison.hpp"

#include <cmath>
#include <limits>
#include <map>
#include <stdexcept>
#include <tuple>

#include <fmt/format.h>

namespace jeugdsim::io {
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
    out +=
        fmt::format("{},{},{},{},{},{},{},{},{},{},{}\n", csv_field(base), csv_field(alternative),
                    csv_field(row.id.metric), csv_field(row.id.tier), csv_field(row.id.year),
                    format_number(row.base_mean), format_number(row.alt_mean),
                    format_number(row.difference.mean), format_number(row.difference.ci_low),
                    format_number(row.difference.ci_high), format_number(row.difference_pct));
  }
  return out;
}

}  // namespace jeugdsim::io
