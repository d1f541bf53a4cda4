#include <cmath>

#include "jeugdsim/models/youth_care/scenario.hpp"

namespace jeugdsim::models::youth_care {

double population(const Municipality& m, int year, int start_year) {
  return m.children * std::pow(1.0 + m.growth_pct_per_year / 100.0, year - start_year);
}

double questions_per_day(const Parameters& p, const Municipality& m, int year, int start_year) {
  double per_child = 0.0;
  for (double r : p.question_rate) per_child += r / static_cast<double>(kAgeBandCount);
  return population(m, year, start_year) * m.demand_index * per_child / kDaysPerYear;
}

}  // namespace jeugdsim::models::youth_care
