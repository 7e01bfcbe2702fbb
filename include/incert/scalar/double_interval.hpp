// incert/scalar/double_interval.hpp
//
// The double-interval scalar: boost::numeric::interval<double> with a policy that is
// sound under the project's release flags (-O2 -frounding-math).
//
// Why this policy (proofs/double_interval_policy.md; docs/measured_facts.md section 1):
//  * arithmetic: exact_directed_rounding computes each operation in the caller's rounding mode
//    and moves it one step outward when its exact error (Fast2Sum for +, an FMA for * and /,
//    53-bit MPFR where those could underflow) says it is on the wrong side. Every bound is the
//    exact directed rounding in any rounding mode, and no mode is ever switched (Boost's
//    save_state with rounded_arith_opp switched the FPU to upward and back around every
//    operation: a quarter of the time of a check);
//  * -frounding-math stays on for the code that does switch modes (midrad_product.hpp);
//  * transcendental functions and sqrt: Boost's own transcendental classes either compute
//    nothing (the default one) or trust libm to honour the rounding mode, which glibc does not
//    promise. Here each bound is computed by MPFR with directed rounding (correctly
//    rounded to 53 bits down/up), then converted to double with the same direction;
//    both steps are exact or rounded in the safe direction, so the result encloses.
//  * checking_base: infinite bounds are allowed ([0, inf) is a valid enclosure); NaN
//    never enters because every operation below has a defined result on its domain.
// The soundness probes live in tests/test_double_interval.cpp, compiled with these flags.
#pragma once

#include <boost/numeric/interval.hpp>
#include <mpfr.h>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <type_traits>

static_assert(FLT_EVAL_METHOD == 0, "double_interval needs double operations rounded to double (no excess precision)");

namespace incert {
namespace detail {

// One MPFR evaluation of f at x, rounded in direction rnd, returned as a double rounded in the
// same direction. 53-bit MPFR result -> double is exact unless it under/overflows, where
// mpfr_get_d still rounds in direction rnd.
template <class F>
inline double mpfr_directed(F f, double x, mpfr_rnd_t rnd) {
  mpfr_t a, r;
  mpfr_init2(a, 53);
  mpfr_init2(r, 53);
  mpfr_set_d(a, x, MPFR_RNDN);  // exact: 53 bits
  f(r, a, rnd);
  double out = mpfr_get_d(r, rnd);
  mpfr_clear(a);
  mpfr_clear(r);
  return out;
}

// The exact error of a rounded +, *, / in any IEEE rounding mode (proofs/double_interval_policy.md
// section 1): each function takes the computed result r and returns the sign of (exact - r),
// or 2 when that sign cannot be had from doubles alone (over/underflow), where
// exact_directed_fallback decides.
constexpr int unknown_error_sign = 2;

inline int sign_of(double e) { return e > 0 ? 1 : (e < 0 ? -1 : 0); }

// s = x + y rounded in any mode (a faithful rounding). With |big| >= |small|, z = s - big is
// exact (Sterbenz), so small - z = (x + y) - s exactly; computed, it keeps its sign (a nonzero
// difference of doubles is a multiple of the smallest subnormal, which no mode rounds to 0).
inline int add_error_sign(double x, double y, double s) {
  if (!std::isfinite(s)) return std::isfinite(x) && std::isfinite(y) ? unknown_error_sign : 0;
  const bool x_big = std::fabs(x) >= std::fabs(y);
  const double big = x_big ? x : y, small = x_big ? y : x;
  const double z = s - big;
  return sign_of(small - z);
}

// Products of magnitude at least 2^-967 have a representable error x y - p (the exponent sum
// is at least emin + 52), so fma(x, y, -p) is that error exactly, in any mode.
inline int mul_error_sign(double x, double y, double p) {
  if (!std::isfinite(x) || !std::isfinite(y)) return 0;
  if (!std::isfinite(p)) return unknown_error_sign;
  if (x == 0 || y == 0) return 0;
  if (std::fabs(p) < 0x1p-967) return unknown_error_sign;
  return sign_of(std::fma(x, y, -p));
}

// The remainder x - q y of a faithful quotient is representable when x, y and q are normal and
// |x| >= 2^-960 (no underflow), so fma(-q, y, x) is exact; x / y - q = (x - q y) / y.
inline int div_error_sign(double x, double y, double q) {
  if (!std::isfinite(x) || !std::isfinite(y) || y == 0 || x == 0) return 0;
  if (!std::isfinite(q)) return unknown_error_sign;
  if (std::fabs(x) < 0x1p-960 || std::fabs(q) < 0x1p-1021 || std::fabs(y) < 0x1p-1021) return unknown_error_sign;
  const int r = sign_of(std::fma(-q, y, x));
  return y > 0 ? r : -r;
}

inline double step_up(double x) {
  if (std::isnan(x) || x == std::numeric_limits<double>::infinity()) return x;
  if (x == 0) return std::numeric_limits<double>::denorm_min();
  std::uint64_t u;
  std::memcpy(&u, &x, sizeof u);
  u = x > 0 ? u + 1 : u - 1;
  std::memcpy(&x, &u, sizeof u);
  return x;
}
inline double step_down(double x) { return -step_up(-x); }

// The rare over/underflowing case: the operation in 53-bit MPFR (unbounded exponent), rounded
// in direction rnd, then to double in the same direction. Both roundings go the same way and
// the double grid is part of the 53-bit one, so the result is the directed rounding. Out of line
// (rare, and inlined into every interval operation it would only cost compile time).
#if defined(__GNUC__)
__attribute__((noinline, cold))
#endif
inline double exact_directed_fallback(double x, double y, char op, mpfr_rnd_t rnd) {
  mpfr_t a, b, r;
  mpfr_inits2(53, a, b, r, static_cast<mpfr_ptr>(nullptr));
  mpfr_set_d(a, x, MPFR_RNDN);
  mpfr_set_d(b, y, MPFR_RNDN);
  if (op == '*') mpfr_mul(r, a, b, rnd);
  else mpfr_div(r, a, b, rnd);
  const double out = mpfr_get_d(r, rnd);
  mpfr_clears(a, b, r, static_cast<mpfr_ptr>(nullptr));
  return out;
}

}  // namespace detail

// Rounding class: the four operations rounded down / up WITHOUT switching the rounding mode.
// Each result is computed in the caller's mode (round-to-nearest in incert), then moved one
// step outward when its exact error says so (detail::*_error_sign), so every bound is the
// exact directed rounding, in whatever mode the caller runs. Before, Boost's save_state
// switched the FPU to upward and back around every operation, which was a quarter of the time
// of a check (docs/measured_facts.md). Plus MPFR bounds for the transcendental functions.
struct exact_directed_rounding {
  static double down(double r, int sign) { return sign < 0 ? detail::step_down(r) : r; }
  static double up(double r, int sign) { return sign > 0 ? detail::step_up(r) : r; }

  double add_down(double x, double y) {
    const double s = x + y;
    const int e = detail::add_error_sign(x, y, s);
    return e == detail::unknown_error_sign ? detail::step_down(s) : down(s, e);
  }
  double add_up(double x, double y) {
    const double s = x + y;
    const int e = detail::add_error_sign(x, y, s);
    return e == detail::unknown_error_sign ? detail::step_up(s) : up(s, e);
  }
  double sub_down(double x, double y) { return add_down(x, -y); }
  double sub_up(double x, double y) { return add_up(x, -y); }
  double mul_down(double x, double y) {
    const double p = x * y;
    const int e = detail::mul_error_sign(x, y, p);
    return e == detail::unknown_error_sign ? detail::exact_directed_fallback(x, y, '*', MPFR_RNDD) : down(p, e);
  }
  double mul_up(double x, double y) {
    const double p = x * y;
    const int e = detail::mul_error_sign(x, y, p);
    return e == detail::unknown_error_sign ? detail::exact_directed_fallback(x, y, '*', MPFR_RNDU) : up(p, e);
  }
  double div_down(double x, double y) {
    const double q = x / y;
    const int e = detail::div_error_sign(x, y, q);
    return e == detail::unknown_error_sign ? detail::exact_directed_fallback(x, y, '/', MPFR_RNDD) : down(q, e);
  }
  double div_up(double x, double y) {
    const double q = x / y;
    const int e = detail::div_error_sign(x, y, q);
    return e == detail::unknown_error_sign ? detail::exact_directed_fallback(x, y, '/', MPFR_RNDU) : up(q, e);
  }
  // Any double between x and y will do (Boost's median: a midpoint, not a bound).
  double median(double x, double y) { return (x + y) / 2; }
  double int_down(double x) { return std::floor(x); }
  double int_up(double x) { return std::ceil(x); }
  // The comparison in long double below is exact only when every value of U is a long double
  // (not so for __int128, say).
  template <class U>
  static constexpr bool exact_in_long_double() {
    return std::is_arithmetic<U>::value && std::numeric_limits<U>::radix == 2 &&
           std::numeric_limits<U>::digits <= std::numeric_limits<long double>::digits &&
           std::numeric_limits<U>::max_exponent <= std::numeric_limits<long double>::max_exponent;
  }
  template <class U>
  double conv_down(const U& v) {
    static_assert(exact_in_long_double<U>(), "double_interval converts arithmetic types that long double holds exactly");
    const double d = static_cast<double>(v);
    return static_cast<long double>(d) > static_cast<long double>(v) ? detail::step_down(d) : d;
  }
  template <class U>
  double conv_up(const U& v) {
    static_assert(exact_in_long_double<U>(), "double_interval converts arithmetic types that long double holds exactly");
    const double d = static_cast<double>(v);
    return static_cast<long double>(d) < static_cast<long double>(v) ? detail::step_up(d) : d;
  }

  double exp_down(double x) { return detail::mpfr_directed(mpfr_exp, x, MPFR_RNDD); }
  double exp_up(double x) { return detail::mpfr_directed(mpfr_exp, x, MPFR_RNDU); }
  double log_down(double x) { return detail::mpfr_directed(mpfr_log, x, MPFR_RNDD); }
  double log_up(double x) { return detail::mpfr_directed(mpfr_log, x, MPFR_RNDU); }
  double expm1_down(double x) { return detail::mpfr_directed(mpfr_expm1, x, MPFR_RNDD); }
  double expm1_up(double x) { return detail::mpfr_directed(mpfr_expm1, x, MPFR_RNDU); }
  double sqrt_down(double x) { return detail::mpfr_directed(mpfr_sqrt, x, MPFR_RNDD); }
  double sqrt_up(double x) { return detail::mpfr_directed(mpfr_sqrt, x, MPFR_RNDU); }
};

// No mode to save: save_state_nothing.
using double_interval_policies = boost::numeric::interval_lib::policies<
    boost::numeric::interval_lib::save_state_nothing<exact_directed_rounding>,
    boost::numeric::interval_lib::checking_base<double>>;

// The project's double-interval scalar type.
using double_interval = boost::numeric::interval<double, double_interval_policies>;

// expm1 is not part of Boost.Interval; monotone increasing, so bounds map to bounds.
inline double_interval expm1(const double_interval& x) {
  exact_directed_rounding rnd;
  return double_interval(rnd.expm1_down(x.lower()), rnd.expm1_up(x.upper()), true);
}

}  // namespace incert
