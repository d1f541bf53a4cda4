#include "jeugdsim/outputs/calibration.hpp"

#include <cmath>
#include <limits>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "jeugdsim/io/input_error.hpp"
#include "jeugdsim/outputs/results.hpp"
#include "reading.hpp"

namespace jeugdsim::outputs {
namespace {

using Json = nlohmann::ordered_json;

Json spread_json(const Spread& s) {
  return Json{{"low", s.low}, {"median", s.median}, {"high", s.high}};
}

// JSON has no infinity: the prior's round has no tolerance.
Json tolerance_json(double tolerance) {
  return std::isfinite(tolerance) ? Json(tolerance) : Json(nullptr);
}

}  // namespace

std::string format_posterior_csv(const Posterior& posterior) {
  // Appended piece by piece: GCC 12 at -O3 warns falsely (-Wrestrict) on "," + text.
  std::string out = "particle,weight";
  const auto cell = [&out](const std::string& text) {
    out += ',';
    out += text;
  };
  // The shortest text that reads back as the same double: a run with --posterior simulates
  // exactly the parameter sets that were accepted.
  const auto exact = [](double value) { return fmt::format("{}", value); };
  for (const auto& input : posterior.inputs) cell(csv_field(input));
  out += ",distance\n";
  for (std::size_t i = 0; i < posterior.theta.size(); ++i) {
    out += std::to_string(i);
    cell(exact(posterior.weight[i]));
    for (const double value : posterior.theta[i]) cell(exact(value));
    cell(exact(posterior.distance[i]));
    out += '\n';
  }
  return out;
}

Posterior read_posterior_csv(const std::filesystem::path& file) {
  using namespace reading;
  const auto table = read_csv(file);
  const auto& header = table.header();
  if (header.size() < 4 || header.front() != "particle" || header[1] != "weight" ||
      header.back() != "distance") {
    throw io::InputError(file.string(),
                         "not a posterior.csv of jeugdsim calibrate: expected the columns "
                         "particle, weight, one per uncertain input, distance");
  }
  Posterior posterior;
  for (std::size_t c = 2; c + 1 < header.size(); ++c) posterior.inputs.push_back(header[c]);
  double total = 0.0;
  for (std::size_t r = 0; r < table.rows().size(); ++r) {
    const double weight = table.number(r, 1);
    if (!(weight > 0.0) || !std::isfinite(weight)) {
      throw io::InputError(
          fmt::format("{}:{}", file.string(), r + 2),
          fmt::format("a weight must be a number above 0, not '{}'", table.rows()[r][1]));
    }
    std::vector<double> theta;
    for (std::size_t c = 2; c + 1 < header.size(); ++c) {
      theta.push_back(table.number(r, c));
      if (!std::isfinite(theta.back())) {
        throw io::InputError(
            fmt::format("{}:{}", file.string(), r + 2),
            fmt::format("'{}' must be a number, not '{}'", header[c], table.rows()[r][c]));
      }
    }
    posterior.theta.push_back(std::move(theta));
    posterior.weight.push_back(weight);
    posterior.distance.push_back(table.number(r, header.size() - 1));
    total += weight;
  }
  if (posterior.theta.empty()) throw io::InputError(file.string(), "no particles");
  if (std::abs(total - 1.0) > 1e-9) {
    throw io::InputError(file.string(),
                         fmt::format("the weights sum to {:.12g}, not 1: the file was edited "
                                     "or cut short",
                                     total));
  }
  return posterior;
}

std::string format_calibration_json(const Calibration& c) {
  Json doc;
  doc["version"] = kVersion;
  doc["scenario"] = c.scenario;
  doc["source"] = c.source;
  doc["seed"] = c.seed;
  doc["method"] =
      "ABC-SMC (Beaumont et al. 2009) with Gaussian observation errors "
      "(Wilkinson 2013); docs/calibration.md";
  doc["particles"] = c.particles;
  doc["budget"] = c.budget;
  doc["final_tolerance"] = c.final_tolerance;
  doc["reached_final_tolerance"] = c.reached;
  doc["stop"] = c.stop;
  doc["simulations"] = c.simulations;
  doc["invalid_proposals"] = c.invalid;
  doc["effective_sample_size"] = c.effective_size;
  auto& rounds = doc["rounds"] = Json::array();
  for (const auto& r : c.rounds) {
    rounds.push_back(Json{
        {"tolerance", tolerance_json(r.tolerance)},
        {"simulations", r.simulations},
        {"screened_out", r.screened},
        {"accepted", r.accepted},
        {"acceptance", r.simulations == 0
                           ? 0.0
                           : static_cast<double>(r.accepted) / static_cast<double>(r.simulations)},
        {"effective_sample_size", r.effective_size}});
  }
  doc["screen"] = Json{
      {"targets", c.screen.targets}, {"allowance", c.screen.allowance}, {"note", c.screen.note}};
  auto& targets = doc["targets"] = Json::array();
  for (const auto& t : c.targets) {
    targets.push_back(Json{{"target", t.label},
                           {"location", t.location},
                           {"observed", t.observed},
                           {"sd", t.sd},
                           {"prior_predictive_95", spread_json(t.prior)},
                           {"posterior_predictive_95", spread_json(t.posterior)},
                           {"fits", t.fits()}});
  }
  auto& inputs = doc["inputs"] = Json::array();
  for (const auto& i : c.inputs) {
    inputs.push_back(Json{{"input", i.input},
                          {"prior", i.prior_text},
                          {"prior_95", spread_json(i.prior)},
                          {"posterior_95", spread_json(i.posterior)}});
  }
  return doc.dump(2) + "\n";
}

std::string format_calibration_checkpoint(const CalibrationCheckpoint& checkpoint) {
  const engine::AbcPopulation& p = checkpoint.population;
  Json doc;
  doc["version"] = kVersion;
  doc["round"] = p.round;
  doc["tolerance"] = tolerance_json(p.tolerance);
  doc["simulations"] = p.simulations;
  doc["screened"] = p.screened;
  doc["proposals"] = p.proposals;
  doc["invalid"] = checkpoint.invalid;
  auto& particles = doc["particles"] = Json::array();
  for (std::size_t i = 0; i < p.size(); ++i) {
    // nlohmann writes doubles with as many digits as reading them back exactly takes.
    particles.push_back(Json{{"theta", p.theta[i]},
                             {"weight", p.weight[i]},
                             {"distance", p.distance[i]},
                             {"simulation", p.simulation[i]},
                             {"targets", checkpoint.targets[i]}});
  }
  return doc.dump() + "\n";
}

CalibrationCheckpoint read_calibration_checkpoint(const std::filesystem::path& file) {
  return parse_calibration_checkpoint(reading::read_text(file), file);
}

CalibrationCheckpoint parse_calibration_checkpoint(const std::string& text,
                                                   const std::filesystem::path& file) {
  using namespace reading;
  const Json doc = parse_json(text, file);
  if (value_of<std::string>(doc, "version", file) != kVersion) {
    throw io::InputError(file.string(),
                         "written by another version of jeugdsim: delete the "
                         "folder and calibrate again");
  }
  CalibrationCheckpoint c;
  engine::AbcPopulation& p = c.population;
  p.round = value_of<std::size_t>(doc, "round", file);
  const Json& tolerance = member(doc, "tolerance", file);
  p.tolerance = tolerance.is_null() ? std::numeric_limits<double>::infinity()
                                    : value_of<double>(doc, "tolerance", file);
  p.simulations = value_of<std::size_t>(doc, "simulations", file);
  p.screened = value_of<std::size_t>(doc, "screened", file);
  p.proposals = value_of<std::size_t>(doc, "proposals", file);
  c.invalid = value_of<std::size_t>(doc, "invalid", file);
  for (const Json& particle : member(doc, "particles", file)) {
    p.theta.push_back(value_of<std::vector<double>>(particle, "theta", file));
    p.weight.push_back(value_of<double>(particle, "weight", file));
    p.distance.push_back(value_of<double>(particle, "distance", file));
    p.simulation.push_back(value_of<std::uint64_t>(particle, "simulation", file));
    c.targets.push_back(value_of<std::vector<double>>(particle, "targets", file));
  }
  return c;
}

}  // namespace jeugdsim::outputs
