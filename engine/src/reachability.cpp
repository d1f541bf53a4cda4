#include "jeugdsim/engine/reachability.hpp"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/reverse_graph.hpp>

namespace jeugdsim::engine {
namespace {

using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS>;

Graph make_graph(std::size_t node_count, std::span<const Edge> edges) {
  Graph g(node_count);
  for (const auto& [from, to] : edges) boost::add_edge(from, to, g);
  return g;
}

// Marks every vertex that a breadth-first search from `sources` discovers.
template <class G>
std::vector<bool> discovered_from(const G& g, std::span<const std::size_t> sources) {
  std::vector<bool> seen(boost::num_vertices(g), false);
  std::vector<boost::default_color_type> colors(boost::num_vertices(g), boost::white_color);
  auto color_map =
      boost::make_iterator_property_map(colors.begin(), boost::get(boost::vertex_index, g));
  struct Recorder : boost::default_bfs_visitor {
    std::vector<bool>* seen;
    void discover_vertex(typename boost::graph_traits<G>::vertex_descriptor v, const G&) const {
      (*seen)[v] = true;
    }
  };
  Recorder recorder;
  recorder.seen = &seen;
  for (std::size_t s : sources) {
    if (!seen[s]) boost::breadth_first_visit(g, s, boost::visitor(recorder).color_map(color_map));
  }
  return seen;
}

}  // namespace

std::vector<bool> reachable_from(std::size_t node_count, std::span<const Edge> edges,
                                 std::span<const std::size_t> sources) {
  return discovered_from(make_graph(node_count, edges), sources);
}

std::vector<bool> can_reach(std::size_t node_count, std::span<const Edge> edges,
                            std::size_t target) {
  const Graph g = make_graph(node_count, edges);
  const std::size_t sources[] = {target};
  return discovered_from(boost::make_reverse_graph(g), sources);
}

}  // namespace jeugdsim::engine
