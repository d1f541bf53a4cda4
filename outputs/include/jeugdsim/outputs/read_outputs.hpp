#pragma once
// The outputs of `run`, `compare` and `sweep` read back from their folders: what `report`
// draws. Each folder says what made it by the file it holds (summary.json, compare.json or
// sweep.json); the numbers come from the same files a user gets, so a report can be made again
// later, or on another machine, from the folders alone. Each file is read by the header that
// writes it (files.hpp); this one only finds them.

#include <filesystem>
#include <string>
#include <vector>

#include "jeugdsim/outputs/comparison.hpp"
#include "jeugdsim/outputs/results.hpp"
#include "jeugdsim/outputs/sensitivity.hpp"
#include "jeugdsim/outputs/sweep_output.hpp"

namespace jeugdsim::outputs {

// One scenario's results (a `run` folder, or one scenario of a `compare`).
struct ScenarioResult {
  RunInfo info;         // info.scenario is unique within a report
  std::string version;  // of the jeugdsim that wrote it
  std::vector<SummaryRow> rows;
  std::vector<SensitivityRow> psa;  // from psa.csv, if the run had --psa
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

}  // namespace jeugdsim::outputs
