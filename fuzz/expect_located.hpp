#pragma once
// What a fuzz target accepts from the loader: a model, or an io::InputError located in what
// was given (its location starts with the file's name or the --set). Anything else is a finding:
// another exception would reach the user as an unlocated "jeugdsim: error: ..." with exit code 1
// instead of a located error with exit code 2, so it aborts here like a crash, a sanitizer
// report or a hang (libFuzzer's -timeout) does.

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <initializer_list>
#include <string_view>

#include "jeugdsim/io/input_error.hpp"

namespace jeugdsim::fuzz {

template <class Load>
void expect_loaded_or_located(Load&& load, std::initializer_list<std::string_view> sources) {
  try {
    load();
  } catch (const io::InputError& e) {
    for (const std::string_view source : sources) {
      if (std::string_view(e.location()).substr(0, source.size()) == source) return;
    }
    std::fprintf(stderr, "fuzz: an error not located in the input: %s\n", e.what());
    std::abort();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "fuzz: an error that is not an io::InputError: %s\n", e.what());
    std::abort();
  }
}

}  // namespace jeugdsim::fuzz
