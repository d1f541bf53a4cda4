#pragma once
// What a long run says while it runs, on stderr (never stdout, which holds the results):
//  - once, early, how long it will take, when that is more than kEstimateFrom seconds (also
//    into logs, so a batch job says what it is in for);
//  - a one-line progress indicator, only when stderr is a terminal, so pipes, logs and CI stay
//    clean.

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>

namespace jeugdsim::app {

inline constexpr double kEstimateFrom = 10.0;  // seconds

class Progress {
 public:
  // `workers`: how many replications run at once (threads x ranks). `estimate`: whether to say
  // how long the run will take (not under --quiet). `units`: what the counts count, as the
  // estimate names them ("400 replications").
  Progress(std::string what, std::size_t workers, bool estimate,
           std::string units = "replications");
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  // Draws progress_text(...) with the rate since construction.
  // Draws "WHAT done/total (pct%) rate/s, ETA ..." with the rate since construction; the first
  // time a replication is done (or kEstimateFrom seconds passed without one), prints the
  // estimate if the run is expected to take longer than kEstimateFrom.
  void update(std::size_t done, std::size_t total);
  // What the line says before the counts, from the next update on.
  void relabel(std::string what) { what_ = std::move(what); }
  // Erases the line (before something else is printed to the terminal); the next update draws
  // it again.
  void clear();

 private:
  std::string what_;
  std::string units_;
  std::size_t workers_;
  bool enabled_;
  bool estimate_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_;
};

// "WHAT [#########...............] 12/32 (38%) 4.2/s, ETA 4.8s": the line Progress draws.
std::string progress_text(std::string_view what, std::size_t done, std::size_t total,
                          double elapsed_seconds);
// How long a run takes in all that has done `done` of `total` replications in `elapsed`
// seconds, `workers` at a time. Until `workers` are done, the ones in flight are taken to need
// as long as the time so far (they started together); with none done, that is a lower bound.
double expected_seconds(double elapsed, std::size_t done, std::size_t total, std::size_t workers);

// "jeugdsim: this run will take about 3m 20s (400 replications, 2 at a time; the first 3 took
// 1.6s)", or "at least ..." when none is done yet.
std::string estimate_text(double elapsed, std::size_t done, std::size_t total, std::size_t workers,
                          std::string_view units = "replications");

// "42s", "3m 05s", "2h 10m": a duration as a person reads it.
std::string duration_text(double seconds);

}  // namespace jeugdsim::app
