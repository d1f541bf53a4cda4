#pragma once
// A fresh folder under the system's temporary directory for a benchmark's output, removed with
// everything in it when the benchmark ends (the command benchmarks write real files, as users'
// runs do).

#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>
#include <system_error>

namespace jeugdsim::bench {

class TemporaryFolder {
 public:
  // Empty path() if the folder could not be made.
  explicit TemporaryFolder(std::string_view name) {
    std::string pattern =
        (std::filesystem::temp_directory_path() / (std::string(name) + "-XXXXXX")).string();
    if (::mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~TemporaryFolder() {
    std::error_code ignored;  // nothing to be done about a folder that cannot be removed
    if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
  }
  TemporaryFolder(const TemporaryFolder&) = delete;
  TemporaryFolder& operator=(const TemporaryFolder&) = delete;

  [[nodiscard]] const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace jeugdsim::bench
