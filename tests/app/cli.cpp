// The shared helpers of the `jeugdsim` command's end-to-end tests (cli.hpp): the Sandbox that
// runs the real binary, and reading what it wrote.

#include "cli.hpp"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <catch2/catch.hpp>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

namespace cli_test {
namespace {

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

}  // namespace

std::string bad(const std::string& name) { return (kData / "bad" / (name + ".yaml")).string(); }

std::string read_text(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + file.string());
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string without_estimate(const std::string& err) {
  std::string out;
  std::istringstream lines(err);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("jeugdsim: this run will take ", 0) != 0) out += line + "\n";
  }
  return out;
}

Sandbox::Sandbox() {
  std::string pattern = (fs::temp_directory_path() / "jeugdsim-cli-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  root_ = pattern;
  fs::create_directory(work());
}

Sandbox::~Sandbox() {
  std::error_code ignored;
  fs::remove_all(root_, ignored);
}

Outcome Sandbox::start(const std::vector<std::string>& args, const Launch& launch) const {
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

std::vector<std::string> Sandbox::created() const {
  std::vector<std::string> paths;
  for (const auto& entry : fs::recursive_directory_iterator(work())) {
    paths.push_back(fs::relative(entry.path(), work()).string());
  }
  std::sort(paths.begin(), paths.end());
  return paths;
}

std::string Sandbox::write_input(const std::string& name, const std::string& text) const {
  const fs::path file = root_ / name;
  std::ofstream(file, std::ios::binary) << text;
  return file.string();
}

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

std::map<std::string, std::map<std::string, std::string>> parse_summary(const std::string& csv) {
  std::map<std::string, std::map<std::string, std::string>> rows;
  for (auto& row : csv_rows(csv)) {
    const std::string key = row["metric"] + "/" + row["tier"];
    CHECK(rows.count(key) == 0);  // one row per metric
    rows[key] = std::move(row);
  }
  return rows;
}

void check_rejected(const std::vector<std::string>& args, const std::string& where,
                    const std::vector<std::string>& says) {
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

}  // namespace cli_test
