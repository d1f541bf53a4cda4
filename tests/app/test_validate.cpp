// `jeugdsim validate` end to end (the shared harness is cli.hpp): a good file is ok and nothing
// is written; that a bad one is refused exactly as `run` refuses it is checked
// for every bad file in test_errors.cpp.

#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "cli.hpp"

using namespace cli_test;

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
