#include "jeugdsim/outputs/sensitivity.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

#include "reading.hpp"

namespace jeugdsim::outputs {
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

std::vector<SensitivityRow> read_sensitivity_csv(const std::filesystem::path& file) {
  using namespace reading;
  const auto table = read_csv(file);
  const std::size_t input = table.column("input");
  const MetricColumns metric(table);
  const std::size_t rho = table.column("spearman"), low = table.column("ci_low");
  const std::size_t high = table.column("ci_high"), count = table.column("replications");
  std::vector<SensitivityRow> rows;
  for (std::size_t r = 0; r < table.rows().size(); ++r) {
    SensitivityRow row{table.rows()[r][input], metric.of(table, r), {}};
    row.correlation.count = table.count(r, count);
    if (const double v = table.number(r, rho); std::isfinite(v)) row.correlation.spearman = v;
    const double lo = table.number(r, low), hi = table.number(r, high);
    if (std::isfinite(lo) && std::isfinite(hi)) row.correlation.interval = {lo, hi};
    rows.push_back(std::move(row));
  }
  return rows;
}

std::vector<const SensitivityRow*> strongest_first(const std::vector<SensitivityRow>& rows,
                                                   std::string_view metric, std::string_view year) {
  std::vector<const SensitivityRow*> out;
  for (const auto& row : rows) {
    if (row.id.metric == metric && row.id.tier.empty() && row.id.year == year) out.push_back(&row);
  }
  const auto strength = [](const SensitivityRow* row) {
    return row->correlation.spearman ? std::abs(*row->correlation.spearman) : -1.0;
  };
  std::stable_sort(out.begin(), out.end(),
                   [&strength](const auto* a, const auto* b) { return strength(a) > strength(b); });
  return out;
}

}  // namespace jeugdsim::outputs
