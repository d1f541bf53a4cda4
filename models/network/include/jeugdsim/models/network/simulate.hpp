#pragma once
// One replication of a network scenario, and the metrics it reports.

#include <cstdint>
#include <vector>

#include "jeugdsim/models/network/scenario.hpp"
#include "jeugdsim/outputs/results.hpp"

namespace jeugdsim::models::network {

// The metrics simulate() reports, in its order: per station wait_mean, sojourn_mean,
// queue_length_mean, in_system_mean, utilization (finite stations only), throughput_per_day;
// then network_sojourn_mean with an empty tier.
std::vector<outputs::MetricId> metrics(const NetworkScenario& scenario);

// Simulates replication `replication` with streams keyed by (scenario.seed, replication):
// the result depends on nothing else. NaN marks a metric with no observation.
std::vector<double> simulate(const NetworkScenario& scenario, std::uint64_t replication);

// Counts of what a replication did, for benchmarks (customers and events per second).
struct RunCounters {
  std::uint64_t events = 0;
  std::uint64_t customers = 0;  // arrivals from outside
};
std::vector<double> simulate(const NetworkScenario& scenario, std::uint64_t replication,
                             RunCounters& counters);

// What a customer in the network takes in memory at most (for the memory check before a run).
std::size_t bytes_per_customer();

}  // namespace jeugdsim::models::network
