#pragma once
// The M/M/8 station every M/M/8 benchmark runs: arrivals at 1.7 a day, 8 servers, exponential
// service with mean 4 days (utilisation 0.85), FIFO. One statement of it, so that the engine,
// the hand-written loop and the SimPy peer (bench/peers/mm8_simpy.py) measure the same model.

#include <string>
#include <vector>

#include <fmt/format.h>

#include "jeugdsim/io/document.hpp"
#include "jeugdsim/models/network/load.hpp"

namespace jeugdsim::bench {

inline constexpr double kArrivalsPerDay = 1.7;
inline constexpr double kMeanServiceDays = 4.0;
inline constexpr unsigned kServers = 8;

// As a scenario file of kind network, with the given horizon and warm-up.
inline std::string mm8_scenario(double horizon_days, double warmup_days, unsigned seed) {
  return fmt::format(R"(kind: network
name: bench M/M/8
horizon_days: {}
warmup_days: {}
replications: 1
seed: {}
arrivals:
  - to: clinic
    interarrival: {{dist: exponential, mean: {:.17g}}}
stations:
  - id: clinic
    servers: {}
    service: {{dist: exponential, mean: {}}}
    route: {{exit: 1.0}}
)",
                     horizon_days, warmup_days, seed, 1.0 / kArrivalsPerDay, kServers,
                     kMeanServiceDays);
}

// The same, loaded as `jeugdsim run` loads a scenario file.
inline models::network::NetworkScenario load_mm8(double horizon_days, double warmup_days,
                                                 unsigned seed) {
  std::vector<std::string> warnings;
  return models::network::load_scenario(
      io::Document::from_string(mm8_scenario(horizon_days, warmup_days, seed), "bench_mm8.yaml"),
      warnings);
}

}  // namespace jeugdsim::bench
