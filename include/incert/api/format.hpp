// incert/api/format.hpp
//
// Decimal text of the library's results, rounded outward: an enclosure's lower end rounded
// down and upper end up (io/decimal_format.hpp), so the printed interval contains the computed
// one; an approximation is rounded to nearest and flagged. The only formatter of results:
// every client (CLI writers, table engine, Python) goes through it.
#pragma once

#include "incert/api/results.hpp"

#include <gmpxx.h>

#include <optional>
#include <string>
#include <utility>

namespace incert {

struct enclosure_text {
  std::string lo, hi;  // lo rounded down, hi rounded up (equal for an approximation)
  bool approx = false;
};

// Significant digits: `digits` > 0 as given; 0 for every bit of a `bits`-bit number.
int digits_or_all(int digits, unsigned bits);

enclosure_text format_enclosure(const enclosure& e, int digits);
// "[lo, hi]", "v" when both ends print alike, "~v" for an approximation.
std::string display(const enclosure& e, int digits);
// x rounded up / down.
std::string format_up(const mpfr_float& x, int digits);
std::string format_down(const mpfr_float& x, int digits);
// "[lo, hi]" of exact rationals lo <= hi rounded outward (lo down, hi up) to `digits` significant
// digits; "[lo, inf)" when hi is absent.
std::string format_exact_bracket(const mpq_class& lo, const std::optional<mpq_class>& hi, int digits);
// An exact rational rounded to nearest (for estimates, not for certified bounds).
std::string format_nearest(const mpq_class& q, int digits);
// An exact rational as exact text: its decimal expansion when that ends within 30 digits after the
// point ("0.125", "-7", "1.0e-30" is written "0.000...1"), else "p/q". Never rounded.
std::string format_exact(const mpq_class& q);
// The same, or nothing when the decimal expansion does not end within 30 digits.
std::optional<std::string> format_exact_decimal(const mpq_class& q);
// A sub-interval of [a, b] (a rounded up, b down), empty when their decimals would cross.
std::optional<std::pair<std::string, std::string>> format_inside(const mpfr_float& a, const mpfr_float& b, int digits);

}  // namespace incert
