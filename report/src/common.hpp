#pragma once
// What the report's sources share: the metrics it is about, and small helpers over the results.
// Internal to report/.

#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "jeugdsim/models/youth_care/metrics.hpp"
#include "jeugdsim/outputs/read_outputs.hpp"

namespace jeugdsim::report {

using Json = nlohmann::ordered_json;

namespace yc = models::youth_care;
using outputs::Difference;
using outputs::ReportData;
using outputs::ScenarioResult;
using outputs::SweepResult;
using outputs::SweepRow;
// The two whole-system metrics the report charts and words are about (metrics.hpp).
inline constexpr std::string_view kRate = yc::info(yc::SystemMetric::kOutOfHomeRatePct).id;
inline constexpr std::string_view kCost = yc::info(yc::SystemMetric::kCostEur).id;

// ---- small helpers ------------------------------------------------------------------------

inline std::string escaped(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

inline std::optional<double> number_in(std::string_view text) {
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

// JSON has no NaN: a value that could not be computed is null (a gap in a chart).
inline Json json_number(double v, double scale = 1.0) {
  return std::isfinite(v) ? Json(v * scale) : Json(nullptr);
}

inline bool is_whole(const outputs::MetricId& id, std::string_view metric) {
  return id.metric == metric && id.tier.empty();
}

// The later of two calendar years ("" for none; a year that is not a number, such as "all",
// never wins).
inline std::string later_year(const std::string& a, const std::string& b) {
  const auto x = number_in(a), y = number_in(b);
  if (!y) return a;
  return !x || *y > *x ? b : a;
}

// The last calendar year the rows report.
inline std::string last_year(const std::vector<outputs::SummaryRow>& rows) {
  std::string last;
  for (const auto& row : rows) last = later_year(last, row.id.year);
  return last;
}

inline std::string last_year(const SweepResult& sweep) {
  std::string last;
  for (const auto& row : sweep.rows) last = later_year(last, row.row.id.year);
  return last;
}

inline const outputs::SummaryRow* find_row(const std::vector<outputs::SummaryRow>& rows,
                                           std::string_view metric, std::string_view year) {
  for (const auto& row : rows) {
    if (is_whole(row.id, metric) && row.id.year == year) return &row;
  }
  return nullptr;
}

// What the replications of scenario `name` drew their inputs from (RunInfo::drawn_from); ""
// if the report has no summary of it.
inline std::string drawn_from(const ReportData& data, const std::string& name) {
  for (const auto& s : data.scenarios) {
    if (s.info.scenario == name) return s.info.drawn_from;
  }
  return "";
}

// The band a chart draws around a mean: where 95% of the runs fell when they drew their inputs
// (what we do not know, and chance), else the interval of the mean (Sentences::reported says
// the same in words).
inline std::pair<double, double> band(const engine::Summary& s, std::string_view drawn) {
  return drawn.empty() ? std::pair{s.ci_low, s.ci_high} : std::pair{s.p025, s.p975};
}

// Observed figures are reality, which bases and single runs stand for; an alternative is what
// might have been, so its sentences and charts do not hold the observations against it.
inline bool is_alternative(const ReportData& data, const std::string& scenario) {
  return std::any_of(data.differences.begin(), data.differences.end(),
                     [&scenario](const Difference& d) { return d.alternative == scenario; });
}

// The uncertain inputs with a correlation with `metric` in `year`, strongest first
// (outputs::strongest_first, without those whose correlation is undefined).
inline std::vector<const outputs::SensitivityRow*> ranked_inputs(
    const std::vector<outputs::SensitivityRow>& psa, std::string_view metric,
    std::string_view year) {
  auto rows = outputs::strongest_first(psa, metric, year);
  rows.erase(std::find_if(rows.begin(), rows.end(),
                          [](const auto* row) { return !row->correlation.spearman; }),
             rows.end());
  return rows;
}

}  // namespace jeugdsim::report
