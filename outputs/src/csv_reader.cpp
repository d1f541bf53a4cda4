#include "jeugdsim/outputs/csv_reader.hpp"

#include <algorithm>
#include <charconv>
#include <limits>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "jeugdsim/io/input_error.hpp"

namespace jeugdsim::outputs {

CsvTable CsvTable::parse(std::string_view text, std::string source) {
  CsvTable table;
  table.source_ = std::move(source);
  std::vector<std::vector<std::string>> lines;
  std::vector<std::string> row;
  std::string cell;
  std::size_t line = 1;
  std::size_t quote_line = 0;  // where the open quoted cell started, 0 if none
  bool quoted = false;
  const auto end_row = [&] {
    row.push_back(std::move(cell));
    cell.clear();
    lines.push_back(std::move(row));
    row.clear();
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        cell += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        if (c == '\n') ++line;
        cell += c;
      }
    } else if (c == '"') {
      quoted = true;
      quote_line = line;
    } else if (c == ',') {
      row.push_back(std::move(cell));
      cell.clear();
    } else if (c == '\n') {
      end_row();
      ++line;
    } else if (c != '\r') {
      cell += c;
    }
  }
  if (quoted) {
    throw io::InputError(fmt::format("{}:{}", table.source_, quote_line),
                         "a quoted cell is never closed");
  }
  if (!cell.empty() || !row.empty()) end_row();  // a last line without its line break
  if (lines.empty()) throw io::InputError(table.source_, "empty file: expected a header line");
  table.header_ = std::move(lines.front());
  for (std::size_t r = 1; r < lines.size(); ++r) {
    if (lines[r].size() != table.header_.size()) {
      throw io::InputError(
          fmt::format("{}:{}", table.source_, r + 1),
          fmt::format("{} cells, but the header has {}", lines[r].size(), table.header_.size()));
    }
    table.rows_.push_back(std::move(lines[r]));
  }
  return table;
}

bool CsvTable::has_column(std::string_view name) const {
  return std::find(header_.begin(), header_.end(), name) != header_.end();
}

std::size_t CsvTable::column(std::string_view name) const {
  const auto it = std::find(header_.begin(), header_.end(), name);
  if (it == header_.end()) {
    throw io::InputError(
        source_, fmt::format("no column '{}'; the header has: {}", name, fmt::join(header_, ",")));
  }
  return static_cast<std::size_t>(it - header_.begin());
}

double CsvTable::number(std::size_t row, std::size_t column) const {
  const std::string& text = rows_.at(row).at(column);
  if (text.empty()) return std::numeric_limits<double>::quiet_NaN();
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) {
    // Rows are counted with the header as line 1, as an editor shows them (for cells without
    // line breaks, which is every number jeugdsim writes).
    throw io::InputError(
        fmt::format("{}:{}", source_, row + 2),
        fmt::format("column '{}': expected a number, not '{}'", header_[column], text));
  }
  return value;
}

std::size_t CsvTable::count(std::size_t row, std::size_t column) const {
  const std::string& text = rows_.at(row).at(column);
  std::size_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) {
    throw io::InputError(
        fmt::format("{}:{}", source_, row + 2),
        fmt::format("column '{}': expected a whole number, not '{}'", header_[column], text));
  }
  return value;
}

}  // namespace jeugdsim::outputs
