#include "jeugdsim/io/sensitivity.hpp"

#include <stdexcept>

#include <fmt/format.h>

namespace jeugdsim::io {
namespace {

// Column `c` of per-replication rows: one value per replication.
std::vector<double> column(const std::vector<std::vector<double>>& rows, std::size_t c) {
  std::vector<double> out;
  out.reserve(rows.size());
  for (const auto& row : rows) out.push_back(row.at(c));
  return out;
}

}  // namespace

std::vector<SensitivityRow> rank_inputs(const std::vector<std::string>& input_names,
                                        const std::vector<std::vector<double>>& inputs,
                                        const std::vector<MetricId>& metrics,
                                        const std::vector<std::vector<double>>& values) {
  if (inputs.size() != values.size()) {
    throw std::logic_error("the draws and the results of a run must cover the same replications");
  }
  std::vector<SensitivityRow> rows;
  for (std::size_t i = 0; i < input_names.size(); ++i) {
    const std::vector<double> drawn = column(inputs, i);
    for (std::size_t m = 0; m < metrics.size(); ++m) {
      // The whole system only: the key outputs, in a file a person can read.
      if (!metrics[m].tier.empty()) continue;
      rows.push_back(SensitivityRow{input_names[i], metrics[m],
                                    engine::rank_correlation(drawn, column(values, m))});
    }
  }
  return rows;
}

std::string format_sensitivity_csv(const std::vector<SensitivityRow>& rows) {
  std::string out = "input,metric,tier,year,spearman,ci_low,ci_high,replications\n";
  for (const auto& row : rows) {
    const auto& c = row.correlation;
    const std::string low = c.interval ? format_number(c.interval->low) : "";
    const std::string high = c.interval ? format_number(c.interval->high) : "";
    out += fmt::format("{},{},{},{},{},{},{},{}\n", csv_field(row.input), csv_field(row.id.metric),
                       csv_field(row.id.tier), csv_field(row.id.year),
                       c.spearman ? format_number(*c.spearman) : "", low, high, c.count);
  }
  return out;
}

}  // namespace jeugdsim::io
