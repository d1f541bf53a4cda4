// The progress text of long runs (app/progress.hpp): the progress line, and the run-time estimate:
// from the replications done so far, how long the whole run takes, and the line that says so. The
// arithmetic, with made-up times: a test of a real run's duration would depend on the machine.

#include <catch2/catch.hpp>

#include "progress.hpp"

using jeugdsim::app::duration_text;
using jeugdsim::app::estimate_text;
using jeugdsim::app::expected_seconds;
using jeugdsim::app::progress_text;

TEST_CASE("the expected run time scales the time so far by the replications done",
          "[app][progress]") {
  // 10 of 400 done in 5 s, 2 at a time: 0.5 s per replication in all.
  CHECK(expected_seconds(5.0, 10, 400, 2) == Approx(200.0));
  // One worker: the same rate.
  CHECK(expected_seconds(5.0, 10, 400, 1) == Approx(200.0));
}

TEST_CASE("before every worker has finished one, the ones in flight count as taking as long",
          "[app][progress]") {
  // 1 of 4 workers done after 3 s: the other 3 are 3 s into theirs, so 4 take 3 s each round.
  CHECK(expected_seconds(3.0, 1, 100, 4) == Approx(75.0));
  // None done after 10 s: at least 10 s per round of 4.
  CHECK(expected_seconds(10.0, 0, 100, 4) == Approx(250.0));
  // More workers than replications: they all run at once.
  CHECK(expected_seconds(10.0, 0, 3, 8) == Approx(10.0));
}

TEST_CASE("the estimate line says about, or at least before anything is done", "[app][progress]") {
  CHECK(estimate_text(1.6, 3, 400, 2) ==
        "jeugdsim: this run will take about 3m 33s (400 replications, 2 at a time; the first 3 "
        "took 1.6s)");
  CHECK(estimate_text(10.0, 0, 100, 4) ==
        "jeugdsim: this run will take at least 4m 10s (100 replications, 4 at a time; none was "
        "done in 10s)");
}

TEST_CASE("durations read as seconds, minutes, hours, days or years", "[app][progress]") {
  CHECK(duration_text(4.25) == "4.2s");
  CHECK(duration_text(42.0) == "42s");
  CHECK(duration_text(185.0) == "3m 05s");
  CHECK(duration_text(7800.0) == "2h 10m");
  CHECK(duration_text(3.0 * 86'400) == "3.0 days");
  CHECK(duration_text(1e12) == "3.17e+04 years");
}

TEST_CASE("the progress line has a bar, counts, rate and time left", "[report][progress]") {
  CHECK(progress_text("replications", 12, 48, 3.0) ==
        "replications [######..................] 12/48 (25%) 4.0/s, ETA 9.0s");
  CHECK(progress_text("x", 0, 10, 0.0) == "x [........................] 0/10 (0%) 0.0/s, ETA ?");
  CHECK(progress_text("x", 10, 10, 2.0) ==
        "x [########################] 10/10 (100%) 5.0/s, ETA 0s");
}
