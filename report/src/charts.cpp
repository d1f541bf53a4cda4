#include "charts.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include <fmt/format.h>

#include "sentences.hpp"

namespace jeugdsim::report {
namespace {

class Charts {
 public:
  Charts(const ReportData& data, Language language)
      : data_(data), language_(language), w_(words(language)) {}

  std::vector<Chart> all() {
    if (!data_.scenarios.empty()) {
      out_of_home();
      cost();
      per_tier(yc::TierMetric::kWaitMean);
      per_tier(yc::TierMetric::kWaitingListEnd);
    }
    differences(kRate, w_.rate_difference_pp, 1.0);
    differences(kCost, w_.cost_difference_mln, 1e-6);
    for (const auto& sweep : data_.sweeps) sweep_charts(sweep);
    for (const auto& s : data_.scenarios) drivers(s);
    return std::move(charts_);
  }

 private:
  Json band_spec(std::string_view y_title, bool zero) const {
    return Json{{"type", "band"},         {"x_title", w_.year},          {"x_format", "d"},
                {"y_title", y_title},     {"series_title", w_.scenario}, {"zero", zero},
                {"values", Json::array()}};
  }

  void out_of_home() {
    Json spec = band_spec(rate_title(), false);
    spec["observed_title"] = w_.observed;
    spec["observed"] = Json::array();
    for (const auto& s : data_.scenarios) {
      for (const auto& row : s.rows) {
        if (!is_whole(row.id, kRate)) continue;
        const auto year = number_in(row.id.year);
        if (!year) continue;
        const auto [lo, hi] = band(row.summary, s.info.drawn_from);
        spec["values"].push_back({{"series", s.info.scenario},
                                  {"x", *year},
                                  {"mean", json_number(row.summary.mean)},
                                  {"lo", json_number(lo)},
                                  {"hi", json_number(hi)}});
      }
      for (const auto& o : s.info.observed) {
        const auto year = number_in(o.id.year);
        if (o.id.metric != kRate || !year || is_alternative(data_, s.info.scenario)) continue;
        spec["observed"].push_back({{"series", s.info.scenario}, {"x", *year}, {"value", o.value}});
      }
    }
    add(w_.out_of_home, rate_title(), note(w_.rate_chart_note), std::move(spec));
  }

  void cost() {
    Json spec{{"type", "stacked"},          {"x_title", w_.year},
              {"y_title", w_.cost_mln},     {"series_title", w_.tier},
              {"facet_title", w_.scenario}, {"facets", data_.scenarios.size()},
              {"parts", Json::array()},     {"values", Json::array()}};
    std::vector<std::string> parts;
    const auto part_index = [&parts](const std::string& part) {
      const auto it = std::find(parts.begin(), parts.end(), part);
      if (it != parts.end()) return static_cast<std::size_t>(it - parts.begin());
      parts.push_back(part);
      return parts.size() - 1;
    };
    for (const auto& s : data_.scenarios) {
      std::map<std::string, double> tiers_total;  // per year: the sum of the tiers
      for (const auto& row : s.rows) {
        if (row.id.metric != kCost || row.id.tier.empty()) continue;
        const std::string part = tier_label(row.id.tier, language_);
        spec["values"].push_back({{"facet", s.info.scenario},
                                  {"x", row.id.year},
                                  {"part", part},
                                  {"order", part_index(part)},
                                  {"value", json_number(row.summary.mean, 1e-6)}});
        tiers_total[row.id.year] += row.summary.mean;
      }
      // The stack is the total: whatever of it is booked to no tier is shown as a part of its
      // own (youth care books every cost, admin overhead included, to a tier: none is shown).
      for (const auto& row : s.rows) {
        if (!is_whole(row.id, kCost) || tiers_total.count(row.id.year) == 0) continue;
        const double rest = row.summary.mean - tiers_total[row.id.year];
        if (!(std::abs(rest) > 1e-9 * std::abs(row.summary.mean))) continue;  // rounding only
        const std::string part(w_.other_cost);
        spec["values"].push_back({{"facet", s.info.scenario},
                                  {"x", row.id.year},
                                  {"part", part},
                                  {"order", part_index(part)},
                                  {"value", json_number(rest, 1e-6)}});
      }
    }
    spec["parts"] = parts;
    add(w_.cost, w_.cost_mln, std::string(w_.cost_chart_note), std::move(spec));
  }

  std::string_view rate_title() const {
    return metric_label(yc::info(yc::SystemMetric::kOutOfHomeRatePct), language_);
  }

  void per_tier(yc::TierMetric which) {
    const std::string_view metric = yc::info(which).id;
    const std::string_view title = metric_label(yc::info(which), language_);
    Json spec = band_spec(title, true);
    spec["series_title"] = w_.tier;
    spec["facets"] = data_.scenarios.size();
    for (const auto& s : data_.scenarios) {
      for (const auto& row : s.rows) {
        const auto year = number_in(row.id.year);
        if (row.id.metric != metric || row.id.tier.empty() || !year) continue;
        const auto [lo, hi] = band(row.summary, s.info.drawn_from);
        spec["values"].push_back({{"facet", s.info.scenario},
                                  {"series", tier_label(row.id.tier, language_)},
                                  {"x", *year},
                                  {"mean", json_number(row.summary.mean)},
                                  {"lo", json_number(lo)},
                                  {"hi", json_number(hi)}});
      }
    }
    if (!spec["values"].empty()) {
      add(w_.waiting, title, note(w_.waiting_chart_note), std::move(spec));
    }
  }

  void differences(std::string_view metric, std::string_view title, double scale) {
    Json spec{{"type", "difference"},
              {"x_title", w_.year},
              {"y_title", title},
              {"series_title", w_.alternative},
              {"values", Json::array()}};
    std::set<std::string> bases;
    for (const auto& d : data_.differences) bases.insert(d.base);
    for (const auto& d : data_.differences) {
      if (!is_whole(d.row.id, metric)) continue;
      // With one base the alternative's name says it all; with several, the pair.
      const std::string series = bases.size() == 1 ? d.alternative : d.alternative + " - " + d.base;
      const auto [lo, hi] = band(d.row.difference, drawn_from(data_, d.base));
      spec["values"].push_back({{"series", series},
                                {"x", d.row.id.year},
                                {"mean", json_number(d.row.difference.mean, scale)},
                                {"lo", json_number(lo, scale)},
                                {"hi", json_number(hi, scale)}});
    }
    const bool paired = std::all_of(data_.differences.begin(), data_.differences.end(),
                                    [](const Difference& d) { return d.paired; });
    if (!spec["values"].empty()) {
      add(w_.differences, title,
          note(paired ? w_.difference_chart_note : w_.independent_chart_note), std::move(spec));
    }
  }

  // One line per combination of the other swept values over the first numeric swept path,
  // in the last year, for the out-of-home rate and the cost.
  void sweep_charts(const SweepResult& sweep) {
    std::optional<std::size_t> x_path;
    for (std::size_t i = 0; i < sweep.swept.size() && !x_path; ++i) {
      std::set<std::string> values;
      bool numeric = true;
      for (const auto& row : sweep.rows) {
        values.insert(row.values[i]);
        numeric = numeric && number_in(row.values[i]).has_value();
      }
      if (numeric && values.size() > 1) x_path = i;
    }
    const std::string year = last_year(sweep);
    for (const auto& [metric, title, scale] :
         {std::tuple{kRate, rate_title(), 1.0}, std::tuple{kCost, w_.cost_mln, 1e-6}}) {
      // Over a number: lines with bands. Over names only (policy): a mean with its interval
      // per point, which a line through single points would hide.
      Json spec = x_path ? band_spec(title, false)
                         : Json{{"type", "difference"},
                                {"zero_rule", false},
                                {"y_title", title},
                                {"values", Json::array()}};
      spec["x_title"] = x_path ? sweep.swept[*x_path] : std::string(w_.point);
      spec["x_format"] = "~g";
      spec["series_title"] = "";
      for (const auto& row : sweep.rows) {
        if (!is_whole(row.row.id, metric) || row.row.id.year != year) continue;
        std::vector<std::string> others;
        for (std::size_t i = 0; i < sweep.swept.size(); ++i) {
          if (!x_path || i != *x_path) others.push_back(sweep.swept[i] + " = " + row.values[i]);
        }
        const std::string named =
            others.empty() ? sweep.name : fmt::format("{}", fmt::join(others, ", "));
        spec["values"].push_back(
            {{"series", x_path ? named : sweep.name},
             {"x", x_path ? Json(*number_in(row.values[*x_path])) : Json(named)},
             {"mean", json_number(row.row.summary.mean, scale)},
             {"lo", json_number(band(row.row.summary, sweep.drawn_from).first, scale)},
             {"hi", json_number(band(row.row.summary, sweep.drawn_from).second, scale)}});
      }
      if (spec["values"].empty()) continue;
      add(std::string(w_.sweeps) + ": " + sweep.name, title,
          fmt::format(fmt::runtime(w_.sweep_chart_note), year) +
              (sweep.drawn_from.empty() ? "" : std::string(w_.runs_band_note)),
          std::move(spec));
    }
  }

  void drivers(const ScenarioResult& s) {
    if (s.psa.empty()) return;
    const std::string year = last_year(s.rows);
    Json spec{{"type", "bars"},
              {"x_title", w_.rank_correlation},
              {"series_title", w_.input},
              {"values", Json::array()}};
    std::size_t facets = 0, inputs = 0;
    for (const std::string_view metric : {kCost, kRate}) {
      const auto rows = ranked_inputs(s.psa, metric, year);
      if (rows.empty()) continue;
      ++facets;
      inputs = std::max(inputs, rows.size());
      for (std::size_t i = 0; i < rows.size(); ++i) {
        const auto& c = rows[i]->correlation;
        spec["values"].push_back({{"facet", metric == kRate ? w_.rate_name : w_.cost_name},
                                  {"label", rows[i]->input},
                                  {"value", *c.spearman},
                                  {"lo", c.interval ? Json(c.interval->low) : Json(nullptr)},
                                  {"hi", c.interval ? Json(c.interval->high) : Json(nullptr)}});
      }
    }
    if (facets == 0) return;
    spec["facets"] = facets;
    spec["rows_per_facet"] = inputs;
    add(w_.drivers, s.info.scenario, fmt::format(fmt::runtime(w_.drivers_chart_note), year),
        std::move(spec));
  }

  // A chart's note, and when some runs drew their inputs, what its band then holds.
  [[nodiscard]] std::string note(std::string_view text) const {
    const bool drawn = std::any_of(data_.scenarios.begin(), data_.scenarios.end(),
                                   [](const auto& s) { return !s.info.drawn_from.empty(); });
    return std::string(text) + (drawn ? std::string(w_.runs_band_note) : "");
  }

  void add(std::string_view heading, std::string_view title, std::string note, Json spec) {
    charts_.push_back({std::string(heading), std::string(title), std::move(note), std::move(spec)});
  }

  const ReportData& data_;
  Language language_;
  const Words& w_;
  std::vector<Chart> charts_;
};

}  // namespace

std::vector<Chart> charts_of(const ReportData& data, Language language) {
  return Charts(data, language).all();
}

}  // namespace jeugdsim::report
