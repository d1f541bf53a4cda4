#pragma once
// Two scenarios compared replication by replication: what the alternative changes against the
// base, with a paired 95% interval. Replication r of both used the same random numbers for the
// same entities (common random numbers), so the difference of replication r is mostly the
// effect of the change and little of chance: its interval is much narrower than the one from
// two independent runs (docs/compare.md).

#include <string>
#include <vector>

#include "jeugdsim/engine/summary.hpp"
#include "jeugdsim/io/results.hpp"

namespace jeugdsim::io {

struct ComparisonRow {
  MetricId id;
  double base_mean;
  double alt_mean;
  engine::Summary difference;  // of alternative minus base, replication by replication
  double difference_pct;       // difference.mean / base_mean x 100; NaN if base_mean is 0
};

// One row per metric both report (in the base's order). values[r][m]: metric m, replication r.
// Both must have the same number of replications.
std::vector<ComparisonRow> compare_replications(const std::vector<MetricId>& base_metrics,
                                                const std::vector<std::vector<double>>& base_values,
                                                const std::vector<MetricId>& alt_metrics,
                                                const std::vector<std::vector<double>>& alt_values);

// The header of compare.csv, then rows of one base/alternative pair:
// base,alternative,metric,tier,year,base_mean,alt_mean,diff_mean,diff_ci_low,diff_ci_high,diff_pct
inline constexpr const char* kComparisonCsvHeader =
    "base,alternative,metric,tier,year,base_mean,alt_mean,diff_mean,diff_ci_low,diff_ci_high,"
    "diff_pct\n";
std::string format_comparison_csv(const std::string& base, const std::string& alternative,
                                  const std::vector<ComparisonRow>& rows);

}  // namespace jeugdsim::io
