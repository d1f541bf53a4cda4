#include "output_folder.hpp"

#include <cctype>

namespace jeugdsim::app {

std::string folder_name(std::string_view scenario_name) {
  std::string out;
  for (const char c : scenario_name) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || c == '_' || c == '.') {
      out.push_back(static_cast<char>(std::tolower(u)));
    } else if (!out.empty() && out.back() != '-') {
      out.push_back('-');
    }
  }
  while (!out.empty() && (out.back() == '-' || out.back() == '.')) out.pop_back();
  return out.empty() ? "scenario" : out;
}

std::filesystem::path output_folder(const std::string& out_dir, std::string_view prefix,
                                    std::string_view name) {
  if (!out_dir.empty()) return out_dir;
  return std::filesystem::path("results") / (std::string(prefix) + folder_name(name));
}

}  // namespace jeugdsim::app
