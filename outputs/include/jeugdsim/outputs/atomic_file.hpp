#pragma once
// Writes a whole file or nothing: the content goes to a temporary file in the same folder,
// which is then renamed over the target (rename is atomic on POSIX file systems). An
// interrupted run therefore never leaves a half-written output.

#include <filesystem>
#include <string_view>

namespace jeugdsim::outputs {

// Creates missing parent folders. Throws std::runtime_error naming the file on failure.
void write_file_atomically(const std::filesystem::path& file, std::string_view content);

}  // namespace jeugdsim::outputs
