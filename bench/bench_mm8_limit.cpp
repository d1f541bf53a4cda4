// The engine against the limit: the M/M/8 station of mm8_scenario.hpp, 20 million days, one
// replication, one thread, run (1) through the engine exactly as `jeugdsim run` runs a network
// scenario, and (2) as a hand-specialised C++ loop: one std::priority_queue, a deque for the
// line, the two exponential draws inline, nothing general. Both draw from the same random
// streams (the engine's keys), so they simulate the same sample path and must report the same
// mean wait; the loop computes the same statistics (waits, sojourns, time-average queue and
// busy servers), so the comparison is work for work. bench/compare-simpy prints the ratio.

#include <cstdint>
#include <deque>
#include <queue>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>
#include <boost/random/exponential_distribution.hpp>

#include "jeugdsim/engine/random.hpp"
#include "jeugdsim/models/network/simulate.hpp"
#include "mm8_scenario.hpp"

namespace {

namespace network = jeugdsim::models::network;
namespace engine = jeugdsim::engine;
using namespace jeugdsim::bench;

constexpr double kDays = 20'000'000;
constexpr unsigned kSeed = 7;

void BM_EngineMM8(benchmark::State& state) {
  const network::NetworkScenario scenario = load_mm8(kDays, 0, kSeed);
  network::RunCounters counters;
  std::vector<double> results;
  for (auto _ : state) {
    results = network::simulate(scenario, 0, counters);
    benchmark::DoNotOptimize(results.data());
  }
  state.counters["customers_per_s"] =
      benchmark::Counter(static_cast<double>(counters.customers), benchmark::Counter::kIsRate);
  state.counters["wait_mean"] = results.at(0);  // metric 0: the station's wait_mean
}
BENCHMARK(BM_EngineMM8)->Iterations(1)->Unit(benchmark::kSecond);

// What a competent programmer writes for exactly this model.
struct HandResult {
  std::uint64_t customers = 0;
  double wait_mean = 0;
};

HandResult hand_mm8(double days, std::uint64_t seed) {
  struct Event {
    double time;
    std::uint64_t sequence;  // ties in time go first-scheduled first, as in the engine
    double entered;          // a departure: when the customer arrived; an arrival: -1
  };
  struct Later {
    bool operator()(const Event& a, const Event& b) const {
      return a.time > b.time || (a.time == b.time && a.sequence > b.sequence);
    }
  };
  // The engine's stream keys (models/network: purpose 1 interarrival, 2 service; entity 0).
  engine::RandomStream arrival_rng(engine::StreamKey{seed, 0, 1, 0});
  engine::RandomStream service_rng(engine::StreamKey{seed, 0, 2, 0});
  boost::random::exponential_distribution<double> interarrival(kArrivalsPerDay);
  boost::random::exponential_distribution<double> service(1.0 / kMeanServiceDays);

  std::priority_queue<Event, std::vector<Event>, Later> events;
  std::deque<double> line;  // arrival times of those waiting
  std::uint64_t sequence = 0;
  unsigned busy = 0;
  std::uint64_t customers = 0, served = 0, departed = 0;
  double wait_sum = 0, sojourn_sum = 0, queue_area = 0, busy_area = 0, last = 0;

  events.push(Event{interarrival(arrival_rng), sequence++, -1.0});
  while (!events.empty() && events.top().time <= days) {
    const Event e = events.top();
    events.pop();
    queue_area += static_cast<double>(line.size()) * (e.time - last);
    busy_area += busy * (e.time - last);
    last = e.time;
    if (e.entered < 0) {  // an arrival
      ++customers;
      if (busy < kServers) {
        ++busy;
        ++served;  // waited 0
        events.push(Event{e.time + service(service_rng), sequence++, e.time});
      } else {
        line.push_back(e.time);
      }
      events.push(Event{e.time + interarrival(arrival_rng), sequence++, -1.0});
    } else {  // a departure
      ++departed;
      sojourn_sum += e.time - e.entered;
      --busy;
      if (!line.empty()) {
        const double since = line.front();
        line.pop_front();
        ++busy;
        ++served;
        wait_sum += e.time - since;
        events.push(Event{e.time + service(service_rng), sequence++, since});
      }
    }
  }
  benchmark::DoNotOptimize(sojourn_sum + queue_area + busy_area + static_cast<double>(departed));
  return HandResult{customers, wait_sum / static_cast<double>(served)};
}

void BM_HandMM8(benchmark::State& state) {
  HandResult result;
  std::uint64_t customers = 0;
  for (auto _ : state) {
    result = hand_mm8(kDays, kSeed);
    customers += result.customers;
  }
  state.counters["customers_per_s"] =
      benchmark::Counter(static_cast<double>(customers), benchmark::Counter::kIsRate);
  state.counters["wait_mean"] = result.wait_mean;
}
BENCHMARK(BM_HandMM8)->Iterations(1)->Unit(benchmark::kSecond);

}  // namespace

BENCHMARK_MAIN();
