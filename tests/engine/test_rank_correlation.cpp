// Spearman's rank correlation of the engine (rank_correlation.hpp): ties, hand-computed values,
// undefined cases and coverage of the known value for bivariate normal samples.

#include <cmath>
#include <cstdint>
#include <limits>
#include <numbers>
#include <vector>

#include <boost/random/normal_distribution.hpp>
#include <catch2/catch.hpp>

#include "jeugdsim/engine/random.hpp"
#include "jeugdsim/engine/rank_correlation.hpp"

using namespace jeugdsim::engine;

namespace {

// The two-sided 95% normal quantile and the standard error factor of Fieller, Hartley & Pearson.
constexpr double kZ95 = 1.959963984540054;
constexpr double kFhp = 1.03;

// The interval the header promises, written out: tanh(atanh(rho) -+ z * 1.03 / sqrt(n - 3)).
void check_interval(const RankCorrelation& c, double rho, double n) {
  const double h = kZ95 * kFhp / std::sqrt(n - 3.0);
  REQUIRE(c.interval);
  CHECK(c.interval->low == Approx(std::tanh(std::atanh(rho) - h)).epsilon(1e-12));
  CHECK(c.interval->high == Approx(std::tanh(std::atanh(rho) + h)).epsilon(1e-12));
}

}  // namespace

TEST_CASE("tied values share the mean of the ranks they span", "[engine][rank_correlation]") {
  // Sorted: 1 1 2 3 4 5 6 9, so both 1s share ranks 1 and 2.
  CHECK(average_ranks(std::vector<double>{3, 1, 4, 1, 5, 9, 2, 6}) ==
        std::vector<double>{4, 1.5, 5, 1.5, 6, 8, 3, 7});
  CHECK(average_ranks(std::vector<double>{7, 7, 7}) == std::vector<double>{2, 2, 2});
  CHECK(average_ranks(std::vector<double>{}).empty());
}

TEST_CASE("Spearman's rho of small samples matches hand-computed values",
          "[engine][rank_correlation]") {
  SECTION("without ties: 1 - 6 sum(d^2) / (n (n^2 - 1))") {
    // Rank differences d = -1, 1, -1, 1, 0: rho = 1 - 6 x 4 / (5 x 24) = 0.8.
    const auto c =
        rank_correlation(std::vector<double>{1, 2, 3, 4, 5}, std::vector<double>{2, 1, 4, 3, 5});
    CHECK(c.count == 5);
    REQUIRE(c.spearman);
    CHECK(*c.spearman == Approx(0.8).epsilon(1e-15));
    // atanh(0.8) = ln(9) / 2; -+ 1.96 x 1.03 / sqrt(2) gives (-0.3175, 0.9873).
    check_interval(c, 0.8, 5);
    CHECK(c.interval->low == Approx(-0.317504).margin(1e-6));
    CHECK(c.interval->high == Approx(0.987291).margin(1e-6));
  }
  SECTION("with ties in x") {
    // Ranks of x: 1, 2.5, 2.5, 4, 5; of y: 1, 3, 2, 5, 4; both have mean 3.
    // Centred: x -2, -0.5, -0.5, 1, 2; y -2, 0, -1, 2, 1.
    // sxy = 4 + 0 + 0.5 + 2 + 2 = 8.5, sxx = 9.5, syy = 10: rho = 8.5 / sqrt(95) = 0.87208.
    const auto c = rank_correlation(std::vector<double>{10, 20, 20, 30, 40},
                                    std::vector<double>{1, 3, 2, 5, 4});
    REQUIRE(c.spearman);
    CHECK(*c.spearman == Approx(8.5 / std::sqrt(95.0)).epsilon(1e-15));
    CHECK(*c.spearman == Approx(0.872082).margin(1e-6));
    check_interval(c, 8.5 / std::sqrt(95.0), 5);
  }
  SECTION("with ties in both: no relation is 0, a defined value") {
    // Ranks 1.5 1.5 3.5 3.5 and 1.5 3.5 1.5 3.5: centred products +1 -1 -1 +1 sum to 0.
    const auto c =
        rank_correlation(std::vector<double>{1, 1, 2, 2}, std::vector<double>{1, 2, 1, 2});
    REQUIRE(c.spearman);
    CHECK(*c.spearman == 0.0);
    check_interval(c, 0.0, 4);  // 1.96 x 1.03 / 1 either side of 0: tanh(2.0188) = 0.9653
    CHECK(c.interval->low == Approx(-0.965329).margin(1e-6));
    CHECK(c.interval->high == Approx(0.965329).margin(1e-6));
  }
}

TEST_CASE("a monotone relation has rho 1, a reversed one -1, whatever its shape",
          "[engine][rank_correlation]") {
  std::vector<double> x, rising, falling;
  for (int i = 1; i <= 10; ++i) {
    x.push_back(i);
    rising.push_back(std::exp(i));  // far from a straight line: Pearson's r would be 0.72
    falling.push_back(-i * i * i);
  }
  const auto up = rank_correlation(x, rising);
  const auto down = rank_correlation(x, falling);
  REQUIRE(up.spearman);
  REQUIRE(down.spearman);
  CHECK(*up.spearman == 1.0);
  CHECK(*down.spearman == -1.0);
  // Nowhere to go: the interval of a perfect agreement is the point itself, never NaN.
  REQUIRE(up.interval);
  CHECK(up.interval->low == 1.0);
  CHECK(up.interval->high == 1.0);
  REQUIRE(down.interval);
  CHECK(down.interval->low == -1.0);
}

TEST_CASE("a constant variable or too few pairs give no correlation, never 0",
          "[engine][rank_correlation]") {
  const auto constant =
      rank_correlation(std::vector<double>{3, 3, 3, 3, 3}, std::vector<double>{1, 2, 3, 4, 5});
  CHECK(constant.count == 5);
  CHECK_FALSE(constant.spearman);
  CHECK_FALSE(constant.interval);
  CHECK_FALSE(
      rank_correlation(std::vector<double>{1, 2, 3}, std::vector<double>{4, 4, 4}).spearman);
  CHECK_FALSE(rank_correlation(std::vector<double>{1}, std::vector<double>{2}).spearman);
  CHECK_FALSE(rank_correlation(std::vector<double>{}, std::vector<double>{}).spearman);

  // Two or three pairs have a rank correlation but no interval: its standard error needs n > 3.
  const auto three = rank_correlation(std::vector<double>{1, 2, 3}, std::vector<double>{1, 3, 2});
  REQUIRE(three.spearman);
  CHECK(*three.spearman == Approx(0.5));  // d = 0, -1, 1: 1 - 6 x 2 / 24
  CHECK_FALSE(three.interval);
}

TEST_CASE("pairs with a value that could not be computed are left out",
          "[engine][rank_correlation]") {
  const double nan = std::nan("");
  const auto c =
      rank_correlation(std::vector<double>{1, 2, nan, 3, 4, 5},
                       std::vector<double>{1, 2, 0, 3, std::numeric_limits<double>::infinity(), 4});
  CHECK(c.count == 4);
  REQUIRE(c.spearman);
  CHECK(*c.spearman == 1.0);
}

TEST_CASE("Spearman's rho of bivariate normal samples covers (6/pi) asin(r/2)",
          "[engine][rank_correlation][theory]") {
  // For a bivariate normal pair with Pearson correlation r, Spearman's population correlation
  // is (6/pi) asin(r/2) (Pearson 1907; Kruskal 1958), e.g. 0.8915 for r = 0.9.
  //
  // Tolerance, derived: atanh of the sample rho is close to normal around atanh of the
  // population value, with sd 1.03 / sqrt(n - 3) (Fieller, Hartley & Pearson 1957) for moderate
  // |r|; near |r| = 0.9 the true sd is up to ~15% larger (Bonett & Wright 2000: variance
  // (1 + rho^2 / 2) / (n - 3)). The 99.9% interval is 3.29 of the former sds either side, so at
  // least 2.86 true sds: a correct implementation misses with probability below 0.005 per case,
  // below 0.025 for all five, for an arbitrary seed. The seed is fixed, so the outcome is too.
  //
  // With n = 50,000 the test can also tell Spearman's rho from Pearson's: for r = 0.9 the two
  // differ by 0.043 in atanh, the interval's half-width is 0.015 and the true sd 0.0053, so r
  // itself lies above the interval unless the estimate is 5.3 sds high.
  const double r = GENERATE(-0.8, -0.3, 0.0, 0.5, 0.9);
  constexpr std::size_t n = 50'000;
  RandomStream rng(
      StreamKey{20'240'611, 0, 0, static_cast<std::uint64_t>(std::lround(10 * (r + 1)))});
  boost::random::normal_distribution<double> normal;
  std::vector<double> x(n), y(n);
  for (std::size_t i = 0; i < n; ++i) {
    const double a = normal(rng);
    const double b = normal(rng);
    x[i] = a;
    y[i] = r * a + std::sqrt(1.0 - r * r) * b;
  }
  const auto c = rank_correlation(x, y, 0.999);
  const double population = 6.0 / std::numbers::pi * std::asin(r / 2.0);
  REQUIRE(c.spearman);
  REQUIRE(c.interval);
  INFO("r " << r << ": population " << population << ", sample " << *c.spearman << " ["
            << c.interval->low << ", " << c.interval->high << "]");
  CHECK(c.interval->low <= population);
  CHECK(population <= c.interval->high);
  if (r == 0.9) CHECK(c.interval->high < r);

  // Ranks do not see a monotone transform of either variable.
  for (auto& v : x) v = std::exp(v);
  CHECK(rank_correlation(x, y, 0.999).spearman == c.spearman);
}
