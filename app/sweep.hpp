#pragma once
// `jeugdsim sweep`: many variants of one scenario, each run with the same seed and
// replications, into one sweep.csv; resumable, and spread over MPI ranks when started by a
// launcher (see docs/cluster.md).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "command_options.hpp"

namespace jeugdsim::app {

struct SweepOptions {
  std::string file;  // the sweep file (YAML)
  std::optional<std::int64_t> replications;
  std::optional<std::int64_t> seed;
  unsigned threads = 0;
  std::string out_dir;
  std::vector<std::string> overrides;  // --set, applied to every point
  std::string posterior;               // --posterior: every point's inputs from it
  std::vector<std::string> show;       // metrics in the line printed per point
  bool resume = false;
  bool quiet = false;
  ReportRequest report;
};

// The sweep as `jeugdsim sweep` runs it (add_sweep in command.hpp; bench_sweep measures it).
int sweep_command(const SweepOptions& options);

}  // namespace jeugdsim::app
