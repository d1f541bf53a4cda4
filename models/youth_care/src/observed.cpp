#include "observed.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <regex>

#include <fmt/format.h>

#include "jeugdsim/io/did_you_mean.hpp"
#include "jeugdsim/models/youth_care/metrics.hpp"
#include "jeugdsim/models/youth_care/tiers.hpp"

namespace jeugdsim::models::youth_care {
namespace {

using io::ValueReader;

template <class Table>
bool listed(const Table& table, const std::string& id) {
  return std::any_of(table.begin(), table.end(), [&id](const auto& row) { return row.id == id; });
}

std::vector<std::string> observable_metrics() {
  std::vector<std::string> ids;
  for (const auto& m : kSystemMetrics) ids.emplace_back(m.id);
  for (const auto& m : kTierMetrics) {
    if (!listed(kSystemMetrics, std::string(m.id))) ids.emplace_back(m.id);
  }
  return ids;
}

// "2017" or "2016-2018": the years a figure covers; none if the key is not a year.
std::optional<std::pair<int, int>> years_of(const ValueReader& key) {
  static const std::regex kYears(R"(([0-9]{4})(?:-([0-9]{4}))?)");
  std::smatch match;
  const std::string text = key.node().Scalar();
  if (!std::regex_match(text, match, kYears)) return std::nullopt;
  const int first = std::stoi(match[1]);
  const int last = match[2].matched ? std::stoi(match[2]) : first;
  if (first < 1900 || last > 2200 || last < first) {
    key.fail(
        fmt::format("'{}' must be a year from 1900 to 2200, or FIRST-LAST with FIRST before "
                    "LAST",
                    text));
  }
  return std::pair{first, last};
}

// number | {value, sd} | {low, high}: the figure and its standard deviation.
std::pair<double, double> value_and_sd(const ValueReader& v) {
  if (!v.is_map()) {
    const double value = v.as_number();
    // The default error is relative, so a figure of 0 would be observed without error: no
    // simulation could meet it.
    if (value == 0.0) v.fail("a figure of 0 needs its own uncertainty: write {value: 0, sd: S}");
    return {value, kDefaultObservedRelativeSd * std::abs(value)};
  }
  const io::MapReader m = v.as_map({"value", "sd", "low", "high"});
  if (m.has("value") || m.has("sd")) {
    if (m.has("low") || m.has("high")) {
      m.fail("give either {value, sd} or {low, high}, not both");
    }
    return {m.required("value").as_number(), m.required("sd").as_positive_number()};
  }
  if (!m.has("low") && !m.has("high")) m.fail("expected {value: X, sd: S} or {low: L, high: H}");
  const double low = m.required("low").as_number();
  const ValueReader high_reader = m.required("high");
  const double high = high_reader.as_number();
  if (!(high > low)) high_reader.fail(fmt::format("'high' must be above 'low' ({:g})", low));
  // A 95% interval of a normal error: the middle, and a quarter of the width (2 x 1.96 sd).
  return {0.5 * (low + high), (high - low) / (2.0 * 1.959963984540054)};
}

}  // namespace

std::vector<ObservedFigure> read_observed(const ValueReader& observed, int first, int last,
                                          std::vector<std::string>& warnings) {
  static const std::vector<std::string> kMetrics = observable_metrics();
  std::vector<std::string> tier_ids;
  for (const auto& t : kTiers) tier_ids.emplace_back(t.id);

  std::vector<ObservedFigure> figures;
  const auto add = [&](const std::string& metric, const std::string& tier, const ValueReader& key,
                       std::pair<int, int> years, const ValueReader& value) {
    const auto [figure, sd] = value_and_sd(value);
    if (years.first < first || years.second > last) {
      // Any year is a valid observation; one outside the run (e.g. after --set years=2) is
      // kept out of the comparison, and the user told so.
      warnings.push_back(key.location() +
                         fmt::format(": warning: observed {}{} of {} is not compared: the run "
                                     "reports {}-{}",
                                     metric, tier.empty() ? "" : " of " + tier, key.node().Scalar(),
                                     first, last));
      return;
    }
    figures.push_back(
        ObservedFigure{metric, tier, years.first, years.second, figure, sd, key.location()});
  };

  for (const auto& [metric_key, entries] : observed.as_entries()) {
    const std::string metric = metric_key.node().Scalar();
    if (std::find(kMetrics.begin(), kMetrics.end(), metric) == kMetrics.end()) {
      metric_key.fail("unknown observed metric '" + metric + "'" +
                      io::did_you_mean(metric, kMetrics));
    }
    const bool of_system = listed(kSystemMetrics, metric);
    const bool of_tier = listed(kTierMetrics, metric);
    for (const auto& [key, value] : entries.as_entries()) {
      if (const auto years = years_of(key)) {
        if (!of_system) {
          key.fail(
              fmt::format("'{}' is a metric of a tier: write observed.{}.<tier>.<year> "
                          "(tiers: {})",
                          metric, metric, io::quoted_list(tier_ids)));
        }
        add(metric, "", key, *years, value);
        continue;
      }
      const std::string tier = key.node().Scalar();
      if (!of_tier) {
        key.fail(
            fmt::format("expected a year (2017) or a range of years (2016-2018), not '{}': "
                        "'{}' is a metric of the whole system",
                        tier, metric));
      }
      if (std::find(tier_ids.begin(), tier_ids.end(), tier) == tier_ids.end()) {
        key.fail(fmt::format("expected a year, a range of years or a tier ({}), not '{}'{}",
                             io::quoted_list(tier_ids), tier, io::did_you_mean(tier, tier_ids)));
      }
      for (const auto& [year_key, year_value] : value.as_entries()) {
        const auto years = years_of(year_key);
        if (!years) {
          year_key.fail(
              fmt::format("expected a year (2017) or a range of years (2016-2018), "
                          "not '{}'",
                          year_key.node().Scalar()));
        }
        add(metric, tier, year_key, *years, year_value);
      }
    }
  }
  return figures;
}

}  // namespace jeugdsim::models::youth_care
