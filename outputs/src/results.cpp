#include "jeugdsim/outputs/results.hpp"

#include <cmath>
#include <stdexcept>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "jeugdsim/outputs/files.hpp"
#include "reading.hpp"

namespace jeugdsim::outputs {
namespace {

// JSON has no NaN: a value that could not be computed is null.
nlohmann::json json_number(double v) {
  return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr);
}

}  // namespace

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string format_number(double value) {
  if (!std::isfinite(value)) return "";
  if (value == 0.0) return "0";  // also turns -0 into 0
  return fmt::format("{:.10g}", value);
}

std::vector<SummaryRow> summarize_replications(const std::vector<MetricId>& metrics,
                                               const std::vector<std::vector<double>>& values) {
  std::vector<SummaryRow> rows;
  rows.reserve(metrics.size());
  std::vector<double> column(values.size());
  for (std::size_t m = 0; m < metrics.size(); ++m) {
    for (std::size_t r = 0; r < values.size(); ++r) {
      // A model bug, not the user's: every replication reports the same metrics.
      if (values[r].size() != metrics.size()) {
        throw std::logic_error("replication " + std::to_string(r) + " reported " +
                               std::to_string(values[r].size()) + " values for " +
                               std::to_string(metrics.size()) + " metrics");
      }
      column[r] = values[r][m];
    }
    rows.push_back(SummaryRow{metrics[m], engine::summarize(column)});
  }
  return rows;
}

std::string format_summary_rows(const std::string& leading, const std::vector<SummaryRow>& rows) {
  std::string out;
  for (const auto& row : rows) {
    const auto& s = row.summary;
    out += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n", leading,
                       csv_field(row.id.metric), csv_field(row.id.tier), csv_field(row.id.year),
                       format_number(s.mean), format_number(s.sd), format_number(s.ci_low),
                       format_number(s.ci_high), format_number(s.p025), format_number(s.p05),
                       format_number(s.p50), format_number(s.p95), format_number(s.p975), s.count);
  }
  return out;
}

std::string format_summary_csv(const RunInfo& info, const std::vector<SummaryRow>& rows) {
  return std::string("scenario,") + kSummaryColumns + "\n" +
         format_summary_rows(csv_field(info.scenario), rows);
}

std::string format_summary_json(const RunInfo& info, const std::vector<SummaryRow>& rows) {
  nlohmann::ordered_json doc;
  doc["scenario"] = info.scenario;
  doc["kind"] = info.kind;
  doc["source"] = info.source;
  doc["seed"] = info.seed;
  doc["replications"] = info.replications;
  doc["overrides"] = info.overrides;
  doc["inputs_drawn_from"] = info.drawn_from;
  doc["posterior"] = info.posterior.empty() ? nlohmann::ordered_json(nullptr)
                                            : nlohmann::ordered_json(info.posterior);
  doc["confidence"] = 0.95;
  doc["version"] = kVersion;
  auto& parameters = doc["parameters"] = nlohmann::ordered_json::object();
  for (const auto& [path, value] : info.parameters) parameters[path] = value;
  auto& observed = doc["observed"] = nlohmann::ordered_json::array();
  for (const auto& o : info.observed) {
    observed.push_back(nlohmann::ordered_json{
        {"metric", o.id.metric}, {"tier", o.id.tier}, {"year", o.id.year}, {"value", o.value}});
  }
  auto& metrics = doc["metrics"] = nlohmann::ordered_json::array();
  for (const auto& row : rows) {
    const auto& s = row.summary;
    metrics.push_back(nlohmann::ordered_json{{"metric", row.id.metric},
                                             {"tier", row.id.tier},
                                             {"year", row.id.year},
                                             {"mean", json_number(s.mean)},
                                             {"sd", json_number(s.sd)},
                                             {"ci_low", json_number(s.ci_low)},
                                             {"ci_high", json_number(s.ci_high)},
                                             {"p025", json_number(s.p025)},
                                             {"p05", json_number(s.p05)},
                                             {"p50", json_number(s.p50)},
                                             {"p95", json_number(s.p95)},
                                             {"p975", json_number(s.p975)},
                                             {"replications", s.count}});
  }
  return doc.dump(2) + "\n";
}

OutputFiles summary_files(const std::filesystem::path& folder, const RunInfo& info,
                          const std::vector<SummaryRow>& rows) {
  return {{folder / kSummaryCsv, format_summary_csv(info, rows)},
          {folder / kSummaryJson, format_summary_json(info, rows)}};
}

RunSummary read_summary_json(const std::filesystem::path& file) {
  using namespace reading;
  const Json doc = read_json(file);
  RunSummary result;
  RunInfo& info = result.info;
  info.scenario = value_of<std::string>(doc, "scenario", file);
  info.kind = value_of<std::string>(doc, "kind", file);
  require_youth_care(info.kind, info.scenario, file);
  info.source = value_of<std::string>(doc, "source", file);
  info.seed = value_of<std::uint64_t>(doc, "seed", file);
  info.replications = value_of<std::size_t>(doc, "replications", file);
  info.overrides = value_of<std::vector<std::string>>(doc, "overrides", file);
  info.drawn_from = value_of<std::string>(doc, "inputs_drawn_from", file);
  if (const auto& posterior = member(doc, "posterior", file); !posterior.is_null()) {
    info.posterior = value_of<std::string>(doc, "posterior", file);
  }
  info.parameters = parameters_of(doc, file);
  result.version = value_of<std::string>(doc, "version", file);
  for (const auto& o : member(doc, "observed", file)) {
    info.observed.push_back({{value_of<std::string>(o, "metric", file),
                              value_of<std::string>(o, "tier", file), year_of(o, file)},
                             value_of<double>(o, "value", file)});
  }
  for (const auto& m : member(doc, "metrics", file)) {
    engine::Summary s;
    s.mean = number_or_nan(member(m, "mean", file));
    s.sd = number_or_nan(member(m, "sd", file));
    s.ci_low = number_or_nan(member(m, "ci_low", file));
    s.ci_high = number_or_nan(member(m, "ci_high", file));
    s.p025 = number_or_nan(member(m, "p025", file));
    s.p05 = number_or_nan(member(m, "p05", file));
    s.p50 = number_or_nan(member(m, "p50", file));
    s.p95 = number_or_nan(member(m, "p95", file));
    s.p975 = number_or_nan(member(m, "p975", file));
    s.count = value_of<std::size_t>(m, "replications", file);
    result.rows.push_back({{value_of<std::string>(m, "metric", file),
                            value_of<std::string>(m, "tier", file), year_of(m, file)},
                           s});
  }
  return result;
}

}  // namespace jeugdsim::outputs
