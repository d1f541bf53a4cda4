#pragma once
// A one-line progress indicator on stderr for long runs: shown only when stderr is a terminal,
// so pipes, logs and CI stay clean.

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>

namespace jeugdsim::app {

class Progress {
 public:
  explicit Progress(std::string what);
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  // Draws progress_text(...) with the rate since construction.
  void update(std::size_t done, std::size_t total);
  // What the line says before the counts, from the next update on.
  void relabel(std::string what) { what_ = std::move(what); }
  // Erases the line (before something else is printed to the terminal); the next update draws
  // it again.
  void clear();

 private:
  std::string what_;
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_;
};

// "WHAT [#########...............] 12/32 (38%) 4.2/s, ETA 4.8s": the line Progress draws.
std::string progress_text(std::string_view what, std::size_t done, std::size_t total,
                          double elapsed_seconds);

// "42s", "3m 05s", "2h 10m": a duration as a person reads it.
std::string duration_text(double seconds);

}  // namespace jeugdsim::app
