#include "jeugdsim/io/parameter_table.hpp"

#include <algorithm>

namespace jeugdsim::io {
namespace {

bool all_plain(const YAML::Node& node) {
  return std::all_of(node.begin(), node.end(), [&node](const auto& item) {
    const YAML::Node& value = node.IsMap() ? item.second : YAML::Node(item);
    return value.IsScalar() || value.IsNull();
  });
}

// In one line, whatever style the file used: {a: 1, b: 2} or [1, 2]. (yaml-cpp's emitter keeps a
// block-style node in block style even when asked for flow.)
std::string flow_text(const YAML::Node& node) {
  if (node.IsNull()) return "~";
  std::string out;
  for (const auto& item : node) {
    if (!out.empty()) out += ", ";
    out += node.IsMap() ? item.first.Scalar() + ": " + item.second.Scalar() : item.Scalar();
  }
  return node.IsMap() ? "{" + out + "}" : "[" + out + "]";
}

std::string joined(const std::string& prefix, const std::string& key) {
  return prefix.empty() ? key : prefix + "." + key;
}

void add_rows(const YAML::Node& node, const std::string& path, std::vector<Parameter>& rows) {
  if (node.IsScalar() || node.IsNull() || (node.size() > 0 && all_plain(node)) ||
      node.size() == 0) {
    rows.push_back({path, node.IsScalar() ? node.Scalar() : flow_text(node)});
    return;
  }
  if (node.IsMap()) {
    for (const auto& item : node) add_rows(item.second, joined(path, item.first.Scalar()), rows);
    return;
  }
  std::size_t index = 0;
  for (const auto& item : node) {
    const YAML::Node id = item.IsMap() ? item["id"] : YAML::Node();
    const bool named = id && id.IsScalar();
    add_rows(item, joined(path, named ? id.Scalar() : std::to_string(index)), rows);
    ++index;
  }
}

}  // namespace

std::vector<Parameter> parameter_table(const YAML::Node& root) {
  std::vector<Parameter> rows;
  if (root.IsMap()) add_rows(root, "", rows);
  return rows;
}

}  // namespace jeugdsim::io
