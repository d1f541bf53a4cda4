// Bad input end to end (the shared harness is cli.hpp): every bad file of tests/data/bad/ as one
// table, bad --set overrides, bad command lines, and the limits. Each must be refused with exit
// code 2, one located line on stderr and nothing written.
//
// Each fixture's first line says what is wrong; the line and column of its row count that line.

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "cli.hpp"

using namespace cli_test;

// ---------------------------------------------------------------------------------------------
// Bad scenario and sweep files: exit code 2, FILE:LINE:COL: error: ..., nothing written

namespace {

// A file of tests/data/bad/ and what `jeugdsim COMMAND FILE` must say about it.
struct BadFile {
  const char* fixture;  // tests/data/bad/FIXTURE.yaml
  const char* command;  // run (a scenario) or sweep
  int line;             // where the error is, counting the fixture's first comment line
  int column;
  const char* what;  // what is wrong, in words (the section's name when it fails)
  std::vector<std::string> says;
};

// One row per fixture: a new error class is a new fixture and a row here.
// clang-format off
const std::vector<BadFile> kBadFiles = {
  {"yaml-unclosed-brace", "run", 13, 12,
   "a '{' that is never closed is located at the '{'",
   {"invalid YAML", "expected '}'"}},
  {"yaml-tab-indentation", "run", 11, 1,
   "a tab in the indentation is a located YAML error",
   {"invalid YAML", "tab", "spaces"}},
  {"yaml-colon-in-value", "run", 3, 10,
   "an unquoted ': ' inside a value is a located YAML error",
   {"invalid YAML", "quote a value"}},
  {"yaml-unclosed-quote", "run", 3, 7,
   "a quote that is never closed is located at the quote",
   {"invalid YAML", "never closed"}},
  {"empty", "run", 1, 1,
   "a file with no scenario in it is a located error",
   {"the file is empty", "expected a scenario"}},
  {"duplicate-key", "run", 12, 5,
   "a key written twice is a located error",
   {"duplicate key 'servers' in 'stations.triage' (first at line 11)"}},
  {"unknown-key", "run", 11, 5,
   "an unknown key is a located error with did-you-mean",
   {"unknown key 'servrs' in 'stations.triage' (did you mean 'servers'?)",
    "expected 'id', 'servers', 'service' or 'route'"}},
  {"unknown-top-key", "run", 4, 1,
   "an unknown top-level key is a located error with did-you-mean",
   {"unknown key 'horizon_dyas' in the scenario (did you mean 'horizon_days'?)"}},
  {"unknown-distribution-key", "run", 12, 34,
   "an unknown distribution parameter is checked against its family's keys",
   {"unknown key 'meen' in 'stations.triage.service' (did you mean 'mean'?); "
    "expected 'dist' or 'mean'"}},
  {"wrong-type", "run", 4, 15,
   "a value of the wrong type is a located error naming the type expected",
   {"'horizon_days' must be a number, not 'ten'"}},
  {"missing-key", "run", 10, 5,
   "a missing key is located at the map that lacks it",
   {"missing key 'service' in 'stations.triage'"}},
  {"missing-kind", "run", 2, 1,
   "a missing kind is a located error listing the kinds",
   {"missing key 'kind'", "network"}},
  {"unknown-kind", "run", 2, 7,
   "an unknown kind is a located error with did-you-mean",
   {"'kind' must be 'network' or 'youth_care', not 'netwerk' (did you mean 'network'?)"}},
  {"negative-mean", "run", 12, 40,
   "a negative mean is a located error",
   {"'stations.triage.service.mean' must be greater than 0, not -1.2"}},
  {"zero-mean", "run", 8, 45,
   "a zero mean is a located error",
   {"'arrivals.0.interarrival.mean' must be greater than 0, not 0"}},
  {"nan-value", "run", 12, 40,
   "NaN is refused with a located error",
   {"'stations.triage.service.mean' must be a number", "NaN and infinity"}},
  {"infinite-value", "run", 4, 15,
   "infinity is refused with a located error",
   {"'horizon_days' must be a number", "NaN and infinity"}},
  {"probabilities-not-one", "run", 13, 12,
   "route probabilities that do not sum to 1 are a located error",
   {"the probabilities of 'stations.triage.route' sum to 0.9; they must sum to 1"}},
  {"probability-above-one", "run", 13, 20,
   "a probability above 1 is a located error even if the sum is 1",
   {"'stations.triage.route.treat' must be a probability from 0 to 1, not 1.5"}},
  {"route-unknown-station", "run", 13, 13,
   "a route to an unknown station is a located error",
   {"route to unknown station 'tret' (did you mean 'treat'?)", "or 'exit'"}},
  {"arrivals-unknown-station", "run", 7, 9,
   "arrivals to an unknown station are a located error",
   {"arrivals go to unknown station 'triag' (did you mean 'triage'?)"}},
  {"route-never-exits", "run", 17, 12,
   "a route that can never exit is a located error",
   {"customers at station 'treat' can never exit", "leads to 'exit'"}},
  {"servers-zero", "run", 11, 14,
   "servers: 0 is a located error",
   {"'stations.triage.servers' must be a positive whole number or 'unlimited', not 0"}},
  {"servers-lots", "run", 11, 14,
   "servers: lots is a located error",
   {"'stations.triage.servers' must be a positive whole number or 'unlimited', not 'lots'"}},
  {"duplicate-station-id", "run", 14, 9,
   "a duplicate station id is a located error",
   {"duplicate station id 'triage'"}},
  {"sweep-unknown-key", "sweep", 3, 1,
   "an unknown key in a sweep",
   {"unknown key 'replication' in the sweep", "did you mean 'replications'?"}},
  {"sweep-seed-swept", "sweep", 4, 3,
   "a swept seed",
   {"'seed' cannot be swept"}},
  {"sweep-bad-value", "sweep", 4, 21,
   "a swept value the parameter cannot take",
   {"not 'mached'", "did you mean 'matched'?"}},
  {"sweep-no-base", "sweep", 2, 7,
   "a base scenario that does not exist",
   {"the file '../youth_care/no-such-file.yaml'", "'base' is a scenario file, relative to the "
                                                   "sweep file"}},
  {"sweep-grid-and-points", "sweep", 6, 3,
   "a sweep with both grid and points",
   {"either 'grid' or 'points', not both"}},
  {"sweep-unknown-path", "sweep", 4, 18,
   "a swept path the scenario does not have",
   {"unknown key 'fe' in 'tiers.poh'", "did you mean 'fte'?"}},
};
// clang-format on

}  // namespace

TEST_CASE("every bad file is refused at its line and column, saying what is wrong",
          "[cli][input]") {
  for (const BadFile& bad_file : kBadFiles) {
    DYNAMIC_SECTION(bad_file.fixture << ": " << bad_file.what) {
      const std::string file = bad(bad_file.fixture);
      check_rejected(
          {bad_file.command, file},
          file + ":" + std::to_string(bad_file.line) + ":" + std::to_string(bad_file.column),
          bad_file.says);
    }
  }
}

TEST_CASE("validate rejects a bad file exactly as run does", "[cli][input][validate]") {
  for (const BadFile& bad_file : kBadFiles) {
    if (std::string(bad_file.command) != "run") continue;
    DYNAMIC_SECTION(bad_file.fixture) {
      const Sandbox box;
      const std::string file = bad(bad_file.fixture);
      const Outcome run = box.run({"run", file});
      const Outcome validate = box.run({"validate", file});
      CHECK(validate.exit_code == 2);
      CHECK(validate.err == run.err);
      CHECK(validate.out.empty());
      CHECK(box.created().empty());
    }
  }
}

TEST_CASE("every file in tests/data/bad/ has a row in the table, and every row a file",
          "[cli][input]") {
  std::set<std::string> files;
  for (const auto& entry : fs::directory_iterator(kData / "bad")) {
    files.insert(entry.path().stem().string());
  }
  std::set<std::string> rows;
  for (const BadFile& bad_file : kBadFiles) {
    CHECK(rows.insert(bad_file.fixture).second);  // one row per fixture
  }
  CHECK(files == rows);
}

// ---------------------------------------------------------------------------------------------
// Bad --set overrides: exit code 2, "--set PATH=VALUE: error: ...", nothing written

TEST_CASE("a --set naming an unknown list id is an error with did-you-mean", "[cli][set]") {
  check_rejected({"run", kClinic, "--set", "stations.triag.servers=4"},
                 "--set stations.triag.servers=4",
                 {"no item with id 'triag' in 'stations' (did you mean 'triage'?)"});
}

TEST_CASE("a --set naming an unknown key is an error with did-you-mean", "[cli][set]") {
  check_rejected({"run", kClinic, "--set", "stations.triage.servrs=4"},
                 "--set stations.triage.servrs=4",
                 {"unknown key 'servrs' in 'stations.triage' (did you mean 'servers'?)"});
  check_rejected({"run", kClinic, "--set", "statons.triage.servers=4"},
                 "--set statons.triage.servers=4",
                 {"no key 'statons' in the top level (did you mean 'stations'?)"});
}

TEST_CASE("a --set without PATH=VALUE is an error showing the form", "[cli][set]") {
  check_rejected({"run", kClinic, "--set", "foo"}, "--set foo",
                 {"expected PATH=VALUE, e.g. --set stations.triage.servers=4"});
}

TEST_CASE("the same --set path given twice is an error", "[cli][set]") {
  check_rejected({"run", kClinic, "--set", "seed=1", "--set", "seed=2"}, "--set seed=2",
                 {"'seed' is set twice (also by --set seed=1)"});
  // --seed is an override of 'seed' too, and is named as the user typed it.
  check_rejected({"run", kClinic, "--set", "seed=1", "--seed", "2"}, "--seed 2",
                 {"'seed' is set twice (also by --set seed=1)"});
}

TEST_CASE("an invalid value given by --set is reported at the --set", "[cli][set]") {
  check_rejected({"run", kClinic, "--set", "stations.triage.servers=0"},
                 "--set stations.triage.servers=0",
                 {"'stations.triage.servers' must be a positive whole number or 'unlimited', "
                  "not 0"});
  check_rejected({"run", kClinic, "--set", "stations.triage.service.mean=.nan"},
                 "--set stations.triage.service.mean=.nan", {"NaN and infinity"});
  // A value reached under another path than the one set (the renamed station's id is read as
  // stations.triage.id) still points at the --set, not at line 1 of the file.
  check_rejected({"run", kClinic, "--set", "stations.treat.id=triage"},
                 "--set stations.treat.id=triage", {"duplicate station id 'triage'"});
}

TEST_CASE("a --set can replace a whole list item addressed by id", "[cli][set]") {
  const Sandbox box;
  const Outcome r = box.run({"validate", kClinic, "--set",
                             "stations.treat={id: treat, servers: 2, service: {dist: fixed, "
                             "value: 1}, route: {exit: 1}}"});
  INFO("stderr: " << r.err);
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("treat 0.400"));  // 0.8/day x 1 day / 2 servers
}

// ---------------------------------------------------------------------------------------------
// Bad command lines: exit code 2, nothing written

TEST_CASE("run --show with a metric the scenario does not report is an error", "[cli][usage]") {
  check_rejected({"run", kClinic, "--show", "wait_mean,wiat_mean"}, "--show wiat_mean",
                 {"no metric 'wiat_mean'", "did you mean 'wait_mean'?"});
}

TEST_CASE("a scenario file that does not exist is an error naming it", "[cli][usage]") {
  check_rejected({"run", "no-such-file.yaml"}, "no-such-file.yaml",
                 {"cannot open the scenario file: No such file or directory"});
}

TEST_CASE("a folder given as the scenario file is an error", "[cli][usage]") {
  check_rejected({"validate", kData.string()}, kData.string(),
                 {"is a folder; expected a scenario file"});
}

TEST_CASE("an unknown option is a usage error with exit code 2", "[cli][usage]") {
  const Sandbox box;
  const Outcome r = box.run({"run", kClinic, "--bogus"});
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::StartsWith("jeugdsim: error: "));
  CHECK_THAT(r.err, Catch::Contains("--bogus"));
  CHECK_THAT(r.err, Catch::Contains("--help"));
  CHECK(box.created().empty());
}

TEST_CASE("a missing subcommand or scenario file is a usage error", "[cli][usage]") {
  const Sandbox box;
  for (const auto& args : std::vector<std::vector<std::string>>{{}, {"frobnicate"}, {"run"}}) {
    const Outcome r = box.run(args);
    INFO("stderr: " << r.err);
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::StartsWith("jeugdsim: error: "));
  }
  CHECK(box.created().empty());
}

TEST_CASE("out-of-range --seed and --replications are usage errors", "[cli][usage]") {
  const Sandbox box;
  // -1 must not wrap around to 2^64 - 1, nor be blamed on a --set that was never given.
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"run", kClinic, "--seed", "-1"}, {"run", kClinic, "--replications", "0"}}) {
    const Outcome r = box.run(args);
    INFO("stderr: " << r.err);
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::StartsWith("jeugdsim: error: " + args[2] + ": Value " + args[3] +
                                        " not in range"));
  }
  CHECK(box.created().empty());
}

TEST_CASE("asking for --help or --version exits 0", "[cli][usage]") {
  const Sandbox box;
  const Outcome help = box.run({"run", "--help"});
  CHECK(help.exit_code == 0);
  CHECK_THAT(help.out, Catch::Contains("--replications"));
  const Outcome version = box.run({"--version"});
  CHECK(version.exit_code == 0);
  CHECK_THAT(version.out, Catch::StartsWith("0.1.0"));
}

// ---------------------------------------------------------------------------------------------
// Limits: absurd values are refused before anything runs, saying the limit and why; exit code
// 2, nothing written (docs/reliability.md)

namespace {

const std::string kSmallYouthCare = (kData / "youth_care" / "small.yaml").string();

// `run FILE --set ASSIGNMENT` is refused at that --set.
void check_set_refused(const std::string& file, const std::string& assignment,
                       std::initializer_list<std::string> says) {
  check_rejected({"run", file, "--set", assignment}, "--set " + assignment, says);
}

// This machine's memory, from /proc/meminfo (0 if unknown).
double machine_memory_bytes() {
  std::ifstream meminfo("/proc/meminfo");
  std::string key;
  double kilobytes = 0.0;
  while (meminfo >> key >> kilobytes) {
    if (key == "MemTotal:") return kilobytes * 1024.0;
    meminfo.ignore(64, '\n');
  }
  return 0.0;
}

}  // namespace

TEST_CASE("a population of 1e12 children is refused, saying the limit and why", "[cli][limits]") {
  check_set_refused(
      kSmallYouthCare, "municipalities.town.children=1e12",
      {"'municipalities.town.children' is 1e+12", "at most 10,000,000 children per municipality",
       "the Netherlands has about 3.4 million aged 0-17"});
  // A trend that compounds beyond it, over 60 years, is refused at the trend.
  check_rejected({"run", kSmallYouthCare, "--set", "years=60", "--set",
                  "municipalities.town.growth_pct_per_year=50"},
                 "--set municipalities.town.growth_pct_per_year=50",
                 {"with 50% a year from 4000 children in 2020", "would have",
                  "at most 10,000,000 children per municipality"});
}

TEST_CASE("a billion replications are refused, in the file and with -r, saying the limit and why",
          "[cli][limits]") {
  for (const auto& [args, where] : std::vector<std::pair<std::vector<std::string>, std::string>>{
           {{"run", kClinic, "-r", "1000000000"}, "--replications 1000000000"},
           {{"run", kClinic, "--set", "replications=1000000000"}, "--set replications=1000000000"},
           {{"sweep", (kData / "sweeps" / "small-grid.yaml").string(), "-r", "1000000000"},
            "--replications 1000000000"}}) {
    check_rejected(args, where,
                   {"'replications' must be a whole number from 1 to 1000000",
                    "a thousandth of the spread between replications"});
  }
}

TEST_CASE("a horizon of a million years is refused, saying the limit and why", "[cli][limits]") {
  check_set_refused(kClinic, "horizon_days=365250000",
                    {"warmup_days + horizon_days is 3.6525e+08 days", "at most 100000000",
                     "about 270,000 years", "20 million days"});
  check_set_refused(kSmallYouthCare, "years=1000000",
                    {"'years' must be a whole number from 1 to 100, not 1000000",
                     "a policy question looks years to decades ahead"});
}

TEST_CASE("a time between repeating events that the clock cannot resolve is refused",
          "[cli][limits]") {
  // Either would run forever: arrivals, or care that continues in place, at the same instant.
  check_set_refused(kClinic, "arrivals.0.interarrival={dist: fixed, value: 0}",
                    {"'arrivals.0.interarrival' has a mean of 0 days", "without the clock moving"});
  check_set_refused(kSmallYouthCare, "tiers.residential.duration={dist: fixed, value: 1e-12}",
                    {"'tiers.residential.duration' has a mean of 1e-12 days",
                     "a billionth of the 1826 days simulated"});
}

TEST_CASE("POH places beyond any capacity are refused, saying the limit and why", "[cli][limits]") {
  check_set_refused(kSmallYouthCare, "tiers.poh.fte=1e300",
                    {"fte x caseload_per_fte gives 3e+301 POH places in 'town'",
                     "at most 10,000,000", "three times as many as the Netherlands has children"});
  check_set_refused(
      kSmallYouthCare, "tiers.specialist.capacity=20000000",
      {"from 0 to 10000000, not 20000000", "three times as many as the Netherlands has children"});
}

TEST_CASE("a replication that could not fit in this machine's memory is refused",
          "[cli][limits][memory]") {
  // A million care questions per child per year: even the largest machines are petabytes short.
  check_set_refused(kSmallYouthCare,
                    "care_questions.rate_per_child_per_year={0-5: 1e6, 6-11: 1e6, 12-17: 1e6}",
                    {"one replication could hold up to",
                     "children in care or waiting at once (the care questions of 5 years",
                     "of memory; this machine allows"});
  // An overloaded station whose line grows for 100 million days: located at its servers.
  const Sandbox box;
  std::string yaml =
      "kind: network\nhorizon_days: 100000000\nstations:\n"
      "  - {id: desk, servers: 1, service: {dist: fixed, value: 1}, route: {exit: 1}}\n"
      "arrivals:\n";
  for (int i = 0; i < 1000; ++i)
    yaml += "  - {to: desk, interarrival: {dist: exponential, mean: 0.1}}\n";
  const std::string file = box.write_input("overloaded.yaml", yaml);
  check_rejected(
      {"run", file}, file + ":4:25",
      {"one replication could hold up to 1e+12 customers in the network at once",
       "the most at station 'desk' (overloaded: its line grows for 1e+08 days)", "TB of memory"});
  // validate refuses exactly what run refuses.
  const Outcome v = box.run({"validate", file});
  CHECK(v.exit_code == 2);
  CHECK_THAT(v.err, Catch::StartsWith(file + ":4:25: error: one replication could hold"));
}

TEST_CASE("more replications than their results can keep in memory are refused up front",
          "[cli][limits][memory]") {
  // 100 years of timeseries.csv for a million replications: about 620 GB.
  if (machine_memory_bytes() > 6e11) {
    WARN("this machine has more than 600 GB of memory: not tested");
    return;
  }
  check_rejected({"run", kSmallYouthCare, "--set", "years=100", "-r", "1000000"},
                 "--replications 1000000",
                 {"1000000 replications would keep about",
                  "(4500 values and 6000 rows of "  // 100 years x 45 values (metrics.hpp)
                  "timeseries.csv each",
                  "run fewer replications"});
}
