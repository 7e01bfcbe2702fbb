// Soundness of incert::double_interval under the project's release flags (-O2 -frounding-math).
//
// Every enclosure claim is checked against MPFR: sums, differences and products of doubles are
// computed exactly (2200-bit MPFR holds any of them), quotients are checked exactly by
// cross-multiplication, and exp/log/expm1/sqrt against 300-bit MPFR values rounded in the safe
// direction. Tightness is checked against the optimal double enclosure (the exact range rounded
// outward to doubles, obtained from MPFR's correct rounding), allowing one extra ulp per bound.
// No gmpxx is needed: only MPFR (and GMP through it).

#include <catch2/catch.hpp>

#include "incert/scalar/double_interval.hpp"

#include <mpfr.h>

#include <cfenv>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <limits>
#include <random>
#include <string>

namespace {

using I = incert::double_interval;
constexpr double kInf = std::numeric_limits<double>::infinity();

// ------------------------------------------------------------------ helpers

// RAII mpfr_t.
struct Mp {
  mpfr_t v;
  explicit Mp(mpfr_prec_t p) { mpfr_init2(v, p); }
  ~Mp() { mpfr_clear(v); }
  Mp(const Mp&) = delete;
  Mp& operator=(const Mp&) = delete;
};

constexpr mpfr_prec_t kExactPrec = 2200;  // holds x+y, x-y, x*y exactly for any finite doubles
constexpr mpfr_prec_t kRefPrec = 300;

std::string fmt(double x) {
  char buf[80];
  std::snprintf(buf, sizeof buf, "%.17g (%a)", x, x);
  return buf;
}
std::string fmt(const I& x) { return "[" + fmt(x.lower()) + ", " + fmt(x.upper()) + "]"; }

// Operands hidden from the optimizer: read through volatiles, passed through a non-inlined
// function the optimizer may not look into.
#if defined(__GNUC__)
#define INCERT_NOINLINE __attribute__((noinline))
#else
#define INCERT_NOINLINE
#endif
volatile double g_sink;
INCERT_NOINLINE double opaque(double x) {
  volatile double v = x;
  return v;
}

double next_up(double x) { return std::nextafter(x, kInf); }
double next_down(double x) { return std::nextafter(x, -kInf); }

// True iff `hi` is at most `k` representable steps above `lo` (lo <= hi assumed).
bool within_steps(double lo, double hi, int k) {
  double t = lo;
  for (int i = 0; i < k; ++i) t = next_up(t);
  return hi <= t;
}

// Exact x op y for + - * (2200 bits suffice for every pair of finite doubles).
void exact_arith(mpfr_t r, char op, double x, double y) {
  Mp a(53), b(53);
  mpfr_set_d(a.v, x, MPFR_RNDN);
  mpfr_set_d(b.v, y, MPFR_RNDN);
  int inex = 0;
  switch (op) {
    case '+': inex = mpfr_add(r, a.v, b.v, MPFR_RNDN); break;
    case '-': inex = mpfr_sub(r, a.v, b.v, MPFR_RNDN); break;
    case '*': inex = mpfr_mul(r, a.v, b.v, MPFR_RNDN); break;
    default: break;
  }
  if (inex != 0) throw std::logic_error("reference not exact");
}

// Is the exact real x/y >= L (side = -1) or <= U (side = +1)? Exact, by cross-multiplication.
bool quotient_bound_ok(double bound, double x, double y, int side) {
  // bound <= x/y  <=>  bound*y <= x (y > 0)  or  bound*y >= x (y < 0); same with >= for side +1.
  Mp p(kExactPrec), bx(53), by(53);
  mpfr_set_d(bx.v, bound, MPFR_RNDN);
  mpfr_set_d(by.v, y, MPFR_RNDN);
  mpfr_mul(p.v, bx.v, by.v, MPFR_RNDN);  // exact (or +-inf when bound is infinite)
  int c = mpfr_cmp_d(p.v, x);            // sign of bound*y - x
  if (y < 0) c = -c;                     // now sign of bound - x/y
  return side < 0 ? c <= 0 : c >= 0;
}

// Correctly rounded x op y in direction rnd, as a double (MPFR at 53 bits, then to double with
// the same direction: composition of two roundings in one direction on nested grids is exact).
double rounded_arith(char op, double x, double y, mpfr_rnd_t rnd) {
  Mp a(53), b(53), r(53);
  mpfr_set_d(a.v, x, MPFR_RNDN);
  mpfr_set_d(b.v, y, MPFR_RNDN);
  switch (op) {
    case '+': mpfr_add(r.v, a.v, b.v, rnd); break;
    case '-': mpfr_sub(r.v, a.v, b.v, rnd); break;
    case '*': mpfr_mul(r.v, a.v, b.v, rnd); break;
    case '/': mpfr_div(r.v, a.v, b.v, rnd); break;
    default: break;
  }
  return mpfr_get_d(r.v, rnd);
}

I apply(char op, const I& x, const I& y) {
  switch (op) {
    case '+': return x + y;
    case '-': return x - y;
    case '*': return x * y;
    default: return x / y;
  }
}

// ------------------------------------------------------------------ random operands

struct Gen {
  std::mt19937_64 rng;
  explicit Gen(std::uint64_t seed) : rng(seed) {}
  std::uint64_t bits() { return rng(); }
  double unit() { return std::uniform_real_distribution<double>(0.0, 1.0)(rng); }
  int uniform_int(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); }

  // A finite double with the given biased exponent field (0 = subnormal/zero) and a random
  // mantissa and sign.
  double with_exponent(int e, bool allow_negative = true) {
    std::uint64_t m = bits() & ((std::uint64_t(1) << 52) - 1);
    std::uint64_t s = allow_negative ? (bits() >> 63) : 0;
    std::uint64_t u = (s << 63) | (std::uint64_t(e) << 52) | m;
    double d;
    std::memcpy(&d, &u, sizeof d);
    return d;
  }

  // Random finite double across all magnitudes, with extra weight on subnormals, tiny, huge
  // (near overflow), moderate values and a few special values.
  double any(bool allow_negative = true) {
    double r = unit();
    double x;
    if (r < 0.35) {
      x = with_exponent(uniform_int(0, 2046), allow_negative);
    } else if (r < 0.45) {
      x = with_exponent(0, allow_negative);  // subnormal (or zero)
    } else if (r < 0.52) {
      x = with_exponent(uniform_int(1, 60), allow_negative);  // tiny normal
    } else if (r < 0.62) {
      x = with_exponent(uniform_int(1990, 2046), allow_negative);  // near overflow
    } else if (r < 0.95) {
      x = with_exponent(uniform_int(1023 - 30, 1023 + 30), allow_negative);  // moderate
    } else {
      static const double specials[] = {0.0,     1.0,         0.1,     0.2,      3.0,
                                        DBL_MAX, DBL_MIN,     DBL_TRUE_MIN, 2 * DBL_TRUE_MIN,
                                        0.5,     DBL_EPSILON, 1e308,   1e-308,   1.0 / 3.0};
      x = specials[uniform_int(0, int(sizeof specials / sizeof specials[0]) - 1)];
      if (allow_negative && (bits() & 1)) x = -x;
    }
    return x;
  }

  // An interval around x with a random small width: a point, a few ulps, or a relative width
  // 2^-r. Never crosses zero unless x is zero. Computed in round-to-nearest.
  I around(double x) {
    double r = unit();
    double lo = x, hi = x;
    if (r < 0.3) {
      // point
    } else if (r < 0.6) {
      int k = uniform_int(1, 16);
      for (int i = 0; i < k; ++i) {
        double n = next_up(hi);
        if (!std::isfinite(n) || (hi < 0 && n > 0)) break;
        hi = n;
      }
    } else {
      double w = std::ldexp(std::fabs(x), -uniform_int(5, 50));
      double h = x + w;
      if (std::isfinite(h) && !(x < 0 && h > 0)) hi = h;
    }
    if (hi < lo) hi = lo;
    return I(lo, hi);
  }

  // Sometimes an interval straddling zero (for + - * only).
  I straddling(double x) {
    double a = std::fabs(x);
    if (a == 0) a = 1;
    double b = std::ldexp(a, -uniform_int(0, 40));
    return (bits() & 1) ? I(-b, a) : I(-a, b);
  }
};

// ------------------------------------------------------------------ reference checks

struct ArithVerdict {
  bool contained = true;
  bool tight = true;
  bool point_tight = true;
  double opt_lo = 0, opt_hi = 0;
};

// Checks z = x op y (op in + - * /; for '/', y must not contain 0).
ArithVerdict check_arith(char op, const I& x, const I& y, const I& z) {
  ArithVerdict v;
  if (std::isnan(z.lower()) || std::isnan(z.upper()) || z.lower() > z.upper()) {
    v.contained = v.tight = v.point_tight = false;
    return v;
  }
  const double xs[2] = {x.lower(), x.upper()};
  const double ys[2] = {y.lower(), y.upper()};
  v.opt_lo = kInf;
  v.opt_hi = -kInf;
  Mp e(kExactPrec);
  for (double a : xs)
    for (double b : ys) {
      // Containment of the exact real a op b.
      if (op == '/') {
        if (!quotient_bound_ok(z.lower(), a, b, -1) || !quotient_bound_ok(z.upper(), a, b, +1))
          v.contained = false;
      } else {
        exact_arith(e.v, op, a, b);
        if (!(mpfr_cmp_d(e.v, z.lower()) >= 0 && mpfr_cmp_d(e.v, z.upper()) <= 0))
          v.contained = false;
      }
      // The optimal double enclosure of the range (bilinear/monotone: extremes at corners).
      v.opt_lo = std::min(v.opt_lo, rounded_arith(op, a, b, MPFR_RNDD));
      v.opt_hi = std::max(v.opt_hi, rounded_arith(op, a, b, MPFR_RNDU));
    }
  // At most one ulp beyond the optimal enclosure on each side.
  v.tight = z.lower() >= next_down(v.opt_lo) && z.upper() <= next_up(v.opt_hi);
  // Point operands: width at most 2 ulps (when the result is finite).
  if (x.lower() == x.upper() && y.lower() == y.upper() && std::isfinite(z.lower()) &&
      std::isfinite(z.upper()))
    v.point_tight = within_steps(z.lower(), z.upper(), 2);
  return v;
}

using MpfrFn = int (*)(mpfr_ptr, mpfr_srcptr, mpfr_rnd_t);

struct TranscVerdict {
  bool contained = true;
  bool tight = true;
  bool point_tight = true;
  double opt_lo = 0, opt_hi = 0;
};

// z = f(x) for a monotone increasing f with 300-bit MPFR reference.
TranscVerdict check_monotone(MpfrFn f, const I& x, const I& z) {
  TranscVerdict v;
  if (std::isnan(z.lower()) || std::isnan(z.upper()) || z.lower() > z.upper()) {
    v.contained = v.tight = v.point_tight = false;
    return v;
  }
  Mp a(53), lo(kRefPrec), hi(kRefPrec);
  mpfr_set_d(a.v, x.lower(), MPFR_RNDN);
  f(lo.v, a.v, MPFR_RNDD);  // lo <= f(x.lower())
  mpfr_set_d(a.v, x.upper(), MPFR_RNDN);
  f(hi.v, a.v, MPFR_RNDU);  // hi >= f(x.upper())
  // z.lower() <= lo <= f(x.lower()) and f(x.upper()) <= hi <= z.upper().
  v.contained = mpfr_cmp_d(lo.v, z.lower()) >= 0 && mpfr_cmp_d(hi.v, z.upper()) <= 0;
  v.opt_lo = mpfr_get_d(lo.v, MPFR_RNDD);
  v.opt_hi = mpfr_get_d(hi.v, MPFR_RNDU);
  v.tight = z.lower() >= next_down(v.opt_lo) && z.upper() <= next_up(v.opt_hi);
  if (x.lower() == x.upper() && std::isfinite(z.lower()) && std::isfinite(z.upper()))
    v.point_tight = within_steps(z.lower(), z.upper(), 2);
  return v;
}

constexpr int kMaxReported = 10;

}  // namespace

// =================================================================== 1. measured-facts probes
// (docs/measured_facts.md section 1)

TEST_CASE("double_interval: measured-facts probes 1/3 and 0.1+0.2 (hidden operands)", "[double_interval]") {
  static volatile double v1 = 1.0, v3 = 3.0, v01 = 0.1, v02 = 0.2;
  const double one = opaque(v1), three = opaque(v3), d01 = opaque(v01), d02 = opaque(v02);

  const I x = I(one) / I(three);
  const I s = I(d01) + I(d02);
  INFO("1/3 -> " << fmt(x));
  INFO("0.1+0.2 -> " << fmt(s));

  // 1/3 in [lo, hi]  <=>  3*lo <= 1 <= 3*hi, exactly.
  CHECK(quotient_bound_ok(x.lower(), one, three, -1));
  CHECK(quotient_bound_ok(x.upper(), one, three, +1));
  CHECK(x.lower() < x.upper());                  // 1/3 is not a double: not a point
  CHECK(x.upper() == next_up(x.lower()));        // and optimal: one ulp wide

  // Exact sum of the two doubles nearest 0.1 and 0.2.
  Mp e(kExactPrec);
  exact_arith(e.v, '+', d01, d02);
  CHECK(mpfr_cmp_d(e.v, s.lower()) > 0);          // strictly: the sum is not a double
  CHECK(mpfr_cmp_d(e.v, s.upper()) < 0);
  CHECK(s.upper() == next_up(s.lower()));
  CHECK(s.lower() == 0.3);                         // 0.29999999999999999 (the double nearest 0.3)
  CHECK(s.upper() == 0.30000000000000004);
}

TEST_CASE("double_interval: 1/3 and 0.1+0.2 with literal operands (constant-folding probe)",
          "[double_interval]") {
  // Same probes written the way user code writes them; -frounding-math must keep the compiler
  // from folding these in round-to-nearest.
  const I x = I(1.0) / I(3.0);
  const I s = I(0.1) + I(0.2);
  const I p = I(0.1) * I(3.0);
  const I d = I(1.0) - I(1e-17);
  INFO("1/3 -> " << fmt(x) << "\n0.1+0.2 -> " << fmt(s) << "\n0.1*3 -> " << fmt(p)
                 << "\n1-1e-17 -> " << fmt(d));
  CHECK(quotient_bound_ok(x.lower(), 1.0, 3.0, -1));
  CHECK(quotient_bound_ok(x.upper(), 1.0, 3.0, +1));
  CHECK(x.lower() < x.upper());
  Mp e(kExactPrec);
  exact_arith(e.v, '+', 0.1, 0.2);
  CHECK(mpfr_cmp_d(e.v, s.lower()) > 0);
  CHECK(mpfr_cmp_d(e.v, s.upper()) < 0);
  exact_arith(e.v, '*', 0.1, 3.0);
  CHECK(mpfr_cmp_d(e.v, p.lower()) > 0);
  CHECK(mpfr_cmp_d(e.v, p.upper()) < 0);
  exact_arith(e.v, '-', 1.0, 1e-17);
  CHECK(mpfr_cmp_d(e.v, d.lower()) > 0);
  CHECK(mpfr_cmp_d(e.v, d.upper()) < 0);
}

// =================================================================== 2. random stress

TEST_CASE("double_interval: random stress of + - * / against exact MPFR", "[double_interval][stress]") {
  Gen g(0x1ce47u);
  const int n = 20000;
  int fail_contain = 0, fail_tight = 0, fail_point = 0, reported = 0, ops = 0, optimal = 0;
  for (int it = 0; it < n; ++it) {
    const double a = g.any(), b = g.any();
    const double r = g.unit();
    const I x = r < 0.1 ? g.straddling(a) : g.around(a);
    const I y = (r > 0.05 && r < 0.15) ? g.straddling(b) : g.around(b);
    const bool y_has_zero = y.lower() <= 0 && y.upper() >= 0;
    for (char op : {'+', '-', '*', '/'}) {
      if (op == '/' && y_has_zero) continue;
      const I z = apply(op, x, y);
      const ArithVerdict v = check_arith(op, x, y, z);
      ++ops;
      if (z.lower() == v.opt_lo && z.upper() == v.opt_hi) ++optimal;
      fail_contain += !v.contained;
      fail_tight += !v.tight;
      fail_point += !v.point_tight;
      if ((!v.contained || !v.tight || !v.point_tight) && reported < kMaxReported) {
        ++reported;
        INFO("iteration " << it << ": x = " << fmt(x) << "\n  op '" << op << "'\n  y = " << fmt(y)
                          << "\n  result = " << fmt(z) << "\n  optimal = [" << fmt(v.opt_lo)
                          << ", " << fmt(v.opt_hi) << "]");
        CHECK(v.contained);
        CHECK(v.tight);
        CHECK(v.point_tight);
      }
    }
  }
  INFO("operations checked: " << ops << ", bit-for-bit optimal: " << optimal);
  CHECK(fail_contain == 0);
  CHECK(fail_tight == 0);
  CHECK(fail_point == 0);
  CHECK(ops > 3 * n);
  CHECK(std::fegetround() == FE_TONEAREST);
}

TEST_CASE("double_interval: random stress of sqrt exp log expm1 against 300-bit MPFR",
          "[double_interval][stress]") {
  Gen g(0x5eedu);
  const int n = 20000;
  int failures = 0, reported = 0, ops = 0, optimal = 0;

  auto run = [&](const char* name, MpfrFn f, const I& x, const I& z) {
    const TranscVerdict v = check_monotone(f, x, z);
    ++ops;
    if (z.lower() == v.opt_lo && z.upper() == v.opt_hi) ++optimal;
    if (!v.contained || !v.tight || !v.point_tight) {
      ++failures;
      if (reported < kMaxReported) {
        ++reported;
        INFO(name << "(" << fmt(x) << ")\n  result = " << fmt(z) << "\n  optimal = ["
                  << fmt(v.opt_lo) << ", " << fmt(v.opt_hi) << "]");
        CHECK(v.contained);
        CHECK(v.tight);
        CHECK(v.point_tight);
      }
    }
  };

  for (int it = 0; it < n; ++it) {
    // Positive operands of every magnitude for sqrt and log.
    const I p = g.around(g.any(false));
    if (p.lower() > 0) {
      run("sqrt", mpfr_sqrt, p, sqrt(p));
      run("log", mpfr_log, p, log(p));
    } else {
      run("sqrt", mpfr_sqrt, p, sqrt(p));  // [0, ...]: lower bound 0 is exact
    }
    // exp / expm1: the interesting range, tiny arguments (expm1 cancellation), and any double.
    double t;
    const double r = g.unit();
    if (r < 0.5)
      t = -760.0 + 1480.0 * g.unit();  // across underflow and overflow of exp
    else if (r < 0.75)
      t = std::ldexp(g.unit(), -g.uniform_int(0, 80)) * ((g.bits() & 1) ? 1 : -1);
    else
      t = g.any();
    const I x = g.around(t);
    run("exp", mpfr_exp, x, exp(x));
    run("expm1", mpfr_expm1, x, incert::expm1(x));
  }
  INFO("operations checked: " << ops << ", bit-for-bit optimal: " << optimal);
  CHECK(failures == 0);
  CHECK(ops >= 3 * n);
  CHECK(std::fegetround() == FE_TONEAREST);
}

// Each bound of the rounding class against MPFR's directed rounding, bit for bit, in all four
// rounding modes of the caller (the class never switches the mode, so it must be right in each).
// Operands over the whole double range: subnormal, near overflow, cancelling.
TEST_CASE("double_interval: every bound is the exact directed rounding in every mode", "[double_interval][stress]") {
  Gen g(0x5eedu);
  incert::exact_directed_rounding rnd;
  const int n = 20000;
  int checked = 0, failed = 0;
  for (int mode : {FE_TONEAREST, FE_UPWARD, FE_DOWNWARD, FE_TOWARDZERO}) {
    for (int it = 0; it < n; ++it) {
      const double a = g.any();
      double b = g.any();
      if (it % 4 == 0) b = ((g.bits() & 1) ? -1 : 1) * std::ldexp(a, g.uniform_int(-60, 60));  // close magnitudes: cancellation
      for (char op : {'+', '-', '*', '/'}) {
        if (op == '/' && b == 0) continue;
        REQUIRE(std::fesetround(mode) == 0);
        double lo = 0, hi = 0;
        switch (op) {
          case '+': lo = rnd.add_down(a, b); hi = rnd.add_up(a, b); break;
          case '-': lo = rnd.sub_down(a, b); hi = rnd.sub_up(a, b); break;
          case '*': lo = rnd.mul_down(a, b); hi = rnd.mul_up(a, b); break;
          default: lo = rnd.div_down(a, b); hi = rnd.div_up(a, b); break;
        }
        const int after = std::fegetround();
        std::fesetround(FE_TONEAREST);
        const double want_lo = rounded_arith(op, a, b, MPFR_RNDD), want_hi = rounded_arith(op, a, b, MPFR_RNDU);
        ++checked;
        const bool ok = after == mode && lo == want_lo && hi == want_hi;  // == : the sign of a zero does not matter
        if (!ok && ++failed <= kMaxReported) {
          INFO("mode " << mode << ": " << fmt(a) << " " << op << " " << fmt(b) << " -> [" << fmt(lo) << ", " << fmt(hi) << "], MPFR ["
                       << fmt(want_lo) << ", " << fmt(want_hi) << "]");
          CHECK(ok);
        }
      }
    }
  }
  std::fesetround(FE_TONEAREST);
  INFO("bounds checked: " << checked);
  CHECK(failed == 0);
  CHECK(checked > 12 * n);
}

// =================================================================== 3. rounding mode restored

TEST_CASE("double_interval: caller's rounding mode is restored", "[double_interval]") {
  static volatile double v1 = 1.0, v3 = 3.0;
  REQUIRE(std::fegetround() == FE_TONEAREST);
  I acc(opaque(v1));
  const I three(opaque(v3));
  acc = acc / three;
  CHECK(std::fegetround() == FE_TONEAREST);
  acc = acc * three + three - acc;
  CHECK(std::fegetround() == FE_TONEAREST);
  acc = sqrt(acc);
  CHECK(std::fegetround() == FE_TONEAREST);
  acc = exp(acc);
  CHECK(std::fegetround() == FE_TONEAREST);
  acc = log(acc);
  CHECK(std::fegetround() == FE_TONEAREST);
  acc = incert::expm1(acc);
  CHECK(std::fegetround() == FE_TONEAREST);
  acc = square(acc) + abs(acc);
  CHECK(std::fegetround() == FE_TONEAREST);
  g_sink = acc.lower();

  // Plain double code after interval code rounds to nearest again.
  const double q = opaque(v1) / opaque(v3);
  CHECK(q == 1.0 / 3.0);
  CHECK(q == 0x1.5555555555555p-2);

  // A caller running in another mode gets that mode back, and the result still encloses.
  for (int mode : {FE_DOWNWARD, FE_UPWARD, FE_TOWARDZERO}) {
    REQUIRE(std::fesetround(mode) == 0);
    const I x = I(opaque(v1)) / I(opaque(v3));
    const I e = exp(I(opaque(v1)));
    const int after = std::fegetround();
    std::fesetround(FE_TONEAREST);
    INFO("mode " << mode << ": 1/3 -> " << fmt(x) << ", exp(1) -> " << fmt(e));
    CHECK(after == mode);
    CHECK(quotient_bound_ok(x.lower(), 1.0, 3.0, -1));
    CHECK(quotient_bound_ok(x.upper(), 1.0, 3.0, +1));
    CHECK(x.lower() < x.upper());
    Mp ref(kRefPrec), one(53);
    mpfr_set_d(one.v, 1.0, MPFR_RNDN);
    mpfr_exp(ref.v, one.v, MPFR_RNDN);
    CHECK(mpfr_cmp_d(ref.v, e.lower()) > 0);
    CHECK(mpfr_cmp_d(ref.v, e.upper()) < 0);
  }
  CHECK(std::fegetround() == FE_TONEAREST);
}

// =================================================================== 4. special values

TEST_CASE("double_interval: special values", "[double_interval]") {
  static volatile double vbig = 1000.0, vhuge = 1e300, vneg = -1000.0, vzero = 0.0, vone = 1.0,
                         vfour = 4.0, vtwo = 2.0;
  SECTION("exp of a huge argument: finite lower, +inf upper") {
    for (double t : {opaque(vbig), opaque(vhuge), 709.79, DBL_MAX}) {
      const I e = exp(I(t));
      INFO("exp(" << fmt(t) << ") -> " << fmt(e));
      CHECK(std::isfinite(e.lower()));
      CHECK(e.lower() == DBL_MAX);
      CHECK(e.upper() == kInf);
    }
  }
  SECTION("exp just below overflow stays finite") {
    const I e = exp(I(709.78));
    INFO("exp(709.78) -> " << fmt(e));
    CHECK(std::isfinite(e.upper()));
    CHECK(e.lower() < e.upper());
  }
  SECTION("exp(-1000) = [0, smallest subnormal]") {
    const I e = exp(I(opaque(vneg)));
    INFO("exp(-1000) -> " << fmt(e));
    CHECK(e.lower() == 0.0);
    CHECK(e.upper() > 0.0);
    CHECK(e.upper() == DBL_TRUE_MIN);
    const I e2 = exp(I(-opaque(vhuge)));
    CHECK(e2.lower() == 0.0);
    CHECK(e2.upper() == DBL_TRUE_MIN);
  }
  SECTION("expm1 of a very negative argument is [-1, -1 + ulp]") {
    const I e = incert::expm1(I(opaque(vneg)));
    INFO("expm1(-1000) -> " << fmt(e));
    CHECK(e.lower() == -1.0);
    CHECK(e.upper() == next_up(-1.0));
    const I f = incert::expm1(I(opaque(vbig)));
    CHECK(f.lower() == DBL_MAX);
    CHECK(f.upper() == kInf);
  }
  SECTION("log of [0, 1] has lower -inf") {
    const I l = log(I(opaque(vzero), opaque(vone)));
    INFO("log([0,1]) -> " << fmt(l));
    CHECK(l.lower() == -kInf);
    CHECK(l.upper() == 0.0);
    const I l2 = log(I(DBL_TRUE_MIN, 1.0));
    INFO("log([denorm_min,1]) -> " << fmt(l2));
    CHECK(std::isfinite(l2.lower()));
    CHECK(l2.lower() < -744.44);
    CHECK(l2.upper() == 0.0);
  }
  SECTION("sqrt of [0, 4] is [0, 2]") {
    const I r = sqrt(I(opaque(vzero), opaque(vfour)));
    INFO("sqrt([0,4]) -> " << fmt(r));
    CHECK(r.lower() == 0.0);
    CHECK(r.upper() == 2.0);
    const I r2 = sqrt(I(opaque(vtwo)));
    INFO("sqrt(2) -> " << fmt(r2));
    CHECK(r2.upper() == next_up(r2.lower()));
    CHECK(r2.lower() * r2.lower() < 2.0);  // RN products: the double 1.41421356237309504... squared
    CHECK(r2.upper() == 0x1.6a09e667f3bcdp+0);
  }
  SECTION("exact results are point intervals") {
    CHECK(exp(I(opaque(vzero))).lower() == 1.0);
    CHECK(exp(I(opaque(vzero))).upper() == 1.0);
    CHECK(log(I(opaque(vone))).lower() == 0.0);
    CHECK(log(I(opaque(vone))).upper() == 0.0);
    CHECK(incert::expm1(I(opaque(vzero))).lower() == 0.0);
    CHECK(incert::expm1(I(opaque(vzero))).upper() == 0.0);
    const I s = I(opaque(vone)) + I(opaque(vtwo));
    CHECK(s.lower() == 3.0);
    CHECK(s.upper() == 3.0);
  }
  SECTION("overflow and underflow of arithmetic") {
    const I big(DBL_MAX);
    const I s = big + big;
    INFO("DBL_MAX + DBL_MAX -> " << fmt(s));
    CHECK(s.lower() == DBL_MAX);
    CHECK(s.upper() == kInf);
    const I tiny(DBL_TRUE_MIN);
    const I h = tiny / I(opaque(vtwo));
    INFO("denorm_min / 2 -> " << fmt(h));
    CHECK(h.lower() == 0.0);
    CHECK(h.upper() == DBL_TRUE_MIN);
    const I m = tiny * I(-0.5);
    INFO("denorm_min * -0.5 -> " << fmt(m));
    CHECK(m.lower() == -DBL_TRUE_MIN);
    CHECK(m.upper() == 0.0);
  }
  SECTION("division by an interval with zero at an end") {
    const I q = I(opaque(vone)) / I(opaque(vzero), opaque(vtwo));
    INFO("1 / [0,2] -> " << fmt(q));
    CHECK(q.lower() <= 0.5);
    CHECK(q.lower() == 0.5);
    CHECK(q.upper() == kInf);
  }
  CHECK(std::fegetround() == FE_TONEAREST);
}
