#pragma once
// The report's summary in words, in its language: each sentence from the words of text.hpp and
// the numbers of the results. Internal to report/ (report.hpp offers what the CLI prints too).

#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "common.hpp"
#include "jeugdsim/report/text.hpp"

namespace jeugdsim::report {

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
  // The interval a sentence reports of `s`, in its words: with inputs drawn per replication
  // (RunInfo::drawn_from "priors" or "posterior") where 95% of the runs fell, which holds what
  // we do not know; else the interval of the mean, which holds chance alone. Unknown (NaN) with
  // fewer than two replications.
  struct Reported {
    double low;
    double high;
    std::string_view words;  // "95%: {} to {}"
  };
  [[nodiscard]] Reported reported(const engine::Summary& s, std::string_view drawn_from) const {
    const auto [low, high] = band(s, drawn_from);  // the charts' band: one choice for both
    if (drawn_from.empty()) return {low, high, w_.interval};
    const std::string_view words =
        drawn_from == "posterior" ? w_.interval_posterior : w_.interval_priors;
    const double nan = std::numeric_limits<double>::quiet_NaN();
    return s.count >= 2 ? Reported{low, high, words} : Reported{nan, nan, words};
  }
  [[nodiscard]] std::string interval(const Reported& r, Format text) const {
    if (!std::isfinite(r.low) || !std::isfinite(r.high)) return std::string(w_.no_interval);
    return fmt::format(fmt::runtime(r.words), (this->*text)(r.low), (this->*text)(r.high));
  }
  // Whether a difference is clear: its reported interval lies on one side of 0 (an unknown one
  // does not).
  [[nodiscard]] static bool clear(const Reported& r) { return r.low > 0 || r.high < 0; }

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
    const std::string& drawn = s.info.drawn_from;
    return fmt::format(
        fmt::runtime(w_.projection), s.info.scenario, year, percent(rate->summary.mean),
        interval(reported(rate->summary, drawn), &Sentences::percent), money(cost->summary.mean),
        interval(reported(cost->summary, drawn), &Sentences::money));
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
  // `drawn_from`: the base run's RunInfo::drawn_from (compare draws every scenario alike).
  [[nodiscard]] std::vector<std::string> comparison(const std::vector<Difference>& differences,
                                                    const std::string& base,
                                                    const std::string& alternative,
                                                    std::string_view drawn_from) const {
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
      const Reported shown = reported(r.difference, drawn_from);
      out.push_back(fmt::format(fmt::runtime(clear(shown) ? w_.rate_change : w_.rate_same),
                                alternative, r.difference.mean < 0 ? w_.lowers : w_.raises,
                                r.id.year, percent(r.base_mean), percent(r.alt_mean),
                                points(r.difference.mean), w_.percentage_points,
                                interval(shown, &Sentences::points)));
    }
    if (cost != nullptr) {
      const auto& c = cost->row.difference;
      Reported shown = reported(c, drawn_from);
      const bool is_clear = clear(shown);
      const bool saves = c.mean < 0;
      // A saving is said as a positive amount, its interval turned round with it.
      const double sign = is_clear && saves ? -1.0 : 1.0;
      if (is_clear && saves) shown = Reported{-shown.high, -shown.low, shown.words};
      out.push_back(fmt::format(fmt::runtime(!is_clear ? w_.cost_same
                                             : saves   ? w_.cost_saves
                                                       : w_.cost_costs),
                                alternative, money(sign * c.mean), cost->row.id.year, base,
                                interval(shown, &Sentences::money)));
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
  [[nodiscard]] std::string driver(
      const std::string& scenario, std::string_view metric, std::string_view year,
      const std::vector<const outputs::SensitivityRow*>& ranked) const {
    const std::string_view name = metric == kRate ? w_.rate_name : w_.cost_name;
    const auto& c = ranked.front()->correlation;
    if (!c.spearman || !c.interval) {
      return fmt::format(fmt::runtime(w_.driver_needs_replications), scenario, name, year);
    }
    if (c.interval->low <= 0 && c.interval->high >= 0) {
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

}  // namespace jeugdsim::report
