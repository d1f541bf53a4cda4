#pragma once
// The options several commands share, each stated once: the run frame (--replications, --seed,
// --threads) and --report/--lang.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "jeugdsim/models/model.hpp"
#include "jeugdsim/outputs/calibration.hpp"
#include "jeugdsim/outputs/results.hpp"

namespace jeugdsim::app {

// --replications, --seed and --threads of `command`, into the given variables (--seed and
// --threads alone: add_seed_and_threads, for a command without replications). Signed, with
// the file's range: an unsigned option would silently turn -1 into 2^64 - 1. `of_what` and
// `whose` complete the help: "Number of replications{ of every point} (default: {the sweep
// file's} 'replications')".
void add_run_frame(CLI::App* command, std::optional<std::int64_t>& replications,
                   std::optional<std::int64_t>& seed, unsigned& threads, const char* of_what,
                   const char* whose);

void add_seed_and_threads(CLI::App* command, std::optional<std::int64_t>& seed, unsigned& threads,
                          const char* of_what, const char* whose);

// --report [--lang nl|en] of run, compare and sweep: also write DIR/report.html.
struct ReportRequest {
  bool wanted = false;
  std::string language = "en";
};
void add_report_request(CLI::App* command, ReportRequest& request);

// --report of a scenario that the report cannot draw is refused before anything runs
// (report::check_reportable).
void check_reportable(const ReportRequest& request, const outputs::RunInfo& info);

// DIR/report.html from the files just written to DIR, if asked for; its path.
std::optional<std::filesystem::path> write_report_if(const ReportRequest& request,
                                                     const std::filesystem::path& folder);

// --posterior FILE of run, compare and sweep: each replication takes its uncertain inputs from
// a posterior.csv of `calibrate` instead of drawing them from the priors.
void add_posterior_option(CLI::App* command, std::string& file);

// The posterior.csv that --posterior names, read once for every model that takes it
// (models::use_posterior); none if the option is not given. Throws io::InputError naming the
// file if it is not one.
std::optional<outputs::Posterior> read_posterior_if(const std::string& file);

// --lang's choices.
const std::vector<std::string>& language_codes();

}  // namespace jeugdsim::app
