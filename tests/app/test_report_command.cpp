// `jeugdsim report` end to end (the shared harness is cli.hpp): one self-contained HTML file from
// the output folders, the same bytes for any thread count, and what it refuses. The charts are
// checked in a browser by tests/browser/check_report.mjs.

#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "cli.hpp"

using namespace cli_test;

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
