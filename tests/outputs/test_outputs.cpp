// What runs leave behind (outputs/): atomic writing, the summary and psa.csv files, numbers as
// they are written, and our CSV files read back.

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "jeugdsim/io/input_error.hpp"
#include "jeugdsim/outputs/atomic_file.hpp"
#include "jeugdsim/outputs/calibration.hpp"
#include "jeugdsim/outputs/csv_reader.hpp"
#include "jeugdsim/outputs/results.hpp"
#include "jeugdsim/outputs/sensitivity.hpp"

using namespace jeugdsim;
using namespace jeugdsim::outputs;

TEST_CASE("an atomic write leaves the complete file and no temporary", "[io][output]") {
  const auto dir = std::filesystem::temp_directory_path() / "jeugdsim-test-io-atomic";
  std::filesystem::remove_all(dir);
  write_file_atomically(dir / "sub" / "a.csv", "one\n");
  write_file_atomically(dir / "sub" / "a.csv", "two\n");
  std::ifstream in(dir / "sub" / "a.csv");
  std::stringstream text;
  text << in.rdbuf();
  CHECK(text.str() == "two\n");
  int files = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir / "sub"))
    ++files;
  CHECK(files == 1);
  std::filesystem::remove_all(dir);
}

TEST_CASE("the summary CSV has the fixed columns and empty cells for missing values",
          "[io][output]") {
  const std::vector<MetricId> metrics{{"wait_mean", "triage", "all"}, {"x", "", "all"}};
  const std::vector<std::vector<double>> values{{1.0, std::nan("")}, {3.0, std::nan("")}};
  const auto rows = summarize_replications(metrics, values);
  RunInfo info;
  info.scenario = "a, \"b\"";
  const std::string csv = format_summary_csv(info, rows);
  std::istringstream lines(csv);
  std::string header, first, second;
  std::getline(lines, header);
  std::getline(lines, first);
  std::getline(lines, second);
  CHECK(header ==
        "scenario,metric,tier,year,mean,sd,ci_low,ci_high,p025,p05,p50,p95,p975,replications");
  CHECK_THAT(first, Catch::StartsWith("\"a, \"\"b\"\"\",wait_mean,triage,all,2,1.414213562,"));
  CHECK_THAT(first, Catch::EndsWith(",2"));
  CHECK(second == "\"a, \"\"b\"\"\",x,,all,,,,,,,,,,0");
  const std::string json = format_summary_json(info, rows);
  CHECK_THAT(json, Catch::Contains("\"mean\": null"));
}

TEST_CASE("psa.csv ranks each input against each whole-system metric, empty when undefined",
          "[io][output][psa]") {
  const std::vector<MetricId> metrics{
      {"cost_eur", "", "2020"}, {"cost_eur", "poh", "2020"}, {"rate", "", "2020"}};
  // Input a follows cost_eur with two pairs swapped (rho 0.8, see test_rank_correlation) and
  // rate in reverse; input b is the same in every replication, so it explains nothing.
  const std::vector<std::vector<double>> inputs{{1, 7}, {2, 7}, {3, 7}, {4, 7}, {5, 7}};
  const std::vector<std::vector<double>> values{
      {2, 0, 50}, {1, 0, 40}, {4, 0, 30}, {3, 0, 20}, {5, 0, 10}};
  const auto rows = rank_inputs({"a", "b"}, inputs, metrics, values);
  REQUIRE(rows.size() == 4);  // 2 inputs x 2 whole-system metrics: no per-tier row
  CHECK(rows[0].input == "a");
  CHECK(rows[0].id.metric == "cost_eur");
  CHECK(rows[1].id.metric == "rate");
  CHECK(rows[2].input == "b");
  CHECK(format_sensitivity_csv(rows) ==
        "input,metric,tier,year,spearman,ci_low,ci_high,replications\n"
        "a,cost_eur,,2020,0.8,-0.3175038429,0.9872906107,5\n"
        "a,rate,,2020,-1,-1,-1,5\n"
        "b,cost_eur,,2020,,,,5\n"
        "b,rate,,2020,,,,5\n");
}

TEST_CASE("numbers are written with 10 significant digits and no negative zero", "[io][output]") {
  CHECK(format_number(0.1 + 0.2) == "0.3");
  CHECK(format_number(1234567.891234) == "1234567.891");
  CHECK(format_number(-0.0) == "0");
  CHECK(format_number(std::nan("")).empty());
  CHECK(format_number(2.5e-12) == "2.5e-12");
}

TEST_CASE("CSV cells are read back as jeugdsim writes them (RFC 4180)", "[report][csv]") {
  const auto table = outputs::CsvTable::parse(
      "name,note,value\n\"a, b\",\"say \"\"hi\"\"\",1.5\nplain,\"two\nlines\",\n", "t.csv");
  REQUIRE(table.rows().size() == 2);
  CHECK(table.rows()[0][0] == "a, b");
  CHECK(table.rows()[0][1] == "say \"hi\"");
  CHECK(table.number(0, 2) == 1.5);
  CHECK(table.rows()[1][1] == "two\nlines");
  CHECK(std::isnan(table.number(1, 2)));  // an empty cell: a value that could not be computed
  CHECK(table.column("value") == 2);
  CHECK_THROWS_WITH(table.column("mean"),
                    "t.csv: error: no column 'mean'; the header has: name,note,value");
  CHECK_THROWS_WITH(table.number(1, 0),
                    "t.csv:3: error: column 'name': expected a number, not 'plain'");
  CHECK_THROWS_WITH(outputs::CsvTable::parse("a,b\n1,2,3\n", "u.csv"),
                    "u.csv:2: error: 3 cells, but the header has 2");
  CHECK_THROWS_WITH(outputs::CsvTable::parse("a\n\"open\n", "v.csv"),
                    "v.csv:2: error: a quoted cell is never closed");
  CHECK_THROWS_AS(outputs::CsvTable::parse("", "w.csv"), io::InputError);
}

TEST_CASE("posterior.csv reads back exactly as calibrate wrote it", "[output][calibrate]") {
  Posterior posterior;
  posterior.inputs = {"tiers.poh.caseload_per_fte", "a,b"};  // a name that needs quoting
  posterior.theta = {{40.123456789012345, 0.1}, {1.0 / 3.0, 2e-300}};
  posterior.weight = {0.7, 0.3};
  posterior.distance = {1.25, 0.0};
  const std::string text = format_posterior_csv(posterior);
  CHECK(text.substr(0, text.find('\n')) ==
        "particle,weight,tiers.poh.caseload_per_fte,\"a,b\",distance");
  const auto dir = std::filesystem::temp_directory_path() / "jeugdsim-test-posterior";
  std::filesystem::remove_all(dir);
  write_file_atomically(dir / "posterior.csv", text);
  const Posterior back = read_posterior_csv(dir / "posterior.csv");
  CHECK(back.inputs == posterior.inputs);
  CHECK(back.theta == posterior.theta);  // bit for bit, not to 10 digits
  CHECK(back.weight == posterior.weight);
  CHECK(back.distance == posterior.distance);

  const auto rejected = [&dir](const std::string& csv, const std::string& says) {
    write_file_atomically(dir / "bad.csv", csv);
    CHECK_THROWS_WITH(read_posterior_csv(dir / "bad.csv"), Catch::Contains(says));
  };
  rejected("particle,weight,distance\n0,1,0\n", "not a posterior.csv");  // no input column
  rejected("run,weight,x,distance\n0,1,2,0\n", "not a posterior.csv");
  rejected("particle,weight,x,distance\n0,0,2,0\n1,1,2,0\n", ":2: error: a weight must be");
  rejected("particle,weight,x,distance\n0,0.5,2,0\n", "the weights sum to 0.5");
  rejected("particle,weight,x,distance\n0,1,,0\n", ":2: error: 'x' must be a number");
  rejected("particle,weight,x,distance\n", "no particles");
  std::filesystem::remove_all(dir);
}
