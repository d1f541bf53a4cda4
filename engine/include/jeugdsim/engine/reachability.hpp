#pragma once
// Reachability questions on a routing graph (stations or care tiers and the moves between
// them), answered with Boost.Graph. Used by scenario validation to reject a network in which
// an entity could enter somewhere it can never leave.

#include <cstddef>
#include <span>
#include <utility>
#include <vector>

namespace jeugdsim::engine {

using Edge = std::pair<std::size_t, std::size_t>;  // from, to

// reachable[v] is true if v can be reached from any of `sources` (sources included).
std::vector<bool> reachable_from(std::size_t node_count, std::span<const Edge> edges,
                                 std::span<const std::size_t> sources);

// can_reach[v] is true if `target` can be reached from v (target included).
std::vector<bool> can_reach(std::size_t node_count, std::span<const Edge> edges,
                            std::size_t target);

}  // namespace jeugdsim::engine
