// The real job: one replication of scenarios/drenthe.yaml (12 municipalities, 10 reported
// years after 10 warm-up years) per benchmark iteration, through the loader and simulate() that
// `jeugdsim run` uses. Reported as wall time per replication and events per second, on one
// thread; `jeugdsim run` spreads replications over threads (docs/performance.md).
//
// Unlike bench_network.cpp this reads the scenario from scenarios/: the figure is meant to follow
// the file the users run.

#include <cstdint>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "jeugdsim/io/document.hpp"
#include "jeugdsim/models/youth_care/load.hpp"
#include "jeugdsim/models/youth_care/simulate.hpp"

namespace {

namespace yc = jeugdsim::models::youth_care;

yc::YouthCareScenario load_drenthe() {
  std::vector<std::string> warnings;
  return yc::load_scenario(jeugdsim::io::Document::from_file(std::string(JEUGDSIM_SOURCE_DIR) +
                                                             "/scenarios/drenthe.yaml"),
                           warnings);
}

void BM_DrentheReplication(benchmark::State& state) {
  const yc::YouthCareScenario scenario = load_drenthe();
  yc::Counters counters;
  std::uint64_t replication = 0;
  for (auto _ : state) {
    // A new replication each iteration: an average over random streams, not one sample path.
    auto result = yc::simulate(scenario, replication++, yc::Options{}, counters);
    benchmark::DoNotOptimize(result.values.data());
    benchmark::ClobberMemory();
  }
  state.counters["events_per_s"] =
      benchmark::Counter(static_cast<double>(counters.events), benchmark::Counter::kIsRate);
  state.counters["peak_children"] = static_cast<double>(counters.peak_children);
  // Per replication: what the event count is made of.
  const auto per_replication = [&](std::uint64_t n) {
    return benchmark::Counter(static_cast<double>(n), benchmark::Counter::kAvgIterations);
  };
  state.counters["events"] = per_replication(counters.events);
  state.counters["children"] = per_replication(counters.children_created);
}
BENCHMARK(BM_DrentheReplication)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
