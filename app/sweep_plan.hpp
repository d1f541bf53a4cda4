#pragma once
// A sweep file read into the list of points it names: a base scenario and, per point, the
// overrides that make it. Reading it loads every point's scenario, so a bad value in the last
// point is reported before the first one runs.
//
//   base: ../scenarios/drenthe.yaml   # relative to the sweep file
//   replications: 1000                # optional (default: the base's)
//   seed: 2019                        # optional (default: the base's)
//   grid:                             # every combination; the first key varies slowest
//     tiers.poh.fte: [0, 2, 4, 6, 8, 10]
//     policy: [stepped, matched]
//   # or, instead of grid, a list of points:
//   # points:
//   #   - {policy: stepped, tiers.poh.fte: 2}
//   #   - {policy: matched}

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "jeugdsim/models/model.hpp"
#include "scenario_runs.hpp"

namespace jeugdsim::app {

struct SweepPoint {
  std::vector<std::string> values;       // per SweepPlan::parameters, as YAML text; "" if not set
  std::vector<std::string> assignments;  // "PATH=VALUE", as shown in the output
  models::Model model;
  std::uint64_t digest = 0;  // of the point's whole scenario, to recognise it when resuming
};

struct SweepPlan {
  std::string name;       // the sweep file's `name`, else its file name without extension
  std::string base_file;  // as resolved against the sweep file's folder
  std::vector<std::string> parameters;  // the swept paths, in order of first appearance
  // --set, as given: part of what a point is even where it leaves the YAML as it was (a path
  // fixed with its own value still stops a dated change or an uncertain draw of it).
  std::vector<std::string> overrides;
  std::vector<SweepPoint> points;
  std::size_t replications = 0;
  std::uint64_t seed = 0;
  std::vector<std::string> warnings;  // of all points, each once
  // The sweep file's `posterior:` (a posterior.csv, resolved against the sweep file's folder);
  // empty if it has none. --posterior on the command line wins over it.
  std::string posterior;
};

// Throws io::InputError naming the sweep file's line and column (or the command-line option).
// `overrides` (--set) apply to every point, under the point's own values.
SweepPlan read_sweep(const std::string& file, const std::vector<std::string>& overrides,
                     const std::optional<NamedValue>& replications,
                     const std::optional<NamedValue>& seed);

}  // namespace jeugdsim::app
