// `jeugdsim validate`: a scenario checked as `run` would check it, without running it; with
// --dot, its care pathway for Graphviz.

#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "command.hpp"
#include "exit_codes.hpp"
#include "jeugdsim/io/input_error.hpp"
#include "jeugdsim/outputs/atomic_file.hpp"
#include "scenario_runs.hpp"

namespace jeugdsim::app {
namespace {

struct Options {
  std::string file;
  std::vector<std::string> overrides;
  std::string dot_file;  // --dot: write the care pathway for Graphviz
};

int execute(const Options& options) {
  const io::Document document = load_document(options.file, options.overrides);
  const models::Model model = load_runnable(document);
  print_warnings(model);
  if (!options.dot_file.empty()) {
    if (!model.pathway_dot) {
      throw io::InputError("--dot", "a scenario of kind '" + model.info.kind +
                                        "' has no care pathway to draw (kind youth_care has)");
    }
    outputs::write_file_atomically(options.dot_file, model.pathway_dot());
  }
  fmt::print("{}: ok: {}\n", options.file, model.outline);
  if (!options.dot_file.empty()) fmt::print("wrote the pathway to {}\n", options.dot_file);
  return kExitOk;
}

}  // namespace

Command add_validate(CLI::App& cli) {
  auto options = std::make_shared<Options>();
  CLI::App* app =
      cli.add_subcommand("validate",
                         "Check a scenario file without running it.\n"
                         "Example: jeugdsim validate scenarios/assen.yaml --dot pathway.dot");
  app->add_option("file", options->file, "Scenario file (YAML)")->required();
  app->add_option("--set", options->overrides, "Override a value: PATH=VALUE");
  app->add_option("--dot", options->dot_file,
                  "Write the care pathway (kind youth_care) to FILE for Graphviz, e.g. "
                  "dot -Tpng FILE -o pathway.png");
  return {app, [options] { return execute(*options); }, /*stoppable=*/false,
          /*spreads_over_ranks=*/false};
}

}  // namespace jeugdsim::app
