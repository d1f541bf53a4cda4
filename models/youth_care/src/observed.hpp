#pragma once
// Reads `observed:` (docs/scenarios.md, section "observed"): the figures seen in reality that a
// run prints next to its own and `calibrate` fits the uncertain inputs to.

#include <string>
#include <vector>

#include "jeugdsim/io/value_reader.hpp"
#include "jeugdsim/models/youth_care/scenario.hpp"

namespace jeugdsim::models::youth_care {

// Every figure of `observed:`, in the file's order. A figure for years the run does not report
// (`first`..`last`) is left out with a warning.
std::vector<ObservedFigure> read_observed(const io::ValueReader& observed, int first, int last,
                                          std::vector<std::string>& warnings);

}  // namespace jeugdsim::models::youth_care
