// src/report.hpp
//
// The writers of `check` and `eval` results: JSON (through the one JSON writer, json_output.hpp)
// and text. Formatting only: every number comes from the library's typed results and is
// printed through api/format.hpp (rounded outward).
#pragma once

#include "json_output.hpp"

#include "incert/api/results.hpp"

#include <ostream>

namespace incert::cli {

// digits: significant digits of printed enclosures; 0 for every bit of the result's precision.
json_doc to_json(const check_result& r, int digits = 0);
json_doc to_json(const eval_result& r, int digits = 0);
void write_text(std::ostream& os, const check_result& r, int digits = 17);
void write_text(std::ostream& os, const eval_result& r, int digits = 17);

}  // namespace incert::cli
