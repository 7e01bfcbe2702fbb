// incert/io/decimal_rounding.hpp
//
// Re-rounding decimal text to fewer significant digits, in a given direction, exactly (string
// arithmetic, any exponent). Used to print enclosures computed once at full precision to a
// table's chosen number of digits.
//
// Why re-rounding an endpoint is still outward and loses nothing: if s = round_down(x, N) is x
// rounded down to N >= D significant digits, then round_down(s, D) = round_down(x, D), because
// every D-digit decimal <= x is also an N-digit decimal <= x, hence <= s (and likewise upward).
// So a lower endpoint re-rounded down (an upper endpoint up) is the same text that rounding the
// binary endpoint to D digits would give. Test: tests/test_decimal_rounding.cpp.
//
// Input: what format_decimal (decimal_format.hpp) prints: [-]digits[.digits][e[-]digits], "0",
// "inf", "-inf", "nan". Output in the same style (fixed notation for moderate magnitudes).
#pragma once

#include "incert/io/decimal_format.hpp"

#include <stdexcept>
#include <string>

namespace incert {

namespace detail {

// value = (negative ? -1 : 1) * 0.digits * 10^point; digits without leading or trailing zeros
// (empty for zero).
struct decimal_parts {
  bool negative = false;
  std::string digits;
  long point = 0;
};

inline decimal_parts parse_decimal_text(const std::string& text) {
  decimal_parts p;
  std::size_t i = 0;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) p.negative = text[i++] == '-';
  std::string mant;
  long dot = -1;
  for (; i < text.size() && text[i] != 'e' && text[i] != 'E'; ++i) {
    char c = text[i];
    if (c == '.' && dot < 0) dot = static_cast<long>(mant.size());
    else if (c >= '0' && c <= '9') mant += c;
    else throw std::invalid_argument("not a decimal number: \"" + text + "\"");
  }
  if (mant.empty()) throw std::invalid_argument("not a decimal number: \"" + text + "\"");
  long exp10 = 0;
  if (i < text.size()) {  // exponent
    ++i;
    bool eneg = false;
    if (i < text.size() && (text[i] == '-' || text[i] == '+')) eneg = text[i++] == '-';
    if (i == text.size() || text.size() - i > 17) throw std::invalid_argument("bad exponent in \"" + text + "\"");
    for (; i < text.size(); ++i) {
      if (text[i] < '0' || text[i] > '9') throw std::invalid_argument("bad exponent in \"" + text + "\"");
      exp10 = exp10 * 10 + (text[i] - '0');
    }
    if (eneg) exp10 = -exp10;
  }
  p.point = (dot < 0 ? static_cast<long>(mant.size()) : dot) + exp10;
  std::size_t lead = mant.find_first_not_of('0');
  if (lead == std::string::npos) return decimal_parts{};  // zero
  mant.erase(0, lead);
  p.point -= static_cast<long>(lead);
  while (mant.back() == '0') mant.pop_back();
  p.digits = mant;
  return p;
}

// The layout rule of format_decimal.
inline std::string layout_decimal(const decimal_parts& p) {
  if (p.digits.empty()) return "0";
  const std::string& s = p.digits;
  const long point = p.point;
  std::string out;
  if (point > 0 && point <= 21) {
    if (static_cast<long>(s.size()) <= point) out = s + std::string(static_cast<std::size_t>(point - static_cast<long>(s.size())), '0');
    else out = s.substr(0, static_cast<std::size_t>(point)) + "." + s.substr(static_cast<std::size_t>(point));
  } else if (point <= 0 && point > -6) {
    out = "0." + std::string(static_cast<std::size_t>(-point), '0') + s;
  } else {
    out = s.substr(0, 1);
    if (s.size() > 1) out += "." + s.substr(1);
    out += "e" + std::to_string(point - 1);
  }
  return (p.negative ? "-" : "") + out;
}

}  // namespace detail

// text rounded to `digits` (>= 1) significant digits in direction dir (nearest: ties away from
// zero). "inf", "-inf" and "nan" are returned unchanged. Throws std::invalid_argument on text that
// is not a decimal number.
inline std::string round_decimal_text(const std::string& text, int digits, rounding_direction dir) {
  if (digits < 1) throw std::invalid_argument("round_decimal_text: digits must be at least 1");
  if (text == "inf" || text == "-inf" || text == "nan") return text;
  detail::decimal_parts p = detail::parse_decimal_text(text);
  const std::size_t D = static_cast<std::size_t>(digits);
  if (p.digits.size() > D) {
    // The dropped digits are not all zero (no trailing zeros), so the truncation is inexact.
    const char first_dropped = p.digits[D];
    p.digits.resize(D);
    bool away = dir == rounding_direction::nearest ? first_dropped >= '5'
                                                   : (dir == rounding_direction::up) != p.negative;
    if (away) {
      std::size_t i = D;
      while (i > 0 && p.digits[i - 1] == '9') p.digits[--i] = '0';
      if (i == 0) {
        p.digits.insert(p.digits.begin(), '1');
        ++p.point;
      } else {
        ++p.digits[i - 1];
      }
    }
    while (!p.digits.empty() && p.digits.back() == '0') p.digits.pop_back();
  }
  return detail::layout_decimal(p);
}

}  // namespace incert
