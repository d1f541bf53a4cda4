#include "jeugdsim/outputs/cohort_output.hpp"

#include <fmt/format.h>

namespace jeugdsim::outputs {

std::string format_cohort_csv(const std::string& scenario,
                              const std::vector<ExpectedValue>& values) {
  std::string csv = "scenario,metric,tier,year,value,approximate\n";
  for (const auto& v : values) {
    csv += fmt::format("{},{},{},{},{},{}\n", csv_field(scenario), csv_field(v.id.metric),
                       csv_field(v.id.tier), csv_field(v.id.year), format_number(v.value),
                       v.approximate ? "yes" : "no");
  }
  return csv;
}

}  // namespace jeugdsim::outputs
