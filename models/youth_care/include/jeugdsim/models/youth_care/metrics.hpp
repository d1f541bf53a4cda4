#pragma once
// The metrics of a youth-care run: one row per metric, the one place that says what each is
// called and how the cohort model gives it. The metric list of summary.csv, the result vector of
// a replication (YearResult), the cohort's output, the keys `observed:` accepts and the headline
// that `run`, `sweep` and the report show all walk these tables. Adding a metric: a row here, an
// enumerator at the same place, where it accrues in the yearly books (yearly_books.hpp), and,
// if the cohort gives it, its value in cohort.cpp (docs/architecture.md).

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "jeugdsim/models/youth_care/tiers.hpp"

namespace jeugdsim::models::youth_care {

// What the Markov cohort model (cohort.hpp) gives for a metric.
enum class FromCohort : std::uint8_t {
  kNone,         // nothing: nobody waits in it (unlimited capacity), and it follows no trajectory
  kExact,        // the expectation of the same model without capacity limits
  kApproximate,  // an approximation of it (an upper bound; docs/model.md)
};

struct MetricInfo {
  std::string_view id;       // the `metric` column of every output
  std::string_view english;  // a chart's title, with the unit
  std::string_view dutch;
  FromCohort cohort;
};

// Whole-system metrics of a year (the `tier` column empty).
enum class SystemMetric : std::uint8_t {
  kOutOfHomeRatePct,
  kChildrenInCare,
  kNewCases,
  kCostEur,
  kCostPerChildInCareEur,
  kWithStayPct,
  kReentryPct,
  kPohNoReferralPct,
  kPohToLightHelpPct,
  kPohToSpecialistPct,
};
inline constexpr std::size_t kSystemMetricCount = 10;

inline constexpr std::array<MetricInfo, kSystemMetricCount> kSystemMetrics = {{
    {"out_of_home_rate_pct", "Out-of-home rate (% of children)",
     "Uithuisplaatsingen (% van de jeugdigen)", FromCohort::kApproximate},
    {"children_in_care", "Children in care", "Jeugdigen in zorg", FromCohort::kApproximate},
    {"new_cases", "New care questions", "Nieuwe hulpvragen", FromCohort::kExact},
    {"cost_eur", "Cost (EUR)", "Kosten (euro)", FromCohort::kExact},
    {"cost_per_child_in_care_eur", "Cost per child in care (EUR)",
     "Kosten per jeugdige in zorg (euro)", FromCohort::kApproximate},
    // Of the children in care in the year, those with a stay out of home (CBS: about 10% of the
    // youths with jeugdhulp had a stay, "verblijf", in 2019; DOMAIN.md).
    {"with_stay_pct", "Children in care with a stay out of home (%)",
     "Jeugdigen in zorg met verblijf buiten huis (%)", FromCohort::kApproximate},
    // Of the care questions that arose in the year, those of a child whose last care ended
    // within kReentryYears (CBS: 29% of the trajectories started in 2017 had youth care in the
    // five years before; docs/model.md says how the model's questions map onto them).
    {"reentry_pct", "Care questions of children with care in the 5 years before (%)",
     "Hulpvragen van jeugdigen met jeugdhulp in de 5 jaar ervoor (%)", FromCohort::kNone},
    // The outcome mix of the POH trajectories that ended in the year (DOMAIN.md: 45% no referral,
    // 17% other light help and 10% basic GGZ, 28% specialist GGZ; docs/model.md says how the
    // model's tiers map onto them). Empty in a year no POH trajectory ended.
    {"poh_no_referral_pct", "POH trajectories ended without referral (%)",
     "POH-trajecten afgesloten zonder verwijzing (%)", FromCohort::kNone},
    {"poh_to_light_help_pct", "POH trajectories referred to light help (%)",
     "POH-trajecten verwezen naar lichte hulp (%)", FromCohort::kNone},
    {"poh_to_specialist_pct", "POH trajectories referred to specialist care (%)",
     "POH-trajecten verwezen naar specialistische zorg (%)", FromCohort::kNone},
}};

// Metrics of a tier in a year.
enum class TierMetric : std::uint8_t {
  kCostEur,
  kReferrals,
  kWaitMean,
  kWaitingListEnd,
  kOccupancyMean,
  kPlacesMean,
  kStaysUnderYearPct,
};
inline constexpr std::size_t kTierMetricCount = 7;

inline constexpr std::array<MetricInfo, kTierMetricCount> kTierMetrics = {{
    {"cost_eur", "Cost (EUR)", "Kosten (euro)", FromCohort::kExact},
    {"referrals", "Referrals", "Verwijzingen", FromCohort::kExact},
    {"wait_mean", "Mean wait (days)", "Gemiddelde wachttijd (dagen)", FromCohort::kNone},
    {"waiting_list_end", "Waiting list at year end (children)",
     "Wachtlijst aan het eind van het jaar (jeugdigen)", FromCohort::kNone},
    {"occupancy_mean", "Mean occupancy (children in care)",
     "Gemiddelde bezetting (jeugdigen in zorg)", FromCohort::kExact},
    // Empty for a tier with unlimited places; for a responsive tier it shows what the rule
    // contracted (scenario.hpp, ResponsiveCapacity).
    {"places_mean", "Mean places", "Gemiddeld aantal plaatsen", FromCohort::kNone},
    // Of the stays in the tier that ended in the year (from the start of care to its end, a
    // trajectory continued in place included), those shorter than a year (Drenthe 2015:
    // two-thirds of the specialised trajectories; DOMAIN.md).
    {"stays_under_year_pct", "Stays ended within a year (%)", "Trajecten korter dan een jaar (%)",
     FromCohort::kNone},
}};

// The look-back of reentry_pct: CBS counts youth care in the five years before a start.
inline constexpr double kReentryYears = 5.0;

constexpr std::size_t index(SystemMetric m) { return static_cast<std::size_t>(m); }
constexpr std::size_t index(TierMetric m) { return static_cast<std::size_t>(m); }
constexpr const MetricInfo& info(SystemMetric m) { return kSystemMetrics[index(m)]; }
constexpr const MetricInfo& info(TierMetric m) { return kTierMetrics[index(m)]; }

// The headline: what `run` prints with its interval, what `sweep` prints per point, and what
// the sensitivity analysis and the report rank and chart first. Cost first.
inline constexpr std::array<SystemMetric, 2> kHeadlineMetrics = {SystemMetric::kCostEur,
                                                                 SystemMetric::kOutOfHomeRatePct};

// One year's results, by metric: what a replication reports and the cohort computes.
struct YearResult {
  std::array<double, kSystemMetricCount> system{};
  std::array<std::array<double, kTierMetricCount>, kTierCount> tiers{};

  double& operator[](SystemMetric m) { return system[index(m)]; }
  double operator[](SystemMetric m) const { return system[index(m)]; }
  double& at(Tier t, TierMetric m) { return tiers[index(t)][index(m)]; }
  double at(Tier t, TierMetric m) const { return tiers[index(t)][index(m)]; }
};

// Values per reported year.
inline constexpr std::size_t kValuesPerYear = kSystemMetricCount + kTierCount * kTierMetricCount;

// The values of a year in the order of the outputs: the whole system's metrics, then each
// tier's, each in table order. visit(metric, tier id or "" for the whole system, value): the one
// walk that both names the values (metrics()) and lists them (a replication's result vector, the
// cohort), so that a name and its value cannot fall out of step.
template <class Visit>
void visit_values(const YearResult& year, Visit&& visit) {
  for (std::size_t m = 0; m < kSystemMetricCount; ++m) {
    visit(kSystemMetrics[m], std::string_view{}, year.system[m]);
  }
  for (std::size_t t = 0; t < kTierCount; ++t) {
    for (std::size_t m = 0; m < kTierMetricCount; ++m) {
      visit(kTierMetrics[m], kTiers[t].id, year.tiers[t][m]);
    }
  }
}

}  // namespace jeugdsim::models::youth_care
