// src/csv_output.cpp: the one CSV writer (csv_output.hpp).
#include "csv_output.hpp"

namespace incert::cli {

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string one_line(std::string s) {
  for (char& c : s)
    if (c == '\n' || c == '\r') c = ' ';
  return s;
}

void write_csv_row(std::ostream& os, const std::vector<std::string>& fields) {
  for (std::size_t j = 0; j < fields.size(); ++j) os << (j ? "," : "") << csv_field(fields[j]);
  os << "\n";
}

void write_csv_comment(std::ostream& os, const std::string& text) { os << "# " << one_line(text) << "\n"; }

}  // namespace incert::cli
