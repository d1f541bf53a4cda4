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

#include <array>
#include <cassert>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "jeugdsim/engine/event_queue.hpp"

namespace jeugdsim::engine {

template <class Payload>
class DeferredEvents {
 public:
  // Buckets of `width` days covering [0, end]; the first opens at time 0. Bucket b opens at
  // opening(b) = b * width and holds the events due before opening(b + 1).
  DeferredEvents(Time width, Time end) { reset(width, end); }

  // As newly constructed, but keeping the blocks (all free) for the events to come: a model
  // that runs replication after replication allocates here only beyond the most events that
  // ever waited at once. The memory stays until the object goes.
  void reset(Time width, Time end) {
    assert(width > 0.0 && end >= 0.0);
    width_ = width;
    per_width_ = 1.0 / width;
    assert(std::isfinite(per_width_));  // else bucket_of() would guess from 0 * inf = NaN
    buckets_.assign(static_cast<std::size_t>(std::floor(end / width)) + 1, Chain{});
    free_ = kNone;
    for (auto block = static_cast<std::uint32_t>(blocks_.size()); block-- > 0;) give_block(block);
    next_ = 0;
    open_until_ = 0.0;
  }

  // Whether an event at `time` waits here: it is due after the open bucket ends, and within
  // the buckets (later events, after the end, are the caller's).
  [[nodiscard]] bool defers(Time time) const noexcept {
    return time >= open_until_ && time < opening(buckets_.size());
  }

  void add(Time time, Payload payload) {
    assert(defers(time));
    Chain& chain = buckets_[bucket_of(time)];
    if (chain.tail == kNone || chain.tail_size == kBlockEntries) {
      const std::uint32_t block = take_block();
      (chain.tail == kNone ? chain.head : blocks_[chain.tail].next) = block;
      chain.tail = block;
      chain.tail_size = 0;
    }
    blocks_[chain.tail].entries[chain.tail_size++] = Entry{time, payload};
  }

  // When the next bucket opens (the end of the open one).
  [[nodiscard]] Time next_opening() const noexcept { return open_until_; }
  [[nodiscard]] bool all_open() const noexcept { return next_ >= buckets_.size(); }

  // Opens the next bucket: calls `release(time, payload)` for each of its events in the order
  // they were added (`release` may add() to later buckets), and returns the bucket's blocks to
  // the free list. Nothing happens once all are open.
  template <class Release>
  void open_next(Release&& release) {
    if (all_open()) return;  // a no-op rather than an error; also tells GCC the bucket exists
    const Chain chain = buckets_[next_];
    buckets_[next_] = Chain{};
    ++next_;
    open_until_ = opening(next_);
    for (std::uint32_t block = chain.head; block != kNone;) {
      const std::uint32_t size = block == chain.tail ? chain.tail_size : kBlockEntries;
      for (std::uint32_t i = 0; i < size; ++i) {
        // A copy, and blocks_ indexed afresh: an add() from `release` may grow blocks_.
        const Entry e = blocks_[block].entries[i];
        release(e.time, e.payload);
      }
      const std::uint32_t next = blocks_[block].next;
      give_block(block);
      block = next;
    }
  }

  // Entries the blocks hold, in use or free: the most that were ever waiting at once, rounded
  // up to whole blocks per bucket (memory grows with what waits, not with the run's length).
  [[nodiscard]] std::size_t capacity() const noexcept { return blocks_.size() * kBlockEntries; }

 private:
  struct Entry {
    Time time;
    Payload payload;
  };
  // A bucket is a chain of fixed blocks of entries. The blocks of an opened bucket go to a
  // free list and serve the buckets filled later, so after the first weeks an add() allocates
  // nothing and nothing is ever copied to grow (a vector per bucket reallocated about nine
  // times on its way to a few hundred entries: docs/performance.md).
  static constexpr std::uint32_t kNone = ~std::uint32_t{0};
  static constexpr std::uint32_t kBlockEntries = 31;  // with `next`, 504 bytes for 16-byte entries
  struct Block {
    std::array<Entry, kBlockEntries> entries;
    std::uint32_t next;
  };
  struct Chain {
    std::uint32_t head = kNone;
    std::uint32_t tail = kNone;
    std::uint32_t tail_size = 0;  // entries in the tail block
  };

  std::uint32_t take_block() {
    std::uint32_t block = free_;
    if (block != kNone) {
      free_ = blocks_[block].next;
    } else {
      assert(blocks_.size() < kNone);  // 2^32 blocks of 31 entries: far beyond any memory
      block = static_cast<std::uint32_t>(blocks_.size());
      blocks_.emplace_back();
    }
    blocks_[block].next = kNone;
    return block;
  }
  void give_block(std::uint32_t block) noexcept {
    blocks_[block].next = free_;
    free_ = block;
  }

  [[nodiscard]] Time opening(std::size_t bucket) const noexcept {
    return static_cast<double>(bucket) * width_;
  }

  // The bucket with opening(b) <= time < opening(b + 1), by the same arithmetic as opening():
  // the first guess (a multiplication; a division costs more, and is no more exact) can round
  // across a boundary, which would open an event's bucket after the event is due (or before
  // the open bucket), so it is corrected. For 0 <= time < opening(buckets_.size()).
  [[nodiscard]] std::size_t bucket_of(Time time) const noexcept {
    auto b = static_cast<std::size_t>(time * per_width_);
    if (b >= buckets_.size()) b = buckets_.size() - 1;
    while (b > 0 && opening(b) > time) --b;
    while (b + 1 < buckets_.size() && opening(b + 1) <= time) ++b;
    return b;
  }

  Time width_ = 1.0;
  double per_width_ = 1.0;  // 1 / width_, for the first guess of bucket_of()
  std::vector<Chain> buckets_;
  std::vector<Block> blocks_;   // by index, so that growing it moves no chain
  std::uint32_t free_ = kNone;  // the first free block; each links to the next
  std::size_t next_ = 0;        // the bucket that opens next
  Time open_until_ = 0.0;       // events before this time go to the heap
};

}  // namespace jeugdsim::engine
