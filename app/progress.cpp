#include "progress.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>

namespace jeugdsim::app {

Progress::Progress(std::string what)
    : what_(std::move(what)),
      enabled_(::isatty(STDERR_FILENO) == 1),
      start_(std::chrono::steady_clock::now()) {}

Progress::~Progress() {
  if (drawn_) std::fputs("\r\033[K", stderr);  // leave the line clean for the results
}

void Progress::update(std::size_t done, std::size_t total) {
  if (!enabled_ || total == 0) return;
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const double rate = elapsed > 0.0 ? static_cast<double>(done) / elapsed : 0.0;
  const std::string eta =
      rate > 0.0 ? fmt::format("{:.0f}s", static_cast<double>(total - done) / rate) : "?";
  fmt::print(stderr, "\r\033[K{} {}/{} ({:.0f}%) {:.1f}/s, ETA {}", what_, done, total,
             100.0 * static_cast<double>(done) / static_cast<double>(total), rate, eta);
  std::fflush(stderr);
  drawn_ = true;
}

}  // namespace jeugdsim::app
