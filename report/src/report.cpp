#include "jeugdsim/report/report.hpp"

#include <functional>
#include <map>
#include <set>

#include <fmt/format.h>

#include "charts.hpp"
#include "common.hpp"
#include "jeugdsim/io/input_error.hpp"
#include "jeugdsim/io/shell_word.hpp"
#include "jeugdsim/outputs/atomic_file.hpp"
#include "jeugdsim/report/assets.hpp"
#include "sentences.hpp"

namespace jeugdsim::report {
namespace {

// ---- tables --------------------------------------------------------------------------------

// One column per scenario; `--set` first, then the rows where the scenarios differ (in bold),
// then the rest, each group in document order.
std::string parameter_table(const std::vector<std::string>& names,
                            const std::vector<std::vector<io::Parameter>>& columns,
                            const Words& w) {
  std::vector<std::string> paths;
  std::map<std::string, std::vector<std::string>> cells;
  for (std::size_t c = 0; c < columns.size(); ++c) {
    for (const auto& p : columns[c]) {
      auto [it, added] = cells.try_emplace(p.path, columns.size(), "");
      if (added) paths.push_back(p.path);
      it->second[c] = p.value;
    }
  }
  const auto differs = [&cells](const std::string& path) {
    const auto& v = cells.at(path);
    return std::adjacent_find(v.begin(), v.end(), std::not_equal_to<>()) != v.end();
  };
  std::stable_partition(paths.begin(), paths.end(), differs);
  std::stable_partition(paths.begin(), paths.end(),
                        [](const std::string& p) { return p == "--set"; });
  std::string html = "<table class=\"parameters\"><thead><tr><th>" + escaped(w.parameter) + "</th>";
  for (const auto& name : names) html += "<th>" + escaped(name) + "</th>";
  html += "</tr></thead><tbody>\n";
  for (const auto& path : paths) {
    html += differs(path) ? "<tr class=\"differs\">" : "<tr>";
    html += "<td><code>" + escaped(path) + "</code></td>";
    for (const auto& value : cells.at(path))
      html += "<td class=\"value\">" + escaped(value) + "</td>";
    html += "</tr>\n";
  }
  return html + "</tbody></table>\n";
}

std::string command_line(std::string_view verb, const std::string& file, std::size_t replications,
                         std::uint64_t seed, const std::vector<std::string>& overrides) {
  std::string out = fmt::format("jeugdsim {} {} --replications {} --seed {}", verb,
                                io::shell_word(file), replications, seed);
  for (const auto& o : overrides) out += " --set " + io::shell_word(o);
  return out;
}

std::string reproduce_row(std::string_view name, std::string_view version,
                          const std::string& command) {
  return fmt::format("<tr><td>{}</td><td>{}</td><td><code class=\"command\">{}</code></td></tr>\n",
                     escaped(name), escaped(version), escaped(command));
}

// The JSON of the page's data as a <script> body: no "</script" or "<!--" in a name may end or
// change the script. '<' can only stand inside a JSON string, where \u003c means the same.
std::string script_safe(const std::string& json) {
  std::string out;
  out.reserve(json.size());
  for (const char c : json) {
    if (c == '<') {
      out += "\\u003c";
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

std::string report_html(const ReportData& data, Language language) {
  const Words& w = words(language);
  const Sentences sentences(language);

  std::vector<std::string> summary;
  for (const auto& s : data.scenarios) {
    if (auto p = sentences.projection(s)) summary.push_back(*p);
  }
  std::set<std::pair<std::string, std::string>> pairs;
  for (const auto& d : data.differences) {
    if (!pairs.insert({d.base, d.alternative}).second) continue;
    for (auto& sentence :
         sentences.comparison(data.differences, d.base, d.alternative, drawn_from(data, d.base))) {
      summary.push_back(std::move(sentence));
    }
  }
  for (const auto& s : data.scenarios) {
    if (is_alternative(data, s.info.scenario)) continue;
    if (auto o = sentences.observed(s)) summary.push_back(*o);
  }
  for (const auto& sweep : data.sweeps) {
    const std::string year = last_year(sweep);
    for (const std::string_view metric : {kRate, kCost}) {
      const SweepRow* best = nullptr;
      for (const auto& row : sweep.rows) {
        if (!is_whole(row.row.id, metric) || row.row.id.year != year) continue;
        if (!std::isfinite(row.row.summary.mean)) continue;  // a point without this result
        if (best == nullptr || row.row.summary.mean < best->row.summary.mean) best = &row;
      }
      if (best != nullptr) summary.push_back(sentences.sweep_best(sweep, metric, year, *best));
    }
  }
  for (const auto& s : data.scenarios) {
    const std::string year = last_year(s.rows);
    for (const std::string_view metric : {kCost, kRate}) {
      const auto ranked = outputs::strongest_first(s.psa, metric, year);
      if (!ranked.empty())
        summary.push_back(sentences.driver(s.info.scenario, metric, year, ranked));
    }
  }

  std::vector<Chart> charts = charts_of(data, language);

  std::string title(w.title);
  std::vector<std::string> names;
  for (const auto& s : data.scenarios) names.push_back(s.info.scenario);
  for (const auto& sweep : data.sweeps) names.push_back(sweep.name);
  if (!names.empty()) title += ": " + fmt::format("{}", fmt::join(names, ", "));

  std::string body;
  body += "<header><h1>" + escaped(title) + "</h1>";
  // What the numbers rest on, each different value once: "jeugdsim 0.1.0; seed 7, 100
  // replications".
  std::vector<std::string> meta;
  const auto add_meta = [&meta](std::string text) {
    if (std::find(meta.begin(), meta.end(), text) == meta.end()) meta.push_back(std::move(text));
  };
  for (const auto& s : data.scenarios) add_meta("jeugdsim " + s.version);
  for (const auto& sweep : data.sweeps) add_meta("jeugdsim " + sweep.version);
  for (const auto& s : data.scenarios) {
    add_meta(fmt::format(fmt::runtime(w.seed_replications), s.info.seed, s.info.replications));
  }
  for (const auto& sweep : data.sweeps) {
    add_meta(fmt::format(fmt::runtime(w.seed_replications), sweep.seed, sweep.replications));
  }
  body += fmt::format("<p class=\"meta\">{}</p></header>\n",
                      escaped(fmt::format("{}", fmt::join(meta, "; "))));

  body += "<section id=\"summary\"><h2>" + escaped(w.summary) + "</h2><ul class=\"summary\">\n";
  for (const auto& s : summary) body += "<li>" + escaped(s) + "</li>\n";
  body += "</ul></section>\n";

  Json chart_specs = Json::array();
  std::string heading;
  for (std::size_t i = 0; i < charts.size(); ++i) {
    const Chart& c = charts[i];
    if (c.heading != heading) {
      if (!heading.empty()) body += "</section>\n";
      heading = c.heading;
      body += "<section><h2>" + escaped(heading) + "</h2>\n";
    }
    body += fmt::format(
        "<figure data-chart=\"{}\"><h3>{}</h3><div class=\"chart\"><noscript>{}</noscript></div>"
        "<figcaption>{}</figcaption></figure>\n",
        i, escaped(c.title), escaped(w.charts_need_script), escaped(c.note));
    chart_specs.push_back(c.spec);
  }
  if (!heading.empty()) body += "</section>\n";

  body += "<section id=\"parameters\"><h2>" + escaped(w.parameters) + "</h2>\n";
  if (!data.scenarios.empty()) {
    // --set first: it also fixes its path against the file's dated changes, which the values
    // alone would not show (without POH: fte 0 in both, but the base's 2017 change applies).
    std::vector<std::vector<io::Parameter>> tables;
    for (const auto& s : data.scenarios) {
      tables.push_back({{"--set", fmt::format("{}", fmt::join(s.info.overrides, " "))}});
      tables.back().insert(tables.back().end(), s.info.parameters.begin(), s.info.parameters.end());
    }
    if (names.size() > 1) body += "<p>" + escaped(w.differs_note) + "</p>\n";
    std::vector<std::string> scenario_names(
        names.begin(), names.begin() + static_cast<std::ptrdiff_t>(data.scenarios.size()));
    body += "<details open><summary>" + escaped(w.parameters) + "</summary>" +
            parameter_table(scenario_names, tables, w) + "</details>\n";
  }
  for (const auto& sweep : data.sweeps) {
    std::vector<io::Parameter> parameters = sweep.parameters;
    for (std::size_t i = 0; i < sweep.swept.size(); ++i) {
      std::vector<std::string> values;
      for (const auto& row : sweep.rows) {
        if (std::find(values.begin(), values.end(), row.values[i]) == values.end()) {
          values.push_back(row.values[i]);
        }
      }
      parameters.insert(parameters.begin() + static_cast<std::ptrdiff_t>(i),
                        {sweep.swept[i], fmt::format("[{}]", fmt::join(values, ", "))});
    }
    body += "<h3>" + escaped(sweep.name) + "</h3><details><summary>" + escaped(w.parameters) +
            "</summary>" + parameter_table({sweep.scenario}, {parameters}, w) + "</details>\n";
  }
  body += "</section>\n";

  body += "<section id=\"reproduce\"><h2>" + escaped(w.reproduce) +
          "</h2>\n<table><thead><tr><th>" + escaped(w.scenario) + "</th><th>" + escaped(w.version) +
          "</th><th>" + escaped(w.command) + "</th></tr></thead><tbody>\n";
  for (const auto& s : data.scenarios) {
    body += reproduce_row(
        s.info.scenario, s.version,
        command_line("run", s.info.source, s.info.replications, s.info.seed, s.info.overrides));
  }
  for (const auto& sweep : data.sweeps) {
    body += reproduce_row(
        sweep.name, sweep.version,
        command_line("sweep", sweep.sweep_file, sweep.replications, sweep.seed, sweep.overrides));
  }
  body += "</tbody></table></section>\n";

  const Json page_data{{"lang", language_code(language)},
                       {"locale", language == Language::kDutch ? Json{{"decimal", ","},
                                                                      {"thousands", "."},
                                                                      {"grouping", {3}},
                                                                      {"currency", {"EUR ", ""}}}
                                                               : Json{{"decimal", "."},
                                                                      {"thousands", ","},
                                                                      {"grouping", {3}},
                                                                      {"currency", {"EUR ", ""}}}},
                       {"charts", chart_specs}};

  std::string html;
  html += fmt::format("<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n",
                      language_code(language));
  html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  html += "<title>" + escaped(title) + "</title>\n<style>\n";
  html += report_css();
  html += "</style>\n</head>\n<body>\n" + body;
  html += "<script>\n";
  html += vega_js();
  html += "\n</script>\n<script>\n";
  html += vega_lite_js();
  html += "\n</script>\n<script type=\"application/json\" id=\"report-data\">\n";
  html += script_safe(page_data.dump());
  html += "\n</script>\n<script>\n";
  html += report_js();
  html += "</script>\n</body>\n</html>\n";
  return html;
}

std::vector<std::string> comparison_sentences(const std::string& base,
                                              const std::string& alternative,
                                              const std::vector<outputs::ComparisonRow>& rows,
                                              std::string_view drawn_from, Language language) {
  std::vector<Difference> differences;
  for (const auto& row : rows) differences.push_back({base, alternative, row});
  return Sentences(language).comparison(differences, base, alternative, drawn_from);
}

std::string driver_sentence(const std::string& scenario, std::string_view metric,
                            std::string_view year,
                            const std::vector<const outputs::SensitivityRow*>& ranked,
                            Language language) {
  return Sentences(language).driver(scenario, metric, year, ranked);
}

void check_reportable(const outputs::RunInfo& info) {
  if (info.kind != "youth_care") {
    throw io::InputError(info.source, fmt::format("--report: '{}' is a '{}' scenario; the report "
                                                  "draws youth_care results",
                                                  info.scenario, info.kind));
  }
}

void write_report(const std::vector<std::filesystem::path>& folders, std::string_view language,
                  const std::filesystem::path& file) {
  const Language lang = language_named(language);
  outputs::write_file_atomically(file, report_html(outputs::read_outputs(folders), lang));
}

}  // namespace jeugdsim::report
