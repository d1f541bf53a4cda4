#include "limits.hpp"

#include <algorithm>
#include <fstream>

#include <fmt/format.h>
#include <unistd.h>

#include "jeugdsim/io/input_error.hpp"

namespace jeugdsim::app {
double memory_limit_bytes() {
  static const double limit = [] {
    double bytes = static_cast<double>(::sysconf(_SC_PHYS_PAGES)) *
                   static_cast<double>(::sysconf(_SC_PAGE_SIZE));
    // cgroup v2, then v1; "max" (no limit) does not read as a number.
    for (const char* file :
         {"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"}) {
      std::ifstream in(file);
      double cgroup = 0.0;
      if (in >> cgroup && cgroup > 0.0) bytes = std::min(bytes, cgroup);
    }
    return bytes;
  }();
  return limit;
}

std::string memory_text(double bytes) {
  if (bytes >= 1e15) return fmt::format("{:.3g} PB", bytes / 1e15);
  if (bytes >= 1e12) return fmt::format("{:.3g} TB", bytes / 1e12);
  if (bytes >= 1e9) return fmt::format("{:.3g} GB", bytes / 1e9);
  if (bytes >= 1e6) return fmt::format("{:.3g} MB", bytes / 1e6);
  return fmt::format("{:.3g} kB", bytes / 1e3);
}

void check_memory(const io::Document& document, const models::Model& model) {
  const double limit = memory_limit_bytes();
  const auto replications = static_cast<double>(model.info.replications);
  // Kept to the end: the values (in the runner's results and in the table of all), and the
  // time series (per replication, then joined).
  const double per_replication =
      2.0 * (static_cast<double>(model.metrics.size() + model.inputs.size()) * 8.0 + 64.0 +
             static_cast<double>(model.timeseries_rows * model.timeseries_row_bytes));
  const double results = replications * per_replication;
  const double needed = results + model.footprint.bytes;
  if (needed <= limit) return;

  const std::string have = fmt::format("this machine allows {}", memory_text(limit));
  if (model.footprint.bytes >= results) {
    throw io::InputError(
        model.footprint.location,
        fmt::format("one replication could hold {}: about {} of memory; {}", model.footprint.what,
                    memory_text(model.footprint.bytes), have));
  }
  const YAML::Node node = document.root()["replications"];
  std::string rows;
  if (model.timeseries_rows > 0) {
    rows = fmt::format(" and {} rows of timeseries.csv", model.timeseries_rows);
  }
  throw io::InputError(
      document.location(node, "replications"),
      fmt::format("{} replications would keep about {} in memory until the run ends ({} values{} "
                  "each, {} per replication); {}: run fewer replications, or several runs with "
                  "different seeds",
                  model.info.replications, memory_text(needed), model.metrics.size(), rows,
                  memory_text(per_replication), have));
}

}  // namespace jeugdsim::app
