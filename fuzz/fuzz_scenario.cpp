// libFuzzer target: any text as a scenario file, loaded as `jeugdsim run` and `validate` load a
// file (scenario_runs.hpp: load_runnable), without simulating it. It must give a model or a
// located io::InputError; see expect_located.hpp. Seeds: scenarios/ and tests/data/ (fuzz/run).

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "expect_located.hpp"
#include "jeugdsim/io/document.hpp"
#include "scenario_runs.hpp"

namespace {
constexpr std::string_view kSource = "fuzz.yaml";  // as errors name the input
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): libFuzzer hands over bytes
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  jeugdsim::fuzz::expect_loaded_or_located(
      [text] {
        const auto document = jeugdsim::io::Document::from_string(text, std::string(kSource));
        const auto model = jeugdsim::app::load_runnable(document);
        // What `validate --dot` adds for a youth-care scenario.
        if (model.pathway_dot) (void)model.pathway_dot();
      },
      {kSource});
  return 0;
}
