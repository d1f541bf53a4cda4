#pragma once
// The files the report inlines, built into the program (so that `jeugdsim report` needs nothing
// beside the binary): Vega and Vega-Lite from npm (report/assets/package.json, installed by
// scripts/install-deps), and the report's own script and style sheet.

#include <string_view>

namespace jeugdsim::report {

std::string_view vega_js();
std::string_view vega_lite_js();
std::string_view report_js();
std::string_view report_css();

}  // namespace jeugdsim::report
