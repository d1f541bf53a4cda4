#pragma once
// FNV-1a, 64 bits: a stable number for a text, the same on every run, build and machine. Used
// where a text must become a key that never changes: the random stream of an uncertain input
// (keyed by its path) and the fingerprint of a sweep point's scenario.

#include <cstdint>
#include <string_view>

namespace jeugdsim::engine {

constexpr std::uint64_t fnv1a64(std::string_view text) noexcept {
  std::uint64_t h = 14695981039346656037ULL;
  for (const char c : text) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  return h;
}

}  // namespace jeugdsim::engine
