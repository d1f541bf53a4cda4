#pragma once
// What the end-to-end tests of the `jeugdsim` command (tests/app/test_*.cpp) share: the real
// binary, started with posix_spawn (no shell, so no quoting issues) in a fresh temporary working
// folder per test, with its exit code, stdout, stderr and the files it leaves checked.
//
// Bad-input fixtures are in tests/data/bad/, one per error class, each with a first line saying
// what is wrong; the line and column every test expects count that comment line.

#include <csignal>
#include <filesystem>
#include <functional>
#include <initializer_list>
#include <map>
#include <string>
#include <vector>

namespace cli_test {

namespace fs = std::filesystem;

// Inline, so that they are set before anything defined after this header in a test file (the
// table of test_errors.cpp is built before main()).
inline const fs::path kData = fs::path(JEUGDSIM_SOURCE_DIR) / "tests" / "data";
inline const std::string kClinic = (kData / "clinic.yaml").string();
inline const std::string kSmall = (kData / "youth_care" / "small.yaml").string();
inline const std::string kSmallGrid = (kData / "sweeps" / "small-grid.yaml").string();

// Two uncertain inputs of small.yaml. The demand index scales every child's rate of care
// questions, so cost follows it closely. triage.accuracy is read only under policy matched
// (decisions.cpp) and small.yaml is stepped: its draws change nothing (a run that draws it
// gives byte-identical results to one that does not), so cost follows it only by chance.
inline const std::string kTwoInputs =
    "uncertain={municipalities.town.demand_index: {dist: uniform, min: 0.5, max: 1.5}, "
    "triage.accuracy: {dist: uniform, min: 0.5, max: 1.0}}";
inline const std::string kStrongInput = "municipalities.town.demand_index";
inline const std::string kNoEffectInput = "triage.accuracy";

// tests/data/bad/NAME.yaml.
std::string bad(const std::string& name);

std::string read_text(const fs::path& file);

struct Outcome {
  int exit_code = -1;  // 128 + N if the process was killed by signal N
  std::string out;
  std::string err;
};

// What a program wrote on stderr apart from its run-time estimate: a run prints one when it
// will take more than 10 s (app/progress.hpp), which on a slow or busy machine any run may.
std::string without_estimate(const std::string& err);

// A fresh temporary folder for one test, removed with everything in it at the end. The program
// runs in `work()`; what it prints is captured outside it, so `work()` holds exactly the files
// the program wrote.
class Sandbox {
 public:
  Sandbox();
  ~Sandbox();
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
  Outcome start(const std::vector<std::string>& args, const Launch& launch) const;

  // Every file and folder below the working folder, relative and sorted.
  [[nodiscard]] std::vector<std::string> created() const;

  [[nodiscard]] std::string read(const fs::path& relative) const {
    return read_text(work() / relative);
  }

  // What the program started last has written on stderr so far.
  [[nodiscard]] std::string err_so_far() const { return read_text(root_ / "stderr"); }

  // Writes an input file outside the working folder (which holds only what the program
  // writes); returns its path.
  [[nodiscard]] std::string write_input(const std::string& name, const std::string& text) const;

 private:
  fs::path root_;
};

// `args` followed by `more`: one command line in several variants.
std::vector<std::string> plus(std::vector<std::string> args,
                              std::initializer_list<std::string> more);

std::vector<std::string> lines_of(const std::string& text);

std::vector<std::string> fields_of(const std::string& line);

// A CSV file's rows, each row's fields by column name.
std::vector<std::map<std::string, std::string>> csv_rows(const std::string& csv);

// summary.csv (of a run without years) as rows keyed by "metric/tier".
std::map<std::string, std::map<std::string, std::string>> parse_summary(const std::string& csv);

// What every rejected input must get: exit code 2; one line on stderr, starting with
// "WHERE: error: " and saying each of `says`; and no file written anywhere in the folder
// (run's default output, results/<name>, would be in it).
void check_rejected(const std::vector<std::string>& args, const std::string& where,
                    const std::vector<std::string>& says);

#ifdef JEUGDSIM_MPIEXEC
// `mpirun -np RANKS jeugdsim ARGS...` in `box`. As root (CI containers), Open MPI needs to be
// told that this is meant. In the sanitizer build LeakSanitizer would report what Open MPI
// allocates at start-up and never frees (in plugins it has unloaded by then, so no suppression
// can name them): leak checking is off in the ranks. Everything else ASan and UBSan check stays
// on, and the same code is leak-checked in the single-process runs of the tests.
inline Outcome mpirun(const Sandbox& box, const std::string& ranks,
                      const std::vector<std::string>& args, Sandbox::Launch launch = {}) {
  launch.program = JEUGDSIM_MPIEXEC;
  std::vector<std::string> all = {
      "--allow-run-as-root", "--oversubscribe", "-x", "LSAN_OPTIONS=detect_leaks=0", "-np", ranks,
      JEUGDSIM_BINARY};
  all.insert(all.end(), args.begin(), args.end());
  return box.start(all, launch);
}

#endif

}  // namespace cli_test
