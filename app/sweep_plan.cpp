#include "sweep_plan.hpp"

#include <algorithm>
#include <filesystem>
#include <set>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "jeugdsim/engine/fnv1a.hpp"
#include "jeugdsim/io/document.hpp"
#include "jeugdsim/io/input_error.hpp"
#include "jeugdsim/io/value_reader.hpp"

namespace jeugdsim::app {
namespace {

// One value of a swept parameter as written in the sweep file, and where.
struct Setting {
  std::string path;
  std::string value;     // YAML text (flow style for maps and lists)
  std::string location;  // FILE:LINE:COL of the value
};

std::string yaml_text(const YAML::Node& node) {
  YAML::Emitter out;
  out << YAML::Flow << node;
  return out.c_str();
}

// The sweep's own keys are not parameters of a point: a seed per point would end common
// random numbers between points, and the kind decides what a point even is.
void check_parameter(const io::ValueReader& key) {
  const std::string path = key.as_string();
  if (path == "replications" || path == "seed") {
    key.fail("'" + path + "' cannot be swept: every point runs with the same " + path +
             " (set it at the top of the sweep file), so that the points share their random "
             "numbers and differ only in what is swept");
  }
  if (path == "kind")
    key.fail("'kind' cannot be swept: every point is a scenario of the base's kind");
}

Setting setting_of(const io::ValueReader& key, const io::ValueReader& value) {
  check_parameter(key);
  return Setting{key.as_string(), yaml_text(value.node()), value.location()};
}

// grid: every combination of the listed values; the first key varies slowest.
std::vector<std::vector<Setting>> grid_points(const io::ValueReader& grid) {
  std::vector<std::vector<Setting>> points{{}};
  for (const auto& [key, values] : grid.as_entries()) {
    std::vector<Setting> choices;
    for (const auto& value : values.as_list()) choices.push_back(setting_of(key, value));
    std::vector<std::vector<Setting>> longer;
    for (const auto& point : points) {
      for (const auto& choice : choices) {
        longer.push_back(point);
        longer.back().push_back(choice);
      }
    }
    points = std::move(longer);
  }
  return points;
}

// points: a list of maps PATH: value.
std::vector<std::vector<Setting>> listed_points(const io::ValueReader& list) {
  std::vector<std::vector<Setting>> points;
  for (const auto& item : list.as_list()) {
    std::vector<Setting> point;
    for (const auto& [key, value] : item.as_entries()) point.push_back(setting_of(key, value));
    points.push_back(std::move(point));
  }
  return points;
}

// A file the sweep file names (`base`, `posterior`), relative to the sweep file's folder; a
// located error if it is not a readable file. `what` says what the key names.
std::filesystem::path file_beside(const io::ValueReader& v, const std::filesystem::path& sweep_file,
                                  std::string_view what) {
  const std::string written = v.as_string();
  const std::filesystem::path resolved = std::filesystem::path(written).is_absolute()
                                             ? std::filesystem::path(written)
                                             : sweep_file.parent_path() / written;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(resolved, ec)) {
    v.fail(
        fmt::format("the file '{}' ({}) is not a readable file; '{}' is {}, relative to the "
                    "sweep file",
                    written, resolved.lexically_normal().string(), v.path(), what));
  }
  return resolved.lexically_normal();
}

}  // namespace

SweepPlan read_sweep(const std::string& file, const std::vector<std::string>& overrides,
                     const std::optional<NamedValue>& replications,
                     const std::optional<NamedValue>& seed) {
  const io::Document sweep = io::Document::from_file(file, io::kSweepFile);
  const io::MapReader top = io::ValueReader::root(sweep).as_map(
      {"base", "name", "replications", "seed", "grid", "points", "posterior"});
  const io::ValueReader base = top.required("base");

  std::vector<std::vector<Setting>> settings;
  const auto grid = top.optional("grid");
  const auto list = top.optional("points");
  if (grid && list) list->fail("a sweep has either 'grid' or 'points', not both");
  if (!grid && !list) {
    top.fail(
        "missing 'grid' (every combination of values) or 'points' (a list of them): the "
        "sweep has nothing to vary");
  }
  settings = grid ? grid_points(*grid) : listed_points(*list);

  // The command line wins over the sweep file, which wins over the base scenario.
  const auto frame = [&top](const std::optional<NamedValue>& given,
                            const char* key) -> std::optional<NamedValue> {
    if (given) return given;
    const auto in_file = top.optional(key);
    if (!in_file) return std::nullopt;
    return NamedValue{in_file->as_integer(0, std::numeric_limits<std::int64_t>::max()),
                      in_file->location()};
  };
  const std::optional<NamedValue> run_replications = frame(replications, "replications");
  const std::optional<NamedValue> run_seed = frame(seed, "seed");

  SweepPlan plan;
  if (const auto posterior = top.optional("posterior")) {
    plan.posterior =
        file_beside(*posterior, file, "a posterior.csv of `jeugdsim calibrate`").string();
  }
  const auto name = top.optional("name");
  plan.name = name ? name->as_string() : std::filesystem::path(file).stem().string();
  const io::Document base_doc = io::Document::from_file(file_beside(base, file, "a scenario file"));
  plan.base_file = base_doc.source_name();
  plan.overrides = overrides;
  std::set<std::string> warned;
  for (const auto& point_settings : settings) {
    io::Document document = base_doc.copy();
    for (const auto& assignment : overrides) document.apply_override(assignment);
    SweepPoint point;
    for (const auto& s : point_settings) {
      document.apply_override(s.path + "=" + s.value, s.location);
      point.assignments.push_back(s.path + "=" + s.value);
      if (std::find(plan.parameters.begin(), plan.parameters.end(), s.path) ==
          plan.parameters.end()) {
        plan.parameters.push_back(s.path);
      }
    }
    apply_run_frame(document, run_replications, run_seed);
    point.model = load_runnable(document);
    point.digest = engine::fnv1a64(YAML::Dump(document.root()));
    for (const auto& w : point.model.warnings) {
      if (warned.insert(w).second) plan.warnings.push_back(w);
    }
    plan.points.push_back(std::move(point));
  }
  // The parameter columns, now that all are known: "" where a point leaves the base's value.
  for (std::size_t p = 0; p < plan.points.size(); ++p) {
    auto& point = plan.points[p];
    point.values.assign(plan.parameters.size(), "");
    for (const auto& s : settings[p]) {
      const auto column = std::find(plan.parameters.begin(), plan.parameters.end(), s.path);
      point.values[static_cast<std::size_t>(column - plan.parameters.begin())] = s.value;
    }
  }
  const auto& first = plan.points.front().model;
  plan.replications = first.info.replications;
  plan.seed = first.info.seed;
  for (const auto& point : plan.points) {
    if (point.model.info.kind != first.info.kind) {
      throw io::InputError(file, "the points are scenarios of different kinds");  // a swept 'kind'
    }
  }
  return plan;
}

}  // namespace jeugdsim::app
