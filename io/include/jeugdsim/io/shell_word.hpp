#pragma once
// Writing a command line back for a user to run again (a report's "how to reproduce", the
// command that resumes a sweep): each argument as a POSIX shell reads it.

#include <string>

namespace jeugdsim::io {

// `word` unchanged if it holds only letters, digits and _./=:,+-@% (nothing a shell treats
// specially), else in single quotes, a quote inside written as '\''.
std::string shell_word(const std::string& word);

}  // namespace jeugdsim::io
