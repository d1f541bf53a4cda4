// jeugdsim: the command-line interface. Thin by design: it parses arguments, loads the scenario
// through io/ and models/, runs replications through the engine's runner, prints and writes.

#include <cstdint>
#include <cstdio>
#include <exception>
#include <iostream>
#include <limits>
#include <optional>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cluster.hpp"
#include "commands.hpp"
#include "interrupt.hpp"
#include "jeugdsim/io/input_error.hpp"
#include "jeugdsim/report/text.hpp"
#include "sweep.hpp"

int main(int argc, char** argv) {
  using namespace jeugdsim::app;
  // First: under mpirun/srun the ranks join here (and MPI may take its own arguments away).
  const Cluster cluster(argc, argv);
  CLI::App cli{
      "jeugdsim: discrete-event simulation of youth-care (jeugdzorg) policy.\n"
      "Runs a scenario file over Monte Carlo replications and reports means with 95% intervals.\n"
      "Example: jeugdsim run scenarios/assen.yaml --set tiers.poh.fte=0",
      "jeugdsim"};
  cli.set_version_flag("--version", std::string(kVersion));
  // Usage errors look like every other error of the program, so scripts and users see one form.
  cli.failure_message([](const CLI::App* app, const CLI::Error& e) {
    std::string out = "jeugdsim: error: " + std::string(e.what()) + "\n";
    if (app->get_help_ptr() != nullptr) out += "Run with --help for more information.\n";
    return out;
  });
  cli.require_subcommand(1);

  // The options `run` and `compare` share, with one statement of their ranges. Signed, with the
  // file's range: an unsigned option would silently turn -1 into 2^64 - 1.
  const auto add_run_frame = [](CLI::App* command, std::optional<std::int64_t>& replications,
                                std::optional<std::int64_t>& seed, unsigned& threads,
                                const char* of_what, const char* whose) {
    // The upper limit is the scenario's (io/limits.hpp), which says why.
    command
        ->add_option(
            "--replications,-r", replications,
            fmt::format("Number of replications{} (default: {} 'replications')", of_what, whose))
        ->check(CLI::Range(std::int64_t{1}, std::numeric_limits<std::int64_t>::max()));
    command
        ->add_option("--seed,-s", seed,
                     fmt::format("Random seed{} (default: {} 'seed')", of_what, whose))
        ->check(CLI::Range(std::int64_t{0}, std::numeric_limits<std::int64_t>::max()));
    command
        ->add_option("--threads,-t", threads,
                     "Worker threads (default: all cores); results do not depend on it")
        ->check(CLI::Range(1, 1024));
  };

  // --report and --lang of the commands that can write a report of what they just wrote.
  const std::vector<std::string> languages(std::begin(jeugdsim::report::kLanguageCodes),
                                           std::end(jeugdsim::report::kLanguageCodes));
  const auto add_report = [&languages](CLI::App* command, ReportRequest& request) {
    auto* wanted =
        command->add_flag("--report", request.wanted,
                          "Also write report.html in the output folder (see 'jeugdsim report')");
    command
        ->add_option("--lang", request.language, "Language of the report: nl or en (default: en)")
        ->check(CLI::IsMember(languages))
        ->needs(wanted);
  };

  RunOptions run_options;
  auto* run = cli.add_subcommand("run",
                                 "Run a scenario and write summary.csv and summary.json\n"
                                 "(and, for youth care, timeseries.csv; psa.csv with --psa;\n"
                                 "report.html with --report).\n"
                                 "Example: jeugdsim run scenarios/examples/two-stage-clinic.yaml "
                                 "--threads 2 --set stations.triage.servers=4");
  run->add_option("file", run_options.file, "Scenario file (YAML)")->required();
  add_run_frame(run, run_options.replications, run_options.seed, run_options.threads, "",
                "the file's");
  run->add_option("--out,-o", run_options.out_dir,
                  "Output folder (default: results/<scenario name>)");
  run->add_option("--set", run_options.overrides,
                  "Override a value: PATH=VALUE, e.g. stations.triage.servers=4 (repeatable)");
  run->add_option("--show", run_options.show,
                  "Print only these metrics (comma-separated, e.g. out_of_home_rate_pct,cost_eur); "
                  "the files always hold all")
      ->delimiter(',');
  run->add_flag("--quiet,-q", run_options.quiet, "Print only errors and warnings");
  run->add_flag("--psa", run_options.psa,
                "Probabilistic sensitivity analysis: also write psa.csv, the rank correlation of "
                "each 'uncertain:' input with each result, and print which inputs drive cost and "
                "the out-of-home rate");
  add_report(run, run_options.report);

  ValidateOptions validate_options;
  auto* validate =
      cli.add_subcommand("validate",
                         "Check a scenario file without running it.\n"
                         "Example: jeugdsim validate scenarios/assen.yaml --dot pathway.dot");
  validate->add_option("file", validate_options.file, "Scenario file (YAML)")->required();
  validate->add_option("--set", validate_options.overrides, "Override a value: PATH=VALUE");
  validate->add_option("--dot", validate_options.dot_file,
                       "Write the care pathway (kind youth_care) to FILE for Graphviz, e.g. "
                       "dot -Tpng FILE -o pathway.png");

  CompareOptions compare_options;
  auto* compare = cli.add_subcommand(
      "compare",
      "Compare scenarios with the base, replication by replication (common random numbers),\n"
      "with paired 95% intervals; writes compare.csv, each scenario's summary in a folder of\n"
      "its own, and with --report an HTML report.\n"
      "Example: jeugdsim compare scenarios/drenthe.yaml --variant matched:policy=matched");
  compare
      ->add_option("files", compare_options.files,
                   "The base scenario file, then alternative files (YAML)")
      ->required();
  compare->add_option("--variant", compare_options.variants,
                      "An alternative: the base with overrides, NAME:PATH=VALUE (repeat the same "
                      "NAME for more overrides)");
  add_run_frame(compare, compare_options.replications, compare_options.seed,
                compare_options.threads, " of every scenario", "the base file's");
  compare->add_option("--out,-o", compare_options.out_dir,
                      "Output folder (default: results/compare-<base name>)");
  compare->add_option("--set", compare_options.overrides,
                      "Override a value in every scenario: PATH=VALUE (repeatable)");
  compare->add_flag("--independent", compare_options.independent,
                    "Independent random numbers per scenario (to see what common random numbers "
                    "gain; not for real comparisons)");
  add_report(compare, compare_options.report);

  SweepOptions sweep_options;
  auto* sweep = cli.add_subcommand(
      "sweep",
      "Run many variants of a base scenario (a grid or a list of overrides in SWEEP.yaml), all\n"
      "with the same seed and replications, into sweep.csv and sweep.json (and report.html with\n"
      "--report). Resumable (--resume); under mpirun\n"
      "or srun the replications are spread over the ranks (docs/cluster.md).\n"
      "Example: jeugdsim sweep scenarios/sweeps/drenthe-poh.yaml --replications 100");
  sweep->add_option("file", sweep_options.file, "Sweep file (YAML): base, grid or points")
      ->required();
  add_run_frame(sweep, sweep_options.replications, sweep_options.seed, sweep_options.threads,
                " of every point", "the sweep file's, else the base's");
  sweep->add_option("--out,-o", sweep_options.out_dir,
                    "Output folder (default: results/sweep-<sweep name>)");
  sweep->add_option("--set", sweep_options.overrides,
                    "Override a value in every point: PATH=VALUE (repeatable)");
  sweep
      ->add_option("--show", sweep_options.show,
                   "Metrics in the line printed per point (comma-separated; default: cost_eur "
                   "and out_of_home_rate_pct)")
      ->delimiter(',');
  sweep->add_flag("--resume", sweep_options.resume,
                  "Continue an interrupted sweep in the same --out: finished points are kept");
  sweep->add_flag("--quiet,-q", sweep_options.quiet, "Print only errors and warnings");
  add_report(sweep, sweep_options.report);

  ReportOptions report_options;
  auto* report = cli.add_subcommand(
      "report",
      "Write one self-contained HTML file (charts, summary in words, parameters, how to\n"
      "reproduce) from the output folders of run, compare and sweep; it opens offline and can\n"
      "be e-mailed (docs/report.md).\n"
      "Example: jeugdsim report results/compare-assen --lang nl --out assen.html");
  report
      ->add_option("folders", report_options.folders,
                   "Output folders of 'jeugdsim run', 'compare' or 'sweep'")
      ->required()
      ->check(CLI::ExistingDirectory);
  report->add_option("--lang", report_options.language, "Language: nl or en (default: en)")
      ->check(CLI::IsMember(languages));
  report->add_option("--out,-o", report_options.out,
                     "The HTML file to write (default: report.html in the first folder)");

  CohortOptions cohort_options;
  auto* cohort =
      cli.add_subcommand("cohort",
                         "Expected values of a youth_care scenario from its Markov cohort model\n"
                         "(unlimited capacity, in milliseconds); writes cohort.csv.\n"
                         "Example: jeugdsim cohort scenarios/assen.yaml");
  cohort->add_option("file", cohort_options.file, "Scenario file (YAML)")->required();
  cohort->add_option("--set", cohort_options.overrides, "Override a value: PATH=VALUE");
  cohort->add_option("--out,-o", cohort_options.out_dir,
                     "Output folder (default: results/<scenario name>)");

  // Every rank parses the same command line; only rank 0 speaks.
  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (!cluster.is_root()) return e.get_exit_code() == 0 ? 0 : kExitInputError;
    const int code = cli.exit(e);
    return code == 0 ? 0 : kExitInputError;  // a usage error is bad input, like a bad file
  }

  // Ctrl-C and SIGTERM stop the commands that run replications between replications, so that
  // nothing is written half and a sweep keeps its finished points (interrupt.hpp).
  std::optional<InterruptHandler> interrupts;
  if (*run || *compare || *sweep) interrupts.emplace();
  try {
    if (cluster.size() > 1 && !*sweep) {
      throw jeugdsim::io::InputError(
          "mpirun", fmt::format("{} ranks were started, but only 'sweep' spreads its work over "
                                "ranks; run '{}' as one process",
                                cluster.size(), cli.get_subcommands().front()->get_name()));
    }
    if (*sweep) return sweep_command(sweep_options);
    if (*run) return run_command(run_options);
    if (*validate) return validate_command(validate_options);
    if (*cohort) return cohort_command(cohort_options);
    if (*compare) return compare_command(compare_options);
    if (*report) return report_command(report_options);
  } catch (const jeugdsim::io::InputError& e) {
    if (cluster.is_root()) std::cerr << e.what() << '\n';
    return kExitInputError;
  } catch (const Interrupted& e) {
    if (cluster.is_root()) std::cerr << "jeugdsim: " << e.what() << '\n';
    return e.exit_code();
  } catch (const std::exception& e) {
    if (cluster.is_root()) std::cerr << "jeugdsim: error: " << e.what() << '\n';
    return kExitFailure;
  }
  return kExitFailure;
}
