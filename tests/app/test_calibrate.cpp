// `jeugdsim calibrate` end to end (the shared harness is cli.hpp): the files it writes and the
// table it prints, determinism over threads, a posterior that learns what the data can tell and
// nothing else, what it refuses before it runs, and interruption. That the method itself gives
// the right posterior is proven in tests/engine/test_abc_smc.cpp.

#include <cmath>
#include <csignal>
#include <filesystem>
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
  SECTION("a network scenario, which has no observed figures") {
    check_rejected({"calibrate", kClinic}, kClinic, {"nothing to calibrate against"});
  }
}

TEST_CASE("an interrupted calibration stops between simulations and writes nothing",
          "[cli][calibrate][interrupt]") {
  const Sandbox box;
  // A budget that would take minutes: interrupted once it says how long, which it does after
  // its first batch of simulations, whatever the machine's speed.
  const std::string assen = (fs::path(JEUGDSIM_SOURCE_DIR) / "scenarios" / "assen.yaml").string();
  Sandbox::Launch launch;
  launch.interrupt_when = [&box] {
    return box.err_so_far().find("this run will take") != std::string::npos;
  };
  const Outcome r =
      box.start({"calibrate", assen, "--set",
                 "uncertain={gp.specialist_referral: {dist: uniform, min: 0.3, "
                 "max: 0.9}}",
                 "--budget", "200000", "--particles", "50", "--threads", "1", "--out", "out"},
                launch);
  INFO("stderr: " << r.err);
  CHECK(r.exit_code == 128 + SIGINT);
  CHECK_THAT(r.err, Catch::EndsWith("\njeugdsim: interrupted by SIGINT: stopped after the "
                                    "simulations in flight; nothing was written\n"));
  CHECK(r.out.empty());
  CHECK(box.created().empty());
}
