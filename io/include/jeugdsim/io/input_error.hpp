#pragma once
// Errors in what a user wrote: a scenario file or a command-line override. The message always
// names where ("scenarios/x.yaml:12:5" or "--set stations.a.servers=0") and what was expected;
// what() is the full line the CLI prints before exiting with code 2.

#include <stdexcept>
#include <string>

namespace jeugdsim::io {

class InputError : public std::runtime_error {
 public:
  InputError(std::string location, std::string message)
      : std::runtime_error(location + ": error: " + message),
        location_(std::move(location)),
        message_(std::move(message)) {}

  [[nodiscard]] const std::string& location() const noexcept { return location_; }
  [[nodiscard]] const std::string& message() const noexcept { return message_; }

 private:
  std::string location_;
  std::string message_;
};

}  // namespace jeugdsim::io
