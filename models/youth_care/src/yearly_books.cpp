#include "yearly_books.hpp"

#include <cmath>

#include <fmt/format.h>

#include "jeugdsim/engine/check.hpp"

namespace jeugdsim::models::youth_care::detail {

YearResult YearlyBooks::result_of(int year, Time now) const {
  const Year& y = years_[slot(year)];
  const double nan = std::numeric_limits<double>::quiet_NaN();
  double children = 0.0;
  for (const auto& m : s_.epochs.front().parameters.municipalities) {
    children += population(m, year, s_.start_year);
  }
  double cost = 0.0;
  for (const auto& t : y.tiers) {
    JEUGDSIM_CHECK(std::isfinite(t.cost) && t.cost >= 0.0, "every cost is a finite amount >= 0",
                   now, engine::describe({{"year", static_cast<double>(year)}, {"cost", t.cost}}));
    cost += t.cost;
  }
  YearResult r;
  r[SystemMetric::kOutOfHomeRatePct] = 100.0 * y.out_of_home / children;
  r[SystemMetric::kChildrenInCare] = y.children_in_care;
  r[SystemMetric::kNewCases] = y.new_cases;
  r[SystemMetric::kCostEur] = cost;
  r[SystemMetric::kCostPerChildInCareEur] =
      y.children_in_care > 0 ? cost / y.children_in_care : nan;
  r[SystemMetric::kWithStayPct] =
      y.children_in_care > 0 ? 100.0 * y.out_of_home / y.children_in_care : nan;
  r[SystemMetric::kReentryPct] = y.new_cases > 0 ? 100.0 * y.reentries / y.new_cases : nan;
  const auto poh_share = [&y, nan](double count) {
    return y.poh_ended > 0 ? 100.0 * count / y.poh_ended : nan;
  };
  r[SystemMetric::kPohNoReferralPct] = poh_share(y.poh_no_referral);
  r[SystemMetric::kPohToLightHelpPct] = poh_share(y.poh_to_light_help);
  r[SystemMetric::kPohToSpecialistPct] = poh_share(y.poh_to_specialist);
  for (const auto& tier : kTiers) {
    const TierYear& t = y.tiers[index(tier.tier)];
    r.at(tier.tier, TierMetric::kCostEur) = t.cost;
    r.at(tier.tier, TierMetric::kReferrals) = t.referrals;
    r.at(tier.tier, TierMetric::kWaitMean) = t.waits > 0 ? t.wait_sum / t.waits : nan;
    r.at(tier.tier, TierMetric::kWaitingListEnd) = t.waiting_end;
    r.at(tier.tier, TierMetric::kOccupancyMean) = t.occupancy_area / year_length(year);
    r.at(tier.tier, TierMetric::kPlacesMean) = t.unlimited ? nan : t.place_area / year_length(year);
    r.at(tier.tier, TierMetric::kStaysUnderYearPct) =
        t.stays_ended > 0 ? 100.0 * t.stays_under_year / t.stays_ended : nan;
  }
  if constexpr (engine::kChecks) {
    // As a reader of summary.csv adds them up: the tiers' cost_eur make the year's.
    double tiers = 0.0;
    for (const auto& tier : kTiers) tiers += r.at(tier.tier, TierMetric::kCostEur);
    JEUGDSIM_CHECK(tiers == r[SystemMetric::kCostEur], "the tiers' costs add up to the total", now,
                   engine::describe({{"year", static_cast<double>(year)},
                                     {"tiers", tiers},
                                     {"total", r[SystemMetric::kCostEur]}}));
  }
  return r;
}

std::vector<double> YearlyBooks::results(Time now) const {
  std::vector<double> out;
  out.reserve(static_cast<std::size_t>(s_.years) * kValuesPerYear);
  for (int year = s_.start_year; year < s_.end_year(); ++year) {
    visit_values(result_of(year, now), [&out](const MetricInfo&, std::string_view, double value) {
      out.push_back(value);
    });
  }
  return out;
}

std::string YearlyBooks::timeseries_text(std::uint64_t replication) const {
  std::string out;
  for (const MonthReading& m : months_) {
    const int year = s_.start_year + static_cast<int>(m.month / 12);
    const unsigned month = m.month % 12 + 1;
    out += fmt::format("{},{:04}-{:02},{},{},{}\n", replication, year, month, info(m.tier).id,
                       m.occupancy, m.waiting);
  }
  return out;
}

}  // namespace jeugdsim::models::youth_care::detail
