// `jeugdsim run`: a scenario over its replications, into summary.csv and summary.json (and
// timeseries.csv, psa.csv with --psa, report.html with --report).

#include <algorithm>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "command.hpp"
#include "command_options.hpp"
#include "console.hpp"
#include "exit_codes.hpp"
#include "jeugdsim/engine/runner.hpp"
#include "jeugdsim/io/input_error.hpp"
#include "jeugdsim/outputs/files.hpp"
#include "jeugdsim/outputs/output_files.hpp"
#include "jeugdsim/outputs/sensitivity.hpp"
#include "jeugdsim/report/report.hpp"
#include "output_folder.hpp"
#include "progress.hpp"
#include "scenario_runs.hpp"

namespace jeugdsim::app {
namespace {

struct Options {
  std::string file;
  std::optional<std::int64_t> replications;
  std::optional<std::int64_t> seed;  // the file's range: 0 to 2^63 - 1
  unsigned threads = 0;
  std::string out_dir;
  std::vector<std::string> overrides;
  std::string posterior;          // --posterior: a posterior.csv of `calibrate`
  std::vector<std::string> show;  // metrics to print (all if empty)
  bool quiet = false;
  bool psa = false;  // also rank the uncertain inputs by their effect on the results (psa.csv)
  ReportRequest report;
};

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

int execute(const Options& options) {
  const io::Document document =
      load_document(options.file, options.overrides, named(options.replications, "--replications"),
                    named(options.seed, "--seed"));
  models::Model model = load_runnable(document);
  print_warnings(model);
  model.info.overrides = options.overrides;
  if (const auto posterior = read_posterior_if(options.posterior)) {
    models::use_posterior(model, *posterior, options.posterior);
  }

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
  outputs::OutputFiles files = outputs::summary_files(out, model.info, rows);
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

}  // namespace

Command add_run(CLI::App& cli) {
  auto options = std::make_shared<Options>();
  CLI::App* app =
      cli.add_subcommand("run",
                         "Run a scenario and write summary.csv and summary.json\n"
                         "(and, for youth care, timeseries.csv; psa.csv with --psa;\n"
                         "report.html with --report).\n"
                         "Example: jeugdsim run scenarios/examples/two-stage-clinic.yaml "
                         "--threads 2 --set stations.triage.servers=4");
  app->add_option("file", options->file, "Scenario file (YAML)")->required();
  add_run_frame(app, options->replications, options->seed, options->threads, "", "the file's");
  app->add_option("--out,-o", options->out_dir, "Output folder (default: results/<scenario name>)");
  app->add_option("--set", options->overrides,
                  "Override a value: PATH=VALUE, e.g. stations.triage.servers=4 (repeatable)");
  app->add_option("--show", options->show,
                  "Print only these metrics (comma-separated, e.g. out_of_home_rate_pct,cost_eur); "
                  "the files always hold all")
      ->delimiter(',');
  app->add_flag("--quiet,-q", options->quiet, "Print only errors and warnings");
  app->add_flag("--psa", options->psa,
                "Probabilistic sensitivity analysis: also write psa.csv, the rank correlation of "
                "each 'uncertain:' input with each result, and print which inputs drive cost and "
                "the out-of-home rate");
  add_posterior_option(app, options->posterior);
  add_report_request(app, options->report);
  return {app, [options] { return execute(*options); }, /*stoppable=*/true,
          /*spreads_over_ranks=*/false};
}

}  // namespace jeugdsim::app
