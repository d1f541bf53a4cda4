#pragma once
// `kind: youth_care`: children of one or more municipalities moving through the care tiers
// under a stepped-care or matched-care policy, with capacities and waiting lists.
// The model is described in docs/model.md; the file syntax in docs/scenarios.md.

#include <array>
#include <cmath>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "jeugdsim/engine/distribution.hpp"
#include "jeugdsim/models/youth_care/tiers.hpp"

namespace jeugdsim::models::youth_care {

// The tiers (Tier, kTiers) are in tiers.hpp.

enum class Severity : std::uint8_t { kMild, kModerate, kSevere, kCrisis };
inline constexpr std::size_t kSeverityCount = 4;
inline constexpr std::array<std::string_view, kSeverityCount> kSeverityIds = {"mild", "moderate",
                                                                              "severe", "crisis"};

// Where a care question first arrives.
enum class Route : std::uint8_t { kGp, kDistrictTeam, kYouthProtection };
inline constexpr std::size_t kRouteCount = 3;
inline constexpr std::array<std::string_view, kRouteCount> kRouteIds = {"gp", "district_team",
                                                                        "youth_protection"};

// Age bands of the care-question rate; each is 6 years wide.
inline constexpr std::size_t kAgeBandCount = 3;
inline constexpr std::array<std::string_view, kAgeBandCount> kAgeBandIds = {"0-5", "6-11", "12-17"};

// How a municipality places a care question (decisions.cpp holds what each means).
enum class Policy : std::uint8_t { kStepped, kMatched };
inline constexpr std::size_t kPolicyCount = 2;
inline constexpr std::array<std::string_view, kPolicyCount> kPolicyIds = {"stepped", "matched"};
constexpr std::string_view policy_id(Policy p) { return kPolicyIds[static_cast<std::size_t>(p)]; }

constexpr std::size_t index(Severity s) { return static_cast<std::size_t>(s); }

// Places that follow the waiting list (`tiers.<id>.responsive`; docs/model.md, "Capacity that
// follows demand"). At the start of every month the region compares the wait that a child
// joining the list can expect (the list, at the pace the places free up: waiting x mean
// duration / places) with the norm. Over the norm, it contracts the places the norm asks for,
// at most step_pct of the places a month, in use lag_days later; with nobody waiting, it gives
// back places it added that stand empty, at the same pace. The tier's `capacity` is the
// contracted floor: places above it come and go, it stays.
struct ResponsiveCapacity {
  double wait_norm_days = 28.0;  // the Treeknorm: 4 weeks (DOMAIN.md)
  double lag_days = 0.0;         // from the decision to places in use
  double step_pct = 0.0;         // the most added (or given back) in a month, % of the places
};

struct TierParameters {
  // Concurrent places; nullopt = unlimited. For `poh` it is derived per municipality from
  // fte x caseload_per_fte.
  std::optional<std::uint32_t> capacity;
  std::optional<ResponsiveCapacity> responsive;  // none: the places are `capacity`, as dated
  engine::Distribution duration = engine::Exponential(1.0);  // days per trajectory
  // Probability that a trajectory in this tier resolves the problem, by severity.
  std::array<double, kSeverityCount> success{};
  // After a resolved trajectory: the share that continues one tier lighter (aftercare).
  double step_down = 0.0;
  double cost_per_day = 0.0;         // EUR per child per day in care
  double cost_per_trajectory = 0.0;  // EUR per started trajectory
  double cost_fixed_per_year = 0.0;  // EUR per year, whatever the use
};

struct PohParameters {
  double fte = 0.0;               // per municipality (unless the municipality sets poh_fte)
  double caseload_per_fte = 0.0;  // children in POH care at once per FTE
  double cost_per_fte_year = 0.0;
  double triage_accuracy = 0.0;  // share of POH referrals sent to the tier matching severity
};

struct Municipality {
  std::string id;
  double children = 0.0;             // children 0-17 in the first reported year
  double growth_pct_per_year = 0.0;  // population trend, % per year
  // Multiplies care_questions.rate_per_child_per_year: how much more (or less) often children
  // here need care than where the rates were calibrated (1 = the same).
  double demand_index = 1.0;
  std::optional<double> poh_fte;  // overrides tiers.poh.fte for this municipality
};

// Everything that `changes:` may alter from a date on.
struct Parameters {
  Policy policy = Policy::kStepped;
  std::vector<Municipality> municipalities;
  std::array<double, kAgeBandCount> question_rate{};  // per child per year, by age band
  std::array<double, kSeverityCount> severity_mix{};
  std::array<double, kRouteCount> route_mix{};
  double worsening_per_year = 0.0;  // one severity level up, while waiting or in too-light care
  double resolving_per_year = 0.0;  // hazard of resolving without help while waiting
  double relapse_probability = 0.0;
  engine::Distribution relapse_delay = engine::Exponential(1.0);
  // Without a POH: the share of a GP's questions referred straight to specialist care, by
  // severity (the rest get advice: the own network). A crisis never reaches the GP's choice.
  std::array<double, kSeverityCount> gp_specialist_referral{};
  double triage_accuracy = 0.0;  // matched care: share assessed at the right severity
  std::array<TierParameters, kTierCount> tiers;
  PohParameters poh;
  double admin_overhead_pct = 0.0;

  [[nodiscard]] const TierParameters& tier(Tier t) const { return tiers[index(t)]; }
  [[nodiscard]] double poh_fte(const Municipality& m) const { return m.poh_fte.value_or(poh.fte); }
  // POH places (children at once) in `m`: whole places of fte x caseload_per_fte.
  [[nodiscard]] std::uint32_t poh_places(const Municipality& m) const {
    return static_cast<std::uint32_t>(std::floor(poh_fte(m) * poh.caseload_per_fte));
  }
  // What one euro of care costs with the administrative overhead of this period on top. Applied
  // when a cost is booked, so a change of the overhead counts from its date on.
  [[nodiscard]] double overhead_factor() const { return 1.0 + admin_overhead_pct / 100.0; }
};

struct Epoch {
  double from_day;  // simulation day (day 0 = 1 January of the first simulated year)
  std::string from_date;
  Parameters parameters;
};

// `uncertain.<path>: distribution`: an input drawn once per replication (the same draw for
// the same replication in every scenario run with the same seed). The scenario's own values are
// the distributions' means; a replication's values come from `drawn_scenario` (load.hpp).
struct UncertainInput {
  std::string path;  // e.g. "tiers.poh.caseload_per_fte"
  engine::Distribution distribution;
  std::string location;  // FILE:LINE:COL of the entry, for errors
};

// The standard deviation of an observed figure given as a bare number, as a share of it: 10%,
// for figures of municipal registers quoted to two or three digits (docs/calibration.md).
inline constexpr double kDefaultObservedRelativeSd = 0.10;

// observed.<metric>[.<tier>].<year or FIRST-LAST>: a figure seen in reality (the mean over its
// years of the metric, of the whole system or of one tier), with the uncertainty of the
// observation.
struct ObservedFigure {
  std::string metric;
  std::string tier;  // "" for the whole system
  int first_year = 0;
  int last_year = 0;
  double value = 0.0;
  double sd = 0.0;       // of the observation's error
  std::string location;  // FILE:LINE:COL of its year
};

struct YouthCareScenario {
  std::string name;
  int start_year = 0;    // first reported year
  int years = 0;         // reported years
  int warmup_years = 0;  // simulated before start_year, not reported
  std::size_t replications = 0;
  std::uint64_t seed = 0;
  std::vector<Epoch> epochs;  // epochs[0] starts at day 0; sorted by date
  // `observed:`: figures seen in reality, printed next to the simulation and fitted by
  // `calibrate`.
  std::vector<ObservedFigure> observed;
  std::vector<UncertainInput> uncertain;

  [[nodiscard]] int first_simulated_year() const { return start_year - warmup_years; }
  [[nodiscard]] int end_year() const { return start_year + years; }  // exclusive
};

// The simulation's year: 365.25 days, so that rates per year and calendar years agree on average.
inline constexpr double kDaysPerYear = 365.25;

// Children 0-17 of `m` in `year`: the count of the first reported year with the yearly trend.
double population(const Municipality& m, int year, int start_year);

// New care questions per day in `m` in `year` under `p`. The population is spread evenly over
// the 18 ages, so each 6-year age band holds a third of it.
double questions_per_day(const Parameters& p, const Municipality& m, int year, int start_year);

// Day number of 1 January of `year`, with day 0 = 1 January of `base_year` (real calendar).
double day_of_year_start(int year, int base_year);
// Day number of the first day of `month` (1..12) of `year`.
double day_of_month_start(int year, unsigned month, int base_year);
// Day number of an ISO date YYYY-MM-DD; nullopt if it is not a valid date.
std::optional<double> day_of_date(std::string_view iso_date, int base_year);

}  // namespace jeugdsim::models::youth_care
