#pragma once
// Suggestions for misspelt names: "unknown key 'servrs' (did you mean 'servers'?)", and the
// list of names a value may take.

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace jeugdsim::io {

// Levenshtein distance between two strings (case-sensitive).
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate closest to `typed`, if it is close enough to be a plausible typo (distance at
// most max(2, |typed| / 3)); the first one listed wins a tie.
std::optional<std::string> closest_match(std::string_view typed,
                                         std::span<const std::string> candidates);

// "'a', 'b' or 'c'": the names a value may take, as an error lists them.
std::string quoted_list(std::span<const std::string> names);

// " (did you mean 'x'?)" or "" when nothing is close.
std::string did_you_mean(std::string_view typed, std::span<const std::string> candidates);

}  // namespace jeugdsim::io
