#pragma once
// The scenario syntax of a distribution, shared by every model:
//   {dist: exponential, mean: M}      {dist: fixed, value: V}      {dist: uniform, min: A, max: B}
//   {dist: lognormal, mean: M, sd: S} {dist: gamma, mean: M, sd: S}
//   {dist: weibull, shape: K, scale: L}
//   {dist: empirical, values: [...], weights: [...]}   (weights optional: equal)

#include "jeugdsim/engine/distribution.hpp"
#include "jeugdsim/io/value_reader.hpp"

namespace jeugdsim::io {

engine::Distribution read_distribution(const ValueReader& value);

}  // namespace jeugdsim::io
