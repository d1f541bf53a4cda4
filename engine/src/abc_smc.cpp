#include "jeugdsim/engine/abc_smc.hpp"

#include <algorithm>
#include <cmath>
#include <deque>
#include <numeric>
#include <optional>
#include <stdexcept>
#include <utility>

#include <Eigen/Cholesky>
#include <Eigen/Core>
#include <boost/random/normal_distribution.hpp>

#include "jeugdsim/engine/random.hpp"

namespace jeugdsim::engine {
namespace {

// A stream purpose of the calibration's own: the proposals' draws.
constexpr std::uint64_t kProposals = 0xabc5;

void normalise(std::vector<double>& weights) {
  const double total = std::accumulate(weights.begin(), weights.end(), 0.0);
  for (double& w : weights) w /= total;
}

// The product of the priors' densities at theta (0 outside their support).
double prior_density(const std::vector<Distribution>& priors, const std::vector<double>& theta) {
  double density = 1.0;
  for (std::size_t p = 0; p < priors.size(); ++p) density *= *priors[p].density(theta[p]);
  return density;
}

// How round t moves a particle: a multivariate normal of twice the round before's weighted
// covariance (Beaumont et al. 2009), through its Cholesky factor, and the density that goes
// with it.
class Kernel {
 public:
  explicit Kernel(const AbcPopulation& previous) {
    const auto n = static_cast<Eigen::Index>(previous.size());
    const auto d = static_cast<Eigen::Index>(previous.theta.front().size());
    Eigen::MatrixXd x(n, d);
    for (Eigen::Index i = 0; i < n; ++i) {
      for (Eigen::Index p = 0; p < d; ++p) {
        x(i, p) = previous.theta[static_cast<std::size_t>(i)][static_cast<std::size_t>(p)];
      }
    }
    const Eigen::Map<const Eigen::VectorXd> w(previous.weight.data(), n);
    const Eigen::RowVectorXd mean = w.transpose() * x;
    const Eigen::MatrixXd centred = x.rowwise() - mean;
    const double unbiased = 1.0 / (1.0 - w.squaredNorm());  // weighted, as (n - 1) / n is
    Eigen::MatrixXd covariance = 2.0 * unbiased * (centred.transpose() * w.asDiagonal() * centred);
    // A parameter that has collapsed onto one value (or more parameters than particles can
    // span) leaves the covariance singular: move each such parameter a little on its own.
    for (Eigen::Index p = 0; p < d; ++p) {
      const double scale = std::max(std::abs(mean(p)), 1.0);
      covariance(p, p) = std::max(covariance(p, p), 1e-12 * scale * scale);
    }
    Eigen::LLT<Eigen::MatrixXd> llt(covariance);
    if (llt.info() != Eigen::Success) {
      covariance = Eigen::MatrixXd(covariance.diagonal().asDiagonal());
      llt.compute(covariance);
    }
    lower_ = llt.matrixL();
    inverse_lower_ = lower_.triangularView<Eigen::Lower>().solve(Eigen::MatrixXd::Identity(d, d));
    log_norm_ = -0.5 * static_cast<double>(d) * std::log(2.0 * M_PI) -
                lower_.diagonal().array().log().sum();
  }

  [[nodiscard]] std::vector<double> move(const std::vector<double>& from, RandomStream& rng) const {
    const auto d = lower_.rows();
    Eigen::VectorXd z(d);
    boost::random::normal_distribution<double> normal;
    for (Eigen::Index p = 0; p < d; ++p) z(p) = normal(rng);
    const Eigen::VectorXd step = lower_ * z;
    std::vector<double> to = from;
    for (Eigen::Index p = 0; p < d; ++p) to[static_cast<std::size_t>(p)] += step(p);
    return to;
  }

  // The kernel's density of moving `from` to `to`.
  [[nodiscard]] double density(const std::vector<double>& from,
                               const std::vector<double>& to) const {
    const auto d = lower_.rows();
    Eigen::VectorXd diff(d);
    for (Eigen::Index p = 0; p < d; ++p) {
      diff(p) = to[static_cast<std::size_t>(p)] - from[static_cast<std::size_t>(p)];
    }
    return std::exp(log_norm_ - 0.5 * (inverse_lower_ * diff).squaredNorm());
  }

 private:
  Eigen::MatrixXd lower_;
  Eigen::MatrixXd inverse_lower_;
  double log_norm_ = 0.0;
};

// The particle of `previous` that proposal draws, by weight.
std::size_t pick(const std::vector<double>& cumulative, RandomStream& rng) {
  const double u = rng.uniform01() * cumulative.back();
  const auto it = std::upper_bound(cumulative.begin(), cumulative.end(), u);
  return std::min(static_cast<std::size_t>(it - cumulative.begin()), cumulative.size() - 1);
}

double quantile_of(std::vector<double> values, double q) {
  return weighted_quantile(values, std::vector<double>(values.size(), 1.0), q);
}

}  // namespace

double AbcPopulation::acceptance() const {
  return simulations == 0 ? 0.0 : static_cast<double>(size()) / static_cast<double>(simulations);
}

double AbcPopulation::effective_size() const {
  double sum = 0.0;
  double squares = 0.0;
  for (const double w : weight) {
    sum += w;
    squares += w * w;
  }
  return squares > 0.0 ? sum * sum / squares : 0.0;
}

double weighted_quantile(const std::vector<double>& values, const std::vector<double>& weights,
                         double q) {
  std::vector<std::size_t> order(values.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&values](std::size_t a, std::size_t b) { return values[a] < values[b]; });
  const double total = std::accumulate(weights.begin(), weights.end(), 0.0);
  double cumulative = 0.0;
  for (const std::size_t i : order) {
    cumulative += weights[i];
    if (cumulative >= q * total) return values[i];
  }
  return values[order.back()];
}

AbcPopulation with_gaussian_error(AbcPopulation population) {
  // exp(-(d^2 - d_min^2) / 2): the same weights after normalising, but the closest particle keeps
  // its own, so that far-off distances (a tolerance not reached) do not all underflow to 0.
  const auto closest = std::min_element(population.distance.begin(), population.distance.end());
  const double offset = closest == population.distance.end() ? 0.0 : *closest * *closest;
  for (std::size_t i = 0; i < population.size(); ++i) {
    const double d = population.distance[i];
    population.weight[i] *= std::exp(-0.5 * (d * d - offset));
  }
  const double total = std::accumulate(population.weight.begin(), population.weight.end(), 0.0);
  if (total > 0.0) normalise(population.weight);
  return population;
}

AbcResult abc_smc(const std::vector<Distribution>& priors, const AbcSettings& settings,
                  const AbcDistances& distances, const AbcCallbacks& callbacks,
                  std::vector<AbcPopulation> finished) {
  if (priors.empty()) throw std::invalid_argument("nothing to calibrate: no priors");
  for (const auto& prior : priors) {
    if (!prior.density(prior.mean())) {
      throw std::invalid_argument("a prior must have a density, not be " + prior.name());
    }
  }
  if (settings.particles < 2) throw std::invalid_argument("at least 2 particles");
  if (!(settings.quantile > 0.0 && settings.quantile < 1.0)) {
    throw std::invalid_argument("the quantile must be between 0 and 1");
  }
  const std::size_t batch = settings.batch == 0 ? settings.particles : settings.batch;

  AbcResult result;
  result.rounds = std::move(finished);
  for (const auto& round : result.rounds) result.simulations += round.simulations;

  for (;;) {
    const std::size_t t = result.rounds.size();
    if (t > 0) {
      const AbcPopulation& last = result.rounds.back();
      if (last.tolerance <= settings.final_tolerance) {
        result.stop = AbcStop::tolerance_reached;
        return result;
      }
      if (t > 1 && last.acceptance() < settings.min_acceptance) {
        result.stop = AbcStop::acceptance_low;
        return result;
      }
    }

    AbcPopulation next;
    next.round = t;
    std::optional<Kernel> kernel;
    std::vector<double> cumulative;
    if (t > 0) {
      const AbcPopulation& last = result.rounds.back();
      next.tolerance =
          std::max(settings.final_tolerance, quantile_of(last.distance, settings.quantile));
      kernel.emplace(last);
      cumulative.resize(last.size());
      std::partial_sum(last.weight.begin(), last.weight.end(), cumulative.begin());
    }

    // Proposals inside the priors' support that passed the screen, in proposal order, each with
    // the weight its screening adds (1 / its probability of being simulated).
    struct Ready {
      AbcProposal proposal;
      double screen_weight;
    };
    std::deque<Ready> ready;
    std::uint64_t proposal = 0;
    // `batch` more proposals inside the support, screened.
    const auto propose = [&] {
      std::vector<AbcProposal> candidates;
      std::vector<double> coin;  // drawn from each candidate's own stream, after its theta
      while (candidates.size() < batch) {
        RandomStream rng(StreamKey{settings.seed, t, kProposals, proposal});
        const std::uint64_t simulation = (static_cast<std::uint64_t>(t) << 32U) + proposal;
        ++proposal;
        ++next.proposals;
        std::vector<double> theta;
        if (t == 0) {
          for (const auto& prior : priors) theta.push_back(prior.sample(rng));
        } else {
          theta = kernel->move(result.rounds.back().theta[pick(cumulative, rng)], rng);
          if (prior_density(priors, theta) <= 0.0) continue;
        }
        candidates.push_back(AbcProposal{std::move(theta), simulation});
        coin.push_back(rng.uniform01());
      }
      std::vector<double> chance(candidates.size(), 1.0);
      if (t > 0 && callbacks.screen) chance = callbacks.screen(candidates, next.tolerance);
      if (chance.size() != candidates.size()) {
        throw std::logic_error("abc_smc: one screening probability per proposal expected");
      }
      for (std::size_t k = 0; k < candidates.size(); ++k) {
        if (!(chance[k] > 0.0 && chance[k] <= 1.0)) {
          throw std::logic_error("abc_smc: a screening probability must be in (0, 1]");
        }
        if (coin[k] < chance[k]) {
          ready.push_back(Ready{std::move(candidates[k]), 1.0 / chance[k]});
        } else {
          ++next.screened;
        }
      }
    };

    std::vector<double> screen_weight;  // of each accepted particle
    while (next.size() < settings.particles) {
      if (callbacks.stop && callbacks.stop()) {
        result.stop = AbcStop::stopped;
        return result;
      }
      if (result.simulations + batch > settings.budget) {
        result.stop = AbcStop::budget_spent;
        return result;
      }
      while (ready.size() < batch) propose();
      std::vector<AbcProposal> proposals;
      std::vector<double> weights;
      for (std::size_t k = 0; k < batch; ++k) {
        proposals.push_back(std::move(ready.front().proposal));
        weights.push_back(ready.front().screen_weight);
        ready.pop_front();
      }
      const std::vector<double> found = distances(proposals);
      if (found.size() != proposals.size()) {
        throw std::logic_error("abc_smc: one distance per proposal expected");
      }
      result.simulations += proposals.size();
      next.simulations += proposals.size();
      for (std::size_t k = 0; k < proposals.size() && next.size() < settings.particles; ++k) {
        if (!(found[k] <= next.tolerance)) continue;  // NaN is never accepted
        next.theta.push_back(std::move(proposals[k].theta));
        next.distance.push_back(found[k]);
        next.simulation.push_back(proposals[k].simulation);
        screen_weight.push_back(weights[k]);
      }
      if (callbacks.on_batch) callbacks.on_batch(t, next.size(), result.simulations);
    }

    // Weights: 1 in round 0; prior density over the density of proposing the particle; times
    // what the screen adds.
    next.weight = screen_weight;
    if (t > 0) {
      const AbcPopulation& last = result.rounds.back();
      for (std::size_t i = 0; i < next.size(); ++i) {
        double proposed = 0.0;
        for (std::size_t j = 0; j < last.size(); ++j) {
          proposed += last.weight[j] * kernel->density(last.theta[j], next.theta[i]);
        }
        next.weight[i] *= prior_density(priors, next.theta[i]) / proposed;
      }
    }
    normalise(next.weight);
    if (callbacks.on_round) callbacks.on_round(next);
    result.rounds.push_back(std::move(next));
  }
}

}  // namespace jeugdsim::engine
