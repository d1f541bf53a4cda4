#pragma once
// cohort.csv (files.hpp): the expected values a model computes without simulation (the
// youth-care Markov cohort), one row per metric x tier x year.

#include <string>
#include <vector>

#include "jeugdsim/outputs/results.hpp"

namespace jeugdsim::outputs {

struct ExpectedValue {
  MetricId id;
  double value;
  bool approximate;  // an approximation, not the exact expectation of the same model
};

// Header, then one line per value, exactly: scenario,metric,tier,year,value,approximate
// (approximate: yes or no).
std::string format_cohort_csv(const std::string& scenario,
                              const std::vector<ExpectedValue>& values);

}  // namespace jeugdsim::outputs
