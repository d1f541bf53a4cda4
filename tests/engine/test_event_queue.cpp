// The event queues of the engine (event_queue.hpp, calendar, radix heap, deferred events): time
// order with ties in insertion order, each against an ordered reference and against each other.

#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

#include "jeugdsim/engine/calendar_event_queue.hpp"
#include "jeugdsim/engine/deferred_events.hpp"
#include "jeugdsim/engine/event_queue.hpp"
#include "jeugdsim/engine/radix_event_queue.hpp"
#include "jeugdsim/engine/random.hpp"

using jeugdsim::engine::EventQueue;

TEMPLATE_TEST_CASE_SIG("events come out in time order, ties in insertion order", "[engine][queue]",
                       ((std::size_t Arity), Arity), 2, 4, 8) {
  EventQueue<int, Arity> queue;
  queue.push(5.0, 0);
  queue.push(1.0, 1);
  queue.push(5.0, 2);
  queue.push(3.0, 3);
  queue.push(1.0, 4);
  std::vector<int> order;
  while (!queue.empty()) order.push_back(queue.pop().payload);
  CHECK(order == std::vector<int>{1, 4, 3, 0, 2});
  CHECK(queue.scheduled() == 5);
}

TEMPLATE_TEST_CASE_SIG("the queue agrees with an ordered reference under random use",
                       "[engine][queue]", ((std::size_t Arity), Arity), 2, 3, 4, 8) {
  // A std::multimap keyed by (time, sequence) is the obviously-correct model of the queue.
  EventQueue<std::uint32_t, Arity> queue;
  std::multimap<std::pair<double, std::uint64_t>, std::uint32_t> reference;
  jeugdsim::engine::RandomStream rng({7, 0, 0, Arity});
  std::uint64_t sequence = 0;
  double now = 0.0;
  for (std::uint32_t step = 0; step < 20000; ++step) {
    // Mostly pushes early on, then a mix; times on a coarse grid so that ties are common.
    const bool push = reference.empty() || rng.uniform01() < (step < 5000 ? 0.8 : 0.5);
    if (push) {
      const double time = now + static_cast<double>(rng() % 8);
      queue.push(time, step);
      reference.emplace(std::pair{time, sequence++}, step);
    } else {
      const auto expected = reference.begin();
      const auto event = queue.pop();
      REQUIRE(event.time() == expected->first.first);
      REQUIRE(event.key.sequence == expected->first.second);
      REQUIRE(event.payload == expected->second);
      now = event.time();
      reference.erase(expected);
    }
    REQUIRE(queue.size() == reference.size());
  }
}

TEMPLATE_TEST_CASE_SIG("a queue larger than the caches agrees with the reference",
                       "[engine][queue]", ((std::size_t Arity), Arity), 2, 4) {
  // 100,000 events of 24 bytes: past the size from which pop() prefetches, a path the small
  // test above never reaches. Holds (pop one, push one later) as in a long simulation.
  EventQueue<std::uint32_t, Arity> queue;
  std::multimap<std::pair<double, std::uint64_t>, std::uint32_t> reference;
  jeugdsim::engine::RandomStream rng({11, 0, 0, Arity});
  std::uint64_t sequence = 0;
  for (std::uint32_t i = 0; i < 100000; ++i) {
    const double time = static_cast<double>(rng() % 50000);
    queue.push(time, i);
    reference.emplace(std::pair{time, sequence++}, i);
  }
  for (std::uint32_t step = 0; step < 100000; ++step) {
    const auto expected = reference.begin();
    const auto event = queue.pop();
    REQUIRE(event.key.sequence == expected->first.second);
    REQUIRE(event.payload == expected->second);
    reference.erase(expected);
    const double later = event.time() + static_cast<double>(rng() % 1000);
    queue.push(later, step);
    reference.emplace(std::pair{later, sequence++}, step);
  }
  CHECK(queue.size() == 100000);
}

TEST_CASE("clear empties the queue and restarts the sequence", "[engine][queue]") {
  EventQueue<int> queue;
  queue.push(1.0, 1);
  queue.push(2.0, 2);
  queue.clear();
  CHECK(queue.empty());
  CHECK(queue.scheduled() == 0);
  queue.push(4.0, 3);
  CHECK(queue.top().key.sequence == 0);
}

TEST_CASE("the times -0 and +0 are one time, and an infinite time comes last", "[engine][queue]") {
  // The key compares the bits of the time; -0 has other bits than +0 but is the same time.
  EventQueue<int> q;
  const double inf = std::numeric_limits<double>::infinity();
  q.push(inf, 0);
  q.push(-0.0, 1);
  q.push(1e300, 2);
  q.push(0.0, 3);
  q.push(-0.0, 4);
  q.push(5e-324, 5);  // the smallest positive double
  std::vector<int> order;
  while (!q.empty()) order.push_back(q.pop().payload);
  CHECK(order == std::vector<int>{1, 3, 4, 5, 2, 0});
}

// ---------------------------------------------------------------------------------------------
// DeferredEvents: far-off events wait in buckets and enter the heap when their bucket opens.

TEST_CASE("deferred events come out in the same order as events scheduled in the heap",
          "[engine][queue][deferred]") {
  // A hold model in which some events go through DeferredEvents, and a fraction of all events
  // are cancelled (skipped when due, as a model skips a stale event). With distinct times the
  // sequence of handled events must be exactly that of the plain heap.
  using jeugdsim::engine::DeferredEvents;
  using jeugdsim::engine::RandomStream;
  constexpr double kEnd = 2000.0;
  const auto cancelled = [](std::uint32_t id) { return id % 3 == 0; };
  const auto run = [&cancelled](bool defer) {
    RandomStream rng({11, 0, 1, 0});
    EventQueue<std::uint32_t> heap;
    DeferredEvents<std::uint32_t> waiting(30.0, kEnd);
    constexpr std::uint32_t kOpen = 0xFFFFFFFF;
    std::uint32_t next_id = 0;
    std::vector<std::uint32_t> handled;
    const auto schedule = [&](double time) {
      const std::uint32_t id = next_id++;
      if (time > kEnd) return;
      if (defer && waiting.defers(time)) {
        waiting.add(time, id);
      } else {
        heap.push(time, id);
      }
    };
    if (defer) {
      waiting.open_next([](double, std::uint32_t) {});
      heap.push(waiting.next_opening(), kOpen);
    }
    for (int i = 0; i < 200; ++i) schedule(-200.0 * std::log(1.0 - rng.uniform01()));
    while (!heap.empty()) {
      const auto e = heap.pop();
      if (e.payload == kOpen) {
        waiting.open_next([&](double time, std::uint32_t id) {
          if (!cancelled(id)) heap.push(time, id);  // a cancelled event never enters the heap
        });
        if (!waiting.all_open() && waiting.next_opening() <= kEnd)
          heap.push(waiting.next_opening(), kOpen);
        continue;
      }
      if (cancelled(e.payload)) continue;
      handled.push_back(e.payload);
      schedule(e.time() + -200.0 * std::log(1.0 - rng.uniform01()));
    }
    return handled;
  };
  const auto plain = run(false);
  const auto deferred = run(true);
  REQUIRE(plain.size() > 100);
  CHECK(deferred == plain);
}

TEST_CASE("an event on a bucket boundary is never put in a bucket already open",
          "[engine][queue][deferred]") {
  jeugdsim::engine::DeferredEvents<int> waiting(0.1, 10.0);
  waiting.open_next([](double, int) {});
  for (int k = 1; k < 100; ++k) {
    const double boundary = waiting.next_opening();
    REQUIRE(waiting.defers(boundary));
    waiting.add(boundary, k);
    std::vector<int> released;
    waiting.open_next([&released](double, int v) { released.push_back(v); });
    CHECK(released == std::vector<int>{k});
  }
}

// ---------------------------------------------------------------------------------------------
// RadixEventQueue and CalendarEventQueue: the same order as EventQueue, for monotone use (as in
// a simulation).

using jeugdsim::engine::CalendarEventQueue;
using jeugdsim::engine::RadixEventQueue;

// Pushes the same event to both queues.
template <class Monotone, class Payload>
void push_both(EventQueue<Payload>& heap, Monotone& monotone, double time, Payload payload) {
  heap.push(time, payload);
  monotone.push(time, payload);
}

// Pops one event from each queue, checking that they are the same event; returns it.
template <class Monotone, class Payload>
auto pop_both(EventQueue<Payload>& heap, Monotone& monotone) {
  REQUIRE(monotone.size() == heap.size());
  const auto a = heap.pop();
  const auto b = monotone.pop();
  REQUIRE(b.time() == a.time());
  REQUIRE(b.key.sequence == a.key.sequence);
  REQUIRE(b.payload == a.payload);
  return a;
}

// A calendar and the heap it is checked against, given the same events (numbered in order).
struct CalendarAndHeap {
  EventQueue<std::uint32_t> heap;
  CalendarEventQueue<std::uint32_t> calendar;
  std::uint32_t next_id = 0;
  void push(double time) { push_both(heap, calendar, time, next_id++); }
  auto pop() { return pop_both(heap, calendar); }
};

// Pops both queues to the end, checking that they return identical events in identical order.
template <class Monotone, class Payload>
void require_same_pops(EventQueue<Payload>& heap, Monotone& monotone) {
  while (!heap.empty()) pop_both(heap, monotone);
  REQUIRE(monotone.empty());
}

TEMPLATE_TEST_CASE("a monotone queue pops what the heap pops, ties included",
                   "[engine][queue][radix][calendar]", RadixEventQueue<std::uint32_t>,
                   CalendarEventQueue<std::uint32_t>) {
  // The hold model on a coarse time grid (ties are common) and with continuous times, many
  // pending events; both queues must return identical events in identical order.
  for (const bool coarse : {true, false}) {
    jeugdsim::engine::RandomStream rng({5, 0, coarse ? 1U : 2U, 0});
    EventQueue<std::uint32_t> heap;
    TestType monotone;
    const auto draw = [&rng, coarse](double now) {
      return coarse ? now + static_cast<double>(rng() % 5)
                    : now - 3.0 * std::log(1.0 - rng.uniform01());
    };
    for (std::uint32_t i = 0; i < 3000; ++i) {
      push_both(heap, monotone, draw(0.0), i);
    }
    for (std::uint32_t step = 0; step < 200000; ++step) {
      REQUIRE(monotone.top().payload == heap.top().payload);
      const auto a = pop_both(heap, monotone);
      // Sometimes two new events, sometimes none: the size wanders.
      const int births = static_cast<int>(rng() % 3);
      for (int k = 0; k < births && heap.size() < 6000; ++k) {
        push_both(heap, monotone, draw(a.time()), step);
      }
      if (heap.empty()) break;
    }
  }
}

TEMPLATE_TEST_CASE("a monotone queue takes -0, 0, huge and infinite times in order",
                   "[engine][queue][radix][calendar]", RadixEventQueue<int>,
                   CalendarEventQueue<int>) {
  // Twice, with clear() between: a cleared queue orders as a new one.
  TestType q;
  for (int round = 0; round < 2; ++round) {
    q.push(std::numeric_limits<double>::infinity(), 0);
    q.push(-0.0, 1);
    q.push(1e300, 2);
    q.push(0.0, 3);
    q.push(5e-324, 4);
    q.push(std::numeric_limits<double>::infinity(), 5);
    std::vector<int> order;
    while (!q.empty()) order.push_back(q.pop().payload);
    CHECK(order == std::vector<int>{1, 3, 4, 2, 0, 5});
    CHECK(q.scheduled() == 6);
    q.clear();
    CHECK(q.empty());
    CHECK(q.scheduled() == 0);
  }
}

TEST_CASE("the calendar keeps the order through bursts, lulls and events in the current day",
          "[engine][queue][calendar]") {
  // The calendar adapts its day width to the events it has seen: a dense stretch, then events
  // years apart, then a burst of hundreds at one time (one day holding many: the sorted path),
  // each followed by pushes into the day being emptied. The heap is the reference.
  CalendarAndHeap queues;
  jeugdsim::engine::RandomStream rng({11, 0, 0, 0});
  double now = 0.0;
  for (int phase = 0; phase < 6; ++phase) {
    for (int i = 0; i < 2000; ++i) {
      switch (phase % 3) {
        case 0:
          queues.push(now + 0.01 * rng.uniform01());
          break;  // dense
        case 1:
          queues.push(now + 1000.0 * static_cast<double>(i));
          break;  // far apart
        default:
          queues.push(now + 5.0);
          break;  // all at one time
      }
    }
    // Pop half, pushing now and then at the time just popped (into the current day).
    for (int i = 0; i < 1000; ++i) {
      now = queues.pop().time();
      if (i % 7 == 0) queues.push(now);
      if (i % 11 == 0) queues.push(now + 1e-9);
    }
  }
  require_same_pops(queues.heap, queues.calendar);
}

TEST_CASE("the radix heap's earliest time does not settle it", "[engine][queue][radix]") {
  // CalendarEventQueue asks where its far events start, and may push after asking an event
  // that comes before the one it saw.
  RadixEventQueue<int> radix;
  radix.push(10.0, 0);
  radix.push(20.0, 1);
  CHECK(radix.pop().payload == 0);
  CHECK(radix.earliest_time() == 20.0);
  radix.push(15.0, 2);  // after the last pop, before the earliest seen
  CHECK(radix.earliest_time() == 15.0);
  CHECK(radix.pop().payload == 2);
  CHECK(radix.pop().payload == 1);
}

TEST_CASE("deferred events are released in their own bucket, whatever the width",
          "[engine][queue][deferred]") {
  // Widths that are not whole numbers: k * width and time / width round differently near the
  // boundaries. Every event must come out when the bucket that opens at or before its time
  // opens, and before the next one does (never late, never early).
  for (const double width : {0.1, 1.0 / 3.0, 0.7, 7.0}) {
    jeugdsim::engine::DeferredEvents<int> waiting(width, 100.0);
    jeugdsim::engine::RandomStream rng({3, 0, 0, 0});
    waiting.open_next([](double, int) {});
    int added = 0, released = 0;
    for (int i = 0; i < 30000; ++i) {
      const auto k = static_cast<double>(rng() % static_cast<std::uint64_t>(100.0 / width));
      double t = 1.0 + 98.0 * rng.uniform01();
      if (i % 3 == 0) t = k * width;                    // a boundary, as the buckets compute it
      if (i % 3 == 1) t = (k * 10.0) * (width / 10.0);  // the same boundary, rounded otherwise
      if (!waiting.defers(t)) continue;
      waiting.add(t, i);
      ++added;
    }
    while (!waiting.all_open()) {
      const double opens = waiting.next_opening();
      std::vector<double> times;
      waiting.open_next([&times](double t, int) { times.push_back(t); });
      released += static_cast<int>(times.size());
      for (const double t : times) {
        CHECK(t >= opens);
        if (!waiting.all_open()) CHECK(t < waiting.next_opening());
      }
    }
    CHECK(released == added);
    CHECK(added > 10000);
  }
}

TEST_CASE("a bucket spanning many blocks releases in the order added, also while adding",
          "[engine][queue][deferred]") {
  // Hundreds of entries per bucket (blocks of 31), and a release that adds three entries to a
  // later bucket for each it releases: blocks are taken, and the storage of all blocks grows
  // (moves), while the bucket's own blocks are being read.
  jeugdsim::engine::DeferredEvents<int> waiting(1.0, 10.0);
  waiting.open_next([](double, int) {});
  std::map<int, std::vector<int>> expected;  // by bucket
  int next = 0;
  for (int i = 0; i < 700; ++i) {
    const int bucket = 1 + i % 3;
    waiting.add(bucket + 0.5, next);
    expected[bucket].push_back(next++);
  }
  for (int bucket = 1; bucket <= 10; ++bucket) {
    std::vector<int> released;
    const std::size_t capacity_before = waiting.capacity();
    waiting.open_next([&](double t, int v) {
      CHECK(t == bucket + 0.5);
      released.push_back(v);
      for (int k = 0; bucket + 2 <= 10 && k < 3; ++k) {  // three more, two buckets on
        waiting.add(bucket + 2.5, next);
        expected[bucket + 2].push_back(next++);
      }
    });
    CHECK(released == expected[bucket]);
    // Each release adds three times what it releases, more than the blocks it frees can hold.
    if (bucket + 2 <= 10) CHECK(waiting.capacity() > capacity_before);
  }
  CHECK(waiting.all_open());
}

TEST_CASE("deferred blocks are reused: a steady load and a reset need no more memory",
          "[engine][queue][deferred]") {
  // Every week 100 entries for five weeks on, one bucket opens: once five weeks are filled the
  // blocks of each opened bucket serve the newest, and the capacity stays what it was.
  jeugdsim::engine::DeferredEvents<int> waiting(7.0, 7.0 * 200);
  const auto run = [&waiting] {
    std::vector<int> released;
    waiting.open_next([](double, int) {});
    std::size_t capacity_after_warm_up = 0;
    for (int week = 0; week < 190; ++week) {
      for (int i = 0; i < 100; ++i) waiting.add(7.0 * (week + 5) + 0.07 * i, week * 100 + i);
      waiting.open_next([&released](double, int v) { released.push_back(v); });
      if (week == 10) capacity_after_warm_up = waiting.capacity();
      if (week > 10) REQUIRE(waiting.capacity() == capacity_after_warm_up);
    }
    // At the most, while the week's entries are added, five buckets wait (this week's, which
    // opens after the adding, and the four after it), each with 100 entries in 4 blocks.
    CHECK(capacity_after_warm_up == 5 * 4 * 31);
    return released;
  };
  const auto first = run();
  const std::size_t capacity = waiting.capacity();
  waiting.reset(7.0, 7.0 * 200);
  CHECK(waiting.next_opening() == 0.0);
  CHECK(!waiting.all_open());
  const auto second = run();
  CHECK(second == first);  // a reset queue behaves as a new one
  CHECK(waiting.capacity() == capacity);
  CHECK(first.size() == 186 * 100);  // buckets 5..190 opened, of the 5..194 filled
}

TEST_CASE("the calendar's upcoming event is the one it pops next, when known without work",
          "[engine][queue][calendar]") {
  // Days of 1 to 40 events, at distinct times and at one time: the small ones are ordered by
  // counting (rank sort), the large ones by std::sort; the heap is the reference.
  CalendarAndHeap queues;
  jeugdsim::engine::RandomStream rng({13, 0, 0, 0});
  double now = 0.0;
  std::size_t known = 0;
  for (int round = 0; round < 400; ++round) {
    const std::size_t n = 1 + static_cast<std::size_t>(round % 40);
    const bool one_time = round % 80 >= 40;
    for (std::size_t i = 0; i < n; ++i) {
      queues.push(now + 1.0 + (one_time ? 0.0 : 1e-4 * rng.uniform01()));
    }
    while (!queues.heap.empty()) {
      now = queues.pop().time();
      if (const auto* next = queues.calendar.upcoming()) {
        ++known;
        REQUIRE(!queues.heap.empty());
        CHECK(next->key.sequence == queues.heap.top().key.sequence);
      }
    }
  }
  CHECK(known > 1000);
}
