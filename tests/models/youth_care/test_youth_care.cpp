// The youth-care model (models/youth_care): loading a scenario with its changes, the children's
// pathways, costs, the uncertain inputs and agreement with the Markov cohort.

#include <algorithm>
#include <bit>
#include <cmath>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>

#include <catch2/catch.hpp>

#include "jeugdsim/engine/runner.hpp"
#include "jeugdsim/engine/summary.hpp"
#include "jeugdsim/io/document.hpp"
#include "jeugdsim/io/input_error.hpp"
#include "jeugdsim/models/youth_care/cohort.hpp"
#include "jeugdsim/models/youth_care/decisions.hpp"
#include "jeugdsim/models/youth_care/load.hpp"
#include "jeugdsim/models/youth_care/pathway.hpp"
#include "jeugdsim/models/youth_care/simulate.hpp"

using namespace jeugdsim;
using namespace jeugdsim::models::youth_care;

namespace {

const std::string kSmall = std::string(JEUGDSIM_SOURCE_DIR) + "/tests/data/youth_care/small.yaml";

YouthCareScenario load(const std::string& file, const std::vector<std::string>& overrides = {}) {
  io::Document doc = io::Document::from_file(file);
  for (const auto& o : overrides) doc.apply_override(o);
  std::vector<std::string> warnings;
  return load_scenario(doc, warnings);
}

// metric name + tier + year -> position in the result vector
std::size_t position(const YouthCareScenario& s, const std::string& metric, const std::string& tier,
                     int year) {
  const auto ids = metrics(s);
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (ids[i].metric == metric && ids[i].tier == tier && ids[i].year == std::to_string(year))
      return i;
  }
  FAIL("no metric " << metric << "/" << tier << "/" << year);
  return 0;
}

// The same numbers bit for bit, empty values (NaN, which == never matches) included.
bool bitwise_equal(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](double x, double y) {
           return std::bit_cast<std::uint64_t>(x) == std::bit_cast<std::uint64_t>(y);
         });
}

}  // namespace

TEST_CASE("a youth-care scenario loads with its changes as epochs", "[youth_care]") {
  const auto s = load(kSmall);
  CHECK(s.start_year == 2020);
  CHECK(s.first_simulated_year() == 2018);
  REQUIRE(s.epochs.size() == 2);
  CHECK(s.epochs[0].parameters.tier(Tier::kFirstLine).capacity == 80U);
  CHECK(s.epochs[1].parameters.tier(Tier::kFirstLine).capacity == 100U);
  CHECK(s.epochs[1].parameters.poh.fte == 3.0);
  // 2021-07-01 is 3 years and 181 days after 2018-01-01 (2020 is a leap year).
  CHECK(s.epochs[1].from_day == 365 + 365 + 366 + 181);
  REQUIRE(s.observed.size() == 1);
  CHECK(s.observed[0].metric == "out_of_home_rate_pct");
  CHECK(s.observed[0].first_year == 2021);
  CHECK(s.observed[0].value == 1.5);
}

TEST_CASE(
    "an observed figure is a metric of the system or a tier, for a year or a range, with "
    "its uncertainty",
    "[youth_care][observed]") {
  const auto s = load(kSmall, {"observed={out_of_home_rate_pct: {2020: 2.0, 2021: {value: 1.9, "
                               "sd: 0.1}}, children_in_care: {2020-2021: {low: 90, high: 110}}, "
                               "wait_mean: {specialist: {2021: 42}}, cost_eur: {2020: 1e6, "
                               "residential: {2020: 4e5}}}"});
  REQUIRE(s.observed.size() == 6);
  const auto& bare = s.observed[0];
  CHECK(bare.sd == Approx(kDefaultObservedRelativeSd * 2.0));
  CHECK(s.observed[1].value == 1.9);
  CHECK(s.observed[1].sd == 0.1);
  const auto& range = s.observed[2];
  CHECK(range.first_year == 2020);
  CHECK(range.last_year == 2021);
  CHECK(range.value == 100.0);
  CHECK(range.sd == Approx(20.0 / (2 * 1.959963984540054)));  // a 95% interval's quarter
  CHECK(s.observed[3].tier == "specialist");
  CHECK(s.observed[4].tier.empty());  // cost_eur is of the system and of each tier
  CHECK(s.observed[5].tier == "residential");
}

TEST_CASE("an observed figure the run cannot produce is a located error",
          "[youth_care][observed]") {
  const auto refused = [](const std::string& observed, const std::string& says) {
    INFO(observed);
    CHECK_THROWS_WITH(load(kSmall, {"observed=" + observed}), Catch::Contains(says));
  };
  refused("{wait_mean: {2021: 40}}", "'wait_mean' is a metric of a tier");
  refused("{out_of_home_rate_pct: {specialist: {2021: 2}}}", "a metric of the whole system");
  refused("{wait_mean: {specialst: {2021: 40}}}", "(did you mean 'specialist'?)");
  refused("{wait_mean: {specialist: {last: 40}}}", "expected a year (2017) or a range");
  refused("{out_of_home_rate_pct: {2021-2020: 2}}", "FIRST before LAST");
  refused("{out_of_home_rate_pct: {2021: {value: 2}}}", "missing key 'sd'");
  refused("{out_of_home_rate_pct: {2021: {value: 2, sd: 0}}}", "greater than 0");
  refused("{out_of_home_rate_pct: {2021: {low: 2, high: 1}}}", "'high' must be above 'low'");
  refused("{out_of_home_rate_pct: {2021: {value: 2, sd: 1, low: 1}}}", "not both");
  refused("{out_of_home_rate: {2021: 2}}", "(did you mean 'out_of_home_rate_pct'?)");
  refused("{new_cases: {2021: 0}}", "a figure of 0 needs its own uncertainty");
}

TEST_CASE("a value fixed by --set holds through every change, with a warning", "[youth_care]") {
  io::Document doc = io::Document::from_file(kSmall);
  doc.apply_override("tiers.poh.fte=0");
  std::vector<std::string> warnings;
  const auto s = load_scenario(doc, warnings);
  REQUIRE(s.epochs.size() == 2);
  CHECK(s.epochs[0].parameters.poh.fte == 0.0);
  CHECK(s.epochs[1].parameters.poh.fte == 0.0);
  CHECK(s.epochs[1].parameters.tier(Tier::kFirstLine).capacity == 100U);  // still applied
  // The other warning says the POH is never used, which is what --set tiers.poh.fte=0 means.
  const auto about_change = std::count_if(warnings.begin(), warnings.end(), [](const auto& w) {
    return w.find("small.yaml:45:") != std::string::npos &&
           w.find("'tiers.poh.fte' is not applied") != std::string::npos &&
           w.find("--set tiers.poh.fte=0") != std::string::npos;
  });
  CHECK(about_change == 1);

  SECTION("also when the change sets the map around it") {
    const auto t = load(kSmall, {"tiers.poh.success.mild=0.5",
                                 "changes.0.set={tiers.poh.success: {mild: 0.9, moderate: 0.4, "
                                 "severe: 0.05, crisis: 0}}"});
    const auto& success = t.epochs[1].parameters.tier(Tier::kPoh).success;
    CHECK(success[static_cast<std::size_t>(Severity::kMild)] == 0.5);
    CHECK(success[static_cast<std::size_t>(Severity::kModerate)] == 0.4);
  }
}

TEST_CASE("every child is accounted for at every year end", "[youth_care][invariants]") {
  const auto s = load(kSmall);
  Counters counters;
  for (std::uint64_t r = 0; r < 4; ++r) {
    // check_invariants aborts the test if a child is lost or counted in two places.
    REQUIRE_NOTHROW(simulate(s, r, Options{true}, counters));
  }
  CHECK(counters.children_created > 1000);
}

TEST_CASE("a child who never leaves care or a waiting line leaves on its 18th birthday",
          "[youth_care][invariants]") {
  // Care that lasts a century, problems that neither grow nor resolve while waiting: the only
  // way out is turning 18. The event for it is scheduled only when the child's next event would
  // come later (simulate.cpp, schedule_age_out), which here is always, in care and in a line.
  std::vector<std::string> forever = {"care_questions.worsening_per_year=0",
                                      "care_questions.resolving_per_year=0"};
  for (const char* tier : {"network", "poh", "first_line", "specialist", "residential"}) {
    forever.push_back(std::string("tiers.") + tier + ".duration={dist: fixed, value: 36525}");
  }
  const auto s = load(kSmall, forever);
  Counters counters;
  REQUIRE_NOTHROW(simulate(s, 0, Options{true}, counters));  // every child accounted for
  REQUIRE(counters.children_created > 1000);
  // Children arrive aged 0-18 over 5 years: those who came at 13 or older and early enough
  // turned 18 before the end, so fewer are here at the peak (the end) than ever came.
  CHECK(counters.peak_children < counters.children_created);
  // And nobody else left: without the age-outs all would still be here.
  const auto kept = load(kSmall, [&] {
    auto o = forever;
    o.push_back("warmup_years=0");
    o.push_back("years=1");
    return o;
  }());
  Counters one_year;
  simulate(kept, 0, Options{true}, one_year);
  // In one year a child arriving at time t (as a fraction of the year) leaves by its end if it
  // came aged 17 + t or more. Ages are uniform within the 12-17 band, which brings 0.10 / 0.22
  // of the questions (equal children per band), so the chance is 0.10 / 0.22 x 1/12. Nobody
  // else leaves, so the children present at the end are those who did not: binomial, checked
  // within 4 standard deviations. (The peak counted is at least the count at the end; with
  // ~300 arrivals against ~11 leaving in the year it is the end's, or very near it.)
  const double n = static_cast<double>(one_year.children_created);
  const double p = 0.10 / 0.22 / 12.0;
  const double aged_out = n - static_cast<double>(one_year.peak_children);
  CHECK(std::abs(aged_out - n * p) <= 4.0 * std::sqrt(n * p * (1.0 - p)));
  CHECK(aged_out > 0.0);
}

TEST_CASE("with POH capacity 0 no child ever enters the POH", "[youth_care]") {
  // The file's change sets 3 FTE from 2021-07-01; the command line fixes 0 for the whole run.
  const auto s = load(kSmall, {"tiers.poh.fte=0"});
  const auto with_poh = load(kSmall);
  for (std::uint64_t r = 0; r < 3; ++r) {
    const auto none = simulate(s, r).values;
    const auto some = simulate(with_poh, r).values;
    for (int year = 2020; year <= 2022; ++year) {
      CHECK(none[position(s, "referrals", "poh", year)] == 0.0);
      CHECK(none[position(s, "occupancy_mean", "poh", year)] == 0.0);
      CHECK(some[position(s, "referrals", "poh", year)] > 0.0);  // the check can fail
    }
  }
}

TEST_CASE("matched care with perfect triage never escalates a correctly placed child",
          "[youth_care][policy]") {
  // Everyone is assessed (no GP route) and nobody's problem grows while waiting, so every
  // child starts in the tier matching its severity.
  const std::vector<std::string> assessed_only = {
      "care_questions.routes={gp: 0, district_team: 0.7, youth_protection: 0.3}",
      "care_questions.worsening_per_year=0", "tiers.poh.fte=0",
      "changes.0.set={tiers.first_line.capacity: 100, tiers.poh.fte: 0}"};
  auto with = [&](std::vector<std::string> extra) {
    extra.insert(extra.end(), assessed_only.begin(), assessed_only.end());
    return load(kSmall, extra);
  };
  Counters matched, stepped;
  const auto perfect = with({"policy=matched", "triage.accuracy=1"});
  const auto steps = with({"policy=stepped"});
  for (std::uint64_t r = 0; r < 3; ++r) {
    simulate(perfect, r, Options{true}, matched);
    simulate(steps, r, Options{true}, stepped);
  }
  CHECK(matched.escalations == 0);
  CHECK(stepped.escalations > 100);  // the same children do escalate under stepped care
}

TEST_CASE("the tier costs add up to the total cost", "[youth_care][costs]") {
  const auto s = load(kSmall);
  for (std::uint64_t r = 0; r < 3; ++r) {
    const auto v = simulate(s, r).values;
    for (int year = 2020; year <= 2022; ++year) {
      double sum = 0.0;
      for (const auto tier : kTierIds) sum += v[position(s, "cost_eur", std::string(tier), year)];
      const double total = v[position(s, "cost_eur", "", year)];
      CHECK(total > 0.0);
      CHECK(sum == Approx(total).epsilon(1e-12));
    }
  }
}

TEST_CASE("the same seed gives the same numbers, another seed others",
          "[youth_care][determinism]") {
  const auto s = load(kSmall);
  CHECK(bitwise_equal(simulate(s, 3).values, simulate(s, 3).values));
  CHECK(simulate(s, 3).timeseries == simulate(s, 3).timeseries);
  CHECK_FALSE(bitwise_equal(simulate(s, 3).values, simulate(s, 4).values));
}

TEST_CASE("the pathway graph has every tier reachable and leaving", "[youth_care][pathway]") {
  const auto s = load(kSmall);
  const auto dot = pathway_dot(s);
  CHECK_THAT(dot, Catch::StartsWith("digraph pathway {"));
  CHECK_THAT(dot, Catch::Contains("label=\"residential\""));
  // A tier from which nothing is ever resolved is an error, located at the tier.
  const std::string trapped =
      "tiers.residential.success={mild: 0, moderate: 0, severe: 0, crisis: 0}";
  try {
    (void)load(kSmall, {trapped, "tiers.residential.step_down=0"});
    FAIL("no error");
  } catch (const io::InputError& e) {
    CHECK_THAT(std::string(e.what()), Catch::Contains("can never leave care"));
  }
  // Stepping down follows a resolved trajectory only, so it is no way out of such a tier.
  CHECK_THROWS_WITH(load(kSmall, {trapped, "tiers.residential.step_down=0.5"}),
                    Catch::Contains("can never leave care"));
}

TEST_CASE("a change of the admin overhead counts from its date on", "[youth_care][costs]") {
  // small.yaml books 5% overhead; from 2021-07-01 it becomes 100%. Costs do not steer the
  // children, so the same replication has the same care: only the booking differs.
  const auto base = load(kSmall);
  const auto doubled = load(kSmall, {"changes.0.set={tiers.first_line.capacity: 100, "
                                     "tiers.poh.fte: 3, costs.admin_overhead_pct: 100}"});
  const auto a = simulate(base, 1).values;
  const auto b = simulate(doubled, 1).values;
  CHECK(b[position(base, "cost_eur", "", 2020)] == a[position(base, "cost_eur", "", 2020)]);
  CHECK(b[position(base, "cost_eur", "", 2022)] ==
        Approx(a[position(base, "cost_eur", "", 2022)] * 2.0 / 1.05).epsilon(1e-12));
  const double mid_year =
      b[position(base, "cost_eur", "", 2021)] / a[position(base, "cost_eur", "", 2021)];
  CHECK(mid_year > 1.2);  // half a year at 100%...
  CHECK(mid_year < 1.7);  // ...and half at 5%
}

TEST_CASE(
    "the simulation converges to the Markov cohort with unlimited capacity and"
    "exponential durations",
    "[youth_care][cohort][theory]") {
  // Unlimited places (and a POH too large to fill) so nobody waits; exponential durations so
  // the simulated process is the cohort's Markov chain; only children 0-5 with at most 12
  // simulated years, so nobody turns 18 (which the cohort does not model).
  const auto s = load(
      kSmall,
      {"tiers.first_line.capacity=unlimited", "tiers.specialist.capacity=unlimited",
       "tiers.residential.capacity=unlimited", "tiers.poh.fte=1000",
       "changes.0.set={tiers.poh.fte: 1000}", "tiers.poh.duration={dist: exponential, mean: 90}",
       "tiers.first_line.duration={dist: exponential, mean: 120}",
       "tiers.specialist.duration={dist: exponential, mean: 240}",
       "tiers.residential.duration={dist: exponential, mean: 300}",
       "care_questions.rate_per_child_per_year={0-5: 0.3, 6-11: 0, 12-17: 0}",
       // 200, not fewer: at 40 the residential metrics of 2020-21 (strongly correlated with
       // each other) fell just outside their 99.9% intervals, while 200 replications of the
       // same model agree everywhere -- chance, confirmed by the larger sample, which we keep.
       "replications=200"});
  const auto expected = cohort(s);
  const auto ids = metrics(s);
  engine::RunnerOptions options;
  const auto runs = engine::run_replications(s.replications, options,
                                             [&s](std::size_t r) { return simulate(s, r).values; });
  // About 40 checks at 99.9% each: a family-wise false-alarm rate under 4%, and the interval
  // half-widths are 1-2% of the values, so a bias of a few percent is caught.
  int checked = 0;
  for (const auto& e : expected) {
    if (e.approximate) continue;
    const auto at = std::find_if(ids.begin(), ids.end(), [&e](const outputs::MetricId& id) {
      return id.metric == e.id.metric && id.tier == e.id.tier && id.year == e.id.year;
    });
    REQUIRE(at != ids.end());
    std::vector<double> column;
    for (const auto& run : runs) column.push_back(run[static_cast<std::size_t>(at - ids.begin())]);
    const auto sum = engine::summarize(column);
    const double half = engine::student_t_quantile(0.999, static_cast<double>(sum.count - 1)) *
                        sum.sd / std::sqrt(static_cast<double>(sum.count));
    INFO(e.id.metric << " " << e.id.tier << " " << e.id.year << ": cohort " << e.value
                     << ", simulation " << sum.mean << " +- " << half);
    if (e.value == 0.0) {
      CHECK(sum.mean == 0.0);
    } else {
      // Some values do not vary (the POH salaries: sd 0, half-width 0); the two models add them
      // up in different orders, so they agree to rounding, not bit for bit.
      const double rounding = 1e-12 * std::abs(e.value);
      CHECK(std::abs(sum.mean - e.value) <= half + rounding);
      ++checked;
    }
  }
  CHECK(checked >= 30);
}

TEST_CASE("a tier whose demand outruns its places is found year by year and on both sides",
          "[youth_care][cohort][capacity]") {
  // Demand is the cohort's occupancy without limits (arrivals x mean stay, Little's law): in a
  // reported year the same number as cohort()'s occupancy_mean of the tier.
  const auto demand_in = [](const YouthCareScenario& s, const std::string& tier, int year) {
    for (const auto& v : cohort(s)) {
      if (v.id.metric == "occupancy_mean" && v.id.tier == tier &&
          v.id.year == std::to_string(year)) {
        return v.value;
      }
    }
    FAIL("no occupancy_mean " << tier << " " << year);
    return 0.0;
  };
  const auto overloaded = [](const YouthCareScenario& s, Tier tier, int year) {
    for (const auto& o : overloads(s)) {
      if (o.tier == tier && o.year == year) return std::optional<Overload>(o);
    }
    return std::optional<Overload>();
  };
  const double demand = demand_in(load(kSmall), "specialist", 2021);
  REQUIRE(demand > 10.0);
  const auto just_below = static_cast<std::uint32_t>(std::floor(demand));
  const auto below = load(kSmall, {"tiers.specialist.capacity=" + std::to_string(just_below)});
  const auto o = overloaded(below, Tier::kSpecialist, 2021);
  REQUIRE(o);
  CHECK(o->demand == Approx(demand).epsilon(1e-12));  // capacity does not change the demand
  CHECK(o->places == just_below);
  CHECK_FALSE(
      overloaded(load(kSmall, {"tiers.specialist.capacity=" + std::to_string(just_below + 1)}),
                 Tier::kSpecialist, 2021));
  // Warm-up years are looked at too (2018 and 2019 here), and unlimited tiers never.
  CHECK(overloaded(load(kSmall, {"tiers.specialist.capacity=1"}), Tier::kSpecialist, 2018));
  for (const auto& over : overloads(load(kSmall, {"tiers.specialist.capacity=unlimited"}))) {
    CHECK(over.tier != Tier::kSpecialist);
  }
  // A change of capacity in the year counts for its share of the year: small.yaml's first_line
  // has 80 places until 1 July 2021 (181 days), 100 from then (184 days). (Not through --set of
  // the capacity, which would fix it for the whole run.) Ten times the care questions overload it.
  const auto changed =
      load(kSmall, {"care_questions.rate_per_child_per_year={0-5: 0.4, 6-11: 0.8, 12-17: 1.0}"});
  const auto half = overloaded(changed, Tier::kFirstLine, 2021);
  REQUIRE(half);
  CHECK(half->places == Approx((80.0 * 181 + 100.0 * 184) / 365.0).epsilon(1e-12));
}

// ---------------------------------------------------------------------------------------------
// Capacity that follows demand (tiers.<id>.responsive)

namespace {
// small.yaml's specialist tier with a quarter of its places: overloaded in every year.
const std::string kFewSpecialistPlaces = "tiers.specialist.capacity=35";
std::string responsive(double lag_days, double step_pct) {
  return "tiers.specialist.responsive={lag_days: " + std::to_string(lag_days) +
         ", step_pct: " + std::to_string(step_pct) + "}";
}
// Every value of the run but the places_mean rows, which say what the rule contracted.
std::vector<double> all_but_places(const YouthCareScenario& s, const std::vector<double>& v) {
  std::vector<double> out;
  const auto ids = metrics(s);
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (ids[i].metric != "places_mean") out.push_back(v[i]);
  }
  return out;
}
}  // namespace

TEST_CASE("a responsive tier's places follow its waiting list, never below its capacity",
          "[youth_care][capacity]") {
  const auto fixed = load(kSmall, {kFewSpecialistPlaces});
  const auto follows = load(kSmall, {kFewSpecialistPlaces, responsive(90, 5)});
  // Its places are not fixed, so the demand above them is no overload.
  REQUIRE_FALSE(overloads(fixed).empty());
  for (const auto& o : overloads(follows)) CHECK(o.tier != Tier::kSpecialist);
  double fixed_list = 0.0, following_list = 0.0;
  for (std::uint64_t r = 0; r < 3; ++r) {
    const auto f = simulate(fixed, r).values;
    const auto v = simulate(follows, r).values;
    for (int year = 2020; year <= 2022; ++year) {
      CHECK(f[position(fixed, "places_mean", "specialist", year)] == 35.0);
      CHECK(v[position(follows, "places_mean", "specialist", year)] > 35.0);
      // The places in use never exceed the places: occupancy <= places (no crises enter here),
      // up to rounding: the two time averages add up their areas at different moments.
      CHECK(v[position(follows, "occupancy_mean", "specialist", year)] <=
            v[position(follows, "places_mean", "specialist", year)] * (1 + 1e-12));
      fixed_list += f[position(fixed, "waiting_list_end", "specialist", year)];
      following_list += v[position(follows, "waiting_list_end", "specialist", year)];
    }
    // An unlimited tier has no places to report.
    CHECK(std::isnan(v[position(follows, "places_mean", "network", 2021)]));
  }
  CHECK(following_list < 0.25 * fixed_list);
}

TEST_CASE("the rule changes nothing but the places where it never acts", "[youth_care][capacity]") {
  // Places that open after the run ends: the reviews draw no random numbers and the places
  // never change, so every result is the fixed tier's, bit for bit.
  const auto fixed = load(kSmall, {kFewSpecialistPlaces});
  const auto too_late = load(kSmall, {kFewSpecialistPlaces, responsive(5000, 5)});
  // A tier that never has a list: nothing is contracted, nothing given back.
  const auto roomy = load(kSmall, {"tiers.specialist.capacity=2000"});
  const auto roomy_rule = load(kSmall, {"tiers.specialist.capacity=2000", responsive(90, 5)});
  for (std::uint64_t r = 0; r < 2; ++r) {
    CHECK(bitwise_equal(simulate(fixed, r).values, simulate(too_late, r).values));
    CHECK(bitwise_equal(simulate(roomy, r).values, simulate(roomy_rule, r).values));
  }
  // ... and the check can fail: with places that do open, the results differ.
  const auto in_time = load(kSmall, {kFewSpecialistPlaces, responsive(30, 5)});
  CHECK_FALSE(bitwise_equal(all_but_places(fixed, simulate(fixed, 0).values),
                            all_but_places(in_time, simulate(in_time, 0).values)));
}

TEST_CASE("a responsive tier gives back the places it added once nobody waits",
          "[youth_care][capacity]") {
  // Demand falls to a tenth from mid-2021: the places contracted before are given back, down to
  // the capacity and not below.
  const auto s = load(kSmall, {kFewSpecialistPlaces, responsive(60, 10),
                               "changes.0.set={care_questions.rate_per_child_per_year: "
                               "{0-5: 0.004, 6-11: 0.008, 12-17: 0.01}}"});
  for (std::uint64_t r = 0; r < 2; ++r) {
    const auto v = simulate(s, r).values;
    const double before = v[position(s, "places_mean", "specialist", 2020)];
    const double after = v[position(s, "places_mean", "specialist", 2022)];
    CHECK(before > 50.0);
    CHECK(after < before);
    CHECK(after >= 35.0);
  }
}

TEST_CASE("a responsive rule is checked where it is written", "[youth_care][capacity]") {
  const auto error_of = [](const std::vector<std::string>& overrides) {
    try {
      (void)load(kSmall, overrides);
    } catch (const io::InputError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK_THAT(error_of({"tiers.specialist.capacity=unlimited", responsive(90, 5)}),
             Catch::Contains("'tiers.specialist.responsive' lets a tier's places follow") &&
                 Catch::Contains("'unlimited'"));
  CHECK_THAT(
      error_of({responsive(90, 150)}),
      Catch::Contains("'tiers.specialist.responsive.step_pct'") && Catch::Contains("at most 100"));
  CHECK_THAT(error_of({"tiers.specialist.responsive={lag_days: 90, step: 5}"}),
             Catch::Contains("step_pct"));
  CHECK_THAT(error_of({"tiers.poh.responsive={lag_days: 90, step_pct: 5}"}),
             Catch::Contains("responsive"));
}

// ---------------------------------------------------------------------------------------------
// The metrics that meet CBS's figures: stays, re-entry, trajectories under a year

TEST_CASE("with_stay_pct is the share of the children in care counted out of home",
          "[youth_care][metrics]") {
  const auto s = load(kSmall);
  for (std::uint64_t r = 0; r < 3; ++r) {
    const auto v = simulate(s, r).values;
    for (int year = 2020; year <= 2022; ++year) {
      const double children =
          population(s.epochs[0].parameters.municipalities[0], year, s.start_year);
      const double out_of_home = v[position(s, "out_of_home_rate_pct", "", year)] * children / 100;
      const double in_care = v[position(s, "children_in_care", "", year)];
      REQUIRE(out_of_home > 0.0);
      CHECK(v[position(s, "with_stay_pct", "", year)] ==
            Approx(100.0 * out_of_home / in_care).epsilon(1e-9));
    }
  }
}

TEST_CASE("reentry_pct counts the care questions of children whose care ended within 5 years",
          "[youth_care][metrics]") {
  const auto reentry = [](const std::vector<std::string>& overrides) {
    const auto s = load(kSmall, overrides);
    double total = 0.0;
    for (std::uint64_t r = 0; r < 3; ++r) {
      for (int year = 2020; year <= 2022; ++year) {
        total += simulate(s, r).values[position(s, "reentry_pct", "", year)];
      }
    }
    return total / 9.0;
  };
  CHECK(reentry({"care_questions.relapse.probability=0"}) == 0.0);
  // Every resolved problem comes back, 100 days later: re-entries. Six years later: not within
  // the five years CBS looks back (the simulation runs 5 years, so none comes back at all).
  CHECK(reentry({"care_questions.relapse={probability: 1, delay: {dist: fixed, value: 100}}"}) >
        20.0);
  CHECK(reentry({"care_questions.relapse={probability: 1, delay: {dist: fixed, value: 2200}}"}) ==
        0.0);
}

TEST_CASE("stays_under_year_pct splits the ended stays at one year", "[youth_care][metrics]") {
  // Specialist care always resolves, with a fixed duration; nobody's problem grows and only
  // young children ask (none turns 18), so every specialist stay lasts exactly that long.
  const auto share = [](double days) {
    const auto s = load(
        kSmall, {"care_questions.worsening_per_year=0",
                 "care_questions.rate_per_child_per_year={0-5: 0.1, 6-11: 0, 12-17: 0}",
                 "tiers.specialist.capacity=unlimited",
                 "tiers.specialist.success={mild: 1, moderate: 1, severe: 1, crisis: 1}",
                 "tiers.specialist.duration={dist: fixed, value: " + std::to_string(days) + "}"});
    return simulate(s, 0).values[position(s, "stays_under_year_pct", "specialist", 2022)];
  };
  CHECK(share(300) == 100.0);
  CHECK(share(400) == 0.0);
}

// ---------------------------------------------------------------------------------------------
// Uncertain inputs: drawn once per replication

namespace {
const std::string kUncertainWorsening =
    "uncertain={care_questions.worsening_per_year: {dist: uniform, min: 0.5, max: 1.5}}";
}  // namespace

TEST_CASE("an uncertain input holds its mean in the scenario and a draw per replication",
          "[youth_care][uncertain]") {
  const auto s = load(kSmall, {kUncertainWorsening});
  REQUIRE(s.uncertain.size() == 1);
  CHECK(s.epochs[0].parameters.worsening_per_year == 1.0);  // the mean of uniform(0.5, 1.5)

  // The draws are uniform(0.5, 1.5): their mean is 1 within a 99.9% interval, 3.29 sd / sqrt(n).
  constexpr std::uint64_t n = 4000;
  double sum = 0.0;
  for (std::uint64_t r = 0; r < n; ++r) {
    const double x = draw_uncertain(s, r).at(0);
    REQUIRE(x >= 0.5);
    REQUIRE(x < 1.5);
    sum += x;
  }
  const double sd = 1.0 / std::sqrt(12.0);
  CHECK(std::abs(sum / n - 1.0) <= 3.29 * sd / std::sqrt(static_cast<double>(n)));

  // A replication's scenario carries its draw, in every epoch.
  const io::Document doc = [] {
    io::Document d = io::Document::from_file(kSmall);
    d.apply_override(kUncertainWorsening);
    return d;
  }();
  const auto drawn = drawn_scenario(doc, s, 7);
  CHECK(drawn.draws == draw_uncertain(s, 7));  // the draws it reports are the ones it used
  for (const auto& epoch : drawn.scenario.epochs) {
    CHECK(epoch.parameters.worsening_per_year == drawn.draws.at(0));
  }
  CHECK(simulate(drawn.scenario, 7).values != simulate(s, 7).values);
}

TEST_CASE("uncertain draws are common to scenarios and keyed by path", "[youth_care][uncertain]") {
  const auto a = load(kSmall, {kUncertainWorsening});
  const auto matched = load(kSmall, {kUncertainWorsening, "policy=matched"});
  const auto two = load(kSmall, {"uncertain={triage.accuracy: {dist: uniform, min: 0.6, max: 0.9}, "
                                 "care_questions.worsening_per_year: {dist: uniform, min: 0.5, "
                                 "max: 1.5}}"});
  for (std::uint64_t r = 0; r < 5; ++r) {
    CHECK(draw_uncertain(a, r) == draw_uncertain(matched, r));  // same replication, same draw
    CHECK(draw_uncertain(two, r).at(1) == draw_uncertain(a, r).at(0));  // another input added
    CHECK(draw_uncertain(a, r) != draw_uncertain(a, r + 1));
  }
}

TEST_CASE("uncertain inputs are checked like the values they stand for",
          "[youth_care][uncertain]") {
  // The mean must be a valid value: a capacity is a whole number.
  CHECK_THROWS_WITH(load(kSmall, {"uncertain={tiers.first_line.capacity: {dist: uniform, min: 50, "
                                  "max: 151}}"}),
                    Catch::Contains("whole number"));
  // A dated change cannot set what is drawn.
  CHECK_THROWS_WITH(load(kSmall, {"uncertain={tiers.poh.fte: {dist: uniform, min: 1, max: 3}}"}),
                    Catch::Contains("'tiers.poh.fte' is an uncertain input"));
  // A draw outside what the value allows names the replication and the draw.
  io::Document doc = io::Document::from_file(kSmall);
  // Bounded distributions are checked at their extremes when the file is loaded:
  CHECK_THROWS_WITH(
      load(kSmall, {"uncertain={triage.accuracy: {dist: uniform, min: 0.5, max: 1.5}}"}),
      Catch::Contains("can draw 1.5 for 'triage.accuracy'") && Catch::Contains("probability"));
  // an unbounded one only when a replication draws a bad value.
  doc.apply_override("uncertain={triage.accuracy: {dist: lognormal, mean: 0.9, sd: 0.2}}");
  std::vector<std::string> warnings;
  const auto s = load_scenario(doc, warnings);
  std::uint64_t r = 0;
  while (draw_uncertain(s, r).at(0) <= 1.0) ++r;
  CHECK_THROWS_WITH(drawn_scenario(doc, s, r), Catch::Contains("replication " + std::to_string(r) +
                                                               " drew triage.accuracy = ") &&
                                                   Catch::Contains("probability"));
  // A value fixed with --set is not drawn.
  io::Document fixed = io::Document::from_file(kSmall);
  fixed.apply_override(kUncertainWorsening);
  fixed.apply_override("care_questions.worsening_per_year=0.7");
  warnings.clear();
  const auto f = load_scenario(fixed, warnings);
  CHECK(f.uncertain.empty());
  CHECK(f.epochs[0].parameters.worsening_per_year == 0.7);
  CHECK_THAT(warnings.at(0), Catch::Contains("is not drawn"));
}

// ---------------------------------------------------------------------------------------------
// How problems reach out-of-home placement

namespace {
// No waiting anywhere, so nobody worsens in a line; no crisis among new questions.
const std::vector<std::string> kNoWaitsNoCrises = {
    "tiers.first_line.capacity=unlimited", "tiers.specialist.capacity=unlimited",
    "tiers.residential.capacity=unlimited", "tiers.poh.fte=1000",
    "changes.0.set={tiers.first_line.capacity: unlimited}"};
const std::string kNoCrises =
    "care_questions.severity={mild: 0.4, moderate: 0.3, severe: 0.3, crisis: 0}";

double residential_referrals(const YouthCareScenario& s) {
  double total = 0.0;
  for (std::uint64_t r = 0; r < 3; ++r) {
    Counters counters;
    const auto v = simulate(s, r, Options{true}, counters).values;
    for (int year = 2020; year <= 2022; ++year)
      total += v[position(s, "referrals", "residential", year)];
  }
  return total;
}

std::vector<std::string> plus(std::vector<std::string> base, const std::vector<std::string>& more) {
  base.insert(base.end(), more.begin(), more.end());
  return base;
}
}  // namespace

TEST_CASE("help lighter than the problem lets it grow into a crisis", "[youth_care]") {
  // Matched care never places after a failed trajectory, and nobody waits or starts in crisis:
  // a placement can only come from a problem that grew while the help was too light (the GP's
  // advice to go back to the own network, the POH).
  const auto grows = plus(kNoWaitsNoCrises, {"policy=matched", kNoCrises});
  CHECK(residential_referrals(load(kSmall, plus(grows, {"care_questions.worsening_per_year=0"}))) ==
        0.0);
  CHECK(residential_referrals(load(kSmall, plus(grows, {"care_questions.worsening_per_year=2"}))) >
        10.0);
}

TEST_CASE("stepped care places a child after failed specialist care only for a severe problem",
          "[youth_care]") {
  const auto stepped =
      plus(kNoWaitsNoCrises, {"policy=stepped", "care_questions.worsening_per_year=0"});
  // Mild and moderate problems only: specialist failures lead to another specialist trajectory.
  CHECK(residential_referrals(
            load(kSmall, plus(stepped, {"care_questions.severity={mild: 0.5, "
                                        "moderate: 0.5, severe: 0, crisis: 0}"}))) == 0.0);
  // With severe problems some specialist trajectories fail and lead to a placement.
  CHECK(residential_referrals(load(kSmall, plus(stepped, {kNoCrises}))) > 10.0);
}

TEST_CASE("a full POH makes nobody wait: the GP refers as without one", "[youth_care]") {
  // Two POH places for a municipality's GP questions: nearly always full.
  const auto s = load(kSmall, {"tiers.poh.caseload_per_fte=1"});
  for (std::uint64_t r = 0; r < 3; ++r) {
    const auto v = simulate(s, r).values;
    for (int year = 2020; year <= 2022; ++year) {
      CHECK(v[position(s, "referrals", "poh", year)] > 0.0);
      CHECK(v[position(s, "waiting_list_end", "poh", year)] == 0.0);
      CHECK(v[position(s, "wait_mean", "poh", year)] == 0.0);
    }
  }
  // The questions the full POH cannot take go to the GP's direct referrals: more specialist
  // referrals than with a POH that is never full (the same children: common random numbers).
  const auto roomy = load(kSmall, {"tiers.poh.caseload_per_fte=1000"});
  double full = 0.0, never_full = 0.0;
  for (std::uint64_t r = 0; r < 3; ++r) {
    full += simulate(s, r).values[position(s, "referrals", "specialist", 2021)];
    never_full += simulate(roomy, r).values[position(s, "referrals", "specialist", 2021)];
  }
  CHECK(full > never_full);
}

TEST_CASE("the GP without a POH refers by the child's severity", "[youth_care][gp]") {
  const auto referral = [](const std::string& value) {
    const auto s = load(kSmall, {"gp.specialist_referral=" + value});
    return s.epochs.front().parameters.gp_specialist_referral;
  };
  // One number is the same for every severity; a map gives each its own.
  CHECK(referral("0.6") == std::array<double, kSeverityCount>{0.6, 0.6, 0.6, 0.6});
  const auto by_severity = referral("{mild: 0.1, moderate: 0.5, severe: 0.9}");
  CHECK(by_severity[index(Severity::kMild)] == 0.1);
  CHECK(by_severity[index(Severity::kModerate)] == 0.5);
  CHECK(by_severity[index(Severity::kSevere)] == 0.9);
  const auto s = load(kSmall, {"gp.specialist_referral={mild: 0.1, moderate: 0.5, severe: 0.9}"});
  const Parameters& p = s.epochs.front().parameters;
  for (const Severity severity : {Severity::kMild, Severity::kModerate, Severity::kSevere}) {
    const auto d = first_tier(p, severity, Route::kGp, false);
    CHECK(d[index(Tier::kSpecialist)] == p.gp_specialist_referral[index(severity)]);
    CHECK(d[index(Tier::kNetwork)] == 1.0 - p.gp_specialist_referral[index(severity)]);
  }
  // In the simulation: with no POH and only the GP's route, a GP that refers only severe
  // problems sends fewer children to specialist care than one that refers every problem at the
  // severe rate (the same children: common random numbers).
  const std::vector<std::string> gp_only = {
      "tiers.poh.fte=0", "changes.0.set={tiers.first_line.capacity: 100, tiers.poh.fte: 0}",
      "care_questions.routes={gp: 1, district_team: 0, youth_protection: 0}",
      "tiers.specialist.capacity=unlimited"};
  const auto severe_only = load(kSmall, plus(gp_only, {"gp.specialist_referral={mild: 0, "
                                                       "moderate: 0, severe: 0.9}"}));
  const auto everyone = load(kSmall, plus(gp_only, {"gp.specialist_referral=0.9"}));
  double few = 0.0, many = 0.0;
  for (std::uint64_t r = 0; r < 2; ++r) {
    few += simulate(severe_only, r).values[position(severe_only, "referrals", "specialist", 2021)];
    many += simulate(everyone, r).values[position(everyone, "referrals", "specialist", 2021)];
  }
  CHECK(few > 0.0);
  CHECK(few < 0.5 * many);
  CHECK_THROWS_WITH(load(kSmall, {"gp.specialist_referral={mild: 0.1, moderate: 0.5}"}),
                    Catch::Contains("severe"));
}

TEST_CASE("the POH outcome mix is what the POH's success and assessment give",
          "[youth_care][poh][statistics]") {
  // A POH that is never full, so that its entrants are the GP's (and district teams') questions
  // it takes, whatever the time; exponential trajectories, so that the race with a worsening
  // has a closed form.
  const auto s = load(kSmall, {"tiers.poh.caseload_per_fte=1000",
                               "tiers.poh.duration={dist: exponential, mean: 90}"});
  const Parameters& p = s.epochs.front().parameters;
  // Expected from the rules alone (decisions.hpp): an entrant of severity `sev` comes with
  // probability mix x P(first tier = POH). Where the POH is too light (a severe problem), a
  // trajectory ends before the problem grows into a crisis with probability q = d / (d + w)
  // (trajectory rate d, worsening rate w); a crisis leaves the POH unbooked. A trajectory that
  // ends resolves with `success`, else the POH's assessment sends the child on, or keeps it
  // (probability k) for another trajectory with the same odds. So, per entrant, with
  // D = 1 - q (1 - success) k: resolved q success / D, sent to x q (1 - success) next[x] / D.
  const double d = 1.0 / 90.0;
  const double w = p.worsening_per_year / kDaysPerYear;
  double total = 0.0, resolved = 0.0, light = 0.0;
  for (std::size_t sev = 0; sev < kSeverityCount; ++sev) {
    const auto severity = static_cast<Severity>(sev);
    double entering = 0.0;
    for (std::size_t route = 0; route < kRouteCount; ++route) {
      entering += p.route_mix[route] *
                  first_tier(p, severity, static_cast<Route>(route), true)[index(Tier::kPoh)];
    }
    entering *= p.severity_mix[sev];
    if (entering == 0.0) continue;
    const double q = too_light(Tier::kPoh, severity) ? d / (d + w) : 1.0;
    const double success = p.tier(Tier::kPoh).success[sev];
    const auto next = after_failure(p, Tier::kPoh, severity);
    const double keep = next[index(Tier::kPoh)];
    const double denominator = 1 - q * (1 - success) * keep;
    total += entering * q * (success + (1 - success) * (1 - keep)) / denominator;
    resolved += entering * q * success / denominator;
    light += entering * q * (1 - success) *
             (next[index(Tier::kNetwork)] + next[index(Tier::kFirstLine)]) / denominator;
  }
  const double expected_resolved = 100 * resolved / total;
  const double expected_light = 100 * light / total;
  // The simulated shares of every replication-year; the expected share must lie within the
  // 99.9% interval of their mean (a year's share is a ratio of counts, biased by O(1/n) with
  // n ~ 100 endings a year: far inside the interval).
  std::vector<double> no_referral, light_help, specialist;
  for (std::uint64_t r = 0; r < 40; ++r) {
    const auto v = simulate(s, r).values;
    for (int year = 2020; year <= 2022; ++year) {
      no_referral.push_back(v[position(s, "poh_no_referral_pct", "", year)]);
      light_help.push_back(v[position(s, "poh_to_light_help_pct", "", year)]);
      specialist.push_back(v[position(s, "poh_to_specialist_pct", "", year)]);
      CHECK(no_referral.back() + light_help.back() + specialist.back() == Approx(100.0));
    }
  }
  const auto within = [](const std::vector<double>& shares, double expected) {
    const engine::Summary mean = engine::summarize(shares, 0.999);
    INFO("expected " << expected << ", simulated " << mean.mean << " [" << mean.ci_low << ", "
                     << mean.ci_high << "]");
    CHECK(mean.ci_low <= expected);
    CHECK(expected <= mean.ci_high);
  };
  within(no_referral, expected_resolved);
  within(light_help, expected_light);
  within(specialist, 100 - expected_resolved - expected_light);
}

TEST_CASE("a change after the run is checked, warned about and never applied", "[youth_care]") {
  // small.yaml reports 2020-2022 and changes on 2021-07-01; with one year the change is after
  // the run, and on 2021-01-01 exactly at its end.
  for (const std::string from : {"2021-07-01", "2021-01-01"}) {
    io::Document doc = io::Document::from_file(kSmall);
    doc.apply_override("years=1");
    doc.apply_override("changes.0.from=" + from);
    std::vector<std::string> warnings;
    const auto s = load_scenario(doc, warnings);
    CHECK(s.epochs.size() == 1);
    CHECK(std::any_of(warnings.begin(), warnings.end(), [](const std::string& w) {
      return w.find("has no effect") != std::string::npos;
    }));
    Counters counters;
    CHECK_NOTHROW(simulate(s, 0, Options{true}, counters));
    CHECK_FALSE(cohort(s).empty());
  }
  // Still checked like any change.
  CHECK_THROWS_WITH(load(kSmall, {"years=1", "changes.0.set={tiers.first_line.capacity: -3}"}),
                    Catch::Contains("capacity"));
}

TEST_CASE("only values of care and population can be uncertain", "[youth_care][uncertain]") {
  CHECK_THROWS_WITH(load(kSmall, {"uncertain={years: {dist: empirical, values: [1, 3]}}"}),
                    Catch::Contains("'years' cannot be uncertain"));
  CHECK_NOTHROW(load(kSmall, {"uncertain={municipalities.0.children: {dist: uniform, min: 9000, "
                              "max: 11000}}"}));
}

TEST_CASE("a bad draw is reported at the uncertain entry that drew it", "[youth_care][uncertain]") {
  std::ifstream in(kSmall);
  std::stringstream file;
  file << in.rdbuf();
  std::string text = file.str();
  const auto line = 1 + std::count(text.begin(), text.end(), '\n');
  text +=
      "uncertain:\n"
      "  care_questions.worsening_per_year: {dist: uniform, min: 0.5, max: 1.5}\n"
      "  triage.accuracy: {dist: lognormal, mean: 0.9, sd: 0.2}\n";
  const io::Document doc = io::Document::from_string(text, "u.yaml");
  std::vector<std::string> warnings;
  const auto s = load_scenario(doc, warnings);
  std::uint64_t r = 0;
  while (draw_uncertain(s, r).at(1) <= 1.0) ++r;
  try {
    (void)drawn_scenario(doc, s, r);
    FAIL("no error");
  } catch (const io::InputError& e) {
    CHECK(e.location() == "u.yaml:" + std::to_string(line + 2) + ":3");
    CHECK_THAT(e.message(), Catch::Contains("replication " + std::to_string(r)) &&
                                Catch::Contains("probability"));
  }
}
