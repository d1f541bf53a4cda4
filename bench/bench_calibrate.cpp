// Calibration throughput: `jeugdsim calibrate` of scenarios/assen.yaml with the eight uncertain
// inputs and five targets of the worked example in docs/calibration.md, run exactly as the
// command runs it (20000-simulation budget, 500 particles), on 1 and 2 threads, and with the
// cohort model's pre-screen (--screen). Reported in seconds of wall time and simulations per
// second.
//
// One iteration is a whole calibration (one to two minutes), so each benchmark runs one; use
// --benchmark_repetitions for a median, --benchmark_filter to run one thread count.

#include <filesystem>
#include <fstream>
#include <string>

#include <benchmark/benchmark.h>
#include <nlohmann/json.hpp>

#include "calibrate.hpp"
#include "temporary_folder.hpp"

namespace {

// The worked example of docs/calibration.md, as its command line gives it.
const char* const kUncertain =
    "uncertain={care_questions.worsening_per_year: {dist: uniform, min: 0.3, max: 1.5}, "
    "care_questions.resolving_per_year: {dist: uniform, min: 0.1, max: 0.6}, "
    "care_questions.relapse.probability: {dist: uniform, min: 0.1, max: 0.35}, "
    "gp.specialist_referral: {dist: uniform, min: 0.4, max: 0.8}, "
    "tiers.poh.caseload_per_fte: {dist: uniform, min: 25, max: 60}, "
    "tiers.specialist.success.severe: {dist: uniform, min: 0.5, max: 0.9}, "
    "tiers.residential.success.crisis: {dist: uniform, min: 0.35, max: 0.75}, "
    "municipalities.assen.demand_index: {dist: uniform, min: 0.8, max: 1.2}}";
const char* const kObserved =
    "observed={out_of_home_rate_pct: {2017: {value: 2.2, sd: 0.1}, 2018: {value: 1.9, sd: 0.1}}, "
    "children_in_care: {2016: {value: 1904, sd: 190}}, "
    "cost_per_child_in_care_eur: {2019: {low: 8000, high: 16000}}, "
    "wait_mean: {specialist: {2017: {low: 28, high: 60}}}}";

void BM_CalibrateAssen(benchmark::State& state) {
  const jeugdsim::bench::TemporaryFolder folder("jeugdsim-bench-calibrate");
  if (folder.path().empty()) {
    state.SkipWithError("cannot make a temporary folder");
    return;
  }
  jeugdsim::app::CalibrateOptions options;
  options.file = std::string(JEUGDSIM_SOURCE_DIR) + "/scenarios/assen.yaml";
  options.overrides = {kUncertain, kObserved};
  options.threads = static_cast<unsigned>(state.range(0));
  options.screen = state.range(1) != 0;
  options.out_dir = folder.path().string();
  options.quiet = true;
  double simulations = 0.0;
  for (auto _ : state) {
    if (jeugdsim::app::calibrate_command(options) != 0) state.SkipWithError("calibrate failed");
    std::ifstream json(folder.path() / "calibration.json");
    simulations += nlohmann::json::parse(json).at("simulations").get<double>();
  }
  state.counters["simulations"] = simulations / static_cast<double>(state.iterations());
  state.counters["simulations_per_s"] =
      benchmark::Counter(simulations, benchmark::Counter::kIsRate);
}
// screen:1 is `calibrate --screen`, the cohort model's pre-screen.
BENCHMARK(BM_CalibrateAssen)
    ->ArgNames({"threads", "screen"})
    ->Args({1, 0})
    ->Args({2, 0})
    ->Args({2, 1})
    ->Iterations(1)
    ->UseRealTime()
    ->Unit(benchmark::kSecond);

}  // namespace

BENCHMARK_MAIN();
