#pragma once
// The care tiers: one row per tier, the one place that says what a tier is called (in files,
// outputs and reports, in English and Dutch) and how the simulation counts it. Everything else
// (the loader's keys, the metric list, the cohort, the pathway graph, the report's labels, the
// time series) walks this table. Adding a tier: a row here, an enumerator in `Tier` at the
// same place, its rules in decisions.cpp, its block in the scenario files (docs/architecture.md).

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace jeugdsim::models::youth_care {

// The tiers, lightest first: the order of kTiers, and of every per-tier output.
enum class Tier : std::uint8_t { kNetwork, kPoh, kFirstLine, kSpecialist, kResidential };
inline constexpr std::size_t kTierCount = 5;

constexpr std::size_t index(Tier t) { return static_cast<std::size_t>(t); }

struct TierInfo {
  Tier tier;
  std::string_view id;       // the key under `tiers:`, and the `tier` column of every output
  std::string_view english;  // as a report names it
  std::string_view dutch;
  // Counted in children_in_care: help the municipality pays for (the own network is not).
  bool in_care;
  // Counted in out_of_home_rate_pct: the child lives away from home while in it.
  bool out_of_home;
  // One station per municipality, with places from its FTE (the POH in the GP practice); every
  // other tier is one regional station with the places of `capacity`.
  bool per_municipality;
  // A rung of the stepped-care ladder, which escalation climbs and step-down descends; the POH
  // is not one: it is where a GP's questions enter, not a rung care returns to (decisions.hpp).
  bool rung;
};

inline constexpr std::array<TierInfo, kTierCount> kTiers = {{
    {.tier = Tier::kNetwork,
     .id = "network",
     .english = "own network",
     .dutch = "eigen netwerk",
     .in_care = false,
     .out_of_home = false,
     .per_municipality = false,
     .rung = true},
    {.tier = Tier::kPoh,
     .id = "poh",
     .english = "POH-jeugd",
     .dutch = "POH-jeugd",
     .in_care = true,
     .out_of_home = false,
     .per_municipality = true,
     .rung = false},
    {.tier = Tier::kFirstLine,
     .id = "first_line",
     .english = "first-line",
     .dutch = "eerste lijn",
     .in_care = true,
     .out_of_home = false,
     .per_municipality = false,
     .rung = true},
    {.tier = Tier::kSpecialist,
     .id = "specialist",
     .english = "specialist",
     .dutch = "specialistisch",
     .in_care = true,
     .out_of_home = false,
     .per_municipality = false,
     .rung = true},
    {.tier = Tier::kResidential,
     .id = "residential",
     .english = "residential (out of home)",
     .dutch = "residentieel (uithuis)",
     .in_care = true,
     .out_of_home = true,
     .per_municipality = false,
     .rung = true},
}};

constexpr const TierInfo& info(Tier t) { return kTiers[index(t)]; }

// The ids alone, in order (the loader's key list, the pathway's nodes).
inline constexpr std::array<std::string_view, kTierCount> kTierIds = [] {
  std::array<std::string_view, kTierCount> ids{};
  for (std::size_t t = 0; t < kTierCount; ++t) ids[t] = kTiers[t].id;
  return ids;
}();

// The longest id, which sizes the rows of timeseries.csv.
inline constexpr std::size_t kLongestTierId = [] {
  std::size_t longest = 0;
  for (const auto& t : kTiers) longest = t.id.size() > longest ? t.id.size() : longest;
  return longest;
}();

namespace tiers_detail {
constexpr bool rows_in_enum_order() {
  for (std::size_t t = 0; t < kTierCount; ++t) {
    if (index(kTiers[t].tier) != t) return false;
  }
  return true;
}
constexpr std::size_t count_per_municipality() {
  std::size_t n = 0;
  for (const auto& t : kTiers) n += t.per_municipality ? 1 : 0;
  return n;
}
}  // namespace tiers_detail
static_assert(tiers_detail::rows_in_enum_order(), "kTiers lists the tiers in the order of Tier");
// The POH's places and fixed cost come from per-municipality FTE (Parameters::poh_places): the
// scenario has those parameters for one such tier only.
static_assert(tiers_detail::count_per_municipality() == 1 && info(Tier::kPoh).per_municipality,
              "the POH is the one tier with a station per municipality");
static_assert(kTiers.front().rung, "the lightest tier is a rung: step-down ends there");

}  // namespace jeugdsim::models::youth_care
