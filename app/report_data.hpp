#pragma once
// The outputs of `run`, `compare` and `sweep` read back from their folders: what `report`
// draws. Each folder says what made it by the file it holds (summary.json, compare.json or
// sweep.json); the numbers come from the same files a user gets, so a report can be made again
// later, or on another machine, from the folders alone.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "jeugdsim/io/comparison.hpp"
#include "jeugdsim/io/parameter_table.hpp"
#include "jeugdsim/io/results.hpp"
#include "jeugdsim/io/sensitivity.hpp"

namespace jeugdsim::app {

// One scenario's results (a `run` folder, or one scenario of a `compare`).
struct ScenarioResult {
  io::RunInfo info;     // info.scenario is unique within a report
  std::string version;  // of the jeugdsim that wrote it
  std::vector<io::SummaryRow> rows;
  std::vector<io::SensitivityRow> psa;  // from psa.csv, if the run had --psa
};

// compare.csv: an alternative against its base.
struct Difference {
  std::string base;
  std::string alternative;
  io::ComparisonRow row;
  bool paired = true;  // false for `compare --independent`: no common random numbers
};

struct SweepRow {
  std::size_t point = 0;            // 1-based, as in sweep.csv
  std::vector<std::string> values;  // per swept path, as YAML text
  io::SummaryRow row;
};

struct SweepResult {
  std::string name;
  std::string version;
  std::string scenario;    // the base scenario's name
  std::string sweep_file;  // as given to `jeugdsim sweep`
  std::string base_file;
  std::size_t replications = 0;
  std::uint64_t seed = 0;
  std::vector<std::string> overrides;     // --set
  std::vector<std::string> swept;         // the swept paths
  std::vector<io::Parameter> parameters;  // the base's, but for the swept paths
  std::vector<SweepRow> rows;
};

struct ReportData {
  std::vector<ScenarioResult> scenarios;
  std::vector<Difference> differences;
  std::vector<SweepResult> sweeps;
};

// Reads each folder. Throws io::InputError naming the folder or file when a folder holds no
// jeugdsim output or the outputs of two commands, a file is malformed, or the results are not
// of a youth_care scenario. Scenario and sweep names are made unique (a later one of the same
// name gets its folder's name added).
ReportData read_outputs(const std::vector<std::filesystem::path>& folders);

}  // namespace jeugdsim::app
