// `jeugdsim compare`: scenarios against a base, replication by replication (common random
// numbers), with paired 95% intervals, into compare.csv, compare.json and each scenario's
// summary (and report.html with --report).

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "command.hpp"
#include "command_options.hpp"
#include "console.hpp"
#include "exit_codes.hpp"
#include "jeugdsim/engine/runner.hpp"
#include "jeugdsim/io/input_error.hpp"
#include "jeugdsim/outputs/comparison.hpp"
#include "jeugdsim/outputs/files.hpp"
#include "jeugdsim/outputs/output_files.hpp"
#include "jeugdsim/outputs/readable.hpp"
#include "jeugdsim/report/report.hpp"
#include "output_folder.hpp"
#include "progress.hpp"
#include "scenario_runs.hpp"

namespace jeugdsim::app {
namespace {

struct Options {
  std::vector<std::string> files;     // the base, then alternatives
  std::vector<std::string> variants;  // NAME:PATH=VALUE, the base with overrides (repeatable)
  std::optional<std::int64_t> replications;
  std::optional<std::int64_t> seed;
  unsigned threads = 0;
  std::string out_dir;
  std::vector<std::string> overrides;  // --set, applied to every scenario
  std::string posterior;               // --posterior: every scenario's inputs from it
  bool independent = false;            // no common random numbers (for demonstration)
  ReportRequest report;
};

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

// The difference, as a policymaker reads it: "-1,234,000 [-1,300,000, -1,170,000] (-8.1%)";
// with inputs drawn, then the interval of 95% of the paired runs: "; 95% of runs -2.1M to -0.4M".
std::string difference_text(const outputs::ComparisonRow& row, bool drawn) {
  const auto& d = row.difference;
  std::string text = d.count > 0 ? outputs::readable(d.mean, 4) : "-";
  if (d.count >= 2)
    text +=
        fmt::format(" [{}, {}]", outputs::readable(d.ci_low, 3), outputs::readable(d.ci_high, 3));
  if (std::isfinite(row.difference_pct)) text += fmt::format(" ({:+.1f}%)", row.difference_pct);
  if (drawn && d.count >= 2) {
    text += fmt::format("; 95% of runs {} to {}", outputs::readable(d.p025, 3),
                        outputs::readable(d.p975, 3));
  }
  return text;
}

void print_comparison(const std::string& base, const std::string& alternative,
                      const std::vector<outputs::ComparisonRow>& rows,
                      const outputs::RunInfo& info) {
  const bool drawn = !info.drawn_from.empty();
  fmt::print(
      "\n{} against {}: difference (alternative - base) [paired 95% interval of the mean "
      "difference]{}\n",
      alternative, base, drawn ? "; where 95% of the paired runs fell" : "");
  fmt::print("{:<28} {:>6} {:>14} {:>14}  {}\n", "metric", "year", "base", "alternative",
             "difference");
  for (const auto& row : rows) {
    if (!row.id.tier.empty()) continue;  // per tier: see compare.csv
    fmt::print("{:<28} {:>6} {:>14} {:>14}  {}\n", row.id.metric, row.id.year,
               outputs::readable(row.base_mean, 4), outputs::readable(row.alt_mean, 4),
               difference_text(row, drawn));
  }
  if (drawn) fmt::print("\n{}\n", intervals_note(info));
  // For youth care, the headline of the last year in words: the report's own sentences.
  const auto sentences = report::comparison_sentences(base, alternative, rows, info.drawn_from,
                                                      report::Language::kEnglish);
  if (!sentences.empty()) fmt::print("\n{}\n", fmt::join(sentences, "\n"));
}

int execute(const Options& options) {
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
  const auto posterior = read_posterior_if(options.posterior);
  for (auto& s : scenarios) {
    if (s.model.info.kind != base_info.kind) {
      throw io::InputError(s.model.info.source, "a '" + s.model.info.kind +
                                                    "' scenario cannot be "
                                                    "compared with the base, a '" +
                                                    base_info.kind + "' scenario");
    }
    if (!names.insert(s.name).second) s.name = s.model.info.source;  // two of the same name
    if (posterior) {  // the same sets in the same replications
      models::use_posterior(s.model, *posterior, options.posterior);
    }
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
  outputs::OutputFiles files = {{out / outputs::kCompareCsv, csv}};
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
    const outputs::OutputFiles summary = outputs::summary_files(out / folder, info, rows);
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
    print_comparison(scenarios[0].name, scenarios[k].name, tables[k - 1], scenarios[0].model.info);
  }
  for (const auto& note : notes) fmt::print("\n{}\n", note);
  fmt::print("\nwrote {}\n", outputs::written_list(files, report));
  return kExitOk;
}

}  // namespace

Command add_compare(CLI::App& cli) {
  auto options = std::make_shared<Options>();
  CLI::App* app = cli.add_subcommand(
      "compare",
      "Compare scenarios with the base, replication by replication (common random numbers),\n"
      "with paired 95% intervals; writes compare.csv, each scenario's summary in a folder of\n"
      "its own, and with --report an HTML report.\n"
      "Example: jeugdsim compare scenarios/drenthe.yaml --variant matched:policy=matched");
  app->add_option("files", options->files, "The base scenario file, then alternative files (YAML)")
      ->required();
  app->add_option("--variant", options->variants,
                  "An alternative: the base with overrides, NAME:PATH=VALUE (repeat the same "
                  "NAME for more overrides)");
  add_run_frame(app, options->replications, options->seed, options->threads, " of every scenario",
                "the base file's");
  app->add_option("--out,-o", options->out_dir,
                  "Output folder (default: results/compare-<base name>)");
  app->add_option("--set", options->overrides,
                  "Override a value in every scenario: PATH=VALUE (repeatable)");
  app->add_flag("--independent", options->independent,
                "Independent random numbers per scenario (to see what common random numbers "
                "gain; not for real comparisons)");
  add_posterior_option(app, options->posterior);
  add_report_request(app, options->report);
  return {app, [options] { return execute(*options); }, /*stoppable=*/true,
          /*spreads_over_ranks=*/false};
}

}  // namespace jeugdsim::app
