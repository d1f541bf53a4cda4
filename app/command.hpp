#pragma once
// A subcommand of `jeugdsim`, as main() sees it: added to the command line with its options, and
// run with what parsing put into them. Each command is one source file (run.cpp, validate.cpp,
// compare.cpp, sweep.cpp, report_command.cpp, cohort.cpp, calibrate.cpp), whose add_*() is all it
// exports; main.cpp is the list of them. Adding a command: a file with its add_*(), a line in that
// list.

#include <functional>

#include <CLI/CLI.hpp>

namespace jeugdsim::app {

struct Command {
  CLI::App* app = nullptr;   // the subcommand, with its options
  std::function<int()> run;  // runs it with the parsed options; returns the exit code
  // Runs replications: Ctrl-C and SIGTERM stop it between them (interrupt.hpp).
  bool stoppable = false;
  // Spreads its work over MPI ranks; every other command refuses to run under more than one.
  bool spreads_over_ranks = false;
};

Command add_run(CLI::App& cli);
Command add_validate(CLI::App& cli);
Command add_compare(CLI::App& cli);
Command add_sweep(CLI::App& cli);
Command add_report(CLI::App& cli);
Command add_cohort(CLI::App& cli);
Command add_calibrate(CLI::App& cli);

}  // namespace jeugdsim::app
