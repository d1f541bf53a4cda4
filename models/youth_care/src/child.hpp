#pragma once
// A child's record in a youth-care replication. Internal to simulate.cpp (and the invariants).

#include <cstdint>

#include "jeugdsim/engine/event_queue.hpp"
#include "jeugdsim/engine/random.hpp"
#include "jeugdsim/models/youth_care/scenario.hpp"

namespace jeugdsim::models::youth_care::detail {

enum class Where : std::uint8_t { kWaiting, kInCare, kAwaitingRelapse };
enum class WaitingTurn : std::uint8_t { kWorsens, kResolves };

// A child's state, in one cache line: most events touch one child, at a random place in
// memory, and a record across two lines cost two cache misses (measured: docs/performance.md).
// What decides whether a pending event is stale lives apart, in EventStamps (event.hpp).
struct alignas(64) Child {
  engine::RandomStream rng;
  engine::Time born;
  engine::Time since;        // entered the current tier (waiting or in care)
  std::uint32_t ticket = 0;  // the current place in a waiting line; changes on leaving it
  std::uint32_t municipality;
  std::int16_t care_year = 0;  // last year counted in children_in_care / out_of_home
  std::int16_t ooh_year = 0;   // (calendar years: start_year <= 2200, warm-up <= 100)
  Severity severity;
  Where where;
  Tier tier;
  WaitingTurn turn;
};
static_assert(sizeof(Child) == 64);

}  // namespace jeugdsim::models::youth_care::detail
