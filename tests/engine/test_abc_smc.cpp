// ABC-SMC (abc_smc.hpp) against a model whose posterior is known in closed form: one simulation
// at theta is theta plus normal noise (sd kModelSd), observed with a normal error (sd 1, the
// unit of the distances). Under the Gaussian-error reweighting the posterior of theta given the
// observation y is then normal with mean y and variance kModelSd^2 + v, where v is the variance
// of the error kernel as truncated at the final tolerance (Wilkinson 2013), inside a prior wide
// enough not to matter. Every check's tolerance follows from that and the sample sizes.

#include <cmath>
#include <cstdint>
#include <vector>

#include <boost/math/distributions/binomial.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/random/normal_distribution.hpp>
#include <catch2/catch.hpp>

#include "jeugdsim/engine/abc_smc.hpp"
#include "jeugdsim/engine/random.hpp"

using namespace jeugdsim::engine;

namespace {

constexpr double kModelSd = 0.5;
// The final tolerance: the 0.999 quantile of |N(0, 1)|, so the Gaussian kernel loses 0.1%.
constexpr double kFinalTolerance = 3.2905267314919;

double standard_normal(RandomStream& rng) { return boost::random::normal_distribution<>()(rng); }

// The distances of the toy model's simulations to `observed`: parameter `used` drives the
// simulation, any other parameter is ignored (not identifiable).
AbcDistances toy(double observed, std::uint64_t model_seed, std::size_t used = 0) {
  return [=](const std::vector<AbcProposal>& proposals) {
    std::vector<double> out;
    for (const auto& p : proposals) {
      RandomStream rng(StreamKey{model_seed, p.simulation, 1, 0});
      out.push_back(std::abs(p.theta[used] + kModelSd * standard_normal(rng) - observed));
    }
    return out;
  };
}

AbcSettings settings(std::uint64_t seed, std::size_t particles) {
  AbcSettings s;
  s.particles = particles;
  s.budget = 1000000;
  s.final_tolerance = kFinalTolerance;
  s.seed = seed;
  return s;
}

// The variance of N(0, 1) truncated to [-a, a].
double truncated_variance(double a) {
  const boost::math::normal n;
  return 1.0 - 2.0 * a * boost::math::pdf(n, a) / (2.0 * boost::math::cdf(n, a) - 1.0);
}

struct Moments {
  double mean = 0.0;
  double sd = 0.0;
};

Moments moments(const AbcPopulation& p, std::size_t parameter) {
  Moments m;
  for (std::size_t i = 0; i < p.size(); ++i) m.mean += p.weight[i] * p.theta[i][parameter];
  double variance = 0.0;
  for (std::size_t i = 0; i < p.size(); ++i) {
    variance += p.weight[i] * (p.theta[i][parameter] - m.mean) * (p.theta[i][parameter] - m.mean);
  }
  m.sd = std::sqrt(variance);
  return m;
}

}  // namespace

TEST_CASE("the posterior of a model with a closed-form posterior has its mean and sd",
          "[engine][abc][theory]") {
  const double observed = 10.0;
  const AbcResult result = abc_smc({Uniform(0.0, 20.0)}, settings(7, 2000), toy(observed, 99));
  REQUIRE(result.stop == AbcStop::tolerance_reached);
  REQUIRE(result.rounds.size() >= 3);
  const AbcPopulation posterior = with_gaussian_error(result.rounds.back());
  const double expected_sd = std::sqrt(kModelSd * kModelSd + truncated_variance(kFinalTolerance));
  const Moments m = moments(posterior, 0);
  const double ess = posterior.effective_size();
  INFO("mean " << m.mean << ", sd " << m.sd << ", expected sd " << expected_sd << ", ESS " << ess
               << ", rounds " << result.rounds.size() << ", simulations " << result.simulations);
  REQUIRE(ess > 500.0);
  // 3.29 standard errors (two-sided 99.9%): of a mean, sd / sqrt(n); of a normal sample's sd,
  // sd / sqrt(2 n).
  CHECK(std::abs(m.mean - observed) < 3.29 * expected_sd / std::sqrt(ess));
  CHECK(std::abs(m.sd - expected_sd) < 3.29 * expected_sd / std::sqrt(2.0 * ess));
  // Each round's tolerance is below the one before, down to the final one.
  for (std::size_t t = 2; t < result.rounds.size(); ++t) {
    CHECK(result.rounds[t].tolerance < result.rounds[t - 1].tolerance);
  }
  CHECK(result.rounds.back().tolerance == kFinalTolerance);
}

TEST_CASE("a screen that leaves proposals out does not change the posterior, only its cost",
          "[engine][abc][theory][screen]") {
  // Lazy ABC (Prangle 2016): a deliberately unfair screen that simulates only a quarter of the
  // proposals above the observation, and all below it. Without the 1/chance weights the
  // posterior would lean below the observation by about half its sd (a mean of 9.47 when they
  // were left out as a check, against 10 and a sd of 1.11); with them it keeps
  // the closed-form mean and sd, within the same bounds as above.
  const double observed = 10.0;
  AbcCallbacks callbacks;
  callbacks.screen = [&](const std::vector<AbcProposal>& proposals, double) {
    std::vector<double> chance;
    for (const auto& p : proposals) chance.push_back(p.theta[0] > observed ? 0.25 : 1.0);
    return chance;
  };
  const AbcResult result =
      abc_smc({Uniform(0.0, 20.0)}, settings(7, 2000), toy(observed, 99), callbacks);
  REQUIRE(result.stop == AbcStop::tolerance_reached);
  std::size_t screened = 0;
  for (const auto& round : result.rounds) screened += round.screened;
  CHECK(result.rounds.front().screened == 0);  // the priors' round is never screened
  CHECK(screened > 1000);
  const AbcPopulation posterior = with_gaussian_error(result.rounds.back());
  const double expected_sd = std::sqrt(kModelSd * kModelSd + truncated_variance(kFinalTolerance));
  const Moments m = moments(posterior, 0);
  const double ess = posterior.effective_size();
  INFO("mean " << m.mean << ", sd " << m.sd << ", expected sd " << expected_sd << ", ESS " << ess
               << ", screened " << screened);
  REQUIRE(ess > 500.0);
  CHECK(std::abs(m.mean - observed) < 3.29 * expected_sd / std::sqrt(ess));
  CHECK(std::abs(m.sd - expected_sd) < 3.29 * expected_sd / std::sqrt(2.0 * ess));

  // A probability outside (0, 1] is the caller's bug.
  for (const double bad : {0.0, 1.5}) {
    callbacks.screen = [bad](const std::vector<AbcProposal>& proposals, double) {
      return std::vector<double>(proposals.size(), bad);
    };
    CHECK_THROWS_AS(abc_smc({Uniform(0.0, 20.0)}, settings(7, 100), toy(observed, 99), callbacks),
                    std::logic_error);
  }
}

TEST_CASE("true parameters fall inside the 95% posterior interval at the nominal rate",
          "[engine][abc][coverage]") {
  // Simulation-based calibration: each trial draws a true theta from the prior, simulates the
  // observation as the model says reality arises (simulation noise plus the observation error,
  // truncated as the kernel is), calibrates, and asks whether the 95% interval holds the truth.
  constexpr int kTrials = 200;
  int covered = 0;
  for (int trial = 0; trial < kTrials; ++trial) {
    RandomStream rng(StreamKey{2026, static_cast<std::uint64_t>(trial), 5, 0});
    const double truth = 20.0 * rng.uniform01();  // from the prior itself
    double error = 0.0;
    do {
      error = standard_normal(rng);
    } while (std::abs(error) > kFinalTolerance);
    const double observed = truth + kModelSd * standard_normal(rng) + error;
    const auto seed = static_cast<std::uint64_t>(1000 + trial);
    const AbcResult result = abc_smc({Uniform(0.0, 20.0)}, settings(seed, 400),
                                     toy(observed, 50000 + static_cast<std::uint64_t>(trial)));
    const AbcPopulation posterior = with_gaussian_error(result.rounds.back());
    std::vector<double> theta;
    for (const auto& t : posterior.theta) theta.push_back(t[0]);
    const double low = weighted_quantile(theta, posterior.weight, 0.025);
    const double high = weighted_quantile(theta, posterior.weight, 0.975);
    if (low <= truth && truth <= high) ++covered;
  }
  // If the intervals are right, `covered` is binomial(200, 0.95): inside its central 99.8%.
  const boost::math::binomial_distribution<> binomial(kTrials, 0.95);
  const double lowest = boost::math::quantile(binomial, 0.001);
  const double highest = boost::math::quantile(boost::math::complement(binomial, 0.001));
  INFO(covered << " of " << kTrials << " covered; expected " << lowest << " to " << highest);
  CHECK(covered >= lowest);
  CHECK(covered <= highest);
}

TEST_CASE("the posterior narrows an identifiable parameter and leaves an unidentifiable one",
          "[engine][abc]") {
  const AbcResult result = abc_smc({Uniform(0.0, 20.0), Uniform(0.0, 20.0)}, settings(11, 1000),
                                   toy(10.0, 123, /*used=*/0));
  const AbcPopulation posterior = with_gaussian_error(result.rounds.back());
  const double prior_sd = 20.0 / std::sqrt(12.0);
  const Moments used = moments(posterior, 0);
  const Moments ignored = moments(posterior, 1);
  INFO("identifiable sd " << used.sd << ", unidentifiable sd " << ignored.sd << ", prior sd "
                          << prior_sd << ", ESS " << posterior.effective_size());
  CHECK(used.sd < 0.25 * prior_sd);  // about 1.1 against 5.8
  // The ignored parameter keeps its prior: a uniform's sd, within 3.29 standard errors (a
  // uniform sample's sd has standard error about sd * sqrt(0.8 / (4 n))).
  CHECK(std::abs(ignored.sd - prior_sd) <
        3.29 * prior_sd * std::sqrt(0.2 / posterior.effective_size()));
  CHECK(std::abs(ignored.mean - 10.0) < 3.29 * prior_sd / std::sqrt(posterior.effective_size()));
}

TEST_CASE("the same seed gives the same posterior, and a resumed run continues it exactly",
          "[engine][abc][determinism]") {
  const auto distances = toy(10.0, 5);
  const std::vector<Distribution> priors = {Uniform(0.0, 20.0)};
  const AbcResult whole = abc_smc(priors, settings(3, 300), distances);
  const AbcResult again = abc_smc(priors, settings(3, 300), distances);
  REQUIRE(whole.rounds.size() >= 3);
  CHECK(again.rounds.back().theta == whole.rounds.back().theta);
  CHECK(again.rounds.back().weight == whole.rounds.back().weight);

  // Stopped after its second round, then resumed from the two rounds it finished.
  std::size_t rounds_seen = 0;
  AbcCallbacks callbacks;
  callbacks.on_round = [&rounds_seen](const AbcPopulation&) { ++rounds_seen; };
  callbacks.stop = [&rounds_seen] { return rounds_seen == 2; };
  const AbcResult stopped = abc_smc(priors, settings(3, 300), distances, callbacks);
  CHECK(stopped.stop == AbcStop::stopped);
  REQUIRE(stopped.rounds.size() == 2);
  const AbcResult resumed = abc_smc(priors, settings(3, 300), distances, {}, stopped.rounds);
  REQUIRE(resumed.rounds.size() == whole.rounds.size());
  CHECK(resumed.rounds.back().theta == whole.rounds.back().theta);
  CHECK(resumed.rounds.back().weight == whole.rounds.back().weight);
  CHECK(resumed.simulations == whole.simulations);

  const AbcResult other = abc_smc(priors, settings(4, 300), distances);
  CHECK(other.rounds.back().theta != whole.rounds.back().theta);
}

TEST_CASE("a budget spent before the final tolerance keeps the finished rounds and says so",
          "[engine][abc]") {
  AbcSettings s = settings(3, 300);
  s.budget = 1000;  // round 0 (300) and a few batches of 300 more
  const AbcResult result = abc_smc({Uniform(0.0, 20.0)}, s, toy(10.0, 5));
  CHECK(result.stop == AbcStop::budget_spent);
  CHECK(result.simulations <= s.budget);
  REQUIRE(!result.rounds.empty());
  CHECK(result.rounds.back().tolerance > kFinalTolerance);
}

TEST_CASE("priors without a density and bad settings are refused", "[engine][abc]") {
  const auto distances = toy(10.0, 5);
  CHECK_THROWS_WITH(abc_smc({Fixed(1.0)}, settings(1, 100), distances),
                    Catch::Contains("must have a density"));
  CHECK_THROWS_WITH(abc_smc({}, settings(1, 100), distances), Catch::Contains("no priors"));
  AbcSettings s = settings(1, 100);
  s.quantile = 1.0;
  CHECK_THROWS_WITH(abc_smc({Uniform(0.0, 1.0)}, s, distances), Catch::Contains("quantile"));
}

TEST_CASE("the Gaussian reweighting is exp(-d^2/2), even where every distance is far off",
          "[engine][abc]") {
  AbcPopulation population;
  population.theta = {{0.0}, {1.0}, {2.0}};
  population.weight = {0.5, 0.25, 0.25};
  population.distance = {40.0, 41.0, 40.5};
  // exp(-800) underflows to 0: weighed naively, every weight would be 0 and the sum NaN.
  const AbcPopulation weighed = with_gaussian_error(population);
  const double w0 = 0.5;
  const double w1 = 0.25 * std::exp(-0.5 * (41.0 * 41.0 - 40.0 * 40.0));
  const double w2 = 0.25 * std::exp(-0.5 * (40.5 * 40.5 - 40.0 * 40.0));
  const double total = w0 + w1 + w2;
  CHECK(weighed.weight[0] == Approx(w0 / total).epsilon(1e-12));
  CHECK(weighed.weight[1] == Approx(w1 / total).epsilon(1e-12));
  CHECK(weighed.weight[2] == Approx(w2 / total).epsilon(1e-12));
}
