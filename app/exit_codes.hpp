#pragma once
// What `jeugdsim` returns: the same codes for every command (docs/reliability.md).

namespace jeugdsim::app {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;     // the run failed (e.g. an output could not be written)
inline constexpr int kExitInputError = 2;  // what the user gave is wrong; nothing was written

}  // namespace jeugdsim::app
