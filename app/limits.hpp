#pragma once
// What a run needs against what this machine has, checked before anything runs, so that a run
// too big to finish is refused with a located error instead of killed for want of memory hours
// later (docs/reliability.md). The scenario's own limits are checked where it is read.

#include <string>

#include "jeugdsim/io/document.hpp"
#include "jeugdsim/models/model.hpp"

namespace jeugdsim::app {

// The memory this process may use: the machine's, or its control group's limit if lower (a
// container, a Slurm job).
double memory_limit_bytes();

// Bytes as a person reads them: "512 MB", "23.4 GB".
std::string memory_text(double bytes);

// Throws io::InputError if a run of `model` (from `document`) would need more memory than
// memory_limit_bytes(): the results it keeps until the end (every replication's values and time
// series) and one replication's state at its largest (Model::footprint). Reported at the value
// that drives the larger part: `replications`, or the footprint's. Threads are not counted: a
// scenario `validate` accepts is one `run` starts, whatever --threads.
void check_memory(const io::Document& document, const models::Model& model);

}  // namespace jeugdsim::app
