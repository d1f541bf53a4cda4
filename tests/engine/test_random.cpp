// The engine's random streams (random.hpp, fnv1a.hpp): keyed, pinned, xoshiro256++ as published,
// uniform, and uncorrelated between neighbouring replications.

#include <cmath>
#include <cstdint>
#include <vector>

#include <catch2/catch.hpp>

#include "jeugdsim/engine/fnv1a.hpp"
#include "jeugdsim/engine/random.hpp"

using jeugdsim::engine::RandomStream;
using jeugdsim::engine::StreamKey;

namespace {
std::vector<std::uint64_t> first(RandomStream rng, int n) {
  std::vector<std::uint64_t> out;
  for (int i = 0; i < n; ++i) out.push_back(rng());
  return out;
}
}  // namespace

TEST_CASE("a stream is a function of its key alone", "[engine][random]") {
  const StreamKey key{12345, 3, 2, 17};
  CHECK(first(RandomStream(key), 100) == first(RandomStream(key), 100));
}

TEST_CASE("streams whose keys differ in any one word differ", "[engine][random]") {
  const auto base = first(RandomStream({1, 2, 3, 4}), 4);
  CHECK(first(RandomStream({9, 2, 3, 4}), 4) != base);
  CHECK(first(RandomStream({1, 9, 3, 4}), 4) != base);
  CHECK(first(RandomStream({1, 2, 9, 4}), 4) != base);
  CHECK(first(RandomStream({1, 2, 3, 9}), 4) != base);
  // The words are not interchangeable: swapping two is another stream.
  CHECK(first(RandomStream({1, 3, 2, 4}), 4) != base);
}

TEST_CASE("the stream for a fixed key is pinned, so a change to it cannot go unnoticed",
          "[engine][random]") {
  // If this fails, every result of every scenario has changed: say so in the commit.
  RandomStream rng({12345, 0, 1, 0});
  const auto v = first(rng, 3);
  CHECK(v[0] == UINT64_C(0xce1a9c0bfd9907c1));
  CHECK(v[1] == UINT64_C(0x00c965e4b3437dfb));
  CHECK(v[2] == UINT64_C(0x79489e5bcb574fe0));
}

TEST_CASE("the generator is xoshiro256++ as published", "[engine][random]") {
  // First outputs of the authors' reference xoshiro256plusplus.c from the state {1, 2, 3, 4}.
  const auto v = first(RandomStream::from_state(1, 2, 3, 4), 5);
  CHECK(v == std::vector<std::uint64_t>{41943041ULL, 58720359ULL, 3588806011781223ULL,
                                        3591011842654386ULL, 9228616714210784205ULL});
}

TEST_CASE("uniform01 is uniform on", "[0, 1) [engine][random]") {
  RandomStream rng({42, 0, 0, 0});
  constexpr int n = 200000;
  double sum = 0.0, min = 1.0, max = 0.0;
  int below_tenth = 0;
  for (int i = 0; i < n; ++i) {
    const double u = rng.uniform01();
    sum += u;
    min = std::min(min, u);
    max = std::max(max, u);
    below_tenth += u < 0.1 ? 1 : 0;
  }
  // Mean 1/2 with sd sqrt(1/12/n); 3.29 sd is a two-sided 99.9% band.
  CHECK(std::abs(sum / n - 0.5) < 3.29 * std::sqrt(1.0 / 12.0 / n));
  // A binomial proportion with p = 0.1.
  CHECK(std::abs(below_tenth / double(n) - 0.1) < 3.29 * std::sqrt(0.1 * 0.9 / n));
  CHECK(min >= 0.0);
  CHECK(max < 1.0);
}

TEST_CASE("neighbouring replications draw uncorrelated numbers", "[engine][random]") {
  // Sample correlation of n pairs of independent uniforms has sd about 1/sqrt(n).
  RandomStream a({5, 0, 1, 0});
  RandomStream b({5, 1, 1, 0});
  constexpr int n = 100000;
  double sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
  for (int i = 0; i < n; ++i) {
    const double x = a.uniform01(), y = b.uniform01();
    sa += x, sb += y, saa += x * x, sbb += y * y, sab += x * y;
  }
  const double cov = sab / n - (sa / n) * (sb / n);
  const double r = cov / std::sqrt((saa / n - sa * sa / n / n) * (sbb / n - sb * sb / n / n));
  CHECK(std::abs(r) < 3.29 / std::sqrt(double(n)));
}

TEST_CASE("a stream family gives exactly the streams of the whole keys", "[engine][random]") {
  using jeugdsim::engine::RandomStream;
  const jeugdsim::engine::StreamFamily family(2019, 7, 2);
  for (const std::uint64_t entity : {std::uint64_t{0}, std::uint64_t{1},
                                     (std::uint64_t{11} << 40U) | 12345U, ~std::uint64_t{0}}) {
    RandomStream a = family.stream(entity);
    RandomStream b({2019, 7, 2, entity});
    for (int i = 0; i < 8; ++i) REQUIRE(a() == b());
  }
}

TEST_CASE("fnv1a64 is the published FNV-1a, so keys made from texts never change",
          "[engine][random]") {
  // Test vectors of the FNV reference (Fowler, Noll, Vo; www.isthe.com/chongo/tech/comp/fnv).
  CHECK(jeugdsim::engine::fnv1a64("") == 0xcbf29ce484222325ULL);
  CHECK(jeugdsim::engine::fnv1a64("a") == 0xaf63dc4c8601ec8cULL);
  CHECK(jeugdsim::engine::fnv1a64("foobar") == 0x85944171f73967e8ULL);
}
