#pragma once
// How closely one quantity rises or falls with another across replications: Spearman's rank
// correlation of paired values, with an approximate confidence interval. Ranks rather than the
// values themselves, so any monotone relation counts (not only a straight line) and one extreme
// replication cannot dominate it.

#include <cstddef>
#include <optional>
#include <span>
#include <vector>

namespace jeugdsim::engine {

struct CorrelationInterval {
  double low;
  double high;
};

struct RankCorrelation {
  std::size_t count = 0;  // pairs in which both values are finite
  // Empty when undefined: fewer than 2 pairs, or either variable constant (it has no order to
  // follow). Never 0 or NaN in its place: "no relation" and "cannot tell" differ.
  std::optional<double> spearman;
  // Empty when `spearman` is, or with fewer than 4 pairs (its standard error needs n - 3 > 0).
  std::optional<CorrelationInterval> interval;
};

// Spearman's rho of x[i] and y[i]: the Pearson correlation of their ranks, with tied values
// given the mean of the ranks they span. A pair with a non-finite value (a metric a replication
// could not compute) is left out. The interval is Fisher's z transform with the standard error
// of Fieller, Hartley & Pearson (1957), see rank_correlation.cpp. x and y have the same size.
RankCorrelation rank_correlation(std::span<const double> x, std::span<const double> y,
                                 double confidence = 0.95);

// Ranks 1..n of finite `values`, ties sharing the mean of their ranks: {3, 1, 4, 1} gives
// {3, 1.5, 4, 1.5}.
std::vector<double> average_ranks(std::span<const double> values);

}  // namespace jeugdsim::engine
