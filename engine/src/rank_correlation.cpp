#include "jeugdsim/engine/rank_correlation.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <numeric>

#include <boost/math/distributions/normal.hpp>

namespace jeugdsim::engine {
namespace {

// The standard error of atanh(Spearman's rho) is about 1.03 / sqrt(n - 3): Fieller, Hartley &
// Pearson, "Tests for rank correlation coefficients. I", Biometrika 44 (1957) 470-481, found its
// variance close to 1.060 / (n - 3) for samples of a bivariate normal distribution (Pearson's r
// has 1 / (n - 3); ranks lose a little information). 1.03^2 = 1.0609.
constexpr double kFiellerHartleyPearson = 1.03;

CorrelationInterval fisher_interval(double rho, std::size_t n, double confidence) {
  // atanh(+-1) is infinite: a perfect rank agreement has nowhere to go, and the transform's
  // interval collapses to the point.
  if (std::abs(rho) == 1.0) return {rho, rho};
  const double z = std::atanh(rho);
  const double half_width = boost::math::quantile(boost::math::normal(), 0.5 + 0.5 * confidence) *
                            kFiellerHartleyPearson / std::sqrt(static_cast<double>(n - 3));
  return {std::tanh(z - half_width), std::tanh(z + half_width)};
}

}  // namespace

std::vector<double> average_ranks(std::span<const double> values) {
  std::vector<std::size_t> order(values.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(),
            [&values](std::size_t a, std::size_t b) { return values[a] < values[b]; });
  std::vector<double> ranks(values.size());
  for (std::size_t first = 0; first < order.size();) {
    assert(std::isfinite(values[order[first]]));  // NaN has no place in an order
    std::size_t end = first + 1;
    while (end < order.size() && values[order[end]] == values[order[first]]) ++end;
    // Positions first..end-1 hold ranks first+1..end; each tied value gets their mean.
    const double rank = 0.5 * static_cast<double>(first + 1 + end);
    for (std::size_t k = first; k < end; ++k) ranks[order[k]] = rank;
    first = end;
  }
  return ranks;
}

RankCorrelation rank_correlation(std::span<const double> x, std::span<const double> y,
                                 double confidence) {
  assert(x.size() == y.size());
  assert(confidence > 0.0 && confidence < 1.0);
  std::vector<double> xs, ys;
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (std::isfinite(x[i]) && std::isfinite(y[i])) {
      xs.push_back(x[i]);
      ys.push_back(y[i]);
    }
  }
  RankCorrelation out;
  out.count = xs.size();
  if (out.count < 2) return out;

  const std::vector<double> rx = average_ranks(xs);
  const std::vector<double> ry = average_ranks(ys);
  // Ranks are multiples of 1/2 around a mean of (n + 1) / 2, so for any realistic n these sums
  // are exact and the result does not depend on summation order.
  const double mean = 0.5 * static_cast<double>(out.count + 1);
  double sxy = 0.0, sxx = 0.0, syy = 0.0;
  for (std::size_t i = 0; i < out.count; ++i) {
    sxy += (rx[i] - mean) * (ry[i] - mean);
    sxx += (rx[i] - mean) * (rx[i] - mean);
    syy += (ry[i] - mean) * (ry[i] - mean);
  }
  if (sxx == 0.0 || syy == 0.0) return out;  // a constant variable: no order to follow
  // The square root can round by an ulp past |rho| = 1; atanh needs it inside.
  const double rho = std::clamp(sxy / std::sqrt(sxx * syy), -1.0, 1.0);
  out.spearman = rho;
  if (out.count >= 4) out.interval = fisher_interval(rho, out.count, confidence);
  return out;
}

}  // namespace jeugdsim::engine
