// incert/scalar/double_interval.hpp
//
// The double-interval scalar: boost::numeric::interval<double> with a policy that is
// sound under the project's release flags (-O2 -frounding-math).
//
// Why this policy (docs/measured_facts.md section 1, measured with GCC 12 / Clang 14):
//  * arithmetic: rounded_arith_opp (round upward once, get the lower bound as -(-a op b))
//    is the only Boost rounding class that encloses 1/3 and 0.1+0.2 at -O2 with both
//    g++ and clang++, provided -frounding-math is on (the CMake target sets it);
//  * save_state: every interval operation sets upward rounding and restores the caller's
//    mode afterwards, so plain double code elsewhere keeps round-to-nearest;
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
#include <cmath>
#include <limits>

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

}  // namespace detail

// Rounding class: Boost's opposite-trick arithmetic plus MPFR transcendental bounds.
struct mpfr_transc_rounding : boost::numeric::interval_lib::rounded_arith_opp<double> {
  double exp_down(double x) { return detail::mpfr_directed(mpfr_exp, x, MPFR_RNDD); }
  double exp_up(double x) { return detail::mpfr_directed(mpfr_exp, x, MPFR_RNDU); }
  double log_down(double x) { return detail::mpfr_directed(mpfr_log, x, MPFR_RNDD); }
  double log_up(double x) { return detail::mpfr_directed(mpfr_log, x, MPFR_RNDU); }
  double expm1_down(double x) { return detail::mpfr_directed(mpfr_expm1, x, MPFR_RNDD); }
  double expm1_up(double x) { return detail::mpfr_directed(mpfr_expm1, x, MPFR_RNDU); }
  double sqrt_down(double x) { return detail::mpfr_directed(mpfr_sqrt, x, MPFR_RNDD); }
  double sqrt_up(double x) { return detail::mpfr_directed(mpfr_sqrt, x, MPFR_RNDU); }
};

using double_interval_policies = boost::numeric::interval_lib::policies<
    boost::numeric::interval_lib::save_state<mpfr_transc_rounding>,
    boost::numeric::interval_lib::checking_base<double>>;

// The project's double-interval scalar type.
using double_interval = boost::numeric::interval<double, double_interval_policies>;

// expm1 is not part of Boost.Interval; monotone increasing, so bounds map to bounds.
inline double_interval expm1(const double_interval& x) {
  mpfr_transc_rounding rnd;
  return double_interval(rnd.expm1_down(x.lower()), rnd.expm1_up(x.upper()), true);
}

}  // namespace incert
