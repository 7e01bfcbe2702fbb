// tests/support/mpfr_box.hpp
//
// Raw MPFR numbers for reference checks: Mp (an mpfr_t with its own precision, movable),
// exact copies of MPFR values, and Box, the exact endpoints of an enclosure of any scalar type
// (for containment and overlap checks done in MPFR with explicit rounding directions).
// Used by test_theorem_check and test_closed_form_factor.
#pragma once

#include "incert/scalar/traits.hpp"

#include <mpfr.h>

#include <algorithm>
#include <string>

namespace incert_test {

struct Mp {
  mpfr_t v;
  explicit Mp(mpfr_prec_t p = 1024) {
    mpfr_init2(v, p);
    mpfr_set_zero(v, 1);
  }
  ~Mp() {
    if (v->_mpfr_d) mpfr_clear(v);
  }
  Mp(Mp&& o) noexcept {
    *v = *o.v;
    o.v->_mpfr_d = nullptr;
  }
  Mp(const Mp&) = delete;
  Mp& operator=(const Mp&) = delete;
  Mp& operator=(Mp&&) = delete;
};

// An exact copy (the precision of x, at least 64 bits).
inline Mp exact(const incert::mpfr_float& x) {
  Mp r(std::max<mpfr_prec_t>(mpfr_get_prec(x.backend().data()), 64));
  mpfr_set(r.v, x.backend().data(), MPFR_RNDN);
  return r;
}

inline std::string str(mpfr_srcptr x) {
  char* s = nullptr;
  mpfr_asprintf(&s, "%.20Rg", x);
  std::string out(s);
  mpfr_free_str(s);
  return out;
}
inline std::string str(const Mp& x) { return str(x.v); }

// The exact endpoints of an enclosure.
struct Box {
  Mp lo, hi;
};
inline std::string str(const Box& b) { return "[" + str(b.lo) + ", " + str(b.hi) + "]"; }

template <class T>
Box box(const T& x) {
  using tr = incert::scalar_traits<T>;
  return Box{exact(tr::lower_exact(x)), exact(tr::upper_exact(x))};
}

}  // namespace incert_test
