#pragma once
// The care tiers as queueing stations: one regional station per tier, except the tier marked
// per_municipality in kTiers (the POH), which has one station per municipality with the places
// of that municipality's FTE. The only place that knows this: the simulation asks for "the
// station of tier t for a child of municipality m" and for a tier's totals. Internal to
// simulate.cpp.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "jeugdsim/engine/station.hpp"
#include "jeugdsim/models/youth_care/scenario.hpp"

namespace jeugdsim::models::youth_care::detail {

class TierStations {
 public:
  // Every station unlimited and empty; set_capacities gives them their places.
  explicit TierStations(std::size_t municipalities) {
    for (std::size_t t = 0; t < kTierCount; ++t) regional_.emplace_back(engine::StationCapacity{});
    for (std::size_t m = 0; m < municipalities; ++m)
      local_.emplace_back(engine::StationCapacity{0});
  }

  engine::Station& station(Tier t, std::uint32_t municipality) {
    return info(t).per_municipality ? local_[municipality] : regional_[index(t)];
  }

  // The places of `p`: `capacity` of a regional tier, with `added` places above it where a
  // responsive tier contracted more (ResponsiveCapacity); FTE x caseload of a municipality's POH.
  void set_capacities(const Parameters& p, const std::array<std::uint32_t, kTierCount>& added) {
    for (const auto& tier : kTiers) {
      if (tier.per_municipality) continue;
      std::optional<std::uint32_t> places = p.tier(tier.tier).capacity;
      if (places) *places += added[index(tier.tier)];
      regional_[index(tier.tier)].set_capacity(engine::StationCapacity{places});
    }
    for (std::size_t m = 0; m < local_.size(); ++m) {
      local_[m].set_capacity(engine::StationCapacity{p.poh_places(p.municipalities[m])});
    }
  }

  // Calls f(station) for every station: the regional ones in tier order, then the
  // municipalities' in their order (the order in which added places are filled).
  template <class F>
  void for_each(F&& f) {
    for (const auto& tier : kTiers) {
      if (!tier.per_municipality) f(regional_[index(tier.tier)]);
    }
    for (auto& st : local_) f(st);
  }

  // Children waiting for, and places in use in, tier t: over every municipality where it is
  // per municipality.
  [[nodiscard]] std::size_t waiting(Tier t) const {
    return sum(t, [](const engine::Station& st) { return st.waiting(); });
  }
  [[nodiscard]] std::size_t busy(Tier t) const {
    return sum(t, [](const engine::Station& st) { return st.busy(); });
  }
  // The places of tier t; nullopt if they are unlimited.
  [[nodiscard]] std::optional<std::size_t> places(Tier t) const {
    if (!info(t).per_municipality && regional_[index(t)].capacity().unlimited()) return {};
    return sum(t, [](const engine::Station& st) {
      return std::size_t{st.capacity().servers.value_or(0)};
    });
  }

 private:
  template <class Count>
  [[nodiscard]] std::size_t sum(Tier t, Count&& count) const {
    if (!info(t).per_municipality) return count(regional_[index(t)]);
    std::size_t n = 0;
    for (const auto& st : local_) n += count(st);
    return n;
  }

  std::vector<engine::Station>
      regional_;                        // by tier (the entry of a per-municipality tier is unused)
  std::vector<engine::Station> local_;  // by municipality, of the per-municipality tier
};

}  // namespace jeugdsim::models::youth_care::detail
