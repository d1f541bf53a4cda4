// The engine's distributions (distribution.hpp): each family's draws have the stated mean and
// shape, and invalid parameters are refused with the reason.

#include <algorithm>
#include <cmath>
#include <functional>
#include <stdexcept>
#include <vector>

#include <boost/math/distributions/exponential.hpp>
#include <boost/math/distributions/gamma.hpp>
#include <boost/math/distributions/lognormal.hpp>
#include <boost/math/distributions/uniform.hpp>
#include <boost/math/distributions/weibull.hpp>
#include <catch2/catch.hpp>

#include "jeugdsim/engine/distribution.hpp"

using namespace jeugdsim::engine;

namespace {

// Two-sided 99.9% normal quantile: each statistical check below fails with probability 0.1%
// if the sampler is right, and the seeds are fixed, so a pass is reproducible.
constexpr double kZ = 3.2905;
constexpr int kDraws = 200000;

std::vector<double> draw(const Distribution& d, std::uint64_t entity) {
  RandomStream rng({2026, 0, 99, entity});
  std::vector<double> xs(kDraws);
  for (auto& x : xs) x = d.sample(rng);
  return xs;
}

// The sample mean and variance must match the distribution's, within the CLT standard errors
// (for the variance: sqrt((m4 - s^4) / n), with the fourth central moment m4 estimated from
// the sample).
void check_moments(const Distribution& d, const std::vector<double>& xs) {
  const auto n = static_cast<double>(xs.size());
  double mean = 0.0;
  for (double x : xs) mean += x;
  mean /= n;
  double m2 = 0.0, m4 = 0.0;
  for (double x : xs) {
    const double c = (x - mean) * (x - mean);
    m2 += c;
    m4 += c * c;
  }
  m2 /= n;
  m4 /= n;
  INFO(d.name() << ": sample mean " << mean << " vs " << d.mean() << ", sample variance " << m2
                << " vs " << d.variance());
  CHECK(std::abs(mean - d.mean()) <= kZ * std::sqrt(d.variance() / n));
  CHECK(std::abs(m2 - d.variance()) <= kZ * std::sqrt(std::max(m4 - m2 * m2, 0.0) / n) + 1e-12);
}

// Kolmogorov-Smirnov: sup |F_n - F| below the asymptotic 99.9% critical value 1.9495/sqrt(n).
void check_shape(std::vector<double> xs, const std::function<double(double)>& cdf) {
  std::sort(xs.begin(), xs.end());
  const auto n = static_cast<double>(xs.size());
  double d = 0.0;
  for (std::size_t i = 0; i < xs.size(); ++i) {
    const double f = cdf(xs[i]);
    d = std::max({d, static_cast<double>(i + 1) / n - f, f - static_cast<double>(i) / n});
  }
  INFO("KS distance " << d);
  CHECK(d < 1.9495 / std::sqrt(n));
}

}  // namespace

TEST_CASE("exponential draws have the stated mean and the exponential shape",
          "[engine][distribution]") {
  const Distribution d = Exponential(2.5);
  const auto xs = draw(d, 1);
  check_moments(d, xs);
  const boost::math::exponential_distribution<> ref(1.0 / 2.5);
  check_shape(xs, [&](double x) { return boost::math::cdf(ref, x); });
}

TEST_CASE("lognormal is parameterised by the mean and sd of the variable itself",
          "[engine][distribution]") {
  const Distribution d = Lognormal(2.0, 1.0);
  CHECK(d.mean() == 2.0);
  CHECK(d.variance() == 1.0);
  const auto xs = draw(d, 2);
  check_moments(d, xs);
  // mu and sigma of the log follow from the moments.
  const double sigma2 = std::log(1.0 + 0.25);
  const boost::math::lognormal_distribution<> ref(std::log(2.0) - sigma2 / 2, std::sqrt(sigma2));
  check_shape(xs, [&](double x) { return boost::math::cdf(ref, x); });
}

TEST_CASE("gamma is parameterised by mean and sd", "[engine][distribution]") {
  const Distribution d = Gamma(3.0, 1.5);  // shape 4, scale 0.75
  const auto xs = draw(d, 3);
  check_moments(d, xs);
  const boost::math::gamma_distribution<> ref(4.0, 0.75);
  check_shape(xs, [&](double x) { return boost::math::cdf(ref, x); });
}

TEST_CASE("weibull has the mean and variance of its shape and scale", "[engine][distribution]") {
  const Distribution d = Weibull(1.5, 4.0);
  CHECK(d.mean() == Approx(4.0 * std::tgamma(1.0 + 1.0 / 1.5)).epsilon(1e-12));
  const auto xs = draw(d, 4);
  check_moments(d, xs);
  const boost::math::weibull_distribution<> ref(1.5, 4.0);
  check_shape(xs, [&](double x) { return boost::math::cdf(ref, x); });
}

TEST_CASE("uniform draws lie between min and max with the uniform shape",
          "[engine][distribution]") {
  const Distribution d = Uniform(1.0, 3.0);
  const auto xs = draw(d, 5);
  check_moments(d, xs);
  CHECK(*std::min_element(xs.begin(), xs.end()) >= 1.0);
  CHECK(*std::max_element(xs.begin(), xs.end()) <= 3.0);
  const boost::math::uniform_distribution<> ref(1.0, 3.0);
  check_shape(xs, [&](double x) { return boost::math::cdf(ref, x); });
}

TEST_CASE("fixed always gives its value", "[engine][distribution]") {
  const Distribution d = Fixed(4.0);
  RandomStream rng({1, 0, 0, 0});
  for (int i = 0; i < 10; ++i) CHECK(d.sample(rng) == 4.0);
  CHECK(d.variance() == 0.0);
}

TEST_CASE("empirical draws its values in proportion to the weights", "[engine][distribution]") {
  const Distribution d = Empirical({1.0, 2.0, 10.0}, {0.5, 0.3, 0.2});
  CHECK(d.mean() == Approx(0.5 + 0.6 + 2.0));
  const auto xs = draw(d, 6);
  check_moments(d, xs);
  const auto tens = static_cast<double>(std::count(xs.begin(), xs.end(), 10.0));
  CHECK(std::abs(tens / kDraws - 0.2) <= kZ * std::sqrt(0.2 * 0.8 / kDraws));

  const Distribution equal = Empirical({3.0, 5.0}, {});
  CHECK(equal.mean() == 4.0);
}

TEST_CASE("invalid parameters are refused with the reason", "[engine][distribution]") {
  CHECK_THROWS_WITH(Exponential(0.0), Catch::Contains("mean"));
  CHECK_THROWS_WITH(Exponential(-1.0), Catch::Contains("mean"));
  CHECK_THROWS_WITH(Exponential(std::nan("")), Catch::Contains("mean"));
  CHECK_THROWS_WITH(Uniform(2.0, 1.0), Catch::Contains("max"));
  CHECK_THROWS_WITH(Lognormal(1.0, 0.0), Catch::Contains("sd"));
  CHECK_THROWS_WITH(Gamma(1.0, -1.0), Catch::Contains("sd"));
  CHECK_THROWS_WITH(Weibull(0.0, 1.0), Catch::Contains("shape"));
  CHECK_THROWS_WITH(Fixed(-1.0), Catch::Contains("value"));
  CHECK_THROWS_WITH(Empirical({}, {}), Catch::Contains("values"));
  CHECK_THROWS_WITH(Empirical({1.0, 2.0}, {1.0}), Catch::Contains("weights"));
  CHECK_THROWS_WITH(Empirical({1.0, 2.0}, {0.0, 0.0}), Catch::Contains("weights"));
}

TEST_CASE("a distribution reports its family name as written in scenarios",
          "[engine][distribution]") {
  CHECK(Distribution(Exponential(1.0)).name() == "exponential");
  CHECK(Distribution(Lognormal(1.0, 1.0)).name() == "lognormal");
  CHECK(Distribution(Empirical({1.0}, {})).name() == "empirical");
  CHECK(Distribution(Exponential(2.0)).scv() == Approx(1.0));
}

TEST_CASE("each density is the family's, integrates to 1 and is 0 outside the support",
          "[engine][distribution][density]") {
  const std::vector<Distribution> families = {
      Exponential(2.0), Uniform(1.0, 3.0), Lognormal(2.0, 1.5), Gamma(2.0, 0.5), Weibull(1.5, 2.0)};
  for (const auto& d : families) {
    INFO(d.name());
    REQUIRE(d.density(1.5).has_value());
    CHECK(*d.density(-1.0) == 0.0);
    // The trapezoid rule on a fine grid to far in the tail: its error is far below 1e-4 for
    // these smooth densities; the uniform's two jumps cost at most one step's width.
    const double step = 1e-4;
    double integral = 0.0;
    for (double x = step / 2; x < 60.0; x += step) integral += *d.density(x) * step;
    CHECK(integral == Approx(1.0).margin(2 * step));
  }
  CHECK(*Distribution(Exponential(2.0)).density(1.0) ==
        Approx(boost::math::pdf(boost::math::exponential_distribution<>(0.5), 1.0)));
  CHECK(*Distribution(Uniform(1.0, 3.0)).density(2.0) == Approx(0.5));
  CHECK(*Distribution(Uniform(1.0, 3.0)).density(3.5) == 0.0);
  CHECK(!Distribution(Fixed(1.0)).density(1.0).has_value());
  CHECK(!Distribution(Empirical({1.0, 2.0}, {})).density(1.0).has_value());
}
