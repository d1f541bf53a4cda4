#pragma once
// Within-replication statistics: a tally of observations and an exact time-weighted average.
// Both restart cleanly at the end of warm-up (reset) so that only the measured window counts.

#include <cstdint>
#include <limits>
#include <string>

#include "jeugdsim/engine/check.hpp"
#include "jeugdsim/engine/event_queue.hpp"

namespace jeugdsim::engine {

// Mean of individual observations (waits, sojourn times).
class Tally {
 public:
  void add(double x) noexcept {
    ++count_;
    sum_ += x;
  }
  void reset() noexcept { *this = Tally{}; }
  [[nodiscard]] std::uint64_t count() const noexcept { return count_; }
  [[nodiscard]] double sum() const noexcept { return sum_; }
  // NaN when nothing was observed: "no value", never a silent 0.
  [[nodiscard]] double mean() const noexcept {
    return count_ == 0 ? std::numeric_limits<double>::quiet_NaN()
                       : sum_ / static_cast<double>(count_);
  }

 private:
  std::uint64_t count_ = 0;
  double sum_ = 0.0;
};

// The time-average of a piecewise-constant quantity (queue length, busy servers), computed
// exactly as the area under its path divided by the elapsed time.
class TimeWeighted {
 public:
  explicit TimeWeighted(Time start = 0.0) noexcept : since_(start), last_change_(start) {}

  void set(Time now, double value) noexcept {
    JEUGDSIM_CHECK(now >= last_change_, "time never goes backwards", now,
                   "a time-weighted value last changed at day " + std::to_string(last_change_));
    area_ += value_ * (now - last_change_);
    last_change_ = now;
    value_ = value;
  }
  void add(Time now, double delta) noexcept { set(now, value_ + delta); }

  // Forget the past but keep the current value: the measured window starts at `now`.
  void reset(Time now) noexcept {
    area_ = 0.0;
    since_ = now;
    last_change_ = now;
  }

  [[nodiscard]] double value() const noexcept { return value_; }
  [[nodiscard]] double mean(Time now) const noexcept {
    const double elapsed = now - since_;
    if (elapsed <= 0.0) return std::numeric_limits<double>::quiet_NaN();
    return (area_ + value_ * (now - last_change_)) / elapsed;
  }

 private:
  double value_ = 0.0;
  double area_ = 0.0;
  Time since_;
  Time last_change_;
};

}  // namespace jeugdsim::engine
