#pragma once
// The future-event list as a calendar (Brown 1988, "Calendar queues: a fast O(1) priority
// queue implementation for the simulation event set problem", CACM 31(10)) without
// wrap-around: the near future is cut into `Days` buckets of equal width ("days"), each an
// unsorted list; what lies beyond the last day waits in a RadixEventQueue. Same interface and
// the same order as EventQueue (earlier time first, then the event scheduled first), so for
// monotone use the two pop identical sequences and a model can use either; see the
// precondition below.
//
// For a model whose pending events are mostly near (the youth-care model keeps its far-off
// events in DeferredEvents): a push is a subtraction, a multiplication and an append; a pop
// takes the last of the current day's few events, sorted when the day became current. A heap
// or a radix heap instead moves each event along log N places. In the hold model with 1,000
// pending events it is the fastest queue of the engine; with 10^4 to 10^6, whose events mostly
// lie beyond the calendar, it pays the radix heap and the calendar both (measured:
// bench/bench_event_queue.cpp, docs/performance.md).
//
// How:
// - Day d holds the events with floor((time - start) * (1 / width)) == d. That index never
//   decreases when the time grows (subtraction and multiplication round monotonically), so
//   every event of a day comes before every event of a later day, and every event of the
//   calendar before every event beyond it.
// - The current day (the one the next event comes from) is kept sorted, latest first, so a
//   pop is a pop_back; a day is sorted when it becomes current (it holds a few events when the
//   width fits) and an event pushed into the current day is inserted in order. Days with no
//   events are skipped by a bitmap.
// - When every day is empty the calendar starts again at the earliest event beyond it, with a
//   new width: the one that would have put kEventsPerDay events on each day of the calendar
//   just finished (Brown's resize, except that nothing has to be moved: the days are empty).
//   The events beyond that fall in the new calendar move to their days.
//
// Precondition, as RadixEventQueue's: push(time) with 0 <= time and time >= the time of the
// event last returned by top() or pop(). (top() makes the earliest day current.) A
// simulation's loop looks at the next event only to take it out, which meets this.

#include <algorithm>
#include <array>
#include <bit>
#include <cassert>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "jeugdsim/engine/check.hpp"
#include "jeugdsim/engine/event_queue.hpp"
#include "jeugdsim/engine/radix_event_queue.hpp"

namespace jeugdsim::engine {

// 1024 days: on the youth-care model 256 and 4096 days were slower (by 15% and 13%, 5
// alternated rounds each); the bitmap is 16 words and the empty days 24 KB.
template <class Payload, std::size_t Days = 1024>
class CalendarEventQueue {
  static_assert(Days % 64 == 0 && Days >= 64, "the bitmap of days is whole 64-bit words");

 public:
  using value_type = Event<Payload>;

  void reserve(std::size_t /*n*/) {}  // days grow as needed and keep their memory
  [[nodiscard]] bool empty() const noexcept { return size_ == 0; }
  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  [[nodiscard]] std::uint64_t scheduled() const noexcept { return next_sequence_; }

  void clear() noexcept {
    for (auto& d : days_) d.clear();
    occupied_.fill(0);
    beyond_.clear();
    start_ = 0.0;
    width_ = kFirstWidth;
    per_width_ = 1.0 / kFirstWidth;
    current_ = 0;
    current_sorted_ = false;
    popped_this_calendar_ = 0;
    last_ = 0.0;
    size_ = 0;
    next_sequence_ = 0;
  }

  void push(Time time, Payload payload) {
    time += 0.0;  // -0 to +0, whose bits order correctly (EventKey)
    JEUGDSIM_CHECK(time >= last_, "nothing is scheduled before the current time", last_,
                   "an event at day " + std::to_string(time));
    place(value_type{EventKey{time, next_sequence_++}, payload});
    ++size_;
  }

  [[nodiscard]] const value_type& top() const noexcept {
    assert(!empty());
    if (!ready()) settle();
    return days_[current_].back();
  }

  // The event pop() would return next, if finding it takes no work (the current day holds
  // it), else nullptr: for a model to prefetch what that event will touch while it handles
  // the one just popped. Handling may schedule an earlier one; the hint is only a hint.
  [[nodiscard]] const value_type* upcoming() const noexcept {
    return ready() ? &days_[current_].back() : nullptr;
  }

  value_type pop() noexcept {
    assert(!empty());
    if (!ready()) settle();
    auto& day = days_[current_];
    const value_type event = day.back();
    day.pop_back();
    // The day's bit cleared if it is now empty, without a branch (that is a coin toss with a
    // few events a day; ready() at the next top() or pop() takes the one mispredicted branch).
    occupied_[current_ / 64] &= ~(std::uint64_t{day.empty()} << (current_ % 64));
    --size_;
    ++popped_this_calendar_;
    return event;
  }

 private:
  // Brown's rule of thumb is a few events per day. On the youth-care model 2, 4 and 8 took the
  // same time within the machine's noise; 4 and 8 ran 2% fewer instructions than 2 (cachegrind).
  static constexpr double kEventsPerDay = 4.0;
  // The first calendar spans one unit of time (a simulated day); restarts adapt it.
  static constexpr double kFirstWidth = 1.0 / static_cast<double>(Days);
  // A new width is at most this factor away from the last: one odd stretch (a burst of events
  // at one time, a lull) must not throw the calendar far off for the next.
  static constexpr double kMostChange = 8.0;
  static constexpr std::size_t kWords = Days / 64;

  static bool later(const value_type& a, const value_type& b) noexcept { return b.key < a.key; }

  // Where a time falls in the calendar, in days from its start; in double, because a time far
  // beyond the calendar (or infinite) would overflow an integer. In the calendar if < Days.
  [[nodiscard]] double position(Time time) const noexcept { return (time - start_) * per_width_; }
  [[nodiscard]] bool in_calendar(Time time) const noexcept {
    return position(time) < static_cast<double>(Days);
  }

  void place(const value_type& e) const {
    if (!in_calendar(e.key.time)) {
      beyond_.push(e);
      return;
    }
    const auto d = static_cast<std::size_t>(position(e.key.time));
    auto& day = days_[d];
    if (d == current_ && current_sorted_) {
      day.insert(std::upper_bound(day.begin(), day.end(), e, later), e);
    } else {
      day.push_back(e);
    }
    occupied_[d / 64] |= std::uint64_t{1} << (d % 64);
  }

  // Whether the current day holds the next event (checked inline: it nearly always does).
  [[nodiscard]] bool ready() const noexcept {
    return current_sorted_ & !days_[current_].empty();  // &, not &&: one branch, at the caller
  }

  // Makes the current day the earliest day with events, sorted.
  void settle() const {
    std::size_t d = next_occupied(current_);
    if (d == Days) {
      restart();
      d = next_occupied(0);
      assert(d < Days);
    }
    current_ = d;
    sort_latest_first(days_[d]);
    current_sorted_ = true;
    last_ = days_[d].back().key.time;
  }

  // A day holds a few events when the width fits (kEventsPerDay). Each gets its place by
  // counting the events that come after it (the keys are unique, so the counts are a
  // permutation): every comparison is branch-free and independent of the others, where an
  // insertion sort's comparisons of random keys are branches the processor mispredicts. A day
  // that holds many (a burst at one time) gets std::sort. (Measured: docs/performance.md.)
  static constexpr std::size_t kRankSortMost = 16;
  static void sort_latest_first(std::vector<value_type>& day) noexcept {
    const std::size_t n = day.size();
    if (n > kRankSortMost) return std::sort(day.begin(), day.end(), later);
    std::array<value_type, kRankSortMost> sorted;
    for (std::size_t i = 0; i < n; ++i) {
      std::size_t after = 0;
      for (std::size_t j = 0; j < n; ++j) after += static_cast<std::size_t>(later(day[j], day[i]));
      sorted[after] = day[i];
    }
    std::copy_n(sorted.begin(), n, day.begin());
  }

  // The first day >= `from` with events, or Days.
  [[nodiscard]] std::size_t next_occupied(std::size_t from) const noexcept {
    std::size_t w = from / 64;
    std::uint64_t bits = occupied_[w] & (~std::uint64_t{0} << (from % 64));
    while (bits == 0) {
      if (++w == kWords) return Days;
      bits = occupied_[w];
    }
    return w * 64 + static_cast<std::size_t>(std::countr_zero(bits));
  }

  // Every day is empty: a new calendar from the earliest event beyond it.
  void restart() const {
    assert(!beyond_.empty());
    const double span = width_ * static_cast<double>(Days);
    const auto popped = static_cast<double>(std::max<std::uint64_t>(popped_this_calendar_, 1));
    const double fitting = span * kEventsPerDay / popped;
    const double width = std::clamp(fitting, width_ / kMostChange, width_ * kMostChange);
    if (width > 0.0 && std::isfinite(1.0 / width)) {
      width_ = width;
      per_width_ = 1.0 / width;
    }
    popped_this_calendar_ = 0;
    start_ = beyond_.earliest_time();
    current_ = 0;
    current_sorted_ = false;
    if (std::isinf(start_)) {
      // Events that never come still come out, in the order they were scheduled: all go to
      // the first day (the position of an infinite time relative to an infinite start is NaN).
      while (!beyond_.empty()) days_[0].push_back(beyond_.pop());
      occupied_[0] |= 1U;
      return;
    }
    // earliest_time(), not top(): top() would let the heap settle on an event beyond the new
    // calendar, and events pushed beyond it later may come before that one.
    while (!beyond_.empty() && in_calendar(beyond_.earliest_time())) place(beyond_.pop());
  }

  mutable std::array<std::vector<value_type>, Days> days_;
  mutable std::array<std::uint64_t, kWords> occupied_{};  // bit d: day d has events
  mutable RadixEventQueue<Payload> beyond_;               // the events after the last day
  mutable Time start_ = 0.0;                              // where day 0 begins
  mutable double width_ = kFirstWidth;
  mutable double per_width_ = 1.0 / kFirstWidth;
  mutable std::size_t current_ = 0;
  mutable bool current_sorted_ = false;
  mutable std::uint64_t popped_this_calendar_ = 0;
  mutable Time last_ = 0.0;  // time of the event last returned by top() or pop()
  std::size_t size_ = 0;
  std::uint64_t next_sequence_ = 0;
};

}  // namespace jeugdsim::engine
