// What one random draw costs, for the draws the youth-care model makes at nearly every event:
// the exponential of a waiting time or an arrival gap as the model draws it now
// (-log1p(-u), models/youth_care/src/simulate.cpp) against the cheaper ways it could
// (-log(1 - u); Boost's ziggurat), and the lognormal of a care duration. Each changes the
// numbers a stream gives, so switching is a decision for the docs' figures too
// (docs/performance.md, target 4). The draws are summed so that none is optimised away.

#include <cmath>

#include <benchmark/benchmark.h>
#include <boost/random/exponential_distribution.hpp>
#include <boost/random/lognormal_distribution.hpp>

#include "jeugdsim/engine/random.hpp"

namespace {

using jeugdsim::engine::RandomStream;

RandomStream stream() { return RandomStream({2026, 0, 1, 0}); }

template <class Draw>
void run(benchmark::State& state, Draw draw) {
  RandomStream rng = stream();
  double sum = 0.0;
  for (auto _ : state) {
    sum += draw(rng);
    benchmark::DoNotOptimize(sum);
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_Uniform01(benchmark::State& state) {
  run(state, [](RandomStream& rng) { return rng.uniform01(); });
}
void BM_ExponentialLog1p(benchmark::State& state) {
  run(state, [](RandomStream& rng) { return -std::log1p(-rng.uniform01()); });
}
void BM_ExponentialLog(benchmark::State& state) {
  // 1 - u is exact for the 53-bit u of uniform01(), so this is the same variable as log1p's.
  run(state, [](RandomStream& rng) { return -std::log(1.0 - rng.uniform01()); });
}
void BM_ExponentialZiggurat(benchmark::State& state) {
  boost::random::exponential_distribution<double> exponential(1.0);
  run(state, [&exponential](RandomStream& rng) { return exponential(rng); });
}
void BM_Lognormal(benchmark::State& state) {
  // A care duration of mean 180 days and sd 120, as the scenarios give them.
  const double sigma2 = std::log1p((120.0 / 180.0) * (120.0 / 180.0));
  boost::random::lognormal_distribution<double> lognormal(std::log(180.0) - sigma2 / 2,
                                                          std::sqrt(sigma2));
  run(state, [&lognormal](RandomStream& rng) { return lognormal(rng); });
}

BENCHMARK(BM_Uniform01);
BENCHMARK(BM_ExponentialLog1p);
BENCHMARK(BM_ExponentialLog);
BENCHMARK(BM_ExponentialZiggurat);
BENCHMARK(BM_Lognormal);

}  // namespace

BENCHMARK_MAIN();
