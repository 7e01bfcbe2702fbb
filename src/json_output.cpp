// src/json_output.cpp: the one JSON writer (json_output.hpp).
#include "json_output.hpp"

#include <cmath>
#include <cstdio>
#include <string>

namespace incert::cli {

json_doc json_enclosure(const enclosure& e, int digits) {
  const enclosure_text t = format_enclosure(e, digits);
  json_doc j = json_doc::object();
  if (t.approx) {
    j["approx"] = t.lo;
  } else {
    j["lo"] = t.lo;
    j["hi"] = t.hi;
  }
  return j;
}

json_doc json_enclosure(const std::optional<enclosure>& e, int digits) { return e ? json_enclosure(*e, digits) : json_doc(nullptr); }

json_doc json_verdict(verdict v, bool certified) {
  std::string s = to_string(v);
  if (!certified && v != verdict::undecided) s = "approx_" + s;
  return s;
}

json_doc json_rounded(double x) {
  if (std::isinf(x)) return "inf";
  if (std::isnan(x)) return nullptr;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3g", x);
  return std::strtod(buf, nullptr);  // no exception on a subnormal (a relative width at 4096 bits)
}

void write_json(std::ostream& os, const json_doc& doc) { os << doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n"; }

}  // namespace incert::cli
