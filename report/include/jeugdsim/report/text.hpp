#pragma once
// The words and number formats of the report in each of its languages. Every sentence the
// report shows is here, so a translation is one table, and the numbers are written as a Dutch or
// an English reader writes them (EUR 1,2 mln / EUR 1.2 million, 1,93% / 1.93%).

#include <string>
#include <string_view>

#include "jeugdsim/models/youth_care/metrics.hpp"

namespace jeugdsim::report {

enum class Language { kEnglish, kDutch };

// The languages --lang takes.
inline constexpr std::string_view kLanguageCodes[] = {"nl", "en"};

// "en" or "nl" (what --lang takes); throws io::InputError for anything else.
Language language_named(std::string_view code);
std::string_view language_code(Language language);

// Every fixed text of the report. Sentences with {} take fmt arguments in the order given.
struct Words {
  std::string_view title;    // the page's title
  std::string_view summary;  // section headings ...
  std::string_view out_of_home;
  std::string_view cost;
  std::string_view differences;
  std::string_view waiting;
  std::string_view sweeps;
  std::string_view drivers;
  std::string_view parameters;
  std::string_view reproduce;
  std::string_view year;  // chart axes and legends ...
  std::string_view scenario;
  std::string_view tier;
  std::string_view alternative;
  std::string_view observed;
  std::string_view cost_mln;
  std::string_view cost_difference_mln;
  std::string_view rate_difference_pp;
  std::string_view other_cost;
  std::string_view rank_correlation;
  std::string_view input;
  std::string_view parameter;  // tables ...
  std::string_view value;
  std::string_view differs_note;
  std::string_view version;
  std::string_view charts_need_script;
  std::string_view command;
  std::string_view seed_replications;  // {seed} {replications}
  std::string_view rate_chart_note;
  std::string_view cost_chart_note;
  std::string_view waiting_chart_note;
  std::string_view difference_chart_note;
  std::string_view independent_chart_note;  // the same for `compare --independent`
  std::string_view sweep_chart_note;        // {}: year
  std::string_view drivers_chart_note;      // {}: year
  // Added to a band chart's note when runs drew their inputs (the priors or a posterior).
  std::string_view runs_band_note;
  // Sentences of the summary.
  // {0} alternative {1} lowers|raises {2} year {3} base value {4} alternative value
  // {5} difference {6} unit {7} interval
  std::string_view rate_change;
  std::string_view lowers;
  std::string_view raises;
  std::string_view rate_same;   // the same arguments: no clear change
  std::string_view cost_saves;  // {alt} {amount} {year} {base} {interval}
  std::string_view cost_costs;
  std::string_view cost_same;
  std::string_view projection;  // {scenario} {year} {rate} {rate interval} {cost} {cost interval}
  std::string_view observed_against;  // {scenario} {list}
  std::string_view observed_item;     // {observed} {year} {simulated}
  std::string_view sweep_best;        // {sweep} {year} {metric} {point} {value}
  std::string_view lowest_rate;
  std::string_view lowest_cost;
  std::string_view driver;     // {scenario} {metric} {year} {input} {rho} {interval}
  std::string_view no_driver;  // {scenario} {metric} {year}
  // {scenario} {metric} {year}: no correlation could be computed (too few replications).
  std::string_view driver_needs_replications;
  std::string_view rate_name;
  std::string_view cost_name;
  std::string_view interval;  // {low} {high}: "95%: {} to {}"
  // The same for the spread of runs whose inputs were drawn (Sentences::reported):
  std::string_view interval_posterior;  // from a posterior: "95% over what the data leave open"
  std::string_view interval_priors;     // from the priors: "95% over the assumed inputs"
  std::string_view no_interval;         // when the interval could not be computed (one replication)
  std::string_view point;               // a sweep's point, as an axis title
  std::string_view percentage_points;   // unit after a number
};

const Words& words(Language language);

// A care tier as the reader knows it (kTiers, tiers.hpp): "first_line" -> "first-line" /
// "eerste lijn". Tiers the youth-care model does not have are shown as they are named in the file.
std::string tier_label(std::string_view tier, Language language);
// A youth-care metric as a chart's title, with its unit (metrics.hpp).
std::string_view metric_label(const models::youth_care::MetricInfo& metric, Language language);

// A number to `significant` digits, with the language's decimal sign and thousands separator.
std::string number_text(double x, int significant, Language language);
// EUR 21,3 mln / EUR 21.3 million; EUR 350.000 / EUR 350,000 below a million.
std::string money_text(double euros, Language language);
// 1,93% / 1.93%.
std::string percent_text(double percent, Language language);
// +0,12 / -0.12: a change in percentage points, with its sign.
std::string signed_points_text(double points, Language language);

}  // namespace jeugdsim::report
