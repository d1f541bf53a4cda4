#pragma once
// A station: a number of identical servers (or unlimited) in front of one FIFO waiting line.
//
// The algorithm is fixed (seize a free server or join the line; on release, the head of the
// line takes the server) and the station measures itself: time in queue of everyone who starts
// service, time in station of everyone who leaves, and exact time-averages of the line and the
// busy servers. What happens to an entity between stations is the model's business.
//
// Three extensions serve models with people rather than parts:
//  - reneging: an entity may leave the line before service (its problem resolved, or it became
//    urgent). The model calls renege() and invalidates the entity's ticket; the stale entry is
//    skipped when it reaches the head of the line (lazy deletion, O(1) per reneging);
//  - the number of servers may change during a run (set_capacity);
//  - an urgent entity may be admitted above capacity (admit_over_capacity).

#include <cstdint>
#include <optional>
#include <string>

#include "jeugdsim/engine/check.hpp"
#include "jeugdsim/engine/event_queue.hpp"
#include "jeugdsim/engine/fifo_queue.hpp"
#include "jeugdsim/engine/statistics.hpp"

namespace jeugdsim::engine {

using EntityId = std::uint32_t;

// `servers` = nullopt means unlimited: nobody ever waits.
struct StationCapacity {
  std::optional<std::uint32_t> servers;

  [[nodiscard]] bool unlimited() const noexcept { return !servers.has_value(); }
  static StationCapacity unlimited_servers() noexcept { return {}; }
};

struct StationStatistics {
  Tally wait;     // time in queue of those who started service in the window
  Tally sojourn;  // time in station of those who left in the window
  TimeWeighted queue_length;
  TimeWeighted busy_servers;
  std::uint64_t departures = 0;
};

class Station {
 public:
  explicit Station(StationCapacity capacity) : capacity_(capacity) {}

  // `who` arrives at `now`. Returns true if a server is free and service starts at once (with
  // zero wait); otherwise `who` joins the end of the line. `ticket` is the model's token for
  // this stay in line (see renege()).
  bool arrive(Time now, EntityId who, std::uint32_t ticket = 0) {
    if (has_free_server()) {
      start_service(now, 0.0);
      return true;
    }
    line_.push(Waiting{who, now, ticket});
    set_waiting(now, waiting_ + 1);
    return false;
  }

  // A service ends at `now`; `sojourn` is the leaver's time in this station. Returns the entity
  // that takes the freed server, if anyone was waiting.
  std::optional<EntityId> depart(Time now, double sojourn) {
    release(now, sojourn);
    return start_next(now, [](EntityId, std::uint32_t) { return true; });
  }

  // A service ends at `now`, without starting the next one (the model calls start_next).
  void release(Time now, double sojourn) {
    JEUGDSIM_CHECK(busy_ > 0, "no station has fewer than 0 busy servers", now,
                   "a service ended at a station with none in service");
    ++stats_.departures;
    stats_.sojourn.add(sojourn);
    --busy_;
    stats_.busy_servers.set(now, static_cast<double>(busy_));
  }

  // If a server is free, the first entity in line for which still_waiting(who, ticket) holds
  // starts service; entries that fail it reneged earlier and are dropped.
  template <class StillWaiting>
  std::optional<EntityId> start_next(Time now, StillWaiting&& still_waiting) {
    while (has_free_server() && !line_.empty()) {
      const Waiting next = line_.pop();
      if (!still_waiting(next.who, next.ticket)) continue;
      set_waiting(now, waiting_ - 1);
      start_service(now, now - next.since);
      return next.who;
    }
    return std::nullopt;
  }

  // An entity left the line without service. The model must also make its entry stale, so
  // that start_next() skips it.
  void renege(Time now) {
    JEUGDSIM_CHECK(waiting_ > 0, "no waiting line is shorter than 0", now,
                   "an entity left an empty line");
    set_waiting(now, waiting_ - 1);
  }

  // Service starts at once even if every server is busy (an emergency admission).
  void admit_over_capacity(Time now) { start_service(now, 0.0); }

  // New number of servers from `now` on. Nobody in service is interrupted; if servers were
  // added, the model calls start_next() to fill them.
  void set_capacity(StationCapacity capacity) { capacity_ = capacity; }

  // Start of the measured window: drop what was observed during warm-up.
  void reset_statistics(Time now) {
    stats_.wait.reset();
    stats_.sojourn.reset();
    stats_.queue_length.reset(now);
    stats_.busy_servers.reset(now);
    stats_.departures = 0;
  }

  [[nodiscard]] const StationStatistics& statistics() const noexcept { return stats_; }
  [[nodiscard]] StationCapacity capacity() const noexcept { return capacity_; }
  [[nodiscard]] std::uint32_t busy() const noexcept { return busy_; }
  [[nodiscard]] std::size_t waiting() const noexcept { return waiting_; }
  [[nodiscard]] bool has_free_server() const noexcept {
    return capacity_.unlimited() || busy_ < *capacity_.servers;
  }

 private:
  struct Waiting {
    EntityId who;
    Time since;
    std::uint32_t ticket;
  };

  void set_waiting(Time now, std::size_t waiting) {
    waiting_ = waiting;
    stats_.queue_length.set(now, static_cast<double>(waiting_));
  }

  void start_service(Time now, double waited) {
    ++busy_;
    stats_.busy_servers.set(now, static_cast<double>(busy_));
    stats_.wait.add(waited);
  }

  StationCapacity capacity_;
  std::uint32_t busy_ = 0;
  FifoQueue<Waiting> line_;  // may hold stale entries of reneged entities
  std::size_t waiting_ = 0;  // entities really waiting
  StationStatistics stats_;
};

}  // namespace jeugdsim::engine
