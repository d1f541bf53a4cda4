// libFuzzer target: any text as a list of --set overrides, one per line, applied to a test
// scenario (the first byte chooses which) and loaded as `jeugdsim run --set ...` loads it
// (scenario_runs.hpp: apply_options, load_runnable), without simulating. It must give a model or
// an io::InputError located at a --set or in the scenario file; see expect_located.hpp.
// Seeds: fuzz/corpus/override/ (fuzz/run).

#include <array>
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "expect_located.hpp"
#include "jeugdsim/io/document.hpp"
#include "scenario_runs.hpp"

namespace {

struct Base {
  std::string name;  // as errors name it
  std::string text;
};

std::string read_text(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in || text.str().empty()) {
    std::fprintf(stderr, "fuzz_override: cannot read %s\n", file.c_str());
    std::abort();
  }
  return text.str();
}

// Read once: a network scenario and a youth-care one with dated changes.
const std::array<Base, 2>& bases() {
  static const std::array<Base, 2> all = [] {
    const std::string data = std::string(JEUGDSIM_SOURCE_DIR) + "/tests/data/";
    return std::array<Base, 2>{Base{"clinic.yaml", read_text(data + "clinic.yaml")},
                               Base{"small.yaml", read_text(data + "youth_care/small.yaml")}};
  }();
  return all;
}

std::vector<std::string> lines_of(std::string_view text) {
  std::vector<std::string> lines;
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    lines.emplace_back(text.substr(0, end));
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
  }
  return lines;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const Base& base = bases()[data[0] % bases().size()];
  // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): libFuzzer hands over bytes
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  const std::vector<std::string> overrides = lines_of(text);
  jeugdsim::fuzz::expect_loaded_or_located(
      [&] {
        auto document = jeugdsim::io::Document::from_string(base.text, base.name);
        jeugdsim::app::apply_options(document, overrides);
        (void)jeugdsim::app::load_runnable(document);
      },
      {"--set ", base.name});
  return 0;
}
