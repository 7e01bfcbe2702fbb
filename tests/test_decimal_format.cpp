// incert/io/decimal_format.hpp: outward-rounded decimal printing.
//
// Every printed string is read back exactly with parse_exact and compared with the exact
// endpoint (mpfr_cmp_q): format_lower(x) <= lower(x), format_upper(x) >= upper(x), and each
// is within one unit of the last printed digit (correct directed rounding); nearest rounding
// is within half a unit. Values: random doubles (subnormals and the extremes included),
// long doubles, multiprecision numbers and intervals, negative values, zero, 1e-560001 and
// 1e560001, at several digit counts. The text itself is a JSON-style number with at most
// `digits` significant digits. Infinite bounds print as "inf" / "-inf".

#include <catch2/catch.hpp>

#include "incert/scalar/scalar_list.hpp"
#include "incert/exact/exact_real.hpp"
#include "incert/io/decimal_format.hpp"

#include <gmpxx.h>
#include <mpfi.h>
#include <mpfr.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <regex>
#include <string>
#include <type_traits>
#include <vector>

namespace {

using incert::double_interval;
using incert::format_decimal;
using incert::mpfi_float;
using incert::mpfr_float;
using incert::parse_exact;
using incert::rounding_direction;
template <class T>
using Tr = incert::scalar_traits<T>;

mpq_class pow10q(long e) {
  mpz_class p;
  mpz_ui_pow_ui(p.get_mpz_t(), 10, static_cast<unsigned long>(e < 0 ? -e : e));
  return e >= 0 ? mpq_class(p) : mpq_class(mpz_class(1), p);
}
mpq_class abs_q(const mpq_class& q) { return q < 0 ? mpq_class(-q) : q; }

mpq_class to_q(const mpfr_float& x) {
  mpq_class q;
  mpfr_get_q(q.get_mpq_t(), x.backend().data());
  return q;
}

std::string show(const mpfr_float& x) {
  char* s = nullptr;
  mpfr_asprintf(&s, "%.30Rg (%Ra, %lu bits)", x.backend().data(), x.backend().data(),
                static_cast<unsigned long>(mpfr_get_prec(x.backend().data())));
  std::string out(s);
  mpfr_free_str(s);
  return out;
}

// floor(log10 |q|) for q != 0, found independently of MPFR's string conversion: an estimate
// from the binary exponent, corrected with exact comparisons.
long decimal_exponent(const mpq_class& q) {
  const mpq_class a = abs_q(q);
  const long bits = static_cast<long>(mpz_sizeinbase(a.get_num().get_mpz_t(), 2)) -
                    static_cast<long>(mpz_sizeinbase(a.get_den().get_mpz_t(), 2));
  long e = static_cast<long>(std::floor(static_cast<double>(bits) * 0.30102999566398120));
  mpq_class p = pow10q(e);
  while (p > a) {
    --e;
    p /= 10;
  }
  while (p * 10 <= a) {
    ++e;
    p *= 10;
  }
  return e;
}

// JSON number syntax (no leading zeros, no trailing '.'), which parse_exact also accepts.
bool json_number_syntax(const std::string& s) {
  static const std::regex re("-?(0|[1-9][0-9]*)(\\.[0-9]+)?(e-?[0-9]+)?");
  return std::regex_match(s, re);
}

// Significant digits of a printed number (leading and trailing zeros dropped).
int significant_digits(const std::string& s) {
  std::string m;
  for (char c : s) {
    if (c == 'e') break;
    if (c >= '0' && c <= '9') m.push_back(c);
  }
  const auto first = m.find_first_not_of('0');
  if (first == std::string::npos) return 0;
  const auto last = m.find_last_not_of('0');
  return static_cast<int>(last - first + 1);
}

// One printed bound against the exact endpoint v (finite). dir: down, up or nearest.
void check_printed(const mpfr_float& v, const std::string& s, int digits, rounding_direction dir) {
  const char* dname = dir == rounding_direction::down ? "down" : dir == rounding_direction::up ? "up" : "nearest";
  INFO("value " << show(v) << ", " << digits << " digits, rounding " << dname << " -> \"" << s << "\"");
  REQUIRE(mpfr_number_p(v.backend().data()));
  CHECK(json_number_syntax(s));
  CHECK(significant_digits(s) <= digits);
  mpq_class p;
  REQUIRE_NOTHROW(p = parse_exact(s));
  const int c = mpfr_cmp_q(v.backend().data(), p.get_mpq_t());  // sign of v - p
  if (dir == rounding_direction::down) CHECK(c >= 0);
  if (dir == rounding_direction::up) CHECK(c <= 0);
  if (mpfr_zero_p(v.backend().data())) {
    CHECK(s == "0");
    return;
  }
  // Tight: a correctly rounded `digits`-digit decimal, i.e. within one unit of the last
  // digit (half a unit for nearest) of the decimal binade of v.
  const mpq_class q = to_q(v);
  const long E = decimal_exponent(q);
  const mpq_class unit = pow10q(E - digits + 1);
  const mpq_class err = abs_q(q - p);
  CAPTURE(E);
  if (dir == rounding_direction::nearest)
    CHECK(2 * err <= unit);
  else
    CHECK(err < unit);
  // The printed value has the sign of v (or is a power of ten of the next binade).
  CHECK(sgn(p) == mpfr_sgn(v.backend().data()));
}

template <class T>
void check_format(const T& x, int digits) {
  using S = Tr<T>;
  const mpfr_float lo = S::lower_exact(x), hi = S::upper_exact(x);
  const std::string ls = incert::format_lower(x, digits), hs = incert::format_upper(x, digits);
  INFO(S::name() << " [" << show(lo) << ", " << show(hi) << "] at " << digits << " digits -> [" << ls << ", " << hs << "]");
  check_printed(lo, ls, digits, rounding_direction::down);
  check_printed(hi, hs, digits, rounding_direction::up);
  // The printed interval contains the computed one, so in particular is ordered.
  CHECK(parse_exact(ls) <= parse_exact(hs));
  // Equal to the direct call on the endpoint.
  CHECK(ls == format_decimal(lo, digits, rounding_direction::down));
  CHECK(hs == format_decimal(hi, digits, rounding_direction::up));
  check_printed(lo, format_decimal(lo, digits, rounding_direction::nearest), digits, rounding_direction::nearest);
}

const int kDigits[] = {1, 2, 3, 5, 10, 17, 20, 40};

// Random values of each type; the mpfr/mpfi ones at the current working precision.
double random_double(std::mt19937_64& rng) {
  for (;;) {
    const std::uint64_t bits = rng();
    double d;
    std::memcpy(&d, &bits, sizeof d);
    if (std::isfinite(d)) return d;
  }
}

mpfr_float random_mpfr(std::mt19937_64& rng, long max_exp2) {
  mpfr_float x;  // working precision
  mpz_class m = 0;
  for (int i = 0; i < 4; ++i) m = (m << 64) + mpz_class(static_cast<unsigned long>(rng()));
  if (rng() % 2) m = -m;
  mpfr_set_z(x.backend().data(), m.get_mpz_t(), MPFR_RNDN);
  const long e = static_cast<long>(rng() % static_cast<std::uint64_t>(2 * max_exp2 + 1)) - max_exp2 - 256;
  mpfr_mul_2si(x.backend().data(), x.backend().data(), e, MPFR_RNDN);
  return x;
}

template <class T>
T random_value(std::mt19937_64& rng) {
  if constexpr (std::is_same<T, double>::value) {
    return random_double(rng);
  } else if constexpr (std::is_same<T, long double>::value) {
    const long double m = static_cast<long double>(rng()) / 18446744073709551616.0L;
    const int e = static_cast<int>(rng() % 32000) - 16000;
    return (rng() % 2 ? -1 : 1) * std::ldexp(m, e);
  } else if constexpr (std::is_same<T, mpfr_float>::value) {
    return random_mpfr(rng, 4000);
  } else if constexpr (std::is_same<T, mpfi_float>::value) {
    mpfr_float a = random_mpfr(rng, 4000), b = a;
    if (rng() % 4 == 0) {
      b = random_mpfr(rng, 4000);
    } else {  // a narrow interval, as produced by the algorithms
      mpfr_float d = random_mpfr(rng, 0);
      mpfr_mul_2si(d.backend().data(), d.backend().data(), -static_cast<long>(rng() % 120), MPFR_RNDN);
      b = a + abs(a) * abs(d);
    }
    if (b < a) std::swap(a, b);
    return Tr<mpfi_float>::interval(a, b);
  } else {
    double a = random_double(rng), b = a;
    if (rng() % 4 == 0) b = random_double(rng);
    else b = std::nextafter(a, std::numeric_limits<double>::infinity());
    if (!std::isfinite(b)) b = a;
    if (b < a) std::swap(a, b);
    return double_interval(a, b);
  }
}

template <class T>
T from_text(const std::string& s) {
  return incert::enclose<T>(parse_exact(s));
}

}  // namespace

TEST_CASE("format_decimal: exact values print exactly", "[format]") {
  incert::precision_scope scope(128);
  struct Case {
    const char* in;
    int digits;
    const char* out;
  };
  for (const Case& c : {Case{"0.5", 5, "0.5"}, Case{"-0.5", 5, "-0.5"}, Case{"1", 3, "1"}, Case{"123", 3, "123"},
                        Case{"1024", 10, "1024"}, Case{"0.125", 3, "0.125"}, Case{"-2.5e+3/4", 5, "-625"},
                        Case{"0", 5, "0"}, Case{"-0", 5, "0"}}) {
    const mpfr_float x = Tr<mpfi_float>::mid(incert::enclose_mpfi(parse_exact(c.in)));
    for (auto dir : {rounding_direction::down, rounding_direction::up, rounding_direction::nearest}) {
      INFO(c.in << " at " << c.digits << " digits");
      CHECK(format_decimal(x, c.digits, dir) == c.out);
    }
  }
  // Directed rounding of a value just above / below a short decimal.
  const mpfr_float third = Tr<mpfi_float>::mid(incert::enclose_mpfi(mpq_class(1, 3)));
  CHECK(format_decimal(third, 3, rounding_direction::down) == "0.333");
  CHECK(format_decimal(third, 3, rounding_direction::up) == "0.334");
  CHECK(format_decimal(third, 3, rounding_direction::nearest) == "0.333");
  const mpfr_float mthird = -third;
  CHECK(format_decimal(mthird, 3, rounding_direction::down) == "-0.334");
  CHECK(format_decimal(mthird, 3, rounding_direction::up) == "-0.333");
  const double_interval tenth = incert::enclose<double_interval>(mpq_class(1, 10));
  CHECK(incert::format_lower(tenth, 17) == "0.099999999999999991");
  CHECK(incert::format_upper(tenth, 17) == "0.10000000000000001");
  CHECK(incert::format_lower(tenth, 3) == "0.0999");
  CHECK(incert::format_upper(tenth, 3) == "0.101");
}

TEMPLATE_LIST_TEST_CASE("format_lower / format_upper round outward on random values", "[format]", incert::all_scalar_types) {
  incert::precision_scope scope(128);
  std::mt19937_64 rng(12345);
  for (int i = 0; i < 150; ++i) {
    const TestType x = random_value<TestType>(rng);
    for (int d : kDigits) check_format(x, d);
    check_format(x, incert::digits_for_bits(Tr<TestType>::precision_bits()));
  }
  // Zero, negative and positive small numbers, exact and inexact inputs.
  for (const char* s : {"0", "1", "-1", "0.1", "-0.1", "1/3", "-2/3", "105/151", "9.9999999999999999999",
                        "-9.5", "999.5", "1e-7", "-1e21", "1e22", "123456789012345678901234", "4.9e-324",
                        "2.2250738585072014e-308", "1.7976931348623157e308"}) {
    const TestType x = from_text<TestType>(s);
    for (int d : kDigits) check_format(x, d);
  }
}

TEST_CASE("format: extreme exponents print exactly and outward", "[format][extreme]") {
  incert::precision_scope scope(128);
  for (const char* s : {"1e-560001", "-1e-560001", "1e560001", "-7/3e560001", "1/3e-560001"}) {
    const mpfi_float x = incert::enclose_mpfi(parse_exact(s));
    for (int d : {1, 5, 20, 41}) check_format(x, d);
    const mpfr_float m = Tr<mpfi_float>::mid(x);
    check_printed(m, format_decimal(m, 20, rounding_direction::nearest), 20, rounding_direction::nearest);
  }
  const mpfi_float tiny = incert::enclose_mpfi(parse_exact("1e-560001"));
  const std::string lo = incert::format_lower(tiny, 20), hi = incert::format_upper(tiny, 20);
  INFO(lo << " " << hi);
  CHECK(lo == "9.9999999999999999999e-560002");
  CHECK(hi == "1.0000000000000000001e-560001");
  // 2^1000000 and 2^-1000000 (exact binary numbers, about 301030 decimal digits).
  mpfr_float p = 1;
  mpfr_mul_2si(p.backend().data(), p.backend().data(), 1000000, MPFR_RNDN);
  check_printed(p, format_decimal(p, 30, rounding_direction::down), 30, rounding_direction::down);
  check_printed(p, format_decimal(p, 30, rounding_direction::up), 30, rounding_direction::up);
  mpfr_mul_2si(p.backend().data(), p.backend().data(), -2000000, MPFR_RNDN);
  check_printed(p, format_decimal(p, 30, rounding_direction::down), 30, rounding_direction::down);
  check_printed(p, format_decimal(p, 30, rounding_direction::up), 30, rounding_direction::up);
}

TEST_CASE("format: nearest rounding round-trips at digits_for_bits", "[format]") {
  std::mt19937_64 rng(777);
  // double: 17 digits identify a double.
  CHECK(incert::digits_for_bits(53) >= 17);
  for (int i = 0; i < 2000; ++i) {
    const double d = random_double(rng);
    const std::string s = format_decimal(Tr<double>::lower_exact(d), incert::digits_for_bits(53), rounding_direction::nearest);
    const mpq_class q = parse_exact(s);
    mpfr_t back;
    mpfr_init2(back, 53);
    mpfr_set_q(back, q.get_mpq_t(), MPFR_RNDN);
    INFO(d << " -> " << s);
    CHECK(mpfr_get_d(back, MPFR_RNDN) == d);
    mpfr_clear(back);
  }
  for (unsigned bits : {64u, 128u, 300u}) {
    incert::precision_scope scope(bits);
    const unsigned p = incert::current_precision_bits();
    for (int i = 0; i < 200; ++i) {
      const mpfr_float x = random_mpfr(rng, 100000);
      const std::string s = format_decimal(x, incert::digits_for_bits(p), rounding_direction::nearest);
      const mpq_class q = parse_exact(s);
      mpfr_t back;
      mpfr_init2(back, static_cast<mpfr_prec_t>(p));
      mpfr_set_q(back, q.get_mpq_t(), MPFR_RNDN);
      INFO(show(x) << " -> " << s);
      CHECK(mpfr_equal_p(back, x.backend().data()));
      mpfr_clear(back);
    }
  }
}

TEST_CASE("format: infinite bounds and NaN", "[format]") {
  const double inf = std::numeric_limits<double>::infinity();
  const double_interval up(0.0, inf), down(-inf, -1.0), all(-inf, inf);
  CHECK(incert::format_lower(up, 17) == "0");
  CHECK(incert::format_upper(up, 17) == "inf");
  CHECK(incert::format_lower(down, 17) == "-inf");
  CHECK(incert::format_upper(down, 17) == "-1");
  CHECK(incert::format_lower(all, 5) == "-inf");
  CHECK(incert::format_upper(all, 5) == "inf");
  CHECK(incert::format_upper(inf, 5) == "inf");
  CHECK(incert::format_lower(-inf, 5) == "-inf");
  incert::precision_scope scope(128);
  mpfr_float a = 1, b;
  mpfr_set_inf(b.backend().data(), 1);
  const mpfi_float x = Tr<mpfi_float>::interval(a, b);
  CHECK(incert::format_lower(x, 10) == "1");
  CHECK(incert::format_upper(x, 10) == "inf");
  mpfr_float n;
  mpfr_set_nan(n.backend().data());
  CHECK(format_decimal(n, 10, rounding_direction::up) == "nan");
}

// format_inward (a certified sub-interval printed inward): lo >= a and hi <= b exactly, lo <= hi,
// each within one unit of its last digit of a and b when the requested digits suffice; more
// digits when they would cross; nothing when a > b or a, b closer than 80 digits can separate.
TEST_CASE("format_inward rounds inward and adds digits instead of crossing", "[format]") {
  incert::precision_scope scope(200);
  auto check_inward = [](const mpfr_float& a, const mpfr_float& b, int digits) {
    auto r = incert::format_inward(a, b, digits);
    INFO("a = " << a << ", b = " << b << ", digits " << digits);
    REQUIRE(r);
    const mpq_class lo = parse_exact(r->first), hi = parse_exact(r->second);
    INFO("printed [" << r->first << ", " << r->second << "]");
    CHECK(mpfr_cmp_q(a.backend().data(), lo.get_mpq_t()) <= 0);
    CHECK(mpfr_cmp_q(b.backend().data(), hi.get_mpq_t()) >= 0);
    CHECK(lo <= hi);
    return r->first.size();
  };
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> u(-50, 50);
  for (int i = 0; i < 2000; ++i) {
    mpfr_float a = u(rng), w = std::ldexp(std::abs(u(rng)) + 1e-300, -static_cast<int>(rng() % 200));
    mpfr_float b = a + w;
    check_inward(a, b, 1 + static_cast<int>(rng() % 20));
  }
  // Requested digits suffice: the width is far above one unit of the 5th digit.
  CHECK(check_inward(mpfr_float(12.1428), mpfr_float(16.6258), 5) <= std::string("12.143").size());
  // They do not: [1.000001, 1.000002] at 3 digits would print [1.01, 1.0]; more digits are used.
  CHECK(check_inward(mpfr_float("1.000001"), mpfr_float("1.000002"), 3) > 3);
  // A point interval at an exactly representable value prints as that value.
  auto p = incert::format_inward(mpfr_float(0.5), mpfr_float(0.5), 4);
  REQUIRE(p);
  CHECK(p->first == "0.5");
  CHECK(p->second == "0.5");
  CHECK_FALSE(incert::format_inward(mpfr_float(2), mpfr_float(1), 5));
  // a < b closer than 80 digits can separate (and not a decimal): nothing.
  incert::precision_scope wide(600);
  mpfr_float third = mpfr_float(1) / 3;
  CHECK_FALSE(incert::format_inward(third, mpfr_float(third + ldexp(mpfr_float(1), -500)), 5));
}
