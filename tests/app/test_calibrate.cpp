// `jeugdsim calibrate` end to end (the shared harness is cli.hpp): the files it writes and the
// table it prints, determinism over threads, a posterior that learns what the data can tell and
// nothing else, what it refuses before it runs, and interruption. That the method itself gives
// the right posterior is proven in tests/engine/test_abc_smc.cpp.

#include <cmath>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "cli.hpp"

using namespace cli_test;

namespace {

// small.yaml observes an out-of-home rate of 1.5% in 2021; its two uncertain inputs (cli.hpp)
// are one that drives that rate (the demand index) and one that small.yaml never reads.
std::vector<std::string> small_calibration(const std::string& threads) {
  return {"calibrate",   kSmall, "--set",     kTwoInputs, "--budget", "2000",
          "--particles", "200",  "--threads", threads,    "--out",    "out"};
}

double width(const nlohmann::json& interval) {
  return interval.at("high").get<double>() - interval.at("low").get<double>();
}

// An observed rate with a tiny sd: the rounds go on until the budget is spent (a second or two),
// so there is time to interrupt the calibration after its first round.
std::vector<std::string> until_the_budget_is_spent() {
  return {"calibrate", kSmall,  "--set",
          kTwoInputs,  "--set", "observed={out_of_home_rate_pct: {2021: {value: 1.5, sd: 0.01}}}",
          "--budget",  "1500",  "--particles",
          "100",       "-t",    "1"};
}

// When to interrupt a calibration into out/ in `box`: once its first round is kept.
std::function<bool()> after_first_round(const Sandbox& box) {
  return
      [&box] { return fs::exists(box.work() / "out" / "calibration.partial" / "round-000.json"); };
}

}  // namespace

TEST_CASE("calibrate writes the weighted posterior and the fit, and prints both tables",
          "[cli][calibrate][output]") {
  const Sandbox box;
  const Outcome r = box.run(small_calibration("2"));
  INFO("stderr: " << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(box.created() ==
        std::vector<std::string>{"out", "out/calibration.json", "out/posterior.csv"});
  CHECK_THAT(r.out, Catch::StartsWith("\nsmall: calibrated on 1 target with "));
  CHECK_THAT(r.out, Catch::Contains("prior predictive"));
  CHECK_THAT(r.out, Catch::Contains("posterior predictive"));
  CHECK_THAT(r.out, Catch::Contains("out_of_home_rate_pct 2021"));
  CHECK_THAT(r.out, Catch::Contains("uniform 0.5 to 1.5"));
  CHECK_THAT(r.out, Catch::EndsWith("wrote out/posterior.csv and out/calibration.json\n"));

  const auto rows = csv_rows(box.read("out/posterior.csv"));
  CHECK(lines_of(box.read("out/posterior.csv")).front() ==
        "particle,weight," + kStrongInput + "," + kNoEffectInput + ",distance");
  REQUIRE(rows.size() >= 100);  // the particles of nonzero weight: nearly all of 200
  CHECK(rows.size() <= 200);
  double total = 0.0;
  for (const auto& row : rows) {
    const double weight = std::stod(row.at("weight"));
    CHECK(weight > 0.0);
    total += weight;
    const double demand = std::stod(row.at(kStrongInput));
    CHECK(demand >= 0.5);  // inside the prior's support
    CHECK(demand <= 1.5);
  }
  CHECK(total == Approx(1.0).epsilon(1e-9));

  const auto json = nlohmann::json::parse(box.read("out/calibration.json"));
  CHECK(json.at("scenario") == "small");
  CHECK(json.at("seed") == 7);  // the file's
  CHECK(json.at("particles") == 200);
  CHECK(json.at("budget") == 2000);
  CHECK(json.at("simulations").get<int>() <= 2000);
  // One target: the final tolerance is the 0.999 quantile of the chi distribution with 1 degree
  // of freedom, sqrt(10.828) = 3.2905.
  CHECK(json.at("final_tolerance").get<double>() == Approx(3.2905).epsilon(1e-4));
  REQUIRE(json.at("rounds").size() >= 1);
  CHECK(json.at("rounds")[0].at("tolerance").is_null());  // the priors' round has none
  const auto& target = json.at("targets").at(0);
  CHECK(target.at("target") == "out_of_home_rate_pct 2021");
  CHECK(target.at("observed") == 1.5);
  CHECK(target.at("sd").get<double>() == Approx(0.15));  // the default 10% of a bare number
  const bool inside = target.at("posterior_predictive_95").at("low").get<double>() <= 1.5 &&
                      1.5 <= target.at("posterior_predictive_95").at("high").get<double>();
  CHECK(target.at("fits") == inside);
  CHECK(json.at("effective_sample_size").get<double>() > 0.0);
}

TEST_CASE("calibrate learns what the targets say and nothing else", "[cli][calibrate]") {
  const Sandbox box;
  REQUIRE(box.run(small_calibration("2")).exit_code == 0);
  const auto json = nlohmann::json::parse(box.read("out/calibration.json"));
  const auto& inputs = json.at("inputs");
  REQUIRE(inputs.size() == 2);
  CHECK(inputs[0].at("input") == kStrongInput);
  CHECK(inputs[1].at("input") == kNoEffectInput);
  // The demand index drives the out-of-home rate: one observed rate narrows it. (Measured: the
  // 95% interval shrinks to about half the prior's.)
  CHECK(width(inputs[0].at("posterior_95")) < 0.7 * width(inputs[0].at("prior_95")));
  // triage.accuracy is never read under stepped care, so the posterior is its prior. With an
  // effective sample of about 100, the 2.5% and 97.5% quantiles of a uniform sample each err by
  // about sqrt(0.025 * 0.975 / 100) = 1.6% of its width: 85% is ten such errors away.
  CHECK(width(inputs[1].at("posterior_95")) > 0.85 * width(inputs[1].at("prior_95")));
}

TEST_CASE("calibrate gives byte-identical files whatever the thread count",
          "[cli][calibrate][determinism]") {
  const Sandbox one;
  const Sandbox two;
  REQUIRE(one.run(small_calibration("1")).exit_code == 0);
  REQUIRE(two.run(small_calibration("2")).exit_code == 0);
  CHECK(one.read("out/posterior.csv") == two.read("out/posterior.csv"));
  CHECK(one.read("out/calibration.json") == two.read("out/calibration.json"));
  // And another seed gives another sample.
  const Sandbox other;
  REQUIRE(other.run(plus(small_calibration("2"), {"--seed", "8"})).exit_code == 0);
  CHECK(other.read("out/posterior.csv") != one.read("out/posterior.csv"));
}

TEST_CASE("calibrate pre-screens proposals with the cohort model where it agrees",
          "[cli][calibrate][screen]") {
  // Without capacity limits the cohort model is the expectation of the simulated one, so it
  // agrees on new cases; small.yaml's out-of-home rate it only bounds from above.
  // clang-format off
  const std::vector<std::string> calibration = {
      "calibrate", kSmall, "--set", kTwoInputs,
      "--set", "tiers.specialist.capacity=unlimited", "--set", "tiers.residential.capacity=unlimited",
      "--set", "observed={new_cases: {2021: {value: 340, sd: 20}}, "
               "out_of_home_rate_pct: {2021: {value: 2.4, sd: 0.1}}}",
      "--budget", "500", "--particles", "50", "-t", "2", "--out", "out"};
  // clang-format on
  const Sandbox box;
  const Outcome r = box.run(plus(calibration, {"--screen"}));
  INFO("stderr: " << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("pre-screen: the cohort model on 1 of the 2 targets"));
  const auto json = nlohmann::json::parse(box.read("out/calibration.json"));
  CHECK(json.at("screen").at("targets") == nlohmann::json::array({"new_cases 2021"}));
  std::size_t screened = 0;
  for (const auto& round : json.at("rounds"))
    screened += round.at("screened_out").get<std::size_t>();
  CHECK(json.at("rounds").at(0).at("screened_out") == 0);
  CHECK(screened > 0);
  // Without --screen every proposal is simulated, and it says so.
  const Sandbox off;
  const Outcome o = off.run(calibration);
  REQUIRE(o.exit_code == 0);
  CHECK_THAT(o.out, Catch::Contains("pre-screen: off (no --screen)"));
  // Held in a variable: a range-for over a temporary's member would outlive the temporary.
  const auto off_json = nlohmann::json::parse(off.read("out/calibration.json"));
  for (const auto& round : off_json.at("rounds")) {
    CHECK(round.at("screened_out") == 0);
  }
}

TEST_CASE("calibrate refuses what it cannot calibrate before it runs", "[cli][calibrate][errors]") {
  SECTION("nothing observed") {
    check_rejected({"calibrate", kSmall, "--set", kTwoInputs, "--set", "observed={}"}, kSmall,
                   {"nothing to calibrate against", "'observed:'"});
  }
  SECTION("nothing uncertain") {
    check_rejected({"calibrate", kSmall}, kSmall, {"nothing to calibrate", "'uncertain:'"});
  }
  SECTION("a prior without a density") {
    check_rejected({"calibrate", kSmall, "--set",
                    "uncertain={municipalities.town.demand_index: {dist: fixed, value: 1}}"},
                   "--set uncertain={municipalities.town.demand_index: {dist: fixed, value: 1}}",
                   {"'municipalities.town.demand_index' is fixed, which has no density"});
  }
  SECTION("a budget that cannot finish two rounds") {
    check_rejected({"calibrate", kSmall, "--set", kTwoInputs, "--budget", "300"}, "--budget",
                   {"300 simulations cannot calibrate with 500 particles", "--budget 1000"});
  }
  SECTION("too few particles") {
    check_rejected({"calibrate", kSmall, "--set", kTwoInputs, "--particles", "5"}, "--particles",
                   {"at least 20, not 5"});
  }
  SECTION("priors whose every draw the scenario refuses: no round can finish") {
    const Sandbox box;
    const Outcome r = box.run({"calibrate", kSmall, "--set",
                               "uncertain={tiers.residential.capacity: {dist: uniform, min: 80, "
                               "max: 100}}",
                               "--budget", "100", "--particles", "20"});
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::StartsWith(kSmall + ": error: no round finished within --budget 100: "
                                                 "100 of 100 simulations were not a valid "
                                                 "scenario"));
    CHECK_THAT(r.err, Catch::Contains("must be a whole number of places"));
    CHECK(box.created().empty());  // not even the folder for checkpoints
  }
  SECTION("a network scenario, which has no observed figures") {
    check_rejected({"calibrate", kClinic}, kClinic, {"nothing to calibrate against"});
  }
}

TEST_CASE("a calibration interrupted before its first round ends writes nothing",
          "[cli][calibrate][interrupt]") {
  const Sandbox box;
  // A budget that would take minutes, and a prior whose draws the scenario refuses (a capacity
  // is a whole number of places; only the prior's mean, 200, is): the priors' round never ends.
  // Interrupted once it says how long it will take, after its first batch, whatever the machine's
  // speed.
  const std::string assen = (fs::path(JEUGDSIM_SOURCE_DIR) / "scenarios" / "assen.yaml").string();
  Sandbox::Launch launch;
  launch.interrupt_when = [&box] {
    return box.err_so_far().find("this run will take") != std::string::npos;
  };
  const Outcome r =
      box.start({"calibrate", assen, "--set",
                 "uncertain={tiers.residential.capacity: {dist: uniform, min: "
                 "100, max: 300}}",
                 "--budget", "200000", "--particles", "50", "--threads", "1", "--out", "out"},
                launch);
  INFO("stderr: " << r.err);
  CHECK(r.exit_code == 128 + SIGINT);
  CHECK_THAT(r.err, Catch::EndsWith("\njeugdsim: interrupted by SIGINT in round 0: stopped after "
                                    "the simulations in flight; nothing was written\n"));
  CHECK(r.out.empty());
  CHECK(box.created().empty());
}

TEST_CASE("an interrupted calibration keeps its finished rounds and resumes to the same result",
          "[cli][calibrate][interrupt][determinism]") {
  const std::vector<std::string> calibration = until_the_budget_is_spent();
  const Sandbox whole;
  REQUIRE(whole.run(plus(calibration, {"--out", "out", "-q"})).exit_code == 0);

  const Sandbox box;
  Sandbox::Launch launch;
  launch.interrupt_when = after_first_round(box);
  const Outcome stopped = box.start(plus(calibration, {"--out", "out"}), launch);
  INFO("stderr: " << stopped.err);
  REQUIRE(stopped.exit_code == 128 + SIGINT);
  CHECK_THAT(stopped.err, Catch::Contains("kept in out/calibration.partial; this continues the "
                                          "calibration: jeugdsim calibrate "));
  CHECK_THAT(stopped.err, Catch::EndsWith(" --out out --resume\n"));
  CHECK(!fs::exists(box.work() / "out" / "posterior.csv"));
  // Without --resume the kept rounds are not thrown away.
  const Outcome again = box.run(plus(calibration, {"--out", "out"}));
  CHECK(again.exit_code == 2);
  CHECK_THAT(again.err, Catch::Contains("an unfinished calibration is here"));
  // Another calibration is not continued from them.
  const Outcome other = box.run(plus(calibration, {"--out", "out", "--resume", "--seed", "9"}));
  CHECK(other.exit_code == 2);
  CHECK_THAT(other.err, Catch::Contains("is not this one"));

  const Outcome resumed = box.run(plus(calibration, {"--out", "out", "--resume", "-q"}));
  INFO("resumed: " << resumed.err);
  REQUIRE(resumed.exit_code == 0);
  CHECK(box.read("out/posterior.csv") == whole.read("out/posterior.csv"));
  CHECK(box.read("out/calibration.json") == whole.read("out/calibration.json"));
  CHECK(!fs::exists(box.work() / "out" / "calibration.partial"));  // whole: nothing to resume
  // And nothing to resume now.
  const Outcome nothing = box.run(plus(calibration, {"--out", "out", "--resume"}));
  CHECK(nothing.exit_code == 2);
  CHECK_THAT(nothing.err, Catch::Contains("there is no unfinished calibration in out"));
}

TEST_CASE("calibrate over MPI ranks gives the same bytes for any rank and thread count",
          "[cli][calibrate][mpi][determinism]") {
#ifdef JEUGDSIM_MPIEXEC
  const Sandbox alone;
  const Outcome single = alone.run(small_calibration("1"));
  REQUIRE(single.exit_code == 0);
  for (const auto& [ranks, threads] :
       std::vector<std::pair<std::string, std::string>>{{"2", "1"}, {"3", "1"}, {"2", "2"}}) {
    const Sandbox box;
    const Outcome r = mpirun(box, ranks, small_calibration(threads));
    INFO(ranks << " ranks, " << threads << " threads; stderr: " << r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(box.read("out/posterior.csv") == alone.read("out/posterior.csv"));
    CHECK(box.read("out/calibration.json") == alone.read("out/calibration.json"));
    CHECK(r.out == single.out);  // rank 0 alone prints, the same tables
  }
#else
  WARN("built without MPI (JEUGDSIM_MPI=OFF): not tested");
#endif
}

TEST_CASE("MPI ranks interrupted in a calibration stop together and one process resumes it",
          "[cli][calibrate][mpi][interrupt]") {
#ifdef JEUGDSIM_MPIEXEC
  const std::vector<std::string> calibration = until_the_budget_is_spent();
  const Sandbox whole;
  REQUIRE(whole.run(plus(calibration, {"--out", "out", "-q"})).exit_code == 0);
  // SIGTERM to every rank, as Slurm sends it (the sweep's MPI test says why).
  const Sandbox box;
  Sandbox::Launch launch;
  launch.signal = SIGTERM;
  launch.signal_children = true;
  launch.interrupt_when = after_first_round(box);
  const Outcome stopped = mpirun(box, "2", plus(calibration, {"--out", "out"}), launch);
  INFO("stderr: " << stopped.err);
  CHECK(stopped.exit_code != 0);
  std::size_t notes = 0;  // rank 0 alone says it, once
  for (const auto& line : lines_of(without_estimate(stopped.err))) {
    if (line.rfind("jeugdsim: ", 0) != 0) continue;
    ++notes;
    CHECK_THAT(line, Catch::StartsWith("jeugdsim: interrupted by SIGTERM in round ") &&
                         Catch::Contains("this continues the calibration: "));
  }
  CHECK(notes == 1);
  CHECK(!fs::exists(box.work() / "out" / "posterior.csv"));
  const Outcome resumed = box.run(plus(calibration, {"--out", "out", "--resume", "-q"}));
  INFO("resumed: " << resumed.err);
  REQUIRE(resumed.exit_code == 0);
  CHECK(box.read("out/posterior.csv") == whole.read("out/posterior.csv"));
#else
  WARN("built without MPI (JEUGDSIM_MPI=OFF): not tested");
#endif
}

namespace {

// A posterior of small.yaml's two inputs, calibrated in `box` into out/posterior.csv.
void calibrate_small(const Sandbox& box) {
  const Outcome r = box.run({"calibrate", kSmall, "--set", kTwoInputs, "--budget", "1000",
                             "--particles", "100", "--out", "out", "-q"});
  INFO("stderr: " << r.err);
  REQUIRE(r.exit_code == 0);
}

// The 95% interval of the mean of whole-system `metric` in `year` from a summary.csv.
std::pair<double, double> mean_interval(const std::string& csv, const std::string& metric,
                                        const std::string& year) {
  for (const auto& row : csv_rows(csv)) {
    if (row.at("metric") == metric && row.at("tier").empty() && row.at("year") == year) {
      return {std::stod(row.at("ci_low")), std::stod(row.at("ci_high"))};
    }
  }
  FAIL("no row " << metric << " " << year);
  return {};
}

}  // namespace

TEST_CASE("run --posterior takes each replication's inputs from the calibration",
          "[cli][calibrate][posterior]") {
  const Sandbox box;
  calibrate_small(box);
  const std::vector<std::string> run = {"run", kSmall, "--set", kTwoInputs, "-r", "50"};
  const Outcome over_posterior =
      box.run(plus(run, {"--posterior", "out/posterior.csv", "--out", "post", "-t", "2"}));
  INFO("stderr: " << over_posterior.err);
  REQUIRE(over_posterior.exit_code == 0);
  REQUIRE(box.run(plus(run, {"--out", "prior", "-q"})).exit_code == 0);
  CHECK_THAT(over_posterior.out, Catch::Contains("95% of runs (posterior), from"));
  CHECK_THAT(over_posterior.out, Catch::Contains("the posterior out/posterior.csv"));
  const auto json = nlohmann::json::parse(box.read("post/summary.json"));
  CHECK(json.at("inputs_drawn_from") == "posterior");
  CHECK(json.at("posterior") == "out/posterior.csv");
  CHECK(nlohmann::json::parse(box.read("prior/summary.json")).at("inputs_drawn_from") == "priors");
  // The observed rate is 1.5% and the priors' runs average about 2.2%: over the posterior the
  // mean lies clearly lower (the two intervals of the mean do not overlap).
  const auto posterior_mean =
      mean_interval(box.read("post/summary.csv"), "out_of_home_rate_pct", "2021");
  const auto prior_mean =
      mean_interval(box.read("prior/summary.csv"), "out_of_home_rate_pct", "2021");
  CHECK(posterior_mean.second < prior_mean.first);
  // Whatever the threads.
  REQUIRE(
      box.run(plus(run, {"--posterior", "out/posterior.csv", "--out", "post1", "-t", "1", "-q"}))
          .exit_code == 0);
  CHECK(box.read("post1/summary.csv") == box.read("post/summary.csv"));
}

TEST_CASE("compare --posterior gives every scenario the same parameter set per replication",
          "[cli][calibrate][posterior]") {
  const Sandbox box;
  calibrate_small(box);
  const Outcome r =
      box.run({"compare", kSmall, "--set", kTwoInputs, "--variant", "no-poh:tiers.poh.fte=0", "-r",
               "40", "--posterior", "out/posterior.csv", "--out", "cmp"});
  INFO("stderr: " << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("; 95% of runs "));
  CHECK_THAT(r.out, Catch::Contains("95% of runs over what the observed figures leave open"));
  // The base inside the comparison is exactly the run over the same posterior: the replications
  // took the same parameter sets (and random numbers), which keeps the differences paired.
  REQUIRE(box.run({"run", kSmall, "--set", kTwoInputs, "-r", "40", "--posterior",
                   "out/posterior.csv", "--out", "alone", "-q"})
              .exit_code == 0);
  CHECK(box.read("cmp/small/summary.csv") == box.read("alone/summary.csv"));
  const auto rows = csv_rows(box.read("cmp/compare.csv"));
  REQUIRE(!rows.empty());
  CHECK(rows.front().count("diff_p025") == 1);
  CHECK(rows.front().count("diff_p975") == 1);
}

TEST_CASE("a posterior that is not the scenario's is refused before anything runs",
          "[cli][calibrate][posterior][errors]") {
  const Sandbox box;
  calibrate_small(box);
  const std::string posterior = (box.work() / "out" / "posterior.csv").string();
  // small.yaml alone has no uncertain inputs for the posterior's parameter sets.
  check_rejected({"run", kSmall, "--posterior", posterior}, posterior,
                 {"its parameter sets are of 'municipalities.town.demand_index', "
                  "'triage.accuracy', but the scenario's uncertain inputs are none"});
  check_rejected({"compare", kSmall, "--variant", "a:tiers.poh.fte=1", "--posterior", posterior},
                 posterior, {"give the scenario (and --set) that was calibrated"});
  check_rejected({"run", kSmall, "--set", kTwoInputs, "--posterior", "nowhere.csv"}, "--posterior",
                 {"'nowhere.csv' is not a file"});
}

TEST_CASE("sweep --posterior runs every point over the posterior", "[cli][calibrate][posterior]") {
  const Sandbox box;
  calibrate_small(box);
  const std::vector<std::string> sweep = {"sweep", kSmallGrid, "--set", kTwoInputs};
  const Outcome over_posterior =
      box.run(plus(sweep, {"--posterior", "out/posterior.csv", "--out", "post"}));
  REQUIRE(over_posterior.exit_code == 0);
  CHECK_THAT(over_posterior.out, Catch::Contains(" (95% of runs "));  // the line per point
  REQUIRE(box.run(plus(sweep, {"--out", "prior", "-q"})).exit_code == 0);
  // Point 1 of the grid is small.yaml with 125 specialist places, stepped: over the posterior
  // it is the run over the posterior with those values.
  REQUIRE(box.run({"run", kSmall, "--set", kTwoInputs, "--set", "tiers.specialist.capacity=125",
                   "--set", "policy=stepped", "-r", "6", "--posterior", "out/posterior.csv",
                   "--out", "alone", "-q"})
              .exit_code == 0);
  std::string point_one;
  for (const auto& line : lines_of(box.read("post/sweep.csv"))) {
    if (line.rfind("1,125,stepped,", 0) == 0) point_one += line.substr(14) + "\n";
  }
  std::string alone;
  for (const auto& line : lines_of(box.read("alone/summary.csv"))) {
    if (line.rfind("small,", 0) == 0) alone += line.substr(6) + "\n";
  }
  CHECK(!point_one.empty());
  CHECK(point_one == alone);
  CHECK(box.read("post/sweep.csv") != box.read("prior/sweep.csv"));
  // sweep.json says so, and the report's sweep charts band where 95% of the runs fell.
  const auto manifest = nlohmann::json::parse(box.read("post/sweep.json"));
  CHECK(manifest.at("inputs_drawn_from") == "posterior");
  CHECK(manifest.at("posterior") == "out/posterior.csv");
  REQUIRE(box.run({"report", "post", "--out", "post.html"}).exit_code == 0);
  const std::string html = box.read("post.html");
  CHECK_THAT(html, Catch::Contains("at every point of the sweep. Where the runs drew their "
                                   "uncertain inputs"));
  // Point 1's out-of-home rate in the last year: the band is its p025 to p975 (as the JSON of
  // the chart writes the numbers: nlohmann's shortest round trip of the CSV's value).
  for (const auto& row : csv_rows(box.read("post/sweep.csv"))) {
    if (row.at("point") != "1" || row.at("metric") != "out_of_home_rate_pct" ||
        !row.at("tier").empty() || row.at("year") != "2022") {
      continue;
    }
    CHECK_THAT(html, Catch::Contains("\"lo\":" + nlohmann::json(std::stod(row.at("p025"))).dump()));
    CHECK_THAT(html, Catch::Contains("\"hi\":" + nlohmann::json(std::stod(row.at("p975"))).dump()));
  }
  // A sweep file may name its posterior (relative to itself), as the shipped sweeps do: the
  // same sweep as with --posterior.
  {
    std::ofstream file(box.work() / "named.yaml");
    file << "base: " << (kData / "youth_care" / "small.yaml").string() << "\n"
         << "replications: 6\nposterior: out/posterior.csv\n"
         << "grid:\n  tiers.specialist.capacity: [125, 180]\n  policy: [stepped, matched]\n";
  }
  REQUIRE(box.run({"sweep", "named.yaml", "--set", kTwoInputs, "--out", "named", "-q"}).exit_code ==
          0);
  CHECK(box.read("named/sweep.csv") == box.read("post/sweep.csv"));
  CHECK(nlohmann::json::parse(box.read("named/sweep.json")).at("inputs_drawn_from") == "posterior");
  {
    std::ofstream file(box.work() / "missing.yaml");
    file << "base: " << (kData / "youth_care" / "small.yaml").string() << "\n"
         << "posterior: nowhere/posterior.csv\ngrid:\n  policy: [stepped, matched]\n";
  }
  check_rejected({"sweep", (box.work() / "missing.yaml").string()},
                 (box.work() / "missing.yaml").string() + ":2:12",
                 {"the file 'nowhere/posterior.csv'", "'posterior' is a posterior.csv"});
  // A sweep whose runs draw nothing keeps the interval of the mean, and says nothing of runs.
  REQUIRE(box.run({"sweep", kSmallGrid, "-r", "4", "--out", "fixed", "-q"}).exit_code == 0);
  REQUIRE(box.run({"report", "fixed", "--out", "fixed.html"}).exit_code == 0);
  CHECK_THAT(box.read("fixed.html"), !Catch::Contains("Where the runs drew"));
}
