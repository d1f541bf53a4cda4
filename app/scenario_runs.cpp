#include "scenario_runs.hpp"

#include <algorithm>
#include <iostream>

#include <fmt/format.h>

#include "interrupt.hpp"
#include "jeugdsim/io/did_you_mean.hpp"
#include "jeugdsim/io/input_error.hpp"
#include "limits.hpp"

namespace jeugdsim::app {

std::optional<NamedValue> named(const std::optional<std::int64_t>& value, const char* option) {
  if (!value) return std::nullopt;
  return NamedValue{*value, fmt::format("{} {}", option, *value)};
}

io::Document load_document(const std::string& file, const std::vector<std::string>& overrides,
                           const std::optional<NamedValue>& replications,
                           const std::optional<NamedValue>& seed) {
  io::Document document = io::Document::from_file(file);
  apply_options(document, overrides, replications, seed);
  return document;
}

void apply_options(io::Document& document, const std::vector<std::string>& overrides,
                   const std::optional<NamedValue>& replications,
                   const std::optional<NamedValue>& seed) {
  for (const auto& assignment : overrides) document.apply_override(assignment);
  apply_run_frame(document, replications, seed);
}

models::Model load_runnable(const io::Document& document) {
  models::Model model = models::load_model(document);
  check_memory(document, model);
  return model;
}

void apply_run_frame(io::Document& document, const std::optional<NamedValue>& replications,
                     const std::optional<NamedValue>& seed) {
  // Named as the user typed them, so an error blames --seed, not a --set that was never given.
  if (replications) {
    document.apply_override(fmt::format("replications={}", replications->value),
                            replications->shown);
  }
  if (seed) document.apply_override(fmt::format("seed={}", seed->value), seed->shown);
}

void check_shown_metrics(const std::vector<std::string>& show,
                         const std::vector<outputs::MetricId>& ids) {
  std::vector<std::string> known;
  for (const auto& id : ids) {
    if (std::find(known.begin(), known.end(), id.metric) == known.end()) known.push_back(id.metric);
  }
  for (const auto& name : show) {
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      throw io::InputError("--show " + name, "this scenario reports no metric '" + name + "'" +
                                                 io::did_you_mean(name, known));
    }
  }
}

void print_warnings(const models::Model& model) {
  for (const auto& warning : model.warnings) std::cerr << warning << '\n';
}

Replications run_all(const models::Model& model, unsigned threads, std::size_t first,
                     std::size_t count, const engine::ProgressCallback& progress) {
  const auto interrupted = [](int signal) {
    return Interrupted(signal, "interrupted by " + signal_name(signal) +
                                   ": stopped after the replications in flight; nothing was "
                                   "written");
  };
  // Also before a block with nothing to run (more MPI ranks than replications).
  if (const int signal = pending_signal()) throw interrupted(signal);
  engine::RunnerOptions runner;
  runner.threads = threads;
  runner.progress = progress;
  runner.stop = [] { return pending_signal() != 0; };
  std::vector<models::ReplicationOutput> outputs;
  try {
    outputs = engine::run_replications(
        count, runner, [&model, first](std::size_t r) { return model.simulate(first + r); });
  } catch (const engine::Stopped&) {
    throw interrupted(pending_signal());
  }
  // Moved, and each time series freed once joined: a large run holds its results once.
  Replications out;
  out.values.reserve(outputs.size());
  out.inputs.reserve(outputs.size());
  for (auto& output : outputs) {
    out.values.push_back(std::move(output.values));
    out.timeseries += output.timeseries;
    std::string().swap(output.timeseries);
    out.inputs.push_back(std::move(output.inputs));
  }
  return out;
}

}  // namespace jeugdsim::app
