// The tier and metric tables (tiers.hpp, metrics.hpp) are the one statement of what a tier and a
// metric are: every list the outputs hold must follow them, by name and not by position.

#include <algorithm>
#include <set>
#include <sstream>
#include <string>

#include <catch2/catch.hpp>

#include "jeugdsim/io/document.hpp"
#include "jeugdsim/models/youth_care/cohort.hpp"
#include "jeugdsim/models/youth_care/decisions.hpp"
#include "jeugdsim/models/youth_care/load.hpp"
#include "jeugdsim/models/youth_care/metrics.hpp"
#include "jeugdsim/models/youth_care/simulate.hpp"

using namespace jeugdsim;
using namespace jeugdsim::models::youth_care;

namespace {

const std::string kSmall = std::string(JEUGDSIM_SOURCE_DIR) + "/tests/data/youth_care/small.yaml";

YouthCareScenario load_small() {
  const io::Document doc = io::Document::from_file(kSmall);
  std::vector<std::string> warnings;
  return load_scenario(doc, warnings);
}

}  // namespace

TEST_CASE("every tier has its own id and labels, and one tier is per municipality",
          "[youth_care][tables]") {
  std::set<std::string_view> ids, english, dutch;
  for (const auto& t : kTiers) {
    ids.insert(t.id);
    english.insert(t.english);
    dutch.insert(t.dutch);
    CHECK(kTierIds[index(t.tier)] == t.id);
  }
  CHECK(ids.size() == kTierCount);
  CHECK(english.size() == kTierCount);
  CHECK(dutch.size() == kTierCount);
  // The ladder: escalation climbs the rungs in table order and never leaves them.
  for (const auto& t : kTiers) {
    CHECK(info(heavier(t.tier)).rung);
    CHECK(info(lighter(t.tier)).rung);
    CHECK(index(heavier(t.tier)) >= index(t.tier));
  }
  CHECK(info(kCrisisTier).out_of_home);
}

TEST_CASE("the metric list names a replication's values in the order of the tables",
          "[youth_care][tables]") {
  const auto s = load_small();
  const auto ids = metrics(s);
  REQUIRE(ids.size() == static_cast<std::size_t>(s.years) * kValuesPerYear);
  // Written out from the tables with loops of its own: the whole system, then tier by tier.
  std::size_t i = 0;
  for (int year = s.start_year; year < s.end_year(); ++year) {
    for (const auto& m : kSystemMetrics) {
      CHECK(ids[i].metric == m.id);
      CHECK(ids[i].tier.empty());
      CHECK(ids[i].year == std::to_string(year));
      ++i;
    }
    for (const auto& t : kTiers) {
      for (const auto& m : kTierMetrics) {
        CHECK(ids[i].metric == m.id);
        CHECK(ids[i].tier == t.id);
        ++i;
      }
    }
  }
  CHECK(simulate(s, 0).values.size() == ids.size());
}

TEST_CASE("a value set by its metric is found under that metric's name", "[youth_care][tables]") {
  YearResult r;
  r.at(Tier::kSpecialist, TierMetric::kWaitMean) = 7.0;
  r[SystemMetric::kNewCases] = 3.0;
  std::size_t nonzero = 0;
  visit_values(r, [&](const MetricInfo& m, std::string_view tier, double value) {
    if (value == 0.0) return;
    ++nonzero;
    if (tier.empty()) {
      CHECK(m.id == "new_cases");
      CHECK(value == 3.0);
    } else {
      CHECK(m.id == "wait_mean");
      CHECK(tier == "specialist");
      CHECK(value == 7.0);
    }
  });
  CHECK(nonzero == 2);
}

TEST_CASE("the cohort gives the metrics the table says, approximate where it says so",
          "[youth_care][tables][cohort]") {
  const auto s = load_small();
  const auto values = cohort(s);
  const auto flag = [](const outputs::MetricId& id) {
    const auto& table = id.tier.empty()
                            ? std::vector<MetricInfo>(kSystemMetrics.begin(), kSystemMetrics.end())
                            : std::vector<MetricInfo>(kTierMetrics.begin(), kTierMetrics.end());
    const auto it = std::find_if(table.begin(), table.end(),
                                 [&](const MetricInfo& m) { return m.id == id.metric; });
    REQUIRE(it != table.end());
    return it->cohort;
  };
  std::size_t per_year = 0;
  for (const auto& m : kSystemMetrics) per_year += m.cohort != FromCohort::kNone;
  for (const auto& m : kTierMetrics) per_year += (m.cohort != FromCohort::kNone) * kTierCount;
  CHECK(values.size() == per_year * static_cast<std::size_t>(s.years));
  for (const auto& v : values) {
    const FromCohort from = flag(v.id);
    CHECK(from != FromCohort::kNone);
    CHECK(v.approximate == (from == FromCohort::kApproximate));
  }
}

TEST_CASE("no row of timeseries.csv is longer than the memory check assumes",
          "[youth_care][tables][limits]") {
  const auto s = load_small();
  const auto result = simulate(s, 0);
  std::istringstream rows(result.timeseries);
  std::size_t longest = 0, count = 0;
  for (std::string line; std::getline(rows, line);) {
    longest = std::max(longest, line.size() + 1);  // with its line break
    ++count;
  }
  CHECK(count == timeseries_rows(s));
  CHECK(longest > 0);
  CHECK(longest <= timeseries_row_bytes());
}
