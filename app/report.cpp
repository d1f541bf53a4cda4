#include "report.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string_view>
#include <tuple>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "jeugdsim/outputs/atomic_file.hpp"
#include "jeugdsim/io/input_error.hpp"
#include "report_assets.hpp"

namespace jeugdsim::app {
namespace {

using Json = nlohmann::ordered_json;

namespace yc = models::youth_care;
using outputs::Difference;
using outputs::ReportData;
using outputs::ScenarioResult;
using outputs::SweepResult;
using outputs::SweepRow;
// The two whole-system metrics the report charts and words are about (metrics.hpp).
constexpr std::string_view kRate = yc::info(yc::SystemMetric::kOutOfHomeRatePct).id;
constexpr std::string_view kCost = yc::info(yc::SystemMetric::kCostEur).id;

// ---- small helpers ------------------------------------------------------------------------

std::string escaped(std::string_view text) {
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

std::optional<double> number_in(std::string_view text) {
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

// JSON has no NaN: a value that could not be computed is null (a gap in a chart).
Json json_number(double v, double scale = 1.0) {
  return std::isfinite(v) ? Json(v * scale) : Json(nullptr);
}

bool is_whole(const outputs::MetricId& id, std::string_view metric) {
  return id.metric == metric && id.tier.empty();
}

// The later of two calendar years ("" for none; a year that is not a number, such as "all",
// never wins).
std::string later_year(const std::string& a, const std::string& b) {
  const auto x = number_in(a), y = number_in(b);
  if (!y) return a;
  return !x || *y > *x ? b : a;
}

// The last calendar year the rows report.
std::string last_year(const std::vector<outputs::SummaryRow>& rows) {
  std::string last;
  for (const auto& row : rows) last = later_year(last, row.id.year);
  return last;
}

std::string last_year(const SweepResult& sweep) {
  std::string last;
  for (const auto& row : sweep.rows) last = later_year(last, row.row.id.year);
  return last;
}

const outputs::SummaryRow* find_row(const std::vector<outputs::SummaryRow>& rows, std::string_view metric,
                               std::string_view year) {
  for (const auto& row : rows) {
    if (is_whole(row.id, metric) && row.id.year == year) return &row;
  }
  return nullptr;
}

bool interval_holds_zero(const engine::Summary& s) {
  return !(s.ci_low > 0 || s.ci_high < 0);  // also when the interval is unknown (NaN)
}

// Observed figures are reality, which bases and single runs stand for; an alternative is what
// might have been, so its sentences and charts do not hold the observations against it.
bool is_alternative(const ReportData& data, const std::string& scenario) {
  return std::any_of(data.differences.begin(), data.differences.end(),
                     [&scenario](const Difference& d) { return d.alternative == scenario; });
}

// ---- the summary in words ------------------------------------------------------------------

class Sentences {
 public:
  explicit Sentences(Language language) : language_(language), w_(words(language)) {}

  // "95%: 1.49% to 1.56%", each end written by `text`; an interval that could not be computed
  // (one replication) is said to be unknown rather than printed as nan.
  using Format = std::string (Sentences::*)(double) const;
  [[nodiscard]] std::string interval(double low, double high, Format text) const {
    if (!std::isfinite(low) || !std::isfinite(high)) return std::string(w_.no_interval);
    return fmt::format(fmt::runtime(w_.interval), (this->*text)(low), (this->*text)(high));
  }
  [[nodiscard]] std::string percent(double x) const { return percent_text(x, language_); }
  [[nodiscard]] std::string money(double x) const { return money_text(x, language_); }
  [[nodiscard]] std::string points(double x) const { return signed_points_text(x, language_); }
  [[nodiscard]] std::string correlation(double x) const { return number_text(x, 2, language_); }

  // "Assen: in 2021 an out-of-home rate of 1.93% (95%: ...) and a total cost of EUR 21.3 million".
  [[nodiscard]] std::optional<std::string> projection(const ScenarioResult& s) const {
    const std::string year = last_year(s.rows);
    const auto* rate = find_row(s.rows, kRate, year);
    const auto* cost = find_row(s.rows, kCost, year);
    if (rate == nullptr || cost == nullptr) return std::nullopt;
    return fmt::format(fmt::runtime(w_.projection), s.info.scenario, year,
                       percent(rate->summary.mean),
                       interval(rate->summary.ci_low, rate->summary.ci_high, &Sentences::percent),
                       money(cost->summary.mean),
                       interval(cost->summary.ci_low, cost->summary.ci_high, &Sentences::money));
  }

  // The observed figures of the scenario file against the simulated means of the same years.
  [[nodiscard]] std::optional<std::string> observed(const ScenarioResult& s) const {
    std::vector<std::string> items;
    for (const auto& o : s.info.observed) {
      const outputs::SummaryRow* row = nullptr;
      for (const auto& r : s.rows) {
        if (r.id.metric == o.id.metric && r.id.tier == o.id.tier && r.id.year == o.id.year)
          row = &r;
      }
      if (row == nullptr || o.id.metric != kRate) continue;
      items.push_back(fmt::format(fmt::runtime(w_.observed_item), percent(o.value), o.id.year,
                                  percent(row->summary.mean)));
    }
    if (items.empty()) return std::nullopt;
    return fmt::format(fmt::runtime(w_.observed_against), s.info.scenario, fmt::join(items, "; "));
  }

  // What the alternative changes in the last year: the out-of-home rate, then the cost.
  [[nodiscard]] std::vector<std::string> comparison(const std::vector<Difference>& differences,
                                                    const std::string& base,
                                                    const std::string& alternative) const {
    std::string year;
    for (const auto& d : differences) {
      if (d.base == base && d.alternative == alternative) year = later_year(year, d.row.id.year);
    }
    const Difference* rate = nullptr;
    const Difference* cost = nullptr;
    for (const auto& d : differences) {
      if (d.base != base || d.alternative != alternative || d.row.id.year != year) continue;
      if (is_whole(d.row.id, kRate)) rate = &d;
      if (is_whole(d.row.id, kCost)) cost = &d;
    }
    std::vector<std::string> out;
    if (rate != nullptr) {
      const auto& r = rate->row;
      const bool clear = !interval_holds_zero(r.difference);
      out.push_back(fmt::format(
          fmt::runtime(clear ? w_.rate_change : w_.rate_same), alternative,
          r.difference.mean < 0 ? w_.lowers : w_.raises, r.id.year, percent(r.base_mean),
          percent(r.alt_mean), points(r.difference.mean), w_.percentage_points,
          interval(r.difference.ci_low, r.difference.ci_high, &Sentences::points)));
    }
    if (cost != nullptr) {
      const auto& c = cost->row.difference;
      const bool clear = !interval_holds_zero(c);
      const bool saves = c.mean < 0;
      // A saving is said as a positive amount, its interval turned round with it.
      const double sign = clear && saves ? -1.0 : 1.0;
      const double low = clear && saves ? -c.ci_high : c.ci_low;
      const double high = clear && saves ? -c.ci_low : c.ci_high;
      out.push_back(fmt::format(fmt::runtime(!clear  ? w_.cost_same
                                             : saves ? w_.cost_saves
                                                     : w_.cost_costs),
                                alternative, money(sign * c.mean), cost->row.id.year, base,
                                interval(low, high, &Sentences::money)));
    }
    return out;
  }

  [[nodiscard]] std::string sweep_best(const SweepResult& sweep, std::string_view metric,
                                       std::string_view year, const SweepRow& best) const {
    std::vector<std::string> point;
    for (std::size_t i = 0; i < sweep.swept.size(); ++i) {
      point.push_back(sweep.swept[i] + " = " + best.values[i]);
    }
    const double mean = best.row.summary.mean;
    return fmt::format(fmt::runtime(w_.sweep_best), sweep.name, year,
                       metric == kRate ? w_.lowest_rate : w_.lowest_cost, fmt::join(point, ", "),
                       metric == kRate ? percent(mean) : money(mean));
  }

  // The input that drives `metric` most (ranked strongest first), if its interval says so.
  [[nodiscard]] std::string driver(const std::string& scenario, std::string_view metric,
                                   std::string_view year,
                                   const std::vector<const outputs::SensitivityRow*>& ranked) const {
    const std::string_view name = metric == kRate ? w_.rate_name : w_.cost_name;
    const auto& c = ranked.front()->correlation;
    if (!c.interval || (c.interval->low <= 0 && c.interval->high >= 0)) {
      return fmt::format(fmt::runtime(w_.no_driver), scenario, name, year);
    }
    return fmt::format(fmt::runtime(w_.driver), scenario, name, year, ranked.front()->input,
                       correlation(*c.spearman),
                       interval(c.interval->low, c.interval->high, &Sentences::correlation));
  }

 private:
  Language language_;
  const Words& w_;
};

// The uncertain inputs with a correlation with `metric` in `year`, strongest first.
std::vector<const outputs::SensitivityRow*> ranked_inputs(const std::vector<outputs::SensitivityRow>& psa,
                                                     std::string_view metric,
                                                     std::string_view year) {
  std::vector<const outputs::SensitivityRow*> rows;
  for (const auto& row : psa) {
    if (is_whole(row.id, metric) && row.id.year == year && row.correlation.spearman) {
      rows.push_back(&row);
    }
  }
  std::stable_sort(rows.begin(), rows.end(), [](const auto* a, const auto* b) {
    return std::abs(*a->correlation.spearman) > std::abs(*b->correlation.spearman);
  });
  return rows;
}

// ---- the charts ----------------------------------------------------------------------------

struct Chart {
  std::string heading;  // the section it belongs to
  std::string title;
  std::string note;
  Json spec;  // what report.js needs: type, axis titles, values
};

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
        spec["values"].push_back({{"series", s.info.scenario},
                                  {"x", *year},
                                  {"mean", json_number(row.summary.mean)},
                                  {"lo", json_number(row.summary.ci_low)},
                                  {"hi", json_number(row.summary.ci_high)}});
      }
      for (const auto& o : s.info.observed) {
        const auto year = number_in(o.id.year);
        if (o.id.metric != kRate || !year || is_alternative(data_, s.info.scenario)) continue;
        spec["observed"].push_back({{"series", s.info.scenario}, {"x", *year}, {"value", o.value}});
      }
    }
    add(w_.out_of_home, rate_title(), std::string(w_.rate_chart_note), std::move(spec));
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
        spec["values"].push_back({{"facet", s.info.scenario},
                                  {"series", tier_label(row.id.tier, language_)},
                                  {"x", *year},
                                  {"mean", json_number(row.summary.mean)},
                                  {"lo", json_number(row.summary.ci_low)},
                                  {"hi", json_number(row.summary.ci_high)}});
      }
    }
    if (!spec["values"].empty()) {
      add(w_.waiting, title, std::string(w_.waiting_chart_note), std::move(spec));
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
      spec["values"].push_back({{"series", series},
                                {"x", d.row.id.year},
                                {"mean", json_number(d.row.difference.mean, scale)},
                                {"lo", json_number(d.row.difference.ci_low, scale)},
                                {"hi", json_number(d.row.difference.ci_high, scale)}});
    }
    const bool paired = std::all_of(data_.differences.begin(), data_.differences.end(),
                                    [](const Difference& d) { return d.paired; });
    if (!spec["values"].empty()) {
      add(w_.differences, title,
          std::string(paired ? w_.difference_chart_note : w_.independent_chart_note),
          std::move(spec));
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
             {"lo", json_number(row.row.summary.ci_low, scale)},
             {"hi", json_number(row.row.summary.ci_high, scale)}});
      }
      if (spec["values"].empty()) continue;
      add(std::string(w_.sweeps) + ": " + sweep.name, title,
          fmt::format(fmt::runtime(w_.sweep_chart_note), year), std::move(spec));
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

  void add(std::string_view heading, std::string_view title, std::string note, Json spec) {
    charts_.push_back({std::string(heading), std::string(title), std::move(note), std::move(spec)});
  }

  const ReportData& data_;
  Language language_;
  const Words& w_;
  std::vector<Chart> charts_;
};

// ---- tables --------------------------------------------------------------------------------

// One column per scenario; `--set` first, then the rows where the scenarios differ (in bold),
// then the rest, each group in document order.
std::string parameter_table(const std::vector<std::string>& names,
                            const std::vector<std::vector<io::Parameter>>& columns,
                            const Words& w) {
  std::vector<std::string> paths;
  std::map<std::string, std::vector<std::string>> cells;
  for (std::size_t c = 0; c < columns.size(); ++c) {
    for (const auto& p : columns[c]) {
      auto [it, added] = cells.try_emplace(p.path, columns.size(), "");
      if (added) paths.push_back(p.path);
      it->second[c] = p.value;
    }
  }
  const auto differs = [&cells](const std::string& path) {
    const auto& v = cells.at(path);
    return std::adjacent_find(v.begin(), v.end(), std::not_equal_to<>()) != v.end();
  };
  std::stable_partition(paths.begin(), paths.end(), differs);
  std::stable_partition(paths.begin(), paths.end(),
                        [](const std::string& p) { return p == "--set"; });
  std::string html = "<table class=\"parameters\"><thead><tr><th>" + escaped(w.parameter) + "</th>";
  for (const auto& name : names) html += "<th>" + escaped(name) + "</th>";
  html += "</tr></thead><tbody>\n";
  for (const auto& path : paths) {
    html += differs(path) ? "<tr class=\"differs\">" : "<tr>";
    html += "<td><code>" + escaped(path) + "</code></td>";
    for (const auto& value : cells.at(path))
      html += "<td class=\"value\">" + escaped(value) + "</td>";
    html += "</tr>\n";
  }
  return html + "</tbody></table>\n";
}

// An argument as a POSIX shell reads it back: quoted unless it is plainly safe.
std::string shell_word(const std::string& word) {
  const bool plain = !word.empty() && std::all_of(word.begin(), word.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) ||
           std::string_view("_./=:,+-@%").find(c) != std::string_view::npos;
  });
  if (plain) return word;
  std::string out = "'";
  for (const char c : word) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

std::string command_line(std::string_view verb, const std::string& file, std::size_t replications,
                         std::uint64_t seed, const std::vector<std::string>& overrides) {
  std::string out = fmt::format("jeugdsim {} {} --replications {} --seed {}", verb,
                                shell_word(file), replications, seed);
  for (const auto& o : overrides) out += " --set " + shell_word(o);
  return out;
}

std::string reproduce_row(std::string_view name, std::string_view version,
                          const std::string& command) {
  return fmt::format("<tr><td>{}</td><td>{}</td><td><code class=\"command\">{}</code></td></tr>\n",
                     escaped(name), escaped(version), escaped(command));
}

// The JSON of the page's data as a <script> body: no "</script" or "<!--" in a name may end or
// change the script. '<' can only stand inside a JSON string, where \u003c means the same.
std::string script_safe(const std::string& json) {
  std::string out;
  out.reserve(json.size());
  for (const char c : json) {
    if (c == '<') {
      out += "\\u003c";
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

std::string report_html(const ReportData& data, Language language) {
  const Words& w = words(language);
  const Sentences sentences(language);

  std::vector<std::string> summary;
  for (const auto& s : data.scenarios) {
    if (auto p = sentences.projection(s)) summary.push_back(*p);
  }
  std::set<std::pair<std::string, std::string>> pairs;
  for (const auto& d : data.differences) {
    if (!pairs.insert({d.base, d.alternative}).second) continue;
    for (auto& sentence : sentences.comparison(data.differences, d.base, d.alternative)) {
      summary.push_back(std::move(sentence));
    }
  }
  for (const auto& s : data.scenarios) {
    if (is_alternative(data, s.info.scenario)) continue;
    if (auto o = sentences.observed(s)) summary.push_back(*o);
  }
  for (const auto& sweep : data.sweeps) {
    const std::string year = last_year(sweep);
    for (const std::string_view metric : {kRate, kCost}) {
      const SweepRow* best = nullptr;
      for (const auto& row : sweep.rows) {
        if (!is_whole(row.row.id, metric) || row.row.id.year != year) continue;
        if (!std::isfinite(row.row.summary.mean)) continue;  // a point without this result
        if (best == nullptr || row.row.summary.mean < best->row.summary.mean) best = &row;
      }
      if (best != nullptr) summary.push_back(sentences.sweep_best(sweep, metric, year, *best));
    }
  }
  for (const auto& s : data.scenarios) {
    const std::string year = last_year(s.rows);
    for (const std::string_view metric : {kCost, kRate}) {
      const auto ranked = ranked_inputs(s.psa, metric, year);
      if (!ranked.empty())
        summary.push_back(sentences.driver(s.info.scenario, metric, year, ranked));
    }
  }

  std::vector<Chart> charts = Charts(data, language).all();

  std::string title(w.title);
  std::vector<std::string> names;
  for (const auto& s : data.scenarios) names.push_back(s.info.scenario);
  for (const auto& sweep : data.sweeps) names.push_back(sweep.name);
  if (!names.empty()) title += ": " + fmt::format("{}", fmt::join(names, ", "));

  std::string body;
  body += "<header><h1>" + escaped(title) + "</h1>";
  // What the numbers rest on, each different value once: "jeugdsim 0.1.0; seed 7, 100
  // replications".
  std::vector<std::string> meta;
  const auto add_meta = [&meta](std::string text) {
    if (std::find(meta.begin(), meta.end(), text) == meta.end()) meta.push_back(std::move(text));
  };
  for (const auto& s : data.scenarios) add_meta("jeugdsim " + s.version);
  for (const auto& sweep : data.sweeps) add_meta("jeugdsim " + sweep.version);
  for (const auto& s : data.scenarios) {
    add_meta(fmt::format(fmt::runtime(w.seed_replications), s.info.seed, s.info.replications));
  }
  for (const auto& sweep : data.sweeps) {
    add_meta(fmt::format(fmt::runtime(w.seed_replications), sweep.seed, sweep.replications));
  }
  body += fmt::format("<p class=\"meta\">{}</p></header>\n",
                      escaped(fmt::format("{}", fmt::join(meta, "; "))));

  body += "<section id=\"summary\"><h2>" + escaped(w.summary) + "</h2><ul class=\"summary\">\n";
  for (const auto& s : summary) body += "<li>" + escaped(s) + "</li>\n";
  body += "</ul></section>\n";

  Json chart_specs = Json::array();
  std::string heading;
  for (std::size_t i = 0; i < charts.size(); ++i) {
    const Chart& c = charts[i];
    if (c.heading != heading) {
      if (!heading.empty()) body += "</section>\n";
      heading = c.heading;
      body += "<section><h2>" + escaped(heading) + "</h2>\n";
    }
    body += fmt::format(
        "<figure data-chart=\"{}\"><h3>{}</h3><div class=\"chart\"><noscript>{}</noscript></div>"
        "<figcaption>{}</figcaption></figure>\n",
        i, escaped(c.title), escaped(w.charts_need_script), escaped(c.note));
    chart_specs.push_back(c.spec);
  }
  if (!heading.empty()) body += "</section>\n";

  body += "<section id=\"parameters\"><h2>" + escaped(w.parameters) + "</h2>\n";
  if (!data.scenarios.empty()) {
    // --set first: it also fixes its path against the file's dated changes, which the values
    // alone would not show (without POH: fte 0 in both, but the base's 2017 change applies).
    std::vector<std::vector<io::Parameter>> tables;
    for (const auto& s : data.scenarios) {
      tables.push_back({{"--set", fmt::format("{}", fmt::join(s.info.overrides, " "))}});
      tables.back().insert(tables.back().end(), s.info.parameters.begin(), s.info.parameters.end());
    }
    if (names.size() > 1) body += "<p>" + escaped(w.differs_note) + "</p>\n";
    std::vector<std::string> scenario_names(
        names.begin(), names.begin() + static_cast<std::ptrdiff_t>(data.scenarios.size()));
    body += "<details open><summary>" + escaped(w.parameters) + "</summary>" +
            parameter_table(scenario_names, tables, w) + "</details>\n";
  }
  for (const auto& sweep : data.sweeps) {
    std::vector<io::Parameter> parameters = sweep.parameters;
    for (std::size_t i = 0; i < sweep.swept.size(); ++i) {
      std::vector<std::string> values;
      for (const auto& row : sweep.rows) {
        if (std::find(values.begin(), values.end(), row.values[i]) == values.end()) {
          values.push_back(row.values[i]);
        }
      }
      parameters.insert(parameters.begin() + static_cast<std::ptrdiff_t>(i),
                        {sweep.swept[i], fmt::format("[{}]", fmt::join(values, ", "))});
    }
    body += "<h3>" + escaped(sweep.name) + "</h3><details><summary>" + escaped(w.parameters) +
            "</summary>" + parameter_table({sweep.scenario}, {parameters}, w) + "</details>\n";
  }
  body += "</section>\n";

  body += "<section id=\"reproduce\"><h2>" + escaped(w.reproduce) +
          "</h2>\n<table><thead><tr><th>" + escaped(w.scenario) + "</th><th>" + escaped(w.version) +
          "</th><th>" + escaped(w.command) + "</th></tr></thead><tbody>\n";
  for (const auto& s : data.scenarios) {
    body += reproduce_row(
        s.info.scenario, s.version,
        command_line("run", s.info.source, s.info.replications, s.info.seed, s.info.overrides));
  }
  for (const auto& sweep : data.sweeps) {
    body += reproduce_row(
        sweep.name, sweep.version,
        command_line("sweep", sweep.sweep_file, sweep.replications, sweep.seed, sweep.overrides));
  }
  body += "</tbody></table></section>\n";

  const Json page_data{{"lang", language_code(language)},
                       {"locale", language == Language::kDutch ? Json{{"decimal", ","},
                                                                      {"thousands", "."},
                                                                      {"grouping", {3}},
                                                                      {"currency", {"EUR ", ""}}}
                                                               : Json{{"decimal", "."},
                                                                      {"thousands", ","},
                                                                      {"grouping", {3}},
                                                                      {"currency", {"EUR ", ""}}}},
                       {"charts", chart_specs}};

  std::string html;
  html += fmt::format("<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n",
                      language_code(language));
  html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  html += "<title>" + escaped(title) + "</title>\n<style>\n";
  html += report_css();
  html += "</style>\n</head>\n<body>\n" + body;
  html += "<script>\n";
  html += vega_js();
  html += "\n</script>\n<script>\n";
  html += vega_lite_js();
  html += "\n</script>\n<script type=\"application/json\" id=\"report-data\">\n";
  html += script_safe(page_data.dump());
  html += "\n</script>\n<script>\n";
  html += report_js();
  html += "</script>\n</body>\n</html>\n";
  return html;
}

std::vector<std::string> comparison_sentences(const std::string& base,
                                              const std::string& alternative,
                                              const std::vector<outputs::ComparisonRow>& rows,
                                              Language language) {
  std::vector<Difference> differences;
  for (const auto& row : rows) differences.push_back({base, alternative, row});
  return Sentences(language).comparison(differences, base, alternative);
}

void check_reportable(const ReportRequest& request, const outputs::RunInfo& info) {
  if (request.wanted && info.kind != "youth_care") {
    throw io::InputError(info.source, fmt::format("--report: '{}' is a '{}' scenario; the report "
                                                  "draws youth_care results",
                                                  info.scenario, info.kind));
  }
}

void write_report(const std::vector<std::filesystem::path>& folders, std::string_view language,
                  const std::filesystem::path& file) {
  const Language lang = language_named(language);
  outputs::write_file_atomically(file, report_html(outputs::read_outputs(folders), lang));
}

int report_command(const ReportOptions& options) {
  std::vector<std::filesystem::path> folders(options.folders.begin(), options.folders.end());
  const std::filesystem::path file =
      options.out.empty() ? folders.front() / "report.html" : std::filesystem::path(options.out);
  write_report(folders, options.language, file);
  fmt::print("wrote {}\n", file.string());
  return kExitOk;
}

}  // namespace jeugdsim::app
