#include "invariants.hpp"

#include <array>
#include <stdexcept>
#include <string>

#include <fmt/format.h>

#include "jeugdsim/engine/check.hpp"

namespace jeugdsim::models::youth_care::detail {
namespace {

// The rest of the check in a JEUGDSIM_CHECKS build: the stations' busy places are the children
// in care, and care, waiting and awaiting a relapse make up every child alive. maybe_unused: a
// build without checks discards its one call, and clang would warn.
[[maybe_unused, gnu::cold]] void check_places(const ReplicationView& r,
                                              const std::array<std::size_t, kTierCount>& in_care,
                                              std::size_t alive) {
  const auto n = [](std::size_t count) { return static_cast<double>(count); };
  std::size_t placed = 0;
  for (std::size_t id = 0; id < r.children.size(); ++id) {
    placed += r.stamps.alive(static_cast<EntityId>(id)) &&
              r.children[id].where == Where::kAwaitingRelapse;
  }
  for (std::size_t t = 0; t < kTierCount; ++t) {
    const auto tier = static_cast<Tier>(t);
    const std::size_t waiting = r.stations.waiting(tier);
    placed += in_care[t] + waiting;
    JEUGDSIM_CHECK(
        r.occupancy[t].value() >= 0.0 && waiting <= r.children.size(),
        "no occupancy or waiting line is below 0", r.now,
        engine::describe(
            {{"tier", n(t)}, {"occupancy", r.occupancy[t].value()}, {"waiting", n(waiting)}}));
    JEUGDSIM_CHECK(in_care[t] == r.stations.busy(tier), "every child is somewhere", r.now,
                   engine::describe({{"tier", n(t)},
                                     {"in care", n(in_care[t])},
                                     {"busy places", n(r.stations.busy(tier))}}));
  }
  JEUGDSIM_CHECK(placed == alive && alive + r.free_slots == r.children.size(),
                 "every child is somewhere", r.now,
                 engine::describe({{"in care, waiting or awaiting a relapse", n(placed)},
                                   {"alive", n(alive)},
                                   {"slots", n(r.children.size())},
                                   {"free", n(r.free_slots)}}));
}

}  // namespace

void check_every_child_placed(const ReplicationView& r) {
  std::array<std::size_t, kTierCount> in_care{}, in_line{};
  std::size_t alive = 0;
  for (std::size_t id = 0; id < r.children.size(); ++id) {
    const Child& c = r.children[id];
    if (!r.stamps.alive(static_cast<EntityId>(id))) continue;
    ++alive;
    if (c.where == Where::kInCare) ++in_care[index(c.tier)];
    if (c.where == Where::kWaiting) ++in_line[index(c.tier)];
  }
  // Thrown on request; fatal, with where and when, in a JEUGDSIM_CHECKS build.
  const auto broken = [&r](const auto& detail) -> const auto& {
    if constexpr (engine::kChecks) {
      engine::invariant_failed("every child is somewhere", r.now, detail, __FILE__, __LINE__);
    }
    return detail;
  };
  if (alive != r.alive) throw std::logic_error(broken("a child is lost: alive count disagrees"));
  for (const auto& tier : kTiers) {
    const std::size_t t = index(tier.tier);
    if (static_cast<double>(in_care[t]) != r.occupancy[t].value()) {
      throw std::logic_error(broken(fmt::format("tier {}: {} children in care, occupancy says {}",
                                                tier.id, in_care[t], r.occupancy[t].value())));
    }
    if (in_line[t] != r.stations.waiting(tier.tier)) {
      throw std::logic_error(
          broken(fmt::format("tier {}: {} children waiting, the line says {}", tier.id, in_line[t],
                             r.stations.waiting(tier.tier))));
    }
  }
  if constexpr (engine::kChecks) check_places(r, in_care, alive);
}

}  // namespace jeugdsim::models::youth_care::detail
