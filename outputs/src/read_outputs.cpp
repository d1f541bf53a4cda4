#include "jeugdsim/outputs/read_outputs.hpp"

#include <map>
#include <set>
#include <string_view>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "jeugdsim/io/input_error.hpp"
#include "jeugdsim/outputs/files.hpp"

namespace jeugdsim::outputs {
namespace {

namespace fs = std::filesystem;

// A run's folder: summary.json, and psa.csv if the run wrote one.
ScenarioResult read_scenario(const fs::path& folder) {
  RunSummary summary = read_summary_json(folder / kSummaryJson);
  ScenarioResult result{
      std::move(summary.info), std::move(summary.version), std::move(summary.rows), {}};
  if (fs::exists(folder / kPsaCsv)) result.psa = read_sensitivity_csv(folder / kPsaCsv);
  return result;
}

// A compare folder: each scenario's summary (in the folder compare.json names) and compare.csv.
void read_compare(const fs::path& folder, ReportData& data) {
  const CompareManifest manifest = read_compare_manifest(folder / kCompareJson);
  for (const auto& s : manifest.scenarios)
    data.scenarios.push_back(read_scenario(folder / s.folder));
  auto differences =
      read_comparison_csv(folder / kCompareCsv, manifest.replications, !manifest.independent);
  data.differences.insert(data.differences.end(), std::make_move_iterator(differences.begin()),
                          std::make_move_iterator(differences.end()));
}

}  // namespace

ReportData read_outputs(const std::vector<std::filesystem::path>& folders) {
  ReportData data;
  std::set<std::string> names;
  // `name`, or, if taken, "name (folder)": two folders may hold results of the same name
  // (Assen, run twice with other --set).
  const auto unique = [&names](const std::string& name, const fs::path& folder) {
    std::string out = name;
    if (names.count(out) > 0) {
      const fs::path tail =
          folder.filename().empty() ? folder.parent_path().filename() : folder.filename();
      const std::string named = name + " (" + tail.string() + ")";
      out = named;
      for (int n = 2; names.count(out) > 0; ++n) out = named + " " + std::to_string(n);
    }
    names.insert(out);
    return out;
  };
  for (const auto& folder : folders) {
    if (!fs::is_directory(folder)) {
      throw io::InputError(folder.string(),
                           "no such folder: give the output folder of "
                           "'jeugdsim run', 'compare' or 'sweep'");
    }
    std::vector<std::string> manifests;
    for (const std::string_view file : {kCompareJson, kSweepJson, kSummaryJson}) {
      if (fs::exists(folder / file)) manifests.emplace_back(file);
    }
    if (manifests.size() > 1) {
      throw io::InputError(folder.string(),
                           fmt::format("holds the results of more than one command "
                                       "({}): give each command its own --out folder",
                                       fmt::join(manifests, ", ")));
    }
    if (manifests.empty()) {
      throw io::InputError(
          folder.string(),
          fs::exists(folder / kSweepPartialFolder)
              ? "an unfinished sweep: finish it with 'jeugdsim sweep ... --resume' first"
              : "no jeugdsim results here: expected summary.json (run), compare.json (compare) "
                "or sweep.json (sweep)");
    }
    const std::size_t first = data.scenarios.size();
    const std::size_t first_difference = data.differences.size();
    if (manifests.front() == kCompareJson) {
      read_compare(folder, data);
    } else if (manifests.front() == kSweepJson) {
      data.sweeps.push_back(read_sweep_output(folder));
      data.sweeps.back().name = unique(data.sweeps.back().name, folder);
    } else {
      data.scenarios.push_back(read_scenario(folder));
    }
    std::map<std::string, std::string> renamed;  // name in compare.csv -> name in the report
    for (std::size_t k = first; k < data.scenarios.size(); ++k) {
      std::string& name = data.scenarios[k].info.scenario;
      const std::string original = name;
      name = unique(name, folder);
      renamed[original] = name;
    }
    for (std::size_t k = first_difference; k < data.differences.size(); ++k) {
      for (std::string* name : {&data.differences[k].base, &data.differences[k].alternative}) {
        if (const auto it = renamed.find(*name); it != renamed.end()) *name = it->second;
      }
    }
  }
  return data;
}

}  // namespace jeugdsim::outputs
