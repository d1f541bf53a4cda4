#pragma once
// A one-line progress indicator on stderr for long runs: shown only when stderr is a terminal,
// so pipes, logs and CI stay clean.

#include <chrono>
#include <cstddef>
#include <string>

namespace jeugdsim::app {

class Progress {
 public:
  explicit Progress(std::string what);
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  void update(std::size_t done, std::size_t total);

 private:
  std::string what_;
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace jeugdsim::app
