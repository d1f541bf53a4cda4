#pragma once
// Reads and validates a `kind: youth_care` scenario (reference: docs/scenarios.md).

#include <cstdint>
#include <string>
#include <vector>

#include "jeugdsim/io/document.hpp"
#include "jeugdsim/models/youth_care/scenario.hpp"

namespace jeugdsim::models::youth_care {

// Throws io::InputError at the first problem; warnings are appended as "LOCATION: warning: ...".
// Each entry of `changes:` gives a new epoch: the file is read again with that change (and all
// earlier ones) applied, so a changed value is validated exactly like one in the file.
// With `uncertain:` inputs the scenario holds their means.
YouthCareScenario load_scenario(const io::Document& document, std::vector<std::string>& warnings);

// The values replication `replication` draws for `scenario.uncertain`, in that order. Each input
// has its own stream, keyed by its path, so adding an input does not change the others' draws.
std::vector<double> draw_uncertain(const YouthCareScenario& scenario, std::uint64_t replication);

// One replication's scenario and the values it drew, so a caller that reports the draws (run
// --psa) does not draw them a second time.
struct DrawnScenario {
  YouthCareScenario scenario;
  std::vector<double> draws;  // draw_uncertain(scenario, replication): one per uncertain input
};

// `scenario` (loaded from `document`) with its uncertain inputs at `values`, one per input in
// order, instead of drawn: what `calibrate` simulates. A value that is not valid there is an
// io::InputError located at its uncertain entry.
YouthCareScenario scenario_at(const io::Document& document, const YouthCareScenario& scenario,
                              const std::vector<double>& values);

// The scenario of one replication: `document` (the one `scenario` was loaded from) read again
// with the draws in place. A draw that is not a valid value (a probability above 1, say) is an
// io::InputError at the uncertain entry, naming the replication and the value.
DrawnScenario drawn_scenario(const io::Document& document, const YouthCareScenario& scenario,
                             std::uint64_t replication);

}  // namespace jeugdsim::models::youth_care
