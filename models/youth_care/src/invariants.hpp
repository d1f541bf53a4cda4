#pragma once
// What must hold at every year end of a youth-care replication: every child is in exactly one
// place, and the stations' counts agree with the children's states. Internal to simulate.cpp.

#include <cstddef>
#include <vector>

#include "child.hpp"
#include "event.hpp"
#include "jeugdsim/engine/statistics.hpp"
#include "tier_stations.hpp"

namespace jeugdsim::models::youth_care::detail {

// What the check reads of a replication.
struct ReplicationView {
  const std::vector<Child>& children;
  const EventStamps& stamps;
  const TierStations& stations;
  const std::vector<engine::TimeWeighted>& occupancy;  // children in care, by tier
  std::size_t alive;                                   // the replication's count
  std::size_t free_slots;
  engine::Time now;
};

// A broken invariant throws std::logic_error (Options::check_invariants, tests); in a
// JEUGDSIM_CHECKS build it is fatal, with where and when (engine/check.hpp), and more is checked.
void check_every_child_placed(const ReplicationView& r);

}  // namespace jeugdsim::models::youth_care::detail
