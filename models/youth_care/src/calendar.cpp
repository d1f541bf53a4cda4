#include <charconv>
#include <chrono>

#include "jeugdsim/models/youth_care/scenario.hpp"

namespace jeugdsim::models::youth_care {
namespace {

double days_between(const std::chrono::year_month_day& from,
                    const std::chrono::year_month_day& to) {
  return static_cast<double>((std::chrono::sys_days(to) - std::chrono::sys_days(from)).count());
}

std::chrono::year_month_day january_first(int year) {
  return std::chrono::year{year} / std::chrono::January / 1;
}

}  // namespace

double day_of_year_start(int year, int base_year) {
  return days_between(january_first(base_year), january_first(year));
}

double day_of_month_start(int year, unsigned month, int base_year) {
  return days_between(january_first(base_year),
                      std::chrono::year{year} / std::chrono::month{month} / 1);
}

std::optional<double> day_of_date(std::string_view iso, int base_year) {
  // Exactly YYYY-MM-DD.
  if (iso.size() != 10 || iso[4] != '-' || iso[7] != '-') return std::nullopt;
  int y = 0;
  unsigned m = 0, d = 0;
  auto parse = [&iso](std::size_t at, std::size_t len, auto& out) {
    const auto [ptr, ec] = std::from_chars(iso.data() + at, iso.data() + at + len, out);
    return ec == std::errc() && ptr == iso.data() + at + len;
  };
  if (!parse(0, 4, y) || !parse(5, 2, m) || !parse(8, 2, d)) return std::nullopt;
  const std::chrono::year_month_day date{std::chrono::year{y}, std::chrono::month{m},
                                         std::chrono::day{d}};
  if (!date.ok()) return std::nullopt;
  return days_between(january_first(base_year), date);
}

}  // namespace jeugdsim::models::youth_care
