#include "jeugdsim/io/read_distribution.hpp"

#include <stdexcept>

namespace jeugdsim::io {
namespace {

const std::vector<std::string> kFamilies = {"exponential", "fixed",   "uniform",  "lognormal",
                                            "gamma",       "weibull", "empirical"};

engine::Distribution::Family make_family(const std::string& family, const MapReader& m) {
  // Single-parameter checks here, so the error points at the parameter itself; the engine's
  // constructors check the rest (max > min, weights not all zero).
  auto positive = [&m](const char* key) { return m.required(key).as_positive_number(); };
  auto non_negative = [&m](const char* key) { return m.required(key).as_non_negative_number(); };
  if (family == "exponential") return engine::Exponential(positive("mean"));
  if (family == "fixed") return engine::Fixed(non_negative("value"));
  if (family == "uniform") return engine::Uniform(non_negative("min"), non_negative("max"));
  if (family == "lognormal") return engine::Lognormal(positive("mean"), positive("sd"));
  if (family == "gamma") return engine::Gamma(positive("mean"), positive("sd"));
  if (family == "weibull") return engine::Weibull(positive("shape"), positive("scale"));
  const auto weights = m.optional("weights");
  return engine::Empirical(m.required("values").as_number_list(),
                           weights ? weights->as_number_list() : std::vector<double>{});
}

std::vector<std::string> keys_of(const std::string& family) {
  if (family == "exponential") return {"dist", "mean"};
  if (family == "fixed") return {"dist", "value"};
  if (family == "uniform") return {"dist", "min", "max"};
  if (family == "lognormal" || family == "gamma") return {"dist", "mean", "sd"};
  if (family == "weibull") return {"dist", "shape", "scale"};
  return {"dist", "values", "weights"};
}

}  // namespace

engine::Distribution read_distribution(const ValueReader& value) {
  if (!value.is_map()) {
    value.fail("'" + value.path() +
               "' must be a distribution such as {dist: exponential, mean: 2.0}");
  }
  // The family first, so that other keys are checked against the ones it takes: a misspelt
  // 'meen' is then matched with 'mean' among two keys, not among every family's ten.
  const auto dist = value.child_before_checking("dist");
  if (!dist) {
    value.fail("missing key 'dist' in '" + value.path() +
               "': expected one of 'exponential', 'fixed', 'uniform', 'lognormal', 'gamma', "
               "'weibull' or 'empirical', as in {dist: exponential, mean: 2.0}");
  }
  const std::string family = dist->as_choice(kFamilies);
  const MapReader m = value.as_map(keys_of(family));
  try {
    return make_family(family, m);
  } catch (const std::invalid_argument& e) {
    // The engine's own check of the parameters (mean > 0, max > min, ...).
    value.fail("invalid " + family + " distribution '" + value.path() + "': " + e.what());
  }
}

}  // namespace jeugdsim::io
