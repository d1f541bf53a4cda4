// `jeugdsim cohort`: the expected values of a youth_care scenario from its Markov cohort model
// (unlimited capacity), into cohort.csv.

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "command.hpp"
#include "console.hpp"
#include "exit_codes.hpp"
#include "jeugdsim/io/input_error.hpp"
#include "jeugdsim/outputs/atomic_file.hpp"
#include "jeugdsim/outputs/cohort_output.hpp"
#include "jeugdsim/outputs/files.hpp"
#include "output_folder.hpp"
#include "scenario_runs.hpp"

namespace jeugdsim::app {
namespace {

struct Options {
  std::string file;
  std::vector<std::string> overrides;
  std::string out_dir;
};

int execute(const Options& options) {
  const io::Document document = load_document(options.file, options.overrides);
  const models::Model model = models::load_model(document);
  print_warnings(model);
  if (!model.expected) {
    throw io::InputError(options.file, "a scenario of kind '" + model.info.kind +
                                           "' has no cohort model (kind youth_care has)");
  }
  const auto start = std::chrono::steady_clock::now();
  const auto values = model.expected();
  const double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();

  const std::string csv = outputs::format_cohort_csv(model.info.scenario, values);
  std::vector<outputs::SummaryRow> rows;
  for (const auto& v : values) {
    engine::Summary s;
    s.count = 1;
    s.mean = v.value;
    rows.push_back(outputs::SummaryRow{v.id, s});
  }
  const std::filesystem::path out = output_folder(options.out_dir, "", model.info.scenario);
  outputs::write_file_atomically(out / outputs::kCohortCsv, csv);
  // The metrics the model marks approximate (youth care: FromCohort in metrics.hpp), once each.
  std::vector<std::string> approximate;
  for (const auto& v : values) {
    if (v.approximate &&
        std::find(approximate.begin(), approximate.end(), v.id.metric) == approximate.end()) {
      approximate.push_back(v.id.metric);
    }
  }
  fmt::print(
      "{} ({}): expected values of the Markov cohort model with unlimited capacity "
      "(nobody waits), computed in {:.1f} ms\n",
      model.info.scenario, model.info.kind, ms);
  if (!approximate.empty()) {
    fmt::print(
        "approximate (counts of children are upper bounds; column 'approximate' of {}): {}\n",
        outputs::kCohortCsv, fmt::join(approximate, ", "));
  }
  fmt::print("\n");
  print_yearly_table(model.info, rows, model.headline);
  fmt::print("\nwrote {}\n", (out / outputs::kCohortCsv).string());
  return kExitOk;
}

}  // namespace

Command add_cohort(CLI::App& cli) {
  auto options = std::make_shared<Options>();
  CLI::App* app =
      cli.add_subcommand("cohort",
                         "Expected values of a youth_care scenario from its Markov cohort model\n"
                         "(unlimited capacity, in milliseconds); writes cohort.csv.\n"
                         "Example: jeugdsim cohort scenarios/assen.yaml");
  app->add_option("file", options->file, "Scenario file (YAML)")->required();
  app->add_option("--set", options->overrides, "Override a value: PATH=VALUE");
  app->add_option("--out,-o", options->out_dir, "Output folder (default: results/<scenario name>)");
  return {app, [options] { return execute(*options); }, /*stoppable=*/false,
          /*spreads_over_ranks=*/false};
}

}  // namespace jeugdsim::app
