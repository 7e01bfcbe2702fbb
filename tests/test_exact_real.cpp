// incert/exact/exact_real.hpp: exact parsing of decimal / rational text and enclosure of
// the exact rational in every scalar type.
//
// * parse_exact is compared with rationals built independently here (GMP's own mpz/mpq
//   string parsing and explicit powers of ten), including "1e-100000" as an exact mpq;
// * malformed input throws number_format_error with a non-empty message;
// * enclose<T>(q) is checked against q with exact comparisons (mpfr_cmp_q on the exact
//   MPFR copies of the bounds): containment for the interval types, accuracy for the point
//   types, and tightness (width <= 1 ulp for MPFI, <= 2 ulp of double for double_interval,
//   the subnormal range handled explicitly: 1e-100000 -> [0, 2^-1074]).

#include <catch2/catch.hpp>

#include "incert/scalar/scalar_list.hpp"
#include "incert/exact/exact_real.hpp"

#include <gmpxx.h>
#include <mpfr.h>

#include <cfloat>
#include <cmath>
#include <limits>
#include <random>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace {

using incert::double_interval;
using incert::mpfi_float;
using incert::mpfr_float;
using incert::number_format_error;
using incert::parse_exact;
template <class T>
using Tr = incert::scalar_traits<T>;

static_assert(std::is_base_of<std::invalid_argument, number_format_error>::value,
              "number_format_error is an invalid_argument");

mpq_class pow_q(unsigned long base, long e) {
  mpz_class p;
  mpz_ui_pow_ui(p.get_mpz_t(), base, static_cast<unsigned long>(e < 0 ? -e : e));
  return e >= 0 ? mpq_class(p) : mpq_class(mpz_class(1), p);
}
mpq_class pow10q(long e) { return pow_q(10, e); }
mpq_class pow2q(long e) { return pow_q(2, e); }

mpq_class abs_q(const mpq_class& q) { return q < 0 ? mpq_class(-q) : q; }

// Exact value of a finite mpfr number.
mpq_class to_q(const mpfr_float& x) {
  mpq_class q;
  mpfr_get_q(q.get_mpq_t(), x.backend().data());
  return q;
}

// 20 significant digits of q: recognisable in a failure message without printing a
// 100000-digit denominator.
std::string short_q(const mpq_class& q) {
  mpfr_t t;
  mpfr_init2(t, 80);
  mpfr_set_q(t, q.get_mpq_t(), MPFR_RNDN);
  char* s = nullptr;
  mpfr_asprintf(&s, "%.20Rg", t);
  std::string out(s);
  mpfr_free_str(s);
  mpfr_clear(t);
  return out;
}

std::string show(const mpfr_float& x) {
  char* s = nullptr;
  mpfr_asprintf(&s, "%.25Rg (%Ra)", x.backend().data(), x.backend().data());
  std::string out(s);
  mpfr_free_str(s);
  return out;
}

// True when q is in lowest terms with a positive denominator.
bool canonical(const mpq_class& q) {
  mpz_class g;
  mpz_gcd(g.get_mpz_t(), q.get_num().get_mpz_t(), q.get_den().get_mpz_t());
  return q.get_den() > 0 && g == 1;
}

// Smallest positive number of T (0: no underflow, MPFR's exponent range is widened by
// precision_scope).
template <class T>
mpq_class tiny_q() {
  if constexpr (std::is_same<T, double>::value || std::is_same<T, double_interval>::value)
    return pow2q(-1074);
  else if constexpr (std::is_same<T, long double>::value)
    return pow2q(std::numeric_limits<long double>::min_exponent - std::numeric_limits<long double>::digits);
  else
    return mpq_class(0);
}

// enclose<T>(q) against the exact q at the current working precision; q must be inside the
// finite range of T.
template <class T>
void check_enclose(const mpq_class& q, const std::string& text) {
  using S = Tr<T>;
  const T x = incert::enclose<T>(q);
  const mpfr_float lo = S::lower_exact(x), hi = S::upper_exact(x);
  const unsigned work = incert::current_precision_bits();
  const mpq_class u = pow2q(-static_cast<long>(S::precision_bits()));
  INFO("type " << S::name() << ", working precision " << work << " bits, input \"" << text
               << "\" = " << short_q(q) << "\n  lower = " << show(lo) << "\n  upper = " << show(hi));
  REQUIRE(mpfr_number_p(lo.backend().data()));
  REQUIRE(mpfr_number_p(hi.backend().data()));
  const mpq_class ql = to_q(lo), qh = to_q(hi);
  if constexpr (S::is_interval) {
    CHECK(mpfr_cmp_q(lo.backend().data(), q.get_mpq_t()) <= 0);
    CHECK(mpfr_cmp_q(hi.backend().data(), q.get_mpq_t()) >= 0);
    const mpq_class width = qh - ql;
    // ulp(q) <= 2 u |q| in the normal range; MPFI: one ulp; double_interval: the MPFI
    // enclosure (>= 53 bits) rounded outward to double, at most two ulps of double, or two
    // subnormal steps.
    const mpq_class bound = std::is_same<T, mpfi_float>::value ? mpq_class(2 * u * abs_q(q))
                                                                : mpq_class(4 * u * abs_q(q) + 2 * tiny_q<T>());
    CAPTURE(short_q(width), short_q(bound));
    CHECK(width <= bound);
    if (q == 0) CHECK(width == 0);
  } else {
    CHECK(ql == qh);
    // The MPFI midpoint (error <= u_work |q|) rounded to nearest in T (<= u_T |q| + tiny/2).
    const mpq_class u_work = pow2q(-static_cast<long>(work));
    const mpq_class u_eff = u < u_work ? u_work : u;
    const mpq_class err = abs_q(ql - q), bound = 3 * u_eff * abs_q(q) + tiny_q<T>();
    CAPTURE(short_q(err), short_q(bound));
    CHECK(err <= bound);
    if (q == 0) CHECK(err == 0);
  }
}

template <class T>
void check_enclose_text(const std::string& text) {
  check_enclose<T>(parse_exact(text), text);
}

// Inputs inside the double range (so that every type can represent them).
const std::vector<std::string>& in_range_inputs() {
  static const std::vector<std::string> v = {
      "0", "-0", "1", "-1", "0.1", "-0.1", "1/3", "-1/3", "105/151", "-2.5e+3/4", "2.5e-3",
      "0.75", "1024", "3.14159265358979323846264338327950288419716939937510",
      "6.02214076e23", "1.602176634e-19", "123456789012345678901234567890/7", "1e300",
      "-1e-300", "2.2250738585072014e-308", "1e-310", "-3e-320", "4.9406564584124654e-324",
      "1.7976931348623157e308", "-1.7976931348623157e308", "7/1e20", "1e-5/3e-7",
      "0.000000000000000000000000001", "99999999999999999999999999999999999.5"};
  return v;
}

// Random "p e k / d" texts and the same number built independently with GMP.
struct random_rational {
  std::string text;
  mpq_class value;
};

std::vector<random_rational> random_rationals(unsigned count, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<random_rational> out;
  for (unsigned i = 0; i < count; ++i) {
    std::string num_digits, den_digits;
    const int nd = 1 + static_cast<int>(rng() % 30), dd = 1 + static_cast<int>(rng() % 20);
    for (int k = 0; k < nd; ++k) num_digits.push_back(static_cast<char>('0' + rng() % 10));
    for (int k = 0; k < dd; ++k) den_digits.push_back(static_cast<char>('0' + rng() % 10));
    if (mpz_class(den_digits, 10) == 0) den_digits = "7";
    const long e = static_cast<long>(rng() % 501) - 250;
    const bool neg = rng() % 2;
    // Fraction digits: put a decimal point inside the numerator digit string.
    const int frac = static_cast<int>(rng() % static_cast<unsigned>(nd));
    std::string num_text = num_digits;
    if (frac > 0) num_text.insert(num_text.size() - static_cast<std::size_t>(frac), ".");
    std::string text = (neg ? "-" : (rng() % 3 == 0 ? "+" : "")) + num_text;
    const int form = static_cast<int>(rng() % 3);
    if (form >= 1) text += (rng() % 2 ? "e" : "E") + std::to_string(e);
    if (form == 2) text += "/" + den_digits;
    mpq_class v(mpz_class(num_digits, 10));
    v *= pow10q(-frac);
    if (form >= 1) v *= pow10q(e);
    if (form == 2) v /= mpq_class(mpz_class(den_digits, 10));
    if (neg) v = -v;
    v.canonicalize();
    out.push_back({text, v});
  }
  return out;
}

}  // namespace

// ------------------------------------------------------------------ parse_exact

TEST_CASE("parse_exact reads decimals exactly", "[exact][parse]") {
  CHECK(parse_exact("0.1") == mpq_class(1, 10));
  CHECK(parse_exact("0.1").get_den() == 10);
  CHECK(parse_exact("-0.1") == mpq_class(-1, 10));
  CHECK(parse_exact("0") == 0);
  CHECK(parse_exact("-0") == 0);
  CHECK(parse_exact("+0.0e+0") == 0);
  CHECK(parse_exact("1") == 1);
  CHECK(parse_exact("+3") == 3);
  CHECK(parse_exact("2.5e-3") == mpq_class(1, 400));
  CHECK(parse_exact("2.5E3") == 2500);
  CHECK(parse_exact("000123.4500") == mpq_class(2469, 20));
  CHECK(parse_exact("1e0") == 1);
  CHECK(parse_exact("12e-1") == mpq_class(6, 5));
  CHECK(parse_exact("3.14159265358979323846264338327950288419716939937510") ==
        mpq_class(mpz_class("314159265358979323846264338327950288419716939937510"), mpz_class(1)) *
            pow10q(-50));
  // Far outside the double range, still exact.
  const mpq_class tiny = parse_exact("1e-100000");
  CHECK(tiny == pow10q(-100000));
  CHECK(tiny.get_num() == 1);
  CHECK(mpz_sizeinbase(tiny.get_den().get_mpz_t(), 10) == 100001);
  CHECK(parse_exact("1e100000") == pow10q(100000));
  CHECK(parse_exact("-4.5e-100000") == -mpq_class(9, 2) * pow10q(-100000));
  CHECK(parse_exact("1e-1000000") == pow10q(-1000000));
}

TEST_CASE("parse_exact reads rationals exactly", "[exact][parse]") {
  const mpq_class a = parse_exact("105/151");
  CHECK(a == mpq_class(105, 151));
  CHECK(a.get_num() == 105);
  CHECK(a.get_den() == 151);
  CHECK(parse_exact("-2.5e+3/4") == -625);
  CHECK(parse_exact("2/4") == mpq_class(1, 2));
  CHECK(parse_exact("2/4").get_den() == 2);
  CHECK(parse_exact("1/-2") == mpq_class(-1, 2));
  CHECK(parse_exact("-1/-2") == mpq_class(1, 2));
  CHECK(parse_exact("0/5") == 0);
  CHECK(parse_exact("6e-1/3e-1") == 2);
  CHECK(parse_exact("1e-5/3e-7") == mpq_class(100, 3));
  CHECK(parse_exact("0.1/0.3") == mpq_class(1, 3));
  CHECK(parse_exact("1/1e-100000") == pow10q(100000));
  for (const char* s : {"105/151", "-2.5e+3/4", "2/4", "1/-2", "6e-1/3e-1", "0/5", "1e-100000"}) {
    INFO(s);
    CHECK(canonical(parse_exact(s)));
  }
}

TEST_CASE("parse_exact agrees with an independent construction on random inputs", "[exact][parse]") {
  for (const auto& r : random_rationals(2000, 20250101)) {
    INFO("input \"" << r.text << "\"");
    mpq_class q;
    REQUIRE_NOTHROW(q = parse_exact(r.text));
    CHECK(q == r.value);
    CHECK(canonical(q));
  }
  // Integer / integer texts also through GMP's own rational parser.
  std::mt19937_64 rng(7);
  for (int i = 0; i < 500; ++i) {
    mpz_class p = mpz_class(static_cast<unsigned long>(rng())) * mpz_class(static_cast<unsigned long>(rng()));
    mpz_class d = mpz_class(static_cast<unsigned long>(rng() | 1u));
    if (rng() % 2) p = -p;
    const std::string text = p.get_str() + "/" + d.get_str();
    mpq_class ref;
    REQUIRE(ref.set_str(text, 10) == 0);
    ref.canonicalize();
    INFO("input \"" << text << "\"");
    CHECK(parse_exact(text) == ref);
  }
}

TEST_CASE("parse_exact rejects malformed numbers with a message", "[exact][parse][errors]") {
  const std::vector<std::string> bad = {
      "", "abc", "1e", "1e+", "1e-", "e5", "1/0", "0/0", "1/0.0", "1/0e5", "1/-0", "nan", "NaN",
      "inf", "-inf", "Infinity", "1.2.3", "1//2", "1/2/3", "1/", "/1", "/", ".", "-", "+", "+-1",
      "--1", "1e+-3", "1e3.5", "1ee3", " 1", "1 ", "1\n", "0x10", "1,5", "1_000", "12a",
      "1e99999999", "1e-99999999", "1e10000001", "1e-20000000",
      "1e100000000000000000000000000000", "1e-100000000000000000000000000000", "5/1e99999999",
      "1/abc", "abc/2"};
  for (const std::string& s : bad) {
    INFO("input \"" << s << "\"");
    bool threw = false;
    try {
      (void)parse_exact(s);
    } catch (const number_format_error& e) {
      threw = true;
      const std::string what = e.what();
      INFO("message: " << what);
      CHECK(!what.empty());
      // The message names the text (what() is the problem alone, the caller adds the field).
      if (!s.empty() && s.find('/') == std::string::npos && s.size() <= 40 && s.find('\n') == std::string::npos)
        CHECK(what.find(s) != std::string::npos);
      if (s.find("e99999999") != std::string::npos || s.find("e1000000000") != std::string::npos ||
          s.find("e-1000000000") != std::string::npos || s == "1e10000001" || s == "1e-20000000")
        CHECK(what.find("exponent") != std::string::npos);
    } catch (const std::exception& e) {
      FAIL("threw something other than number_format_error: " << e.what());
    }
    CHECK(threw);
  }
}

TEST_CASE("parse_exact exponent range is cheap to reject", "[exact][parse][errors]") {
  // A 10^8-digit exponent must be refused from its digits, not by computing 10^(10^8).
  const std::string huge = "1e" + std::string(200000, '9');
  CHECK_THROWS_AS(parse_exact(huge), number_format_error);
  const std::string huge_neg = "1e-" + std::string(200000, '9');
  CHECK_THROWS_AS(parse_exact(huge_neg), number_format_error);
}

TEST_CASE("parse_exact error messages are one short line", "[exact][parse][errors]") {
  using namespace std::string_literals;
  // Control characters (a "\n" escape in a JSON string), quotes, backslashes and binary bytes
  // are escaped, and only 40 bytes of the text are quoted: the CLI prints one line on stderr.
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"0.1\nX", R"("0.1\x0AX")"},
      {"1\r\n2", R"("1\x0D\x0A2")"},
      {"\"1\"", R"("\"1\"")"},
      {"1\\2", R"("1\\2")"},
      {"\xFF\xC3\xA9"s, R"("\xFF\xC3\xA9")"},
      {"1\0"s + "2", R"("1\x002")"},
      {"1/0\n", R"("0\x0A")"},  // the denominator is read (and refused) first
      {"1/0", R"("1/0")"},
      {"1e5x", R"("1e5x")"}};
  for (const auto& [text, quoted] : cases) {
    INFO("input \"" << text << "\", expected quote " << quoted);
    try {
      (void)parse_exact(text);
      FAIL("accepted");
    } catch (const number_format_error& e) {
      const std::string what = e.what();
      INFO("message: " << what);
      CHECK(what.find(quoted) != std::string::npos);
      for (char c : what) CHECK(static_cast<unsigned char>(c) >= 0x20);
    }
  }
  const std::string long_garbage = std::string(100000, '7') + "x";
  try {
    (void)parse_exact(long_garbage);
    FAIL("accepted");
  } catch (const number_format_error& e) {
    const std::string what = e.what();
    CHECK(what.size() < 100);
    CHECK(what.find(std::string(40, '7') + "...\"") != std::string::npos);
  }
}

TEST_CASE("parse_exact with a smaller exponent bound", "[exact][parse][errors]") {
  CHECK(parse_exact("1e100", 100) == pow10q(100));
  CHECK(parse_exact("-2.5e-100", 100) == mpq_class(-mpq_class(5, 2) * pow10q(-100)));  // exponent -101: slack 1
  CHECK(parse_exact("1e-101", 100) == pow10q(-101));
  CHECK(parse_exact("3/1e100", 100) == mpq_class(3 * pow10q(-100)));
  CHECK(parse_exact("7", 0) == 7);
  const std::vector<std::string> too_large = {"1e101", "1e-102", "0.01e-100", "1/1e101", "1e101/3", "1e9999999",
                                              "1e" + std::string(5000, '9')};
  for (const std::string& s : too_large) {
    INFO("input \"" << s << "\"");
    try {
      (void)parse_exact(s, 100);
      FAIL("accepted");
    } catch (const incert::exponent_range_error& e) {  // the subclass: callers tell it from malformed text
      CHECK(std::string(e.what()).find("beyond the representable range (|exponent| > 100)") != std::string::npos);
    }
  }
  CHECK_THROWS_WITH(parse_exact("1e10001", incert::max_entry_exponent), Catch::Contains("(|exponent| > 10^4)"));
  CHECK(parse_exact("1e10000", incert::max_entry_exponent) == pow10q(10000));
  try {
    (void)parse_exact("1e", 100);
  } catch (const incert::exponent_range_error&) {
    FAIL("a malformed number is not an exponent_range_error");
  } catch (const number_format_error&) {
  }
  CHECK_THROWS_AS(parse_exact("1e1", 0), number_format_error);
  // The default bound is unchanged and named in the message.
  CHECK(parse_exact("1e-100000") == parse_exact("1e-100000", incert::max_decimal_exponent));
  CHECK_THROWS_WITH(parse_exact("1e10000001"), Catch::Contains("(|exponent| > 10^7)"));
  // A bound outside [0, 10^7] is a wrong call.
  CHECK_THROWS_AS(parse_exact("1", -1), std::invalid_argument);
  CHECK_THROWS_AS(parse_exact("1", incert::max_decimal_exponent + 1), std::invalid_argument);
  try {
    (void)parse_exact("1", -1);
  } catch (const number_format_error&) {
    FAIL("a wrong bound is not a malformed number");
  } catch (const std::invalid_argument&) {
  }
}

// ------------------------------------------------------------------ enclose<T>

TEMPLATE_LIST_TEST_CASE("enclose<T> contains (intervals) or approximates (points) the exact rational",
                   "[exact][enclose]", incert::all_scalar_types) {
  for (unsigned bits : {64u, 128u, 300u}) {
    incert::precision_scope scope(bits);
    for (const std::string& s : in_range_inputs()) check_enclose_text<TestType>(s);
    for (const auto& r : random_rationals(300, 99 + bits)) check_enclose<TestType>(r.value, r.text);
  }
}

TEMPLATE_LIST_TEST_CASE("enclose<T> of dyadic rationals is exact", "[exact][enclose]", incert::all_scalar_types) {
  using S = Tr<TestType>;
  incert::precision_scope scope(128);
  for (const char* s : {"0", "1", "-0.75", "1024", "-2.5e+3/4", "3/8", "1/1024", "-6.103515625e-5"}) {
    const mpq_class q = parse_exact(s);
    const TestType x = incert::enclose<TestType>(q);
    INFO(S::name() << " \"" << s << "\" -> [" << show(S::lower_exact(x)) << ", " << show(S::upper_exact(x)) << "]");
    CHECK(mpfr_cmp_q(S::lower_exact(x).backend().data(), q.get_mpq_t()) == 0);
    CHECK(mpfr_cmp_q(S::upper_exact(x).backend().data(), q.get_mpq_t()) == 0);
  }
}

TEST_CASE("enclose of 1e-100000 in every type", "[exact][enclose][extreme]") {
  incert::precision_scope scope(128);
  const mpq_class q = parse_exact("1e-100000");
  const double dmin = std::numeric_limits<double>::denorm_min();
  {
    const double_interval x = incert::enclose<double_interval>(q);
    INFO("[" << x.lower() << ", " << x.upper() << "]");
    CHECK(x.lower() == 0.0);
    CHECK(x.upper() == dmin);  // the smallest subnormal, 2^-1074
    CHECK(x.upper() == std::ldexp(1.0, -1074));
    CHECK(mpfr_cmp_q(Tr<double_interval>::lower_exact(x).backend().data(), q.get_mpq_t()) <= 0);
    CHECK(mpfr_cmp_q(Tr<double_interval>::upper_exact(x).backend().data(), q.get_mpq_t()) >= 0);
  }
  {
    const mpq_class nq = -q;
    const double_interval x = incert::enclose<double_interval>(nq);
    INFO("[" << x.lower() << ", " << x.upper() << "]");
    CHECK(x.lower() == -dmin);
    CHECK(x.upper() == 0.0);
  }
  CHECK(incert::enclose<double>(q) == 0.0);
  CHECK(incert::enclose<long double>(q) == 0.0L);
  // MPFR / MPFI: the exponent range is widened, the number is an ordinary one.
  check_enclose<mpfi_float>(q, "1e-100000");
  check_enclose<mpfr_float>(q, "1e-100000");
  check_enclose<mpfi_float>(-q, "-1e-100000");
  check_enclose<mpfi_float>(parse_exact("1e100000"), "1e100000");
  check_enclose<mpfr_float>(parse_exact("-7/3e100000"), "-7/3e100000");
  check_enclose<mpfi_float>(parse_exact("1e-1000000"), "1e-1000000");
  check_enclose<mpfi_float>(parse_exact("1/3e-1000000"), "1/3e-1000000");
  // Beyond double but inside long double.
  check_enclose<long double>(parse_exact("1e-400"), "1e-400");
  check_enclose<long double>(parse_exact("-3e4000"), "-3e4000");
}

TEST_CASE("enclose beyond the double range", "[exact][enclose][extreme]") {
  incert::precision_scope scope(128);
  const double dmax = std::numeric_limits<double>::max();
  const double_interval big = incert::enclose<double_interval>(parse_exact("1e400"));
  CHECK(big.lower() == dmax);
  CHECK(big.upper() == std::numeric_limits<double>::infinity());
  const double_interval nbig = incert::enclose<double_interval>(parse_exact("-1e400"));
  CHECK(nbig.lower() == -std::numeric_limits<double>::infinity());
  CHECK(nbig.upper() == -dmax);
  CHECK(std::isinf(incert::enclose<double>(parse_exact("1e400"))));
}

TEST_CASE("enclose_mpfi is an outward one-ulp enclosure at every precision", "[exact][enclose]") {
  for (unsigned bits : {24u, 53u, 113u, 1000u}) {
    incert::precision_scope scope(bits);
    REQUIRE(incert::current_precision_bits() >= bits);
    for (const std::string& s : in_range_inputs()) {
      const mpq_class q = parse_exact(s);
      const mpfi_float x = incert::enclose_mpfi(q);
      CHECK(static_cast<unsigned>(mpfi_get_prec(x.backend().data())) == incert::current_precision_bits());
      check_enclose<mpfi_float>(q, s);
    }
  }
}

TEST_CASE("parse_exact bounds the size of the number, not only its written exponent", "[exact][parse][errors]") {
  // 10^4 digits is 1e9999..1e10000: accepted; one more digit is as large as 1e10001: refused.
  const std::string ok(10001, '9'), too_many = "1" + std::string(10001, '0');
  CHECK(parse_exact(ok, incert::max_entry_exponent) == pow10q(10001) - 1);
  CHECK_THROWS_AS(parse_exact(too_many, incert::max_entry_exponent), incert::exponent_range_error);
  CHECK_THROWS_AS(parse_exact("123.45e9999", incert::max_entry_exponent), incert::exponent_range_error);  // 1.2345e10001
  CHECK(parse_exact("0.0001e10003", incert::max_entry_exponent) == pow10q(9999));  // leading zeros do not count
  CHECK(parse_exact("000000000000000000001", 10) == 1);
  // A 1 MB digit string is refused before any big-number work (it used to hang as an eigenvalue).
  const std::string huge(1 << 20, '7');
  CHECK_THROWS_WITH(parse_exact(huge, incert::max_entry_exponent), Catch::Contains("digits) is beyond the representable range"));
  // Fractions: both sides bounded.
  CHECK_THROWS_AS(parse_exact("1/" + too_many, incert::max_entry_exponent), incert::exponent_range_error);
}
