// lib/format.cpp: outward decimal text of results (api/format.hpp).
#include "incert/api/format.hpp"

#include "incert/io/decimal_format.hpp"

namespace incert {

int digits_or_all(int digits, unsigned bits) { return digits > 0 ? digits : digits_for_bits(bits); }

enclosure_text format_enclosure(const enclosure& e, int digits) {
  enclosure_text t;
  t.approx = e.approx;
  if (e.approx) {
    t.lo = t.hi = format_decimal(e.lo, digits, rounding_direction::nearest);
  } else {
    t.lo = format_decimal(e.lo, digits, rounding_direction::down);
    t.hi = format_decimal(e.hi, digits, rounding_direction::up);
  }
  return t;
}

std::string display(const enclosure& e, int digits) {
  const enclosure_text t = format_enclosure(e, digits);
  if (t.approx) return "~" + t.lo;
  if (t.lo == t.hi) return t.lo;
  return "[" + t.lo + ", " + t.hi + "]";
}

std::string format_up(const mpfr_float& x, int digits) { return format_decimal(x, digits, rounding_direction::up); }
std::string format_down(const mpfr_float& x, int digits) { return format_decimal(x, digits, rounding_direction::down); }

std::string format_exact_bracket(const mpq_class& lo, const std::optional<mpq_class>& hi, int digits) {
  precision_scope scope(256);
  mpfr_float l, h;
  mpfr_set_q(l.backend().data(), lo.get_mpq_t(), MPFR_RNDD);  // below lo, then printed rounded down
  if (!hi) return "[" + format_down(l, digits) + ", inf)";
  mpfr_set_q(h.backend().data(), hi->get_mpq_t(), MPFR_RNDU);
  return "[" + format_down(l, digits) + ", " + format_up(h, digits) + "]";
}

std::string format_nearest(const mpq_class& q, int digits) {
  precision_scope scope(128);
  mpfr_float v;
  mpfr_set_q(v.backend().data(), q.get_mpq_t(), MPFR_RNDN);
  return format_decimal(v, digits, rounding_direction::nearest);
}

std::optional<std::string> format_exact_decimal(const mpq_class& q) {
  constexpr int max_fraction_digits = 30;
  mpq_class x = q;
  for (int d = 0; d <= max_fraction_digits; ++d) {
    if (x.get_den() == 1) {
      std::string s = x.get_num().get_str();
      const bool negative = s[0] == '-';
      if (negative) s.erase(0, 1);
      const auto point = static_cast<std::size_t>(d);
      if (point > 0) {
        if (s.size() <= point) s.insert(0, point + 1 - s.size(), '0');
        s.insert(s.size() - point, ".");
      }
      return (negative ? "-" : "") + s;
    }
    x *= 10;
  }
  return std::nullopt;
}

std::string format_exact(const mpq_class& q) { return format_exact_decimal(q).value_or(q.get_str()); }

std::optional<std::pair<std::string, std::string>> format_inside(const mpfr_float& a, const mpfr_float& b, int digits) {
  return format_inward(a, b, digits);
}

}  // namespace incert
