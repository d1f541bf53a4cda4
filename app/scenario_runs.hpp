#pragma once
// What every command that simulates shares: reading a scenario as the user named it (file,
// --set, --replications, --seed) and running a range of its replications on threads.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "jeugdsim/engine/runner.hpp"
#include "jeugdsim/io/document.hpp"
#include "jeugdsim/models/model.hpp"

namespace jeugdsim::app {

// A --replications or --seed value and how an error about it names it ("--seed 7").
struct NamedValue {
  std::int64_t value;
  std::string shown;
};

std::optional<NamedValue> named(const std::optional<std::int64_t>& value, const char* option);

// Sets `replications` and `seed` in `document` where given (the command line's values, or a
// sweep file's), named as given.
void apply_run_frame(io::Document& document, const std::optional<NamedValue>& replications,
                     const std::optional<NamedValue>& seed);

// Every --set applied to `document`, and --replications / --seed as overrides of their keys,
// so that all of them are validated exactly like the file itself.
void apply_options(io::Document& document, const std::vector<std::string>& overrides,
                   const std::optional<NamedValue>& replications = std::nullopt,
                   const std::optional<NamedValue>& seed = std::nullopt);

// The file read, then apply_options.
io::Document load_document(const std::string& file, const std::vector<std::string>& overrides,
                           const std::optional<NamedValue>& replications = std::nullopt,
                           const std::optional<NamedValue>& seed = std::nullopt);

// The model of `document` as every command that may simulate it takes it (run, compare, sweep,
// and validate, which must refuse exactly what they refuse). The fuzz targets (fuzz/) call it
// too, so that they test the path the commands take. Throws io::InputError.
models::Model load_runnable(const io::Document& document);

// --show names metrics; a name the model does not report is an error (with did-you-mean), not
// an empty table.
void check_shown_metrics(const std::vector<std::string>& show,
                         const std::vector<outputs::MetricId>& ids);

// The model's warnings on stderr.
void print_warnings(const models::Model& model);

// What replications of one model produced, in replication order whatever the threads did.
struct Replications {
  std::vector<std::vector<double>> values;  // values[r][m]
  std::string timeseries;                   // rows, without header
  std::vector<std::vector<double>> inputs;  // inputs[r][i]: the draw of Model::inputs[i]
};

// Runs replications `first` .. `first + count - 1` of `model` on `threads`. Throws Interrupted
// (interrupt.hpp) if a signal stops it: no more replications start, those running finish.
Replications run_all(const models::Model& model, unsigned threads, std::size_t first,
                     std::size_t count, const engine::ProgressCallback& progress);

}  // namespace jeugdsim::app
