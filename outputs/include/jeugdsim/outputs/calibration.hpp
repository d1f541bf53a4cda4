#pragma once
// What `jeugdsim calibrate` leaves: posterior.csv, the weighted parameter sets (written here and
// read back here, by --posterior), and calibration.json, how each target is fitted and how the
// rounds went (docs/calibration.md says how to read both).

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "jeugdsim/engine/abc_smc.hpp"

namespace jeugdsim::outputs {

// The accepted parameter sets with their weights: theta[particle][input], each weight > 0,
// summing to 1.
struct Posterior {
  std::vector<std::string> inputs;  // the uncertain inputs' paths, the columns after the weight
  std::vector<std::vector<double>> theta;
  std::vector<double> weight;
  std::vector<double> distance;  // of the simulation that accepted each
};

// "particle,weight,<input>...,distance": one row per particle, numbers in full precision.
std::string format_posterior_csv(const Posterior& posterior);
// Throws io::InputError naming the file (and row) if it is not a posterior.csv of this version.
Posterior read_posterior_csv(const std::filesystem::path& file);

// A 95% interval and its middle.
struct Spread {
  double low = 0.0;
  double median = 0.0;
  double high = 0.0;
};

struct TargetFit {
  std::string label;  // "out_of_home_rate_pct 2017"
  std::string location;
  double observed = 0.0;
  double sd = 0.0;
  Spread prior;      // of one simulation over the prior
  Spread posterior;  // ... over the posterior
  // Whether the observed figure lies inside the posterior predictive 95% interval.
  [[nodiscard]] bool fits() const {
    return posterior.low <= observed && observed <= posterior.high;
  }
};

struct InputFit {
  std::string input;
  std::string prior_text;  // "uniform 0.5 to 1.5"
  Spread prior;
  Spread posterior;
};

struct CalibrationRound {
  double tolerance = 0.0;  // inf for the prior's sample
  std::size_t simulations = 0;
  std::size_t screened = 0;  // proposals the pre-screen left out, not simulated
  std::size_t accepted = 0;
  double effective_size = 0.0;
};

// The pre-screen by the cohort model (docs/calibration.md): the targets it looked at (none: not
// used), how far its distance may fall short of the simulation's, and why, in words.
struct CalibrationScreen {
  std::vector<std::string> targets;
  double allowance = 0.0;
  std::string note;
};

struct Calibration {
  std::string scenario;
  std::string source;
  std::uint64_t seed = 0;
  std::size_t particles = 0;
  std::size_t budget = 0;
  double final_tolerance = 0.0;
  bool reached = false;  // whether a round reached the final tolerance
  std::string stop;      // why the rounds ended, in words
  std::size_t simulations = 0;
  std::size_t invalid = 0;  // proposals that were not a valid scenario (never accepted)
  double effective_size = 0.0;
  std::vector<CalibrationRound> rounds;
  CalibrationScreen screen;
  std::vector<TargetFit> targets;
  std::vector<InputFit> inputs;
};

std::string format_calibration_json(const Calibration& calibration);

// A finished round of an unfinished calibration, kept in DIR/calibration.partial/ so that
// `calibrate --resume` continues where it stopped, exactly (every number reads back as the same
// double). `targets[p]` are particle p's simulated target values, for the predictive intervals.
struct CalibrationCheckpoint {
  engine::AbcPopulation population;
  std::size_t invalid = 0;  // proposals of this round that were not a valid scenario
  std::vector<std::vector<double>> targets;
};
std::string format_calibration_checkpoint(const CalibrationCheckpoint& checkpoint);
// Throws io::InputError naming the file if it is not as format_calibration_checkpoint writes it.
CalibrationCheckpoint read_calibration_checkpoint(const std::filesystem::path& file);
// The same from the file's text (as another MPI rank was sent it); `file` names it in errors.
CalibrationCheckpoint parse_calibration_checkpoint(const std::string& text,
                                                   const std::filesystem::path& file);

}  // namespace jeugdsim::outputs
