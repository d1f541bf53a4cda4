#include "jeugdsim/outputs/atomic_file.hpp"

#include <cstdio>
#include <fstream>
#include <stdexcept>
#include <string>

#include <unistd.h>

namespace jeugdsim::outputs {

void write_file_atomically(const std::filesystem::path& file, std::string_view content) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (file.has_parent_path()) {
    fs::create_directories(file.parent_path(), ec);
    if (ec) {
      throw std::runtime_error("cannot create folder " + file.parent_path().string() + ": " +
                               ec.message());
    }
  }
  // The process id keeps two concurrent writers of the same file apart.
  const fs::path temporary =
      file.string() + ".tmp." + std::to_string(static_cast<long>(::getpid()));
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    out.flush();
    if (!out) {
      fs::remove(temporary, ec);
      throw std::runtime_error("cannot write " + file.string());
    }
  }
  fs::rename(temporary, file, ec);
  if (ec) {
    fs::remove(temporary, ec);
    throw std::runtime_error("cannot write " + file.string() + ": " + ec.message());
  }
}

}  // namespace jeugdsim::outputs
