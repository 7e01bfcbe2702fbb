// incert/exact/exact_real.hpp
//
// Exact input numbers. Every number in an instance file is a decimal ("0.1", "-2.5e-7",
// "1e-100000") or a rational of two decimals ("105/151"). It is parsed into an exact
// rational (GMP mpq_class) and only then enclosed in a scalar type, so "0.1" is never
// rounded through a double: enclose<T>(q) returns the MPFI enclosure of q at the working
// precision (mpfi_set_q rounds outward) converted outward to T.
#pragma once

#include "incert/scalar/traits.hpp"

#include <gmpxx.h>

#include <cctype>
#include <stdexcept>
#include <string>
#include <string_view>

namespace incert {

// A malformed number; what() is the problem alone (the caller adds the field name).
struct number_format_error : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

// Largest |decimal exponent| accepted: 10^10000000 is a 33-million-bit integer, already far
// beyond any useful input; an alpha smaller than that is given by its logarithm instead.
inline constexpr long max_decimal_exponent = 10000000;

namespace detail {

// Decimal: [+-][digits][.][digits][(e|E)[+-]digits] with at least one mantissa digit (".5" and
// "5." are accepted: they are unambiguous).
inline mpq_class parse_exact_decimal(std::string_view s) {
  std::size_t i = 0;
  bool negative = false;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) negative = (s[i++] == '-');
  std::string digits;
  long fraction_digits = 0;
  bool seen_point = false, any_digit = false;
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (std::isdigit(static_cast<unsigned char>(c))) {
      digits.push_back(c);
      any_digit = true;
      if (seen_point) ++fraction_digits;
    } else if (c == '.' && !seen_point) {
      seen_point = true;
    } else {
      break;
    }
  }
  if (!any_digit) throw number_format_error("not a number: \"" + std::string(s) + "\"");
  long exponent = 0;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    bool exp_negative = false;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) exp_negative = (s[i++] == '-');
    if (i >= s.size() || !std::isdigit(static_cast<unsigned char>(s[i])))
      throw number_format_error("not a number: \"" + std::string(s) + "\" (exponent has no digits)");
    for (; i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])); ++i) {
      if (exponent > max_decimal_exponent * 10)
        throw number_format_error("exponent of \"" + std::string(s).substr(0, 40) +
                                  "\" is beyond the representable range (|exponent| > 10^7)");
      exponent = exponent * 10 + (s[i] - '0');
    }
    if (exp_negative) exponent = -exponent;
  }
  if (i != s.size()) throw number_format_error("not a number: \"" + std::string(s) + "\"");
  exponent -= fraction_digits;
  if (exponent > max_decimal_exponent || exponent < -max_decimal_exponent - 100000)
    throw number_format_error("exponent of \"" + std::string(s).substr(0, 40) +
                              "\" is beyond the representable range (|exponent| > 10^7)");
  mpz_class mantissa(digits, 10);
  if (negative) mantissa = -mantissa;
  mpz_class power;
  mpz_ui_pow_ui(power.get_mpz_t(), 10, static_cast<unsigned long>(exponent < 0 ? -exponent : exponent));
  mpq_class q = exponent >= 0 ? mpq_class(mantissa * power) : mpq_class(mantissa, power);
  q.canonicalize();
  return q;
}

}  // namespace detail

// Parses a decimal or "p/q" (p, q decimals) exactly. Throws number_format_error
// (including for a zero denominator, NaN, Inf and anything that is not a number).
inline mpq_class parse_exact(std::string_view text) {
  if (text.empty()) throw number_format_error("empty string is not a number");
  std::size_t slash = text.find('/');
  if (slash == std::string_view::npos) return detail::parse_exact_decimal(text);
  if (text.find('/', slash + 1) != std::string_view::npos)
    throw number_format_error("not a number: \"" + std::string(text) + "\" (more than one '/')");
  mpq_class p = detail::parse_exact_decimal(text.substr(0, slash));
  mpq_class q = detail::parse_exact_decimal(text.substr(slash + 1));
  if (q == 0) throw number_format_error("division by zero in rational \"" + std::string(text) + "\"");
  mpq_class r = p / q;
  r.canonicalize();
  return r;
}

// MPFI enclosure of q at the current working precision (outward rounded, width <= 1 ulp).
inline mpfi_float enclose_mpfi(const mpq_class& q) {
  mpfi_float r;
  mpfi_set_q(r.backend().data(), q.get_mpq_t());
  return r;
}

// Enclosure of q in T (an approximation of q for point types).
template <class T>
T enclose(const mpq_class& q) {
  return scalar_traits<T>::from_mpfi(enclose_mpfi(q));
}

}  // namespace incert
