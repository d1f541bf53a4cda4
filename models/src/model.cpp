#include "jeugdsim/models/model.hpp"

#include <fmt/format.h>

#include <memory>

#include "jeugdsim/io/input_error.hpp"
#include "jeugdsim/io/value_reader.hpp"
#include "jeugdsim/models/network/load.hpp"
#include "jeugdsim/models/network/simulate.hpp"
#include "jeugdsim/models/network/traffic.hpp"

namespace jeugdsim::models {
namespace {

Model network_model(const io::Document& document) {
  Model model;
  auto scenario =
      std::make_shared<const network::NetworkScenario>(network::load_scenario(document, model.warnings));
  model.info.scenario = scenario->name;
  model.info.kind = "network";
  model.info.source = document.source_name();
  model.info.seed = scenario->seed;
  model.info.replications = scenario->replications;
  model.metrics = network::metrics(*scenario);
  model.simulate = [scenario](std::size_t r) { return network::simulate(*scenario, r); };

  const auto flows = network::solve_traffic(*scenario);
  std::string loads;
  for (std::size_t i = 0; i < flows.size(); ++i) {
    const auto& station = scenario->stations[i];
    loads += fmt::format("{}{} {}", i == 0 ? "" : ", ", station.id,
                         station.capacity.unlimited()
                             ? fmt::format("{:.3g} busy (unlimited)", flows[i].offered_load)
                             : fmt::format("{:.3f}", flows[i].utilization));
  }
  model.outline = fmt::format(
      "network '{}': {} stations, {} arrival streams, horizon {} days after {} days warm-up, "
      "{} replications, seed {}; expected utilization: {}",
      scenario->name, scenario->stations.size(), scenario->arrivals.size(), scenario->horizon_days,
      scenario->warmup_days, scenario->replications, scenario->seed, loads);
  return model;
}

}  // namespace

const std::vector<std::string>& known_kinds() {
  static const std::vector<std::string> kinds = {"network"};
  return kinds;
}

Model load_model(const io::Document& document) {
  const YAML::Node kind_node = document.root()["kind"];
  if (!kind_node) {  // not through MapReader: which keys are allowed depends on the kind
    throw io::InputError(document.location(document.root(), ""),
                         "missing key 'kind': what the scenario describes (one of: network)");
  }
  const io::ValueReader kind(document, kind_node, "kind");
  (void)kind.as_choice(known_kinds());
  return network_model(document);
}

}  // namespace jeugdsim::models
