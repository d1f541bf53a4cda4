#pragma once
// The care pathway as a graph: nodes are the entry (a new care question), the tiers and the
// exit (care ended); an edge is a move the scenario's parameters make possible in some epoch.
// `jeugdsim validate` checks it with Boost.Graph; `--dot FILE` writes it for Graphviz.

#include <string>
#include <vector>

#include "jeugdsim/io/value_reader.hpp"
#include "jeugdsim/models/youth_care/scenario.hpp"

namespace jeugdsim::models::youth_care {

struct PathwayEdge {
  std::size_t from, to;  // 0 = entry, 1..kTierCount = tiers in ladder order, kTierCount+1 = exit
  std::string label;
};

inline constexpr std::size_t kEntryNode = 0;
inline constexpr std::size_t kExitNode = kTierCount + 1;
constexpr std::size_t node_of(Tier t) { return index(t) + 1; }

std::vector<PathwayEdge> pathway_edges(const YouthCareScenario& scenario);

// Error (at tiers.<id>) if a tier that children can reach has no way to an exit; warning if a
// tier is never reached.
void check_pathways(const YouthCareScenario& scenario, const io::MapReader& top,
                    std::vector<std::string>& warnings);

// The pathway in Graphviz DOT.
std::string pathway_dot(const YouthCareScenario& scenario);

}  // namespace jeugdsim::models::youth_care
