#pragma once
// A scenario document: the YAML tree of one file, with the `--set` overrides applied to it, and
// the means to say where any part of it came from.
//
// Overrides are applied to the tree before validation, so an overridden value is checked
// exactly like a value in the file; an error in it names the `--set` that produced it.

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace jeugdsim::io {

class Document {
 public:
  // Throws InputError for an unreadable file or a YAML syntax error (with its line:column).
  static Document from_file(const std::filesystem::path& file);
  static Document from_string(std::string_view text, std::string source_name);

  // Applies one "PATH=VALUE" override. PATH is dot-separated map keys; list items are named
  // by their `id` (stations.triage.servers) or, for lists without ids, by index (arrivals.0).
  // VALUE is read as YAML, so numbers, words like `unlimited`, and {flow: maps} all work.
  // Throws InputError naming the override if the path does not lead anywhere.
  void apply_override(std::string_view assignment);

  [[nodiscard]] const YAML::Node& root() const noexcept { return root_; }
  [[nodiscard]] const std::string& source_name() const noexcept { return source_; }

  // Where the node at `path` came from: "--set PATH=VALUE" if an override produced it,
  // otherwise "FILE:LINE:COL" from the node's mark.
  [[nodiscard]] std::string location(const YAML::Node& node, std::string_view path) const;

 private:
  struct Override {
    std::string path;
    std::string text;  // as the user typed it
  };

  Document(std::string source, YAML::Node root) : source_(std::move(source)), root_(root) {}

  std::string source_;
  YAML::Node root_;
  std::vector<Override> overrides_;
};

}  // namespace jeugdsim::io
