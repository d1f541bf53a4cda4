#pragma once
// Reads and validates a `kind: youth_care` scenario (reference: docs/scenarios.md).

#include <string>
#include <vector>

#include "jeugdsim/io/document.hpp"
#include "jeugdsim/models/youth_care/scenario.hpp"

namespace jeugdsim::models::youth_care {

// Throws io::InputError at the first problem; warnings are appended as "LOCATION: warning: ...".
// Each entry of `changes:` gives a new epoch: the file is read again with that change (and all
// earlier ones) applied, so a changed value is validated exactly like one in the file.
YouthCareScenario load_scenario(const io::Document& document, std::vector<std::string>& warnings);

}  // namespace jeugdsim::models::youth_care
