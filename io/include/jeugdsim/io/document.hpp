#pragma once
// A scenario document: the YAML tree of one file, with the `--set` overrides applied to it, and
// the means to say where any part of it came from.
//
// Overrides are applied to the tree before validation, so an overridden value is checked
// exactly like a value in the file; an error in it names the `--set` that produced it.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

namespace jeugdsim::io {

// What a file holds, as messages name it ("unknown key 'x' in the sweep").
struct FileKind {
  const char* noun;          // "scenario"
  const char* example_keys;  // "'kind:' and 'name:'": what an empty or non-map file lacks
};
inline constexpr FileKind kScenarioFile{"scenario", "'kind:' and 'name:'"};
inline constexpr FileKind kSweepFile{"sweep", "'base:' and 'grid:'"};

class Document {
 public:
  // Throws InputError for an unreadable file or a YAML syntax error (with its line:column).
  static Document from_file(const std::filesystem::path& file, FileKind kind = kScenarioFile);
  static Document from_string(std::string_view text, std::string source_name,
                              FileKind kind = kScenarioFile);

  // Applies one "PATH=VALUE" override. PATH is dot-separated map keys; list items are named
  // by their `id` (stations.triage.servers) or, for lists without ids, by index (arrivals.0).
  // VALUE is read as YAML, so numbers, words like `unlimited`, and {flow: maps} all work.
  // Throws InputError naming the override if the path does not lead anywhere.
  // `shown_as` is how errors name the override ("--seed 7" for a CLI option implemented as an
  // override); by default "--set PATH=VALUE", as the user typed it.
  void apply_override(std::string_view assignment, std::string_view shown_as = {});

  // Sets the node at `path` (same syntax as an override) to `value`, a node that keeps its own
  // marks: how a model applies a dated change written in the same file, so that an error in
  // the changed value points at the change. Errors in the path are reported at `where`.
  // Overrides inside `path` (--set tiers.poh.fte=0 when tiers.poh is assigned) are applied
  // again on top: what the user fixed on the command line stays fixed.
  void assign(std::string_view path, const YAML::Node& value, const std::string& where);

  // The override (as shown to the user, "--set PATH=VALUE") that fixes `path` or a map or list
  // that contains it, if any.
  [[nodiscard]] std::optional<std::string> overridden(std::string_view path) const;

  // An independent deep copy (the file parsed again, the same overrides applied), with marks.
  // yaml-cpp's Clone() would lose the marks, and a Node copy would share the tree.
  [[nodiscard]] Document copy() const;

  [[nodiscard]] const YAML::Node& root() const noexcept { return root_; }
  [[nodiscard]] const std::string& source_name() const noexcept { return source_; }
  // "the scenario", "the sweep": the whole file in a message.
  [[nodiscard]] std::string whole() const { return std::string("the ") + kind_.noun; }

  // Where the node at `path` came from: "--set PATH=VALUE" if an override produced it (the
  // node is, or is inside, an override's value, or it is a key an override added), otherwise
  // "FILE:LINE:COL" from the node's mark.
  [[nodiscard]] std::string location(const YAML::Node& node, std::string_view path) const;

 private:
  struct Override {
    std::string path;
    std::string shown;       // "--set PATH=VALUE" as the user typed it, or the CLI option
    YAML::Node value;        // what it put in the tree, to recognise its nodes later
    std::string assignment;  // "PATH=VALUE", to apply it again in copy()
  };

  Document(std::string source, std::string text, YAML::Node root, FileKind kind)
      : source_(std::move(source)), text_(std::move(text)), root_(root), kind_(kind) {}

  void set_path(const std::string& path, const YAML::Node& value, const std::string& where);

  std::string source_;
  std::string text_;  // the file as read
  YAML::Node root_;
  FileKind kind_;
  std::vector<Override> overrides_;
};

}  // namespace jeugdsim::io
