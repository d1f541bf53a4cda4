#include "jeugdsim/models/youth_care/decisions.hpp"

#include <algorithm>

namespace jeugdsim::models::youth_care {
namespace {

TierDistribution certain(Tier t) {
  TierDistribution d{};
  d[index(t)] = 1.0;
  return d;
}

}  // namespace

TierDistribution assessed_tier(Severity truth, double accuracy, Tier at_least) {
  TierDistribution d{};
  auto add_severity = [&](int s, double p) {
    s = std::clamp(s, 0, static_cast<int>(Severity::kSevere));
    d[index(std::max(matched_tier(static_cast<Severity>(s)), at_least))] += p;
  };
  const int s = static_cast<int>(truth);
  add_severity(s, accuracy);
  add_severity(s - 1, (1.0 - accuracy) / 2.0);
  add_severity(s + 1, (1.0 - accuracy) / 2.0);
  return d;
}

TierDistribution first_tier(const Parameters& p, Severity severity, Route route,
                            bool poh_available) {
  if (severity == Severity::kCrisis) return certain(kCrisisTier);
  const bool matched = p.policy == Policy::kMatched;
  switch (route) {
    case Route::kGp: {
      if (poh_available) return certain(Tier::kPoh);
      // Without a POH the GP refers straight to specialist care or gives advice.
      TierDistribution d{};
      const double referred = p.gp_specialist_referral[index(severity)];
      d[index(Tier::kSpecialist)] = referred;
      d[index(Tier::kNetwork)] = 1.0 - referred;
      return d;
    }
    case Route::kDistrictTeam:
      return matched ? assessed_tier(severity, p.triage_accuracy) : certain(Tier::kFirstLine);
    case Route::kYouthProtection:
      return matched ? assessed_tier(severity, p.triage_accuracy, Tier::kSpecialist)
                     : certain(Tier::kSpecialist);
  }
  return certain(Tier::kNetwork);
}

TierDistribution after_failure(const Parameters& p, Tier tier, Severity severity) {
  if (tier == Tier::kResidential) return certain(Tier::kResidential);
  // The POH refers by its own assessment, whatever the municipality's policy.
  if (tier == Tier::kPoh) return assessed_tier(severity, p.poh.triage_accuracy);
  if (p.policy == Policy::kStepped) {
    // An out-of-home placement needs an indication: only a severe problem is placed because
    // specialist help failed; a lighter one gets another specialist trajectory.
    if (tier == Tier::kSpecialist && severity < Severity::kSevere) return certain(tier);
    return certain(heavier(tier));
  }
  // Matched care reassesses: if this is still the right tier the plan continues here (one
  // child, one plan); it never steps down after a failure.
  return assessed_tier(severity, p.triage_accuracy, tier);
}

}  // namespace jeugdsim::models::youth_care
