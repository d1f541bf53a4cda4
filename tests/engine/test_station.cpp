// A station of the engine (station.hpp) with its statistics, FIFO queue and reachability: the
// order of service, exact waits and time-weighted averages, reneging and added servers.

#include <vector>

#include <catch2/catch.hpp>

#include "jeugdsim/engine/fifo_queue.hpp"
#include "jeugdsim/engine/reachability.hpp"
#include "jeugdsim/engine/station.hpp"
#include "jeugdsim/engine/statistics.hpp"

using namespace jeugdsim::engine;

TEST_CASE("a time-weighted average is the exact area over the window", "[engine][statistics]") {
  TimeWeighted q;
  q.set(1.0, 2.0);  // 0 on [0,1), 2 on [1,4), 1 on [4,10)
  q.set(4.0, 1.0);
  CHECK(q.mean(10.0) == Approx((0.0 * 1 + 2.0 * 3 + 1.0 * 6) / 10.0));
  q.reset(5.0);  // the value 1 is kept
  q.add(7.0, 2.0);
  CHECK(q.mean(9.0) == Approx((1.0 * 2 + 3.0 * 2) / 4.0));
}

TEST_CASE("a tally with no observations has no mean", "[engine][statistics]") {
  Tally t;
  CHECK(std::isnan(t.mean()));
  t.add(2.0);
  t.add(4.0);
  CHECK(t.mean() == 3.0);
}

TEST_CASE("a one-server station serves in arrival order and measures waits exactly",
          "[engine][station]") {
  // Arrivals at 0, 1, 2, each served for 3 days: starts 0, 3, 6, leaves 3, 6, 9.
  Station s(StationCapacity{1});
  CHECK(s.arrive(0.0, 10));
  CHECK_FALSE(s.arrive(1.0, 11));
  CHECK_FALSE(s.arrive(2.0, 12));
  CHECK(s.waiting() == 2);
  CHECK(s.depart(3.0, 3.0) == std::optional<EntityId>(11));
  CHECK(s.depart(6.0, 5.0) == std::optional<EntityId>(12));
  CHECK(s.depart(9.0, 7.0) == std::nullopt);
  const auto& stats = s.statistics();
  CHECK(stats.wait.mean() == Approx((0.0 + 2.0 + 4.0) / 3.0));
  CHECK(stats.sojourn.mean() == Approx(5.0));
  // Queue: 1 on [1,2), 2 on [2,3), 1 on [3,6), 0 after: area 1 + 2 + 3 = 6 over 9 days.
  CHECK(stats.queue_length.mean(9.0) == Approx(6.0 / 9.0));
  CHECK(stats.busy_servers.mean(9.0) == Approx(1.0));
  CHECK(stats.departures == 3);
}

TEST_CASE("an unlimited station never queues", "[engine][station]") {
  Station s(StationCapacity::unlimited_servers());
  for (EntityId i = 0; i < 100; ++i) CHECK(s.arrive(0.0, i));
  CHECK(s.busy() == 100);
  CHECK(s.waiting() == 0);
}

TEST_CASE("resetting statistics keeps the state but forgets the warm-up", "[engine][station]") {
  Station s(StationCapacity{1});
  s.arrive(0.0, 1);
  s.arrive(0.0, 2);  // waits
  s.reset_statistics(5.0);
  CHECK(s.statistics().wait.count() == 0);
  CHECK(s.depart(6.0, 6.0) == std::optional<EntityId>(2));
  CHECK(s.statistics().wait.mean() == 6.0);                     // entity 2 started in the window
  CHECK(s.statistics().queue_length.mean(7.0) == Approx(0.5));  // 1 on [5,6), 0 on [6,7)
}

TEST_CASE("the FIFO queue keeps order across growth and wrap-around", "[engine][station]") {
  FifoQueue<int> q;
  int next_in = 0, next_out = 0;
  for (int round = 0; round < 50; ++round) {
    for (int i = 0; i < round; ++i) q.push(next_in++);
    for (int i = 0; i < round / 2; ++i) REQUIRE(q.pop() == next_out++);
  }
  while (!q.empty()) REQUIRE(q.pop() == next_out++);
  CHECK(next_out == next_in);
}

TEST_CASE("reachability finds who can reach the exit", "[engine][graph]") {
  // 0 -> 1 -> 3(exit); 2 -> 2 (a trap); 0 -> 2
  const std::vector<Edge> edges{{0, 1}, {1, 3}, {2, 2}, {0, 2}};
  const auto leaves = can_reach(4, edges, 3);
  CHECK(leaves == std::vector<bool>{true, true, false, true});
  const std::vector<std::size_t> sources{1};
  CHECK(reachable_from(4, edges, sources) == std::vector<bool>{false, true, false, true});
}

TEST_CASE("an entity that reneges is skipped and no longer counted as waiting",
          "[engine][station]") {
  Station s(StationCapacity{1});
  std::vector<std::uint32_t> ticket(4, 1);
  auto still_waiting = [&](EntityId who, std::uint32_t t) { return ticket[who] == t; };
  s.arrive(0.0, 0, 1);
  s.arrive(1.0, 1, 1);
  s.arrive(2.0, 2, 1);
  CHECK(s.waiting() == 2);
  ticket[1] = 2;  // entity 1 leaves the line at t = 3
  s.renege(3.0);
  CHECK(s.waiting() == 1);
  s.release(4.0, 4.0);
  CHECK(s.start_next(4.0, still_waiting) == std::optional<EntityId>(2));
  CHECK(s.waiting() == 0);
  CHECK(s.statistics().wait.mean() == Approx((0.0 + 2.0) / 2.0));
  // Queue: 1 on [1,2), 2 on [2,3), 1 on [3,4): area 4 over 4 days.
  CHECK(s.statistics().queue_length.mean(4.0) == Approx(1.0));
}

TEST_CASE("added servers and emergency admissions", "[engine][station]") {
  Station s(StationCapacity{1});
  s.arrive(0.0, 0);
  s.arrive(0.0, 1);
  s.arrive(0.0, 2);
  s.set_capacity(StationCapacity{2});
  auto always = [](EntityId, std::uint32_t) { return true; };
  CHECK(s.start_next(1.0, always) == std::optional<EntityId>(1));
  CHECK(s.start_next(1.0, always) == std::nullopt);  // both servers busy again
  s.admit_over_capacity(1.0);
  CHECK(s.busy() == 3);
  CHECK(s.waiting() == 1);
}
