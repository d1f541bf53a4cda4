#pragma once
// Across-replication summaries: each replication gives one number per metric; the summary is
// their mean, sample sd, Student-t confidence interval for the mean, and percentiles.

#include <cstddef>
#include <limits>
#include <span>

namespace jeugdsim::engine {

// Two intervals that answer different questions: [ci_low, ci_high] is where the mean lies, given
// how many replications ran (Monte Carlo error; it shrinks as replications grow); [p025, p975]
// holds 95% of the replications (their spread: chance, and what the inputs drawn per replication
// leave open; it does not shrink).
struct Summary {
  static constexpr double kUnknown = std::numeric_limits<double>::quiet_NaN();
  std::size_t count = 0;  // replications that produced a (finite) value
  // NaN until set, so that a field nobody filled in reads as unknown, never as garbage.
  double mean = kUnknown, sd = kUnknown, ci_low = kUnknown, ci_high = kUnknown, p025 = kUnknown,
         p05 = kUnknown, p50 = kUnknown, p95 = kUnknown, p975 = kUnknown;
};

// Non-finite values (a metric a replication could not compute) are left out and not counted.
// With no values every field is NaN; with one value sd and the interval are NaN.
// Percentiles interpolate linearly between order statistics (Hyndman & Fan type 7, as R's and
// NumPy's defaults), so they are reproducible and comparable with those tools.
Summary summarize(std::span<const double> values, double confidence = 0.95);

// The two-sided Student-t quantile t_{(1+confidence)/2, dof}.
double student_t_quantile(double confidence, double degrees_of_freedom);

// The p-quantile (0 <= p <= 1) of already sorted values, type 7.
double sorted_quantile(std::span<const double> sorted, double p);

}  // namespace jeugdsim::engine
