// `jeugdsim calibrate`: which values of a scenario's uncertain inputs could have produced what
// its `observed:` section says was seen, as a weighted sample (DIR/posterior.csv) found by
// ABC-SMC (engine/abc_smc.hpp), with how well each target is met (DIR/calibration.json and a
// printed table). The method and how to read the result: docs/calibration.md.

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
  std::string first_invalid;  // the first invalid proposal's error, to say why
};

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
class Checkpoints {
 public:
  Checkpoints(fs::path folder, std::string plan)
      : folder_(std::move(folder)), made_(folder_), plan_(std::move(plan)) {
    // The topmost folder this run makes: what discard() removes, so that a calibration that
    // leaves nothing leaves no empty folders either.
    for (fs::path p = folder_.parent_path(); !p.empty() && !fs::exists(p); p = p.parent_path()) {
      made_ = p;
    }
  }

  // The rounds an earlier, interrupted run of the same plan finished (none without --resume);
  // starts the folder afresh when there are none.
  std::vector<outputs::CalibrationCheckpoint> prepare(bool resume) {
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
    std::vector<outputs::CalibrationCheckpoint> rounds;
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
    std::ifstream in(plan_file, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    const std::string plan_then = text.str();
    if (plan_then != plan_) {
      throw io::InputError(plan_file.string(),
                           "the unfinished calibration here is not this one (the scenario, --set, "
                           "--seed, --particles or the jeugdsim version differ); use another "
                           "--out, or delete " +
                               folder_.string() + " to start again");
    }
    for (std::size_t t = 0; t < on_disk; ++t) {
      rounds.push_back(outputs::read_calibration_checkpoint(round_file(t)));
    }
    kept_ = on_disk;
    return rounds;
  }

  void keep(const outputs::CalibrationCheckpoint& round) {
    outputs::write_file_atomically(round_file(round.population.round),
                                   outputs::format_calibration_checkpoint(round));
    ++kept_;
  }
  [[nodiscard]] std::size_t kept() const { return kept_; }
  [[nodiscard]] const fs::path& folder() const { return folder_; }
  // Removes the checkpoints, and the folders this run made for them if nothing else is there.
  void discard() const {
    std::error_code ignored;  // a folder that cannot be removed is no reason to fail the run
    fs::remove_all(folder_, ignored);
    for (fs::path p = folder_.parent_path(); made_ != folder_ && fs::is_empty(p, ignored);
         p = p.parent_path()) {
      fs::remove(p, ignored);
      if (p == made_) break;
    }
  }

 private:
  [[nodiscard]] fs::path round_file(std::size_t t) const {
    return folder_ / fmt::format("round-{:03}.json", t);
  }
  fs::path folder_;
  fs::path made_;
  std::string plan_;
  std::size_t kept_ = 0;
};

// Which calibration checkpoints belong to: everything that decides its rounds but the budget
// (which only decides when they stop, so a resumed calibration may be given a larger one).
std::string plan_text(const io::Document& document, const engine::AbcSettings& settings) {
  return fmt::format("jeugdsim {}\nscenario {:016x}\nseed {}\nparticles {}\n", outputs::kVersion,
                     engine::fnv1a64(YAML::Dump(document.root())), settings.seed,
                     settings.particles);
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
  return command + " --out " + io::shell_word(out.string()) + " --resume";
}

}  // namespace

int calibrate_command(const Options& options) {
  const io::Document document =
      load_document(options.file, options.overrides, std::nullopt, named(options.seed, "--seed"));
  models::Model model = load_runnable(document);
  print_warnings(model);
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
  Checkpoints checkpoints(out / outputs::kCalibrationPartialFolder, plan_text(document, settings));
  std::vector<engine::AbcPopulation> finished;
  Simulated simulated;
  for (auto& round : checkpoints.prepare(options.resume)) {
    for (std::size_t p = 0; p < round.population.size(); ++p) {
      simulated.targets[round.population.simulation[p]] = std::move(round.targets[p]);
    }
    simulated.invalid += round.invalid;
    finished.push_back(std::move(round.population));
  }

  const unsigned threads = engine::resolve_thread_count(options.threads, settings.particles);
  // Stopped by a signal: the finished rounds stay for --resume; without any, nothing is left.
  std::size_t round_now = finished.size();
  const auto interrupted = [&](int signal) {
    const std::string where =
        fmt::format("interrupted by {} in round {}", signal_name(signal), round_now);
    if (checkpoints.kept() == 0) {
      checkpoints.discard();
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
  const engine::AbcDistances distances = [&](const std::vector<engine::AbcProposal>& proposals) {
    engine::RunnerOptions runner;
    runner.threads = threads;
    runner.stop = [] { return pending_signal() != 0; };
    // Each simulation's target values, or why its parameter set is not a valid scenario.
    struct Found {
      std::vector<double> targets;
      std::string invalid;
    };
    std::vector<Found> found;
    try {
      found = engine::run_replications(proposals.size(), runner, [&](std::size_t k) {
        try {
          const auto output = model.simulate_at(proposals[k].theta, proposals[k].simulation);
          return Found{target_values(targets, output.values), {}};
        } catch (const io::InputError& e) {
          return Found{{}, e.what()};
        }
      });
    } catch (const engine::Stopped&) {
      throw interrupted(pending_signal());
    }
    std::vector<double> distances_found;
    for (std::size_t k = 0; k < proposals.size(); ++k) {
      if (!found[k].invalid.empty()) {
        if (simulated.invalid++ == 0) simulated.first_invalid = found[k].invalid;
        distances_found.push_back(std::numeric_limits<double>::quiet_NaN());
        continue;
      }
      distances_found.push_back(distance(targets, found[k].targets));
      simulated.targets[proposals[k].simulation] = std::move(found[k].targets);
    }
    return distances_found;
  };

  // Counted against the budget: the rounds may end sooner, so the estimate is an upper bound.
  Progress progress("calibrating", threads, !options.quiet, "simulations at most");
  engine::AbcCallbacks callbacks;
  std::size_t invalid_before = simulated.invalid;  // at the start of the round under way
  callbacks.on_round = [&](const engine::AbcPopulation& round) {
    outputs::CalibrationCheckpoint kept{round, simulated.invalid - invalid_before, {}};
    for (const std::uint64_t simulation : round.simulation) {
      kept.targets.push_back(simulated.targets.at(simulation));
    }
    checkpoints.keep(kept);
    invalid_before = simulated.invalid;
    round_now = round.round + 1;
  };
  callbacks.on_batch = [&](std::size_t round, std::size_t accepted, std::size_t simulations) {
    progress.relabel(fmt::format("round {}, {}/{} accepted,", round, accepted, settings.particles));
    progress.update(simulations, settings.budget);
  };
  callbacks.stop = [] { return pending_signal() != 0; };
  engine::AbcResult result;
  try {
    result = engine::abc_smc(priors, settings, distances, callbacks, std::move(finished));
  } catch (...) {
    progress.clear();
    if (checkpoints.kept() == 0) checkpoints.discard();
    throw;
  }
  progress.clear();
  if (result.stop == engine::AbcStop::stopped) throw interrupted(pending_signal());
  if (result.rounds.empty()) {
    checkpoints.discard();
    throw io::InputError(
        model.info.source,
        fmt::format(
            "no round finished within --budget {}: {} of {} simulations were not a "
            "valid scenario (their drawn inputs broke a rule of the file); narrow the "
            "priors under 'uncertain:' or raise --budget{}",
            settings.budget, simulated.invalid, result.simulations,
            simulated.invalid == 0 ? std::string() : "; the first: " + simulated.first_invalid));
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
  c.simulations = result.simulations;
  c.invalid = simulated.invalid;
  c.effective_size = posterior.effective_size();
  for (const auto& round : result.rounds) {
    c.rounds.push_back(outputs::CalibrationRound{round.tolerance, round.simulations, round.size(),
                                                 round.effective_size()});
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
  outputs::write_all(files);
  checkpoints.discard();  // the calibration is whole: nothing left to resume

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
  app->add_flag("--quiet,-q", options->quiet, "Print only errors and warnings");
  return {app, [options] { return calibrate_command(*options); }, /*stoppable=*/true,
          /*spreads_over_ranks=*/false};
}

}  // namespace jeugdsim::app
