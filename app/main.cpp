// jeugdsim: the command-line interface. Thin by design: it parses arguments, loads the scenario
// through io/ and models/, runs replications through the engine's runner, prints and writes.

#include <CLI/CLI.hpp>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <iostream>
#include <limits>

#include "commands.hpp"
#include "jeugdsim/io/input_error.hpp"

int main(int argc, char** argv) {
  using namespace jeugdsim::app;
  CLI::App cli{
      "jeugdsim: discrete-event simulation of youth-care (jeugdzorg) policy.\n"
      "Runs a scenario file over Monte Carlo replications and reports means with 95% intervals.\n"
      "Example: jeugdsim run scenarios/examples/two-stage-clinic.yaml --replications 20",
      "jeugdsim"};
  cli.set_version_flag("--version", std::string(kVersion));
  // Usage errors look like every other error of the program, so scripts and users see one form.
  cli.failure_message([](const CLI::App* app, const CLI::Error& e) {
    std::string out = "jeugdsim: error: " + std::string(e.what()) + "\n";
    if (app->get_help_ptr() != nullptr) out += "Run with --help for more information.\n";
    return out;
  });
  cli.require_subcommand(1);

  RunOptions run_options;
  auto* run = cli.add_subcommand("run", "Run a scenario and write summary.csv and summary.json.\n"
                                        "Example: jeugdsim run scenarios/examples/two-stage-clinic.yaml "
                                        "--threads 2 --set stations.triage.servers=4");
  run->add_option("file", run_options.file, "Scenario file (YAML)")->required();
  run->add_option("--replications,-r", run_options.replications,
                  "Number of replications (overrides the file's 'replications')")
      ->check(CLI::Range(1, 1'000'000));
  // Signed, with the file's range: an unsigned option would silently turn -1 into 2^64 - 1.
  run->add_option("--seed,-s", run_options.seed, "Random seed (overrides the file's 'seed')")
      ->check(CLI::Range(std::int64_t{0}, std::numeric_limits<std::int64_t>::max()));
  run->add_option("--threads,-t", run_options.threads,
                  "Worker threads (default: all cores); results do not depend on it")
      ->check(CLI::Range(1, 1024));
  run->add_option("--out,-o", run_options.out_dir,
                  "Output folder (default: results/<scenario name>)");
  run->add_option("--set", run_options.overrides,
                  "Override a value: PATH=VALUE, e.g. stations.triage.servers=4 (repeatable)");
  run->add_option("--show", run_options.show,
                  "Print only these metrics (comma-separated, e.g. out_of_home_rate_pct,cost_eur); "
                  "the files always hold all")
      ->delimiter(',');
  run->add_flag("--quiet,-q", run_options.quiet, "Print only errors and warnings");

  ValidateOptions validate_options;
  auto* validate = cli.add_subcommand(
      "validate", "Check a scenario file without running it.\n"
                  "Example: jeugdsim validate scenarios/examples/two-stage-clinic.yaml");
  validate->add_option("file", validate_options.file, "Scenario file (YAML)")->required();
  validate->add_option("--set", validate_options.overrides, "Override a value: PATH=VALUE");
  validate->add_option("--dot", validate_options.dot_file,
                       "Write the care pathway (kind youth_care) to FILE for Graphviz, e.g. "
                       "dot -Tpng FILE -o pathway.png");

  CohortOptions cohort_options;
  auto* cohort = cli.add_subcommand(
      "cohort", "Expected values of a youth_care scenario from its Markov cohort model\n"
                "(unlimited capacity, in milliseconds); writes cohort.csv.\n"
                "Example: jeugdsim cohort scenarios/assen.yaml");
  cohort->add_option("file", cohort_options.file, "Scenario file (YAML)")->required();
  cohort->add_option("--set", cohort_options.overrides, "Override a value: PATH=VALUE");
  cohort->add_option("--out,-o", cohort_options.out_dir,
                     "Output folder (default: results/<scenario name>)");

  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = cli.exit(e);
    return code == 0 ? 0 : kExitInputError;  // a usage error is bad input, like a bad file
  }

  try {
    if (*run) return run_command(run_options);
    if (*validate) return validate_command(validate_options);
    if (*cohort) return cohort_command(cohort_options);
  } catch (const jeugdsim::io::InputError& e) {
    std::cerr << e.what() << '\n';
    return kExitInputError;
  } catch (const std::exception& e) {
    std::cerr << "jeugdsim: error: " << e.what() << '\n';
    return kExitFailure;
  }
  return kExitFailure;
}
