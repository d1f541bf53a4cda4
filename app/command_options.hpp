#pragma once
// The options several commands share, each stated once: the run frame (--replications, --seed,
// --threads) and --report/--lang.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "jeugdsim/models/model.hpp"
#include "jeugdsim/outputs/results.hpp"

namespace jeugdsim::app {

// --replications, --seed and --threads of `command`, into the given variables. Signed, with
// the file's range: an unsigned option would silently turn -1 into 2^64 - 1. `of_what` and
// `whose` complete the help: "Number of replications{ of every point} (default: {the sweep
// file's} 'replications')".
void add_run_frame(CLI::App* command, std::optional<std::int64_t>& replications,
                   std::optional<std::int64_t>& seed, unsigned& threads, const char* of_what,
                   const char* whose);

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

// `model` with its inputs from the posterior in `file`, if one is named (models::use_posterior).
// Throws io::InputError naming the file if it cannot be read or does not fit the scenario.
void use_posterior_if(models::Model& model, const std::string& file);

// --lang's choices.
const std::vector<std::string>& language_codes();

}  // namespace jeugdsim::app
