// Sweep throughput: `jeugdsim sweep scenarios/sweeps/drenthe-poh.yaml` (12 points of Drenthe,
// 10 reported years after 10 warm-up years) with a few replications per point, run exactly as
// the command runs it (loading every point, simulating, summarising, writing sweep.csv), on 1
// and 2 threads. Reported as replications per second of wall time.
//
// One iteration is a whole sweep (seconds), so each benchmark runs one iteration; use
// --benchmark_repetitions for a median. Spreading over MPI ranks is measured by bench/mpi-scaling.

#include <filesystem>
#include <string>

#include <benchmark/benchmark.h>

#include "sweep.hpp"
#include "temporary_folder.hpp"

namespace {

constexpr int kReplicationsPerPoint = 4;
constexpr int kPoints = 12;  // the grid of drenthe-poh.yaml: 6 FTE values x 2 policies

void BM_SweepDrenthe(benchmark::State& state) {
  const jeugdsim::bench::TemporaryFolder folder("jeugdsim-bench-sweep");
  if (folder.path().empty()) {
    state.SkipWithError("cannot make a temporary folder");
    return;
  }
  jeugdsim::app::SweepOptions options;
  options.file = std::string(JEUGDSIM_SOURCE_DIR) + "/scenarios/sweeps/drenthe-poh.yaml";
  options.replications = kReplicationsPerPoint;
  options.threads = static_cast<unsigned>(state.range(0));
  options.out_dir = folder.path().string();
  options.quiet = true;
  for (auto _ : state) {
    if (jeugdsim::app::sweep_command(options) != 0) state.SkipWithError("the sweep failed");
  }
  state.counters["replications_per_s"] =
      benchmark::Counter(static_cast<double>(state.iterations()) * kReplicationsPerPoint * kPoints,
                         benchmark::Counter::kIsRate);
}
BENCHMARK(BM_SweepDrenthe)
    ->ArgName("threads")
    ->Arg(1)
    ->Arg(2)
    ->Iterations(1)
    ->UseRealTime()
    ->Unit(benchmark::kSecond);

}  // namespace

BENCHMARK_MAIN();
