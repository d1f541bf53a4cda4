#include "jeugdsim/engine/distribution.hpp"

#include <cmath>
#include <numeric>
#include <stdexcept>
#include <string>

#include <boost/math/distributions/exponential.hpp>
#include <boost/math/distributions/gamma.hpp>
#include <boost/math/distributions/lognormal.hpp>
#include <boost/math/distributions/weibull.hpp>

namespace jeugdsim::engine {
namespace {

void require(bool ok, const char* what) {
  if (!ok) throw std::invalid_argument(what);
}

bool positive_finite(double x) { return std::isfinite(x) && x > 0.0; }

boost::random::lognormal_distribution<double> lognormal_from_moments(double mean, double sd) {
  // If X is lognormal with log-mean mu and log-sd sigma: E[X] = exp(mu + sigma^2/2) and
  // Var[X] = (exp(sigma^2) - 1) E[X]^2, so sigma^2 = ln(1 + sd^2/mean^2).
  const double sigma2 = std::log1p((sd / mean) * (sd / mean));
  return boost::random::lognormal_distribution<double>(std::log(mean) - 0.5 * sigma2,
                                                       std::sqrt(sigma2));
}

}  // namespace

Exponential::Exponential(double mean) : dist(1.0) {
  require(positive_finite(mean), "mean must be a positive number");
  dist = boost::random::exponential_distribution<double>(1.0 / mean);
}

Fixed::Fixed(double v) : value(v) {
  require(std::isfinite(v) && v >= 0.0, "value must be a number >= 0");
}

Uniform::Uniform(double lowest, double highest) : min(lowest), max(highest) {
  require(std::isfinite(min) && min >= 0.0, "min must be a number >= 0");
  require(std::isfinite(max) && max > min, "max must be a number greater than min");
}

Lognormal::Lognormal(double mean, double sd) : mean_(mean), sd_(sd) {
  require(positive_finite(mean), "mean must be a positive number");
  require(positive_finite(sd), "sd must be a positive number");
  dist = lognormal_from_moments(mean, sd);
}

Gamma::Gamma(double mean, double sd) : dist(1.0, 1.0) {
  require(positive_finite(mean), "mean must be a positive number");
  require(positive_finite(sd), "sd must be a positive number");
  const double shape = (mean / sd) * (mean / sd);
  dist = boost::random::gamma_distribution<double>(shape, mean / shape);
}

Weibull::Weibull(double shape, double scale) : dist(1.0, 1.0) {
  require(positive_finite(shape), "shape must be a positive number");
  require(positive_finite(scale), "scale must be a positive number");
  dist = boost::random::weibull_distribution<double>(shape, scale);
}

double Weibull::mean() const { return dist.b() * std::tgamma(1.0 + 1.0 / dist.a()); }

double Weibull::variance() const {
  const double m = std::tgamma(1.0 + 1.0 / dist.a());
  return dist.b() * dist.b() * (std::tgamma(1.0 + 2.0 / dist.a()) - m * m);
}

Empirical::Empirical(std::vector<double> vals, std::vector<double> weights)
    : values(std::move(vals)) {
  require(!values.empty(), "values must list at least one value");
  for (double v : values) require(std::isfinite(v) && v >= 0.0, "values must be numbers >= 0");
  if (weights.empty()) weights.assign(values.size(), 1.0);
  require(weights.size() == values.size(), "weights must have one entry per value");
  for (double w : weights) require(std::isfinite(w) && w >= 0.0, "weights must be numbers >= 0");
  require(std::accumulate(weights.begin(), weights.end(), 0.0) > 0.0,
          "weights must not all be zero");
  index = boost::random::discrete_distribution<std::size_t, double>(weights.begin(), weights.end());
}

double Empirical::mean() const {
  const auto p = index.probabilities();
  double m = 0.0;
  for (std::size_t i = 0; i < values.size(); ++i) m += p[i] * values[i];
  return m;
}

double Empirical::variance() const {
  const auto p = index.probabilities();
  const double m = mean();
  double v = 0.0;
  for (std::size_t i = 0; i < values.size(); ++i) v += p[i] * (values[i] - m) * (values[i] - m);
  return v;
}

std::string Distribution::name() const {
  static constexpr const char* names[] = {"exponential", "fixed",   "uniform",  "lognormal",
                                          "gamma",       "weibull", "empirical"};
  return names[family_.index()];
}

std::optional<double> Distribution::density(double x) const {
  return std::visit(
      [x](const auto& f) -> std::optional<double> {
        using F = std::decay_t<decltype(f)>;
        if constexpr (std::is_same_v<F, Fixed> || std::is_same_v<F, Empirical>) {
          return std::nullopt;
        } else if constexpr (std::is_same_v<F, Uniform>) {
          return x >= f.min && x <= f.max ? 1.0 / (f.max - f.min) : 0.0;
        } else {
          if (!(x > 0.0) || !std::isfinite(x)) return 0.0;  // the other families live on x > 0
          if constexpr (std::is_same_v<F, Exponential>) {
            return boost::math::pdf(boost::math::exponential_distribution<>(f.dist.lambda()), x);
          } else if constexpr (std::is_same_v<F, Lognormal>) {
            return boost::math::pdf(boost::math::lognormal_distribution<>(f.dist.m(), f.dist.s()),
                                    x);
          } else if constexpr (std::is_same_v<F, Gamma>) {
            return boost::math::pdf(
                boost::math::gamma_distribution<>(f.dist.alpha(), f.dist.beta()), x);
          } else {
            static_assert(std::is_same_v<F, Weibull>);
            return boost::math::pdf(boost::math::weibull_distribution<>(f.dist.a(), f.dist.b()), x);
          }
        }
      },
      family_);
}

}  // namespace jeugdsim::engine
