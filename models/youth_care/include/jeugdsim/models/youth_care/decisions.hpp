#pragma once
// Where a child goes, as a probability distribution over tiers: the one statement of the
// policies, used by the simulation (which draws from it) and by the cohort model (which uses
// it as transition probabilities), so the two cannot drift apart.

#include <array>

#include "jeugdsim/models/youth_care/scenario.hpp"

namespace jeugdsim::models::youth_care {

using TierDistribution = std::array<double, kTierCount>;

// The tier that matches a severity: mild -> network, moderate -> first_line,
// severe -> specialist, crisis -> residential.
constexpr Tier matched_tier(Severity s) {
  constexpr std::array<Tier, kSeverityCount> kMatch = {Tier::kNetwork, Tier::kFirstLine,
                                                       Tier::kSpecialist, Tier::kResidential};
  return kMatch[index(s)];
}

// Whether care at tier `t` is lighter than a problem of severity `s` needs, so that the problem
// can grow during it. The POH counts as the light ambulant help it is, as heavy as first-line
// care: a severe problem can grow during its trajectory. (Until issue 17 it could not, which
// made every POH trajectory a safe harbour and a large part of the POH's effect; docs/model.md.)
constexpr bool too_light(Tier t, Severity s) {
  const Tier as_heavy_as = t == Tier::kPoh ? Tier::kFirstLine : t;
  return index(as_heavy_as) < index(matched_tier(s));
}

// Where a crisis goes: at once, over capacity if need be (the simulation's admit_crisis).
inline constexpr Tier kCrisisTier = matched_tier(Severity::kCrisis);

// One rung lighter (step-down, aftercare) and heavier (stepped escalation) on the ladder of
// stepped care: the tiers marked `rung` in kTiers, in their order. The POH is not a rung: it is
// an entry point in the GP practice, not a place that care returns to or escalates into.
constexpr Tier lighter(Tier t) {
  for (std::size_t i = index(t); i-- > 0;) {
    if (kTiers[i].rung) return kTiers[i].tier;
  }
  return kTiers.front().tier;
}
constexpr Tier heavier(Tier t) {
  for (std::size_t i = index(t) + 1; i < kTierCount; ++i) {
    if (kTiers[i].rung) return kTiers[i].tier;
  }
  return t;  // the heaviest rung: escalation ends here
}
static_assert(lighter(Tier::kFirstLine) == Tier::kNetwork &&
              lighter(Tier::kPoh) == Tier::kNetwork &&
              heavier(Tier::kNetwork) == Tier::kFirstLine &&
              heavier(Tier::kResidential) == Tier::kResidential);

// An assessment with the given accuracy: right with probability `accuracy`, otherwise one
// severity level off, up or down with equal chance, within mild..severe. Returns the
// distribution of the tier matching the assessed severity, never lighter than `at_least`.
TierDistribution assessed_tier(Severity truth, double accuracy, Tier at_least = Tier::kNetwork);

// The first tier of a new care question (a crisis goes to residential care at once).
TierDistribution first_tier(const Parameters& p, Severity severity, Route route,
                            bool poh_available);

// Where a child goes after a trajectory in `tier` that did not resolve its problem. The same
// tier means a new trajectory in place (no new wait): always so for residential care, and for
// matched care when the reassessment confirms the tier.
TierDistribution after_failure(const Parameters& p, Tier tier, Severity severity);

// The index that u falls on when [0, sum of weights) is cut into the weights in order; with a
// probability distribution and u uniform in [0, 1) that is a draw from it. The last index with
// a positive weight absorbs rounding.
template <std::size_t N>
std::size_t pick(const std::array<double, N>& weights, double u) {
  std::size_t last = 0;
  for (std::size_t i = 0; i < N; ++i) {
    if (weights[i] <= 0.0) continue;
    if (u < weights[i]) return i;
    u -= weights[i];
    last = i;
  }
  return last;
}

}  // namespace jeugdsim::models::youth_care
