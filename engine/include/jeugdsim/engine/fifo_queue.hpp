#pragma once
// A first-in-first-out queue on a power-of-two ring buffer. Unlike std::deque it allocates only
// when it outgrows its capacity (doubling), never per element, so a waiting line that has
// reached its peak length costs no allocation.

#include <cassert>
#include <cstddef>
#include <vector>

namespace jeugdsim::engine {

template <class T>
class FifoQueue {
 public:
  [[nodiscard]] bool empty() const noexcept { return size_ == 0; }
  [[nodiscard]] std::size_t size() const noexcept { return size_; }

  void push(const T& value) {
    if (size_ == buffer_.size()) grow();
    buffer_[(head_ + size_) & (buffer_.size() - 1)] = value;
    ++size_;
  }

  [[nodiscard]] const T& front() const noexcept {
    assert(size_ > 0);
    return buffer_[head_];
  }

  T pop() noexcept {
    assert(size_ > 0);
    T value = buffer_[head_];
    head_ = (head_ + 1) & (buffer_.size() - 1);
    --size_;
    return value;
  }

 private:
  void grow() {
    std::vector<T> bigger(buffer_.empty() ? 16 : buffer_.size() * 2);
    for (std::size_t i = 0; i < size_; ++i) bigger[i] = buffer_[(head_ + i) & (buffer_.size() - 1)];
    buffer_.swap(bigger);
    head_ = 0;
  }

  std::vector<T> buffer_;
  std::size_t head_ = 0;
  std::size_t size_ = 0;
};

}  // namespace jeugdsim::engine
