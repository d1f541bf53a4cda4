#pragma once
// Numbers as a person reads them in a table: 17,420,000 rather than 1.742e+07. For printing
// only; the files always hold the full-precision format of outputs::format_number.

#include <string>

namespace jeugdsim::outputs {

// `x` to `significant` digits, with thousands separators from 1,000 on.
std::string readable(double x, int significant);

}  // namespace jeugdsim::outputs
