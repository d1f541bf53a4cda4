#pragma once
// The files a command leaves in its output folder, each name stated once. Beside each, the
// header whose functions both write it and read it back (the report reads only through them).

#include <string_view>

namespace jeugdsim::outputs {

inline constexpr std::string_view kSummaryCsv = "summary.csv";        // results.hpp (run)
inline constexpr std::string_view kSummaryJson = "summary.json";      // results.hpp (run)
inline constexpr std::string_view kTimeseriesCsv = "timeseries.csv";  // the model's rows (run)
inline constexpr std::string_view kPsaCsv = "psa.csv";                // sensitivity.hpp (run --psa)
inline constexpr std::string_view kCohortCsv = "cohort.csv";          // cohort_output.hpp (cohort)
inline constexpr std::string_view kCompareCsv = "compare.csv";        // comparison.hpp (compare)
inline constexpr std::string_view kCompareJson = "compare.json";      // comparison.hpp (compare)
inline constexpr std::string_view kSweepCsv = "sweep.csv";            // sweep_output.hpp (sweep)
inline constexpr std::string_view kSweepJson = "sweep.json";          // sweep_output.hpp (sweep)
// A sweep's finished points until the whole sweep is written (app/sweep.cpp, --resume).
inline constexpr std::string_view kSweepPartialFolder = "sweep.partial";
inline constexpr std::string_view kPosteriorCsv = "posterior.csv";  // calibration.hpp (calibrate)
inline constexpr std::string_view kCalibrationJson = "calibration.json";  // calibration.hpp
// A calibration's finished rounds until it is whole (app/calibrate.cpp, --resume).
inline constexpr std::string_view kCalibrationPartialFolder = "calibration.partial";
inline constexpr std::string_view kReportHtml = "report.html";  // report/ (report, --report)

}  // namespace jeugdsim::outputs
