#pragma once
// Two scenarios compared replication by replication: what the alternative changes against the
// base, with a paired 95% interval. Replication r of both used the same random numbers for the
// same entities (common random numbers), so the difference of replication r is mostly the
// effect of the change and little of chance: its interval is much narrower than the one from
// two independent runs (docs/compare.md). compare.csv and compare.json are written and read
// back here.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "jeugdsim/engine/summary.hpp"
#include "jeugdsim/outputs/results.hpp"

namespace jeugdsim::outputs {

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
// base,alternative,metric,tier,year,base_mean,alt_mean,diff_mean,diff_ci_low,diff_ci_high,
// diff_p025,diff_p975,diff_pct. diff_ci_*: the paired 95% interval of the mean difference
// (Monte Carlo error); diff_p025/p975: 95% of the replications' paired differences (with inputs
// drawn from priors or a posterior, what they leave open; engine/summary.hpp).
inline constexpr const char* kComparisonCsvHeader =
    "base,alternative,metric,tier,year,base_mean,alt_mean,diff_mean,diff_ci_low,diff_ci_high,"
    "diff_p025,diff_p975,diff_pct\n";
std::string format_comparison_csv(const std::string& base, const std::string& alternative,
                                  const std::vector<ComparisonRow>& rows);

// compare.json (files.hpp): beside compare.csv, what was compared and where each scenario's
// own summary is (a folder of the compare folder, as `run` writes one).
struct CompareManifest {
  struct Scenario {
    std::string name;
    std::string folder;  // relative to the compare folder
  };
  std::string base;
  std::size_t replications = 0;
  std::uint64_t seed = 0;
  bool independent = false;  // --independent: no common random numbers
  std::vector<Scenario> scenarios;
};
std::string format_compare_manifest(const CompareManifest& manifest);
// Reads what a report needs (replications, independent, each scenario's folder); throws
// io::InputError naming the file if it is not as this version writes it.
CompareManifest read_compare_manifest(const std::filesystem::path& file);

// A row of compare.csv read back: an alternative against its base.
struct Difference {
  std::string base;
  std::string alternative;
  ComparisonRow row;
  bool paired = true;  // false for `compare --independent`: no common random numbers
};
// compare.csv read back, with the manifest's replications and pairing; throws io::InputError
// naming the file and row if it is not as format_comparison_csv writes it.
std::vector<Difference> read_comparison_csv(const std::filesystem::path& file,
                                            std::size_t replications, bool paired);

}  // namespace jeugdsim::outputs
