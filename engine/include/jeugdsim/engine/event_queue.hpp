#pragma once
// The future-event list: a d-ary min-heap of small value-type events.
//
// Order is stated in one place, `EventKey::operator<`: earlier time first, and at equal times
// the event scheduled first goes first (insertion sequence). Ties therefore never depend on the
// container, which is what makes a run reproducible bit for bit: keys are unique within a queue,
// so the order in which pop() returns events is fixed by the keys alone, whatever the arity or
// the sifting strategy.
//
// A 4-ary heap was chosen by measurement against std::priority_queue (binary heap) and 2/8-ary
// variants in the hold model: bench/bench_event_queue.cpp, figures in docs/performance.md.
// The heap is a std::vector that only grows, so once it has reached the run's peak size, push
// and pop allocate nothing.

#include <bit>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "jeugdsim/engine/check.hpp"

namespace jeugdsim::engine {

// Simulation time is measured in days.
using Time = double;

struct EventKey {
  Time time;
  std::uint64_t sequence;  // insertion order; unique within one queue

  // Means exactly `a.time < b.time || (a.time == b.time && a.sequence < b.sequence)` for the
  // times a queue holds: finite or infinite, not NaN, and never -0 (push() turns -0 into +0).
  // On those, the bits of a double order like the double itself, so the key is one 128-bit
  // unsigned number (time bits, sequence) and a comparison is a subtract with borrow: no
  // branch to mispredict in the heap's tournament.
  friend constexpr bool operator<(const EventKey& a, const EventKey& b) noexcept {
    return a.ordinal() < b.ordinal();
  }

 private:
  __extension__ using Ordinal = unsigned __int128;  // GCC and Clang; __extension__: -Wpedantic
  [[nodiscard]] constexpr Ordinal ordinal() const noexcept {
    return (Ordinal{std::bit_cast<std::uint64_t>(time)} << 64U) | sequence;
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

  // `time` must not be NaN (an event that never comes is not scheduled) and is best >= 0.
  void push(Time time, Payload payload) {
    JEUGDSIM_CHECK(time == time, "no event is scheduled at a time that is not a number", time, "");
    // + 0.0 turns -0 into +0, whose bits order correctly (see EventKey); other values unchanged.
    heap_.push_back(value_type{EventKey{time + 0.0, next_sequence_++}, payload});
    sift_up(heap_.size() - 1, heap_.back());
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
    if (!heap_.empty()) {
      if (heap_.size() >= kPrefetchFromSize) {
        sift_down<true>(last);
      } else {
        sift_down<false>(last);
      }
    }
    return first;
  }

 private:
  // Prefetching pays only once the heap has outgrown the private caches; below that it is
  // extra instructions for lines that are already there. 1 MiB is the L2 of the machine in
  // docs/performance.md; the measured gain is insensitive to the exact value between a few
  // hundred KiB and a few MiB, so it is not tuned per machine.
  static constexpr std::size_t kPrefetchFromSize = (std::size_t{1} << 20U) / sizeof(value_type);
  static constexpr std::size_t kCacheLine = 64;

  // The least of the `Count` events starting at `first`, by a balanced tournament: the
  // comparisons of one round are independent, and each picks its winner arithmetically rather
  // than by a branch, so a level costs no mispredictions (which children win is a coin toss)
  // and the rounds overlap. Spelled out with masks because GCC 12 compiles the natural
  // `less ? b : a` into a branch for some arities once the comparison is inlined.
  template <std::size_t Count>
  [[nodiscard]] std::size_t least_of(std::size_t first) const noexcept {
    if constexpr (Count == 1) {
      return first;
    } else if constexpr (Count == 2) {
      return first + static_cast<std::size_t>(heap_[first + 1].key < heap_[first].key);
    } else {
      const std::size_t a = least_of<Count / 2>(first);
      const std::size_t b = least_of<Count - Count / 2>(first + Count / 2);
      const std::size_t take_b =
          std::size_t{0} - static_cast<std::size_t>(heap_[b].key < heap_[a].key);
      return a ^ ((a ^ b) & take_b);
    }
  }

  // The least child of the node whose children start at `first` (< n).
  [[nodiscard]] std::size_t least_child(std::size_t first, std::size_t n) const noexcept {
    if (n - first >= Arity) [[likely]] {
      return least_of<Arity>(first);
    }
    std::size_t best = first;  // the one node with fewer than Arity children
    for (std::size_t c = first + 1; c < n; ++c) best = heap_[c].key < heap_[best].key ? c : best;
    return best;
  }

  // Moves a hole up from `hole` instead of swapping: one write per level.
  void sift_up(std::size_t hole, value_type moving) noexcept {
    while (hole > 0) {
      const std::size_t parent = (hole - 1) / Arity;
      if (!(moving.key < heap_[parent].key)) break;
      heap_[hole] = heap_[parent];
      hole = parent;
    }
    heap_[hole] = moving;
  }

  // Places `moving` (the former last element) starting from a hole at the root, bottom-up
  // (Wegener 1993, as libstdc++'s pop_heap does): the hole first follows the least children all
  // the way to a leaf, then `moving` sifts up from there. The last element nearly always belongs
  // near the bottom, so this saves the comparison with `moving` on every level down for a
  // sift-up of one or two levels.
  //
  // With `Prefetch`, every level also requests the next level's children (the grandchildren of
  // the hole, Arity * Arity contiguous events). The tournament's data dependence otherwise makes
  // each level wait for a full cache miss once the heap is larger than the caches.
  template <bool Prefetch>
  void sift_down(value_type moving) noexcept {
    const std::size_t n = heap_.size();
    std::size_t hole = 0;
    for (;;) {
      const std::size_t first_child = hole * Arity + 1;
      if (first_child >= n) break;
      if constexpr (Prefetch) prefetch_children_of(first_child, n);
      const std::size_t best = least_child(first_child, n);
      heap_[hole] = heap_[best];
      hole = best;
    }
    sift_up(hole, moving);
  }

  // Requests the cache lines holding the children of nodes first_child .. first_child+Arity-1.
  void prefetch_children_of([[maybe_unused]] std::size_t first_child,
                            [[maybe_unused]] std::size_t n) const noexcept {
#if defined(__GNUC__) || defined(__clang__)
    const std::size_t begin = first_child * Arity + 1;
    if (begin >= n) return;
    // A fixed count, so the loop unrolls; near the end of the heap some addresses lie past the
    // last event, which a prefetch may do (it never faults). Addresses are formed as integers
    // because pointer arithmetic past the end of the vector would be undefined.
    const auto address = reinterpret_cast<std::uintptr_t>(heap_.data() + begin);
    constexpr std::size_t kBytes = Arity * Arity * sizeof(value_type);
    for (std::size_t offset = 0; offset < kBytes + kCacheLine - 1; offset += kCacheLine) {
      __builtin_prefetch(reinterpret_cast<const void*>(address + offset));
    }
#endif
  }

  std::vector<value_type> heap_;
  std::uint64_t next_sequence_ = 0;
};

}  // namespace jeugdsim::engine
