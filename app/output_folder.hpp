#pragma once
// Where a command writes when the user does not say.

#include <filesystem>
#include <string>
#include <string_view>

namespace jeugdsim::app {

// "Two-stage clinic" -> "two-stage-clinic": a scenario name as a folder name.
std::string folder_name(std::string_view scenario_name);

// --out if given, else results/<prefix><folder_name(name)>.
std::filesystem::path output_folder(const std::string& out_dir, std::string_view prefix,
                                    std::string_view name);

}  // namespace jeugdsim::app
