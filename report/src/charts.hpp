#pragma once
// The report's charts: what each shows, its words, and the values report.js draws. Internal to
// report/.

#include <string>
#include <vector>

#include "common.hpp"
#include "jeugdsim/report/text.hpp"

namespace jeugdsim::report {

struct Chart {
  std::string heading;  // the section it belongs to
  std::string title;
  std::string note;
  Json spec;  // what report.js needs: type, axis titles, values
};

// Every chart of the report for `data`, in order.
std::vector<Chart> charts_of(const ReportData& data, Language language);

}  // namespace jeugdsim::report
