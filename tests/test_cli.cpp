// End-to-end tests of the `jeugdsim` command as a user runs it: the real binary, started with
// posix_spawn (no shell, so no quoting issues) in a fresh temporary working folder per test, with
// its exit code, stdout, stderr and the files it leaves checked.
//
// Bad-input fixtures are in tests/data/bad/, one per error class, each with a first line saying
// what is wrong; the line and column every test expects count that comment line.

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <functional>
#include <initializer_list>
#include <map>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>
#include <fcntl.h>
#include <nlohmann/json.hpp>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

namespace {

namespace fs = std::filesystem;

const fs::path kData = fs::path(JEUGDSIM_SOURCE_DIR) / "tests" / "data";
const std::string kClinic = (kData / "clinic.yaml").string();
const std::string kCsvHeader =
    "scenario,metric,tier,year,mean,sd,ci_low,ci_high,p05,p50,p95,replications";

std::string bad(const std::string& name) { return (kData / "bad" / (name + ".yaml")).string(); }

std::string read_text(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + file.string());
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

struct Outcome {
  int exit_code = -1;  // 128 + N if the process was killed by signal N
  std::string out;
  std::string err;
};

// The processes whose parent is `parent`, from /proc.
std::vector<pid_t> children_of(pid_t parent) {
  std::vector<pid_t> children;
  for (const auto& entry : fs::directory_iterator("/proc")) {
    const std::string name = entry.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream stat(entry.path() / "stat");
    std::string line;
    if (!std::getline(stat, line)) continue;  // gone meanwhile
    // "PID (COMMAND) STATE PPID ...": the command may hold spaces, so read after its ')'.
    std::istringstream rest(line.substr(line.rfind(')') + 1));
    char state = 0;
    pid_t ppid = 0;
    if (rest >> state >> ppid && ppid == parent) children.push_back(std::stoi(name));
  }
  return children;
}

// What a program wrote on stderr apart from its run-time estimate: a run prints one when it
// will take more than 10 s (app/progress.hpp), which on a slow or busy machine any run may.
std::string without_estimate(const std::string& err) {
  std::string out;
  std::istringstream lines(err);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("jeugdsim: this run will take ", 0) != 0) out += line + "\n";
  }
  return out;
}

// A fresh temporary folder for one test, removed with everything in it at the end. The program
// runs in `work()`; what it prints is captured outside it, so `work()` holds exactly the files
// the program wrote.
class Sandbox {
 public:
  Sandbox() {
    std::string pattern = (fs::temp_directory_path() / "jeugdsim-cli-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    root_ = pattern;
    fs::create_directory(work());
  }
  ~Sandbox() {
    std::error_code ignored;
    fs::remove_all(root_, ignored);
  }
  Sandbox(const Sandbox&) = delete;
  Sandbox& operator=(const Sandbox&) = delete;

  [[nodiscard]] fs::path work() const { return root_ / "work"; }

  // Runs `jeugdsim args...` to the end.
  Outcome run(const std::vector<std::string>& args) const { return start(args, Launch{}); }

  // How to start a program and when to interrupt it: on a sign of progress it gives (a file, a
  // line on stderr), never after a time, which would assume the machine's speed.
  struct Launch {
    std::string program = JEUGDSIM_BINARY;  // a full path
    std::function<bool()> interrupt_when;   // polled every millisecond
    int signal = SIGINT;                    // what interrupts it
    // Signal the program's children (the ranks under mpirun), not the program itself: as a
    // cluster's scheduler signals every task, at once.
    bool signal_children = false;
  };

  // Runs `launch.program args...` to the end, interrupting it with `launch.signal` when asked.
  Outcome start(const std::vector<std::string>& args, const Launch& launch) const {
    const std::string& binary = launch.program;
    const std::string out_file = (root_ / "stdout").string();
    const std::string err_file = (root_ / "stderr").string();
    const std::string work_dir = work().string();
    std::vector<std::string> arguments{binary};
    arguments.insert(arguments.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : arguments) argv.push_back(a.data());
    argv.push_back(nullptr);

    // posix_spawn rather than fork/exec: nothing can go wrong between fork and exec, and no
    // alarm is needed in the child; the parent enforces the time limit below.
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, out_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                     0644);
    posix_spawn_file_actions_addopen(&actions, 2, err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                     0644);
    posix_spawn_file_actions_addchdir_np(&actions, work_dir.c_str());
    // Ctrl-C must work on the child even if the test runs where SIGINT is ignored or blocked
    // (a background job of a non-interactive shell ignores it, and exec keeps that); SIGTERM
    // likewise.
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    sigset_t signals;
    sigemptyset(&signals);
    posix_spawnattr_setsigmask(&attributes, &signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    posix_spawnattr_setsigdefault(&attributes, &signals);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    pid_t pid = 0;
    const int spawned =
        ::posix_spawn(&pid, binary.c_str(), &actions, &attributes, argv.data(), environ);
    posix_spawnattr_destroy(&attributes);
    posix_spawn_file_actions_destroy(&actions);
    if (spawned != 0) throw std::runtime_error("cannot start " + binary);

    const auto start = std::chrono::steady_clock::now();
    bool interrupted = false;
    int status = 0;
    for (;;) {
      const pid_t done = ::waitpid(pid, &status, WNOHANG);
      if (done == pid) break;
      if (done < 0 && errno != EINTR) throw std::runtime_error("waitpid failed");
      const auto elapsed = std::chrono::steady_clock::now() - start;
      if (!interrupted && launch.interrupt_when && launch.interrupt_when()) {
        for (const pid_t target : launch.signal_children ? children_of(pid) : std::vector{pid}) {
          ::kill(target, launch.signal);
        }
        interrupted = true;
      }
      // A hung run fails its test instead of stalling the whole suite.
      if (elapsed > std::chrono::seconds(120)) ::kill(pid, SIGKILL);
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    Outcome outcome;
    outcome.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    outcome.out = read_text(out_file);
    outcome.err = read_text(err_file);
    return outcome;
  }

  // Every file and folder below the working folder, relative and sorted.
  [[nodiscard]] std::vector<std::string> created() const {
    std::vector<std::string> paths;
    for (const auto& entry : fs::recursive_directory_iterator(work())) {
      paths.push_back(fs::relative(entry.path(), work()).string());
    }
    std::sort(paths.begin(), paths.end());
    return paths;
  }

  [[nodiscard]] std::string read(const fs::path& relative) const {
    return read_text(work() / relative);
  }

  // What the program started last has written on stderr so far.
  [[nodiscard]] std::string err_so_far() const { return read_text(root_ / "stderr"); }

  // Writes an input file outside the working folder (which holds only what the program
  // writes); returns its path.
  [[nodiscard]] std::string write_input(const std::string& name, const std::string& text) const {
    const fs::path file = root_ / name;
    std::ofstream(file, std::ios::binary) << text;
    return file.string();
  }

 private:
  fs::path root_;
};

// `args` followed by `more`: one command line in several variants.
std::vector<std::string> plus(std::vector<std::string> args,
                              std::initializer_list<std::string> more) {
  args.insert(args.end(), more);
  return args;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::vector<std::string> fields_of(const std::string& line) {
  std::vector<std::string> fields;
  std::size_t start = 0;
  for (;;) {
    const std::size_t comma = line.find(',', start);
    fields.push_back(line.substr(start, comma - start));
    if (comma == std::string::npos) return fields;
    start = comma + 1;
  }
}

// A CSV file's rows, each row's fields by column name.
std::vector<std::map<std::string, std::string>> csv_rows(const std::string& csv) {
  const auto lines = lines_of(csv);
  REQUIRE(!lines.empty());
  const auto columns = fields_of(lines.front());
  std::vector<std::map<std::string, std::string>> rows;
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const auto fields = fields_of(lines[i]);
    REQUIRE(fields.size() == columns.size());
    std::map<std::string, std::string> row;
    for (std::size_t c = 0; c < columns.size(); ++c) row[columns[c]] = fields[c];
    rows.push_back(row);
  }
  return rows;
}

// summary.csv (of a run without years) as rows keyed by "metric/tier".
std::map<std::string, std::map<std::string, std::string>> parse_summary(const std::string& csv) {
  std::map<std::string, std::map<std::string, std::string>> rows;
  for (auto& row : csv_rows(csv)) {
    const std::string key = row["metric"] + "/" + row["tier"];
    CHECK(rows.count(key) == 0);  // one row per metric
    rows[key] = std::move(row);
  }
  return rows;
}

// What every rejected input must get: exit code 2; one line on stderr, starting with
// "WHERE: error: " and saying each of `says`; and no file written anywhere in the folder
// (run's default output, results/<name>, would be in it).
void check_rejected(const std::vector<std::string>& args, const std::string& where,
                    std::initializer_list<std::string> says) {
  const Sandbox box;
  const Outcome r = box.run(args);
  INFO("stderr: " << r.err);
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::StartsWith(where + ": error: "));
  CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
  for (const auto& s : says) CHECK_THAT(r.err, Catch::Contains(s));
  CHECK(r.out.empty());
  CHECK(box.created().empty());
}

// A bad scenario file: `jeugdsim run FILE` is rejected at FILE:LINE:COL.
void check_bad_file(const std::string& name, int line, int column,
                    std::initializer_list<std::string> says) {
  const std::string file = bad(name);
  check_rejected({"run", file}, file + ":" + std::to_string(line) + ":" + std::to_string(column),
                 says);
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Good input

TEST_CASE("validate accepts a good scenario, prints ok and writes nothing", "[cli][validate]") {
  const Sandbox box;
  const Outcome r = box.run({"validate", kClinic});
  INFO("stderr: " << r.err);
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::StartsWith(kClinic + ": ok: network 'two-stage clinic': 2 stations"));
  CHECK_THAT(r.out, Catch::Contains("triage 0.800"));  // the expected utilization
  CHECK(r.err.empty());
  CHECK(box.created().empty());
}

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

// ---------------------------------------------------------------------------------------------
// Bad scenario files: exit code 2, FILE:LINE:COL: error: ..., nothing written

TEST_CASE("a '{' that is never closed is located at the '{'", "[cli][input][yaml]") {
  check_bad_file("yaml-unclosed-brace", 13, 12, {"invalid YAML", "expected '}'"});
}

TEST_CASE("a tab in the indentation is a located YAML error", "[cli][input][yaml]") {
  check_bad_file("yaml-tab-indentation", 11, 1, {"invalid YAML", "tab", "spaces"});
}

TEST_CASE("an unquoted ': ' inside a value is a located YAML error", "[cli][input][yaml]") {
  check_bad_file("yaml-colon-in-value", 3, 10, {"invalid YAML", "quote a value"});
}

TEST_CASE("a quote that is never closed is located at the quote", "[cli][input][yaml]") {
  check_bad_file("yaml-unclosed-quote", 3, 7, {"invalid YAML", "never closed"});
}

TEST_CASE("a file with no scenario in it is a located error", "[cli][input]") {
  check_bad_file("empty", 1, 1, {"the file is empty", "expected a scenario"});
}

TEST_CASE("a key written twice is a located error", "[cli][input]") {
  check_bad_file("duplicate-key", 12, 5,
                 {"duplicate key 'servers' in 'stations.triage' (first at line 11)"});
}

TEST_CASE("an unknown key is a located error with did-you-mean", "[cli][input]") {
  check_bad_file("unknown-key", 11, 5,
                 {"unknown key 'servrs' in 'stations.triage' (did you mean 'servers'?)",
                  "expected 'id', 'servers', 'service' or 'route'"});
}

TEST_CASE("an unknown top-level key is a located error with did-you-mean", "[cli][input]") {
  check_bad_file("unknown-top-key", 4, 1,
                 {"unknown key 'horizon_dyas' in the scenario (did you mean 'horizon_days'?)"});
}

TEST_CASE("an unknown distribution parameter is checked against its family's keys",
          "[cli][input]") {
  check_bad_file("unknown-distribution-key", 12, 34,
                 {"unknown key 'meen' in 'stations.triage.service' (did you mean 'mean'?); "
                  "expected 'dist' or 'mean'"});
}

TEST_CASE("a value of the wrong type is a located error naming the type expected", "[cli][input]") {
  check_bad_file("wrong-type", 4, 15, {"'horizon_days' must be a number, not 'ten'"});
}

TEST_CASE("a missing key is located at the map that lacks it", "[cli][input]") {
  check_bad_file("missing-key", 10, 5, {"missing key 'service' in 'stations.triage'"});
}

TEST_CASE("a missing kind is a located error listing the kinds", "[cli][input]") {
  check_bad_file("missing-kind", 2, 1, {"missing key 'kind'", "network"});
}

TEST_CASE("an unknown kind is a located error with did-you-mean", "[cli][input]") {
  check_bad_file(
      "unknown-kind", 2, 7,
      {"'kind' must be 'network' or 'youth_care', not 'netwerk' (did you mean 'network'?)"});
}

TEST_CASE("a negative mean is a located error", "[cli][input]") {
  check_bad_file("negative-mean", 12, 40,
                 {"'stations.triage.service.mean' must be greater than 0, not -1.2"});
}

TEST_CASE("a zero mean is a located error", "[cli][input]") {
  check_bad_file("zero-mean", 8, 45,
                 {"'arrivals.0.interarrival.mean' must be greater than 0, not 0"});
}

TEST_CASE("NaN is refused with a located error", "[cli][input]") {
  check_bad_file("nan-value", 12, 40,
                 {"'stations.triage.service.mean' must be a number", "NaN and infinity"});
}

TEST_CASE("infinity is refused with a located error", "[cli][input]") {
  check_bad_file("infinite-value", 4, 15, {"'horizon_days' must be a number", "NaN and infinity"});
}

TEST_CASE("route probabilities that do not sum to 1 are a located error", "[cli][input]") {
  check_bad_file("probabilities-not-one", 13, 12,
                 {"the probabilities of 'stations.triage.route' sum to 0.9; they must sum to 1"});
}

TEST_CASE("a probability above 1 is a located error even if the sum is 1", "[cli][input]") {
  check_bad_file("probability-above-one", 13, 20,
                 {"'stations.triage.route.treat' must be a probability from 0 to 1, not 1.5"});
}

TEST_CASE("a route to an unknown station is a located error", "[cli][input]") {
  check_bad_file("route-unknown-station", 13, 13,
                 {"route to unknown station 'tret' (did you mean 'treat'?)", "or 'exit'"});
}

TEST_CASE("arrivals to an unknown station are a located error", "[cli][input]") {
  check_bad_file("arrivals-unknown-station", 7, 9,
                 {"arrivals go to unknown station 'triag' (did you mean 'triage'?)"});
}

TEST_CASE("a route that can never exit is a located error", "[cli][input]") {
  check_bad_file("route-never-exits", 17, 12,
                 {"customers at station 'treat' can never exit", "leads to 'exit'"});
}

TEST_CASE("servers: 0 is a located error", "[cli][input]") {
  check_bad_file("servers-zero", 11, 14,
                 {"'stations.triage.servers' must be a positive whole number or 'unlimited', "
                  "not 0"});
}

TEST_CASE("servers: lots is a located error", "[cli][input]") {
  check_bad_file("servers-lots", 11, 14,
                 {"'stations.triage.servers' must be a positive whole number or 'unlimited', "
                  "not 'lots'"});
}

TEST_CASE("a duplicate station id is a located error", "[cli][input]") {
  check_bad_file("duplicate-station-id", 14, 9, {"duplicate station id 'triage'"});
}

TEST_CASE("validate rejects a bad file exactly as run does", "[cli][input][validate]") {
  const Sandbox box;
  const std::string file = bad("route-unknown-station");
  const Outcome run = box.run({"run", file});
  const Outcome validate = box.run({"validate", file});
  CHECK(validate.exit_code == 2);
  CHECK(validate.err == run.err);
  CHECK(validate.out.empty());
  CHECK(box.created().empty());
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
    CHECK(without_estimate(r.err).empty());  // no warnings in the files we ship
    CHECK(fs::exists(box.work() / "out" / "summary.csv"));
  }
}

// compare: paired differences with common random numbers

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
    if (cells.size() == 11 && cells[2] == metric && cells[3].empty() && cells[4] == year) {
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
  CHECK_THAT(csv,
             Catch::StartsWith("base,alternative,metric,tier,year,base_mean,alt_mean,diff_mean,"
                               "diff_ci_low,diff_ci_high,diff_pct\nsmall,more,"));
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

// run --psa: which uncertain inputs drive the results

namespace {

// Two uncertain inputs of small.yaml. The demand index scales every child's rate of care
// questions, so cost follows it closely. triage.accuracy is read only under policy matched
// (decisions.cpp) and small.yaml is stepped: its draws change nothing (a run that draws it
// gives byte-identical results to one that does not), so cost follows it only by chance.
const std::string kTwoInputs =
    "uncertain={municipalities.town.demand_index: {dist: uniform, min: 0.5, max: 1.5}, "
    "triage.accuracy: {dist: uniform, min: 0.5, max: 1.0}}";
const std::string kStrongInput = "municipalities.town.demand_index";
const std::string kNoEffectInput = "triage.accuracy";

}  // namespace

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
                  "(3000 values and 6000 rows of "
                  "timeseries.csv each",
                  "run fewer replications"});
}

// ---------------------------------------------------------------------------------------------
// Sweeps

namespace {

const fs::path kSweeps = kData / "sweeps";
const std::string kSmallGrid = (kSweeps / "small-grid.yaml").string();

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
                                    "sd,ci_low,ci_high,p05,p50,p95,replications\n"));
  // The grid's first key varies slowest.
  const auto lines = lines_of(csv);
  CHECK_THAT(lines[1], Catch::StartsWith("1,100,stepped,"));
  CHECK_THAT(lines.back(), Catch::StartsWith("4,140,matched,"));
  CHECK_THAT(r.out, Catch::Contains(
                        "[3/4] tiers.specialist.capacity=140 policy=stepped: 2022: cost_eur "));

  // A point is exactly the run of the base with the point's values set.
  const std::string small = (kData / "youth_care" / "small.yaml").string();
  REQUIRE(box.run({"run", small, "--set", "tiers.specialist.capacity=140", "--set",
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
    CHECK_THAT(resumed.out, Catch::Contains("[1/4] tiers.specialist.capacity=100 policy=stepped: "
                                            "finished earlier"));
    CHECK_THAT(resumed.out, Catch::Contains("[4/4] tiers.specialist.capacity=140 policy=matched: "
                                            "2022: "));
    CHECK(box.read(out + "/sweep.csv") == whole);
    CHECK(!fs::exists(box.work() / out / "sweep.partial"));
  }
}

#ifdef JEUGDSIM_MPIEXEC
namespace {

// `mpirun -np RANKS jeugdsim ARGS...` in `box`. As root (CI containers), Open MPI needs to be
// told that this is meant. In the sanitizer build LeakSanitizer would report what Open MPI
// allocates at start-up and never frees (in plugins it has unloaded by then, so no suppression
// can name them): leak checking is off in the ranks. Everything else ASan and UBSan check stays
// on, and the same sweep code is leak-checked in the single-process runs of this file.
Outcome mpirun(const Sandbox& box, const std::string& ranks, const std::vector<std::string>& args,
               Sandbox::Launch launch = {}) {
  launch.program = JEUGDSIM_MPIEXEC;
  std::vector<std::string> all = {
      "--allow-run-as-root", "--oversubscribe", "-x", "LSAN_OPTIONS=detect_leaks=0", "-np", ranks,
      JEUGDSIM_BINARY};
  all.insert(all.end(), args.begin(), args.end());
  return box.start(all, launch);
}

}  // namespace
#endif

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
  // Only sweep spreads over ranks; anything else says so instead of running twice.
  const Outcome run = mpirun(box, "2", {"run", kClinic});
  CHECK(run.exit_code != 0);
  CHECK_THAT(run.err, Catch::Contains("only 'sweep' spreads its work over ranks"));
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

TEST_CASE("every sweep in scenarios/sweeps/ runs without warnings", "[cli][sweep][scenarios]") {
  for (const auto& entry :
       fs::directory_iterator(fs::path(JEUGDSIM_SOURCE_DIR) / "scenarios" / "sweeps")) {
    const Sandbox box;
    const Outcome r = box.run({"sweep", entry.path().string(), "-r", "1", "--out", "out", "-q"});
    INFO(entry.path() << " stderr: " << r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.err.empty());
    CHECK(fs::exists(box.work() / "out" / "sweep.csv"));
  }
}

TEST_CASE("a bad sweep file is a located error and nothing runs", "[cli][sweep][input]") {
  const auto file = [](const std::string& name) { return bad("sweep-" + name); };
  check_rejected({"sweep", file("unknown-key")}, file("unknown-key") + ":3:1",
                 {"unknown key 'replication' in the sweep", "did you mean 'replications'?"});
  check_rejected({"sweep", file("seed-swept")}, file("seed-swept") + ":4:3",
                 {"'seed' cannot be swept"});
  check_rejected({"sweep", file("bad-value")}, file("bad-value") + ":4:21",
                 {"not 'mached'", "did you mean 'matched'?"});
  check_rejected(
      {"sweep", file("no-base")}, file("no-base") + ":2:7",
      {"the base scenario '../youth_care/no-such-file.yaml'", "relative to the sweep file"});
  check_rejected({"sweep", file("grid-and-points")}, file("grid-and-points") + ":6:3",
                 {"either 'grid' or 'points', not both"});
  check_rejected({"sweep", file("unknown-path")}, file("unknown-path") + ":4:18",
                 {"unknown key 'fe' in 'tiers.poh'", "did you mean 'fte'?"});
  check_rejected({"sweep", kSmallGrid, "--show", "cost"}, "--show cost", {"no metric 'cost'"});
}

// ---------------------------------------------------------------------------------------------
// report: the HTML report from the output folders (its charts are checked in a browser by
// tests/browser/check_report.mjs; here: the files, the words and the errors)

namespace {

const std::string kSmall = (kData / "youth_care" / "small.yaml").string();

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

TEST_CASE("report writes one self-contained HTML file, the same bytes for any thread count",
          "[cli][report]") {
  const Sandbox box;
  for (const std::string threads : {"1", "2"}) {
    const Outcome r = box.run({"compare", kSmall, "--variant", "matched:policy=matched", "-r", "6",
                               "--threads", threads, "--out", "t" + threads, "--report"});
    INFO("stderr: " << r.err);
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains("report: t" + threads + "/report.html\n"));
  }
  const std::string html = box.read("t1/report.html");
  CHECK(html == box.read("t2/report.html"));
  CHECK_THAT(html, Catch::StartsWith("<!DOCTYPE html>\n<html lang=\"en\">"));
  // Self-contained: no file or address it would load (the SVG namespaces and the Vega-Lite
  // schema's name inside the inlined scripts are identifiers, never fetched).
  CHECK(html.find("<script src") == std::string::npos);
  CHECK(html.find("<link") == std::string::npos);
  CHECK(html.find("@import") == std::string::npos);
  CHECK(html.size() > 500'000);  // Vega and Vega-Lite are in it
  CHECK_THAT(html, Catch::Contains(std::string("<p class=\"meta\">jeugdsim ") + JEUGDSIM_VERSION +
                                   "; seed 7, 6 replications</p>"));
  // The summary in words, with the paired interval of the difference.
  CHECK_THAT(html, Catch::Contains("the out-of-home rate in 2022 from "));
  CHECK_THAT(html, Catch::Contains("percentage points, 95%: "));
  CHECK_THAT(html, Catch::Contains("<td><code>--set</code></td><td class=\"value\"></td>"
                                   "<td class=\"value\">policy=matched</td>"));
  CHECK_THAT(html, Catch::Contains("jeugdsim run " + kSmall +
                                   " --replications 6 --seed 7 "
                                   "--set policy=matched"));

  // The same report again from the folder, in Dutch.
  const Outcome nl = box.run({"report", "t1", "--lang", "nl", "--out", "nl.html"});
  INFO("stderr: " << nl.err);
  REQUIRE(nl.exit_code == 0);
  CHECK(nl.out == "wrote nl.html\n");
  const std::string dutch = box.read("nl.html");
  CHECK_THAT(dutch, Catch::StartsWith("<!DOCTYPE html>\n<html lang=\"nl\">"));
  CHECK_THAT(dutch, Catch::Contains("het percentage uithuisplaatsingen in 2022 van "));
  CHECK_THAT(dutch, Catch::Contains(" procentpunt, 95%: "));
  CHECK_THAT(dutch, Catch::Contains(" mln"));
}

TEST_CASE("report of a sweep and of a run with --psa", "[cli][report]") {
  const Sandbox box;
  const Outcome sweep = box.run({"sweep", kSmallGrid, "-r", "3", "--out", "s", "--report", "-q"});
  INFO("stderr: " << sweep.err);
  REQUIRE(sweep.exit_code == 0);
  const std::string html = box.read("s/report.html");
  CHECK_THAT(html,
             Catch::Contains("Sweep &#39;small-grid&#39;, 2022: the lowest out-of-home rate at "
                             "tiers.specialist.capacity = "));
  CHECK_THAT(html, Catch::Contains("jeugdsim sweep " + kSmallGrid + " --replications 3 --seed 7"));

  const Outcome run = box.run(
      {"run", kSmall, "-r", "12", "--psa", "--set", kTwoInputs, "--out", "p", "--report", "-q"});
  INFO("stderr: " << run.err);
  REQUIRE(run.exit_code == 0);
  CHECK_THAT(
      box.read("p/report.html"),
      Catch::Contains("small: the spread of the total cost in 2022 follows " + kStrongInput));
}

TEST_CASE("report refuses what it cannot draw, with exit 2 and nothing written", "[cli][report]") {
  {
    const Sandbox box;
    fs::create_directory(box.work() / "empty");
    const Outcome r = box.run({"report", "empty"});
    CHECK(r.exit_code == 2);
    CHECK(r.err ==
          "empty: error: no jeugdsim results here: expected summary.json (run), "
          "compare.json (compare) or sweep.json (sweep)\n");
    CHECK(box.created() == std::vector<std::string>{"empty"});
  }
  {
    const Sandbox box;
    REQUIRE(box.run({"run", kClinic, "-r", "2", "--out", "clinic", "-q"}).exit_code == 0);
    const Outcome r = box.run({"report", "clinic", "--out", "r.html"});
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("clinic/summary.json: error: 'two-stage clinic' is a "
                                      "'network' scenario; the report draws youth_care results"));
    CHECK(!fs::exists(box.work() / "r.html"));
  }
  {
    const Sandbox box;  // refused before anything runs, not after the results are written
    const Outcome r = box.run({"run", kClinic, "-r", "2", "--report"});
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("--report: 'two-stage clinic' is a 'network' scenario"));
    CHECK(box.created().empty());
  }
  for (const auto& args :
       {std::vector<std::string>{"run", kSmall, "-r", "2", "--report", "--lang", "fr"},
        std::vector<std::string>{"run", kSmall, "-r", "2", "--lang", "nl"}}) {
    const Sandbox box;  // an unknown language; a language without --report
    const Outcome r = box.run(args);
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("--lang"));
    CHECK(box.created().empty());
  }
  {
    const Sandbox box;  // a folder that a run and a compare both wrote into
    REQUIRE(box.run({"compare", kSmall, "--variant", "m:policy=matched", "-r", "2", "--out", "x"})
                .exit_code == 0);
    REQUIRE(box.run({"run", kSmall, "-r", "2", "--out", "x", "-q"}).exit_code == 0);
    const Outcome r = box.run({"report", "x"});
    CHECK(r.exit_code == 2);
    CHECK(r.err ==
          "x: error: holds the results of more than one command (compare.json, "
          "summary.json): give each command its own --out folder\n");
  }
  {
    const Sandbox box;
    fs::create_directory(box.work() / "bad");
    std::ofstream(box.work() / "bad" / "summary.json") << "{\"scenario\": 1";
    const Outcome r = box.run({"report", "bad"});
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::StartsWith("bad/summary.json: error: not valid JSON"));
  }
}
