#pragma once
// Reproducible, independent random streams.
//
// Every random quantity in a model draws from its own stream, named by a StreamKey
// (seed, replication, purpose, entity). A stream's numbers depend on nothing but its key, so:
//  - the same seed gives the same numbers, whatever the thread count or scheduling;
//  - replication r of two different scenarios draws the same numbers for the same entity and
//    purpose (common random numbers), which is what makes paired comparisons sharp.
//
// The bit generator is xoshiro256++ (Blackman & Vigna, "Scrambled linear pseudorandom number
// generators", ACM TOMS 2021): 32 bytes of state, seeded from the key through SplitMix64 as its
// authors recommend. Per-entity streams need a generator that seeds in nanoseconds; Boost
// 1.74's generators are either large (mt19937: 2.5 KB of state) or statistically weak (LCGs).
// The distributions on top of it are Boost.Random's (see distribution.hpp).

#include <cstdint>
#include <limits>

namespace jeugdsim::engine {

// SplitMix64 finaliser (Steele, Lea & Flood 2014): a bijective 64-bit mixer.
constexpr std::uint64_t splitmix64(std::uint64_t& state) noexcept {
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30U)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27U)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31U);
}

struct StreamKey {
  std::uint64_t seed = 0;
  std::uint64_t replication = 0;
  std::uint64_t purpose = 0;  // what the numbers are for: a model-defined constant
  std::uint64_t entity = 0;   // whom they are for: station, arrival source, child, ...
};

class RandomStream {
 public:
  using result_type = std::uint64_t;

  // Chains the key's words through SplitMix64 so that keys differing in any word give
  // unrelated states; then expands to the 256-bit state.
  explicit constexpr RandomStream(const StreamKey& key) noexcept
      : RandomStream(absorb(absorb(absorb(key.seed, key.replication), key.purpose), key.entity),
                     Expand{}) {}

  // One step of the chain: the hash so far with one more word of the key mixed in.
  static constexpr std::uint64_t absorb(std::uint64_t hash, std::uint64_t word) noexcept {
    std::uint64_t mix = hash ^ splitmix64(word);
    return splitmix64(mix);
  }

  // A stream from a raw generator state, for checking against the reference implementation.
  static constexpr RandomStream from_state(std::uint64_t s0, std::uint64_t s1, std::uint64_t s2,
                                           std::uint64_t s3) noexcept {
    RandomStream r(StreamKey{});
    r.state_[0] = s0;
    r.state_[1] = s1;
    r.state_[2] = s2;
    r.state_[3] = s3;
    return r;
  }

  static constexpr result_type min() noexcept { return 0; }
  static constexpr result_type max() noexcept { return std::numeric_limits<result_type>::max(); }

  constexpr result_type operator()() noexcept {
    const std::uint64_t result = rotl(state_[0] + state_[3], 23) + state_[0];
    const std::uint64_t t = state_[1] << 17U;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = rotl(state_[3], 45);
    return result;
  }

  // A double uniform on [0, 1) with 53 random bits.
  constexpr double uniform01() noexcept {
    return static_cast<double>((*this)() >> 11U) * 0x1.0p-53;
  }

 private:
  friend class StreamFamily;
  struct Expand {};
  // The state from the chained hash of a whole key.
  constexpr RandomStream(std::uint64_t hash, Expand /*tag*/) noexcept {
    for (auto& s : state_) s = splitmix64(hash);
  }

  static constexpr std::uint64_t rotl(std::uint64_t x, int k) noexcept {
    return (x << static_cast<unsigned>(k)) | (x >> static_cast<unsigned>(64 - k));
  }

  std::uint64_t state_[4]{};
};

// The streams of one (seed, replication, purpose) for many entities, such as one per child: the
// part of the key they share is mixed once. stream(e) is RandomStream(StreamKey{seed,
// replication, purpose, e}), bit for bit, at about half the cost.
class StreamFamily {
 public:
  constexpr StreamFamily(std::uint64_t seed, std::uint64_t replication,
                         std::uint64_t purpose) noexcept
      : prefix_(RandomStream::absorb(RandomStream::absorb(seed, replication), purpose)) {}

  [[nodiscard]] constexpr RandomStream stream(std::uint64_t entity) const noexcept {
    return RandomStream(RandomStream::absorb(prefix_, entity), RandomStream::Expand{});
  }

 private:
  std::uint64_t prefix_;
};

}  // namespace jeugdsim::engine
