// Scenario input (io/): located YAML reading, --set overrides, typed values and distributions
// with did-you-mean, and a scenario as the report's PATH = VALUE rows.

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <catch2/catch.hpp>

#include "jeugdsim/io/did_you_mean.hpp"
#include "jeugdsim/io/document.hpp"
#include "jeugdsim/io/input_error.hpp"
#include "jeugdsim/io/parameter_table.hpp"
#include "jeugdsim/io/read_distribution.hpp"
#include "jeugdsim/io/value_reader.hpp"

using namespace jeugdsim::io;

namespace {

const char* const kScenario = R"(kind: network
stations:
  - id: triage
    servers: 3
    service: {dist: exponential, mean: 1.2}
  - id: treat
    servers: unlimited
arrivals:
  - to: triage
)";

Document doc() { return Document::from_string(kScenario, "s.yaml"); }

// The error message of `f`, which must throw an InputError.
template <class F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  }
  FAIL("no InputError thrown");
  return "";
}

}  // namespace

TEST_CASE("edit distance and suggestions", "[io]") {
  CHECK(edit_distance("servers", "servers") == 0);
  CHECK(edit_distance("servrs", "servers") == 1);
  CHECK(edit_distance("", "abc") == 3);
  CHECK(edit_distance("kitten", "sitting") == 3);
  const std::vector<std::string> keys{"servers", "service", "route", "id"};
  CHECK(closest_match("servrs", keys) == std::optional<std::string>("servers"));
  CHECK(closest_match("rout", keys) == std::optional<std::string>("route"));
  CHECK(closest_match("capacity", keys) == std::nullopt);
  CHECK(did_you_mean("sevice", keys) == " (did you mean 'service'?)");
  CHECK(did_you_mean("zzzzzz", keys).empty());
}

TEST_CASE("an override sets a value addressed by list id", "[io][set]") {
  Document d = doc();
  d.apply_override("stations.triage.servers=4");
  CHECK(d.root()["stations"][0]["servers"].as<int>() == 4);
  d.apply_override("stations.treat.servers=2");
  CHECK(d.root()["stations"][1]["servers"].as<int>() == 2);
}

TEST_CASE("an override can address list items by index and nested maps", "[io][set]") {
  Document d = doc();
  d.apply_override("arrivals.0.to=treat");
  CHECK(d.root()["arrivals"][0]["to"].as<std::string>() == "treat");
  d.apply_override("stations.triage.service.mean=2.5");
  CHECK(d.root()["stations"][0]["service"]["mean"].as<double>() == 2.5);
}

TEST_CASE("an override may add a key, and its value is read as YAML", "[io][set]") {
  Document d = doc();
  d.apply_override("seed=7");
  d.apply_override("stations.treat.service={dist: fixed, value: 2}");
  CHECK(d.root()["seed"].as<int>() == 7);
  CHECK(d.root()["stations"][1]["service"]["value"].as<double>() == 2.0);
}

TEST_CASE("a wrong override path is an error naming the override", "[io][set]") {
  Document d = doc();
  CHECK(error_of([&] { d.apply_override("stations.triag.servers=4"); }) ==
        "--set stations.triag.servers=4: error: no item with id 'triag' in 'stations' (did you "
        "mean 'triage'?)");
  CHECK(error_of([&] { d.apply_override("statons.triage.servers=4"); }) ==
        "--set statons.triage.servers=4: error: no key 'statons' in the top level (did you mean "
        "'stations'?)");
  CHECK_THAT(error_of([&] { d.apply_override("servers"); }),
             Catch::Contains("expected PATH=VALUE"));
  CHECK(error_of([&] { d.apply_override("kind.x=1"); }) ==
        "--set kind.x=1: error: 'kind' is not a map of keys; cannot set 'x'");
  d.apply_override("seed=1");
  CHECK_THAT(error_of([&] { d.apply_override("seed=2"); }), Catch::Contains("set twice"));
}

TEST_CASE("a value that came from an override is located at the override", "[io][set]") {
  Document d = doc();
  d.apply_override("stations.triage.servers=lots");
  const ValueReader servers(d, d.root()["stations"][0]["servers"], "stations.triage.servers");
  CHECK(servers.location() == "--set stations.triage.servers=lots");
  const ValueReader service(d, d.root()["stations"][0]["service"], "stations.triage.service");
  CHECK(service.location() == "s.yaml:5:14");
}

TEST_CASE("YAML syntax errors name the line and column", "[io][input]") {
  const std::string message =
      error_of([] { Document::from_string("a: [1, 2\nb: 3\n", "bad.yaml"); });
  CHECK_THAT(message, Catch::StartsWith("bad.yaml:"));
  CHECK_THAT(message, Catch::Contains("invalid YAML"));
  CHECK_THAT(error_of([] { Document::from_string("- a\n- b\n", "list.yaml"); }),
             Catch::StartsWith("list.yaml:1:1: error: expected a scenario"));
  CHECK_THAT(error_of([] { Document::from_file("/nonexistent/x.yaml"); }),
             Catch::StartsWith("/nonexistent/x.yaml: error: cannot open"));
}

TEST_CASE("typed reading reports the exact place and what was expected", "[io][input]") {
  const Document d = doc();
  const auto root = ValueReader::root(d);
  CHECK(error_of([&] {
          (void)root.as_map({"kind", "arrivals"});
        }) ==
        "s.yaml:2:1: error: unknown key 'stations' in the scenario; expected 'kind' or "
        "'arrivals'");
  CHECK(error_of([&] {
          (void)root.as_map({"kind", "arrivals", "station"});
        }) ==
        "s.yaml:2:1: error: unknown key 'stations' in the scenario (did you mean 'station'?); "
        "expected 'kind', 'arrivals' or 'station'");
  const MapReader top = root.as_map({"kind", "stations", "arrivals", "horizon_days"});
  CHECK(error_of([&] { (void)top.required("horizon_days"); }) ==
        "s.yaml:1:1: error: missing key 'horizon_days' in the scenario");
  const auto stations = top.required("stations").as_list();
  REQUIRE(stations.size() == 2);
  CHECK(stations[1].path() == "stations.treat");
  const MapReader treat = stations[1].as_map({"id", "servers"});
  CHECK(error_of([&] { (void)treat.required("servers").as_number(); }) ==
        "s.yaml:7:14: error: 'stations.treat.servers' must be a number, not 'unlimited'");
  CHECK(error_of([&] { (void)treat.required("servers").as_integer(0, 10); }) ==
        "s.yaml:7:14: error: 'stations.treat.servers' must be a whole number, not 'unlimited'");
  CHECK(error_of([&] { (void)top.required("kind").as_choice({"netwerk"}); }) ==
        "s.yaml:1:7: error: 'kind' must be 'netwerk', not 'network' (did you mean 'netwerk'?)");
}

TEST_CASE("numbers: NaN, infinity, trailing junk and fractions are refused", "[io][input]") {
  auto number = [](const char* text) {
    const Document d = Document::from_string(std::string("x: ") + text + "\n", "n.yaml");
    return ValueReader(d, d.root()["x"], "x").as_number();
  };
  CHECK(number("2.5") == 2.5);
  CHECK(number("1e3") == 1000.0);
  CHECK(number("-4") == -4.0);
  CHECK_THAT(error_of([&] { number(".nan"); }), Catch::Contains("NaN and infinity"));
  CHECK_THAT(error_of([&] { number(".inf"); }), Catch::Contains("NaN and infinity"));
  CHECK_THAT(error_of([&] { number("3 days"); }),
             Catch::Contains("must be a number, not '3 days'"));
  CHECK_THAT(error_of([&] { number("1e999"); }), Catch::Contains("within double range"));
  const Document d = Document::from_string("n: 2.5\n", "i.yaml");
  CHECK_THAT(error_of([&] { (void)ValueReader(d, d.root()["n"], "n").as_integer(0, 9); }),
             Catch::Contains("whole number"));
}

TEST_CASE("distributions are read with their own keys", "[io][distribution]") {
  auto read = [](const std::string& text) {
    const Document d = Document::from_string("d: " + text + "\n", "d.yaml");
    return read_distribution(ValueReader(d, d.root()["d"], "d"));
  };
  CHECK(read("{dist: exponential, mean: 2}").mean() == 2.0);
  CHECK(read("{dist: lognormal, mean: 2, sd: 1}").variance() == Approx(1.0));
  CHECK(read("{dist: empirical, values: [1, 3]}").mean() == 2.0);
  CHECK(error_of([&] { read("{dist: exponential, mean: 0}"); }) ==
        "d.yaml:1:30: error: 'd.mean' must be greater than 0, not 0");
  CHECK(error_of([&] { read("{dist: exponental, mean: 1}"); }) ==
        "d.yaml:1:11: error: 'd.dist' must be 'exponential', 'fixed', 'uniform', 'lognormal', "
        "'gamma', 'weibull' or 'empirical', not 'exponental' (did you mean 'exponential'?)");
  CHECK(error_of([&] { read("{dist: exponential, mean: 1, sd: 2}"); }) ==
        "d.yaml:1:33: error: unknown key 'sd' in 'd'; expected 'dist' or 'mean'");
  CHECK_THAT(error_of([&] { read("{dist: uniform, min: 3, max: 1}"); }),
             Catch::Contains("max must be a number greater than min"));
  CHECK_THAT(error_of([&] { read("2.0"); }), Catch::Contains("must be a distribution"));
}

TEST_CASE("a scenario becomes PATH = VALUE rows named as --set names them",
          "[report][parameters]") {
  const YAML::Node root = YAML::Load(
      "kind: youth_care\n"
      "municipalities:\n  - id: assen\n    children: 13500\n"
      "rates: {0-5: 0.03, 6-11: 0.08}\n"
      "tiers:\n  poh:\n    fte: 0\n    cost:\n      per_fte_year: 87000\n"
      "changes:\n  - from: 2017-07-01\n    set: {tiers.poh.fte: 6}\n"
      "empty: {}\n");
  const auto rows = parameter_table(root);
  std::vector<std::string> text;
  for (const auto& [path, value] : rows) text.push_back(path + " = " + value);
  CHECK(text == std::vector<std::string>{
                    "kind = youth_care",
                    "municipalities.assen = {id: assen, children: 13500}",
                    "rates = {0-5: 0.03, 6-11: 0.08}",
                    "tiers.poh.fte = 0",
                    "tiers.poh.cost = {per_fte_year: 87000}",
                    "changes.0.from = 2017-07-01",
                    "changes.0.set = {tiers.poh.fte: 6}",
                    "empty = {}",
                });
}
