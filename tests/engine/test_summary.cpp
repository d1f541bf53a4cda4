// The summary over replications (engine/summary.hpp): mean, spread and Student t intervals, with
// values that could not be computed left out.

#include <cmath>
#include <vector>

#include <boost/random/normal_distribution.hpp>
#include <catch2/catch.hpp>

#include "jeugdsim/engine/random.hpp"
#include "jeugdsim/engine/summary.hpp"

using namespace jeugdsim::engine;

TEST_CASE("the summary of 1..10 matches hand-computed values", "[engine][summary]") {
  const std::vector<double> v{3, 1, 4, 10, 5, 9, 2, 6, 8, 7};
  const Summary s = summarize(v);
  CHECK(s.count == 10);
  CHECK(s.mean == 5.5);
  CHECK(s.sd == Approx(std::sqrt(82.5 / 9.0)).epsilon(1e-14));
  // t_{0.975, 9} = 2.2621571627 (R's qt); Boost.Math's quantile agrees to about 1e-11.
  const double half = 2.2621571627409915 * s.sd / std::sqrt(10.0);
  CHECK(s.ci_low == Approx(5.5 - half).epsilon(1e-9));
  CHECK(s.ci_high == Approx(5.5 + half).epsilon(1e-9));
  // Type-7 quantiles, as numpy.percentile(range(1, 11), [5, 50, 95]).
  CHECK(s.p05 == Approx(1.45));
  CHECK(s.p50 == Approx(5.5));
  CHECK(s.p95 == Approx(9.55));
}

TEST_CASE("Student t quantiles match tables", "[engine][summary]") {
  CHECK(student_t_quantile(0.95, 1) == Approx(12.706204736));
  CHECK(student_t_quantile(0.95, 29) == Approx(2.045229642));
  CHECK(student_t_quantile(0.99, 9) == Approx(3.249835542));
}

TEST_CASE("values that could not be computed are left out, never counted as 0",
          "[engine][summary]") {
  const double nan = std::nan("");
  const Summary s = summarize(std::vector<double>{1.0, nan, 3.0});
  CHECK(s.count == 2);
  CHECK(s.mean == 2.0);

  const Summary none = summarize(std::vector<double>{nan, nan});
  CHECK(none.count == 0);
  CHECK(std::isnan(none.mean));

  const Summary one = summarize(std::vector<double>{4.0});
  CHECK(one.count == 1);
  CHECK(one.mean == 4.0);
  CHECK(std::isnan(one.sd));
  CHECK(std::isnan(one.ci_low));
  CHECK(one.p50 == 4.0);
}

TEST_CASE("the 95% t-interval covers the true mean 95% of the time", "[engine][summary]") {
  // For normal data the t-interval is exact, so the number of intervals (out of 4000, n = 10
  // each) that cover the mean is Binomial(4000, 0.95): within 3.29 sd of 3800 with 99.9%.
  RandomStream rng({11, 0, 0, 0});
  boost::random::normal_distribution<double> normal(1.0, 2.0);
  int covered = 0;
  constexpr int trials = 4000;
  std::vector<double> sample(10);
  for (int t = 0; t < trials; ++t) {
    for (auto& x : sample) x = normal(rng);
    const Summary s = summarize(sample);
    covered += (s.ci_low <= 1.0 && 1.0 <= s.ci_high) ? 1 : 0;
  }
  const double coverage = covered / static_cast<double>(trials);
  INFO("coverage " << coverage);
  CHECK(std::abs(coverage - 0.95) < 3.29 * std::sqrt(0.95 * 0.05 / trials));
}
