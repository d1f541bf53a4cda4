#pragma once
// Probability distributions for durations and inter-arrival times, as value types.
//
// A Distribution is a std::variant of small structs, so sampling is a jump on the variant's
// index: no virtual call and no allocation per draw. Each family is parameterised the way a
// modeller states it (a lognormal by the mean and sd of the duration itself, not of its log)
// and converts once, at construction, to what Boost.Random needs. Constructors validate; the
// scenario loader turns their std::invalid_argument into a located error.

#include <optional>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

#include <boost/random/discrete_distribution.hpp>
#include <boost/random/exponential_distribution.hpp>
#include <boost/random/gamma_distribution.hpp>
#include <boost/random/lognormal_distribution.hpp>
#include <boost/random/weibull_distribution.hpp>

#include "jeugdsim/engine/random.hpp"

namespace jeugdsim::engine {

struct Exponential {
  explicit Exponential(double mean);
  double sample(RandomStream& rng) const { return dist(rng); }
  double mean() const { return 1.0 / dist.lambda(); }
  double variance() const { return mean() * mean(); }
  boost::random::exponential_distribution<double> dist;
};

struct Fixed {
  explicit Fixed(double value);
  double sample(RandomStream& /*rng*/) const { return value; }
  double mean() const { return value; }
  double variance() const { return 0.0; }
  double value;
};

struct Uniform {
  Uniform(double min, double max);
  double sample(RandomStream& rng) const { return min + (max - min) * rng.uniform01(); }
  double mean() const { return 0.5 * (min + max); }
  double variance() const { return (max - min) * (max - min) / 12.0; }
  double min, max;
};

// Parameterised by the mean and sd of the variable itself.
struct Lognormal {
  Lognormal(double mean, double sd);
  // Boost's operator() is non-const (it may cache state); a copy keeps a scenario that is
  // shared between threads free of data races, and costs two doubles.
  double sample(RandomStream& rng) const {
    return boost::random::lognormal_distribution<double>(dist)(rng);
  }
  double mean() const { return mean_; }
  double variance() const { return sd_ * sd_; }
  double mean_, sd_;
  boost::random::lognormal_distribution<double> dist;  // holds mu, sigma of the log
};

// Parameterised by mean and sd; shape = (mean/sd)^2, scale = sd^2/mean.
struct Gamma {
  Gamma(double mean, double sd);
  double sample(RandomStream& rng) const {  // copy: see Lognormal::sample
    return boost::random::gamma_distribution<double>(dist)(rng);
  }
  double mean() const { return dist.alpha() * dist.beta(); }
  double variance() const { return dist.alpha() * dist.beta() * dist.beta(); }
  boost::random::gamma_distribution<double> dist;
};

struct Weibull {
  Weibull(double shape, double scale);
  double sample(RandomStream& rng) const { return dist(rng); }
  double mean() const;
  double variance() const;
  boost::random::weibull_distribution<double> dist;
};

// A finite set of values with relative weights (equal weights if none are given).
struct Empirical {
  Empirical(std::vector<double> values, std::vector<double> weights);
  double sample(RandomStream& rng) const { return values[index(rng)]; }
  double mean() const;
  double variance() const;
  std::vector<double> values;
  boost::random::discrete_distribution<std::size_t, double> index;
};

class Distribution {
 public:
  using Family = std::variant<Exponential, Fixed, Uniform, Lognormal, Gamma, Weibull, Empirical>;

  // Implicit from any family (Distribution d = Exponential(2.0);): a family *is* a distribution.
  template <class F>
  requires std::is_constructible_v<Family, F> Distribution(F family)
      : family_(std::move(family)) {}  // NOLINT(google-explicit-constructor)

  double sample(RandomStream& rng) const {
    return std::visit([&rng](const auto& d) { return d.sample(rng); }, family_);
  }
  double mean() const {
    return std::visit([](const auto& d) { return d.mean(); }, family_);
  }
  double variance() const {
    return std::visit([](const auto& d) { return d.variance(); }, family_);
  }
  // The squared coefficient of variation, Var/mean^2: what queueing formulas need.
  double scv() const { return variance() / (mean() * mean()); }
  // The probability density at x (0 outside the support), for what weighs draws against their
  // distribution (calibration, abc_smc.hpp). None for `fixed` and `empirical`, which have no
  // density: a point and a list of points.
  std::optional<double> density(double x) const;
  // The family's name as written in a scenario file ("exponential", "lognormal", ...).
  std::string name() const;
  const Family& family() const { return family_; }

 private:
  Family family_;
};

}  // namespace jeugdsim::engine
