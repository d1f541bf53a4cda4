#pragma once
// Reads and validates a `kind: network` scenario (schema: docs/scenarios.md).

#include <string>
#include <vector>

#include "jeugdsim/io/document.hpp"
#include "jeugdsim/models/network/scenario.hpp"

namespace jeugdsim::models::network {

// Throws io::InputError at the first problem. Problems that do not stop a run (an overloaded
// station, a station nobody reaches) are appended to `warnings` as "LOCATION: warning: ...".
NetworkScenario load_scenario(const io::Document& document, std::vector<std::string>& warnings);

}  // namespace jeugdsim::models::network
