// src/csv_output.hpp
//
// The one CSV writer of the program (tables and sweeps): RFC 4180 fields (quoted when they hold
// a comma, a quote or a line break; quotes doubled), "# " comment lines kept to one line.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace incert::cli {

std::string csv_field(const std::string& s);
// Line breaks replaced by spaces (a comment or a Markdown/LaTeX cell stays one line).
std::string one_line(std::string s);
void write_csv_row(std::ostream& os, const std::vector<std::string>& fields);
void write_csv_comment(std::ostream& os, const std::string& text);

}  // namespace incert::cli
