#pragma once
// The results of a run as the user gets them: one row per metric x tier x year with its
// across-replication summary; summary.csv and summary.json, written and read back.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "jeugdsim/engine/summary.hpp"
#include "jeugdsim/io/parameter_table.hpp"
#include "jeugdsim/outputs/output_files.hpp"

namespace jeugdsim::outputs {

// What a number measures. `tier` is a station or care tier ("" for the whole system); `year`
// is a calendar year or "all".
struct MetricId {
  std::string metric;
  std::string tier;
  std::string year;
};

struct SummaryRow {
  MetricId id;
  engine::Summary summary;
};

// A figure seen in reality (a scenario's `observed:`), shown next to the simulated one.
struct Observation {
  MetricId id;
  double value;
};

// The program's version (project(VERSION) in CMakeLists.txt), as every output names it.
inline constexpr const char* kVersion = JEUGDSIM_VERSION;

struct RunInfo {
  std::string scenario;  // the scenario's name
  std::string kind;      // "network", ...
  std::string source;    // the scenario file
  std::uint64_t seed = 0;
  std::size_t replications = 0;
  std::vector<std::string> overrides;  // --set arguments, as given
  // What the replications drew their uncertain inputs from: "" (the scenario has none; the
  // replications differ by chance alone), "priors" (its `uncertain:` distributions) or
  // "posterior" (the parameter sets of `posterior`, a posterior.csv of `calibrate`).
  std::string drawn_from;
  std::string posterior;
  std::vector<Observation> observed;
  std::vector<io::Parameter> parameters;  // every value of the scenario as run (for the report)
};

// Summaries of per-replication values: values[r][m] is metric m in replication r.
std::vector<SummaryRow> summarize_replications(const std::vector<MetricId>& metrics,
                                               const std::vector<std::vector<double>>& values);

// The columns of a summary row after the ones that say whose it is.
inline constexpr const char* kSummaryColumns =
    "metric,tier,year,mean,sd,ci_low,ci_high,p025,p05,p50,p95,p975,replications";

// Exactly: scenario,metric,tier,year,mean,sd,ci_low,ci_high,p025,p05,p50,p95,p975,replications.
// ci_low/ci_high: the 95% interval of the mean (Monte Carlo error); p025/p975: 95% of the
// replications (engine/summary.hpp says how the two differ).
// A value that could not be computed is an empty cell, never 0 or NaN.
std::string format_summary_csv(const RunInfo& info, const std::vector<SummaryRow>& rows);

// The rows alone, each starting with `leading` (CSV cells already quoted as needed) and then
// kSummaryColumns: what summary.csv and sweep.csv have in common.
std::string format_summary_rows(const std::string& leading, const std::vector<SummaryRow>& rows);
std::string format_summary_json(const RunInfo& info, const std::vector<SummaryRow>& rows);

// summary.csv and summary.json of one run in `folder` (files.hpp).
OutputFiles summary_files(const std::filesystem::path& folder, const RunInfo& info,
                          const std::vector<SummaryRow>& rows);

// summary.json read back: what ran, the version that wrote it, and the rows. Throws
// io::InputError naming the file if it is not as this version writes it, or not of a
// youth_care scenario (what the report draws).
struct RunSummary {
  RunInfo info;
  std::string version;
  std::vector<SummaryRow> rows;
};
RunSummary read_summary_json(const std::filesystem::path& file);

// The number format of every output: 10 significant digits, locale-independent, so that the
// same numbers always give the same bytes.
std::string format_number(double value);

// A CSV cell (RFC 4180): quoted when it holds a comma, quote or line break.
std::string csv_field(const std::string& text);

}  // namespace jeugdsim::outputs
