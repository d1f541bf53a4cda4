#pragma once
// Runs independent replications on a pool of threads and returns their results in replication
// order. Determinism comes from the model (each replication draws only from streams keyed by
// its own index), not from scheduling: which thread runs which replication does not matter.

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace jeugdsim::engine {

// Called on the calling thread, about every `progress_interval`, and once at the end.
using ProgressCallback = std::function<void(std::size_t done, std::size_t total)>;

struct RunnerOptions {
  unsigned threads = 0;  // 0: all hardware threads
  ProgressCallback progress;
  std::chrono::milliseconds progress_interval{250};
  // Asked before each replication starts, from any thread: once it says true, no more start,
  // those running finish, and run_replications throws Stopped. (A user's Ctrl-C, say.)
  std::function<bool()> stop;
};

// What run_replications throws when `stop` ended it before every replication had run.
class Stopped : public std::exception {
 public:
  explicit Stopped(std::size_t finished) : finished_(finished) {}
  [[nodiscard]] const char* what() const noexcept override { return "replications stopped"; }
  [[nodiscard]] std::size_t finished() const noexcept { return finished_; }

 private:
  std::size_t finished_;
};

unsigned resolve_thread_count(unsigned requested, std::size_t work_items);

// `simulate(replication)` must be callable concurrently for different replication indices.
// If some replications throw, the exception of the lowest-numbered one is rethrown after all
// threads have stopped, so the same input always gives the same error.
template <class Simulate>
auto run_replications(std::size_t count, const RunnerOptions& options, Simulate&& simulate)
    -> std::vector<decltype(simulate(std::size_t{}))> {
  using Result = decltype(simulate(std::size_t{}));
  std::vector<Result> results(count);
  std::vector<std::exception_ptr> errors(count);
  std::atomic<std::size_t> next{0};
  std::atomic<std::size_t> done{0};
  std::atomic<bool> failed{false};
  std::mutex mutex;
  std::condition_variable finished;
  const auto stopping = [&options] { return options.stop && options.stop(); };

  auto worker = [&] {
    for (std::size_t r = next++; r < count && !failed.load() && !stopping(); r = next++) {
      try {
        results[r] = simulate(r);
      } catch (...) {
        errors[r] = std::current_exception();
        failed = true;
      }
      if (++done == count) {
        const std::lock_guard lock(mutex);
        finished.notify_all();
      }
    }
  };

  const unsigned threads = resolve_thread_count(options.threads, count);
  std::vector<std::jthread> pool;
  pool.reserve(threads);
  for (unsigned t = 0; t < threads; ++t) pool.emplace_back(worker);
  {
    std::unique_lock lock(mutex);
    while (!finished.wait_for(lock, options.progress_interval, [&] {
      return done.load() == count || failed.load() || stopping();
    })) {
      if (options.progress) options.progress(done.load(), count);
    }
  }
  pool.clear();  // joins: the replications in flight finish
  for (auto& error : errors) {
    if (error) std::rethrow_exception(error);
  }
  if (done.load() < count) throw Stopped(done.load());
  if (options.progress) options.progress(count, count);
  return results;
}

}  // namespace jeugdsim::engine
