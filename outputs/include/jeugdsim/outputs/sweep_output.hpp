#pragma once
// A sweep's two files (files.hpp), written and read back here: sweep.csv, one summary row per
// point x metric with the point's number and values in front, and sweep.json, what a report
// needs besides it to draw and reproduce the sweep.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "jeugdsim/io/parameter_table.hpp"
#include "jeugdsim/outputs/results.hpp"

namespace jeugdsim::outputs {

struct SweepManifest {
  std::string name;        // the sweep's
  std::string version;     // of the jeugdsim that wrote it (on reading; writing takes kVersion)
  std::string scenario;    // the base scenario's name
  std::string kind;        // the base scenario's kind
  std::string sweep_file;  // as given to `jeugdsim sweep`
  std::string base_file;
  std::size_t replications = 0;
  std::uint64_t seed = 0;
  std::vector<std::string> overrides;  // --set
  std::string drawn_from;          // what the points' replications drew their inputs from (RunInfo)
  std::string posterior;           // --posterior, if given
  std::vector<std::string> swept;  // the swept paths
  std::vector<io::Parameter> parameters;  // the base's; sweep.json leaves out the swept paths
};

// sweep.json. A parameter of a swept path, or one that holds it (costs = {admin_overhead_pct: 5}
// when costs.admin_overhead_pct is swept), is left out: it would show point 1's value as if it
// were fixed.
std::string format_sweep_manifest(const SweepManifest& manifest);

// sweep.csv: "point", the swept paths, then kSummaryColumns; each point's rows begin with the
// point's number (1-based) and its values.
std::string format_sweep_header(const std::vector<std::string>& swept);
std::string format_sweep_leading_cells(std::size_t point, const std::vector<std::string>& values);

struct SweepRow {
  std::size_t point = 0;            // 1-based, as in sweep.csv
  std::vector<std::string> values;  // per swept path, as YAML text
  SummaryRow row;
};

struct SweepResult : SweepManifest {
  std::vector<SweepRow> rows;
};

// sweep.json and sweep.csv of `folder` read back; throws io::InputError naming the file (and
// row) if either is not as this version writes it, or not of a youth_care scenario.
SweepResult read_sweep_output(const std::filesystem::path& folder);

}  // namespace jeugdsim::outputs
