// The engine against queueing theory: each scenario in scenarios/validation/ is run with its own
// horizon, warm-up, replications and seed, and the closed-form value of every metric the theory
// gives must lie inside the confidence interval that the replications themselves produce.
// docs/validation.md lists the cases and their results.
//
// Why a confidence interval and not a fixed tolerance: the simulation estimate of a long-run
// mean has a sampling error that the replications measure (their sd), so "theory lies within
// the interval" is the statistically honest test, and its width is set by the run, not guessed.
//
// Family-wise level: this file compares k = 61 values (check_count(), counted from the table
// of cases). At 95% each, about three would fail by chance alone, so the per-check confidence
// is Bonferroni-corrected: 1 - alpha / k with family-wise alpha = 0.05, i.e. 99.918% per check
// (t = 3.73 with 29 degrees of freedom). Whatever the seeds, the chance that a correct engine
// fails any check is then at most about 5%. The seeds are fixed, so a given build either
// passes or fails, every time.
//
// Power: a wide interval would contain any value, so every check also requires the interval's
// half-width (at the per-check level) to be at most 3% of the theory value. Horizons are sized
// so that it is about 2% in the worst metric of each case; an engine error of 5% in any metric
// would then need a sampling error of several standard errors the other way to hide.

#include <cmath>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <catch2/catch.hpp>

#include "jeugdsim/engine/runner.hpp"
#include "jeugdsim/engine/summary.hpp"
#include "jeugdsim/io/document.hpp"
#include "jeugdsim/models/network/load.hpp"
#include "jeugdsim/models/network/simulate.hpp"
#include "jeugdsim/models/network/traffic.hpp"
#include "jeugdsim/outputs/results.hpp"
#include "queueing_theory.hpp"

namespace {

namespace engine = jeugdsim::engine;
namespace io = jeugdsim::io;
namespace outputs = jeugdsim::outputs;
namespace network = jeugdsim::models::network;
namespace theory = jeugdsim::theory;

constexpr double kFamilyAlpha = 0.05;
constexpr double kMaxRelativeHalfWidth = 0.03;

// The model a validation file is meant to contain, in theory's terms: checked against what the
// loader read, so that the file, this test and docs/validation.md cannot drift apart silently.
struct StationModel {
  std::string id;
  std::size_t servers;
  std::string service;  // distribution family: M/M/c results need exponential service
  double mean_service;
  double service_variance;
};

struct Expected {
  std::string metric;
  std::string tier;  // station id, or "" for network-wide metrics
  double value;
};

struct ValidationCase {
  std::string file;  // in scenarios/validation/
  std::vector<StationModel> stations;
  std::vector<double> arrival_rates;  // per station, from theory (traffic equations)
  std::vector<Expected> expected;
};

void add_station_metrics(std::vector<Expected>& out, const std::string& tier,
                         const theory::QueueMetrics& q) {
  out.push_back({"wait_mean", tier, q.wait});
  out.push_back({"sojourn_mean", tier, q.sojourn});
  out.push_back({"queue_length_mean", tier, q.queue_length});
  out.push_back({"in_system_mean", tier, q.in_system});
  out.push_back({"utilization", tier, q.utilization});
  out.push_back({"throughput_per_day", tier, q.throughput});
}

ValidationCase single_station(std::string file, StationModel station, double lambda,
                              const theory::QueueMetrics& q) {
  ValidationCase c{std::move(file), {station}, {lambda}, {}};
  add_station_metrics(c.expected, station.id, q);
  return c;
}

std::vector<ValidationCase> make_cases() {
  std::vector<ValidationCase> cases;
  // M/M/1, light and heavy load: Poisson arrivals at 1/day.
  cases.push_back(single_station("mm1-rho050.yaml", {"server", 1, "exponential", 0.5, 0.5 * 0.5},
                                 1.0, theory::mm1(1.0, 0.5)));
  cases.push_back(single_station("mm1-rho090.yaml", {"server", 1, "exponential", 0.9, 0.9 * 0.9},
                                 1.0, theory::mm1(1.0, 0.9)));
  // M/M/8 at 4 arrivals/day: offered load 6.8 and 7.6 Erlang.
  cases.push_back(single_station("mmc-c8-rho085.yaml",
                                 {"servers", 8, "exponential", 1.7, 1.7 * 1.7}, 4.0,
                                 theory::mmc(4.0, 1.7, 8)));
  cases.push_back(single_station("mmc-c8-rho095.yaml",
                                 {"servers", 8, "exponential", 1.9, 1.9 * 1.9}, 4.0,
                                 theory::mmc(4.0, 1.9, 8)));
  // M/G/1: fixed (M/D/1), lognormal (cv 1.5) and gamma (cv 0.5) service.
  cases.push_back(single_station("md1-rho080.yaml", {"server", 1, "fixed", 0.8, 0.0}, 1.0,
                                 theory::mg1(1.0, 0.8, 0.0)));
  cases.push_back(single_station("mg1-lognormal-rho075.yaml",
                                 {"server", 1, "lognormal", 0.75, 1.125 * 1.125}, 1.0,
                                 theory::mg1(1.0, 0.75, 1.125 * 1.125)));
  cases.push_back(single_station("mg1-gamma-rho080.yaml", {"server", 1, "gamma", 0.8, 0.4 * 0.4},
                                 1.0, theory::mg1(1.0, 0.8, 0.4 * 0.4)));

  // The Jackson network: intake -> assess (0.8), assess -> treat (0.6), treat -> assess (0.25),
  // the rest exits; external arrivals 2/day at intake and 0.25/day at treat.
  theory::JacksonNetwork net;
  net.stations = {{1, 0.3}, {3, 1.3}, {2, 1.1}};
  net.external_rates = {2.0, 0.0, 0.25};
  net.routing = {{0.0, 0.8, 0.0}, {0.0, 0.0, 0.6}, {0.0, 0.25, 0.0}};
  const theory::JacksonResult jackson = theory::jackson(net);
  ValidationCase c{"jackson-feedback.yaml",
                   {{"intake", 1, "exponential", 0.3, 0.3 * 0.3},
                    {"assess", 3, "exponential", 1.3, 1.3 * 1.3},
                    {"treat", 2, "exponential", 1.1, 1.1 * 1.1}},
                   jackson.arrival_rates,
                   {}};
  for (std::size_t i = 0; i < c.stations.size(); ++i) {
    add_station_metrics(c.expected, c.stations[i].id, jackson.stations[i]);
  }
  c.expected.push_back({"network_sojourn_mean", "", jackson.network_sojourn});
  cases.push_back(std::move(c));
  return cases;
}

const std::vector<ValidationCase>& validation_cases() {
  static const std::vector<ValidationCase> cases = make_cases();
  return cases;
}

// Counted from the table, so adding a case adjusts the Bonferroni correction by itself.
std::size_t check_count() {
  std::size_t k = 0;
  for (const auto& c : validation_cases()) k += c.expected.size();
  return k;
}

double per_check_confidence() { return 1.0 - kFamilyAlpha / static_cast<double>(check_count()); }

const ValidationCase& validation_case(std::string_view file) {
  for (const auto& c : validation_cases()) {
    if (c.file == file) return c;
  }
  throw std::logic_error("no validation case for " + std::string(file));
}

network::NetworkScenario load(const ValidationCase& c) {
  const auto document =
      io::Document::from_file(std::string(JEUGDSIM_SOURCE_DIR) + "/scenarios/validation/" + c.file);
  std::vector<std::string> warnings;
  network::NetworkScenario scenario = network::load_scenario(document, warnings);
  CHECK(warnings.empty());
  return scenario;
}

// The file holds the model the theory is about: same stations, servers, service family and
// moments, and (through the engine's own traffic solver) arrival rates.
void check_file_is_the_model(const ValidationCase& c, const network::NetworkScenario& scenario) {
  REQUIRE(scenario.stations.size() == c.stations.size());
  const auto flows = network::solve_traffic(scenario);
  for (std::size_t i = 0; i < c.stations.size(); ++i) {
    const auto& spec = scenario.stations[i];
    const auto& model = c.stations[i];
    INFO("station " << model.id);
    CHECK(spec.id == model.id);
    REQUIRE(spec.capacity.servers.has_value());
    CHECK(*spec.capacity.servers == model.servers);
    CHECK(spec.service.name() == model.service);
    CHECK(spec.service.mean() == Approx(model.mean_service).epsilon(1e-12));
    CHECK(spec.service.variance() == Approx(model.service_variance).epsilon(1e-12).margin(1e-15));
    CHECK(flows[i].arrival_rate == Approx(c.arrival_rates[i]).epsilon(1e-12));
  }
  // Every external stream must be Poisson for the theory to apply.
  for (const auto& stream : scenario.arrivals) CHECK(stream.interarrival.name() == "exponential");
}

const outputs::SummaryRow* find_row(const std::vector<outputs::SummaryRow>& rows,
                                    const Expected& e) {
  for (const auto& row : rows) {
    if (row.id.metric == e.metric && row.id.tier == e.tier && row.id.year == "all") return &row;
  }
  return nullptr;
}

void check_against_theory(std::string_view file) {
  const ValidationCase& c = validation_case(file);
  const network::NetworkScenario scenario = load(c);
  check_file_is_the_model(c, scenario);

  const auto values = engine::run_replications(
      scenario.replications, engine::RunnerOptions{},
      [&scenario](std::size_t r) { return network::simulate(scenario, r); });
  const auto rows = outputs::summarize_replications(network::metrics(scenario), values);

  const double confidence = per_check_confidence();
  for (const Expected& e : c.expected) {
    const outputs::SummaryRow* row = find_row(rows, e);
    INFO(c.file << ": " << e.metric << " at '" << e.tier << "'");
    REQUIRE(row != nullptr);
    const engine::Summary& s = row->summary;
    REQUIRE(s.count == scenario.replications);  // every replication observed the metric
    const auto n = static_cast<double>(s.count);
    const double half_width = engine::student_t_quantile(confidence, n - 1.0) * s.sd / std::sqrt(n);
    INFO("theory " << e.value << ", simulated " << s.mean << " +- " << half_width << " ("
                   << 100.0 * confidence << "% interval, " << s.count << " replications; "
                   << 100.0 * half_width / e.value << "% of theory)");
    CHECK(std::abs(s.mean - e.value) <= half_width);
    CHECK(half_width <= kMaxRelativeHalfWidth * e.value);
  }
}

}  // namespace

// --- The theory itself, checked before anything is checked against it. ---

TEST_CASE("Erlang C agrees with its textbook sum and reduces to M/M/1", "[theory]") {
  // The textbook form, summed directly; fine for small c.
  const auto erlang_c_sum = [](std::size_t c, double a) {
    double sum = 0.0, term = 1.0;  // term = a^k / k!
    for (std::size_t k = 0; k < c; ++k) {
      sum += term;
      term *= a / static_cast<double>(k + 1);
    }
    const double top = term / (1.0 - a / static_cast<double>(c));
    return top / (sum + top);
  };
  for (std::size_t c : {1U, 2U, 3U, 8U, 20U}) {
    for (double rho : {0.1, 0.5, 0.85, 0.95, 0.99}) {
      const double a = rho * static_cast<double>(c);
      CHECK(theory::erlang_c(c, a) == Approx(erlang_c_sum(c, a)).epsilon(1e-12));
    }
  }
  CHECK(theory::erlang_c(2, 1.0) == Approx(1.0 / 3.0));  // by hand: (1/2)/(1/2) / (1 + 1 + 1)
  CHECK(theory::erlang_c(1, 0.7) == Approx(0.7));        // one server: P(wait) = rho
  // The recursion stays accurate where a^c / c! would overflow.
  const double big = theory::erlang_c(500, 490.0);
  CHECK(std::isfinite(big));
  CHECK(big > 0.0);
  CHECK(big < 1.0);

  const theory::QueueMetrics one = theory::mm1(0.9, 1.0);
  const theory::QueueMetrics c1 = theory::mmc(0.9, 1.0, 1);
  CHECK(c1.wait == Approx(one.wait));
  CHECK(c1.queue_length == Approx(one.queue_length));
  CHECK(c1.in_system == Approx(one.in_system));
  CHECK(one.wait == Approx(9.0));                                // rho / (mu - lambda) = 0.9 / 0.1
  CHECK(one.in_system == Approx(one.throughput * one.sojourn));  // Little
  CHECK_THROWS_AS(theory::mmc(4.0, 1.0, 4), std::invalid_argument);  // rho = 1: no steady state
}

TEST_CASE("Pollaczek-Khinchine gives M/M/1 for exponential and half its wait for fixed service",
          "[theory]") {
  const theory::QueueMetrics exp = theory::mg1(0.8, 1.0, 1.0);
  const theory::QueueMetrics mm1 = theory::mm1(0.8, 1.0);
  CHECK(exp.wait == Approx(mm1.wait));
  CHECK(exp.queue_length == Approx(mm1.queue_length));
  CHECK(exp.in_system == Approx(mm1.in_system));
  CHECK(exp.sojourn == Approx(mm1.sojourn));
  const theory::QueueMetrics md1 = theory::mg1(0.8, 1.0, 0.0);
  CHECK(md1.wait == Approx(mm1.wait / 2.0));
  CHECK(md1.queue_length == Approx(md1.wait * 0.8));  // Little
}

TEST_CASE("the Jackson product form reduces to independent M/M/1 queues in tandem", "[theory]") {
  theory::JacksonNetwork tandem;
  tandem.stations = {{1, 0.5}, {1, 0.8}};
  tandem.external_rates = {1.0, 0.0};
  tandem.routing = {{0.0, 1.0}, {0.0, 0.0}};
  const theory::JacksonResult r = theory::jackson(tandem);
  CHECK(r.arrival_rates[0] == Approx(1.0));
  CHECK(r.arrival_rates[1] == Approx(1.0));
  CHECK(r.network_sojourn == Approx(theory::mm1(1.0, 0.5).sojourn + theory::mm1(1.0, 0.8).sojourn));

  // A station that feeds back to itself with probability p sees lambda = gamma / (1 - p).
  theory::JacksonNetwork loop;
  loop.stations = {{2, 1.0}};
  loop.external_rates = {0.25};
  loop.routing = {{0.75}};
  const theory::JacksonResult looped = theory::jackson(loop);
  CHECK(looped.arrival_rates[0] == Approx(1.0));
  CHECK(looped.stations[0].utilization == Approx(0.5));
  // Little on the whole network: four visits per customer on average.
  CHECK(looped.network_sojourn == Approx(4.0 * looped.stations[0].sojourn));
}

TEST_CASE("the validation network's traffic equations agree with the engine's solver",
          "[engine][theory]") {
  // Solved by hand: assess = (1.6 + 0.25 x 0.25) / (1 - 0.25 x 0.6), treat = 0.25 + 0.6 x assess.
  const ValidationCase& c = validation_case("jackson-feedback.yaml");
  const double assess = 1.6625 / 0.85;
  CHECK(c.arrival_rates[0] == Approx(2.0));
  CHECK(c.arrival_rates[1] == Approx(assess));
  CHECK(c.arrival_rates[2] == Approx(0.25 + 0.6 * assess));
  // And the engine's (Eigen) solution of the same equations, from the file.
  const auto flows = network::solve_traffic(load(c));
  for (std::size_t i = 0; i < flows.size(); ++i) {
    CHECK(flows[i].arrival_rate == Approx(c.arrival_rates[i]).epsilon(1e-12));
  }
}

// --- The engine against the theory. ---

TEST_CASE("M/M/1 at utilization 0.5 matches the closed form", "[engine][theory]") {
  check_against_theory("mm1-rho050.yaml");
}

TEST_CASE("M/M/1 at heavy load 0.9 matches the closed form", "[engine][theory]") {
  check_against_theory("mm1-rho090.yaml");
}

TEST_CASE("M/M/c wait matches Erlang C at utilization 0.85", "[engine][theory]") {
  check_against_theory("mmc-c8-rho085.yaml");
}

TEST_CASE("M/M/c wait matches Erlang C at heavy load 0.95", "[engine][theory]") {
  check_against_theory("mmc-c8-rho095.yaml");
}

TEST_CASE("M/D/1 matches Pollaczek-Khinchine", "[engine][theory]") {
  check_against_theory("md1-rho080.yaml");
}

TEST_CASE("M/G/1 with lognormal service matches Pollaczek-Khinchine", "[engine][theory]") {
  check_against_theory("mg1-lognormal-rho075.yaml");
}

TEST_CASE("M/G/1 with gamma service matches Pollaczek-Khinchine", "[engine][theory]") {
  check_against_theory("mg1-gamma-rho080.yaml");
}

TEST_CASE("an open Jackson network with feedback matches the product form", "[engine][theory]") {
  check_against_theory("jackson-feedback.yaml");
}
