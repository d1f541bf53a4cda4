#pragma once
// Reading back the CSV files jeugdsim writes (RFC 4180: cells quoted when they hold a comma,
// quote or line break), so that `report` works from the files a run left, not from memory.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace jeugdsim::outputs {

class CsvTable {
 public:
  // Throws InputError naming `source` and the line for an unclosed quote or a row whose number
  // of cells differs from the header's.
  static CsvTable parse(std::string_view text, std::string source);

  // The index of the column named `name`; throws InputError naming the file and the columns it
  // has if there is none.
  [[nodiscard]] std::size_t column(std::string_view name) const;
  [[nodiscard]] bool has_column(std::string_view name) const;

  [[nodiscard]] const std::vector<std::string>& header() const noexcept { return header_; }
  [[nodiscard]] const std::vector<std::vector<std::string>>& rows() const noexcept { return rows_; }
  [[nodiscard]] const std::string& source() const noexcept { return source_; }

  // The cell as a number; "" (a value that could not be computed) is NaN. Throws InputError
  // naming the file, row and column for anything else that is not a number.
  [[nodiscard]] double number(std::size_t row, std::size_t column) const;
  // The cell as a whole number >= 0 (a count, a point's number); throws InputError otherwise.
  [[nodiscard]] std::size_t count(std::size_t row, std::size_t column) const;

 private:
  std::string source_;
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace jeugdsim::outputs
