// `jeugdsim report`: the HTML report of output folders (report/).

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "command.hpp"
#include "command_options.hpp"
#include "exit_codes.hpp"
#include "jeugdsim/outputs/files.hpp"
#include "jeugdsim/report/report.hpp"

namespace jeugdsim::app {
namespace {

struct Options {
  std::vector<std::string> folders;
  std::string language = "en";
  std::string out;  // default: report.html in the first folder
};

int execute(const Options& options) {
  std::vector<std::filesystem::path> folders(options.folders.begin(), options.folders.end());
  const std::filesystem::path file = options.out.empty() ? folders.front() / outputs::kReportHtml
                                                         : std::filesystem::path(options.out);
  report::write_report(folders, options.language, file);
  fmt::print("wrote {}\n", file.string());
  return kExitOk;
}

}  // namespace

Command add_report(CLI::App& cli) {
  auto options = std::make_shared<Options>();
  CLI::App* app = cli.add_subcommand(
      "report",
      "Write one self-contained HTML file (charts, summary in words, parameters, how to\n"
      "reproduce) from the output folders of run, compare and sweep; it opens offline and can\n"
      "be e-mailed (docs/report.md).\n"
      "Example: jeugdsim report results/compare-assen --lang nl --out assen.html");
  app->add_option("folders", options->folders,
                  "Output folders of 'jeugdsim run', 'compare' or 'sweep'")
      ->required()
      ->check(CLI::ExistingDirectory);
  app->add_option("--lang", options->language, "Language: nl or en (default: en)")
      ->check(CLI::IsMember(language_codes()));
  app->add_option("--out,-o", options->out,
                  "The HTML file to write (default: report.html in the first folder)");
  return {app, [options] { return execute(*options); }, /*stoppable=*/false,
          /*spreads_over_ranks=*/false};
}

}  // namespace jeugdsim::app
