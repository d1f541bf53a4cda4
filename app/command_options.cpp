#include "command_options.hpp"

#include <limits>

#include <fmt/format.h>

#include "jeugdsim/io/input_error.hpp"
#include "jeugdsim/outputs/files.hpp"
#include "jeugdsim/report/report.hpp"

namespace jeugdsim::app {

void add_run_frame(CLI::App* command, std::optional<std::int64_t>& replications,
                   std::optional<std::int64_t>& seed, unsigned& threads, const char* of_what,
                   const char* whose) {
  // The upper limit is the scenario's (io/limits.hpp), which says why.
  command
      ->add_option(
          "--replications,-r", replications,
          fmt::format("Number of replications{} (default: {} 'replications')", of_what, whose))
      ->check(CLI::Range(std::int64_t{1}, std::numeric_limits<std::int64_t>::max()));
  add_seed_and_threads(command, seed, threads, of_what, whose);
}

void add_seed_and_threads(CLI::App* command, std::optional<std::int64_t>& seed, unsigned& threads,
                          const char* of_what, const char* whose) {
  command
      ->add_option("--seed,-s", seed,
                   fmt::format("Random seed{} (default: {} 'seed')", of_what, whose))
      ->check(CLI::Range(std::int64_t{0}, std::numeric_limits<std::int64_t>::max()));
  command
      ->add_option("--threads,-t", threads,
                   "Worker threads (default: all cores); results do not depend on it")
      ->check(CLI::Range(1, 1024));
}

const std::vector<std::string>& language_codes() {
  static const std::vector<std::string> codes(std::begin(report::kLanguageCodes),
                                              std::end(report::kLanguageCodes));
  return codes;
}

void add_report_request(CLI::App* command, ReportRequest& request) {
  auto* wanted =
      command->add_flag("--report", request.wanted,
                        "Also write report.html in the output folder (see 'jeugdsim report')");
  command->add_option("--lang", request.language, "Language of the report: nl or en (default: en)")
      ->check(CLI::IsMember(language_codes()))
      ->needs(wanted);
}

void add_posterior_option(CLI::App* command, std::string& file) {
  command->add_option("--posterior", file,
                      "Take each replication's uncertain inputs from a posterior.csv of "
                      "'jeugdsim calibrate' (the same scenario) instead of the priors; the "
                      "results then hold what the data leave open (docs/calibration.md)");
}

std::optional<outputs::Posterior> read_posterior_if(const std::string& file) {
  if (file.empty()) return std::nullopt;
  if (!std::filesystem::is_regular_file(file)) {
    throw io::InputError("--posterior", fmt::format("'{}' is not a file: give the posterior.csv "
                                                    "that 'jeugdsim calibrate' wrote",
                                                    file));
  }
  return outputs::read_posterior_csv(file);
}

void check_reportable(const ReportRequest& request, const outputs::RunInfo& info) {
  if (request.wanted) report::check_reportable(info);
}

std::optional<std::filesystem::path> write_report_if(const ReportRequest& request,
                                                     const std::filesystem::path& folder) {
  if (!request.wanted) return std::nullopt;
  const std::filesystem::path file = folder / outputs::kReportHtml;
  report::write_report({folder}, request.language, file);
  return file;
}

}  // namespace jeugdsim::app
