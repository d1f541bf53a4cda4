#include "jeugdsim/models/youth_care/pathway.hpp"

#include <algorithm>
#include <set>
#include <sstream>

#include "jeugdsim/engine/reachability.hpp"
#include "jeugdsim/models/youth_care/decisions.hpp"

namespace jeugdsim::models::youth_care {
namespace {

constexpr std::size_t kNodeCount = kTierCount + 2;

std::string node_name(std::size_t node) {
  if (node == kEntryNode) return "care question";
  if (node == kExitNode) return "care ended";
  return std::string(kTierIds[node - 1]);
}

void add_epoch_edges(const Parameters& p,
                     std::set<std::tuple<std::size_t, std::size_t, std::string>>& edges) {
  auto add_all = [&edges](std::size_t from, const TierDistribution& d, const std::string& label) {
    for (std::size_t t = 0; t < kTierCount; ++t) {
      if (d[t] > 0.0) edges.emplace(from, t + 1, label);
    }
  };
  const bool any_poh = std::any_of(p.municipalities.begin(), p.municipalities.end(),
                                   [&p](const Municipality& m) { return p.poh_places(m) > 0; });
  for (std::size_t s = 0; s < kSeverityCount; ++s) {
    if (p.severity_mix[s] <= 0.0) continue;
    for (std::size_t r = 0; r < kRouteCount; ++r) {
      if (p.route_mix[r] <= 0.0) continue;
      // The GP decides as without a POH where there is none and wherever the POH is full
      // (simulate.cpp, place_new_question), so that branch is always possible.
      for (bool poh : {true, false}) {
        if (poh && !any_poh) continue;
        add_all(kEntryNode, first_tier(p, static_cast<Severity>(s), static_cast<Route>(r), poh),
                std::string(kRouteIds[r]));
      }
    }
  }
  if (p.worsening_per_year > 0.0) {
    edges.emplace(kEntryNode, node_of(kCrisisTier), "crisis while waiting");
    // Help lighter than the severity needs lets the problem grow, up to a crisis.
    for (const auto& t : kTiers) {
      if (too_light(t.tier, Severity::kSevere)) {
        edges.emplace(node_of(t.tier), node_of(kCrisisTier), "crisis in care");
      }
    }
  }
  for (std::size_t i = 0; i < kTierCount; ++i) {
    const auto tier = static_cast<Tier>(i);
    const TierParameters& t = p.tiers[i];
    for (std::size_t s = 0; s < kSeverityCount; ++s) {
      if (t.success[s] > 0.0) edges.emplace(node_of(tier), kExitNode, "resolved");
      if (t.success[s] < 1.0 && tier != Tier::kResidential) {
        add_all(node_of(tier), after_failure(p, tier, static_cast<Severity>(s)), "not resolved");
      }
    }
    // Aftercare one tier lighter follows a resolved trajectory only (simulate.cpp, on_care_end).
    const bool resolves =
        std::any_of(t.success.begin(), t.success.end(), [](double x) { return x > 0.0; });
    if (t.step_down > 0.0 && resolves && tier != Tier::kNetwork) {
      edges.emplace(node_of(tier), node_of(lighter(tier)), "step down");
    }
  }
}

}  // namespace

std::vector<PathwayEdge> pathway_edges(const YouthCareScenario& scenario) {
  std::set<std::tuple<std::size_t, std::size_t, std::string>> edges;
  for (const auto& epoch : scenario.epochs) add_epoch_edges(epoch.parameters, edges);
  std::vector<PathwayEdge> out;
  for (const auto& [from, to, label] : edges) out.push_back(PathwayEdge{from, to, label});
  return out;
}

void check_pathways(const YouthCareScenario& scenario, const io::MapReader& top,
                    std::vector<std::string>& warnings) {
  std::vector<engine::Edge> edges;
  for (const auto& e : pathway_edges(scenario)) edges.emplace_back(e.from, e.to);
  const std::size_t entry[] = {kEntryNode};
  const auto reached = engine::reachable_from(kNodeCount, edges, entry);
  const auto leaves = engine::can_reach(kNodeCount, edges, kExitNode);
  const io::MapReader tiers =
      top.required("tiers").as_map(std::vector<std::string>(kTierIds.begin(), kTierIds.end()));
  for (std::size_t i = 0; i < kTierCount; ++i) {
    const io::ValueReader tier = tiers.required(std::string(kTierIds[i]));
    if (!reached[i + 1]) {
      warnings.push_back(tier.location() + ": warning: tier '" + std::string(kTierIds[i]) +
                         "' is never used: no route, referral or step leads to it");
    } else if (!leaves[i + 1]) {
      tier.fail("children in tier '" + std::string(kTierIds[i]) +
                "' can never leave care except by turning 18: no trajectory from it, or from any "
                "tier it leads to, resolves anything (every 'success' is 0)");
    }
  }
}

// Written directly rather than with boost::write_graphviz, whose edge iterator trips GCC 12's
// -Wmaybe-uninitialized (a false positive inside boost::optional) under -Werror.
std::string pathway_dot(const YouthCareScenario& scenario) {
  std::ostringstream out;
  out << "digraph pathway {\n  rankdir=LR;\n  node [shape=box, style=rounded];\n";
  for (std::size_t v = 0; v < kNodeCount; ++v) {
    out << "  n" << v << " [label=\"" << node_name(v) << "\"";
    if (v == kEntryNode || v == kExitNode) out << ", shape=ellipse";
    out << "];\n";
  }
  for (const auto& e : pathway_edges(scenario)) {
    out << "  n" << e.from << " -> n" << e.to << " [label=\"" << e.label << "\"];\n";
  }
  out << "}\n";
  return out.str();
}

}  // namespace jeugdsim::models::youth_care
