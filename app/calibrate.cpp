// `jeugdsim calibrate`: which values of a scenario's uncertain inputs could have produced what
// its `observed:` section says was seen, as a weighted sample (DIR/posterior.csv) found by
// ABC-SMC (engine/abc_smc.hpp), with how well each target is met (DIR/calibration.json and a
// printed table). The method and how to read the result: docs/calibration.md.
//
// Under mpirun or srun every rank runs the same rounds: each simulates its block of every batch
// of proposals, and all ranks receive all the batch's results (Cluster::share_rows), so every
// rank accepts the same particles; rank 0 alone prints and writes. The posterior depends on the
// seed, the file and the settings only, not on the number of ranks or threads.

#include "calibrate.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <boost/math/distributions/chi_squared.hpp>
#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "cluster.hpp"
#include "command.hpp"
#include "command_options.hpp"
#include "exit_codes.hpp"
#include "interrupt.hpp"
#include "jeugdsim/engine/abc_smc.hpp"
#include "jeugdsim/engine/fnv1a.hpp"
#include "jeugdsim/engine/runner.hpp"
#include "jeugdsim/io/input_error.hpp"
#include "jeugdsim/io/shell_word.hpp"
#include "jeugdsim/outputs/atomic_file.hpp"
#include "jeugdsim/outputs/calibration.hpp"
#include "jeugdsim/outputs/files.hpp"
#include "jeugdsim/outputs/output_files.hpp"
#include "output_folder.hpp"
#include "progress.hpp"
#include "scenario_runs.hpp"

namespace jeugdsim::app {
namespace {

// The final tolerance leaves out this share of the Gaussian observation errors' mass, so that the
// reweighted last round is the posterior under those errors but for it (docs/calibration.md).
constexpr double kLeftOut = 0.001;

using Options = CalibrateOptions;

// What calibrate needs of the scenario, checked before anything runs.
void check_calibratable(const models::Model& model, const Options& options) {
  const std::string& file = model.info.source;
  if (model.targets.empty()) {
    throw io::InputError(
        file,
        "nothing to calibrate against: the scenario has no 'observed:' figures "
        "(docs/scenarios.md, section 'observed'), e.g. observed: {out_of_home_rate_pct: "
        "{2017: {value: 1.9, sd: 0.1}}}");
  }
  if (model.priors.empty()) {
    throw io::InputError(file,
                         "nothing to calibrate: the scenario has no 'uncertain:' inputs, whose "
                         "distributions are the priors (docs/scenarios.md, section 'uncertain')");
  }
  for (std::size_t i = 0; i < model.priors.size(); ++i) {
    const auto& prior = model.priors[i].distribution;
    if (!prior.density(prior.mean())) {
      throw io::InputError(
          model.priors[i].location,
          fmt::format("'{}' is {}, which has no density: calibrate needs a prior it can weigh "
                      "(uniform, exponential, lognormal, gamma or weibull)",
                      model.inputs[i], prior.name()));
    }
  }
  if (options.particles < 20) {
    throw io::InputError("--particles", fmt::format("must be at least 20, not {}: fewer cannot "
                                                    "say where a 95% interval lies",
                                                    options.particles));
  }
  if (options.budget < 2 * options.particles) {
    throw io::InputError(
        "--budget",
        fmt::format("{} simulations cannot calibrate with {} particles: the priors' round alone "
                    "takes {}, and each later round at least as many; give --budget {} or more "
                    "(the default is {})",
                    options.budget, options.particles, options.particles, 2 * options.particles,
                    CalibrateOptions{}.budget));
  }
}

// One simulation's value for each target: the mean of the values it averages (NaN if one is).
std::vector<double> target_values(const std::vector<models::Target>& targets,
                                  const std::vector<double>& values) {
  std::vector<double> out;
  out.reserve(targets.size());
  for (const auto& target : targets) {
    double sum = 0.0;
    for (const std::size_t index : target.values) sum += values[index];
    out.push_back(sum / static_cast<double>(target.values.size()));
  }
  return out;
}

// How far a simulation lands from the observations, in their standard deviations:
// sqrt(sum ((simulated - observed) / sd)^2). NaN when a target has no value.
double distance(const std::vector<models::Target>& targets, const std::vector<double>& simulated) {
  double sum = 0.0;
  for (std::size_t i = 0; i < targets.size(); ++i) {
    const double z = (simulated[i] - targets[i].value) / targets[i].sd;
    sum += z * z;
  }
  return std::sqrt(sum);
}

// The simulations' target values, kept per simulation for the predictive intervals; and how many
// proposals were not a valid scenario (a probability above 1, say), which are never accepted.
struct Simulated {
  std::map<std::uint64_t, std::vector<double>> targets;
  std::size_t invalid = 0;
  std::optional<engine::AbcProposal> first_invalid;  // simulated again to say why it is invalid
};

// Why `proposal` is not a valid scenario: the error its simulation throws.
std::string why_invalid(const models::Model& model, const engine::AbcProposal& proposal) {
  try {
    (void)model.simulate_at(proposal.theta, proposal.simulation);
  } catch (const io::InputError& e) {
    return e.what();
  }
  return "(valid when simulated again)";  // unreachable: simulations are deterministic
}

// Rows of `width` values for items 0..count-1, row(k) each: this rank's block of the items on
// its threads, then every rank's rows, on every rank, in item order. A failure on any rank stops
// all with the same error; a signal, with interrupted(signal).
template <class Row, class Interrupted>
std::vector<std::vector<double>> rows_everywhere(const Cluster& cluster, unsigned threads,
                                                 std::size_t count, std::size_t width, Row&& row,
                                                 Interrupted&& interrupted) {
  engine::RunnerOptions runner;
  runner.threads = threads;
  runner.stop = [] { return pending_signal() != 0; };
  const Cluster::Block block = cluster.block_of(count);
  std::vector<std::vector<double>> mine;
  together(cluster, [&] {
    try {
      mine = engine::run_replications(block.count, runner,
                                      [&](std::size_t k) { return row(block.first + k); });
    } catch (const engine::Stopped&) {
      throw interrupted(pending_signal());
    }
  });
  std::vector<double> flat;
  flat.reserve(block.count * width);
  for (const auto& r : mine) flat.insert(flat.end(), r.begin(), r.end());
  const std::vector<double> all = cluster.share_rows(flat, width);
  std::vector<std::vector<double>> rows;
  rows.reserve(count);
  for (auto r = all.begin(); r != all.end(); r += static_cast<std::ptrdiff_t>(width)) {
    rows.emplace_back(r, r + static_cast<std::ptrdiff_t>(width));
  }
  return rows;
}

// The cohort model as a pre-screen (lazy ABC, engine/abc_smc.hpp; docs/calibration.md). Where
// it agrees with the simulation on a target (within kAgreementSd observation sds at
// kAgreementShare of the priors' draws, which the first round simulated anyway), its distance on
// those targets, less the most it fell short of the simulation's there, is a cheap lower estimate
// of a proposal's distance: a proposal whose estimate exceeds the round's tolerance is simulated
// with probability kScreenChance only, and weighs 1/kScreenChance if accepted, so the posterior is
// unchanged.
class Screen {
 public:
  static constexpr double kScreenChance = 0.1;
  static constexpr double kAgreementSd = 2.0;
  static constexpr double kAgreementShare = 0.95;

  // From the first round's particles: their simulated target values and the cheap model's (NaN
  // where it has none).
  Screen(const std::vector<models::Target>& targets,
         const std::vector<std::vector<double>>& simulated,
         const std::vector<std::vector<double>>& cheap_values)
      : targets_(targets) {
    for (std::size_t i = 0; i < targets.size(); ++i) {
      std::vector<double> misses;
      for (std::size_t k = 0; k < simulated.size(); ++k) {
        misses.push_back(std::abs(cheap_values[k][i] - simulated[k][i]) / targets[i].sd);
      }
      const bool agrees =
          !misses.empty() &&
          std::none_of(misses.begin(), misses.end(), [](double m) { return std::isnan(m); }) &&
          engine::weighted_quantile(misses, std::vector<double>(misses.size(), 1.0),
                                    kAgreementShare) <= kAgreementSd;
      if (agrees) used_.push_back(i);
    }
    double& allowance = description_.allowance;
    for (std::size_t k = 0; k < simulated.size(); ++k) {
      allowance = std::max(allowance, distance_on(cheap_values[k]) - distance_on(simulated[k]));
    }
    for (const std::size_t i : used_) description_.targets.push_back(targets[i].label);
    description_.note =
        used_.empty()
            ? fmt::format(
                  "not used: the cohort model gives none of the targets within {:g} sd of "
                  "the simulation at {:.0f}% of the priors' draws",
                  kAgreementSd, 100.0 * kAgreementShare)
            : fmt::format(
                  "the cohort model on {} of the {} targets (within {:g} sd of the "
                  "simulation at {:.0f}% of the priors' draws); a proposal it places "
                  "beyond the tolerance (less {:.3g}) is simulated with probability {:g}",
                  used_.size(), targets.size(), kAgreementSd, 100.0 * kAgreementShare, allowance,
                  kScreenChance);
  }

  [[nodiscard]] bool used() const { return !used_.empty(); }
  [[nodiscard]] const outputs::CalibrationScreen& description() const { return description_; }

  // The probability of simulating a proposal whose cheap target values are `cheap`.
  [[nodiscard]] double chance(const std::vector<double>& cheap, double tolerance) const {
    const double estimate = distance_on(cheap) - description_.allowance;
    return estimate > tolerance ? kScreenChance : 1.0;  // NaN: simulated
  }

 private:
  // The distance on the targets the screen uses, in their sds.
  [[nodiscard]] double distance_on(const std::vector<double>& values) const {
    double sum = 0.0;
    for (const std::size_t i : used_) {
      const double z = (values[i] - targets_[i].value) / targets_[i].sd;
      sum += z * z;
    }
    return std::sqrt(sum);
  }

  const std::vector<models::Target>& targets_;
  std::vector<std::size_t> used_;
  outputs::CalibrationScreen description_;  // its allowance is the one chance() subtracts
};

std::string read_text(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in) throw io::InputError(file.string(), "cannot read the file");
  return text.str();
}

outputs::Spread spread(const std::vector<double>& values, const std::vector<double>& weights) {
  return outputs::Spread{engine::weighted_quantile(values, weights, 0.025),
                         engine::weighted_quantile(values, weights, 0.5),
                         engine::weighted_quantile(values, weights, 0.975)};
}

// Target i of each particle of `population` (those that have it), with their weights.
outputs::Spread predictive(const engine::AbcPopulation& population, const Simulated& simulated,
                           std::size_t i) {
  std::vector<double> values;
  std::vector<double> weights;
  for (std::size_t p = 0; p < population.size(); ++p) {
    const double value = simulated.targets.at(population.simulation[p])[i];
    if (std::isnan(value)) continue;
    values.push_back(value);
    weights.push_back(population.weight[p]);
  }
  if (values.empty()) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    return {nan, nan, nan};
  }
  return spread(values, weights);
}

outputs::Spread input_spread(const engine::AbcPopulation& population, std::size_t i) {
  std::vector<double> values;
  for (const auto& theta : population.theta) values.push_back(theta[i]);
  return spread(values, population.weight);
}

// "uniform 0.3 to 0.9", "lognormal mean 90, sd 60": a prior as the table and calibration.json
// state it.
std::string prior_text(const engine::Distribution& prior) {
  if (const auto* uniform = std::get_if<engine::Uniform>(&prior.family())) {
    return fmt::format("uniform {:.4g} to {:.4g}", uniform->min, uniform->max);
  }
  return fmt::format("{} mean {:.4g}, sd {:.4g}", prior.name(), prior.mean(),
                     std::sqrt(prior.variance()));
}

std::string stop_text(engine::AbcStop stop) {
  switch (stop) {
    case engine::AbcStop::tolerance_reached:
      return "a round reached the final tolerance";
    case engine::AbcStop::acceptance_low:
      return "a round accepted too few of its simulations";
    case engine::AbcStop::budget_spent:
      return "the budget was spent (the unfinished round was dropped)";
    case engine::AbcStop::stopped:
      return "stopped";
  }
  return "";
}

// "0.0191 [0.0172, 0.0213]", as the table prints an interval.
std::string interval_text(const outputs::Spread& s) {
  if (std::isnan(s.median)) return "-";
  return fmt::format("{:.4g} [{:.4g}, {:.4g}]", s.median, s.low, s.high);
}

void print_tables(const outputs::Calibration& c) {
  std::size_t width = std::string_view("target").size();
  for (const auto& t : c.targets) width = std::max(width, t.label.size());
  fmt::print(
      "\n{}: calibrated on {} target{} with {} simulations ({} rounds, effective sample "
      "size {:.0f} of {} particles)\n",
      c.scenario, c.targets.size(), c.targets.size() == 1 ? "" : "s", c.simulations,
      c.rounds.size(), c.effective_size, c.particles);
  std::size_t screened = 0;
  for (const auto& round : c.rounds) screened += round.screened;
  fmt::print("pre-screen: {}{}\n", c.screen.note,
             c.screen.targets.empty()
                 ? ""
                 : fmt::format("; it left out {} proposals, whose simulations it saved", screened));
  fmt::print("predictive: median [95% interval] of one simulation\n\n");
  fmt::print("{:<{}}  {:>20}  {:>32}  {:>32}  {}\n", "target", width, "observed (sd)",
             "prior predictive", "posterior predictive", "fit");
  for (const auto& t : c.targets) {
    fmt::print("{:<{}}  {:>20}  {:>32}  {:>32}  {}\n", t.label, width,
               fmt::format("{:.4g} ({:.2g})", t.observed, t.sd), interval_text(t.prior),
               interval_text(t.posterior), t.fits() ? "yes" : "NO");
  }
  width = std::string_view("input").size();
  for (const auto& i : c.inputs) width = std::max(width, i.input.size());
  std::size_t prior_width = std::string_view("prior").size();
  for (const auto& i : c.inputs) prior_width = std::max(prior_width, i.prior_text.size());
  fmt::print("\n{:<{}}  {:<{}}  {:>32}  {:>32}\n", "input", width, "prior", prior_width,
             "prior sample", "posterior");
  for (const auto& i : c.inputs) {
    fmt::print("{:<{}}  {:<{}}  {:>32}  {:>32}\n", i.input, width, i.prior_text, prior_width,
               interval_text(i.prior), interval_text(i.posterior));
  }
}

namespace fs = std::filesystem;

// DIR/calibration.partial: the finished rounds of a calibration until it is whole, each in a file
// of its own, written as the round ends, so that an interrupted calibration continues with
// --resume exactly as if it had not stopped. plan.txt says which calibration they belong to.
// Every rank keeps the count; rank 0 alone touches the files.
class Checkpoints {
 public:
  Checkpoints(const Cluster& cluster, fs::path folder, std::string plan)
      : cluster_(cluster), folder_(std::move(folder)), made_(folder_), plan_(std::move(plan)) {
    // The topmost folder this run makes: what discard() removes, so that a calibration that
    // leaves nothing leaves no empty folders either.
    for (fs::path p = folder_.parent_path(); !p.empty() && !fs::exists(p); p = p.parent_path()) {
      made_ = p;
    }
  }

  // Collective. The rounds an earlier, interrupted run of the same plan finished (none without
  // --resume), on every rank; starts the folder afresh when there are none.
  std::vector<outputs::CalibrationCheckpoint> prepare(bool resume) {
    std::vector<std::string> texts;
    together(cluster_, [&] {
      if (cluster_.is_root()) texts = prepare_files(resume);
    });
    std::string count = std::to_string(texts.size());
    cluster_.broadcast(count);
    texts.resize(std::stoul(count));
    std::vector<outputs::CalibrationCheckpoint> rounds;
    for (std::size_t t = 0; t < texts.size(); ++t) {
      cluster_.broadcast(texts[t]);
      rounds.push_back(outputs::parse_calibration_checkpoint(texts[t], round_file(t)));
    }
    kept_ = rounds.size();
    return rounds;
  }

  void keep(const outputs::CalibrationCheckpoint& round) {
    if (cluster_.is_root()) {
      outputs::write_file_atomically(round_file(round.population.round),
                                     outputs::format_calibration_checkpoint(round));
    }
    ++kept_;
  }
  [[nodiscard]] std::size_t kept() const { return kept_; }
  [[nodiscard]] const fs::path& folder() const { return folder_; }
  // Removes the checkpoints, and the folders this run made for them if nothing else is there.
  void discard() const {
    if (!cluster_.is_root()) return;
    std::error_code ignored;  // a folder that cannot be removed is no reason to fail the run
    fs::remove_all(folder_, ignored);
    for (fs::path p = folder_.parent_path(); made_ != folder_ && fs::is_empty(p, ignored);
         p = p.parent_path()) {
      fs::remove(p, ignored);
      if (p == made_) break;
    }
  }

 private:
  // The texts of the finished rounds on disk.
  std::vector<std::string> prepare_files(bool resume) {
    const fs::path plan_file = folder_ / "plan.txt";
    std::size_t on_disk = 0;
    if (fs::exists(plan_file)) {
      while (fs::exists(round_file(on_disk))) ++on_disk;
    }
    if (on_disk > 0 && !resume) {
      throw io::InputError(folder_.string(),
                           fmt::format("an unfinished calibration is here ({} of its rounds "
                                       "finished); continue it with --resume, or delete this "
                                       "folder to start again",
                                       on_disk));
    }
    std::vector<std::string> rounds;
    if (on_disk == 0) {
      if (resume) {
        throw io::InputError("--resume", fmt::format("there is no unfinished calibration in {} "
                                                     "to continue",
                                                     folder_.parent_path().string()));
      }
      fs::remove_all(folder_);
      outputs::write_file_atomically(plan_file, plan_);
      return rounds;
    }
    if (read_text(plan_file) != plan_) {
      throw io::InputError(plan_file.string(),
                           "the unfinished calibration here is not this one (the scenario, --set, "
                           "--seed, --particles or the jeugdsim version differ); use another "
                           "--out, or delete " +
                               folder_.string() + " to start again");
    }
    for (std::size_t t = 0; t < on_disk; ++t) rounds.push_back(read_text(round_file(t)));
    return rounds;
  }

  [[nodiscard]] fs::path round_file(std::size_t t) const {
    return folder_ / fmt::format("round-{:03}.json", t);
  }
  const Cluster& cluster_;
  fs::path folder_;
  fs::path made_;
  std::string plan_;
  std::size_t kept_ = 0;
};

// Which calibration checkpoints belong to: everything that decides its rounds but the budget
// (which only decides when they stop, so a resumed calibration may be given a larger one).
std::string plan_text(const io::Document& document, const engine::AbcSettings& settings,
                      bool screen) {
  return fmt::format("jeugdsim {}\nscenario {:016x}\nseed {}\nparticles {}\nscreen {}\n",
                     outputs::kVersion, engine::fnv1a64(YAML::Dump(document.root())), settings.seed,
                     settings.particles, screen ? "cohort" : "off");
}

// The command that continues this calibration.
std::string resume_command(const Options& options, const fs::path& out) {
  std::string command = "jeugdsim calibrate " + io::shell_word(options.file);
  if (options.seed) command += " --seed " + std::to_string(*options.seed);
  command += " --budget " + std::to_string(options.budget);
  command += " --particles " + std::to_string(options.particles);
  for (const auto& assignment : options.overrides) {
    command += " --set " + io::shell_word(assignment);
  }
  if (options.screen) command += " --screen";
  return command + " --out " + io::shell_word(out.string()) + " --resume";
}

}  // namespace

int calibrate_command(const Options& options) {
  const Cluster& cluster = Cluster::current();
  const io::Document document =
      load_document(options.file, options.overrides, std::nullopt, named(options.seed, "--seed"));
  models::Model model = load_runnable(document);
  if (cluster.is_root()) print_warnings(model);
  check_calibratable(model, options);
  const auto& targets = model.targets;

  engine::AbcSettings settings;
  settings.particles = static_cast<std::size_t>(options.particles);
  settings.budget = static_cast<std::size_t>(options.budget);
  settings.seed = model.info.seed;
  const boost::math::chi_squared chi2(static_cast<double>(targets.size()));
  settings.final_tolerance = std::sqrt(boost::math::quantile(chi2, 1.0 - kLeftOut));
  std::vector<engine::Distribution> priors;
  for (const auto& prior : model.priors) priors.push_back(prior.distribution);

  const fs::path out = output_folder(options.out_dir, "calibrate-", model.info.scenario);
  Checkpoints checkpoints(cluster, out / outputs::kCalibrationPartialFolder,
                          plan_text(document, settings, options.screen));
  std::vector<engine::AbcPopulation> finished;
  Simulated simulated;
  for (auto& round : checkpoints.prepare(options.resume)) {
    for (std::size_t p = 0; p < round.population.size(); ++p) {
      simulated.targets[round.population.simulation[p]] = std::move(round.targets[p]);
    }
    simulated.invalid += round.invalid;
    finished.push_back(std::move(round.population));
  }

  const unsigned threads = engine::resolve_thread_count(
      options.threads > 0 ? options.threads : cluster.default_threads(), settings.particles);
  // Stopped by a signal: the finished rounds stay for --resume; without any, nothing is left
  // (the caller discards the checkpoint folder).
  std::size_t round_now = finished.size();
  const auto interrupted = [&](int signal) {
    const std::string where =
        fmt::format("interrupted by {} in round {}", signal_name(signal), round_now);
    if (checkpoints.kept() == 0) {
      return Interrupted(signal, where +
                                     ": stopped after the simulations in flight; nothing was "
                                     "written");
    }
    return Interrupted(
        signal, fmt::format("{}: the {} finished round{} kept in {}; this "
                            "continues the calibration: {}",
                            where, checkpoints.kept(), checkpoints.kept() == 1 ? " is" : "s are",
                            checkpoints.folder().string(), resume_command(options, out)));
  };
  // A batch's simulations, this rank's block of them on its threads; each row is a validity
  // flag (1: the drawn inputs broke a rule of the file) and the target values.
  const std::size_t width = 1 + targets.size();
  const engine::AbcDistances distances = [&](const std::vector<engine::AbcProposal>& proposals) {
    const auto rows = rows_everywhere(
        cluster, threads, proposals.size(), width,
        [&](std::size_t k) {
          std::vector<double> row(width, std::numeric_limits<double>::quiet_NaN());
          try {
            const auto output = model.simulate_at(proposals[k].theta, proposals[k].simulation);
            const std::vector<double> values = target_values(targets, output.values);
            row[0] = 0.0;
            std::copy(values.begin(), values.end(), row.begin() + 1);
          } catch (const io::InputError&) {
            row[0] = 1.0;
          }
          return row;
        },
        interrupted);
    std::vector<double> distances_found;
    for (std::size_t k = 0; k < proposals.size(); ++k) {
      const std::vector<double>& row = rows[k];
      if (row[0] != 0.0) {
        if (simulated.invalid++ == 0) simulated.first_invalid = proposals[k];
        distances_found.push_back(std::numeric_limits<double>::quiet_NaN());
        continue;
      }
      std::vector<double> values(row.begin() + 1, row.end());
      distances_found.push_back(distance(targets, values));
      simulated.targets[proposals[k].simulation] = std::move(values);
    }
    return distances_found;
  };

  // Counted against the budget: the rounds may end sooner, so the estimate is an upper bound.
  Progress progress("calibrating", threads * static_cast<unsigned>(cluster.size()),
                    cluster.is_root() && !options.quiet, "simulations at most");
  // The pre-screen, decided when the first round is there (Screen).
  std::vector<std::vector<double>> first_theta;  // the first round's particles
  std::vector<std::vector<double>> first_targets;
  const auto keep_first = [&](const engine::AbcPopulation& round) {
    first_theta = round.theta;
    for (const std::uint64_t simulation : round.simulation) {
      first_targets.push_back(simulated.targets.at(simulation));
    }
  };
  if (!finished.empty()) keep_first(finished.front());
  // The cohort's target values at each parameter set (NaN where it gives none).
  const auto cheap_values = [&](const std::vector<std::vector<double>>& thetas) {
    return rows_everywhere(
        cluster, threads, thetas.size(), targets.size(),
        [&](std::size_t k) {
          try {
            return target_values(targets, model.expected_at(thetas[k]));
          } catch (const io::InputError&) {
            return std::vector<double>(targets.size(), std::numeric_limits<double>::quiet_NaN());
          }
        },
        interrupted);
  };
  engine::AbcCallbacks callbacks;
  std::size_t invalid_before = simulated.invalid;  // at the start of the round under way
  callbacks.on_round = [&](const engine::AbcPopulation& round) {
    outputs::CalibrationCheckpoint kept{round, simulated.invalid - invalid_before, {}};
    for (const std::uint64_t simulation : round.simulation) {
      kept.targets.push_back(simulated.targets.at(simulation));
    }
    together(cluster, [&] { checkpoints.keep(kept); });
    if (round.round == 0) keep_first(round);
    invalid_before = simulated.invalid;
    round_now = round.round + 1;
  };
  callbacks.on_batch = [&](std::size_t round, std::size_t accepted, std::size_t simulations) {
    progress.relabel(fmt::format("round {}, {}/{} accepted,", round, accepted, settings.particles));
    progress.update(simulations, settings.budget);
  };
  std::optional<Screen> screen;
  if (options.screen && model.expected_at) {
    callbacks.screen = [&](const std::vector<engine::AbcProposal>& proposals, double tolerance) {
      if (!screen) screen.emplace(targets, first_targets, cheap_values(first_theta));
      std::vector<double> chances(proposals.size(), 1.0);
      if (!screen->used()) return chances;
      std::vector<std::vector<double>> thetas;
      for (const auto& proposal : proposals) thetas.push_back(proposal.theta);
      const auto cheap = cheap_values(thetas);
      for (std::size_t k = 0; k < proposals.size(); ++k) {
        chances[k] = screen->chance(cheap[k], tolerance);
      }
      return chances;
    };
  }

  // Collective, so that all ranks stop before the same batch: whether any rank was signalled.
  int stop_signal = 0;
  callbacks.stop = [&] {
    std::optional<Failure> mine;
    if (const int signal = pending_signal(); signal != 0) mine = Failure{false, "", "", signal};
    const auto agreed = cluster.agree(mine);
    if (agreed) stop_signal = agreed->signal;
    return agreed.has_value();
  };
  engine::AbcResult result;
  try {
    result = engine::abc_smc(priors, settings, distances, callbacks, std::move(finished));
  } catch (...) {
    progress.clear();
    if (checkpoints.kept() == 0) checkpoints.discard();
    throw;
  }
  progress.clear();
  if (result.stop == engine::AbcStop::stopped) {
    if (checkpoints.kept() == 0) checkpoints.discard();
    throw interrupted(stop_signal);
  }
  if (result.rounds.empty()) {
    checkpoints.discard();
    throw io::InputError(
        model.info.source,
        fmt::format("no round finished within --budget {}: {} of {} simulations were not a "
                    "valid scenario (their drawn inputs broke a rule of the file); narrow the "
                    "priors under 'uncertain:' or raise --budget{}",
                    settings.budget, simulated.invalid, result.simulations,
                    simulated.first_invalid
                        ? "; the first: " + why_invalid(model, *simulated.first_invalid)
                        : std::string()));
  }

  const engine::AbcPopulation& prior = result.rounds.front();
  const engine::AbcPopulation posterior = engine::with_gaussian_error(result.rounds.back());

  outputs::Calibration c;
  c.scenario = model.info.scenario;
  c.source = model.info.source;
  c.seed = settings.seed;
  c.particles = settings.particles;
  c.budget = settings.budget;
  c.final_tolerance = settings.final_tolerance;
  c.reached = result.rounds.back().tolerance <= settings.final_tolerance;
  c.stop = stop_text(result.stop);
  if (screen) {
    c.screen = screen->description();
  } else {
    c.screen.note = !options.screen      ? "off (no --screen)"
                    : !model.expected_at ? "not available for this kind of scenario"
                                         : "not needed: the rounds ended with the first";
  }
  c.simulations = result.simulations;
  c.invalid = simulated.invalid;
  c.effective_size = posterior.effective_size();
  for (const auto& round : result.rounds) {
    c.rounds.push_back(outputs::CalibrationRound{round.tolerance, round.simulations, round.screened,
                                                 round.size(), round.effective_size()});
  }
  for (std::size_t i = 0; i < targets.size(); ++i) {
    c.targets.push_back(outputs::TargetFit{targets[i].label, targets[i].location, targets[i].value,
                                           targets[i].sd, predictive(prior, simulated, i),
                                           predictive(posterior, simulated, i)});
  }
  for (std::size_t i = 0; i < model.inputs.size(); ++i) {
    c.inputs.push_back(outputs::InputFit{model.inputs[i], prior_text(model.priors[i].distribution),
                                         input_spread(prior, i), input_spread(posterior, i)});
  }
  outputs::Posterior sample;
  sample.inputs = model.inputs;
  for (std::size_t p = 0; p < posterior.size(); ++p) {
    if (!(posterior.weight[p] > 0.0))
      continue;  // carries nothing (and read_posterior_csv refuses it)
    sample.theta.push_back(posterior.theta[p]);
    sample.weight.push_back(posterior.weight[p]);
    sample.distance.push_back(posterior.distance[p]);
  }

  const outputs::OutputFiles files = {
      {out / outputs::kPosteriorCsv, outputs::format_posterior_csv(sample)},
      {out / outputs::kCalibrationJson, outputs::format_calibration_json(c)}};
  together(cluster, [&] {
    if (cluster.is_root()) outputs::write_all(files);
  });
  checkpoints.discard();  // the calibration is whole: nothing left to resume
  if (!cluster.is_root()) return kExitOk;

  if (!c.reached) {
    fmt::print(stderr,
               "jeugdsim: warning: the rounds ended before the final tolerance ({:.3g}; the last "
               "round's was {:.3g}) because {}: the posterior is right, but rests on an effective "
               "sample of {:.0f}; a larger --budget makes it firmer\n",
               c.final_tolerance, result.rounds.back().tolerance, c.stop, c.effective_size);
  }
  if (!options.quiet) {
    print_tables(c);
    fmt::print("\nwrote {}\n", outputs::written_list(files, std::nullopt));
  }
  return kExitOk;
}

Command add_calibrate(CLI::App& cli) {
  auto options = std::make_shared<Options>();
  const Options defaults;
  CLI::App* app = cli.add_subcommand(
      "calibrate",
      "Find which values of the scenario's 'uncertain:' inputs (the priors) agree with its\n"
      "'observed:' figures, by ABC-SMC; write posterior.csv (weighted parameter sets) and\n"
      "calibration.json (the fit per target). docs/calibration.md.\n"
      "Example: jeugdsim calibrate scenarios/assen.yaml --budget 20000 --threads 2");
  app->add_option("file", options->file, "Scenario file (YAML)")->required();
  add_seed_and_threads(app, options->seed, options->threads, "", "the file's");
  app->add_option(
      "--budget", options->budget,
      fmt::format("Simulations in all, over every round (default: {})", defaults.budget));
  app->add_option("--particles", options->particles,
                  fmt::format("Accepted parameter sets per round (default: {}; at least 20)",
                              defaults.particles));
  app->add_option("--out,-o", options->out_dir,
                  "Output folder (default: results/calibrate-<scenario name>)");
  app->add_option("--set", options->overrides,
                  "Override a value: PATH=VALUE, e.g. tiers.poh.fte=0 (repeatable)");
  app->add_flag("--resume", options->resume,
                "Continue an interrupted calibration in the same --out: finished rounds are kept "
                "(the budget may be raised)");
  app->add_flag("--screen", options->screen,
                "Pre-screen proposals with the cohort model, on the targets where it agrees with "
                "the simulation (pays where a simulation costs much more than the cohort; "
                "docs/calibration.md)");
  app->add_flag("--quiet,-q", options->quiet, "Print only errors and warnings");
  return {app, [options] { return calibrate_command(*options); }, /*stoppable=*/true,
          /*spreads_over_ranks=*/true};
}

}  // namespace jeugdsim::app
