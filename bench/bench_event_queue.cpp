// The hold model (Vaucher & Duval 1975; Jones 1986): the standard benchmark for future-event
// lists. The queue is prefilled with N pending events; one "hold" pops the earliest event and
// schedules one new event at its time plus an Exponential(mean 1) increment, so the size stays
// N. The time per benchmark iteration is the time per hold.
//
// Every queue sees the same operation sequence: the increments come from one RandomStream with
// a fixed key, drawn through the same boost distribution. Differences between the rows are
// therefore differences between the queues; BM_HoldDrawOnly measures the shared cost of the
// draws alone. Figures and how to reproduce them: docs/performance.md.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <queue>
#include <vector>

#include <benchmark/benchmark.h>
#include <boost/random/exponential_distribution.hpp>

#include "jeugdsim/engine/calendar_event_queue.hpp"
#include "jeugdsim/engine/event_queue.hpp"
#include "jeugdsim/engine/radix_event_queue.hpp"
#include "jeugdsim/engine/random.hpp"

namespace {

using jeugdsim::engine::CalendarEventQueue;
using jeugdsim::engine::Event;
using jeugdsim::engine::EventKey;
using jeugdsim::engine::EventQueue;
using jeugdsim::engine::RadixEventQueue;
using jeugdsim::engine::RandomStream;
using jeugdsim::engine::StreamKey;
using jeugdsim::engine::Time;

// Shaped like the network model's payload (models/network/src/simulate.cpp): 8 bytes, so an
// event is 24 bytes and the benchmark moves as much memory per swap as a real run does.
struct Payload {
  std::uint32_t customer;
  std::uint16_t index;
  std::uint8_t kind;
};
static_assert(sizeof(Payload) == 8);
static_assert(sizeof(Event<Payload>) == 24);

// The baseline: std::priority_queue over the engine's own event type and order. It is a max-heap
// on its comparator, so the comparator says "a comes later than b".
class StdPriorityQueue {
 public:
  void reserve(std::size_t n) {
    std::vector<Event<Payload>> storage;
    storage.reserve(n);
    heap_ = Heap(Later{}, std::move(storage));
  }
  void push(Time time, Payload payload) {
    heap_.push(Event<Payload>{EventKey{time, next_sequence_++}, payload});
  }
  Event<Payload> pop() {
    Event<Payload> first = heap_.top();
    heap_.pop();
    return first;
  }
  [[nodiscard]] std::size_t size() const { return heap_.size(); }

 private:
  struct Later {
    bool operator()(const Event<Payload>& a, const Event<Payload>& b) const noexcept {
      return b.key < a.key;
    }
  };
  using Heap = std::priority_queue<Event<Payload>, std::vector<Event<Payload>>, Later>;
  Heap heap_;
  std::uint64_t next_sequence_ = 0;
};

// One stream key for all variants, so that all of them replay the same hold sequence.
RandomStream hold_stream() { return RandomStream(StreamKey{2024, 0, 1, 0}); }

template <class Queue>
void BM_Hold(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  RandomStream rng = hold_stream();
  boost::random::exponential_distribution<double> increment(1.0);  // rate 1 = mean 1

  // Exponential increments are memoryless, so pending times drawn as Exp(1) after time 0 are
  // already the hold model's steady state: no warm-up holds are needed before timing.
  Queue queue;
  queue.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    queue.push(increment(rng), Payload{static_cast<std::uint32_t>(i), 0, 0});
  }
  for (auto _ : state) {
    const Event<Payload> event = queue.pop();
    queue.push(event.time() + increment(rng), event.payload);
  }
  benchmark::DoNotOptimize(queue.size());
  state.SetComplexityN(state.range(0));
  state.SetItemsProcessed(state.iterations());
}

// The cost every hold pays regardless of the queue: one exponential draw and one addition.
void BM_HoldDrawOnly(benchmark::State& state) {
  RandomStream rng = hold_stream();
  boost::random::exponential_distribution<double> increment(1.0);
  Time now = 0.0;
  for (auto _ : state) {
    now += increment(rng);
    benchmark::DoNotOptimize(now);
  }
  state.SetItemsProcessed(state.iterations());
}

// 1e3 events (24 KB) fit in L1, 1e4 in L2, 1e5 (2.4 MB) in L3 on most machines, 1e6 (24 MB)
// in none: the sizes cross the cache levels, which is where the arities differ.
void hold_sizes(benchmark::internal::Benchmark* b) {
  b->RangeMultiplier(10)->Range(1000, 1000000)->Complexity(benchmark::oLogN);
}

BENCHMARK(BM_Hold<StdPriorityQueue>)->Name("BM_Hold/std_priority_queue")->Apply(hold_sizes);
BENCHMARK(BM_Hold<EventQueue<Payload, 2>>)->Name("BM_Hold/EventQueue_2")->Apply(hold_sizes);
BENCHMARK(BM_Hold<EventQueue<Payload, 4>>)->Name("BM_Hold/EventQueue_4")->Apply(hold_sizes);
BENCHMARK(BM_Hold<EventQueue<Payload, 8>>)->Name("BM_Hold/EventQueue_8")->Apply(hold_sizes);
// The default arity: the queue the models actually use.
BENCHMARK(BM_Hold<EventQueue<Payload>>)->Name("BM_Hold/EventQueue_default")->Apply(hold_sizes);
// The radix heap: for monotone keys, which the hold model (and every simulation) has.
BENCHMARK(BM_Hold<RadixEventQueue<Payload>>)->Name("BM_Hold/RadixEventQueue")->Apply(hold_sizes);
// The calendar: for monotone keys, near events in days of adapted width, far ones in a heap.
BENCHMARK(BM_Hold<CalendarEventQueue<Payload>>)
    ->Name("BM_Hold/CalendarEventQueue")
    ->Apply(hold_sizes);
BENCHMARK(BM_HoldDrawOnly);

}  // namespace

BENCHMARK_MAIN();
