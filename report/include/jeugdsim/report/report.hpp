#pragma once
// `jeugdsim report`: one self-contained HTML file (charts, summary in words, parameters, how to
// reproduce) from the output folders of run, compare and sweep. The file needs no network to
// open: the charting library (Vega-Lite) and the data are inlined (docs/report.md).

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "jeugdsim/outputs/comparison.hpp"
#include "jeugdsim/outputs/read_outputs.hpp"
#include "jeugdsim/outputs/sensitivity.hpp"
#include "jeugdsim/report/text.hpp"

namespace jeugdsim::report {

// Before a run with --report: the report draws youth_care results, so a scenario of another
// kind is refused (io::InputError naming its file) before anything runs or is written.
void check_reportable(const outputs::RunInfo& info);

// What `alternative` changes against `base` in the last year, in words: the sentences of the
// report's summary, which `compare` also prints. Empty when the rows have neither the
// out-of-home rate nor the cost (a network scenario). `drawn_from`: the base's
// RunInfo::drawn_from, which decides the interval the sentences report.
std::vector<std::string> comparison_sentences(const std::string& base,
                                              const std::string& alternative,
                                              const std::vector<outputs::ComparisonRow>& rows,
                                              std::string_view drawn_from, Language language);

// Which uncertain input drives whole-system `metric` (the out-of-home rate or the cost) in
// `year`, if any clearly does: the sentence of the report's summary, which `run --psa` also
// prints. `ranked`: outputs::strongest_first, not empty.
std::string driver_sentence(const std::string& scenario, std::string_view metric,
                            std::string_view year,
                            const std::vector<const outputs::SensitivityRow*>& ranked,
                            Language language);

// The page for `data`, in `language`.
std::string report_html(const outputs::ReportData& data, Language language);

// Reads `folders` and writes the report to `file` (atomically).
void write_report(const std::vector<std::filesystem::path>& folders, std::string_view language,
                  const std::filesystem::path& file);

}  // namespace jeugdsim::report
