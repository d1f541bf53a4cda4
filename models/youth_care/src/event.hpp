#pragma once
// The events of a youth-care replication, as the calendar holds them (8 bytes each), and the one
// type that decides whether a pending event is still due (EventStamps). Internal to simulate.cpp.
//
// Events are never removed from the queue: when a child moves on, the events it had pending
// become stale and are skipped when they come up. Which ones go stale is the staleness rule:
//   - a child's care events (end of care, waiting turn, worsening) carry its *token*, which
//     changes whenever its care or its place in a line changes;
//   - its life events (relapse, 18th birthday) carry its *life*, which changes only when its
//     slot is reused for another child;
//   - arrivals carry their municipality's *generation*, which changes when the rate changes.
// EventStamps alone keeps these numbers: the simulation asks it for an event's payload and tells
// it what happened (care changed, a child admitted or released); it never counts by hand.

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "jeugdsim/engine/station.hpp"

namespace jeugdsim::models::youth_care::detail {

using engine::EntityId;

enum class Kind : std::uint8_t {
  kCareQuestion,  // index: municipality; stamp: the municipality's arrival generation
  kCareEnd,       // index: child; stamp: the child's token
  kWaitingTurn,   // index: child; stamp: token -- worsening or resolving while waiting
  kCareWorsens,   // index: child; stamp: token -- worsening in care that is too light
  kRelapse,       // index: child; stamp: life
  kAgeOut,        // index: child; stamp: life
  kYearEnd,       // index: year offset from the first simulated year
  kEpoch,         // index: epoch
  kMonthEnd,      // index: month offset
  kReview,        // index: month offset from day 0 -- responsive tiers look at their lists
  kPlacesOpen,    // index: the order (of places a responsive tier contracted) that opens
  kOpenDeferred,  // the next bucket of deferred events opens
};

// Whether an event's index is a child (the kinds above marked "index: child").
constexpr bool is_childs(Kind kind) {
  constexpr auto kTable = [] {
    std::array<bool, static_cast<std::size_t>(Kind::kOpenDeferred) + 1> t{};
    for (const Kind k :
         {Kind::kCareEnd, Kind::kWaitingTurn, Kind::kCareWorsens, Kind::kRelapse, Kind::kAgeOut}) {
      t[static_cast<std::size_t>(k)] = true;
    }
    return t;
  }();
  return kTable[static_cast<std::size_t>(kind)];
}

struct Payload {
  std::uint32_t index;
  std::uint16_t stamp;
  Kind kind;
};
static_assert(sizeof(Payload) == 8);

// An event whose stamp does not matter (years, epochs, months, reviews, orders, deferred
// buckets).
constexpr Payload timed(Kind kind, std::uint32_t index) { return Payload{index, 0, kind}; }

class EventStamps {
 public:
  // Empty for a new replication, with `municipalities` arrival streams; keeps the memory.
  void reset(std::size_t municipalities) {
    children_.clear();
    generation_.assign(municipalities, 0);
  }
  // A new child slot (the children's vector grew by one).
  void add_slot() { children_.emplace_back(); }

  // --- children ---
  // A child takes slot `id`: what the slot's earlier child had pending is stale.
  void admit(EntityId id) {
    Child& c = children_[id];
    c.alive = true;
    ++c.life;
    ++c.token;
    c.age_out_scheduled = false;
  }
  // The child leaves: all its pending events are stale.
  void release(EntityId id) {
    Child& c = children_[id];
    c.alive = false;
    ++c.token;
  }
  // The child's care, or its place in a line, changed: its pending care events are stale.
  void care_changed(EntityId id) { ++children_[id].token; }
  [[nodiscard]] bool alive(EntityId id) const { return children_[id].alive; }

  // An event of the child's current care (kCareEnd, kWaitingTurn, kCareWorsens).
  [[nodiscard]] Payload care_event(EntityId id, Kind kind) const {
    return Payload{id, children_[id].token, kind};
  }
  // An event of the child's life in this slot (kRelapse, kAgeOut).
  [[nodiscard]] Payload life_event(EntityId id, Kind kind) const {
    return Payload{id, children_[id].life, kind};
  }
  // The 18th birthday is scheduled once per life: true the first time it is asked.
  bool first_age_out(EntityId id) {
    Child& c = children_[id];
    if (c.age_out_scheduled) return false;
    c.age_out_scheduled = true;
    return true;
  }

  // --- arrivals ---
  // The municipality's arrival rate changed: its pending arrival is stale.
  void new_generation(std::size_t municipality) { ++generation_[municipality]; }
  [[nodiscard]] Payload arrival(std::size_t municipality) const {
    return Payload{static_cast<std::uint32_t>(municipality), generation_[municipality],
                   Kind::kCareQuestion};
  }

  // Whether an event is still what it was scheduled for.
  [[nodiscard]] bool due(const Payload& e) const {
    switch (e.kind) {
      case Kind::kCareQuestion:
        return e.stamp == generation_[e.index];
      case Kind::kCareEnd:
      case Kind::kWaitingTurn:
      case Kind::kCareWorsens: {
        const Child& c = children_[e.index];
        return c.alive && c.token == e.stamp;
      }
      case Kind::kRelapse:
      case Kind::kAgeOut: {
        const Child& c = children_[e.index];
        return c.alive && c.life == e.stamp;
      }
      default:
        return true;
    }
  }

 private:
  // Per child slot. Most events that wait in the weekly buckets are stale when their bucket
  // opens (the child has moved on or left); kept apart from the child's record, the check reads
  // 6 bytes from a small array that stays in the cache instead of a child's line from anywhere
  // in memory.
  struct Child {
    std::uint16_t token = 0;  // changes when care starts or ends: older care events are stale
    std::uint16_t life = 0;   // changes when the slot is reused
    bool alive = false;
    bool age_out_scheduled = false;  // in this life
  };
  std::vector<Child> children_;
  std::vector<std::uint16_t> generation_;  // by municipality
};

}  // namespace jeugdsim::models::youth_care::detail
