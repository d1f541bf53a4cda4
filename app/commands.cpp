#include "commands.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <iostream>
#include <map>
#include <optional>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "jeugdsim/io/did_you_mean.hpp"
#include "jeugdsim/io/document.hpp"
#include "jeugdsim/io/input_error.hpp"
#include "jeugdsim/models/model.hpp"
#include "jeugdsim/outputs/atomic_file.hpp"
#include "jeugdsim/outputs/cohort_output.hpp"
#include "jeugdsim/outputs/comparison.hpp"
#include "jeugdsim/outputs/files.hpp"
#include "jeugdsim/outputs/readable.hpp"
#include "jeugdsim/outputs/results.hpp"
#include "jeugdsim/outputs/sensitivity.hpp"
#include "jeugdsim/report/report.hpp"
#include "progress.hpp"
#include "scenario_runs.hpp"

namespace jeugdsim::app {
namespace {

std::string label(const outputs::MetricId& id) {
  return id.tier.empty() ? id.metric : id.tier + " " + id.metric;
}

// Results per calendar year: one row per metric, one column per year; the headline metrics
// get a row with their 95% interval, and observed figures a row of their own.
void print_yearly_table(const outputs::RunInfo& info, const std::vector<outputs::SummaryRow>& rows,
                        const std::vector<std::string>& headline) {
  std::vector<std::string> years, labels;
  std::map<std::pair<std::string, std::string>, const outputs::SummaryRow*> cell;
  for (const auto& row : rows) {
    if (std::find(years.begin(), years.end(), row.id.year) == years.end())
      years.push_back(row.id.year);
    const std::string l = label(row.id);
    if (std::find(labels.begin(), labels.end(), l) == labels.end()) labels.push_back(l);
    cell[{l, row.id.year}] = &row;
  }
  std::map<std::pair<std::string, std::string>, double> observed;
  for (const auto& o : info.observed) observed[{label(o.id), o.id.year}] = o.value;

  fmt::print("{:<34}", "mean per year");
  for (const auto& y : years) fmt::print("{:>12}", y);
  fmt::print("\n");
  for (const auto& l : labels) {
    fmt::print("{:<34}", l);
    for (const auto& y : years) {
      const auto* row = cell[{l, y}];
      fmt::print("{:>12}",
                 row && row->summary.count > 0 ? outputs::readable(row->summary.mean, 4) : "-");
    }
    fmt::print("\n");
    if (std::find(headline.begin(), headline.end(), l) != headline.end()) {
      fmt::print("{:<34}", "  95% interval +-");
      for (const auto& y : years) {
        const auto* row = cell[{l, y}];
        fmt::print("{:>12}",
                   row && row->summary.count >= 2
                       ? outputs::readable((row->summary.ci_high - row->summary.ci_low) / 2, 2)
                       : "");
      }
      fmt::print("\n");
    }
    bool any = false;
    for (const auto& y : years) any = any || observed.count({l, y}) > 0;
    if (any) {
      fmt::print("{:<34}", "  observed");
      for (const auto& y : years) {
        const auto it = observed.find({l, y});
        fmt::print("{:>12}", it == observed.end() ? "" : outputs::readable(it->second, 4));
      }
      fmt::print("\n");
    }
  }
}

// A readable table: one line per metric, grouped by tier, with the 95% interval; or, for
// results per calendar year, one column per year.
void print_table(const outputs::RunInfo& info, const std::vector<outputs::SummaryRow>& rows,
                 const std::vector<std::string>& headline, unsigned threads) {
  fmt::print("{} ({}): {} replications, seed {}, {} threads\n\n", info.scenario, info.kind,
             info.replications, info.seed, threads);
  const bool yearly = std::any_of(rows.begin(), rows.end(),
                                  [](const outputs::SummaryRow& r) { return r.id.year != "all"; });
  if (yearly) return print_yearly_table(info, rows, headline);
  fmt::print("{:<16} {:<22} {:>14}  {}\n", "tier", "metric", "mean", "95% interval");
  for (const auto& row : rows) {
    const auto& s = row.summary;
    const std::string interval =
        s.count >= 2 ? fmt::format("[{:.6g}, {:.6g}]", s.ci_low, s.ci_high) : "";
    const std::string mean = s.count > 0 ? fmt::format("{:.6g}", s.mean) : "(no value)";
    fmt::print("{:<16} {:<22} {:>14}  {}\n", row.id.tier.empty() ? "(all)" : row.id.tier,
               row.id.metric, mean, interval);
  }
}

// A metric a replication could not compute (an average over nobody) is left out of the summary,
// never counted as 0. Said under the table, so that an empty cell is read as what it is.
std::optional<std::string> missing_values_note(const std::vector<outputs::SummaryRow>& rows,
                                               std::size_t replications,
                                               const std::string& scenario = "") {
  std::vector<std::string> missing;
  for (const auto& row : rows) {
    if (row.summary.count >= replications) continue;
    std::string what = row.id.metric;
    if (!row.id.tier.empty()) what += " of " + row.id.tier;
    if (row.id.year != "all") what += " in " + row.id.year;
    missing.push_back(fmt::format("{} ({} of {})", what, row.summary.count, replications));
  }
  if (missing.empty()) return std::nullopt;
  constexpr std::size_t kNamed = 3;
  std::string list = fmt::format(
      "{}",
      fmt::join(missing.begin(),
                missing.begin() + static_cast<std::ptrdiff_t>(std::min(kNamed, missing.size())),
                ", "));
  if (missing.size() > kNamed) list += fmt::format(" and {} more", missing.size() - kNamed);
  return fmt::format(
      "note: {}{} of {} results have no value in some replications, which had nothing to "
      "average (e.g. nobody started care or service): {}. Their mean is over the replications "
      "with a value (the `replications` column of summary.csv counts them); a result without "
      "any is an empty cell (null in summary.json), never 0.",
      scenario.empty() ? "" : scenario + ": ", missing.size(), rows.size(), list);
}

std::vector<outputs::SummaryRow> shown(const std::vector<outputs::SummaryRow>& rows,
                                       const std::vector<std::string>& show) {
  if (show.empty()) return rows;
  std::vector<outputs::SummaryRow> out;
  for (const auto& row : rows) {
    if (std::find(show.begin(), show.end(), row.id.metric) != show.end()) out.push_back(row);
  }
  return out;
}

// Runs all replications of `model` from replication `first` on, as replications `offset` on of
// the `total` that `progress` follows.
Replications run_with_progress(const models::Model& model, unsigned threads, Progress& progress,
                               std::size_t offset, std::size_t total, std::size_t first = 0) {
  return run_all(model, threads, first, model.info.replications,
                 [&](std::size_t done, std::size_t) { progress.update(offset + done, total); });
}

// --psa ranks the scenario's uncertain inputs; without any there is nothing to rank, which the
// user should hear before a run that would not answer the question.
void check_has_uncertain_inputs(const models::Model& model) {
  if (!model.inputs.empty()) return;
  throw io::InputError(
      "--psa",
      fmt::format("'{}' has no uncertain inputs to rank: --psa needs a youth_care scenario with "
                  "an 'uncertain:' map of PATH: distribution (docs/scenarios.md, section "
                  "'uncertain'); add one to the file or give it on the command line, e.g. "
                  "--set 'uncertain={{tiers.poh.caseload_per_fte: {{dist: uniform, min: 30, "
                  "max: 50}}}}'",
                  model.info.source));
}

// "+0.45 [-0.12, +0.80]": a rank correlation with its 95% interval, as the table prints it.
std::string correlation_text(const engine::RankCorrelation& c) {
  if (!c.spearman) return "-";
  std::string text = fmt::format("{:+.2f}", *c.spearman);
  if (c.interval) text += fmt::format(" [{:+.2f}, {:+.2f}]", c.interval->low, c.interval->high);
  return text;
}

// For the last year and each headline metric (youth care: cost and the out-of-home rate): the
// uncertain inputs, those that drive the result most first, and in words the one that drives it
// most (if any clearly does).
void print_sensitivity(const std::string& scenario,
                       const std::vector<outputs::SensitivityRow>& rows,
                       const std::vector<std::string>& headline) {
  std::size_t width = 0;
  for (const auto& row : rows) width = std::max(width, row.input.size());
  std::vector<std::string> sentences;  // after the table, one per metric
  for (const std::string& metric : headline) {
    std::string last_year;  // rows come year by year: the last match is the last year
    for (const auto& row : rows) {
      if (row.id.metric == metric) last_year = row.id.year;
    }
    const auto ranked = outputs::strongest_first(rows, metric, last_year);
    if (ranked.empty()) continue;
    const auto& top = *ranked.front();
    if (sentences.empty()) {  // the first metric: the table's title
      fmt::print(
          "\nwhich uncertain inputs drive the results of {}: Spearman rank correlation "
          "over {} replications [95% interval]\n",
          top.id.year, top.correlation.count);
    }
    fmt::print("{}\n", metric);
    for (const auto* row : ranked) {
      fmt::print("  {:<{}}  {}\n", row->input, width, correlation_text(row->correlation));
    }
    sentences.push_back(
        report::driver_sentence(scenario, metric, last_year, ranked, report::Language::kEnglish));
  }
  if (!sentences.empty()) fmt::print("\n");
  for (const auto& sentence : sentences) fmt::print("{}\n", sentence);
}

}  // namespace

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

void check_reportable(const ReportRequest& request, const outputs::RunInfo& info) {
  if (request.wanted) report::check_reportable(info);
}

int report_command(const ReportOptions& options) {
  std::vector<std::filesystem::path> folders(options.folders.begin(), options.folders.end());
  const std::filesystem::path file = options.out.empty() ? folders.front() / outputs::kReportHtml
                                                         : std::filesystem::path(options.out);
  report::write_report(folders, options.language, file);
  fmt::print("wrote {}\n", file.string());
  return kExitOk;
}

std::optional<std::filesystem::path> write_report_if(const ReportRequest& request,
                                                     const std::filesystem::path& folder) {
  if (!request.wanted) return std::nullopt;
  const std::filesystem::path file = folder / outputs::kReportHtml;
  report::write_report({folder}, request.language, file);
  return file;
}

int run_command(const RunOptions& options) {
  const io::Document document =
      load_document(options.file, options.overrides, named(options.replications, "--replications"),
                    named(options.seed, "--seed"));
  models::Model model = load_runnable(document);
  print_warnings(model);
  model.info.overrides = options.overrides;

  // Before anything runs or is written:
  check_shown_metrics(options.show, model.metrics);
  if (options.psa) check_has_uncertain_inputs(model);
  check_reportable(options.report, model.info);

  const unsigned threads = engine::resolve_thread_count(options.threads, model.info.replications);
  Progress progress("replications", threads, !options.quiet);
  const Replications done = run_with_progress(model, threads, progress, 0, model.info.replications);
  progress.clear();
  const auto rows = outputs::summarize_replications(model.metrics, done.values);
  const auto sensitivity =
      options.psa ? outputs::rank_inputs(model.inputs, done.inputs, model.metrics, done.values)
                  : std::vector<outputs::SensitivityRow>{};

  const std::filesystem::path out = output_folder(options.out_dir, "", model.info.scenario);
  OutputFiles files = outputs::summary_files(out, model.info, rows);
  if (!model.timeseries_header.empty()) {
    files.emplace_back(out / outputs::kTimeseriesCsv, model.timeseries_header + done.timeseries);
  }
  if (options.psa)
    files.emplace_back(out / outputs::kPsaCsv, outputs::format_sensitivity_csv(sensitivity));
  outputs::write_all(files);
  // A psa.csv of an earlier run in the same folder would be taken for this run's (by a report).
  if (!options.psa) std::filesystem::remove(out / outputs::kPsaCsv);
  const std::optional<std::filesystem::path> report = write_report_if(options.report, out);

  if (!options.quiet) {
    print_table(model.info, shown(rows, options.show), model.headline, threads);
    if (const auto note = missing_values_note(rows, model.info.replications)) {
      fmt::print("\n{}\n", *note);
    }
    if (options.psa) print_sensitivity(model.info.scenario, sensitivity, model.headline);
    fmt::print("\nwrote {}\n", outputs::written_list(files, report));
  }
  return kExitOk;
}

int validate_command(const ValidateOptions& options) {
  const io::Document document = load_document(options.file, options.overrides);
  const models::Model model = load_runnable(document);
  print_warnings(model);
  if (!options.dot_file.empty()) {
    if (!model.pathway_dot) {
      throw io::InputError("--dot", "a scenario of kind '" + model.info.kind +
                                        "' has no care pathway to draw (kind youth_care has)");
    }
    outputs::write_file_atomically(options.dot_file, model.pathway_dot());
  }
  fmt::print("{}: ok: {}\n", options.file, model.outline);
  if (!options.dot_file.empty()) fmt::print("wrote the pathway to {}\n", options.dot_file);
  return kExitOk;
}

int cohort_command(const CohortOptions& options) {
  const io::Document document = load_document(options.file, options.overrides);
  const models::Model model = models::load_model(document);
  print_warnings(model);
  if (!model.expected) {
    throw io::InputError(options.file, "a scenario of kind '" + model.info.kind +
                                           "' has no cohort model (kind youth_care has)");
  }
  const auto start = std::chrono::steady_clock::now();
  const auto values = model.expected();
  const double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();

  const std::string csv = outputs::format_cohort_csv(model.info.scenario, values);
  std::vector<outputs::SummaryRow> rows;
  for (const auto& v : values) {
    engine::Summary s;
    s.count = 1;
    s.mean = v.value;
    rows.push_back(outputs::SummaryRow{v.id, s});
  }
  const std::filesystem::path out = output_folder(options.out_dir, "", model.info.scenario);
  outputs::write_file_atomically(out / outputs::kCohortCsv, csv);
  fmt::print(
      "{} ({}): expected values of the Markov cohort model with unlimited capacity "
      "(nobody waits), computed in {:.1f} ms\n"
      "children_in_care and out_of_home_rate_pct are upper-bound approximations\n\n",
      model.info.scenario, model.info.kind, ms);
  print_yearly_table(model.info, rows, model.headline);
  fmt::print("\nwrote {}\n", (out / outputs::kCohortCsv).string());
  return kExitOk;
}

namespace {

struct Compared {
  std::string name;
  models::Model model;
};

// --variant NAME:PATH=VALUE, grouped by name in the order of first appearance.
std::vector<std::pair<std::string, std::vector<std::string>>> parse_variants(
    const std::vector<std::string>& variants) {
  std::vector<std::pair<std::string, std::vector<std::string>>> out;
  for (const auto& v : variants) {
    const std::size_t colon = v.find(':');
    if (colon == std::string::npos || colon == 0 || v.find('=', colon) == std::string::npos) {
      throw io::InputError("--variant " + v,
                           "expected NAME:PATH=VALUE, e.g. --variant matched:policy=matched");
    }
    const std::string name = v.substr(0, colon);
    auto it =
        std::find_if(out.begin(), out.end(), [&name](const auto& e) { return e.first == name; });
    if (it == out.end()) it = out.insert(out.end(), {name, {}});
    it->second.push_back(v.substr(colon + 1));
  }
  return out;
}

// The difference, as a policymaker reads it: "-1,234,000 [-1,300,000, -1,170,000] (-8.1%)".
std::string difference_text(const outputs::ComparisonRow& row) {
  const auto& d = row.difference;
  std::string text = d.count > 0 ? outputs::readable(d.mean, 4) : "-";
  if (d.count >= 2)
    text +=
        fmt::format(" [{}, {}]", outputs::readable(d.ci_low, 3), outputs::readable(d.ci_high, 3));
  if (std::isfinite(row.difference_pct)) text += fmt::format(" ({:+.1f}%)", row.difference_pct);
  return text;
}

void print_comparison(const std::string& base, const std::string& alternative,
                      const std::vector<outputs::ComparisonRow>& rows) {
  fmt::print("\n{} against {}: difference (alternative - base) [paired 95% interval]\n",
             alternative, base);
  fmt::print("{:<28} {:>6} {:>14} {:>14}  {}\n", "metric", "year", "base", "alternative",
             "difference");
  for (const auto& row : rows) {
    if (!row.id.tier.empty()) continue;  // per tier: see compare.csv
    fmt::print("{:<28} {:>6} {:>14} {:>14}  {}\n", row.id.metric, row.id.year,
               outputs::readable(row.base_mean, 4), outputs::readable(row.alt_mean, 4),
               difference_text(row));
  }
  // For youth care, the headline of the last year in words: the report's own sentences.
  const auto sentences =
      report::comparison_sentences(base, alternative, rows, report::Language::kEnglish);
  if (!sentences.empty()) fmt::print("\n{}\n", fmt::join(sentences, "\n"));
}

}  // namespace

int compare_command(const CompareOptions& options) {
  // Every scenario runs with the base's replications and seed: replication r of each then uses
  // the same random numbers for the same child (common random numbers).
  const std::string& base_file = options.files.front();
  std::vector<Compared> scenarios;
  scenarios.push_back(
      {"", load_runnable(load_document(base_file, options.overrides,
                                       named(options.replications, "--replications"),
                                       named(options.seed, "--seed")))});
  // Copies: `scenarios` grows below, which would invalidate a reference into it.
  const outputs::RunInfo base_info = scenarios.front().model.info;
  const std::vector<outputs::MetricId> base_metrics = scenarios.front().model.metrics;
  scenarios.front().name = base_info.scenario;
  scenarios.front().model.info.overrides = options.overrides;
  // What the user gave, else the base file's values, named as such in errors.
  const NamedValue replications =
      named(options.replications, "--replications")
          .value_or(NamedValue{static_cast<std::int64_t>(base_info.replications),
                               "the base's replications (" + base_file + ")"});
  const NamedValue seed = named(options.seed, "--seed")
                              .value_or(NamedValue{static_cast<std::int64_t>(base_info.seed),
                                                   "the base's seed (" + base_file + ")"});
  for (std::size_t i = 1; i < options.files.size(); ++i) {
    auto model =
        load_runnable(load_document(options.files[i], options.overrides, replications, seed));
    model.info.overrides = options.overrides;
    scenarios.push_back({model.info.scenario, std::move(model)});
  }
  for (const auto& [name, assignments] : parse_variants(options.variants)) {
    std::vector<std::string> overrides = options.overrides;
    overrides.insert(overrides.end(), assignments.begin(), assignments.end());
    scenarios.push_back(
        {name, load_runnable(load_document(base_file, overrides, replications, seed))});
    scenarios.back().model.info.overrides = overrides;
  }
  if (scenarios.size() < 2) {
    throw io::InputError("compare",
                         "nothing to compare the base with: give an alternative file "
                         "or --variant NAME:PATH=VALUE");
  }
  std::set<std::string> names, warned;
  for (auto& s : scenarios) {
    if (s.model.info.kind != base_info.kind) {
      throw io::InputError(s.model.info.source, "a '" + s.model.info.kind +
                                                    "' scenario cannot be "
                                                    "compared with the base, a '" +
                                                    base_info.kind + "' scenario");
    }
    if (!names.insert(s.name).second) s.name = s.model.info.source;  // two of the same name
    check_reportable(options.report, s.model.info);
    for (const auto& w : s.model.warnings) {
      if (warned.insert(w).second) std::cerr << w << '\n';
    }
  }

  const std::size_t n = base_info.replications;
  const unsigned threads = engine::resolve_thread_count(options.threads, n);
  std::vector<std::vector<std::vector<double>>> values;
  Progress progress("replications", threads, true);
  for (std::size_t k = 0; k < scenarios.size(); ++k) {
    // --independent: each scenario takes its own block of replication numbers, so no two share
    // a random stream.
    const std::size_t first = options.independent ? k * n : 0;
    progress.relabel(fmt::format("scenario {}/{}: replications", k + 1, scenarios.size()));
    values.push_back(
        run_with_progress(scenarios[k].model, threads, progress, k * n, scenarios.size() * n, first)
            .values);
  }
  progress.clear();

  std::string csv = outputs::kComparisonCsvHeader;
  std::vector<std::vector<outputs::ComparisonRow>> tables;
  for (std::size_t k = 1; k < scenarios.size(); ++k) {
    tables.push_back(outputs::compare_replications(base_metrics, values[0],
                                                   scenarios[k].model.metrics, values[k]));
    csv += outputs::format_comparison_csv(scenarios[0].name, scenarios[k].name, tables.back());
  }
  const std::filesystem::path out = output_folder(options.out_dir, "compare-", base_info.scenario);
  // compare.csv, and each scenario's own summary in a folder of its own (as `run` writes it),
  // listed in compare.json: what `report` reads to draw each scenario next to the differences.
  OutputFiles files = {{out / outputs::kCompareCsv, csv}};
  outputs::CompareManifest manifest{scenarios[0].name, n, base_info.seed, options.independent, {}};
  // A scenario's folder never takes the name of a file compare writes beside it.
  std::set<std::string> folders = {std::string(outputs::kCompareCsv),
                                   std::string(outputs::kCompareJson),
                                   std::string(outputs::kReportHtml)};
  std::vector<std::string> notes;  // results without a value, per scenario
  for (std::size_t k = 0; k < scenarios.size(); ++k) {
    std::string folder = folder_name(scenarios[k].name);
    while (!folders.insert(folder).second) {  // two names with the same folder name
      folder += '-';  // appended piecewise: GCC 12's -Wrestrict misfires on "-" + x
      folder += std::to_string(k);
    }
    manifest.scenarios.push_back({scenarios[k].name, folder});
    outputs::RunInfo info = scenarios[k].model.info;
    info.scenario = scenarios[k].name;
    const auto rows = outputs::summarize_replications(scenarios[k].model.metrics, values[k]);
    if (auto note = missing_values_note(rows, n, scenarios[k].name)) notes.push_back(*note);
    const OutputFiles summary = outputs::summary_files(out / folder, info, rows);
    files.insert(files.end(), summary.begin(), summary.end());
  }
  files.emplace_back(out / outputs::kCompareJson, outputs::format_compare_manifest(manifest));
  outputs::write_all(files);
  const std::optional<std::filesystem::path> report = write_report_if(options.report, out);

  fmt::print(
      "{} ({}): {} scenarios, {} replications each, seed {}, {}\n", base_info.scenario,
      base_info.kind, scenarios.size(), n, base_info.seed,
      options.independent ? "independent random numbers (--independent)" : "common random numbers");
  for (std::size_t k = 1; k < scenarios.size(); ++k) {
    print_comparison(scenarios[0].name, scenarios[k].name, tables[k - 1]);
  }
  for (const auto& note : notes) fmt::print("\n{}\n", note);
  fmt::print("\nwrote {}\n", outputs::written_list(files, report));
  return kExitOk;
}

}  // namespace jeugdsim::app
