#pragma once
// What the commands print: the results as tables a person reads (the files hold the full
// precision), the note on results without a value, and replications run with a progress bar.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "jeugdsim/models/model.hpp"
#include "jeugdsim/outputs/results.hpp"
#include "progress.hpp"
#include "scenario_runs.hpp"

namespace jeugdsim::app {

// Under a table of a run whose replications draw their inputs (the priors or a posterior): which
// uncertainty each of its two intervals holds, in words.
std::string intervals_note(const outputs::RunInfo& info);

// Results per calendar year: one row per metric, one column per year; the headline metrics
// get a row with their 95% interval, and observed figures a row of their own.
void print_yearly_table(const outputs::RunInfo& info, const std::vector<outputs::SummaryRow>& rows,
                        const std::vector<std::string>& headline);

// A readable table: one line per metric, grouped by tier, with the 95% interval; or, for
// results per calendar year, one column per year.
void print_table(const outputs::RunInfo& info, const std::vector<outputs::SummaryRow>& rows,
                 const std::vector<std::string>& headline, unsigned threads);

// A metric a replication could not compute (an average over nobody) is left out of the summary,
// never counted as 0. Said under the table, so that an empty cell is read as what it is.
std::optional<std::string> missing_values_note(const std::vector<outputs::SummaryRow>& rows,
                                               std::size_t replications,
                                               const std::string& scenario = "");

// The rows of the metrics --show names (all if it names none).
std::vector<outputs::SummaryRow> shown(const std::vector<outputs::SummaryRow>& rows,
                                       const std::vector<std::string>& show);

// Runs all replications of `model` from replication `first` on, as replications `offset` on of
// the `total` that `progress` follows.
Replications run_with_progress(const models::Model& model, unsigned threads, Progress& progress,
                               std::size_t offset, std::size_t total, std::size_t first = 0);

}  // namespace jeugdsim::app
