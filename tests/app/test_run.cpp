// `jeugdsim run` end to end (the shared harness is cli.hpp): the table it prints, the files it
// writes and their columns, determinism over threads, --set, --show, --psa, interruption, and
// every shipped scenario.

#include <algorithm>
#include <csignal>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "cli.hpp"

using namespace cli_test;

namespace {

const std::string kCsvHeader =
    "scenario,metric,tier,year,mean,sd,ci_low,ci_high,p025,p05,p50,p95,p975,replications";

}  // namespace

TEST_CASE("run prints a table and writes both summaries to results/<name>", "[cli][run][output]") {
  const Sandbox box;
  const Outcome r = box.run({"run", kClinic, "--threads", "2"});
  INFO("stderr: " << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(without_estimate(r.err).empty());
  CHECK_THAT(r.out, Catch::StartsWith("two-stage clinic (network): 4 replications, seed 12345"));
  CHECK_THAT(r.out, Catch::Contains("95% interval"));
  CHECK_THAT(r.out, Catch::Contains("utilization"));
  CHECK_THAT(r.out, Catch::Contains("wrote results/two-stage-clinic/summary.csv and "
                                    "results/two-stage-clinic/summary.json"));
  // Both files and nothing else: no temporary file is left behind.
  CHECK(box.created() == std::vector<std::string>{"results", "results/two-stage-clinic",
                                                  "results/two-stage-clinic/summary.csv",
                                                  "results/two-stage-clinic/summary.json"});
}

TEST_CASE("summary.csv has the exact columns and one row per metric", "[cli][run][output]") {
  const Sandbox box;
  REQUIRE(box.run({"run", kClinic, "--out", "out"}).exit_code == 0);
  const std::string csv = box.read("out/summary.csv");
  CHECK(lines_of(csv).front() == kCsvHeader);
  CHECK(csv.back() == '\n');
  const auto rows = parse_summary(csv);
  // Per station wait, sojourn, queue length, number in system, utilization (finite stations
  // only) and throughput; then the network's sojourn time, with an empty tier.
  std::vector<std::string> keys;
  for (const auto& [key, row] : rows) keys.push_back(key);
  std::vector<std::string> expected{
      "in_system_mean/treat",    "in_system_mean/triage",    "network_sojourn_mean/",
      "queue_length_mean/treat", "queue_length_mean/triage", "sojourn_mean/treat",
      "sojourn_mean/triage",     "throughput_per_day/treat", "throughput_per_day/triage",
      "utilization/triage",      "wait_mean/treat",          "wait_mean/triage"};
  CHECK(keys == expected);
  for (const auto& [key, row] : rows) {
    INFO(key);
    CHECK(row.at("scenario") == "two-stage clinic");
    CHECK(row.at("year") == "all");
    CHECK(row.at("replications") == "4");
    CHECK(!row.at("mean").empty());
    CHECK(!row.at("ci_low").empty());
  }
  const double utilization = std::stod(rows.at("utilization/triage").at("mean"));
  CHECK(utilization > 0.7);  // 2/day x 1.2 days / 3 servers = 0.8 in the long run
  CHECK(utilization < 0.9);
}

TEST_CASE("summary.json holds the run's facts and the same metrics as the CSV",
          "[cli][run][output]") {
  const Sandbox box;
  REQUIRE(
      box.run({"run", kClinic, "--out", "out", "--set", "stations.treat.servers=9"}).exit_code ==
      0);
  const auto json = nlohmann::json::parse(box.read("out/summary.json"));
  CHECK(json.at("scenario") == "two-stage clinic");
  CHECK(json.at("kind") == "network");
  CHECK(json.at("seed") == 12345);
  CHECK(json.at("replications") == 4);
  CHECK(json.at("overrides") == nlohmann::json::array({"stations.treat.servers=9"}));
  const auto rows = parse_summary(box.read("out/summary.csv"));
  REQUIRE(json.at("metrics").size() == rows.size());
  for (const auto& metric : json.at("metrics")) {
    const std::string key =
        metric.at("metric").get<std::string>() + "/" + metric.at("tier").get<std::string>();
    INFO(key);
    REQUIRE(rows.count(key) == 1);
    CHECK(metric.at("replications") == 4);
    CHECK(metric.at("mean").is_number());
  }
}

TEST_CASE("setting stations.triage.servers=4 with --set lowers the triage utilization",
          "[cli][set]") {
  const Sandbox box;
  REQUIRE(box.run({"run", kClinic, "--out", "three"}).exit_code == 0);
  const Outcome r =
      box.run({"run", kClinic, "--out", "four", "--set", "stations.triage.servers=4"});
  INFO("stderr: " << r.err);
  REQUIRE(r.exit_code == 0);
  auto utilization = [&](const std::string& folder) {
    return std::stod(
        parse_summary(box.read(folder + "/summary.csv")).at("utilization/triage").at("mean"));
  };
  // 2.4 busy servers on average: 0.8 of 3, 0.6 of 4.
  CHECK(utilization("four") < utilization("three") - 0.1);
  CHECK(utilization("four") == Approx(0.6).margin(0.06));
}

TEST_CASE("the same seed gives byte-identical summaries with 1, 2 and 4 threads",
          "[cli][determinism]") {
  const Sandbox box;
  for (const char* threads : {"1", "2", "4"}) {
    const Outcome r = box.run({"run", kClinic, "--replications", "8", "--seed", "99", "--threads",
                               threads, "--out", std::string("t") + threads, "--quiet"});
    INFO("stderr: " << r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(r.out.empty());  // --quiet
  }
  CHECK(box.read("t1/summary.csv") == box.read("t2/summary.csv"));
  CHECK(box.read("t1/summary.csv") == box.read("t4/summary.csv"));
  CHECK(box.read("t1/summary.json") == box.read("t2/summary.json"));
  CHECK(box.read("t1/summary.json") == box.read("t4/summary.json"));
}

TEST_CASE("a different seed gives different results", "[cli][determinism]") {
  const Sandbox box;
  REQUIRE(box.run({"run", kClinic, "--seed", "1", "--out", "a"}).exit_code == 0);
  REQUIRE(box.run({"run", kClinic, "--seed", "2", "--out", "b"}).exit_code == 0);
  CHECK(box.read("a/summary.csv") != box.read("b/summary.csv"));
  CHECK(box.read("a/summary.json") != box.read("b/summary.json"));
}

TEST_CASE("a run with --replications 3 has a replications column of 3", "[cli][run]") {
  const Sandbox box;
  const Outcome r = box.run({"run", kClinic, "--replications", "3", "--out", "out"});
  INFO("stderr: " << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::StartsWith("two-stage clinic (network): 3 replications"));
  for (const auto& [key, row] : parse_summary(box.read("out/summary.csv"))) {
    INFO(key);
    CHECK(row.at("replications") == "3");
  }
  CHECK(nlohmann::json::parse(box.read("out/summary.json")).at("replications") == 3);
}

TEST_CASE("a result no replication could compute is an empty cell with a note and never 0",
          "[cli][run][output]") {
  // One arrival in 100 days on average, 2 days simulated: nearly always nobody is served.
  const Sandbox box;
  const std::string file = box.write_input(
      "quiet.yaml",
      "kind: network\nhorizon_days: 2\nreplications: 5\nseed: 1\n"
      "arrivals:\n  - {to: desk, interarrival: {dist: exponential, mean: 100}}\n"
      "stations:\n  - {id: desk, servers: 1, service: {dist: exponential, mean: 0.5}, "
      "route: {exit: 1}}\n");
  const Outcome r = box.run({"run", file, "--out", "out"});
  INFO("stdout: " << r.out << "\nstderr: " << r.err);
  REQUIRE(r.exit_code == 0);
  const auto rows = parse_summary(box.read("out/summary.csv"));
  const auto& wait = rows.at("wait_mean/desk");
  REQUIRE(wait.at("replications") == "0");
  CHECK(wait.at("mean").empty());
  CHECK(wait.at("ci_low").empty());
  CHECK(rows.at("utilization/desk").at("mean") == "0");  // computable: nobody was busy
  CHECK(nlohmann::json::parse(box.read("out/summary.json"))
            .at("metrics")
            .dump()
            .find("\"mean\":null") != std::string::npos);
  CHECK_THAT(r.out, Catch::Contains("(no value)"));
  CHECK_THAT(r.out, Catch::Contains("note: 3 of 7 results have no value in some replications"));
  CHECK_THAT(r.out, Catch::Contains("wait_mean of desk (0 of 5)"));
  CHECK_THAT(r.out, Catch::Contains("never 0"));
  // A run where every result has a value has no note.
  const Outcome full = box.run({"run", kClinic, "--out", "full"});
  REQUIRE(full.exit_code == 0);
  CHECK_THAT(full.out, !Catch::Contains("note:"));
}

TEST_CASE("a run over earlier results replaces them and leaves no temporary file",
          "[cli][run][output]") {
  const Sandbox box;
  REQUIRE(box.run({"run", kClinic, "--seed", "1", "--out", "out"}).exit_code == 0);
  const std::string first = box.read("out/summary.csv");
  REQUIRE(box.run({"run", kClinic, "--seed", "2", "--out", "out"}).exit_code == 0);
  CHECK(box.read("out/summary.csv") != first);
  CHECK(box.created() == std::vector<std::string>{"out", "out/summary.csv", "out/summary.json"});
}

TEST_CASE("run and compare stopped by SIGINT or SIGTERM write nothing, say so, exit 128 + N",
          "[cli][run][signal]") {
  const Sandbox box;
  REQUIRE(box.run({"run", kClinic, "--out", "out", "-q"}).exit_code == 0);
  const std::string csv = box.read("out/summary.csv");
  const std::string json = box.read("out/summary.json");
  // Minutes of work, signalled as soon as it has said how long it will take, which it does
  // after its first replication: certainly running then, whatever the machine's speed.
  const std::string drenthe =
      (fs::path(JEUGDSIM_SOURCE_DIR) / "scenarios" / "drenthe.yaml").string();
  const std::vector<std::string> frame = {"-r", "2000", "--threads", "1", "--out", "out"};
  for (const auto& [signal, name] : {std::pair{SIGINT, "SIGINT"}, std::pair{SIGTERM, "SIGTERM"}}) {
    for (const auto& command :
         {std::vector<std::string>{"run", drenthe},
          std::vector<std::string>{"compare", drenthe, "--variant", "matched:policy=matched"}}) {
      Sandbox::Launch launch;
      launch.signal = signal;
      launch.interrupt_when = [&box] {
        return box.err_so_far().find("this run will take") != std::string::npos;
      };
      std::vector<std::string> args = command;
      args.insert(args.end(), frame.begin(), frame.end());
      const Outcome r = box.start(args, launch);
      INFO(command.front() << " " << name << " stderr: " << r.err);
      CHECK(r.exit_code == 128 + signal);
      CHECK_THAT(r.err, Catch::EndsWith(std::string("\njeugdsim: interrupted by ") + name +
                                        ": stopped after the replications in flight; nothing "
                                        "was written\n"));
      CHECK(r.out.empty());
      CHECK(box.read("out/summary.csv") == csv);
      CHECK(box.read("out/summary.json") == json);
      CHECK(box.created() ==
            std::vector<std::string>{"out", "out/summary.csv", "out/summary.json"});
    }
  }
}

TEST_CASE("an output that cannot be written fails with exit code 1 and no temporary file",
          "[cli][run][output]") {
  const Sandbox box;
  // A folder where summary.json should go: the rename onto it fails.
  fs::create_directories(box.work() / "out" / "summary.json");
  const Outcome r = box.run({"run", kClinic, "--out", "out"});
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.err, Catch::StartsWith("jeugdsim: error: cannot write out/summary.json"));
  for (const auto& path : box.created()) CHECK(path.find(".tmp.") == std::string::npos);
}

TEST_CASE("an overloaded station is a located warning and the run goes on",
          "[cli][input][warning]") {
  const Sandbox box;
  const std::string file = (kData / "overloaded-station.yaml").string();
  const Outcome r = box.run({"run", file});
  INFO("stderr: " << r.err);
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.err, Catch::StartsWith(file + ":13:14: warning: station 'triage' is overloaded"));
  CHECK_THAT(r.err, Catch::Contains("2.4 busy servers needed, 2 available"));
  CHECK_THAT(r.err, Catch::Contains("utilization 1.200 >= 1"));
  const std::string warnings = without_estimate(r.err);
  CHECK(std::count(warnings.begin(), warnings.end(), '\n') == 1);
  CHECK(box.created() == std::vector<std::string>{"results", "results/overloaded-triage",
                                                  "results/overloaded-triage/summary.csv",
                                                  "results/overloaded-triage/summary.json"});
  // validate warns the same way, and still says ok.
  const Outcome v = box.run({"validate", file});
  CHECK(v.exit_code == 0);
  CHECK(v.err == warnings);
  CHECK_THAT(v.out, Catch::Contains(": ok: "));
}

TEST_CASE("a care tier with more demand than places is a located warning, in validate and run",
          "[cli][input][warning][youth_care]") {
  const Sandbox box;
  const std::string small = (kData / "youth_care" / "small.yaml").string();
  // 10 specialist places: far fewer than the children small.yaml sends there in every year.
  const std::vector<std::string> validate = {"validate", small, "--set",
                                             "tiers.specialist.capacity=10"};
  const Outcome v = box.run(validate);
  INFO("stderr: " << v.err);
  CHECK(v.exit_code == 0);
  CHECK_THAT(v.err, Catch::StartsWith("--set tiers.specialist.capacity=10: warning: specialist has "
                                      "more demand than places in 2018-2022 (5 of the 5 simulated "
                                      "years, 2 of them warm-up): without a limit it would hold "));
  CHECK_THAT(v.err, Catch::Contains("against 10 places (traffic intensity "));
  CHECK_THAT(v.err, Catch::Contains("docs/model.md, 'Demand and capacity'"));
  const Outcome r =
      box.run({"run", small, "-r", "2", "--out", "out", "--set", "tiers.specialist.capacity=10"});
  CHECK(r.exit_code == 0);
  CHECK(without_estimate(r.err) == v.err);
  // With places to spare, nothing to say.
  const Outcome enough =
      box.run({"validate", small, "--set", "tiers.specialist.capacity=100000", "--set",
               "tiers.first_line.capacity=100000", "--set", "changes.0.set={tiers.poh.fte: 3}",
               "--set", "tiers.residential.capacity=100000"});
  CHECK(enough.exit_code == 0);
  CHECK(enough.err.empty());
}

TEST_CASE("run --show prints only the metrics named, the files keep all", "[cli][youth_care]") {
  const Sandbox box;
  const std::string small = (kData / "youth_care" / "small.yaml").string();
  const Outcome r =
      box.run({"run", small, "-r", "2", "--out", "out", "--show", "out_of_home_rate_pct,cost_eur"});
  INFO("stderr: " << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("\nout_of_home_rate_pct "));
  CHECK_THAT(r.out, Catch::Contains("\nspecialist cost_eur "));
  CHECK_THAT(r.out, !Catch::Contains("children_in_care"));
  CHECK_THAT(r.out, !Catch::Contains("wait_mean"));
  CHECK_THAT(read_text(box.work() / "out" / "summary.csv"), Catch::Contains(",children_in_care,"));
}

TEST_CASE("every scenario in scenarios/ runs", "[cli][youth_care][scenarios]") {
  for (const std::string name : {"assen", "hoogeveen", "drenthe"}) {
    const Sandbox box;
    const std::string file = std::string(JEUGDSIM_SOURCE_DIR) + "/scenarios/" + name + ".yaml";
    const Outcome r = box.run({"run", file, "-r", "2", "--out", "out"});
    INFO(name << " stderr: " << r.err);
    CHECK(r.exit_code == 0);
    // No warning in the files we ship: their specialist care, which had more demand than places
    // before the POH, follows its waiting list (docs/model.md, "Capacity that follows demand").
    CHECK(without_estimate(r.err).empty());
    CHECK(fs::exists(box.work() / "out" / "summary.csv"));
    // The posterior calibrated on Assen applies to each: their `uncertain:` are Assen's.
    const Outcome over =
        box.run({"run", file, "-r", "2", "--out", "post", "--posterior",
                 std::string(JEUGDSIM_SOURCE_DIR) + "/scenarios/posteriors/assen/posterior.csv"});
    INFO("over the posterior: " << over.err);
    CHECK(over.exit_code == 0);
    CHECK(without_estimate(over.err).empty());
  }
}

// compare: paired differences with common random numbers

// ---------------------------------------------------------------------------------------------
// run --psa: which uncertain inputs drive the results

TEST_CASE("run --psa ranks the uncertain inputs by how closely each result follows them",
          "[cli][youth_care][psa]") {
  const Sandbox box;
  const std::string small = (kData / "youth_care" / "small.yaml").string();
  const std::vector<std::string> common = {"run", small, "-r", "40", "--set", kTwoInputs};
  const Outcome shown = box.run(plus(common, {"--psa", "--out", "shown"}));
  INFO("stderr: " << shown.err);
  REQUIRE(shown.exit_code == 0);
  CHECK(without_estimate(shown.err).empty());
  for (const char* threads : {"1", "2"}) {
    const Outcome r = box.run(plus(
        common, {"--psa", "--quiet", "--threads", threads, "--out", std::string("t") + threads}));
    REQUIRE(r.exit_code == 0);
    CHECK(r.out.empty());  // --quiet holds for the ranking too
  }
  REQUIRE(box.run(plus(common, {"--quiet", "--out", "plain"})).exit_code == 0);

  const std::string csv = box.read("t1/psa.csv");
  CHECK(csv == box.read("t2/psa.csv"));  // whatever ran where, the same bytes
  CHECK(csv == box.read("shown/psa.csv"));
  // --psa adds a file and changes none: the draws are those of a run without it.
  CHECK(box.read("t1/summary.csv") == box.read("plain/summary.csv"));
  CHECK(!fs::exists(box.work() / "plain" / "psa.csv"));

  CHECK(lines_of(csv).front() == "input,metric,tier,year,spearman,ci_low,ci_high,replications");
  // One row per input x whole-system metric x year: the rows of summary.csv without a tier.
  std::vector<std::string> system_metrics;
  std::string last_year;
  for (const auto& row : csv_rows(box.read("t1/summary.csv"))) {
    if (!row.at("tier").empty()) continue;
    system_metrics.push_back(row.at("metric") + "/" + row.at("year"));
    last_year = std::max(last_year, row.at("year"));
  }
  std::map<std::string, std::vector<std::string>> metrics_of_input;
  std::map<std::string, std::map<std::string, std::string>> cost;  // input -> its last-year row
  for (const auto& row : csv_rows(csv)) {
    CHECK(row.at("tier").empty());
    CHECK(row.at("replications") == "40");
    metrics_of_input[row.at("input")].push_back(row.at("metric") + "/" + row.at("year"));
    if (row.at("metric") == "cost_eur" && row.at("year") == last_year) cost[row.at("input")] = row;
  }
  CHECK(metrics_of_input.size() == 2);
  CHECK(metrics_of_input[kStrongInput] == system_metrics);
  CHECK(metrics_of_input[kNoEffectInput] == system_metrics);

  REQUIRE(cost.count(kStrongInput) == 1);
  REQUIRE(cost.count(kNoEffectInput) == 1);
  const auto& strong = cost.at(kStrongInput);
  const auto& none = cost.at(kNoEffectInput);
  INFO("cost_eur " << last_year << ": " << kStrongInput << " " << strong.at("spearman") << " ["
                   << strong.at("ci_low") << ", " << strong.at("ci_high") << "], " << kNoEffectInput
                   << " " << none.at("spearman"));
  CHECK(std::abs(std::stod(strong.at("spearman"))) > std::abs(std::stod(none.at("spearman"))));
  CHECK((std::stod(strong.at("ci_low")) > 0.0 || std::stod(strong.at("ci_high")) < 0.0));

  // The printed ranking names the strong input first and in words.
  CHECK_THAT(shown.out,
             Catch::Contains("which uncertain inputs drive the results of " + last_year));
  CHECK_THAT(shown.out, Catch::Contains("cost_eur\n  " + kStrongInput));
  // The sentence of the report's summary (report::driver_sentence), in English.
  CHECK_THAT(shown.out, Catch::Contains("the spread of the total cost in " + last_year +
                                        " follows " + kStrongInput + " most"));
  CHECK_THAT(shown.out, Catch::Contains(" and shown/psa.csv\n"));
}

TEST_CASE("run --psa on a scenario without uncertain inputs is an error, nothing written",
          "[cli][psa][usage]") {
  const std::string small = (kData / "youth_care" / "small.yaml").string();
  check_rejected({"run", small, "--psa"}, "--psa",
                 {"has no uncertain inputs", "'uncertain:'", "--set 'uncertain={"});
  check_rejected({"run", kClinic, "--psa"}, "--psa", {"has no uncertain inputs"});
}
