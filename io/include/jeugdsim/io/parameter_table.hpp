#pragma once
// A scenario as a table of PATH = VALUE rows: what the report shows so that a reader sees every
// value the run used (the file with its --set overrides applied) without opening the YAML.

#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

namespace jeugdsim::io {

struct Parameter {
  std::string path;   // as --set names it: tiers.poh.fte, municipalities.assen.children
  std::string value;  // YAML text; a map or list of plain values in one line, {a: 1, b: 2}
};

// Rows in document order. Items of a list are named by their `id` where they have one
// (municipalities.assen.children), else by index (changes.0.from), as --set paths are; a map or
// list whose members are all plain values is one row in flow style.
std::vector<Parameter> parameter_table(const YAML::Node& root);

}  // namespace jeugdsim::io
