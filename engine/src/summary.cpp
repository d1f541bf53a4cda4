#include "jeugdsim/engine/summary.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include <boost/math/distributions/students_t.hpp>

namespace jeugdsim::engine {

double student_t_quantile(double confidence, double degrees_of_freedom) {
  const boost::math::students_t_distribution<double> t(degrees_of_freedom);
  return boost::math::quantile(t, 0.5 + 0.5 * confidence);
}

double sorted_quantile(std::span<const double> sorted, double p) {
  if (sorted.empty()) return std::numeric_limits<double>::quiet_NaN();
  const double h = p * static_cast<double>(sorted.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

Summary summarize(std::span<const double> values, double confidence) {
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  std::vector<double> finite;
  finite.reserve(values.size());
  for (double v : values) {
    if (std::isfinite(v)) finite.push_back(v);
  }
  Summary s{finite.size(), nan, nan, nan, nan, nan, nan, nan, nan, nan};
  if (finite.empty()) return s;

  // Summation in replication order: the result does not depend on which thread ran what.
  double sum = 0.0;
  for (double v : finite) sum += v;
  const auto n = static_cast<double>(finite.size());
  s.mean = sum / n;

  std::vector<double> sorted = finite;
  std::sort(sorted.begin(), sorted.end());
  s.p025 = sorted_quantile(sorted, 0.025);
  s.p05 = sorted_quantile(sorted, 0.05);
  s.p50 = sorted_quantile(sorted, 0.50);
  s.p95 = sorted_quantile(sorted, 0.95);
  s.p975 = sorted_quantile(sorted, 0.975);

  if (finite.size() >= 2) {
    double squares = 0.0;
    for (double v : finite) squares += (v - s.mean) * (v - s.mean);
    s.sd = std::sqrt(squares / (n - 1.0));
    const double half_width = student_t_quantile(confidence, n - 1.0) * s.sd / std::sqrt(n);
    s.ci_low = s.mean - half_width;
    s.ci_high = s.mean + half_width;
  }
  return s;
}

}  // namespace jeugdsim::engine
