#pragma once
// One replication of a youth-care scenario, and the metrics it reports.

#include <cstdint>
#include <string>
#include <vector>

#include "jeugdsim/models/youth_care/scenario.hpp"
#include "jeugdsim/outputs/results.hpp"

namespace jeugdsim::models::youth_care {

// Per reported year, the whole system's metrics, then each tier's, in the order of the tables
// of metrics.hpp (visit_values).
std::vector<outputs::MetricId> metrics(const YouthCareScenario& scenario);

// Header of the monthly time series (one row per replication x month end x tier).
inline constexpr const char* kTimeseriesHeader = "replication,date,tier,occupancy,waiting\n";

struct ReplicationResult {
  std::vector<double> values;  // values[i] is metrics(scenario)[i]
  std::string timeseries;      // rows without header
};

// Counts kept for tests and benchmarks.
struct Counters {
  std::uint64_t events = 0;
  std::uint64_t children_created = 0;
  std::uint64_t peak_children = 0;  // children alive at once (in care, waiting or to relapse)
  std::uint64_t escalations = 0;    // moves to a heavier tier after a trajectory failed
};

// Checks run after every year end when `check_invariants` is set (tests): every child is in
// exactly one place, and the stations' counts agree with the children's states; a broken one
// throws std::logic_error. A JEUGDSIM_CHECKS build checks always, and more, and aborts at a
// broken one (engine/check.hpp).
struct Options {
  bool check_invariants = false;
};

ReplicationResult simulate(const YouthCareScenario& scenario, std::uint64_t replication,
                           const Options& options, Counters& counters);
ReplicationResult simulate(const YouthCareScenario& scenario, std::uint64_t replication);

// Rows of timeseries.csv one replication writes, and the bytes of one at its longest.
std::size_t timeseries_rows(const YouthCareScenario& scenario);
std::size_t timeseries_row_bytes();

// For the memory check before a run: at most how many children one replication holds at once
// (waiting, in care or awaiting a relapse), and what each takes. Every care question brings a
// child in, who leaves at 18 at the latest, so there are never more than the care questions of
// 18 years, or of the whole run if shorter: an upper bound, 14 times what Drenthe's
// replications hold (122,150 against 8,800 at most).
double peak_children_bound(const YouthCareScenario& scenario);
std::size_t bytes_per_child();

}  // namespace jeugdsim::models::youth_care
