#include "jeugdsim/engine/check.hpp"

#include <cstdio>
#include <cstdlib>

namespace jeugdsim::engine {
namespace {

thread_local std::int64_t t_replication = -1;  // none: a check outside a replication

}  // namespace

std::int64_t CheckedReplication::enter(std::int64_t replication) noexcept {
  const std::int64_t previous = t_replication;
  t_replication = replication;
  return previous;
}

std::string describe(std::initializer_list<Found> found) {
  std::string out;
  char number[32];
  for (const Found& f : found) {
    std::snprintf(number, sizeof number, "%.10g", f.value);
    if (!out.empty()) out += ", ";
    out.append(f.name).append(" ").append(number);
  }
  return out;
}

void invariant_failed(std::string_view invariant, double time, std::string_view detail,
                      const char* file, int line) noexcept {
  // stdio, not iostreams or fmt: nothing here may throw or allocate much while state is broken.
  std::fprintf(stderr, "jeugdsim: invariant failed");
  if (t_replication >= 0)
    std::fprintf(stderr, " in replication %lld", static_cast<long long>(t_replication));
  std::fprintf(stderr, " at day %.10g: %.*s", time, static_cast<int>(invariant.size()),
               invariant.data());
  if (!detail.empty())
    std::fprintf(stderr, " (%.*s)", static_cast<int>(detail.size()), detail.data());
  std::fprintf(stderr, " [%s:%d]\n", file, line);
  std::fflush(stderr);
  std::abort();
}

}  // namespace jeugdsim::engine
