// `jeugdsim compare` end to end (the shared harness is cli.hpp): paired differences with common
// random numbers, the same for any thread count, and each scenario's summary as run writes it.

#include <map>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "cli.hpp"

using namespace cli_test;

namespace {
// The half-width of the paired interval of `metric` (no tier) in `year` of compare.csv.
double half_width(const std::string& csv, const std::string& metric, const std::string& year) {
  std::istringstream lines(csv);
  std::string line;
  while (std::getline(lines, line)) {
    std::vector<std::string> cells;
    std::istringstream row(line);
    std::string cell;
    while (std::getline(row, cell, ',')) cells.push_back(cell);
    if (cells.size() == 13 && cells[2] == metric && cells[3].empty() && cells[4] == year) {
      return (std::stod(cells[9]) - std::stod(cells[8])) / 2.0;
    }
  }
  throw std::runtime_error("no row " + metric + " " + year);
}
}  // namespace

TEST_CASE("compare writes paired differences, the same for any thread count",
          "[cli][compare][determinism]") {
  const Sandbox box;
  const std::string small = (kData / "youth_care" / "small.yaml").string();
  const Outcome one = box.run({"compare", small, "--variant", "more:tiers.poh.caseload_per_fte=40",
                               "-r", "6", "--threads", "1", "--out", "one"});
  INFO("stderr: " << one.err);
  REQUIRE(one.exit_code == 0);
  const Outcome two = box.run({"compare", small, "--variant", "more:tiers.poh.caseload_per_fte=40",
                               "-r", "6", "--threads", "2", "--out", "two"});
  REQUIRE(two.exit_code == 0);
  const std::string csv = read_text(box.work() / "one" / "compare.csv");
  CHECK(csv == read_text(box.work() / "two" / "compare.csv"));
  CHECK_THAT(
      csv, Catch::StartsWith("base,alternative,metric,tier,year,base_mean,alt_mean,diff_mean,"
                             "diff_ci_low,diff_ci_high,diff_p025,diff_p975,diff_pct\nsmall,more,"));
  CHECK_THAT(one.out, Catch::Contains("more against small"));
  // The headline in words, for the last reported year.
  CHECK_THAT(one.out, Catch::Contains("\nmore ") &&
                          Catch::Contains(" the out-of-home rate in 2022") &&
                          Catch::Contains("percentage points, 95%: ") &&
                          Catch::Contains(" in 2022 ") && Catch::Contains("small"));
  CHECK(half_width(csv, "cost_eur", "2022") > 0.0);  // a real difference, with an interval
}

TEST_CASE("common random numbers make the paired interval much narrower", "[cli][compare][crn]") {
  // The same small change (POH caseload 30 -> 34) compared twice with the same seed: once with
  // common random numbers, once with --independent streams. With common random numbers the two
  // replications r share arrivals, children and most of their draws, so the difference varies
  // far less. Measured: about a tenth of the half-width (docs/compare.md); a half is asserted,
  // which fails if the streams stop being shared.
  const Sandbox box;
  const std::string small = (kData / "youth_care" / "small.yaml").string();
  const std::vector<std::string> common = {
      "compare", small, "--variant", "c34:tiers.poh.caseload_per_fte=34", "-r", "20"};
  REQUIRE(box.run(plus(common, {"--out", "crn"})).exit_code == 0);
  REQUIRE(box.run(plus(common, {"--out", "ind", "--independent"})).exit_code == 0);
  const std::string crn = read_text(box.work() / "crn" / "compare.csv");
  const std::string ind = read_text(box.work() / "ind" / "compare.csv");
  for (const std::string year : {"2021", "2022"}) {
    for (const std::string metric : {"cost_eur", "children_in_care"}) {
      INFO(metric << " " << year << ": " << half_width(crn, metric, year) << " vs "
                  << half_width(ind, metric, year));
      CHECK(half_width(crn, metric, year) < 0.5 * half_width(ind, metric, year));
    }
  }
}

TEST_CASE("compare rejects a malformed variant and scenarios of different kinds",
          "[cli][compare][usage]") {
  const std::string small = (kData / "youth_care" / "small.yaml").string();
  check_rejected({"compare", small, "--variant", "policy=matched"}, "--variant policy=matched",
                 {"expected NAME:PATH=VALUE"});
  check_rejected({"compare", small, kClinic}, kClinic, {"cannot be compared"});
  check_rejected({"compare", small}, "compare", {"nothing to compare"});
}

namespace {

// summary.csv without its first column (the scenario's name), which differs between a compare
// variant and the same scenario run on its own.
std::string without_names(const std::string& csv) {
  std::string out;
  for (const auto& line : lines_of(csv)) out += line.substr(line.find(',')) + "\n";
  return out;
}

}  // namespace

TEST_CASE("compare writes each scenario's summary as run writes it, listed in compare.json",
          "[cli][compare][report]") {
  const Sandbox box;
  const Outcome r = box.run(
      {"compare", kSmall, "--variant", "matched:policy=matched", "-r", "4", "--out", "out"});
  INFO("stderr: " << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(box.created() ==
        std::vector<std::string>{"out", "out/compare.csv", "out/compare.json", "out/matched",
                                 "out/matched/summary.csv", "out/matched/summary.json", "out/small",
                                 "out/small/summary.csv", "out/small/summary.json"});
  const auto manifest = nlohmann::json::parse(box.read("out/compare.json"));
  CHECK(manifest["base"] == "small");
  CHECK(manifest["scenarios"][1]["name"] == "matched");
  CHECK(manifest["scenarios"][1]["folder"] == "matched");
  // What the report's "how to reproduce" says: `run` with the same file, seed, replications
  // and --set gives the same numbers.
  const Outcome base = box.run({"run", kSmall, "-r", "4", "--out", "base", "-q"});
  const Outcome matched =
      box.run({"run", kSmall, "-r", "4", "--set", "policy=matched", "--out", "alone", "-q"});
  REQUIRE(base.exit_code == 0);
  REQUIRE(matched.exit_code == 0);
  CHECK(box.read("out/small/summary.csv") == box.read("base/summary.csv"));
  CHECK(without_names(box.read("out/matched/summary.csv")) ==
        without_names(box.read("alone/summary.csv")));
  const auto summary = nlohmann::json::parse(box.read("out/matched/summary.json"));
  CHECK(summary["overrides"] == std::vector<std::string>{"policy=matched"});
  CHECK(summary["parameters"]["policy"] == "matched");  // the values as run, --set applied
  CHECK_THAT(summary["parameters"]["municipalities.town"].get<std::string>(),
             Catch::StartsWith("{id: town, children: 4000, "));
}
