#include "jeugdsim/engine/runner.hpp"

namespace jeugdsim::engine {

unsigned resolve_thread_count(unsigned requested, std::size_t work_items) {
  unsigned threads = requested != 0 ? requested : std::max(1U, std::thread::hardware_concurrency());
  if (work_items < threads) threads = static_cast<unsigned>(std::max<std::size_t>(1, work_items));
  return threads;
}

}  // namespace jeugdsim::engine
