#include "jeugdsim/io/document.hpp"

#include <fstream>
#include <optional>
#include <sstream>

#include "jeugdsim/io/did_you_mean.hpp"
#include "jeugdsim/io/input_error.hpp"

namespace jeugdsim::io {
namespace {

std::string mark_location(const std::string& source, const YAML::Mark& mark) {
  if (mark.is_null()) return source;
  return source + ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1);
}

YAML::Node parse(std::string_view text, const std::string& source) {
  try {
    YAML::Node root = YAML::Load(std::string(text));
    if (!root.IsMap()) {
      throw InputError(mark_location(source, root.Mark()),
                       "expected a scenario: a map of keys such as 'kind:' and 'name:'");
    }
    return root;
  } catch (const YAML::Exception& e) {
    throw InputError(mark_location(source, e.mark), "invalid YAML: " + e.msg);
  }
}

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (;;) {
    const std::size_t dot = path.find('.', start);
    parts.emplace_back(path.substr(start, dot - start));
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return parts;
}

bool is_index(const std::string& s) {
  return !s.empty() && s.size() < 10 && s.find_first_not_of("0123456789") == std::string::npos;
}

}  // namespace

Document Document::from_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw InputError(file.string(), "cannot open the scenario file");
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw InputError(file.string(), "cannot read the scenario file");
  return from_string(text.str(), file.string());
}

Document Document::from_string(std::string_view text, std::string source_name) {
  YAML::Node root = parse(text, source_name);
  return Document(std::move(source_name), root);
}

void Document::apply_override(std::string_view assignment) {
  const std::string where = "--set " + std::string(assignment);
  const std::size_t eq = assignment.find('=');
  if (eq == std::string_view::npos || eq == 0 || eq + 1 == assignment.size()) {
    throw InputError(where, "expected PATH=VALUE, e.g. --set stations.triage.servers=4");
  }
  const std::string path(assignment.substr(0, eq));
  const std::string text(assignment.substr(eq + 1));
  for (const auto& o : overrides_) {
    if (o.path == path) throw InputError(where, "'" + path + "' is set twice");
  }
  const std::vector<std::string> parts = split_path(path);

  // Walk to the parent of the last part; every step but the last must already exist.
  YAML::Node node = root_;
  std::string walked;
  for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
    const std::string& part = parts[i];
    const std::string at = walked.empty() ? "the top level" : "'" + walked + "'";
    if (part.empty()) throw InputError(where, "empty name in path '" + path + "'");
    if (node.IsMap()) {
      if (!node[part]) {
        std::vector<std::string> keys;
        for (const auto& kv : node) keys.push_back(kv.first.as<std::string>());
        throw InputError(where, "no key '" + part + "' in " + at + did_you_mean(part, keys));
      }
      node.reset(node[part]);
    } else if (node.IsSequence()) {
      // std::optional, not a default YAML::Node: that one is a defined null node.
      std::vector<std::string> ids;
      std::optional<YAML::Node> found;
      for (std::size_t k = 0; k < node.size(); ++k) {
        const YAML::Node item = node[k];
        if (item.IsMap() && item["id"] && item["id"].IsScalar()) {
          ids.push_back(item["id"].Scalar());
          if (ids.back() == part) found = item;
        }
      }
      if (!found && is_index(part) && std::stoul(part) < node.size()) {
        found = node[std::stoul(part)];
      }
      if (!found) {
        throw InputError(where, "no item with id '" + part + "' in " + at +
                                    did_you_mean(part, ids) +
                                    (ids.empty() ? "; items without ids are named by index "
                                                   "(0, 1, ...)"
                                                 : ""));
      }
      node.reset(*found);
    } else {
      throw InputError(where, at + " is a single value; it has no '" + part + "'");
    }
    walked = walked.empty() ? part : walked + "." + part;
  }

  const std::string& last = parts.back();
  if (last.empty()) throw InputError(where, "empty name in path '" + path + "'");
  if (!node.IsMap()) {
    throw InputError(where, "'" + walked + "' is not a map of keys; cannot set '" + last + "'");
  }
  YAML::Node value;
  try {
    value = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    throw InputError(where, "the value is not valid YAML: " + e.msg);
  }
  node[last] = value;
  overrides_.push_back(Override{path, text});
}

std::string Document::location(const YAML::Node& node, std::string_view path) const {
  for (const auto& o : overrides_) {
    const bool covers = path == o.path || (path.size() > o.path.size() &&
                                           path.substr(0, o.path.size()) == o.path &&
                                           path[o.path.size()] == '.');
    if (covers) return "--set " + o.path + "=" + o.text;
  }
  return mark_location(source_, node.Mark());
}

}  // namespace jeugdsim::io
