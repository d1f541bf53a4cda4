#include "jeugdsim/io/limits.hpp"

#include <fmt/format.h>

namespace jeugdsim::io {

std::size_t read_replications(const ValueReader& value) {
  return static_cast<std::size_t>(value.as_integer(1, kMaxReplications, kWhyMaxReplications));
}

void check_repeated_time(const ValueReader& value, const engine::Distribution& distribution,
                         double end_day) {
  const double shortest = kShortestMeanPerDay * end_day;
  if (distribution.mean() >= shortest) return;
  value.fail(fmt::format(
      "'{}' has a mean of {:.6g} days; the time between events that repeat must have a mean of "
      "at least {:.3g} days (a billionth of the {:.6g} days simulated): times are counted in days, "
      "and events a shorter time apart could follow each other without the clock moving",
      value.path(), distribution.mean(), shortest, end_day));
}

}  // namespace jeugdsim::io
