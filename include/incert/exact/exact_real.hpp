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

// A well-formed number whose decimal exponent is beyond the bound the caller gave.
struct exponent_range_error : number_format_error {
  using number_format_error::number_format_error;
};

// Largest |decimal exponent| accepted: 10^10000000 is a 33-million-bit integer, already far
// beyond any useful input; an alpha smaller than that is given by its logarithm instead.
// Callers that do exact arithmetic on many numbers may pass a smaller bound to parse_exact
// (reading one such number takes about a second; multiplying two, longer).
inline constexpr long max_decimal_exponent = 10000000;

// Bound for the entries of matrices and vectors of an instance (Y, its eigenvectors, W0, U0, the
// spectral init, the Gaussian scale): they go through exact products, eliminations and
// polynomial gcds whose cost grows with the square of their size, so a few bytes such as
// "1e9999999" in a matrix would cost minutes. 10^4 is 33 thousand bits; only alpha and
// epsilon, which are used a handful of times, accept the full 10^7.
inline constexpr long max_entry_exponent = 10000;

namespace detail {

// `text` quoted for a one-line error message: at most 40 bytes of it, then "..."; quotes,
// backslashes, control characters and non-ASCII bytes escaped (so a "\n" in a JSON string or
// binary garbage in an argument cannot break the line).
inline std::string quote_number_text(std::string_view text) {
  constexpr std::size_t max_bytes = 40;
  static const char hex[] = "0123456789ABCDEF";
  std::string out = "\"";
  for (std::size_t i = 0; i < text.size() && i < max_bytes; ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(static_cast<char>(c));
    } else if (c < 0x20 || c >= 0x7F) {
      out += "\\x";
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 0xF]);
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  out += text.size() > max_bytes ? "...\"" : "\"";
  return out;
}

// "10^7", "10^4" for the bounds above, the plain number otherwise.
inline std::string exponent_bound_text(long max_exponent) {
  if (max_exponent == max_decimal_exponent) return "10^7";
  if (max_exponent == max_entry_exponent) return "10^4";
  return std::to_string(max_exponent);
}

// Decimal: [+-][digits][.][digits][(e|E)[+-]digits] with at least one mantissa digit (".5" and
// "5." are accepted: they are unambiguous). |exponent| (after the fraction digits are counted)
// at most max_exponent, with a slack of max_exponent / 100 for many fraction digits.
inline mpq_class parse_exact_decimal(std::string_view s, long max_exponent) {
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
  if (!any_digit) throw number_format_error("not a number: " + quote_number_text(s));
  long exponent = 0;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    bool exp_negative = false;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) exp_negative = (s[i++] == '-');
    if (i >= s.size() || !std::isdigit(static_cast<unsigned char>(s[i])))
      throw number_format_error("not a number: " + quote_number_text(s) + " (exponent has no digits)");
    for (; i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])); ++i) {
      if (exponent > max_exponent * 10)  // stops early: no overflow, no 10^(10^8) computed
        throw exponent_range_error("exponent of " + quote_number_text(s) +
                                  " is beyond the representable range (|exponent| > " +
                                  exponent_bound_text(max_exponent) + ")");
      exponent = exponent * 10 + (s[i] - '0');
    }
    if (exp_negative) exponent = -exponent;
  }
  if (i != s.size()) throw number_format_error("not a number: " + quote_number_text(s));
  exponent -= fraction_digits;
  if (exponent > max_exponent || exponent < -max_exponent - max_exponent / 100)
    throw exponent_range_error("exponent of " + quote_number_text(s) +
                              " is beyond the representable range (|exponent| > " +
                              exponent_bound_text(max_exponent) + ")");
  // The size of the number, not only its written exponent: a 20001-digit integer is as large
  // as 1e20000. The leading digit's decimal exponent is bounded like the exponent, so no input
  // builds a number of more than about 2 max_exponent digits (checked before any GMP work).
  const std::size_t lead = digits.find_first_not_of('0');
  if (lead != std::string::npos) {
    const long magnitude = exponent + static_cast<long>(digits.size() - lead) - 1;
    if (magnitude > max_exponent)
      throw exponent_range_error("magnitude of " + quote_number_text(s) + " (" + std::to_string(digits.size() - lead) +
                                 " digits) is beyond the representable range (|exponent| > " + exponent_bound_text(max_exponent) + ")");
  }
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
// (including for a zero denominator, NaN, Inf, a decimal exponent beyond max_exponent (then
// the subclass exponent_range_error) and anything that is not a number); its message is one line and quotes at most 40 bytes of
// the text. max_exponent in [0, max_decimal_exponent], else std::invalid_argument.
inline mpq_class parse_exact(std::string_view text, long max_exponent = max_decimal_exponent) {
  if (max_exponent < 0 || max_exponent > max_decimal_exponent)
    throw std::invalid_argument("parse_exact: max_exponent must be in [0, 10^7]");
  if (text.empty()) throw number_format_error("empty string is not a number");
  std::size_t slash = text.find('/');
  if (slash == std::string_view::npos) return detail::parse_exact_decimal(text, max_exponent);
  if (text.find('/', slash + 1) != std::string_view::npos)
    throw number_format_error("not a number: " + detail::quote_number_text(text) + " (more than one '/')");
  mpq_class p = detail::parse_exact_decimal(text.substr(0, slash), max_exponent);
  mpq_class q = detail::parse_exact_decimal(text.substr(slash + 1), max_exponent);
  if (q == 0) throw number_format_error("division by zero in rational " + detail::quote_number_text(text));
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
