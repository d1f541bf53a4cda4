#include "progress.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include <fmt/format.h>
#include <unistd.h>

namespace jeugdsim::app {

Progress::Progress(std::string what, std::size_t workers, bool estimate, std::string units)
    : what_(std::move(what)),
      units_(std::move(units)),
      workers_(std::max<std::size_t>(1, workers)),
      enabled_(::isatty(STDERR_FILENO) == 1),
      estimate_(estimate),
      start_(std::chrono::steady_clock::now()) {}

Progress::~Progress() { clear(); }

void Progress::clear() {
  if (drawn_) std::fputs("\r\033[K", stderr);  // leave the line clean for the results
  drawn_ = false;
}

void Progress::update(std::size_t done, std::size_t total) {
  if (total == 0) return;
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  if (estimate_ && done < total && (done > 0 || elapsed >= kEstimateFrom)) {
    estimate_ = false;  // said once, or not at all: the first measurement decides
    if (expected_seconds(elapsed, done, total, workers_) > kEstimateFrom) {
      clear();
      fmt::print(stderr, "{}\n", estimate_text(elapsed, done, total, workers_, units_));
      std::fflush(stderr);
    }
  }
  if (!enabled_) return;
  fmt::print(stderr, "\r\033[K{}", progress_text(what_, done, total, elapsed));
  std::fflush(stderr);
  drawn_ = true;
}

std::string progress_text(std::string_view what, std::size_t done, std::size_t total,
                          double elapsed_seconds) {
  constexpr std::size_t kBarWidth = 24;
  const double fraction =
      total == 0 ? 0.0 : std::min(1.0, static_cast<double>(done) / static_cast<double>(total));
  const auto filled = static_cast<std::size_t>(fraction * kBarWidth);
  const double rate = elapsed_seconds > 0.0 ? static_cast<double>(done) / elapsed_seconds : 0.0;
  const std::string eta = done >= total ? "0s"
                          : rate > 0.0  ? duration_text(static_cast<double>(total - done) / rate)
                                        : "?";
  return fmt::format("{} [{}{}] {}/{} ({:.0f}%) {:.1f}/s, ETA {}", what, std::string(filled, '#'),
                     std::string(kBarWidth - filled, '.'), done, total, 100.0 * fraction, rate,
                     eta);
}

double expected_seconds(double elapsed, std::size_t done, std::size_t total, std::size_t workers) {
  const std::size_t at_once = std::min(std::max<std::size_t>(1, workers), total);
  return elapsed * static_cast<double>(total) / static_cast<double>(std::max(done, at_once));
}

std::string estimate_text(double elapsed, std::size_t done, std::size_t total, std::size_t workers,
                          std::string_view units) {
  return fmt::format("jeugdsim: this run will take {} {} ({} {}, {} at a time; {})",
                     done > 0 ? "about" : "at least",
                     duration_text(expected_seconds(elapsed, done, total, workers)), total, units,
                     workers,
                     done > 0 ? fmt::format("the first {} took {}", done, duration_text(elapsed))
                              : fmt::format("none was done in {}", duration_text(elapsed)));
}

std::string duration_text(double seconds) {
  constexpr double kDay = 86'400.0;
  if (seconds >= 730.0 * kDay) return fmt::format("{:.3g} years", seconds / (365.25 * kDay));
  if (seconds >= 2.0 * kDay) return fmt::format("{:.1f} days", seconds / kDay);
  if (seconds < 9.95) return fmt::format("{:.1f}s", seconds);
  const auto s = static_cast<long long>(std::llround(seconds));
  if (s < 60) return fmt::format("{}s", s);
  if (s < 3600) return fmt::format("{}m {:02}s", s / 60, s % 60);
  return fmt::format("{}h {:02}m", s / 3600, (s % 3600) / 60);
}

}  // namespace jeugdsim::app
