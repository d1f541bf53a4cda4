#pragma once
// Any scenario, whatever its `kind`, as the runner and the CLI need it: what it is, which
// metrics it reports, and a function that simulates replication r. The function is called once
// per replication (never per event), so it may be a std::function.

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "jeugdsim/engine/distribution.hpp"
#include "jeugdsim/io/document.hpp"
#include "jeugdsim/outputs/calibration.hpp"
#include "jeugdsim/outputs/cohort_output.hpp"
#include "jeugdsim/outputs/results.hpp"

namespace jeugdsim::models {

struct ReplicationOutput {
  std::vector<double> values;  // values[m] for Model::metrics[m]
  std::string timeseries;      // rows for timeseries.csv (without header), or empty
  std::vector<double> inputs;  // inputs[i]: what this replication drew for Model::inputs[i]
};

// An expected value computed without simulation (the youth-care cohort model; cohort.csv).
using outputs::ExpectedValue;

// What one replication holds in memory at its largest, estimated from the scenario before any
// runs (an upper bound), and what drives it, so that a run that cannot fit is refused before it
// starts (app/limits.hpp).
struct Footprint {
  double bytes = 0.0;
  std::string location;  // the value that drives it, as errors name places
  std::string what;      // how it comes about, for the message
};

// A figure seen in reality that a replication can be held against (`calibrate`): the mean of
// some of the replication's values, observed with a normal error of standard deviation `sd`.
struct Target {
  std::string label;                // "out_of_home_rate_pct 2017", "wait_mean specialist 2016-2018"
  std::vector<std::size_t> values;  // indices into ReplicationOutput::values, averaged
  double value = 0.0;
  double sd = 0.0;
  std::string location;  // where the file states it
};

// An uncertain input's distribution, as `calibrate` takes it: its prior.
struct Prior {
  engine::Distribution distribution;
  std::string location;  // of its entry under `uncertain:`
};

struct Model {
  outputs::RunInfo info;
  std::vector<outputs::MetricId> metrics;
  // The whole-system metrics a reader looks at first: printed with their interval, per sweep
  // point and in the sensitivity analysis (youth care: kHeadlineMetrics, metrics.hpp). Empty: the
  // kind has none, and every whole-system metric is shown alike.
  std::vector<std::string> headline;
  // The uncertain inputs, drawn once per replication (youth care's `uncertain:` paths); empty
  // when the scenario has none.
  std::vector<std::string> inputs;
  // Safe to call concurrently for different replications.
  std::function<ReplicationOutput(std::size_t replication)> simulate;
  // What `calibrate` fits and varies (empty when the kind has none): the observed figures, the
  // priors of the uncertain inputs (priors[i] of inputs[i]), and replication r with the inputs
  // at given values instead of drawn (an io::InputError where a value is not valid there).
  std::vector<Target> targets;
  std::vector<Prior> priors;
  std::function<ReplicationOutput(const std::vector<double>& inputs, std::size_t replication)>
      simulate_at;
  // Optional: what a cheaper model expects at the inputs, by metric as `metrics` lists them (NaN
  // where it gives nothing), for `calibrate`'s pre-screen (youth care: the cohort model).
  std::function<std::vector<double>(const std::vector<double>& inputs)> expected_at;
  std::string timeseries_header;         // header of timeseries.csv; empty: the kind writes none
  std::size_t timeseries_rows = 0;       // rows of timeseries.csv per replication
  std::size_t timeseries_row_bytes = 0;  // ... and the bytes of one at its longest
  Footprint footprint;
  std::vector<std::string> warnings;  // "LOCATION: warning: ..." lines
  std::string outline;                // one line on what the scenario contains, for `validate`
  // Optional abilities of a kind (empty when it does not have them):
  std::function<std::string()> pathway_dot;              // `validate --dot`
  std::function<std::vector<ExpectedValue>()> expected;  // `cohort`
};

// `model` with each replication's uncertain inputs taken from `posterior` (a posterior.csv of
// `calibrate`, read from `file`) instead of drawn from the priors: replication r takes parameter
// set i with probability weight[i], from a stream keyed by (seed, r) alone, so that scenarios
// compared with the same seed take the same set in the same replication (their differences
// stay paired). Throws io::InputError naming `file` if its inputs are not the scenario's.
void use_posterior(Model& model, const outputs::Posterior& posterior, const std::string& file);

// The kinds of scenario this build knows.
const std::vector<std::string>& known_kinds();

// Reads `kind` and hands the document to that model's loader. Throws io::InputError.
Model load_model(const io::Document& document);

}  // namespace jeugdsim::models
