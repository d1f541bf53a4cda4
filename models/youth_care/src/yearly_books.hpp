#pragma once
// The books of a youth-care replication: what each calendar year tallies as the events happen
// (costs, referrals, waits, child-days, children counted in care), the month-end readings of the
// time series, and the calendar of the run (which year a day falls in). Numbers only: the
// result vector and the CSV text are made from them once the replication ends (results(),
// timeseries_text()). Internal to simulate.cpp.

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "jeugdsim/engine/event_queue.hpp"
#include "jeugdsim/models/youth_care/metrics.hpp"
#include "jeugdsim/models/youth_care/scenario.hpp"

namespace jeugdsim::models::youth_care::detail {

using engine::Time;

// Per-year, per-tier tallies for the reported metrics.
struct TierYear {
  double cost = 0.0;
  double referrals = 0.0;
  double wait_sum = 0.0;
  double waits = 0.0;
  double occupancy_area = 0.0;  // child-days in care
  double place_area = 0.0;      // place-days
  bool unlimited = false;       // the places were unlimited at some time in the year
  double waiting_end = 0.0;
  double stays_ended = 0.0;       // stays in care (from the start of care to its end)
  double stays_under_year = 0.0;  // of them, those shorter than a year
};

struct Year {
  std::array<TierYear, kTierCount> tiers{};
  double children_in_care = 0.0;
  double out_of_home = 0.0;
  double new_cases = 0.0;
  double reentries = 0.0;  // of new_cases: children whose last care ended within kReentryYears
  // POH trajectories that ended in the year, and where they sent the child.
  double poh_ended = 0.0;
  double poh_no_referral = 0.0;
  double poh_to_light_help = 0.0;
  double poh_to_specialist = 0.0;
};

// One row of timeseries.csv, as numbers.
struct MonthReading {
  std::uint32_t month;  // offset from January of the first reported year
  Tier tier;
  double occupancy;
  std::size_t waiting;
};

class YearlyBooks {
 public:
  YearlyBooks(const YouthCareScenario& s)
      : s_(s),
        first_year_(s.first_simulated_year()),
        years_(static_cast<std::size_t>(s.years + s.warmup_years)) {
    // One more than the simulated years: the day the last one ends.
    for (int y = first_year_; y <= s.end_year(); ++y) {
      year_start_.push_back(day_of_year_start(y, first_year_));
    }
  }

  [[nodiscard]] std::size_t simulated_years() const { return years_.size(); }
  [[nodiscard]] int first_year() const { return first_year_; }

  // The calendar year of day `t` of the run (0 <= t <= end of the run; the end itself belongs
  // to the last year), by table: it is asked at nearly every event.
  // Time only moves forward, so the answer is nearly always the year of the previous call:
  // two comparisons with the days that year spans; else a search from there.
  int year_at(Time t) const {
    if (t >= hint_.from && t < hint_.until) return first_year_ + static_cast<int>(hint_.slot);
    const std::size_t last = year_start_.size() - 2;  // slot of the last simulated year
    std::size_t y = hint_.slot;
    while (y < last && year_start_[y + 1] <= t) ++y;
    while (y > 0 && year_start_[y] > t) --y;
    // The first year also takes what lies before it, the last what lies after it (the end).
    constexpr Time kForever = std::numeric_limits<Time>::infinity();
    hint_ = {y == 0 ? -kForever : year_start_[y], y == last ? kForever : year_start_[y + 1], y};
    return first_year_ + static_cast<int>(y);
  }

  Year& year(int year) { return years_[slot(year)]; }
  Year& at(Time t) { return year(year_at(t)); }
  TierYear& tier_at(Time t, Tier tier) { return at(t).tiers[index(tier)]; }
  Year& of_slot(std::size_t slot) { return years_[slot]; }

  [[nodiscard]] double year_length(int year) const {
    return year_start_[slot(year) + 1] - year_start_[slot(year)];
  }

  void read_month(std::uint32_t month, Tier tier, double occupancy, std::size_t waiting) {
    months_.push_back(MonthReading{month, tier, occupancy, waiting});
  }

  // The reported years' values in the order of metrics(scenario) (metrics.hpp, visit_values).
  [[nodiscard]] std::vector<double> results(Time now) const;
  // The rows of timeseries.csv of replication `replication`, without header.
  [[nodiscard]] std::string timeseries_text(std::uint64_t replication) const;

 private:
  [[nodiscard]] std::size_t slot(int year) const {
    return static_cast<std::size_t>(year - first_year_);
  }
  [[nodiscard]] YearResult result_of(int year, Time now) const;

  const YouthCareScenario& s_;
  const int first_year_;
  std::vector<Year> years_;
  std::vector<Time> year_start_;  // day each simulated year starts, and the day after the last
  std::vector<MonthReading> months_;
  // The year year_at() found last: the days [from, until) it answers for, and its slot.
  struct YearHint {
    Time from = 0.0;
    Time until = 0.0;  // empty until the first call
    std::size_t slot = 0;
  };
  mutable YearHint hint_;
};

}  // namespace jeugdsim::models::youth_care::detail
