// incert/scalar/traits.hpp
//
// scalar_traits<T>: the one place that knows how the scalar types differ.
// Algorithms are written once over T and ask this class for everything that is not
// ordinary arithmetic: is T an interval, is it rigorous, its bounds, midpoint and radius,
// hull/intersection, containment, the certainly/possibly comparisons, the transcendental
// functions, and conversions from an MPFI enclosure or an exact rational.
//
// Conventions (CAPD style):
//  * point types (double, long double, mpfr_float) are approximations: lower = upper = mid,
//    rad = 0, remainder(r) = 0, and "certainly"/"possibly" collapse to the plain comparison.
//    Verdicts computed with them are approximate and are labelled so by every caller;
//  * interval types (mpfi_float, double_interval) are rigorous: every operation encloses.
//    Two intervals are never compared with <; use certainly_* / possibly_*.
#pragma once

#include "incert/scalar/types.hpp"

#include <gmpxx.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

namespace incert {

template <class T>
struct scalar_traits;  // no primary definition: an unsupported scalar type does not compile

namespace detail {

// An mpfr_float holding `bits` bits, initialised to zero (the value is then set exactly).
inline mpfr_float mpfr_with_precision(mpfr_prec_t bits) {
  mpfr_float r;
  mpfr_set_prec(r.backend().data(), std::max<mpfr_prec_t>(bits, MPFR_PREC_MIN));
  mpfr_set_zero(r.backend().data(), 1);
  return r;
}

inline mpfr_float exact_mpfr(double x) {
  mpfr_float r = mpfr_with_precision(53);
  mpfr_set_d(r.backend().data(), x, MPFR_RNDN);
  return r;
}
inline mpfr_float exact_mpfr(long double x) {
  mpfr_float r = mpfr_with_precision(std::numeric_limits<long double>::digits);
  mpfr_set_ld(r.backend().data(), x, MPFR_RNDN);
  return r;
}
inline mpfr_float exact_mpfr(const mpfr_float& x) {
  mpfr_float r = mpfr_with_precision(mpfr_get_prec(x.backend().data()));
  mpfr_set(r.backend().data(), x.backend().data(), MPFR_RNDN);
  return r;
}

// The MPFI interval [lo, hi], its precision large enough to hold both bounds exactly.
inline mpfi_float mpfi_from_bounds(const mpfr_float& lo, const mpfr_float& hi) {
  mpfr_prec_t bits = std::max(mpfr_get_prec(lo.backend().data()), mpfr_get_prec(hi.backend().data()));
  mpfi_float r;
  mpfi_set_prec(r.backend().data(), std::max<mpfr_prec_t>(bits, mpfi_get_prec(r.backend().data())));
  mpfi_interv_fr(r.backend().data(), lo.backend().data(), hi.backend().data());
  return r;
}

// Common part of the point types.
template <class F>
struct point_traits_base {
  using mid_type = F;
  static constexpr bool is_interval = false;
  static constexpr bool is_rigorous = false;
  // Decide subdivision pieces and bisection points in double intervals first (enclosed_problem::screen).
  static constexpr bool screens_in_double_interval = false;

  static F lower(const F& x) { return x; }
  static F upper(const F& x) { return x; }
  static F mid(const F& x) { return x; }
  static F rad(const F&) { return F(0); }
  static F point(const F& m) { return m; }
  // [-r, r] for intervals; a point type carries no error term.
  static F remainder(const F&) { return F(0); }
  static F hull(const F& a, const F&) { return a; }
  // Two approximations of one quantity (e.g. W_ij and W_ji): their mean.
  static F symmetrize(const F& a, const F& b) { return (a + b) / 2; }
  static bool contains(const F& x, const F& v) { return x == v; }
  static bool is_finite(const F& x) {
    using std::isfinite;
    using boost::multiprecision::isfinite;
    return isfinite(x);
  }

  static bool certainly_lt(const F& a, const F& b) { return a < b; }
  static bool certainly_le(const F& a, const F& b) { return a <= b; }
  static bool possibly_lt(const F& a, const F& b) { return a < b; }
  static bool possibly_le(const F& a, const F& b) { return a <= b; }

  static F max(const F& a, const F& b) { return a < b ? b : a; }
  static F min(const F& a, const F& b) { return b < a ? b : a; }
  static F abs(const F& x) { return x < 0 ? F(-x) : x; }
  static F square(const F& x) { return x * x; }
  // Smallest and largest of a point are the point.
  static F lower_abs(const F& x) { return abs(x); }
  static F upper_abs(const F& x) { return abs(x); }
};

}  // namespace detail

// ---------------------------------------------------------------- double, long double
template <>
struct scalar_traits<double> : detail::point_traits_base<double> {
  // Products x y of values with binary exponents in [-limit, limit] stay normal in T, so
  // converting such values to T first and multiplying there keeps their relative accuracy.
  static constexpr long product_exponent_limit = 510;
  static const char* name() { return "double"; }
  static unsigned precision_bits() { return 53; }
  static double unit_roundoff() { return std::ldexp(1.0, -53); }
  static double exp(double x) { return std::exp(x); }
  static double expm1(double x) { return std::expm1(x); }
  static double log(double x) { return std::log(x); }
  static double sqrt(double x) { return std::sqrt(x); }
  static double from_mpfi(const mpfi_float& x) {
    mpfr_float m = detail::mpfr_with_precision(mpfi_get_prec(x.backend().data()));
    mpfi_mid(m.backend().data(), x.backend().data());
    return mpfr_get_d(m.backend().data(), MPFR_RNDN);
  }
  static mpfr_float lower_exact(double x) { return detail::exact_mpfr(x); }
  static mpfr_float upper_exact(double x) { return detail::exact_mpfr(x); }
  static mpfi_float to_mpfi(double x) { return detail::mpfi_from_bounds(lower_exact(x), upper_exact(x)); }
};

template <>
struct scalar_traits<long double> : detail::point_traits_base<long double> {
  static constexpr long product_exponent_limit = std::numeric_limits<long double>::max_exponent / 2 - 2;
  static const char* name() { return "long_double"; }
  static unsigned precision_bits() { return std::numeric_limits<long double>::digits; }
  static long double unit_roundoff() { return std::numeric_limits<long double>::epsilon() / 2; }
  static long double exp(long double x) { return std::exp(x); }
  static long double expm1(long double x) { return std::expm1(x); }
  static long double log(long double x) { return std::log(x); }
  static long double sqrt(long double x) { return std::sqrt(x); }
  static long double from_mpfi(const mpfi_float& x) {
    mpfr_float m = detail::mpfr_with_precision(mpfi_get_prec(x.backend().data()));
    mpfi_mid(m.backend().data(), x.backend().data());
    return mpfr_get_ld(m.backend().data(), MPFR_RNDN);
  }
  static mpfr_float lower_exact(long double x) { return detail::exact_mpfr(x); }
  static mpfr_float upper_exact(long double x) { return detail::exact_mpfr(x); }
  static mpfi_float to_mpfi(long double x) { return detail::mpfi_from_bounds(lower_exact(x), upper_exact(x)); }
};

// ---------------------------------------------------------------- mpfr_float
template <>
struct scalar_traits<mpfr_float> : detail::point_traits_base<mpfr_float> {
  static constexpr long product_exponent_limit = 1L << 40;  // MPFR exponents reach about 2^62
  static const char* name() { return "mpfr"; }
  static unsigned precision_bits() { return current_precision_bits(); }
  static mpfr_float unit_roundoff() {
    mpfr_float u(1);
    return ldexp(u, -static_cast<int>(precision_bits()));
  }
  static mpfr_float exp(const mpfr_float& x) { return boost::multiprecision::exp(x); }
  static mpfr_float expm1(const mpfr_float& x) { return boost::multiprecision::expm1(x); }
  static mpfr_float log(const mpfr_float& x) { return boost::multiprecision::log(x); }
  static mpfr_float sqrt(const mpfr_float& x) { return boost::multiprecision::sqrt(x); }
  static mpfr_float from_mpfi(const mpfi_float& x) {
    mpfr_float m;
    mpfi_mid(m.backend().data(), x.backend().data());
    return m;
  }
  static mpfr_float lower_exact(const mpfr_float& x) { return detail::exact_mpfr(x); }
  static mpfr_float upper_exact(const mpfr_float& x) { return detail::exact_mpfr(x); }
  static mpfi_float to_mpfi(const mpfr_float& x) { return detail::mpfi_from_bounds(x, x); }
};

// ---------------------------------------------------------------- mpfi_float
template <>
struct scalar_traits<mpfi_float> {
  static constexpr long product_exponent_limit = 1L << 40;
  using T = mpfi_float;
  using mid_type = mpfr_float;
  static constexpr bool is_interval = true;
  static constexpr bool is_rigorous = true;
  static constexpr bool screens_in_double_interval = true;
  static const char* name() { return "mpfi"; }
  static unsigned precision_bits() { return current_precision_bits(); }
  static mpfr_float unit_roundoff() {
    mpfr_float u(1);
    return ldexp(u, -static_cast<int>(precision_bits()));
  }

  static mpfr_float lower(const T& x) {
    mpfr_float r = detail::mpfr_with_precision(mpfi_get_prec(x.backend().data()));
    mpfi_get_left(r.backend().data(), x.backend().data());
    return r;
  }
  static mpfr_float upper(const T& x) {
    mpfr_float r = detail::mpfr_with_precision(mpfi_get_prec(x.backend().data()));
    mpfi_get_right(r.backend().data(), x.backend().data());
    return r;
  }
  static mpfr_float lower_exact(const T& x) { return lower(x); }
  static mpfr_float upper_exact(const T& x) { return upper(x); }
  static mpfi_float to_mpfi(const T& x) { return x; }
  static mpfr_float mid(const T& x) {
    mpfr_float m = detail::mpfr_with_precision(mpfi_get_prec(x.backend().data()));  // a point of x
    mpfi_mid(m.backend().data(), x.backend().data());
    return m;
  }
  // An upper bound on max(hi - mid, mid - lo).
  static mpfr_float rad(const T& x) {
    mpfr_float m = mid(x), a, b;
    mpfr_sub(a.backend().data(), upper(x).backend().data(), m.backend().data(), MPFR_RNDU);
    mpfr_sub(b.backend().data(), m.backend().data(), lower(x).backend().data(), MPFR_RNDU);
    return a < b ? b : a;
  }
  static T point(const mpfr_float& m) {
    T r;
    mpfi_set_fr(r.backend().data(), m.backend().data());  // outward if m has more bits
    return r;
  }
  static T interval(const mpfr_float& lo, const mpfr_float& hi) {
    T r;
    mpfi_interv_fr(r.backend().data(), lo.backend().data(), hi.backend().data());
    return r;
  }
  // [-r, r]
  static T remainder(const mpfr_float& r) {
    mpfr_float a = boost::multiprecision::abs(r);
    mpfr_float na = -a;
    return interval(na, a);
  }
  static T hull(const T& a, const T& b) {
    T r;
    mpfi_union(r.backend().data(), a.backend().data(), b.backend().data());
    return r;
  }
  // Both enclose the same real number, so does their intersection. An empty intersection
  // means a bug upstream: refuse rather than return something unsound.
  static T symmetrize(const T& a, const T& b) {
    T r;
    mpfi_intersect(r.backend().data(), a.backend().data(), b.backend().data());
    if (mpfi_is_empty(r.backend().data()))
      throw std::logic_error("incert: two enclosures of one value are disjoint");
    return r;
  }
  static bool contains(const T& x, const mpfr_float& v) {
    return mpfi_is_inside_fr(v.backend().data(), x.backend().data()) > 0;
  }
  static bool contains(const T& x, const T& inner) {
    return mpfi_is_inside(inner.backend().data(), x.backend().data()) > 0;
  }
  static bool is_finite(const T& x) { return mpfi_bounded_p(x.backend().data()) != 0; }

  static bool certainly_lt(const T& a, const T& b) { return upper(a) < lower(b); }
  static bool certainly_le(const T& a, const T& b) { return upper(a) <= lower(b); }
  static bool possibly_lt(const T& a, const T& b) { return lower(a) < upper(b); }
  static bool possibly_le(const T& a, const T& b) { return lower(a) <= upper(b); }

  static T max(const T& a, const T& b) {
    mpfr_float lo = lower(a) < lower(b) ? lower(b) : lower(a);
    mpfr_float hi = upper(a) < upper(b) ? upper(b) : upper(a);
    return interval(lo, hi);
  }
  static T min(const T& a, const T& b) {
    mpfr_float lo = lower(a) < lower(b) ? lower(a) : lower(b);
    mpfr_float hi = upper(a) < upper(b) ? upper(a) : upper(b);
    return interval(lo, hi);
  }
  static T abs(const T& x) { return boost::multiprecision::abs(x); }
  static T square(const T& x) {
    T r;
    mpfi_sqr(r.backend().data(), x.backend().data());  // tighter than x*x when 0 is inside
    return r;
  }
  static mpfr_float upper_abs(const T& x) {
    mpfr_float a = boost::multiprecision::abs(lower(x)), b = boost::multiprecision::abs(upper(x));
    return a < b ? b : a;
  }
  static T exp(const T& x) { return boost::multiprecision::exp(x); }
  static T expm1(const T& x) { return boost::multiprecision::expm1(x); }
  static T log(const T& x) { return boost::multiprecision::log(x); }
  static T sqrt(const T& x) { return boost::multiprecision::sqrt(x); }
  static T from_mpfi(const mpfi_float& x) {
    T r;
    mpfi_set(r.backend().data(), x.backend().data());  // rounds outward to the current precision
    return r;
  }
};

// ---------------------------------------------------------------- double_interval
template <>
struct scalar_traits<double_interval> {
  static constexpr long product_exponent_limit = 510;
  using T = double_interval;
  using mid_type = double;
  static constexpr bool is_interval = true;
  static constexpr bool is_rigorous = true;
  static constexpr bool screens_in_double_interval = false;
  static const char* name() { return "interval"; }
  static unsigned precision_bits() { return 53; }
  static double unit_roundoff() { return std::ldexp(1.0, -53); }

  static double lower(const T& x) { return x.lower(); }
  static double upper(const T& x) { return x.upper(); }
  static mpfr_float lower_exact(const T& x) { return detail::exact_mpfr(x.lower()); }
  static mpfr_float upper_exact(const T& x) { return detail::exact_mpfr(x.upper()); }
  static mpfi_float to_mpfi(const T& x) { return detail::mpfi_from_bounds(lower_exact(x), upper_exact(x)); }
  static double mid(const T& x) {
    if (x.lower() == -x.upper()) return 0.0;
    if (!std::isfinite(x.lower()) || !std::isfinite(x.upper()))
      return std::isfinite(x.lower()) ? x.lower() : (std::isfinite(x.upper()) ? x.upper() : 0.0);
    // No overflow; halving a subnormal can round, so clamp back into [lower, upper].
    return std::min(std::max(x.lower() / 2 + x.upper() / 2, x.lower()), x.upper());
  }
  // Upper bound on max(hi - mid, mid - lo), computed by MPFR rounding upward.
  static double rad(const T& x) {
    double m = mid(x);
    mpfr_t a, b, c;
    mpfr_inits2(53, a, b, c, (mpfr_ptr)0);
    mpfr_set_d(a, x.upper(), MPFR_RNDN);
    mpfr_set_d(b, m, MPFR_RNDN);
    mpfr_sub(c, a, b, MPFR_RNDU);
    double r1 = mpfr_get_d(c, MPFR_RNDU);
    mpfr_set_d(a, x.lower(), MPFR_RNDN);
    mpfr_sub(c, b, a, MPFR_RNDU);
    double r2 = mpfr_get_d(c, MPFR_RNDU);
    mpfr_clears(a, b, c, (mpfr_ptr)0);
    return std::max(r1, r2);
  }
  static T point(double m) { return T(m); }
  static T interval(double lo, double hi) { return T(lo, hi); }
  static T remainder(double r) { return T(-std::fabs(r), std::fabs(r)); }
  static T hull(const T& a, const T& b) { return boost::numeric::hull(a, b); }
  static T symmetrize(const T& a, const T& b) {
    if (!boost::numeric::overlap(a, b))
      throw std::logic_error("incert: two enclosures of one value are disjoint");
    return boost::numeric::intersect(a, b);
  }
  static bool contains(const T& x, double v) { return x.lower() <= v && v <= x.upper(); }
  static bool contains(const T& x, const T& inner) {
    return x.lower() <= inner.lower() && inner.upper() <= x.upper();
  }
  static bool is_finite(const T& x) { return std::isfinite(x.lower()) && std::isfinite(x.upper()); }

  static bool certainly_lt(const T& a, const T& b) { return a.upper() < b.lower(); }
  static bool certainly_le(const T& a, const T& b) { return a.upper() <= b.lower(); }
  static bool possibly_lt(const T& a, const T& b) { return a.lower() < b.upper(); }
  static bool possibly_le(const T& a, const T& b) { return a.lower() <= b.upper(); }

  static T max(const T& a, const T& b) { return boost::numeric::max(a, b); }
  static T min(const T& a, const T& b) { return boost::numeric::min(a, b); }
  static T abs(const T& x) { return boost::numeric::abs(x); }
  static T square(const T& x) { return boost::numeric::square(x); }
  static double upper_abs(const T& x) { return std::max(std::fabs(x.lower()), std::fabs(x.upper())); }
  static T exp(const T& x) { return boost::numeric::exp(x); }
  static T expm1(const T& x) { return incert::expm1(x); }
  static T log(const T& x) { return boost::numeric::log(x); }
  static T sqrt(const T& x) { return boost::numeric::sqrt(x); }
  static T from_mpfi(const mpfi_float& x) {
    mpfr_float lo = scalar_traits<mpfi_float>::lower(x), hi = scalar_traits<mpfi_float>::upper(x);
    return T(mpfr_get_d(lo.backend().data(), MPFR_RNDD), mpfr_get_d(hi.backend().data(), MPFR_RNDU));
  }
};

// ---------------------------------------------------------------- shorthands
template <class T>
inline constexpr bool is_interval_v = scalar_traits<T>::is_interval;
template <class T>
inline constexpr bool is_rigorous_v = scalar_traits<T>::is_rigorous;

template <class T>
bool certainly_gt(const T& a, const T& b) { return scalar_traits<T>::certainly_lt(b, a); }
template <class T>
bool certainly_ge(const T& a, const T& b) { return scalar_traits<T>::certainly_le(b, a); }
template <class T>
bool certainly_positive(const T& x) { return scalar_traits<T>::certainly_lt(T(0), x); }
template <class T>
bool possibly_zero(const T& x) {
  return scalar_traits<T>::possibly_le(x, T(0)) && scalar_traits<T>::possibly_le(T(0), x);
}

// Certification entry points call this: only interval types may certify anything.
#define INCERT_REQUIRE_RIGOROUS(T)                                                       \
  static_assert(::incert::scalar_traits<T>::is_rigorous,                                 \
                "certification needs a rigorous interval scalar (mpfi_float or "         \
                "double_interval); use the approx_ functions for point types")

}  // namespace incert
