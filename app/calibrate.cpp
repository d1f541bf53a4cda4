// `jeugdsim calibrate`: which values of a scenario's uncertain inputs could have produced what
// its `observed:` section says was seen, as a weighted sample (DIR/posterior.csv) found by
// ABC-SMC (engine/abc_smc.hpp), with how well each target is met (DIR/calibration.json and a
// printed table). The method and how to read the result: docs/calibration.md.

#include "calibrate.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/math/distributions/chi_squared.hpp>
#include <fmt/format.h>

#include "command.hpp"
#include "command_options.hpp"
#include "exit_codes.hpp"
#include "interrupt.hpp"
#include "jeugdsim/engine/abc_smc.hpp"
#include "jeugdsim/engine/runner.hpp"
#include "jeugdsim/io/input_error.hpp"
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

  const unsigned threads = engine::resolve_thread_count(options.threads, settings.particles);
  Simulated simulated;
  const auto interrupted = [](int signal) {
    return Interrupted(signal, "interrupted by " + signal_name(signal) +
                                   ": stopped after the simulations in flight; nothing was "
                                   "written");
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
    std::vector<double> out;
    for (std::size_t k = 0; k < proposals.size(); ++k) {
      if (!found[k].invalid.empty()) {
        if (simulated.invalid++ == 0) simulated.first_invalid = found[k].invalid;
        out.push_back(std::numeric_limits<double>::quiet_NaN());
        continue;
      }
      out.push_back(distance(targets, found[k].targets));
      simulated.targets[proposals[k].simulation] = std::move(found[k].targets);
    }
    return out;
  };

  // Counted against the budget: the rounds may end sooner, so the estimate is an upper bound.
  Progress progress("calibrating", threads, !options.quiet, "simulations at most");
  engine::AbcCallbacks callbacks;
  double tolerance = std::numeric_limits<double>::infinity();
  callbacks.on_round = [&](const engine::AbcPopulation& round) { tolerance = round.tolerance; };
  callbacks.on_batch = [&](std::size_t round, std::size_t accepted, std::size_t simulations) {
    progress.relabel(
        fmt::format("round {} (tolerance {}), {}/{} accepted,", round,
                    round == 0 ? std::string("none") : fmt::format("{:.3g}", tolerance), accepted,
                    settings.particles));
    progress.update(simulations, settings.budget);
  };
  callbacks.stop = [] { return pending_signal() != 0; };
  const engine::AbcResult result = engine::abc_smc(priors, settings, distances, callbacks);
  progress.clear();
  if (result.stop == engine::AbcStop::stopped) throw interrupted(pending_signal());
  if (result.rounds.empty()) {
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

  const std::filesystem::path out = output_folder(options.out_dir, "calibrate-", c.scenario);
  const outputs::OutputFiles files = {
      {out / outputs::kPosteriorCsv, outputs::format_posterior_csv(sample)},
      {out / outputs::kCalibrationJson, outputs::format_calibration_json(c)}};
  outputs::write_all(files);

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
  app->add_option("--seed,-s", options->seed, "Random seed (default: the file's 'seed')")
      ->check(CLI::Range(std::int64_t{0}, std::numeric_limits<std::int64_t>::max()));
  app->add_option(
      "--budget", options->budget,
      fmt::format("Simulations in all, over every round (default: {})", defaults.budget));
  app->add_option("--particles", options->particles,
                  fmt::format("Accepted parameter sets per round (default: {}; at least 20)",
                              defaults.particles));
  app->add_option("--threads,-t", options->threads,
                  "Worker threads (default: all cores); results do not depend on it")
      ->check(CLI::Range(1, 1024));
  app->add_option("--out,-o", options->out_dir,
                  "Output folder (default: results/calibrate-<scenario name>)");
  app->add_option("--set", options->overrides,
                  "Override a value: PATH=VALUE, e.g. tiers.poh.fte=0 (repeatable)");
  app->add_flag("--quiet,-q", options->quiet, "Print only errors and warnings");
  return {app, [options] { return calibrate_command(*options); }, /*stoppable=*/true,
          /*spreads_over_ranks=*/false};
}

}  // namespace jeugdsim::app
