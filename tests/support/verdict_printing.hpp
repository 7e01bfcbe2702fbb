// tests/support/verdict_printing.hpp: Catch2 prints an incert::verdict as "holds" / "fails" /
// "undecided" in failure messages.
#pragma once

#include "incert/theory/verdict.hpp"

#include <catch2/catch.hpp>

#include <string>

namespace Catch {
template <>
struct StringMaker<incert::verdict> {
  static std::string convert(incert::verdict v) { return incert::to_string(v); }
};
}  // namespace Catch
