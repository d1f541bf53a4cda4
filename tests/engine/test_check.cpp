// The invariant checks of engine/check.hpp: fatal with a message naming the invariant, the time
// and the replication in a JEUGDSIM_CHECKS build (make sanitize), and compiled out otherwise.
// A failed check aborts the process, so it is tried in a child process (a death test).

#include <csignal>
#include <functional>
#include <string>

#include <catch2/catch.hpp>
#include <sys/wait.h>
#include <unistd.h>

#include "jeugdsim/engine/check.hpp"

namespace {

struct Ending {
  int status = 0;   // as waitpid gives it
  std::string err;  // what the child wrote on stderr
};

// Runs `body` in a forked child whose stderr is captured; the child exits 0 if `body` returns.
Ending in_child(const std::function<void()>& body) {
  int pipe_ends[2];
  REQUIRE(::pipe(pipe_ends) == 0);
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    ::dup2(pipe_ends[1], STDERR_FILENO);
    ::close(pipe_ends[0]);
    body();
    ::_exit(0);
  }
  ::close(pipe_ends[1]);
  Ending ending;
  char buffer[512];
  for (ssize_t n; (n = ::read(pipe_ends[0], buffer, sizeof buffer)) > 0;) {
    ending.err.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(pipe_ends[0]);
  REQUIRE(::waitpid(pid, &ending.status, 0) == pid);
  return ending;
}

}  // namespace

TEST_CASE("a failed invariant check aborts naming the invariant, the time and the replication",
          "[engine][checks]") {
  const Ending ending = in_child([] {
    const jeugdsim::engine::CheckedReplication replication(7);
    JEUGDSIM_CHECK(1 + 1 == 3, "the probe holds", 12.5, std::string("found otherwise"));
  });
  if constexpr (jeugdsim::engine::kChecks) {
    CHECK(WIFSIGNALED(ending.status));
    CHECK(WTERMSIG(ending.status) == SIGABRT);
    CHECK_THAT(ending.err, Catch::StartsWith("jeugdsim: invariant failed in replication 7 at day "
                                             "12.5: the probe holds (found otherwise) ["));
    CHECK_THAT(ending.err, Catch::Contains("test_check.cpp:"));
  } else {
    // Compiled out: the broken condition goes unnoticed, which is what costs nothing.
    CHECK(WIFEXITED(ending.status));
    CHECK(WEXITSTATUS(ending.status) == 0);
    CHECK(ending.err.empty());
  }
}

TEST_CASE("a check evaluates its detail only when it fails, and nothing when compiled out",
          "[engine][checks]") {
  int conditions = 0;
  int details = 0;
  JEUGDSIM_CHECK((++conditions, true), "the probe holds", 0.0, (++details, std::string()));
  CHECK(conditions == (jeugdsim::engine::kChecks ? 1 : 0));
  CHECK(details == 0);
}

TEST_CASE("outside a replication a failed check says so by leaving the replication out",
          "[engine][checks]") {
  if constexpr (!jeugdsim::engine::kChecks) return;
  const Ending ending = in_child([] {
    { const jeugdsim::engine::CheckedReplication replication(3); }  // over again
    JEUGDSIM_CHECK(false, "the probe holds", 1.0, std::string());
  });
  CHECK(WIFSIGNALED(ending.status));
  CHECK_THAT(ending.err,
             Catch::StartsWith("jeugdsim: invariant failed at day 1: the probe holds ["));
}
