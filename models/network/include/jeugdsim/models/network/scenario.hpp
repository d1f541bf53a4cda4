#pragma once
// `kind: network`: an open queueing network. External renewal arrival streams feed stations;
// after service a customer moves to another station or leaves, by fixed probabilities. It is
// the model with which the engine is checked against queueing theory (docs/validation.md).

#include <cstdint>
#include <string>
#include <vector>

#include <boost/random/discrete_distribution.hpp>

#include "jeugdsim/engine/distribution.hpp"
#include "jeugdsim/engine/station.hpp"

namespace jeugdsim::models::network {

struct ArrivalStream {
  std::size_t to;  // station index
  engine::Distribution interarrival;
};

// Where a customer goes after service: targets[i] with probability probabilities[i]; a target
// equal to the number of stations means "exit".
struct Route {
  std::vector<std::size_t> targets;
  std::vector<double> probabilities;
  boost::random::discrete_distribution<std::size_t, double> choose;
};

struct StationSpec {
  std::string id;
  engine::StationCapacity capacity;
  engine::Distribution service;
  Route route;
};

struct NetworkScenario {
  std::string name;
  double horizon_days = 0.0;  // measured time, after warm-up
  double warmup_days = 0.0;
  std::size_t replications = 10;
  std::uint64_t seed = 1;
  std::vector<ArrivalStream> arrivals;
  std::vector<StationSpec> stations;

  [[nodiscard]] std::size_t exit_index() const noexcept { return stations.size(); }
};

}  // namespace jeugdsim::models::network
