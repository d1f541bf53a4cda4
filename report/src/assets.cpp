#include "jeugdsim/report/assets.hpp"

// Each file goes into the object file as it is, with .incbin: no generated source, no size limit
// on string literals, and the build compiles it in no time. The paths come from CMake
// (report/CMakeLists.txt), which also makes this file depend on them. A NUL follows each file only
// to make the bytes safe to inspect in a debugger; the size comes from the end label.
#define JEUGDSIM_EMBED(name, file)               \
  __asm__(                                       \
      ".pushsection .rodata\n"                   \
      ".balign 16\n"                             \
      ".global jeugdsim_asset_" #name            \
      "\n"                                       \
      "jeugdsim_asset_" #name                    \
      ":\n"                                      \
      ".incbin \"" file                          \
      "\"\n"                                     \
      ".global jeugdsim_asset_" #name            \
      "_end\n"                                   \
      "jeugdsim_asset_" #name                    \
      "_end:\n"                                  \
      ".byte 0\n"                                \
      ".popsection\n");                          \
  extern "C" const char jeugdsim_asset_##name[]; \
  extern "C" const char jeugdsim_asset_##name##_end[];

JEUGDSIM_EMBED(vega, JEUGDSIM_ASSET_VEGA)
JEUGDSIM_EMBED(vega_lite, JEUGDSIM_ASSET_VEGA_LITE)
JEUGDSIM_EMBED(report_js, JEUGDSIM_ASSET_REPORT_JS)
JEUGDSIM_EMBED(report_css, JEUGDSIM_ASSET_REPORT_CSS)

namespace jeugdsim::report {
namespace {

std::string_view between(const char* begin, const char* end) {
  return {begin, static_cast<std::size_t>(end - begin)};
}

}  // namespace

std::string_view vega_js() { return between(jeugdsim_asset_vega, jeugdsim_asset_vega_end); }
std::string_view vega_lite_js() {
  return between(jeugdsim_asset_vega_lite, jeugdsim_asset_vega_lite_end);
}
std::string_view report_js() {
  return between(jeugdsim_asset_report_js, jeugdsim_asset_report_js_end);
}
std::string_view report_css() {
  return between(jeugdsim_asset_report_css, jeugdsim_asset_report_css_end);
}

}  // namespace jeugdsim::report
