#pragma once
// Limits on what a scenario may ask for that every kind shares, each with the reason a user is
// told when a value passes it (docs/reliability.md). They are far above real use -- Drenthe has
// about 100,000 children in 12 municipalities and runs 10 + 10 years with 1,000 replications --
// and stop an absurd value (a typo, a unit mistake, a script gone wrong) before it runs for days
// or until the machine has no memory left.

#include <cstdint>
#include <string_view>

#include "jeugdsim/engine/distribution.hpp"
#include "jeugdsim/io/value_reader.hpp"

namespace jeugdsim::io {

inline constexpr std::int64_t kMaxReplications = 1'000'000;
inline constexpr std::string_view kWhyMaxReplications =
    "every replication's values are kept for the percentiles, and a million replications already "
    "make a 95% interval a thousandth of the spread between replications";

// `replications`, 1 to kMaxReplications.
std::size_t read_replications(const ValueReader& value);

// Simulated time is a count of days in a double, whose steps grow with the count; a run ends
// by day kMaxSimulatedDays (about 270,000 years; the longest benchmark runs 20 million days,
// and a million years, 3.65e8 days, is a unit mistake).
inline constexpr double kMaxSimulatedDays = 1e8;

// The mean of a time between events that repeat (arrivals, care trajectories) must be at least
// this fraction of the run's last day: times there are exact to about 2e-16 of it, and a
// shorter mean (a fixed 0 above all) could let events repeat without the clock moving, a run
// that never ends. 1e-9 leaves millions of steps of the clock in every such time.
inline constexpr double kShortestMeanPerDay = 1e-9;

// Refuses `distribution` (read from `value`) if its mean is below kShortestMeanPerDay x
// `end_day`.
void check_repeated_time(const ValueReader& value, const engine::Distribution& distribution,
                         double end_day);

}  // namespace jeugdsim::io
