#pragma once
// The Markov cohort version of the youth-care model: expected values, in milliseconds, of the
// same model with unlimited capacity (so nobody waits) and exponential durations.
//
// State: the expected number of children in each (tier, severity) and awaiting a relapse, per
// municipality. Between breakpoints (month starts and change dates) the rates are constant and
// the state moves exactly by a matrix exponential (Eigen), so the monthly steps introduce no
// discretisation error; time-integrals (child-days in care) come from the same exponential.
// What it cannot know: children leaving at 18 (ignored), and unique children per year, which
// it approximates as (in care on 1 January) + (entries during the year) -- an upper bound.

#include <string>
#include <vector>

#include "jeugdsim/models/youth_care/scenario.hpp"
#include "jeugdsim/outputs/results.hpp"

namespace jeugdsim::models::youth_care {

struct CohortValue {
  outputs::MetricId id;
  double value;
  bool approximate;  // an upper-bound approximation (FromCohort::kApproximate, metrics.hpp)
};

std::vector<CohortValue> cohort(const YouthCareScenario& scenario);

// A year in which a tier's demand outruns its places: the mean number of children the cohort
// model has in the tier (with no limit, so nobody waits) exceeds the tier's mean places. By
// Little's law that number is the tier's arrivals x mean stay, the places it needs for its
// waiting list not to grow; above it, the list grows for as long as the excess lasts (a queue
// with traffic intensity above 1). Warm-up years included; tiers in `kTiers` order, then years.
struct Overload {
  Tier tier;
  int year;
  double demand;  // children in the tier at once, on average over the year, without a limit
  double places;  // mean places over the year
};
std::vector<Overload> overloads(const YouthCareScenario& scenario);

}  // namespace jeugdsim::models::youth_care
