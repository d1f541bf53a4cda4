#pragma once
// The files a command writes, all made in memory before the first is written, so that bad input
// or a failed run leaves nothing half written.

#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace jeugdsim::outputs {

using OutputFiles = std::vector<std::pair<std::filesystem::path, std::string>>;

// Each file whole or not at all (write_file_atomically).
void write_all(const OutputFiles& files);

// "a.csv, b.csv and c.json" and, if a report was written, a second line with its path.
std::string written_list(const OutputFiles& files,
                         const std::optional<std::filesystem::path>& report);

}  // namespace jeugdsim::outputs
