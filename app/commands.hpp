#pragma once
// The subcommands of the CLI, each a function of its parsed options.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace jeugdsim::app {

inline constexpr std::string_view kVersion = "0.1.0";

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;     // the run failed (e.g. an output could not be written)
inline constexpr int kExitInputError = 2;  // what the user gave is wrong; nothing was written

struct RunOptions {
  std::string file;
  std::optional<std::int64_t> replications;
  std::optional<std::int64_t> seed;  // the file's range: 0 to 2^63 - 1
  unsigned threads = 0;
  std::string out_dir;
  std::vector<std::string> overrides;
  std::vector<std::string> show;  // metrics to print (all if empty)
  bool quiet = false;
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

int run_command(const RunOptions& options);
int validate_command(const ValidateOptions& options);
int cohort_command(const CohortOptions& options);

// "Two-stage clinic" -> "two-stage-clinic": a scenario name as a folder name.
std::string folder_name(std::string_view scenario_name);

}  // namespace jeugdsim::app
