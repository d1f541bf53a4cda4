#include "jeugdsim/outputs/output_files.hpp"

#include "jeugdsim/outputs/atomic_file.hpp"

namespace jeugdsim::outputs {

void write_all(const OutputFiles& files) {
  for (const auto& [file, content] : files) write_file_atomically(file, content);
}

std::string written_list(const OutputFiles& files,
                         const std::optional<std::filesystem::path>& report) {
  std::string out;
  for (std::size_t i = 0; i < files.size(); ++i) {
    // Appended piecewise, not `", " + x`: GCC 12's -Wrestrict misfires on the temporary.
    if (i > 0) out += i + 1 == files.size() ? " and " : ", ";
    out += files[i].first.string();
  }
  if (report) out += "\nreport: " + report->string();
  return out;
}

}  // namespace jeugdsim::outputs
