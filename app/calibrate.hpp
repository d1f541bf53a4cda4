#pragma once
// `jeugdsim calibrate`: the values of a scenario's `uncertain:` inputs that agree with its
// `observed:` figures, as a weighted sample (posterior.csv) with the fit per target
// (calibration.json); docs/calibration.md.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace jeugdsim::app {

struct CalibrateOptions {
  std::string file;
  std::optional<std::int64_t> seed;
  std::int64_t budget = 20000;   // simulations in all: Assen with 8 inputs in 2 minutes
  std::int64_t particles = 500;  // per round: the posterior has this many (docs/calibration.md)
  unsigned threads = 0;
  std::string out_dir;
  std::vector<std::string> overrides;
  bool resume = false;  // continue the unfinished calibration in out_dir
  bool screen = false;  // pre-screen proposals with the cohort model where it agrees
  bool quiet = false;
};

// The calibration as `jeugdsim calibrate` runs it (add_calibrate in command.hpp;
// bench_calibrate measures it).
int calibrate_command(const CalibrateOptions& options);

}  // namespace jeugdsim::app
