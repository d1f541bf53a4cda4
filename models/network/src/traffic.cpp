#include "jeugdsim/models/network/traffic.hpp"

#include <Eigen/Dense>

namespace jeugdsim::models::network {

std::vector<StationFlow> solve_traffic(const NetworkScenario& scenario) {
  const auto n = static_cast<Eigen::Index>(scenario.stations.size());
  // (I - P^T) lambda = gamma, with P[i][j] the probability of moving from i to j.
  Eigen::MatrixXd a = Eigen::MatrixXd::Identity(n, n);
  Eigen::VectorXd gamma = Eigen::VectorXd::Zero(n);
  for (const auto& stream : scenario.arrivals) {
    gamma(static_cast<Eigen::Index>(stream.to)) += 1.0 / stream.interarrival.mean();
  }
  for (Eigen::Index i = 0; i < n; ++i) {
    const Route& route = scenario.stations[static_cast<std::size_t>(i)].route;
    for (std::size_t k = 0; k < route.targets.size(); ++k) {
      if (route.targets[k] == scenario.exit_index()) continue;
      a(static_cast<Eigen::Index>(route.targets[k]), i) -= route.probabilities[k];
    }
  }
  const Eigen::VectorXd lambda = a.fullPivLu().solve(gamma);

  std::vector<StationFlow> flows;
  flows.reserve(scenario.stations.size());
  for (Eigen::Index i = 0; i < n; ++i) {
    const StationSpec& station = scenario.stations[static_cast<std::size_t>(i)];
    const double load = lambda(i) * station.service.mean();
    const double utilization =
        station.capacity.unlimited() ? 0.0 : load / static_cast<double>(*station.capacity.servers);
    flows.push_back(StationFlow{lambda(i), load, utilization});
  }
  return flows;
}

}  // namespace jeugdsim::models::network
