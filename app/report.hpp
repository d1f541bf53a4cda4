#pragma once
// `jeugdsim report`: one self-contained HTML file (charts, summary in words, parameters, how to
// reproduce) from the output folders of run, compare and sweep. The file needs no network to
// open: the charting library (Vega-Lite) and the data are inlined (docs/report.md).

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "commands.hpp"
#include "jeugdsim/outputs/read_outputs.hpp"
#include "report_text.hpp"

namespace jeugdsim::app {

struct ReportOptions {
  std::vector<std::string> folders;
  std::string language = "en";
  std::string out;  // default: report.html in the first folder
};

int report_command(const ReportOptions& options);

// Before a run with --report: the report draws youth_care results, so a scenario of another
// kind is refused (io::InputError naming its file) before anything runs or is written.
void check_reportable(const ReportRequest& request, const outputs::RunInfo& info);

// What `alternative` changes against `base` in the last year, in words: the sentences of the
// report's summary, which `compare` also prints. Empty when the rows have neither the
// out-of-home rate nor the cost (a network scenario).
std::vector<std::string> comparison_sentences(const std::string& base,
                                              const std::string& alternative,
                                              const std::vector<outputs::ComparisonRow>& rows,
                                              Language language);

// The page for `data`, in `language`.
std::string report_html(const outputs::ReportData& data, Language language);

// Reads `folders` and writes the report to `file` (atomically).
void write_report(const std::vector<std::filesystem::path>& folders, std::string_view language,
                  const std::filesystem::path& file);

}  // namespace jeugdsim::app
