// incert/io/decimal_format.hpp
//
// Decimal text of enclosure endpoints, rounded outward: the lower endpoint is rounded
// down and the upper endpoint up (mpfr_get_str with MPFR_RNDD / MPFR_RNDU is correctly
// rounded in the requested direction), so the printed interval contains the computed one.
#pragma once

#include "incert/scalar/traits.hpp"

#include <cstdlib>
#include <optional>
#include <string>
#include <utility>

namespace incert {

enum class rounding_direction { down, up, nearest };

// x to `digits` significant decimal digits, rounded in direction dir. Exponents of any size
// (1e-560001) are printed exactly; moderate magnitudes in fixed notation.
inline std::string format_decimal(const mpfr_float& x, int digits, rounding_direction dir) {
  mpfr_srcptr v = x.backend().data();
  if (mpfr_nan_p(v)) return "nan";
  if (mpfr_inf_p(v)) return mpfr_sgn(v) > 0 ? "inf" : "-inf";
  if (mpfr_zero_p(v)) return "0";
  mpfr_rnd_t rnd = dir == rounding_direction::down ? MPFR_RNDD
                   : dir == rounding_direction::up ? MPFR_RNDU
                                                   : MPFR_RNDN;
  mpfr_exp_t e10 = 0;
  char* raw = mpfr_get_str(nullptr, &e10, 10, static_cast<std::size_t>(digits), v, rnd);
  std::string s(raw);
  mpfr_free_str(raw);
  std::string sign;
  if (!s.empty() && s[0] == '-') {
    sign = "-";
    s.erase(0, 1);
  }
  // value = 0.s * 10^e10; drop trailing zeros of the digit string (the value is unchanged).
  while (s.size() > 1 && s.back() == '0') s.pop_back();
  long point = static_cast<long>(e10);  // digits before the decimal point
  std::string out;
  if (point > 0 && point <= 21) {
    if (static_cast<long>(s.size()) <= point) {
      out = s + std::string(static_cast<std::size_t>(point - static_cast<long>(s.size())), '0');
    } else {
      out = s.substr(0, static_cast<std::size_t>(point)) + "." + s.substr(static_cast<std::size_t>(point));
    }
  } else if (point <= 0 && point > -6) {
    out = "0." + std::string(static_cast<std::size_t>(-point), '0') + s;
  } else {
    out = s.substr(0, 1);
    if (s.size() > 1) out += "." + s.substr(1);
    out += "e" + std::to_string(point - 1);
  }
  return sign + out;
}

// Significant digits that show every bit of a `bits`-bit enclosure endpoint, plus one.
inline int digits_for_bits(unsigned bits) { return static_cast<int>(bits * 0.30103) + 2; }

template <class T>
std::string format_lower(const T& x, int digits) {
  return format_decimal(scalar_traits<T>::lower_exact(x), digits, rounding_direction::down);
}
template <class T>
std::string format_upper(const T& x, int digits) {
  return format_decimal(scalar_traits<T>::upper_exact(x), digits, rounding_direction::up);
}

// "[lo, hi]" of an interval (outward, `digits` significant digits: lo rounded down, hi up); a point
// type's value rounded to nearest and marked "~". Unlike operator<<, never rounds inward.
template <class T>
std::string format_interval(const T& x, int digits = 17) {
  if constexpr (scalar_traits<T>::is_rigorous) return "[" + format_lower(x, digits) + ", " + format_upper(x, digits) + "]";
  else return "~" + format_decimal(scalar_traits<T>::lower_exact(x), digits, rounding_direction::nearest);
}

// Decimal text of a sub-interval of [a, b] (a <= b): lo = a rounded UP, hi = b rounded DOWN,
// to `digits` significant digits (0: enough for every bit), more digits when fewer would make
// lo > hi. For statements "for every t in [a, b]": shrinking keeps them true, widening would not.
// Empty when even 80 digits cross (a and b closer than that).
inline std::optional<std::pair<std::string, std::string>> format_inward(const mpfr_float& a, const mpfr_float& b, int digits) {
  if (b < a) return std::nullopt;
  int d = digits > 0 ? digits : digits_for_bits(static_cast<unsigned>(std::max(mpfr_get_prec(a.backend().data()), mpfr_get_prec(b.backend().data()))));
  for (; d <= 80; d += 4) {
    std::string lo = format_decimal(a, d, rounding_direction::up), hi = format_decimal(b, d, rounding_direction::down);
    // Two decimals of at most d digits that differ, differ relatively by >= 10^-d: 4d + 64 bits
    // keep their order when read back.
    const mpfr_prec_t prec = static_cast<mpfr_prec_t>(4 * d + 64);
    mpfr_t x, y;
    mpfr_init2(x, prec);
    mpfr_init2(y, prec);
    mpfr_set_str(x, lo.c_str(), 10, MPFR_RNDN);
    mpfr_set_str(y, hi.c_str(), 10, MPFR_RNDN);
    const bool ordered = mpfr_lessequal_p(x, y) != 0;
    mpfr_clear(x);
    mpfr_clear(y);
    if (ordered) return std::make_pair(lo, hi);
  }
  return std::nullopt;
}

}  // namespace incert
