#include "jeugdsim/io/document.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <limits>
#include <map>
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

// A bracket or quote that opens part of a YAML line, where it is in the text.
struct Opening {
  char c;
  int line;
  int column;
};

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// The brackets and quotes still open at `stop`, outermost first. yaml-cpp notices an unclosed
// '{', '[' or quote only where it runs into something that cannot be inside it, often lines
// later; this light scan (not a YAML parser: it only follows text yaml-cpp has already
// rejected) finds where the unclosed part begins, which is what the user has to fix.
std::vector<Opening> open_at(std::string_view text, const YAML::Mark& stop) {
  std::vector<Opening> open;
  int line = 0;
  int column = 0;
  bool value_start = true;  // only blanks and indicators (: - ? , [ {) since the line began
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (line > stop.line || (line == stop.line && column >= stop.column)) break;
    const char c = text[i];
    const char next = i + 1 < text.size() ? text[i + 1] : '\n';
    if (c == '\n') {
      ++line;
      column = 0;
      value_start = true;
      continue;
    }
    ++column;
    if (!open.empty() && (open.back().c == '"' || open.back().c == '\'')) {
      const char quote = open.back().c;
      if ((quote == '"' && c == '\\' && next != '\n') ||
          (quote == '\'' && c == '\'' && next == '\'')) {
        ++i;  // an escaped character or '' inside single quotes
        ++column;
      } else if (c == quote) {
        open.pop_back();
        value_start = false;
      }
      continue;
    }
    if (c == '#' && (i == 0 || is_blank(text[i - 1]))) {
      while (i + 1 < text.size() && text[i + 1] != '\n') ++i;
      continue;
    }
    const bool flow = !open.empty();
    if ((c == '"' || c == '\'') && value_start) {
      open.push_back({c, line, column - 1});
    } else if ((c == '{' || c == '[') && (flow || value_start)) {
      open.push_back({c, line, column - 1});
    } else if ((c == '}' || c == ']') && flow) {
      open.pop_back();
    }
    if (c == ',' || c == '[' || c == '{' ||
        ((c == ':' || c == '-' || c == '?') && is_blank(next))) {
      value_start = true;
    } else if (!is_blank(c)) {
      value_start = false;
    }
  }
  return open;
}

// yaml-cpp's messages say what the parser found; these say what the user should write.
InputError syntax_error(std::string_view text, const std::string& source,
                        const YAML::Exception& e) {
  // At the end of the input yaml-cpp's line and column are those of the last line's start,
  // but its position is right: scan all of it then.
  YAML::Mark stop = e.mark;
  if (stop.pos >= 0 && static_cast<std::size_t>(stop.pos) >= text.size()) {
    stop.line = std::numeric_limits<int>::max();
  }
  auto innermost = [&](auto is_kind) -> std::optional<YAML::Mark> {
    const auto open = open_at(text, stop);
    for (auto it = open.rbegin(); it != open.rend(); ++it) {
      if (is_kind(it->c)) {
        YAML::Mark mark;
        mark.line = it->line;
        mark.column = it->column;
        return mark;
      }
    }
    return std::nullopt;
  };
  std::optional<YAML::Mark> at;
  std::string message;
  const std::string& msg = e.msg;
  if (msg == YAML::ErrorMsg::END_OF_MAP_FLOW) {
    at = innermost([](char c) { return c == '{'; });
    message = "this '{' is never closed; expected '}' at the end of the map";
  } else if (msg == YAML::ErrorMsg::END_OF_SEQ_FLOW) {
    at = innermost([](char c) { return c == '['; });
    message = "this '[' is never closed; expected ']' at the end of the list";
  } else if (msg == YAML::ErrorMsg::EOF_IN_SCALAR) {
    at = innermost([](char c) { return c == '"' || c == '\''; });
    message = at ? "this quote is never closed; expected a matching quote at the end of the text"
                 : "the file ends inside a quoted text; expected its closing quote";
  } else if (msg == YAML::ErrorMsg::FLOW_END) {
    message = "a closing bracket with no '{' or '[' to close";
  } else if (msg.rfind("illegal tab", 0) == 0) {
    message = "a tab in the indentation; YAML indents with spaces only";
  } else if (msg == YAML::ErrorMsg::MAP_VALUE) {
    message =
        "a ':' is not expected here; check the indentation of this line, or quote a value "
        "that contains ': '";
  } else if (msg == YAML::ErrorMsg::END_OF_MAP) {
    message = "this line does not line up with the keys of the map above it; check its indentation";
  } else if (msg == YAML::ErrorMsg::END_OF_SEQ) {
    message =
        "this line does not line up with the list items ('- ...') above it; check its "
        "indentation";
  } else if (msg == YAML::ErrorMsg::BLOCK_ENTRY) {
    message = "a list item ('- ...') is not expected here; check the indentation of this line";
  } else {
    message = msg;
  }
  return InputError(mark_location(source, at.value_or(e.mark)), "invalid YAML: " + message);
}

std::string item_name(const YAML::Node& item, std::size_t index) {
  if (item.IsMap() && item["id"] && item["id"].IsScalar()) return item["id"].Scalar();
  return std::to_string(index);
}

// YAML forbids a key twice in one map, but yaml-cpp keeps both and lookups find the first, so
// `servers: 3` followed by `servers: 5` would silently run with 3. `budget` bounds the walk:
// aliases can make a small file a huge tree, and a real scenario is far below it.
void check_unique_keys(const YAML::Node& node, const std::string& path, const std::string& source,
                       std::size_t& budget, const FileKind& kind) {
  if (budget == 0) return;
  --budget;
  if (node.IsMap()) {
    std::map<std::string, YAML::Mark> seen;
    for (const auto& kv : node) {
      if (!kv.first.IsScalar()) continue;
      const std::string& key = kv.first.Scalar();
      const std::string child = path.empty() ? key : path + "." + key;
      const auto [it, fresh] = seen.emplace(key, kv.first.Mark());
      if (!fresh) {
        const std::string where = path.empty() ? std::string("the ") + kind.noun : "'" + path + "'";
        throw InputError(mark_location(source, kv.first.Mark()),
                         "duplicate key '" + key + "' in " + where + " (first at line " +
                             std::to_string(it->second.line + 1) +
                             "); a key may appear only once in a map");
      }
      check_unique_keys(kv.second, child, source, budget, kind);
    }
  } else if (node.IsSequence()) {
    for (std::size_t i = 0; i < node.size(); ++i) {
      const std::string name = item_name(node[i], i);
      check_unique_keys(node[i], path.empty() ? name : path + "." + name, source, budget, kind);
    }
  }
}

YAML::Node parse(std::string_view text, const std::string& source, const FileKind& kind) {
  // yaml-cpp 0.7 accepts a quote that is never closed when the file ends with a newline (it
  // reports it otherwise), so the trailing blank space, which means nothing, is left out.
  const std::size_t end = text.find_last_not_of(" \t\r\n");
  const std::string_view trimmed = end == std::string_view::npos ? "" : text.substr(0, end + 1);
  YAML::Node root;
  try {
    root = YAML::Load(std::string(trimmed));
  } catch (const YAML::Exception& e) {
    throw syntax_error(trimmed, source, e);
  }
  if (!root.IsMap()) {
    YAML::Mark mark = root.Mark();
    if (mark.is_null()) mark = YAML::Mark();  // an empty file: its first line
    throw InputError(mark_location(source, mark),
                     std::string(root.IsNull() ? "the file is empty; " : "") + "expected a " +
                         kind.noun + ": a map of keys such as " + kind.example_keys);
  }
  std::size_t budget = 1'000'000;
  check_unique_keys(root, "", source, budget, kind);
  return root;
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

// The item of a list named `name`: the one with that `id`, else (for lists without ids) the
// one at that index. `at` names the list and `where` the override, for the error.
YAML::Node list_item(const YAML::Node& list, const std::string& name, const std::string& at,
                     const std::string& where) {
  std::vector<std::string> ids;
  std::optional<YAML::Node> found;
  for (std::size_t k = 0; k < list.size(); ++k) {
    const YAML::Node item = list[k];
    if (item.IsMap() && item["id"] && item["id"].IsScalar()) {
      ids.push_back(item["id"].Scalar());
      if (!found && ids.back() == name) found = item;
    }
  }
  if (!found && is_index(name) && std::stoul(name) < list.size()) found = list[std::stoul(name)];
  if (!found) {
    throw InputError(where,
                     "no item with id '" + name + "' in " + at + did_you_mean(name, ids) +
                         (ids.empty() ? "; items without ids are named by index (0, 1, ...)" : ""));
  }
  return *found;
}

bool contains(const YAML::Node& tree, const YAML::Node& node) {
  if (tree.is(node)) return true;
  if (tree.IsMap()) {
    for (const auto& kv : tree) {
      if (contains(kv.first, node) || contains(kv.second, node)) return true;
    }
  } else if (tree.IsSequence()) {
    for (const auto& item : tree) {
      if (contains(item, node)) return true;
    }
  }
  return false;
}

}  // namespace

Document Document::from_file(const std::filesystem::path& file, FileKind kind) {
  std::error_code ec;
  const std::string noun = kind.noun;
  if (std::filesystem::is_directory(file, ec)) {
    throw InputError(file.string(), "is a folder; expected a " + noun + " file (YAML)");
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    throw InputError(file.string(), "cannot open the " + noun + " file: " + std::strerror(errno));
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw InputError(file.string(), "cannot read the " + noun + " file");
  return from_string(text.str(), file.string(), kind);
}

Document Document::from_string(std::string_view text, std::string source_name, FileKind kind) {
  YAML::Node root = parse(text, source_name, kind);
  return Document(std::move(source_name), std::string(text), root, kind);
}

Document Document::copy() const {
  Document twin = from_string(text_, source_, kind_);
  for (const auto& o : overrides_) twin.apply_override(o.assignment, o.shown);
  return twin;
}

namespace {
// Whether `inner` names `outer` itself or something inside it ("tiers.poh.fte" is inside
// "tiers.poh", "tiers.pohx" is not).
bool within(std::string_view inner, std::string_view outer) {
  return inner == outer || (inner.size() > outer.size() && inner.substr(0, outer.size()) == outer &&
                            inner[outer.size()] == '.');
}
}  // namespace

void Document::assign(std::string_view path, const YAML::Node& value, const std::string& where) {
  set_path(std::string(path), value, where);
  // The new value may contain keys the command line fixed; those keep the command line's value.
  for (const auto& o : overrides_) {
    if (o.path != path && within(o.path, path)) set_path(o.path, o.value, o.shown);
  }
}

void Document::apply_override(std::string_view assignment, std::string_view shown_as) {
  const std::string where =
      shown_as.empty() ? "--set " + std::string(assignment) : std::string(shown_as);
  const std::size_t eq = assignment.find('=');
  if (eq == std::string_view::npos || eq == 0 || eq + 1 == assignment.size()) {
    throw InputError(where, "expected PATH=VALUE, e.g. --set stations.triage.servers=4");
  }
  const std::string path(assignment.substr(0, eq));
  const std::string text(assignment.substr(eq + 1));
  for (const auto& o : overrides_) {
    if (o.path == path)
      throw InputError(where, "'" + path + "' is set twice (also by " + o.shown + ")");
  }
  YAML::Node value;
  try {
    value = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    throw InputError(where, "the value is not valid YAML: " + e.msg);
  }
  set_path(path, value, where);
  overrides_.push_back(Override{path, where, value, std::string(assignment)});
}

void Document::set_path(const std::string& path, const YAML::Node& value,
                        const std::string& where) {
  const std::vector<std::string> parts = split_path(path);

  // Walk to the parent of the last part; every step but the last must already exist. Lookups
  // go through a const node: yaml-cpp's non-const operator[] adds the key it looks for.
  YAML::Node node = root_;
  std::string walked;
  for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
    const std::string& part = parts[i];
    const std::string at = walked.empty() ? "the top level" : "'" + walked + "'";
    if (part.empty()) throw InputError(where, "empty name in path '" + path + "'");
    const YAML::Node& here = node;
    if (here.IsMap()) {
      if (!here[part]) {
        std::vector<std::string> keys;
        for (const auto& kv : here) keys.push_back(kv.first.Scalar());
        throw InputError(where, "no key '" + part + "' in " + at + did_you_mean(part, keys));
      }
      node.reset(here[part]);
    } else if (here.IsSequence()) {
      node.reset(list_item(here, part, at, where));
    } else {
      throw InputError(where, at + " is a single value; it has no '" + part + "'");
    }
    walked = walked.empty() ? part : walked + "." + part;
  }

  const std::string& last = parts.back();
  if (last.empty()) throw InputError(where, "empty name in path '" + path + "'");
  // A whole list item (stations.triage={...}) is replaced through its handle; a map takes a
  // new key as well as a new value for an existing one (an unknown key is reported when the
  // map is read, with the keys it accepts).
  YAML::Node target;
  if (node.IsSequence()) {
    target.reset(
        list_item(node, last, walked.empty() ? "the top level" : "'" + walked + "'", where));
  } else if (!node.IsMap()) {
    throw InputError(where, "'" + walked + "' is not a map of keys; cannot set '" + last + "'");
  }
  if (node.IsSequence()) {
    target = value;
  } else {
    node[last] = value;
  }
}

std::optional<std::string> Document::overridden(std::string_view path) const {
  // Latest first: a later override of an enclosing map replaces an earlier one inside it.
  for (auto o = overrides_.rbegin(); o != overrides_.rend(); ++o) {
    if (within(path, o->path)) return o->shown;
  }
  return std::nullopt;
}

std::string Document::location(const YAML::Node& node, std::string_view path) const {
  // Latest first: a later override may refine a value an earlier one put in the tree.
  for (auto o = overrides_.rbegin(); o != overrides_.rend(); ++o) {
    if (contains(o->value, node)) return o->shown;
  }
  // A key an override added has no mark of its own; it is known by its path.
  if (node.Mark().is_null()) {
    for (auto o = overrides_.rbegin(); o != overrides_.rend(); ++o) {
      if (within(path, o->path)) return o->shown;
    }
  }
  return mark_location(source_, node.Mark());
}

}  // namespace jeugdsim::io
