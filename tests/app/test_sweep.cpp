// `jeugdsim sweep` end to end (the shared harness is cli.hpp): the rows of every point, listed
// points, interruption and resume, MPI ranks, and every shipped sweep. Bad sweep files are in
// the table of test_errors.cpp.

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

const fs::path kSweeps = kData / "sweeps";

// The lines of a CSV after its header whose first cell is `point`, each without the cells that
// say whose row it is (the first `leading` cells).
std::vector<std::string> rows_of_point(const std::string& csv, const std::string& point,
                                       std::size_t leading) {
  std::vector<std::string> out;
  const auto lines = lines_of(csv);
  for (std::size_t i = 1; i < lines.size(); ++i) {
    if (fields_of(lines[i]).front() != point) continue;
    std::size_t start = 0;
    for (std::size_t k = 0; k < leading; ++k) start = lines[i].find(',', start) + 1;
    out.push_back(lines[i].substr(start));
  }
  return out;
}

}  // namespace

TEST_CASE("sweep writes every point's summary rows after its parameter values",
          "[cli][sweep][output]") {
  const Sandbox box;
  const Outcome r = box.run({"sweep", kSmallGrid, "--out", "out"});
  INFO("stderr: " << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(box.created() == std::vector<std::string>{"out", "out/sweep.csv",
                                                  "out/sweep.json"});  // nothing partial left
  const std::string csv = box.read("out/sweep.csv");
  CHECK_THAT(csv, Catch::StartsWith("point,tiers.specialist.capacity,policy,metric,tier,year,mean,"
                                    "sd,ci_low,ci_high,p025,p05,p50,p95,p975,replications\n"));
  // The grid's first key varies slowest.
  const auto lines = lines_of(csv);
  CHECK_THAT(lines[1], Catch::StartsWith("1,125,stepped,"));
  CHECK_THAT(lines.back(), Catch::StartsWith("4,180,matched,"));
  CHECK_THAT(r.out, Catch::Contains(
                        "[3/4] tiers.specialist.capacity=180 policy=stepped: 2022: cost_eur "));

  // A point is exactly the run of the base with the point's values set.
  const std::string small = (kData / "youth_care" / "small.yaml").string();
  REQUIRE(box.run({"run", small, "--set", "tiers.specialist.capacity=180", "--set",
                   "policy=matched", "-r", "6", "--out", "single", "-q"})
              .exit_code == 0);
  const auto single = rows_of_point(box.read("single/summary.csv"), "small", 1);
  REQUIRE(single.size() > 50);
  CHECK(rows_of_point(csv, "4", 3) == single);
  CHECK(rows_of_point(csv, "1", 3).size() == single.size());
  CHECK(rows_of_point(csv, "1", 3) != single);
}

TEST_CASE("a sweep of listed points leaves unset parameters empty, the same for any thread count",
          "[cli][sweep][determinism]") {
  const Sandbox box;
  const std::string listed = (kSweeps / "small-points.yaml").string();
  REQUIRE(box.run({"sweep", listed, "--threads", "1", "-q"}).exit_code == 0);
  REQUIRE(box.run({"sweep", listed, "--threads", "2", "--out", "two", "-q"}).exit_code == 0);
  const std::string csv = box.read("results/sweep-listed/sweep.csv");  // named by `name:`
  CHECK(csv == box.read("two/sweep.csv"));
  CHECK_THAT(csv, Catch::StartsWith("point,policy,triage.accuracy,metric,"));
  CHECK_THAT(csv, Catch::Contains("\n1,matched,0.9,") && Catch::Contains("\n2,,0.6,"));
}

namespace {

// The command a sweep's interruption note says continues it, as arguments after "jeugdsim".
std::vector<std::string> resume_arguments(const std::string& note) {
  const std::string marker = "this continues the sweep: jeugdsim ";
  const std::size_t at = note.find(marker);
  REQUIRE(at != std::string::npos);
  std::vector<std::string> args;
  std::istringstream words(note.substr(at + marker.size()));
  for (std::string word; words >> word;) args.push_back(word);  // the paths here need no quotes
  return args;
}

}  // namespace

TEST_CASE(
    "a sweep stopped by SIGINT or SIGTERM keeps its finished points and resumes to the "
    "same bytes",
    "[cli][sweep][resume][signal]") {
  const Sandbox box;
  // Enough replications that a point takes a noticeable time, so the signal comes mid-sweep:
  // it is sent when the first point's file appears.
  const std::vector<std::string> sweep = {"sweep", kSmallGrid, "-r", "400", "--threads", "1"};
  auto with = [&sweep](std::initializer_list<std::string> more) {
    std::vector<std::string> args = sweep;
    args.insert(args.end(), more);
    return args;
  };
  REQUIRE(box.run(with({"--out", "whole", "-q"})).exit_code == 0);
  const std::string whole = box.read("whole/sweep.csv");

  for (const auto& [signal, name] : {std::pair{SIGTERM, "SIGTERM"}, std::pair{SIGINT, "SIGINT"}}) {
    const std::string out = std::string("out-") + name;
    const fs::path first_point = box.work() / out / "sweep.partial" / "point-00001.csv";
    Sandbox::Launch after_first_point;
    after_first_point.signal = signal;
    after_first_point.interrupt_when = [&first_point] { return fs::exists(first_point); };
    const Outcome interrupted = box.start(with({"--out", out}), after_first_point);
    INFO(name << " stderr: " << interrupted.err);
    REQUIRE(interrupted.exit_code == 128 + signal);
    CHECK(!fs::exists(box.work() / out / "sweep.csv"));
    REQUIRE(fs::exists(first_point));
    CHECK(!fs::exists(box.work() / out / "sweep.partial" / "point-00004.csv"));
    CHECK_THAT(
        without_estimate(interrupted.err),
        Catch::StartsWith(std::string("jeugdsim: interrupted by ") + name + " in point ") &&
            Catch::Contains(" kept in " + out +
                            "/sweep.partial; this continues the sweep: "
                            "jeugdsim sweep " +
                            kSmallGrid + " --replications 400 --out " + out + " --resume\n"));

    if (signal == SIGINT) {
      // Starting again without --resume would throw the finished points away: refused.
      const Outcome again = box.run(with({"--out", out}));
      CHECK(again.exit_code == 2);
      CHECK_THAT(again.err, Catch::Contains("an unfinished sweep is here") &&
                                Catch::Contains("continue it with --resume"));
      REQUIRE(fs::exists(first_point));
      // Neither may another sweep reuse them: another seed, or a --set that fixes a path at the
      // value it already has (the YAML is the same, but the dated change of small.yaml that
      // sets tiers.poh.fte in 2021 is then not applied: another scenario).
      const Outcome other = box.run(with({"--out", out, "--resume", "--seed", "8"}));
      CHECK(other.exit_code == 2);
      CHECK_THAT(other.err, Catch::Contains("is not this sweep") && Catch::Contains("seed"));
      const Outcome fixed = box.run(with({"--out", out, "--resume", "--set", "tiers.poh.fte=2"}));
      CHECK(fixed.exit_code == 2);
      CHECK_THAT(fixed.err,
                 Catch::Contains("is not this sweep") && Catch::Contains("set tiers.poh.fte=2"));
    }

    // What the note says continues it, without redoing the finished points, to the bytes of
    // the sweep run in one go.
    const Outcome resumed = box.run(resume_arguments(interrupted.err));
    INFO("resumed stderr: " << resumed.err);
    REQUIRE(resumed.exit_code == 0);
    CHECK_THAT(resumed.out, Catch::Contains("[1/4] tiers.specialist.capacity=125 policy=stepped: "
                                            "finished earlier"));
    CHECK_THAT(resumed.out, Catch::Contains("[4/4] tiers.specialist.capacity=180 policy=matched: "
                                            "2022: "));
    CHECK(box.read(out + "/sweep.csv") == whole);
    CHECK(!fs::exists(box.work() / out / "sweep.partial"));
  }
}

TEST_CASE("sweep over MPI ranks gives the same bytes for any rank and thread count",
          "[cli][sweep][mpi][determinism]") {
#ifdef JEUGDSIM_MPIEXEC
  const Sandbox box;
  REQUIRE(box.run({"sweep", kSmallGrid, "--out", "alone", "-q"}).exit_code == 0);
  const std::string alone = box.read("alone/sweep.csv");
  for (const auto& [ranks, threads] : std::vector<std::pair<std::string, std::string>>{
           {"1", "2"}, {"2", "1"}, {"2", "2"}, {"3", "1"}}) {
    const std::string out = "np" + ranks + "-t" + threads;
    const Outcome r = mpirun(box, ranks, {"sweep", kSmallGrid, "--out", out, "--threads", threads});
    INFO(out << " stderr: " << r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(box.read(out + "/sweep.csv") == alone);
    CHECK_THAT(r.out, Catch::Contains(", " + ranks + (ranks == "1" ? " rank\n" : " ranks\n")));
    CHECK(std::count(r.out.begin(), r.out.end(), '\n') == 6);  // rank 0 alone speaks
  }
  // Only sweep and calibrate spread over ranks; anything else says so instead of running twice.
  const Outcome run = mpirun(box, "2", {"run", kClinic});
  CHECK(run.exit_code != 0);
  CHECK_THAT(run.err, Catch::Contains("only 'sweep' and 'calibrate' spread their work over ranks"));
  CHECK(!fs::exists(box.work() / "results"));
#else
  WARN("built without MPI (JEUGDSIM_MPI=OFF): not tested");
#endif
}

TEST_CASE("MPI ranks stopped by SIGTERM stop together after the finished points",
          "[cli][sweep][mpi][signal]") {
#ifdef JEUGDSIM_MPIEXEC
  const Sandbox box;
  const std::vector<std::string> sweep = {"sweep", kSmallGrid, "-r", "400", "--threads", "1"};
  std::vector<std::string> whole_args = sweep;
  whole_args.insert(whole_args.end(), {"--out", "whole", "-q"});
  REQUIRE(box.run(whole_args).exit_code == 0);
  // SIGTERM to every rank, as Slurm's scancel and time limit send it to every task (mpirun
  // passes a SIGTERM of its own on to the ranks too, but later than a test can rely on). The
  // ranks, signalled at slightly different moments, agree to stop after the same point.
  const fs::path first_point = box.work() / "out" / "sweep.partial" / "point-00001.csv";
  Sandbox::Launch after_first_point;
  after_first_point.signal = SIGTERM;
  after_first_point.signal_children = true;
  after_first_point.interrupt_when = [&first_point] { return fs::exists(first_point); };
  std::vector<std::string> args = sweep;
  args.insert(args.end(), {"--out", "out"});
  const Outcome r = mpirun(box, "2", args, after_first_point);
  INFO("stderr: " << r.err);
  CHECK(r.exit_code != 0);  // mpirun's own code for a job whose ranks failed
  // Rank 0 alone says it, once (mpirun adds its own report of the ranks' exit codes).
  std::size_t notes = 0;
  for (const auto& line : lines_of(without_estimate(r.err))) {
    if (line.rfind("jeugdsim: ", 0) != 0) continue;
    ++notes;
    CHECK_THAT(line, Catch::StartsWith("jeugdsim: interrupted by SIGTERM in point ") &&
                         Catch::Contains("this continues the sweep: "));
  }
  CHECK(notes == 1);
  REQUIRE(fs::exists(first_point));
  CHECK(!fs::exists(box.work() / "out" / "sweep.csv"));
  args.push_back("--resume");
  REQUIRE(box.run(args).exit_code == 0);
  CHECK(box.read("out/sweep.csv") == box.read("whole/sweep.csv"));
#else
  WARN("built without MPI (JEUGDSIM_MPI=OFF): not tested");
#endif
}

TEST_CASE("a sweep that fails in its first point leaves nothing behind", "[cli][sweep][output]") {
  // An unbounded distribution for a probability: some replication draws a value above 1.
  const Sandbox box;
  const Outcome r = box.run({"sweep", kSmallGrid, "-r", "20", "--set",
                             "uncertain={triage.accuracy: {dist: lognormal, mean: 0.7, sd: 0.3}}"});
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("error: replication ") &&
                        Catch::Contains("'triage.accuracy' must be a probability"));
  CHECK(box.created().empty());
}

TEST_CASE("every sweep in scenarios/sweeps/ runs with no warning", "[cli][sweep][scenarios]") {
  for (const auto& entry :
       fs::directory_iterator(fs::path(JEUGDSIM_SOURCE_DIR) / "scenarios" / "sweeps")) {
    const Sandbox box;
    const Outcome r = box.run({"sweep", entry.path().string(), "-r", "1", "--out", "out", "-q"});
    INFO(entry.path() << " stderr: " << r.err);
    CHECK(r.exit_code == 0);
    CHECK(lines_of(r.err).empty());
    CHECK(fs::exists(box.work() / "out" / "sweep.csv"));
  }
}

TEST_CASE("a --show metric the sweep does not report is an error", "[cli][sweep][usage]") {
  check_rejected({"sweep", kSmallGrid, "--show", "cost"}, "--show cost", {"no metric 'cost'"});
}
