#pragma once
// A station: a number of identical servers (or unlimited) in front of one FIFO waiting line.
//
// The algorithm is fixed (seize a free server or join the line; on release, the head of the
// line takes the server) and the station measures itself: time in queue of everyone who starts
// service, time in station of everyone who leaves, and exact time-averages of the line and the
// busy servers. What happens to an entity between stations is the model's business.

#include <cstdint>
#include <optional>

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
  // zero wait); otherwise `who` joins the end of the line.
  bool arrive(Time now, EntityId who) {
    if (capacity_.unlimited() || busy_ < *capacity_.servers) {
      start_service(now, 0.0);
      return true;
    }
    line_.push(Waiting{who, now});
    stats_.queue_length.set(now, static_cast<double>(line_.size()));
    return false;
  }

  // A service ends at `now`; `sojourn` is the leaver's time in this station. Returns the entity
  // that takes the freed server, if anyone was waiting.
  std::optional<EntityId> depart(Time now, double sojourn) {
    ++stats_.departures;
    stats_.sojourn.add(sojourn);
    --busy_;
    stats_.busy_servers.set(now, static_cast<double>(busy_));
    if (line_.empty()) return std::nullopt;
    const Waiting next = line_.pop();
    stats_.queue_length.set(now, static_cast<double>(line_.size()));
    start_service(now, now - next.since);
    return next.who;
  }

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
  [[nodiscard]] std::size_t waiting() const noexcept { return line_.size(); }

 private:
  struct Waiting {
    EntityId who;
    Time since;
  };

  void start_service(Time now, double waited) {
    ++busy_;
    stats_.busy_servers.set(now, static_cast<double>(busy_));
    stats_.wait.add(waited);
  }

  StationCapacity capacity_;
  std::uint32_t busy_ = 0;
  FifoQueue<Waiting> line_;
  StationStatistics stats_;
};

}  // namespace jeugdsim::engine
