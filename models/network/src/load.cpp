#include "jeugdsim/models/network/load.hpp"

#include <cmath>
#include <filesystem>
#include <limits>
#include <map>

#include <fmt/format.h>

#include "jeugdsim/engine/reachability.hpp"
#include "jeugdsim/io/did_you_mean.hpp"
#include "jeugdsim/io/limits.hpp"
#include "jeugdsim/io/read_distribution.hpp"
#include "jeugdsim/io/value_reader.hpp"
#include "jeugdsim/models/network/traffic.hpp"

namespace jeugdsim::models::network {
namespace {

using io::MapReader;
using io::ValueReader;

// Route probabilities are typed by hand as decimals; they must sum to 1 up to rounding.
constexpr double kProbabilityTolerance = 1e-9;
// Events carry station and source indices in 16 bits (see simulate.cpp).
constexpr std::int64_t kMaxStations = 65535;

std::string default_name(const std::string& source) {
  return std::filesystem::path(source).stem().string();
}

engine::StationCapacity read_servers(const ValueReader& v) {
  const std::string expected = "'" + v.path() + "' must be a positive whole number or 'unlimited'";
  if (!v.is_scalar())
    v.fail(expected + (v.node().IsNull() ? ", not nothing" : ", not a list or map"));
  const std::string& text = v.node().Scalar();
  if (text == "unlimited") return engine::StationCapacity{};
  if (text.find_first_not_of("+0123456789") != std::string::npos) {
    v.fail(expected + ", not '" + text + "'" +
           io::did_you_mean(text, std::vector<std::string>{"unlimited"}));
  }
  const std::int64_t servers = v.as_integer(0, std::numeric_limits<std::int32_t>::max());
  // Zero servers would hold every customer forever; "no limit" is spelt 'unlimited'.
  if (servers == 0) v.fail(expected + ", not 0");
  return engine::StationCapacity{static_cast<std::uint32_t>(servers)};
}

struct StationSource {
  ValueReader node;
  ValueReader route;
  std::optional<ValueReader> servers;
};

Route read_route(const ValueReader& route, const std::map<std::string, std::size_t>& index,
                 std::size_t exit, const std::vector<std::string>& names) {
  Route r;
  double total = 0.0;
  for (const auto& [key, value] : route.as_entries()) {
    const std::string target = key.as_string();
    std::size_t to = exit;
    if (target != "exit") {
      const auto it = index.find(target);
      if (it == index.end()) {
        key.fail("route to unknown station '" + target + "'" + io::did_you_mean(target, names) +
                 "; a route names station ids or 'exit'");
      }
      to = it->second;
    }
    const double p = value.as_number();
    if (p < 0.0 || p > 1.0) {
      value.fail("'" + value.path() + "' must be a probability from 0 to 1, not " +
                 value.node().Scalar());
    }
    if (p == 0.0) continue;  // allowed (handy in sweeps), but never drawn
    r.targets.push_back(to);
    r.probabilities.push_back(p);
    total += p;
  }
  if (std::abs(total - 1.0) > kProbabilityTolerance) {
    route.fail(fmt::format("the probabilities of '{}' sum to {:.10g}; they must sum to 1",
                           route.path(), total));
  }
  r.choose = boost::random::discrete_distribution<std::size_t, double>(r.probabilities.begin(),
                                                                       r.probabilities.end());
  return r;
}

}  // namespace

NetworkScenario load_scenario(const io::Document& document, std::vector<std::string>& warnings) {
  const ValueReader root = ValueReader::root(document);
  const MapReader top = root.as_map({"kind", "name", "horizon_days", "warmup_days", "replications",
                                     "seed", "arrivals", "stations"});
  (void)top.required("kind").as_choice({"network"});  // load_model dispatched on it already

  NetworkScenario s;
  s.name =
      top.has("name") ? top.required("name").as_string() : default_name(document.source_name());
  const ValueReader horizon = top.required("horizon_days");
  s.horizon_days = horizon.as_positive_number();
  if (auto w = top.optional("warmup_days")) s.warmup_days = w->as_non_negative_number();
  if (s.warmup_days + s.horizon_days > io::kMaxSimulatedDays) {
    horizon.fail(fmt::format(
        "warmup_days + horizon_days is {:.6g} days; at most {:.0f} (about 270,000 years) are "
        "simulated: time is counted in days, more coarsely the larger the count, and the longest "
        "runs this program needs (its benchmarks) are 20 million days",
        s.warmup_days + s.horizon_days, io::kMaxSimulatedDays));
  }
  if (auto r = top.optional("replications")) s.replications = io::read_replications(*r);
  if (auto seed = top.optional("seed")) {
    s.seed =
        static_cast<std::uint64_t>(seed->as_integer(0, std::numeric_limits<std::int64_t>::max()));
  }

  // Stations first: arrivals and routes refer to them by id.
  const std::vector<ValueReader> station_nodes = top.required("stations").as_list();
  if (static_cast<std::int64_t>(station_nodes.size()) > kMaxStations) {
    top.required("stations").fail(fmt::format("at most {} stations are supported", kMaxStations));
  }
  std::map<std::string, std::size_t> index;
  std::vector<std::string> names;
  std::vector<StationSource> sources;
  for (const auto& node : station_nodes) {
    const MapReader m = node.as_map({"id", "servers", "service", "route"});
    const ValueReader id_node = m.required("id");
    const std::string id = id_node.as_string();
    if (id == "exit") id_node.fail("'exit' is reserved for leaving the network; choose another id");
    if (!index.emplace(id, s.stations.size()).second)
      id_node.fail("duplicate station id '" + id + "'");
    names.push_back(id);
    const ValueReader servers = m.required("servers");
    s.stations.push_back(StationSpec{id, read_servers(servers),
                                     io::read_distribution(m.required("service")), Route{}});
    sources.push_back(StationSource{node, m.required("route"), servers});
  }
  for (std::size_t i = 0; i < s.stations.size(); ++i) {
    s.stations[i].route = read_route(sources[i].route, index, s.exit_index(), names);
  }

  const ValueReader arrivals = top.required("arrivals");
  std::vector<std::size_t> entry_points;
  for (const auto& node : arrivals.as_list()) {
    const MapReader m = node.as_map({"to", "interarrival"});
    const ValueReader to = m.required("to");
    const std::string target = to.as_string();
    const auto it = index.find(target);
    if (it == index.end()) {
      to.fail("arrivals go to unknown station '" + target + "'" + io::did_you_mean(target, names));
    }
    const ValueReader interarrival = m.required("interarrival");
    s.arrivals.push_back(ArrivalStream{it->second, io::read_distribution(interarrival)});
    io::check_repeated_time(interarrival, s.arrivals.back().interarrival,
                            s.warmup_days + s.horizon_days);
    entry_points.push_back(it->second);
  }
  if (static_cast<std::int64_t>(s.arrivals.size()) > kMaxStations) {
    arrivals.fail(fmt::format("at most {} arrival streams are supported", kMaxStations));
  }

  // Structure: every station must be able to reach the exit, or customers pile up forever.
  std::vector<engine::Edge> edges;
  for (std::size_t i = 0; i < s.stations.size(); ++i) {
    for (std::size_t to : s.stations[i].route.targets) edges.emplace_back(i, to);
  }
  const auto leaves = engine::can_reach(s.stations.size() + 1, edges, s.exit_index());
  const auto reached = engine::reachable_from(s.stations.size() + 1, edges, entry_points);
  for (std::size_t i = 0; i < s.stations.size(); ++i) {
    if (!leaves[i]) {
      sources[i].route.fail("customers at station '" + s.stations[i].id +
                            "' can never exit: no route from it leads to 'exit'");
    }
    if (!reached[i]) {
      warnings.push_back(sources[i].node.location() + ": warning: station '" + s.stations[i].id +
                         "' receives no customers (no arrivals or routes lead to it)");
    }
  }

  // Load: a finite station offered more work than its servers can do is unstable.
  const auto flows = solve_traffic(s);
  for (std::size_t i = 0; i < s.stations.size(); ++i) {
    if (s.stations[i].capacity.unlimited() || flows[i].utilization < 1.0) continue;
    warnings.push_back(fmt::format(
        "{}: warning: station '{}' is overloaded: arrival rate {:.4g}/day x mean service {:.4g} "
        "days = {:.4g} busy servers needed, {} available (utilization {:.3f} >= 1); its queue "
        "grows without bound and its results depend on the horizon",
        sources[i].servers->location(), s.stations[i].id, flows[i].arrival_rate,
        s.stations[i].service.mean(), flows[i].offered_load, *s.stations[i].capacity.servers,
        flows[i].utilization));
  }
  return s;
}

}  // namespace jeugdsim::models::network
