// jeugdsim: the command-line interface. Thin by design: main() is the list of commands
// (command.hpp); each parses its options, loads the scenario through io/ and models/, runs
// replications through the engine's runner, and prints and writes through outputs/ and report/.

#include <exception>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "cluster.hpp"
#include "command.hpp"
#include "exit_codes.hpp"
#include "interrupt.hpp"
#include "jeugdsim/io/input_error.hpp"
#include "jeugdsim/outputs/results.hpp"

int main(int argc, char** argv) {
  using namespace jeugdsim::app;
  // First: under mpirun/srun the ranks join here (and MPI may take its own arguments away).
  const Cluster cluster(argc, argv);
  CLI::App cli{
      "jeugdsim: discrete-event simulation of youth-care (jeugdzorg) policy.\n"
      "Runs a scenario file over Monte Carlo replications and reports means with 95% intervals.\n"
      "Example: jeugdsim run scenarios/assen.yaml --set tiers.poh.fte=0",
      "jeugdsim"};
  cli.set_version_flag("--version", std::string(jeugdsim::outputs::kVersion));
  // Usage errors look like every other error of the program, so scripts and users see one form.
  cli.failure_message([](const CLI::App* app, const CLI::Error& e) {
    std::string out = "jeugdsim: error: " + std::string(e.what()) + "\n";
    if (app->get_help_ptr() != nullptr) out += "Run with --help for more information.\n";
    return out;
  });
  cli.require_subcommand(1);

  // The commands, in the order --help lists them.
  const std::vector<Command> commands = {add_run(cli),      add_validate(cli), add_compare(cli),
                                         add_sweep(cli),    add_report(cli),   add_cohort(cli),
                                         add_calibrate(cli)};

  // Every rank parses the same command line; only rank 0 speaks.
  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (!cluster.is_root()) return e.get_exit_code() == 0 ? 0 : kExitInputError;
    const int code = cli.exit(e);
    return code == 0 ? 0 : kExitInputError;  // a usage error is bad input, like a bad file
  }
  const Command* chosen = nullptr;
  for (const auto& command : commands) {
    if (command.app->parsed()) chosen = &command;
  }
  if (chosen == nullptr) return kExitFailure;  // require_subcommand(1) makes this unreachable

  // Ctrl-C and SIGTERM stop the commands that run replications between replications, so that
  // nothing is written half and a sweep keeps its finished points (interrupt.hpp).
  std::optional<InterruptHandler> interrupts;
  if (chosen->stoppable) interrupts.emplace();
  try {
    if (cluster.size() > 1 && !chosen->spreads_over_ranks) {
      std::vector<std::string> spreading;
      for (const auto& command : commands) {
        if (command.spreads_over_ranks) spreading.push_back("'" + command.app->get_name() + "'");
      }
      throw jeugdsim::io::InputError(
          "mpirun",
          fmt::format("{} ranks were started, but only {} spread their work over "
                      "ranks; run '{}' as one process",
                      cluster.size(), fmt::join(spreading, " and "), chosen->app->get_name()));
    }
    return chosen->run();
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
}
