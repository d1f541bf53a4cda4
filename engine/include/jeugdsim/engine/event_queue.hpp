#pragma once
// The future-event list: a d-ary min-heap of small value-type events.
//
// Order is stated in one place, `EventKey::operator<`: earlier time first, and at equal times
// the event scheduled first goes first (insertion sequence). Ties therefore never depend on the
// container, which is what makes a run reproducible bit for bit.
//
// A 4-ary heap was chosen by measurement against std::priority_queue (binary heap) and 2/8-ary
// variants in the hold model: bench/bench_event_queue.cpp, figures in docs/performance.md.
// The heap is a std::vector that only grows, so once it has reached the run's peak size, push
// and pop allocate nothing.

#include <cassert>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace jeugdsim::engine {

// Simulation time is measured in days.
using Time = double;

struct EventKey {
  Time time;
  std::uint64_t sequence;  // insertion order; unique within one queue

  friend constexpr bool operator<(const EventKey& a, const EventKey& b) noexcept {
    return a.time < b.time || (a.time == b.time && a.sequence < b.sequence);
  }
};

template <class Payload>
struct Event {
  EventKey key;
  Payload payload;

  [[nodiscard]] constexpr Time time() const noexcept { return key.time; }
};

template <class Payload, std::size_t Arity = 4>
class EventQueue {
  static_assert(Arity >= 2, "a heap needs at least two children per node");

 public:
  using value_type = Event<Payload>;

  void reserve(std::size_t n) { heap_.reserve(n); }
  [[nodiscard]] bool empty() const noexcept { return heap_.empty(); }
  [[nodiscard]] std::size_t size() const noexcept { return heap_.size(); }
  // Events scheduled since construction or the last clear(), popped or not.
  [[nodiscard]] std::uint64_t scheduled() const noexcept { return next_sequence_; }

  void clear() noexcept {
    heap_.clear();
    next_sequence_ = 0;
  }

  void push(Time time, Payload payload) {
    heap_.push_back(value_type{EventKey{time, next_sequence_++}, payload});
    sift_up(heap_.size() - 1);
  }

  [[nodiscard]] const value_type& top() const noexcept {
    assert(!heap_.empty());
    return heap_.front();
  }

  value_type pop() noexcept {
    assert(!heap_.empty());
    value_type first = heap_.front();
    value_type last = heap_.back();
    heap_.pop_back();
    if (!heap_.empty()) sift_down(std::move(last));
    return first;
  }

 private:
  // Moves a hole up from `hole` instead of swapping: one write per level.
  void sift_up(std::size_t hole) noexcept {
    value_type moving = heap_[hole];
    while (hole > 0) {
      const std::size_t parent = (hole - 1) / Arity;
      if (!(moving.key < heap_[parent].key)) break;
      heap_[hole] = heap_[parent];
      hole = parent;
    }
    heap_[hole] = moving;
  }

  // Places `moving` starting from a hole at the root.
  void sift_down(value_type moving) noexcept {
    const std::size_t n = heap_.size();
    std::size_t hole = 0;
    for (;;) {
      const std::size_t first_child = hole * Arity + 1;
      if (first_child >= n) break;
      std::size_t best = first_child;
      const std::size_t end = first_child + Arity < n ? first_child + Arity : n;
      for (std::size_t c = first_child + 1; c < end; ++c) {
        if (heap_[c].key < heap_[best].key) best = c;
      }
      if (!(heap_[best].key < moving.key)) break;
      heap_[hole] = heap_[best];
      hole = best;
    }
    heap_[hole] = moving;
  }

  std::vector<value_type> heap_;
  std::uint64_t next_sequence_ = 0;
};

}  // namespace jeugdsim::engine
