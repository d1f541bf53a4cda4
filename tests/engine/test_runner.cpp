// The replication runner (engine/runner.hpp): results in replication order whatever the threads,
// and a stop asked between replications (how a Ctrl-C ends a run without cutting one short).

#include <atomic>
#include <cstddef>
#include <vector>

#include <catch2/catch.hpp>

#include "jeugdsim/engine/runner.hpp"

using jeugdsim::engine::run_replications;
using jeugdsim::engine::RunnerOptions;
using jeugdsim::engine::Stopped;

TEST_CASE("replications come back in their order, whatever the threads", "[engine][runner]") {
  for (const unsigned threads : {1U, 2U, 4U}) {
    RunnerOptions options;
    options.threads = threads;
    const auto results = run_replications(100, options, [](std::size_t r) { return r * r; });
    REQUIRE(results.size() == 100);
    for (std::size_t r = 0; r < results.size(); ++r) CHECK(results[r] == r * r);
  }
}

TEST_CASE(
    "once stop says so no replication starts, those running finish, and Stopped says how "
    "many ran",
    "[engine][runner]") {
  std::atomic<std::size_t> started{0};
  std::atomic<std::size_t> finished{0};
  RunnerOptions options;
  options.threads = 1;  // one at a time: the stop comes after exactly 3
  options.stop = [&finished] { return finished.load() >= 3; };
  try {
    (void)run_replications(10, options, [&](std::size_t r) {
      ++started;
      ++finished;
      return r;
    });
    FAIL("a stopped run must not return results");
  } catch (const Stopped& e) {
    CHECK(e.finished() == 3);
  }
  CHECK(started == 3);

  // With threads, whatever was started is finished, and fewer than all ran.
  started = 0;
  finished = 0;
  options.threads = 4;
  try {
    (void)run_replications(1000, options, [&](std::size_t r) {
      ++started;
      ++finished;
      return r;
    });
    FAIL("a stopped run must not return results");
  } catch (const Stopped& e) {
    CHECK(e.finished() == started.load());
    CHECK(e.finished() >= 3);
    CHECK(e.finished() < 1000);
  }
}

TEST_CASE("a stop that never comes changes nothing", "[engine][runner]") {
  RunnerOptions options;
  options.threads = 2;
  options.stop = [] { return false; };
  CHECK(run_replications(50, options, [](std::size_t r) { return r; }).size() == 50);
}
