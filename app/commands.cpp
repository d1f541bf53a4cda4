#include "commands.hpp"

#include <fmt/format.h>

#include <cctype>
#include <filesystem>
#include <iostream>

#include "jeugdsim/engine/runner.hpp"
#include "jeugdsim/io/atomic_file.hpp"
#include "jeugdsim/io/document.hpp"
#include "jeugdsim/io/results.hpp"
#include "jeugdsim/models/model.hpp"
#include "progress.hpp"

namespace jeugdsim::app {
namespace {

// The file with every --set applied, and --replications / --seed as overrides of their keys,
// so that all of them are validated exactly like the file itself.
io::Document load_document(const std::string& file, const std::vector<std::string>& overrides,
                           const RunOptions* run = nullptr) {
  io::Document document = io::Document::from_file(file);
  for (const auto& assignment : overrides) document.apply_override(assignment);
  if (run && run->replications) document.apply_override(fmt::format("replications={}", *run->replications));
  if (run && run->seed) document.apply_override(fmt::format("seed={}", *run->seed));
  return document;
}

void print_warnings(const models::Model& model) {
  for (const auto& warning : model.warnings) std::cerr << warning << '\n';
}

// A readable table: one line per metric, grouped by tier, with the 95% interval.
void print_table(const io::RunInfo& info, const std::vector<io::SummaryRow>& rows,
                 unsigned threads) {
  fmt::print("{} ({}): {} replications, seed {}, {} threads\n\n", info.scenario, info.kind,
             info.replications, info.seed, threads);
  fmt::print("{:<16} {:<22} {:>14}  {:<31}\n", "tier", "metric", "mean", "95% interval");
  for (const auto& row : rows) {
    const auto& s = row.summary;
    const std::string interval =
        s.count >= 2 ? fmt::format("[{:.6g}, {:.6g}]", s.ci_low, s.ci_high) : "";
    const std::string mean = s.count > 0 ? fmt::format("{:.6g}", s.mean) : "(no value)";
    fmt::print("{:<16} {:<22} {:>14}  {}\n", row.id.tier.empty() ? "(all)" : row.id.tier,
               row.id.metric, mean, interval);
  }
}

}  // namespace

std::string folder_name(std::string_view scenario_name) {
  std::string out;
  for (const char c : scenario_name) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || c == '_' || c == '.') {
      out.push_back(static_cast<char>(std::tolower(u)));
    } else if (!out.empty() && out.back() != '-') {
      out.push_back('-');
    }
  }
  while (!out.empty() && (out.back() == '-' || out.back() == '.')) out.pop_back();
  return out.empty() ? "scenario" : out;
}

int run_command(const RunOptions& options) {
  const io::Document document = load_document(options.file, options.overrides, &options);
  models::Model model = models::load_model(document);
  print_warnings(model);
  model.info.overrides = options.overrides;

  const unsigned threads = engine::resolve_thread_count(options.threads, model.info.replications);
  Progress progress("replications");
  engine::RunnerOptions runner;
  runner.threads = threads;
  runner.progress = [&progress](std::size_t done, std::size_t total) { progress.update(done, total); };
  const auto values = engine::run_replications(model.info.replications, runner, model.simulate);
  const auto rows = io::summarize_replications(model.metrics, values);

  const std::filesystem::path out =
      options.out_dir.empty() ? std::filesystem::path("results") / folder_name(model.info.scenario)
                              : std::filesystem::path(options.out_dir);
  // Both files are complete before either is renamed into place.
  const std::string csv = io::format_summary_csv(model.info, rows);
  const std::string json = io::format_summary_json(model.info, rows);
  io::write_file_atomically(out / "summary.csv", csv);
  io::write_file_atomically(out / "summary.json", json);

  if (!options.quiet) {
    print_table(model.info, rows, threads);
    fmt::print("\nwrote {} and {}\n", (out / "summary.csv").string(), (out / "summary.json").string());
  }
  return kExitOk;
}

int validate_command(const ValidateOptions& options) {
  const io::Document document = load_document(options.file, options.overrides);
  const models::Model model = models::load_model(document);
  print_warnings(model);
  fmt::print("{}: ok: {}\n", options.file, model.outline);
  return kExitOk;
}

}  // namespace jeugdsim::app
