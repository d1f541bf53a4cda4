#pragma once
// Invariant checks, built in with the CMake option JEUGDSIM_CHECKS (on in `make sanitize`):
// statements about a running simulation that hold whatever the input -- time never goes
// backwards, no count falls below zero, every entity is somewhere -- checked where they could
// break. A broken one means the numbers are wrong, so the run stops there and says which
// invariant broke, at what time, in which replication; nothing is written.
//
// Off (the default), JEUGDSIM_CHECK is `if constexpr (false)`: the statement is discarded, so
// the hot loops compile to the same code as without it, yet the condition is still parsed and
// type-checked in every build and cannot rot. The setting is one for the whole build (a compile
// definition of every target), because the checks sit in inline headers, which must mean the
// same thing in every file.

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

#ifndef JEUGDSIM_CHECKS
#define JEUGDSIM_CHECKS 0
#endif

namespace jeugdsim::engine {

inline constexpr bool kChecks = JEUGDSIM_CHECKS != 0;

// Names the replication this thread simulates in the message of a failed check, from
// construction to destruction. A model opens one per replication (not per event); without the
// checks it is nothing.
class CheckedReplication {
 public:
  explicit CheckedReplication(std::uint64_t replication) noexcept {
    if constexpr (kChecks) previous_ = enter(static_cast<std::int64_t>(replication));
  }
  ~CheckedReplication() {
    if constexpr (kChecks) enter(previous_);
  }
  CheckedReplication(const CheckedReplication&) = delete;
  CheckedReplication& operator=(const CheckedReplication&) = delete;

 private:
  // Makes `replication` (-1: none) this thread's; returns the one before.
  static std::int64_t enter(std::int64_t replication) noexcept;

  std::int64_t previous_ = -1;
};

// "alive 12, counted 11": what a check found, as named numbers, formatted out of line so that a
// check adds little code where it is made.
struct Found {
  std::string_view name;
  double value;
};
std::string describe(std::initializer_list<Found> found);

// Prints "jeugdsim: invariant failed in replication R at day T: INVARIANT (DETAIL) [FILE:LINE]"
// on stderr and aborts. Not an exception: no caller could repair the state, and the abort is
// what a sanitizer build, a fuzzer and a death test recognise.
[[noreturn, gnu::cold]] void invariant_failed(std::string_view invariant, double time,
                                              std::string_view detail, const char* file,
                                              int line) noexcept;

}  // namespace jeugdsim::engine

// JEUGDSIM_CHECK(condition, invariant, time, detail): `invariant` names what must hold (a
// sentence, the same for every check of it), `time` is the simulation time, and `detail` (a
// string, built only when the check fails) says what was found instead.
#define JEUGDSIM_CHECK(condition, invariant, time, detail)                                       \
  do {                                                                                           \
    if constexpr (::jeugdsim::engine::kChecks) {                                                 \
      if (!(condition)) [[unlikely]] {                                                           \
        ::jeugdsim::engine::invariant_failed((invariant), (time), (detail), __FILE__, __LINE__); \
      }                                                                                          \
    }                                                                                            \
  } while (false)
