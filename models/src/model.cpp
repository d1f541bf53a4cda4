#include "jeugdsim/models/model.hpp"

#include <algorithm>
#include <limits>
#include <map>
#include <memory>
#include <numeric>
#include <tuple>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "jeugdsim/engine/random.hpp"
#include "jeugdsim/io/input_error.hpp"
#include "jeugdsim/io/parameter_table.hpp"
#include "jeugdsim/io/value_reader.hpp"
#include "jeugdsim/models/network/load.hpp"
#include "jeugdsim/models/network/simulate.hpp"
#include "jeugdsim/models/network/traffic.hpp"
#include "jeugdsim/models/youth_care/cohort.hpp"
#include "jeugdsim/models/youth_care/load.hpp"
#include "jeugdsim/models/youth_care/metrics.hpp"
#include "jeugdsim/models/youth_care/pathway.hpp"
#include "jeugdsim/models/youth_care/simulate.hpp"

namespace jeugdsim::models {
namespace {

// Customers at once: at each station those in service (at most its servers) and, where it is
// overloaded, a line that grows by the excess rate for the whole run; never more than all the
// arrivals of the run. Reported at the servers of the station that holds the most.
Footprint network_footprint(const io::Document& document, const network::NetworkScenario& s,
                            const std::vector<network::StationFlow>& flows) {
  const double days = s.warmup_days + s.horizon_days;
  double arrivals = 0.0;
  for (const auto& a : s.arrivals) arrivals += days / a.interarrival.mean();
  double customers = 0.0;
  double most = -1.0;
  std::size_t busiest = 0;
  bool overloaded = false;
  for (std::size_t i = 0; i < s.stations.size(); ++i) {
    const auto& station = s.stations[i];
    double here = flows[i].offered_load;
    double line = 0.0;
    if (const auto servers = station.capacity.servers) {
      here = std::min(here, static_cast<double>(*servers));
      line = std::max(0.0, flows[i].arrival_rate - *servers / station.service.mean()) * days;
    }
    customers += here + line;
    if (here + line > most) {
      most = here + line;
      busiest = i;
      overloaded = line > 0.0;
    }
  }
  customers = std::min(customers, arrivals);
  const auto& id = s.stations[busiest].id;
  const YAML::Node servers = document.root()["stations"][busiest]["servers"];
  return Footprint{
      customers * static_cast<double>(network::bytes_per_customer()),
      document.location(servers, "stations." + id + ".servers"),
      fmt::format(
          "up to {:.3g} customers in the network at once, the most at station '{}'{}", customers,
          id,
          overloaded ? fmt::format(" (overloaded: its line grows for {:.6g} days)", days) : "")};
}

Model network_model(const io::Document& document) {
  Model model;
  auto scenario = std::make_shared<const network::NetworkScenario>(
      network::load_scenario(document, model.warnings));
  model.info.scenario = scenario->name;
  model.info.kind = "network";
  model.info.source = document.source_name();
  model.info.seed = scenario->seed;
  model.info.replications = scenario->replications;
  model.metrics = network::metrics(*scenario);
  model.simulate = [scenario](std::size_t r) {
    return ReplicationOutput{network::simulate(*scenario, r), {}, {}};
  };

  const auto flows = network::solve_traffic(*scenario);
  model.footprint = network_footprint(document, *scenario, flows);
  std::string loads;
  for (std::size_t i = 0; i < flows.size(); ++i) {
    const auto& station = scenario->stations[i];
    loads += fmt::format("{}{} {}", i == 0 ? "" : ", ", station.id,
                         station.capacity.unlimited()
                             ? fmt::format("{:.3g} busy (unlimited)", flows[i].offered_load)
                             : fmt::format("{:.3f}", flows[i].utilization));
  }
  model.outline = fmt::format(
      "network '{}': {} stations, {} arrival streams, horizon {} days after {} days warm-up, "
      "{} replications, seed {}; expected utilization: {}",
      scenario->name, scenario->stations.size(), scenario->arrivals.size(), scenario->horizon_days,
      scenario->warmup_days, scenario->replications, scenario->seed, loads);
  return model;
}

// Where each metric is in a replication's values: position.at(key(id)).
using MetricKey = std::tuple<std::string, std::string, std::string>;
MetricKey key(const outputs::MetricId& id) { return {id.metric, id.tier, id.year}; }
std::map<MetricKey, std::size_t> positions(const std::vector<outputs::MetricId>& metrics) {
  std::map<MetricKey, std::size_t> position;
  for (std::size_t i = 0; i < metrics.size(); ++i) position[key(metrics[i])] = i;
  return position;
}

// The observed figures as targets: each the mean over its years of the metric's values.
std::vector<Target> youth_care_targets(const youth_care::YouthCareScenario& scenario,
                                       const std::vector<outputs::MetricId>& metrics) {
  const auto position = positions(metrics);
  std::vector<Target> targets;
  for (const auto& figure : scenario.observed) {
    Target target;
    target.label =
        figure.metric + (figure.tier.empty() ? "" : " " + figure.tier) + " " +
        std::to_string(figure.first_year) +
        (figure.last_year == figure.first_year ? "" : "-" + std::to_string(figure.last_year));
    for (int year = figure.first_year; year <= figure.last_year; ++year) {
      // The loader admits only metrics, tiers and reported years that the run has.
      target.values.push_back(position.at(key({figure.metric, figure.tier, std::to_string(year)})));
    }
    target.value = figure.value;
    target.sd = figure.sd;
    target.location = figure.location;
    targets.push_back(std::move(target));
  }
  return targets;
}

// "2005-2017, 2020": years as ranges of consecutive ones.
std::string year_ranges(const std::vector<int>& years) {
  std::vector<std::string> ranges;
  for (std::size_t i = 0; i < years.size();) {
    std::size_t j = i;
    while (j + 1 < years.size() && years[j + 1] == years[j] + 1) ++j;
    ranges.push_back(j == i ? std::to_string(years[i]) : fmt::format("{}-{}", years[i], years[j]));
    i = j + 1;
  }
  return fmt::format("{}", fmt::join(ranges, ", "));
}

// A warning per tier whose demand outruns its places in some year (youth_care::overloads): its
// waiting list then grows instead of settling, which the data rarely allow (docs/model.md,
// "Demand and capacity").
void warn_of_overloads(const io::Document& document, const youth_care::YouthCareScenario& s,
                       std::vector<std::string>& warnings) {
  namespace yc = youth_care;
  const std::vector<yc::Overload> all = yc::overloads(s);
  for (const auto& tier : yc::kTiers) {
    std::vector<int> years;
    const yc::Overload* worst = nullptr;
    for (const auto& o : all) {
      if (o.tier != tier.tier) continue;
      years.push_back(o.year);
      if (worst == nullptr || o.demand / o.places > worst->demand / worst->places) worst = &o;
    }
    if (worst == nullptr) continue;
    const int warmup = static_cast<int>(
        std::count_if(years.begin(), years.end(), [&s](int y) { return y < s.start_year; }));
    const std::string path = fmt::format("tiers.{}.capacity", tier.id);
    const YAML::Node node = document.root()["tiers"][std::string(tier.id)]["capacity"];
    const std::string where =
        node ? document.location(node, path) : document.location(document.root(), "tiers");
    warnings.push_back(fmt::format(
        "{}: warning: {} has more demand than places in {} ({} of the {} simulated years{}): "
        "without a limit it would hold {:.0f} children at once on average in {}, against "
        "{:.0f} places (traffic intensity {:.2f}), so its waiting list grows through those "
        "years instead of settling (docs/model.md, 'Demand and capacity')",
        where, tier.id, year_ranges(years), years.size(), s.end_year() - s.first_simulated_year(),
        warmup == 0 ? "" : fmt::format(", {} of them warm-up", warmup), worst->demand, worst->year,
        worst->places, worst->demand / worst->places));
  }
}

Model youth_care_model(const io::Document& document) {
  namespace yc = youth_care;
  Model model;
  auto scenario =
      std::make_shared<const yc::YouthCareScenario>(yc::load_scenario(document, model.warnings));
  warn_of_overloads(document, *scenario, model.warnings);
  model.info.scenario = scenario->name;
  model.info.kind = "youth_care";
  model.info.source = document.source_name();
  model.info.seed = scenario->seed;
  model.info.replications = scenario->replications;
  model.metrics = yc::metrics(*scenario);
  model.targets = youth_care_targets(*scenario, model.metrics);
  for (const auto& figure : scenario->observed) {
    if (figure.first_year == figure.last_year && figure.tier.empty()) {  // what `run` prints
      model.info.observed.push_back(outputs::Observation{
          {figure.metric, figure.tier, std::to_string(figure.first_year)}, figure.value});
    }
  }
  for (const auto metric : yc::kHeadlineMetrics) model.headline.emplace_back(yc::info(metric).id);
  if (scenario->uncertain.empty()) {
    model.simulate = [scenario](std::size_t r) {
      auto result = yc::simulate(*scenario, r);
      return ReplicationOutput{std::move(result.values), std::move(result.timeseries), {}};
    };
  } else {
    model.info.drawn_from = "priors";
    for (const auto& input : scenario->uncertain) {
      model.inputs.push_back(input.path);
      model.priors.push_back(Prior{input.distribution, input.location});
    }
    // Each replication reads the file again with its own draws (a copy per call: a Document is
    // not shared between threads).
    auto source = std::make_shared<const io::Document>(document.copy());
    model.simulate_at = [scenario, source](const std::vector<double>& inputs, std::size_t r) {
      auto result = yc::simulate(yc::scenario_at(*source, *scenario, inputs), r);
      return ReplicationOutput{std::move(result.values), std::move(result.timeseries), inputs};
    };
    auto position =
        std::make_shared<const std::map<MetricKey, std::size_t>>(positions(model.metrics));
    model.expected_at = [scenario, source, position,
                         count = model.metrics.size()](const std::vector<double>& inputs) {
      std::vector<double> values(count, std::numeric_limits<double>::quiet_NaN());
      for (const auto& v : yc::cohort(yc::scenario_at(*source, *scenario, inputs))) {
        if (const auto at = position->find(key(v.id)); at != position->end()) {
          values[at->second] = v.value;
        }
      }
      return values;
    };
    model.simulate = [scenario, source](std::size_t r) {
      yc::DrawnScenario drawn = yc::drawn_scenario(*source, *scenario, r);
      auto result = yc::simulate(drawn.scenario, r);
      return ReplicationOutput{std::move(result.values), std::move(result.timeseries),
                               std::move(drawn.draws)};
    };
  }
  model.timeseries_header = yc::kTimeseriesHeader;
  model.timeseries_rows = yc::timeseries_rows(*scenario);
  model.timeseries_row_bytes = yc::timeseries_row_bytes();
  const double children = yc::peak_children_bound(*scenario);
  const YAML::Node rates = document.root()["care_questions"]["rate_per_child_per_year"];
  model.footprint = Footprint{
      children * static_cast<double>(yc::bytes_per_child()),
      document.location(rates, "care_questions.rate_per_child_per_year"),
      fmt::format("up to {:.3g} children in care or waiting at once (the care questions of {} "
                  "years: children x demand_index x rate_per_child_per_year)",
                  children, std::min(18, scenario->years + scenario->warmup_years))};
  model.pathway_dot = [scenario] { return yc::pathway_dot(*scenario); };
  model.expected = [scenario] {
    std::vector<ExpectedValue> out;
    for (const auto& v : yc::cohort(*scenario)) out.push_back({v.id, v.value, v.approximate});
    return out;
  };
  const auto& p = scenario->epochs.front().parameters;
  // "1 change", "2 changes": the outline is read by people.
  const auto count = [](std::size_t n, const char* one, const char* many) {
    return fmt::format("{} {}", n, n == 1 ? one : many);
  };
  model.outline = fmt::format(
      "youth_care '{}': {}, {} care policy, {}-{} after {} warm-up years, {}, {}, seed {}",
      scenario->name, count(p.municipalities.size(), "municipality", "municipalities"),
      yc::policy_id(p.policy), scenario->start_year, scenario->end_year() - 1,
      scenario->warmup_years, count(scenario->epochs.size() - 1, "change", "changes"),
      count(scenario->replications, "replication", "replications"), scenario->seed);
  return model;
}

}  // namespace

void use_posterior(Model& model, const outputs::Posterior& posterior, const std::string& file) {
  if (!model.simulate_at || model.inputs != posterior.inputs) {
    const auto listed = [](const std::vector<std::string>& inputs) {
      return inputs.empty() ? std::string("none") : fmt::format("'{}'", fmt::join(inputs, "', '"));
    };
    throw io::InputError(file, fmt::format("its parameter sets are of {}, but the scenario's "
                                           "uncertain inputs are {}: give the scenario (and --set) "
                                           "that was calibrated",
                                           listed(posterior.inputs), listed(model.inputs)));
  }
  // The purpose of the stream that picks a replication's parameter set; the youth-care model's
  // own purposes are small numbers (simulate.cpp, load.cpp).
  constexpr std::uint64_t kPosteriorPick = 0x9057;
  auto cumulative = std::make_shared<std::vector<double>>(posterior.weight.size());
  std::partial_sum(posterior.weight.begin(), posterior.weight.end(), cumulative->begin());
  auto theta = std::make_shared<const std::vector<std::vector<double>>>(posterior.theta);
  const std::uint64_t seed = model.info.seed;
  model.simulate = [simulate_at = model.simulate_at, cumulative, theta, seed](std::size_t r) {
    engine::RandomStream rng(engine::StreamKey{seed, r, kPosteriorPick, 0});
    const double u = rng.uniform01() * cumulative->back();
    const auto chosen = std::upper_bound(cumulative->begin(), cumulative->end() - 1, u);
    return simulate_at((*theta)[static_cast<std::size_t>(chosen - cumulative->begin())], r);
  };
  model.info.drawn_from = "posterior";
  model.info.posterior = file;
}

const std::vector<std::string>& known_kinds() {
  static const std::vector<std::string> kinds = {"network", "youth_care"};
  return kinds;
}

Model load_model(const io::Document& document) {
  const YAML::Node kind_node = document.root()["kind"];
  if (!kind_node) {  // not through MapReader: which keys are allowed depends on the kind
    throw io::InputError(
        document.location(document.root(), ""),
        "missing key 'kind': what the scenario describes ('network' or 'youth_care')");
  }
  const io::ValueReader kind(document, kind_node, "kind");
  Model model = kind.as_choice(known_kinds()) == "youth_care" ? youth_care_model(document)
                                                              : network_model(document);
  model.info.parameters = io::parameter_table(document.root());
  return model;
}

}  // namespace jeugdsim::models
