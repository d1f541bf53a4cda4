#pragma once
// The traffic equations of an open network, lambda = gamma + P^T lambda, solved with Eigen:
// the long-run arrival rate at every station, whatever the distributions. They give the
// offered load of every station before a run, and the theory side of the Jackson-network test.

#include <vector>

#include "jeugdsim/models/network/scenario.hpp"

namespace jeugdsim::models::network {

struct StationFlow {
  double arrival_rate;  // customers per day, long run
  double offered_load;  // arrival_rate x mean service time: mean busy servers if stable
  double utilization;   // offered_load / servers; 0 for unlimited stations
};

// Requires every station to be able to reach the exit (load_scenario checks it).
std::vector<StationFlow> solve_traffic(const NetworkScenario& scenario);

}  // namespace jeugdsim::models::network
