#include "jeugdsim/outputs/readable.hpp"

#include <cmath>

#include <fmt/format.h>

namespace jeugdsim::outputs {

std::string readable(double x, int significant) {
  const double rounded = std::stod(fmt::format("{:.{}g}", x, significant));
  if (std::abs(rounded) < 1e3) return fmt::format("{:.{}g}", rounded, significant);
  const std::string digits = fmt::format("{:.0f}", std::abs(rounded));
  std::string out = rounded < 0 ? "-" : "";
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

}  // namespace jeugdsim::outputs
