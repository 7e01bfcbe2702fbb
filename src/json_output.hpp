// src/json_output.hpp
//
// The one JSON writer of the program (nlohmann-json, key order kept): every command builds a
// json_doc and writes it with write_json. Encodings used everywhere:
//   enclosure      {"lo": "decimal", "hi": "decimal"} rounded outward; {"approx": "decimal"} from
//                  a non-rigorous scalar; null when not available
//   verdict        "holds" | "fails" | "undecided" ("approx_holds" / "approx_fails" when not certified)
//   unbounded end  "inf"
// Schemas of every command's output: schemas/*.schema.json.
#pragma once

#include "incert/api/format.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <ostream>
#include <string>

namespace incert::cli {

using json_doc = nlohmann::ordered_json;

json_doc json_enclosure(const enclosure& e, int digits);
json_doc json_enclosure(const std::optional<enclosure>& e, int digits);
json_doc json_verdict(verdict v, bool certified);
// A double rounded to 3 significant digits (timings, relative widths); inf as "inf".
json_doc json_rounded(double x);
// Pretty-printed (2 spaces), one trailing newline.
void write_json(std::ostream& os, const json_doc& doc);

}  // namespace incert::cli
