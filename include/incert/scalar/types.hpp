// incert/scalar/types.hpp
//
// The scalar types incert is written over, and the working-precision switch.
//   double, long double            point arithmetic, approximations only (approx_...)
//   incert::mpfr_float             Boost.Multiprecision MPFR float, run-time precision, approximations only
//   incert::mpfi_float             Boost.Multiprecision MPFI interval, run-time precision, rigorous
//   incert::double_interval        Boost.Numeric.Interval<double>, sound policy, rigorous
// Expression templates are off: Eigen and the generic algorithms want plain value types.
#pragma once

#include <boost/multiprecision/mpfi.hpp>
#include <boost/multiprecision/mpfr.hpp>

#include "incert/scalar/double_interval.hpp"

#include <stdexcept>

namespace incert {

using mpfr_float = boost::multiprecision::number<boost::multiprecision::mpfr_float_backend<0>,
                                                 boost::multiprecision::et_off>;
using mpfi_float = boost::multiprecision::number<boost::multiprecision::mpfi_float_backend<0>,
                                                 boost::multiprecision::et_off>;

// MPFR's exponent range is widened once to its maximum, so that alpha = 1e-1000000 and
// e^(2 sigma t) at such scales are ordinary numbers rather than underflow/overflow. Once per
// thread: MPFR built thread-safe keeps the range per thread (theory/parallel_tasks.hpp).
inline void widen_mpfr_exponent_range() {
  static thread_local const bool done = [] {
    mpfr_set_emin(mpfr_get_emin_min());
    mpfr_set_emax(mpfr_get_emax_max());
    return true;
  }();
  (void)done;
}

// Precision (bits) that a freshly constructed mpfr_float / mpfi_float gets now.
inline unsigned current_precision_bits() {
  mpfr_float probe;
  return static_cast<unsigned>(mpfr_get_prec(probe.backend().data()));
}

// Sets the working precision of newly constructed mpfr_float / mpfi_float values to at
// least `bits` (Boost stores it in decimal digits; the smallest digit count that gives at
// least `bits` bits is chosen) and returns the precision actually in force.
inline unsigned set_working_precision(unsigned bits) {
  if (bits < 24) throw std::invalid_argument("precision must be at least 24 bits");
  widen_mpfr_exponent_range();
  unsigned d10 = bits * 301u / 1000u;
  if (d10 == 0) d10 = 1;
  for (;;) {
    mpfr_float::default_precision(d10);
    mpfi_float::default_precision(d10);
    if (current_precision_bits() >= bits) break;
    ++d10;
  }
  while (d10 > 1) {  // step back while still enough
    mpfr_float::default_precision(d10 - 1);
    if (current_precision_bits() < bits) {
      mpfr_float::default_precision(d10);
      break;
    }
    mpfi_float::default_precision(d10 - 1);
    --d10;
  }
  mpfi_float::default_precision(d10);
  return current_precision_bits();
}

// RAII: a precision for a scope, the previous one restored after.
class precision_scope {
 public:
  explicit precision_scope(unsigned bits)
      : old_mpfr_(mpfr_float::default_precision()), old_mpfi_(mpfi_float::default_precision()) {
    bits_ = set_working_precision(bits);
  }
  ~precision_scope() {
    mpfr_float::default_precision(old_mpfr_);
    mpfi_float::default_precision(old_mpfi_);
  }
  precision_scope(const precision_scope&) = delete;
  precision_scope& operator=(const precision_scope&) = delete;
  unsigned bits() const { return bits_; }

 private:
  unsigned old_mpfr_, old_mpfi_, bits_ = 0;
};

}  // namespace incert
