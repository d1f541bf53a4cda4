#pragma once
// SIGINT (Ctrl-C) and SIGTERM (kill, a cluster's time limit or preemption) while replications
// run. The handler only notes the signal; the replication loop asks between replications
// (run_all) and stops starting new ones, the ones in flight finish, and nothing is written
// half. `run` and `compare` then write nothing; `sweep` keeps its finished points for --resume.
// The exit code is the shell's for a death by that signal, 128 + N: 130 and 143.

#include <exception>
#include <string>

namespace jeugdsim::app {

// Installs the handlers for its lifetime (in main(), around run, compare and sweep). A second
// signal while the first is handled ends the process at once, as if there were no handler:
// the way out of a replication that takes too long to finish.
class InterruptHandler {
 public:
  InterruptHandler();
  ~InterruptHandler();
  InterruptHandler(const InterruptHandler&) = delete;
  InterruptHandler& operator=(const InterruptHandler&) = delete;
};

// The signal received since a handler was installed; 0 if none.
int pending_signal() noexcept;

// "SIGINT", "SIGTERM".
std::string signal_name(int signal);

// Replications stopped by a signal. main() prints what() and exits with exit_code().
class Interrupted : public std::exception {
 public:
  Interrupted(int signal, std::string message) : signal_(signal), message_(std::move(message)) {}
  [[nodiscard]] const char* what() const noexcept override { return message_.c_str(); }
  [[nodiscard]] int signal() const noexcept { return signal_; }
  [[nodiscard]] int exit_code() const noexcept { return 128 + signal_; }

 private:
  int signal_;
  std::string message_;
};

}  // namespace jeugdsim::app
