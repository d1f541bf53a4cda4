// End to end: one replication of an M/M/8 station per benchmark iteration, through the same
// loader and simulate() that `jeugdsim run` uses. Reported as customers (external arrivals)
// and events per CPU second; the benchmark is single-threaded, so that is per core.
//
// The scenario is kept in this file, not in scenarios/, so that the figure in
// docs/performance.md cannot drift when the examples are edited.

#include <cstdint>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "jeugdsim/models/network/simulate.hpp"
#include "mm8_scenario.hpp"

namespace {

namespace network = jeugdsim::models::network;

// Offered load 1.7 x 4 = 6.8 busy servers of 8 (utilisation 0.85): a queue forms often
// enough to exercise the waiting line, and the future-event list holds about 8 events.
// 50 000 days is about 85 000 customers and 170 000 events: tens of milliseconds per iteration.
void BM_NetworkMM8(benchmark::State& state) {
  const network::NetworkScenario scenario = jeugdsim::bench::load_mm8(50'000, 1'000, 7);
  network::RunCounters counters;
  std::uint64_t replication = 0;
  for (auto _ : state) {
    // A new replication each iteration: the figure is an average over random streams, not
    // the cost of one particular sample path.
    auto results = network::simulate(scenario, replication++, counters);
    benchmark::DoNotOptimize(results.data());
    benchmark::ClobberMemory();
  }
  state.counters["customers_per_s"] =
      benchmark::Counter(static_cast<double>(counters.customers), benchmark::Counter::kIsRate);
  state.counters["events_per_s"] =
      benchmark::Counter(static_cast<double>(counters.events), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_NetworkMM8)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
