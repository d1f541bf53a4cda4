#pragma once
// Which uncertain inputs drive the spread of the results (`run --psa`): across replications,
// the rank correlation of each input's draws with each whole-system metric, and the writer of
// psa.csv. An input whose draws rise and fall with a metric explains much of that metric's
// spread; measuring it better narrows the results most (docs/compare.md). psa.csv is written
// and read back here.

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "jeugdsim/engine/rank_correlation.hpp"
#include "jeugdsim/outputs/results.hpp"

namespace jeugdsim::outputs {

struct SensitivityRow {
  std::string input;  // the uncertain input's path, e.g. "tiers.poh.caseload_per_fte"
  MetricId id;        // a whole-system metric (empty tier) in one year
  engine::RankCorrelation correlation;
};

// One row per input x whole-system metric: inputs in their order, and for each the metrics in
// theirs. inputs[r][i] is what replication r drew for input_names[i]; values[r][m] is its
// metric m. Both hold the same replications, in the same order.
std::vector<SensitivityRow> rank_inputs(const std::vector<std::string>& input_names,
                                        const std::vector<std::vector<double>>& inputs,
                                        const std::vector<MetricId>& metrics,
                                        const std::vector<std::vector<double>>& values);

// Header, then one line per row, exactly:
// input,metric,tier,year,spearman,ci_low,ci_high,replications
// A correlation or interval that is undefined is an empty cell, never 0 or NaN.
std::string format_sensitivity_csv(const std::vector<SensitivityRow>& rows);

// psa.csv read back (files.hpp); throws io::InputError naming the file and row if it is not as
// format_sensitivity_csv writes it.
std::vector<SensitivityRow> read_sensitivity_csv(const std::filesystem::path& file);

// The one ranking of the inputs: the rows of whole-system `metric` in `year`, the inputs that
// follow it most closely first (by |Spearman|), those whose correlation is undefined last, the
// inputs' own order among equals. The result points into `rows`, so a temporary is refused.
std::vector<const SensitivityRow*> strongest_first(const std::vector<SensitivityRow>& rows,
                                                   std::string_view metric, std::string_view year);
std::vector<const SensitivityRow*> strongest_first(std::vector<SensitivityRow>&& rows,
                                                   std::string_view metric,
                                                   std::string_view year) = delete;

}  // namespace jeugdsim::outputs
