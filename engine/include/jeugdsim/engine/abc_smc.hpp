#pragma once
// Approximate Bayesian computation by sequential Monte Carlo (ABC-SMC): from priors over some
// parameters and a simulator that says how far one simulation at a parameter set lands from what
// was observed, a weighted sample of the parameter sets that could have produced the
// observations: the posterior.
//
// The algorithm is population Monte Carlo ABC (Beaumont, Cornuet, Marin & Robert 2009,
// Biometrika 96:983-990): round 0 samples the priors; each later round proposes by taking a
// particle of the round before by its weight and moving it with a multivariate normal of twice
// that round's weighted covariance, keeps the proposals whose distance is within the round's
// tolerance, and weighs each by prior density over proposal density. Each tolerance is a quantile
// of the distances of the round before (Del Moral, Doucet & Jasra 2012, Stat Comput 22:1009), down
// to a final tolerance. Distances are meant in units of the observations' own uncertainty;
// with_gaussian_error then turns the last round into a sample of the posterior under Gaussian
// observation errors of those sizes (Wilkinson 2013, Stat Appl Genet Mol Biol 12:129). Why this
// method and how the youth-care model uses it: docs/calibration.md.
//
// A cheap look before each simulation (lazy ABC: Prangle 2016, Stat Comput 26:171-185) may
// leave out proposals that will likely be rejected: AbcCallbacks::screen gives each proposal a
// probability of being simulated, and a proposal simulated with probability a that is accepted
// weighs 1/a more. The posterior is the same whatever the screen says (a poor one costs
// effective sample size, never correctness); a good one saves simulations.
//
// Determinism: proposal k of round t draws from its own stream (seed, round t, k), is simulated
// as simulation (t << 32) + k, and proposals are accepted in proposal order from batches of a
// fixed size; so the result depends on the seed, the settings and the distances only, not on how
// the caller spreads a batch over threads or ranks, and a run resumed from its finished rounds
// continues exactly as the uninterrupted one.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <vector>

#include "jeugdsim/engine/distribution.hpp"

namespace jeugdsim::engine {

struct AbcSettings {
  std::size_t particles = 500;   // accepted parameter sets per round
  std::size_t budget = 20000;    // simulations in all, over every round
  std::size_t batch = 0;         // proposals simulated together (0: as many as particles)
  double quantile = 0.5;         // a round's tolerance: this quantile of the last round's distances
  double final_tolerance = 0.0;  // no round's tolerance is below it; reaching it ends the rounds
  double min_acceptance = 0.0;   // a round that accepts a smaller share of its simulations ends
  std::uint64_t seed = 0;
};

// One parameter set to simulate, and the simulation's number: unique over the whole calibration,
// for the simulation's own random streams.
struct AbcProposal {
  std::vector<double> theta;
  std::uint64_t simulation = 0;
};

// The distance of each proposal's simulation to the observations, in the proposals' order. It
// may simulate them concurrently; it must give the same distances whatever it does.
using AbcDistances = std::function<std::vector<double>(const std::vector<AbcProposal>&)>;

struct AbcPopulation {
  std::size_t round = 0;
  double tolerance = std::numeric_limits<double>::infinity();  // no distance is above it
  std::vector<std::vector<double>> theta;                      // theta[particle][parameter]
  std::vector<double> weight;                                  // sums to 1
  std::vector<double> distance;
  std::vector<std::uint64_t> simulation;  // the simulation that accepted each particle
  std::size_t simulations = 0;            // simulated in this round, accepted or not
  std::size_t screened = 0;               // ... plus those the screen left out
  std::size_t proposals = 0;              // ... plus those outside the priors' support

  [[nodiscard]] std::size_t size() const { return theta.size(); }
  // Accepted per simulation.
  [[nodiscard]] double acceptance() const;
  // Kish's effective sample size, (sum w)^2 / sum w^2: as many equally weighted draws as the
  // weighted ones are worth.
  [[nodiscard]] double effective_size() const;
};

enum class AbcStop {
  tolerance_reached,  // a round reached the final tolerance
  acceptance_low,     // a round accepted less than min_acceptance
  budget_spent,       // the next batch would exceed the budget; the unfinished round is dropped
  stopped,            // `stop` said so; the unfinished round is dropped
};

struct AbcResult {
  std::vector<AbcPopulation> rounds;  // every finished round; the last is the posterior
  AbcStop stop = AbcStop::tolerance_reached;
  std::size_t simulations = 0;  // over all rounds, the dropped one included
};

struct AbcCallbacks {
  // After every finished round (progress, checkpoints).
  std::function<void(const AbcPopulation&)> on_round;
  // After every batch: the round, the particles it has accepted, simulations so far.
  std::function<void(std::size_t round, std::size_t accepted, std::size_t simulations)> on_batch;
  // Asked before every batch; true ends the calibration with AbcStop::stopped.
  std::function<bool()> stop;
  // Optional: for each proposal of a round after the first, the probability in (0, 1] that it is
  // simulated, given the round's tolerance. A proposal left out is rejected; one simulated with
  // probability a and accepted has its weight multiplied by 1/a (lazy ABC). Must not depend on
  // how the proposals are split into calls.
  std::function<std::vector<double>(const std::vector<AbcProposal>&, double tolerance)> screen;
};

// The calibration from its priors (each with a density: not `fixed` or `empirical`), continued
// after the rounds in `finished` (empty: from the start; they must come from an earlier call with
// the same priors, settings and distances). Throws std::invalid_argument on bad settings.
AbcResult abc_smc(const std::vector<Distribution>& priors, const AbcSettings& settings,
                  const AbcDistances& distances, const AbcCallbacks& callbacks = {},
                  std::vector<AbcPopulation> finished = {});

// `population` with each weight multiplied by exp(-d^2/2) and normalised: with distances in units
// of the observation errors' standard deviations, a sample of the posterior under those Gaussian
// errors (Wilkinson 2013), provided the tolerance left little of the kernel out (docs/
// calibration.md: a tolerance at the 0.999 quantile of the chi distribution leaves 0.1%).
AbcPopulation with_gaussian_error(AbcPopulation population);

// The weighted q-quantile of values (q in [0, 1]): the smallest value whose cumulative weight
// reaches q of the total.
double weighted_quantile(const std::vector<double>& values, const std::vector<double>& weights,
                         double q);

}  // namespace jeugdsim::engine
