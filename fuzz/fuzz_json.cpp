// fuzz/fuzz_json.cpp: libFuzzer target for the JSON reader alone (incert/io/json.hpp).
//
// Any byte string either parses or throws json::parse_error with a 1-based position. An
// accepted document survives dump -> parse unchanged, and every number token is one JSON
// number. Anything else (crash, sanitizer report, other exception, trap) is a finding.
#include "incert/io/json.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace {

namespace json = incert::json;

void check_numbers(const json::value& v) {
  switch (v.kind()) {
    case json::kind::number:
      if (!json::is_number_text(v.number_text())) __builtin_trap();
      return;
    case json::kind::array:
      for (const json::value& item : v.items()) check_numbers(item);
      return;
    case json::kind::object:
      for (const json::member& m : v.members()) check_numbers(m.second);
      return;
    default:
      return;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  json::value v;
  try {
    v = json::parse(text);
  } catch (const json::parse_error& e) {
    if (e.line() < 1 || e.column() < 1 || e.line() > size + 1 || e.column() > size + 1) __builtin_trap();
    return 0;
  }
  check_numbers(v);
  if (json::parse(json::dump(v)) != v) __builtin_trap();
  return 0;
}
