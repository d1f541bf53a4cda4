#pragma once
// The future-event list as a radix heap (Ahuja, Mehlhorn, Orlin and Tarjan 1990): a queue for
// monotone keys, which a discrete-event simulation has, since nothing is scheduled before the
// event being handled. Same interface and the same order as EventQueue (earlier time first,
// then the event scheduled first), so for monotone use the two pop identical sequences and a
// model can use either; see the precondition below.
//
// How: the bits of a non-negative double order like the double (see EventKey). Bucket 0 holds
// the events at exactly the time last taken out (`last_`); bucket b > 0 the events whose time
// bits first differ from last_'s at bit b - 1. A push is one XOR, a count of leading zeros and
// an append. When bucket 0 is empty, the lowest non-empty bucket's earliest time becomes last_
// and its events are spread over the lower buckets; an event can only move down, at most 64
// times, and in practice a few. Nothing is compared along a path of a tree, so the cost does
// not grow with the number of pending events as a heap's does (bench/bench_event_queue.cpp).
//
// Precondition, the one difference from EventQueue: push(time) with 0 <= time and time >= the
// time of the event last returned by top() or pop(). (top() settles the queue on the next
// event, so after looking at an event at time 8, nothing may be scheduled at 6.) A simulation's
// loop looks at the next event only to take it out, which meets this.

#include <algorithm>
#include <array>
#include <bit>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "jeugdsim/engine/check.hpp"
#include "jeugdsim/engine/event_queue.hpp"

namespace jeugdsim::engine {

template <class Payload>
class RadixEventQueue {
 public:
  using value_type = Event<Payload>;

  void reserve(std::size_t /*n*/) {}  // buckets grow as needed and keep their memory
  [[nodiscard]] bool empty() const noexcept { return size_ == 0; }
  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  [[nodiscard]] std::uint64_t scheduled() const noexcept { return next_sequence_; }

  void clear() noexcept {
    for (auto& b : buckets_) b.clear();
    occupied_ = 0;
    size_ = 0;
    last_ = 0;
    next_sequence_ = 0;
  }

  void push(Time time, Payload payload) {
    push(value_type{EventKey{time + 0.0, next_sequence_++}, payload});  // + 0.0: -0 to +0
  }

  // An event whose sequence was given by another queue (CalendarEventQueue keeps its far
  // events here): the order is still (time, sequence), so sequences must be unique; the same
  // precondition on the time, which must not be -0.
  void push(const value_type& e) {
    const Time time = e.key.time;
    const std::uint64_t key = std::bit_cast<std::uint64_t>(time);
    JEUGDSIM_CHECK(time >= 0.0 && key >= last_, "nothing is scheduled before the current time",
                   std::bit_cast<Time>(last_), "an event at day " + std::to_string(time));
    put(e, key);
    ++size_;
  }

  [[nodiscard]] const value_type& top() const noexcept {
    assert(!empty());
    settle();
    return buckets_[0][earliest_in_bucket0()];
  }

  // The time of the earliest event, without settling on it as top() does: events may still be
  // pushed before it, down to the time last returned by top() or pop(). For a queue that
  // keeps its far events here and asks where they start (CalendarEventQueue).
  [[nodiscard]] Time earliest_time() const noexcept {
    assert(!empty());
    if ((occupied_ & 1U) != 0) return std::bit_cast<Time>(last_);
    return std::bit_cast<Time>(
        least_key(buckets_[static_cast<std::size_t>(std::countr_zero(occupied_))]));
  }

  value_type pop() noexcept {
    assert(!empty());
    settle();
    auto& ready = buckets_[0];
    const std::size_t i = earliest_in_bucket0();
    const value_type event = ready[i];
    ready[i] = ready.back();  // the order inside bucket 0 does not matter: ties go by sequence
    ready.pop_back();
    if (ready.empty()) occupied_ &= ~std::uint64_t{1};
    --size_;
    return event;
  }

 private:
  // A non-negative double's bits have the sign bit clear, so two keys first differ at bit 62 at
  // most: buckets 0 to 63.
  static constexpr std::size_t kBuckets = 64;

  [[nodiscard]] static std::uint64_t key_of(const value_type& e) noexcept {
    return std::bit_cast<std::uint64_t>(e.key.time);
  }

  [[nodiscard]] std::size_t bucket_of(std::uint64_t key) const noexcept {
    if (key == last_) return 0;
    const auto b = static_cast<std::size_t>(64 - std::countl_zero(key ^ last_));
    return b < kBuckets ? b : kBuckets - 1;  // only a negative time (a broken precondition)
  }

  void put(const value_type& e, std::uint64_t key) const {
    const std::size_t b = bucket_of(key);
    buckets_[b].push_back(e);
    occupied_ |= std::uint64_t{1} << b;
  }

  // The earliest time bits in a bucket that is not empty.
  [[nodiscard]] static std::uint64_t least_key(const std::vector<value_type>& bucket) noexcept {
    std::uint64_t least = key_of(bucket.front());
    for (const auto& e : bucket) least = std::min(least, key_of(e));
    return least;
  }

  // Makes bucket 0 hold the earliest events (all at one time).
  void settle() const {
    if ((occupied_ & 1U) != 0) return;
    const auto from = static_cast<std::size_t>(std::countr_zero(occupied_));
    std::vector<value_type> moving;
    moving.swap(buckets_[from]);
    occupied_ &= ~(std::uint64_t{1} << from);
    last_ = least_key(moving);
    for (const auto& e : moving) put(e, key_of(e));
    moving.clear();
    buckets_[from].swap(moving);  // keep the memory for the next events in this bucket
  }

  // Among equal times, the event scheduled first.
  [[nodiscard]] std::size_t earliest_in_bucket0() const noexcept {
    const auto& ready = buckets_[0];
    std::size_t best = 0;
    for (std::size_t i = 1; i < ready.size(); ++i) {
      if (ready[i].key.sequence < ready[best].key.sequence) best = i;
    }
    return best;
  }

  mutable std::array<std::vector<value_type>, kBuckets> buckets_;
  mutable std::uint64_t occupied_ = 0;  // bit b: bucket b is not empty
  mutable std::uint64_t last_ = 0;      // time bits of the last event taken out
  std::size_t size_ = 0;
  std::uint64_t next_sequence_ = 0;
};

}  // namespace jeugdsim::engine
