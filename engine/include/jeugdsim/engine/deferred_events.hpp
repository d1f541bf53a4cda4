#pragma once
// A waiting room for events due far ahead that the model will mostly supersede before they are
// due: a worsening that care pre-empts, the 18th birthday of a child who left care years before.
// In the event heap such events pile up as stale entries: the heap outgrows the caches, and
// each stale entry still costs a push and a pop. Here they wait in coarse time buckets, and
// when a bucket opens the model moves the entries that are still current into the heap, at
// their exact times. A superseded event then costs an append and one check.
//
// Order: an event that waited here enters the heap when its bucket opens, so its insertion
// sequence is later than if it had been pushed when scheduled. The order of events therefore
// differs from scheduling everything in the heap only among events at exactly equal times, and
// it is as deterministic as before.
//
// Use: the model asks defers(time) when it schedules such an event and adds() it here if so
// (else pushes it to the heap); it schedules an event at next_opening() and, when that event
// comes, calls open_next() with a function that pushes the still-current entries to the heap.

#include <cassert>
#include <cmath>
#include <cstddef>
#include <utility>
#include <vector>

#include "jeugdsim/engine/event_queue.hpp"

namespace jeugdsim::engine {

template <class Payload>
class DeferredEvents {
 public:
  // Buckets of `width` days covering [0, end]; the first opens at time 0. Bucket b opens at
  // opening(b) = b * width and holds the events due before opening(b + 1).
  DeferredEvents(Time width, Time end)
      : width_(width), buckets_(static_cast<std::size_t>(std::floor(end / width)) + 1) {
    assert(width > 0.0 && end >= 0.0);
  }

  // Whether an event at `time` waits here: it is due after the open bucket ends, and within
  // the buckets (later events, after the end, are the caller's).
  [[nodiscard]] bool defers(Time time) const noexcept {
    return time >= open_until_ && time < opening(buckets_.size());
  }

  void add(Time time, Payload payload) {
    assert(defers(time));
    buckets_[bucket_of(time)].push_back(Entry{time, payload});
  }

  // When the next bucket opens (the end of the open one).
  [[nodiscard]] Time next_opening() const noexcept { return open_until_; }
  [[nodiscard]] bool all_open() const noexcept { return next_ >= buckets_.size(); }

  // Opens the next bucket: calls `release(time, payload)` for each of its events in the order
  // they were added, and frees the bucket's memory. Nothing happens once all are open.
  template <class Release>
  void open_next(Release&& release) {
    if (all_open()) return;  // a no-op rather than an error; also tells GCC the bucket exists
    std::vector<Entry> due = std::move(buckets_[next_]);
    buckets_[next_] = std::vector<Entry>();
    ++next_;
    open_until_ = opening(next_);
    for (const Entry& e : due) release(e.time, e.payload);
  }

 private:
  struct Entry {
    Time time;
    Payload payload;
  };

  [[nodiscard]] Time opening(std::size_t bucket) const noexcept {
    return static_cast<double>(bucket) * width_;
  }

  // The bucket with opening(b) <= time < opening(b + 1), by the same arithmetic as opening():
  // time / width alone can round across a boundary, which would open an event's bucket after
  // the event is due (or before the open bucket). For 0 <= time < opening(buckets_.size()).
  [[nodiscard]] std::size_t bucket_of(Time time) const noexcept {
    auto b = static_cast<std::size_t>(time / width_);
    if (b >= buckets_.size()) b = buckets_.size() - 1;
    while (b > 0 && opening(b) > time) --b;
    while (b + 1 < buckets_.size() && opening(b + 1) <= time) ++b;
    return b;
  }

  Time width_;
  std::vector<std::vector<Entry>> buckets_;
  std::size_t next_ = 0;    // the bucket that opens next
  Time open_until_ = 0.0;   // events before this time go to the heap
};

}  // namespace jeugdsim::engine
