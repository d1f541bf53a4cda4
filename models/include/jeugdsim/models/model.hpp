#pragma once
// Any scenario, whatever its `kind`, as the runner and the CLI need it: what it is, which
// metrics it reports, and a function that simulates replication r. The function is called once
// per replication (never per event), so it may be a std::function.

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "jeugdsim/io/document.hpp"
#include "jeugdsim/io/results.hpp"

namespace jeugdsim::models {

struct Model {
  io::RunInfo info;
  std::vector<io::MetricId> metrics;
  // values[m] for metrics[m]; safe to call concurrently for different replications.
  std::function<std::vector<double>(std::size_t replication)> simulate;
  std::vector<std::string> warnings;  // "LOCATION: warning: ..." lines
  std::string outline;                // one line on what the scenario contains, for `validate`
};

// The kinds of scenario this build knows.
const std::vector<std::string>& known_kinds();

// Reads `kind` and hands the document to that model's loader. Throws io::InputError.
Model load_model(const io::Document& document);

}  // namespace jeugdsim::models
