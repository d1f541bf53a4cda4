#pragma once
// The subcommands of the CLI, each a function of its parsed options.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "jeugdsim/outputs/output_files.hpp"
#include "jeugdsim/outputs/results.hpp"

namespace jeugdsim::app {

using outputs::OutputFiles;

// outputs::kVersion: from project(VERSION) in CMakeLists.txt, the one place it is kept.
inline constexpr std::string_view kVersion = outputs::kVersion;

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;     // the run failed (e.g. an output could not be written)
inline constexpr int kExitInputError = 2;  // what the user gave is wrong; nothing was written

// --report [--lang nl|en] of run, compare and sweep: also write DIR/report.html.
struct ReportRequest {
  bool wanted = false;
  std::string language = "en";
};

struct RunOptions {
  std::string file;
  std::optional<std::int64_t> replications;
  std::optional<std::int64_t> seed;  // the file's range: 0 to 2^63 - 1
  unsigned threads = 0;
  std::string out_dir;
  std::vector<std::string> overrides;
  std::vector<std::string> show;  // metrics to print (all if empty)
  bool quiet = false;
  bool psa = false;  // also rank the uncertain inputs by their effect on the results (psa.csv)
  ReportRequest report;
};

struct ValidateOptions {
  std::string file;
  std::vector<std::string> overrides;
  std::string dot_file;  // --dot: write the care pathway for Graphviz
};

struct CohortOptions {
  std::string file;
  std::vector<std::string> overrides;
  std::string out_dir;
};

struct CompareOptions {
  std::vector<std::string> files;     // the base, then alternatives
  std::vector<std::string> variants;  // NAME:PATH=VALUE, the base with overrides (repeatable)
  std::optional<std::int64_t> replications;
  std::optional<std::int64_t> seed;
  unsigned threads = 0;
  std::string out_dir;
  std::vector<std::string> overrides;  // --set, applied to every scenario
  bool independent = false;            // no common random numbers (for demonstration)
  ReportRequest report;
};

int run_command(const RunOptions& options);
int compare_command(const CompareOptions& options);
int validate_command(const ValidateOptions& options);
int cohort_command(const CohortOptions& options);

struct ReportOptions {
  std::vector<std::string> folders;
  std::string language = "en";
  std::string out;  // default: report.html in the first folder
};

int report_command(const ReportOptions& options);

// --report of a scenario that the report cannot draw is refused before anything runs
// (report::check_reportable).
void check_reportable(const ReportRequest& request, const outputs::RunInfo& info);

// DIR/report.html from the files just written to DIR, if asked for; its path.
std::optional<std::filesystem::path> write_report_if(const ReportRequest& request,
                                                     const std::filesystem::path& folder);

// "Two-stage clinic" -> "two-stage-clinic": a scenario name as a folder name.
std::string folder_name(std::string_view scenario_name);

// Where a command writes: --out if given, else results/<prefix><folder_name(name)>.
std::filesystem::path output_folder(const std::string& out_dir, std::string_view prefix,
                                    std::string_view name);

}  // namespace jeugdsim::app
