// The parts of the HTML report (report/) that do not need a browser: numbers in Dutch and
// English, the sentences of the summary, and a page that no scenario name can break. The rendered
// charts are checked in headless Chromium (tests/browser/check_report.mjs, run by CTest).

#include <cctype>
#include <cmath>
#include <optional>
#include <string>

#include <catch2/catch.hpp>

#include "jeugdsim/io/input_error.hpp"
#include "jeugdsim/report/assets.hpp"
#include "jeugdsim/report/report.hpp"
#include "jeugdsim/report/text.hpp"

using namespace jeugdsim;
using report::Language;

TEST_CASE("numbers are written as a Dutch or an English reader writes them", "[report][language]") {
  CHECK(report::money_text(21'349'000, Language::kDutch) == "EUR 21,3 mln");
  CHECK(report::money_text(21'349'000, Language::kEnglish) == "EUR 21.3 million");
  CHECK(report::money_text(1'234'567'890, Language::kDutch) == "EUR 1.230 mln");
  CHECK(report::money_text(356'400, Language::kDutch) == "EUR 356.000");
  CHECK(report::money_text(-356'400, Language::kEnglish) == "EUR -356,000");
  CHECK(report::percent_text(1.934, Language::kDutch) == "1,93%");
  CHECK(report::percent_text(1.934, Language::kEnglish) == "1.93%");
  CHECK(report::signed_points_text(-0.126, Language::kDutch) == "-0,13");
  CHECK(report::signed_points_text(0.5, Language::kEnglish) == "+0.50");
  CHECK(report::tier_label("first_line", Language::kDutch) == "eerste lijn");
  CHECK(report::tier_label("clinic", Language::kDutch) == "clinic");
  CHECK(report::language_named("nl") == Language::kDutch);
  CHECK_THROWS_AS(report::language_named("fr"), io::InputError);
}

TEST_CASE("the driver sentence claims a driver only where the interval excludes 0",
          "[report][psa]") {
  const auto row = [](const char* input, std::optional<double> rho,
                      std::optional<engine::CorrelationInterval> interval) {
    outputs::SensitivityRow r{input, {"cost_eur", "", "2021"}, {}};
    r.correlation.spearman = rho;
    r.correlation.interval = interval;
    r.correlation.count = 40;
    return r;
  };
  const std::vector<outputs::SensitivityRow> rows = {
      row("a", 0.2, engine::CorrelationInterval{-0.1, 0.5}), row("b", std::nullopt, std::nullopt),
      row("c", -0.7, engine::CorrelationInterval{-0.85, -0.5})};
  const auto ranked = outputs::strongest_first(rows, "cost_eur", "2021");
  REQUIRE(ranked.size() == 3);
  CHECK(ranked[0]->input == "c");  // strongest first, the undefined last
  CHECK(ranked[2]->input == "b");
  CHECK_THAT(report::driver_sentence("Assen", "cost_eur", "2021", ranked, Language::kEnglish),
             Catch::Contains("Assen: the spread of the total cost in 2021 follows c most"));
  // strongest_first points into its argument: the one-row lists must outlive the rankings.
  const std::vector<outputs::SensitivityRow> weak_rows = {rows[0]};
  const std::vector<outputs::SensitivityRow> undefined_rows = {rows[1]};
  const auto weak = outputs::strongest_first(weak_rows, "cost_eur", "2021");
  CHECK_THAT(report::driver_sentence("Assen", "cost_eur", "2021", weak, Language::kEnglish),
             Catch::Contains("no uncertain input clearly drives"));
  const auto none = outputs::strongest_first(undefined_rows, "cost_eur", "2021");
  CHECK_THAT(report::driver_sentence("Assen", "cost_eur", "2021", none, Language::kEnglish),
             Catch::Contains("takes 4 or more replications"));
  CHECK_THAT(report::driver_sentence("Assen", "cost_eur", "2021", none, Language::kDutch),
             Catch::Contains("4 of meer replicaties"));
}

namespace {

engine::Summary summary(double mean, double low, double high) {
  engine::Summary s{};
  s.count = 100;
  s.mean = mean;
  s.ci_low = low;
  s.ci_high = high;
  return s;
}

// Two scenarios and the difference of the second against the first, in 2021.
outputs::ReportData comparison(const std::string& alternative, double rate_low, double rate_high) {
  outputs::ReportData data;
  for (const auto& [name, rate, cost] :
       {std::tuple{std::string("Assen"), 2.1, 20e6}, std::tuple{alternative, 1.8, 19e6}}) {
    outputs::ScenarioResult s;
    s.info.scenario = name;
    s.info.kind = "youth_care";
    s.info.source = "scenarios/assen.yaml";
    s.version = "0.1.0";
    s.rows.push_back({{"out_of_home_rate_pct", "", "2021"}, summary(rate, rate - 0.1, rate + 0.1)});
    s.rows.push_back({{"cost_eur", "", "2021"}, summary(cost, cost - 1e6, cost + 1e6)});
    s.rows.push_back({{"cost_eur", "specialist", "2021"}, summary(cost / 2, 0, 0)});
    data.scenarios.push_back(s);
  }
  outputs::Difference rate{"Assen", alternative, {}};
  rate.row = {
      {"out_of_home_rate_pct", "", "2021"}, 2.1, 1.8, summary(-0.3, rate_low, rate_high), -14.3};
  outputs::Difference cost{"Assen", alternative, {}};
  cost.row = {{"cost_eur", "", "2021"}, 20e6, 19e6, summary(-1e6, -1.5e6, -0.5e6), -5};
  data.differences = {rate, cost};
  return data;
}

}  // namespace

TEST_CASE("the summary says what the alternative changes, only as clearly as the interval does",
          "[report][summary]") {
  const std::string clear =
      report::report_html(comparison("Matched care", -0.4, -0.2), Language::kEnglish);
  CHECK_THAT(clear,
             Catch::Contains("Matched care lowers the out-of-home rate in 2021 from 2.10% to "
                             "1.80% (difference -0.30 percentage points, 95%: -0.40 to -0.20)."));
  CHECK_THAT(clear, Catch::Contains("Matched care saves EUR 1 million in 2021 compared with Assen "
                                    "(95%: EUR 500,000 to EUR 1.5 million)."));
  const std::string dutch =
      report::report_html(comparison("Matched care", -0.4, -0.2), Language::kDutch);
  CHECK_THAT(
      dutch,
      Catch::Contains("Matched care verlaagt het percentage uithuisplaatsingen in 2021 "
                      "van 2,10% naar 1,80% (verschil -0,30 procentpunt, 95%: -0,40 tot -0,20)."));
  CHECK_THAT(dutch,
             Catch::Contains("Matched care bespaart EUR 1 mln in 2021 ten opzichte van Assen "
                             "(95%: EUR 500.000 tot EUR 1,5 mln)."));
  // An interval that holds 0 is no clear change, whatever the sign of the mean.
  const std::string unclear =
      report::report_html(comparison("Matched care", -0.5, 0.1), Language::kEnglish);
  CHECK_THAT(unclear,
             Catch::Contains("Matched care does not clearly change the out-of-home rate in 2021"));
  CHECK_THAT(unclear, !Catch::Contains("lowers"));
}

TEST_CASE("over a posterior the summary reports where 95% of the runs fell, and says so",
          "[report][summary][posterior]") {
  // The mean difference is known precisely (the interval of the mean excludes 0), but the runs
  // over the posterior spread across 0: what the data leave open decides, not how long we ran.
  outputs::ReportData data = comparison("Matched care", -0.4, -0.2);
  for (auto& s : data.scenarios) {
    s.info.drawn_from = "posterior";
    s.info.posterior = "results/calibrate-assen/posterior.csv";
    for (auto& row : s.rows) {
      row.summary.p025 = row.summary.mean * 0.8;
      row.summary.p975 = row.summary.mean * 1.2;
    }
  }
  data.differences[0].row.difference.p025 = -0.9;
  data.differences[0].row.difference.p975 = 0.3;
  data.differences[1].row.difference.p025 = -3e6;
  data.differences[1].row.difference.p975 = -0.2e6;
  const std::string html = report::report_html(data, Language::kEnglish);
  CHECK_THAT(html, Catch::Contains("Assen: in 2021 an out-of-home rate of 2.10% (95% of runs over "
                                   "what the observed figures leave open: 1.68% to 2.52%)"));
  CHECK_THAT(html,
             Catch::Contains("Matched care does not clearly change the out-of-home rate in 2021: "
                             "2.10% against 1.80% (difference -0.30 percentage points, 95% of runs "
                             "over what the observed figures leave open: -0.90 to +0.30)."));
  CHECK_THAT(html, Catch::Contains("Matched care saves EUR 1 million in 2021 compared with Assen "
                                   "(95% of runs over what the observed figures leave open: "
                                   "EUR 200,000 to EUR 3 million)."));
  // The charts draw the same band, and say so under them.
  CHECK_THAT(html, Catch::Contains("the band is where 95% of the runs fell"));
  CHECK_THAT(html, Catch::Contains("\"lo\":-0.9,"));  // the rate difference's band: p025
  const std::string dutch = report::report_html(data, Language::kDutch);
  CHECK_THAT(dutch, Catch::Contains("95% van de runs over wat de waargenomen cijfers openlaten"));
  // The printed sentences of `compare` are the same ones.
  std::vector<outputs::ComparisonRow> rows;
  for (const auto& d : data.differences) rows.push_back(d.row);
  const auto printed =
      report::comparison_sentences("Assen", "Matched care", rows, "posterior", Language::kEnglish);
  REQUIRE(printed.size() == 2);
  CHECK_THAT(printed[0], Catch::StartsWith("Matched care does not clearly change"));
  // Without drawn inputs the same rows are judged by the interval of the mean.
  const auto by_chance =
      report::comparison_sentences("Assen", "Matched care", rows, "", Language::kEnglish);
  CHECK_THAT(by_chance[0], Catch::StartsWith("Matched care lowers the out-of-home rate"));
  CHECK_THAT(report::report_html(comparison("Matched care", -0.4, -0.2), Language::kEnglish),
             !Catch::Contains("95% of the runs fell"));
}

TEST_CASE("what cannot be known is said so, never printed as nan", "[report][summary]") {
  outputs::ReportData data = comparison("Matched care", -0.4, -0.2);
  data.scenarios[0].rows[0].summary = summary(2.1, std::nan(""), std::nan(""));  // 1 replication
  const std::string html = report::report_html(data, Language::kEnglish);
  CHECK_THAT(html,
             Catch::Contains("Assen: in 2021 an out-of-home rate of 2.10% (95% interval unknown)"));
  // Not in the words, nor in the chart data (a gap is null); the inlined libraries aside.
  const std::string words = html.substr(0, html.find("\n<script>"));
  const std::size_t data_at = html.find("id=\"report-data\">");
  const std::string chart_data = html.substr(data_at, html.find("</script>", data_at) - data_at);
  CHECK_THAT(words, !Catch::Contains("nan"));
  CHECK_THAT(chart_data, !Catch::Contains("nan", Catch::CaseSensitive::No));
  CHECK_THAT(chart_data, Catch::Contains("\"lo\":null"));
}

TEST_CASE("an input drives a result in words only when its interval excludes 0",
          "[report][summary]") {
  outputs::ReportData data = comparison("Matched care", -0.4, -0.2);
  const auto input = [](const std::string& name, const std::string& metric, double rho, double low,
                        double high) {
    outputs::SensitivityRow row{name, {metric, "", "2021"}, {}};
    row.correlation.count = 100;
    row.correlation.spearman = rho;
    row.correlation.interval = engine::CorrelationInterval{low, high};
    return row;
  };
  data.scenarios[0].psa = {input("tiers.poh.fte", "cost_eur", -0.1, -0.3, 0.1),
                           input("care_questions.worsening_per_year", "cost_eur", 0.7, 0.6, 0.8),
                           input("tiers.poh.fte", "out_of_home_rate_pct", 0.15, -0.05, 0.33)};
  const std::string html = report::report_html(data, Language::kEnglish);
  CHECK_THAT(html, Catch::Contains("Assen: the spread of the total cost in 2021 follows "
                                   "care_questions.worsening_per_year most (rank correlation 0.7, "
                                   "95%: 0.6 to 0.8)."));
  CHECK_THAT(html, Catch::Contains("Assen: no uncertain input clearly drives the spread of the "
                                   "out-of-home rate in 2021"));
}

TEST_CASE("the commands that reproduce a report can be pasted into a shell", "[report][html]") {
  outputs::ReportData data = comparison("Matched care", -0.4, -0.2);
  data.scenarios[1].info.source = "my scenarios/assen's.yaml";
  data.scenarios[1].info.replications = 100;
  data.scenarios[1].info.seed = 7;
  data.scenarios[1].info.overrides = {"policy=matched",
                                      "uncertain={a: {dist: uniform, min: 0, max: 1}}"};
  const std::string html = report::report_html(data, Language::kEnglish);
  // As HTML text: ' is &#39;.
  CHECK_THAT(html,
             Catch::Contains("jeugdsim run &#39;my scenarios/assen&#39;\\&#39;&#39;s.yaml&#39; "
                             "--replications 100 --seed 7 --set policy=matched --set "
                             "&#39;uncertain={a: {dist: uniform, min: 0, max: 1}}&#39;"));
}

TEST_CASE("no scenario name can break out of the page", "[report][html]") {
  const std::string name = "</script><script>alert(1)</script><!--";
  const std::string html = report::report_html(comparison(name, -0.4, -0.2), Language::kEnglish);
  CHECK(html.find(name) == std::string::npos);
  CHECK_THAT(html, Catch::Contains("&lt;/script&gt;&lt;script&gt;alert(1)"));  // shown as text
  CHECK_THAT(html,
             Catch::Contains("\\u003c/script>\\u003cscript>alert(1)\\u003c/script>\\u003c!--"));
  // The page has exactly the scripts it was built with, and each ends where it should.
  std::size_t scripts = 0;
  for (std::size_t at = html.find("\n<script"); at != std::string::npos;
       at = html.find("\n<script", at + 1)) {
    ++scripts;
  }
  CHECK(scripts == 4);  // vega, vega-lite, the data, report.js
  scripts = 0;
  for (std::size_t at = html.find("</script>"); at != std::string::npos;
       at = html.find("</script>", at + 1)) {
    ++scripts;
  }
  CHECK(scripts == 4);  // vega, vega-lite, the data, report.js
}

TEST_CASE("the inlined scripts are whole and cannot end their <script> early", "[report][assets]") {
  for (const auto asset : {report::vega_js(), report::vega_lite_js(), report::report_js()}) {
    CHECK(asset.size() > 1000);
    std::string lower(asset);
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    CHECK(lower.find("</script") == std::string::npos);  // the HTML parser ignores case
    CHECK(lower.find("<!--") == std::string::npos);
    CHECK(asset.find('\0') == std::string_view::npos);
  }
  CHECK(report::vega_js().substr(0, 10) == "!function(");
  CHECK(report::report_css().find("body") != std::string_view::npos);
}
