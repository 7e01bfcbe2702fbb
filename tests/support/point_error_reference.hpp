// Test support: the error e(t) = ||W(t) - Y^_k||_2 at single exact times, at high precision, by
// the point-time pipeline only (closed_form_eigenbasis at a point time + enclose_symmetric_norm2
// at the working precision). It shares no code with the time-range evaluation
// (flow/closed_form_range.hpp, theory/conclusion_over_interval.hpp, theory/eps_window.hpp), whose
// tests use it as the reference; the point pipeline itself is checked against an ODE integration
// in tests/test_closed_form.cpp.
#pragma once

#include "incert/flow/closed_form.hpp"
#include "incert/theory/error_to_rank.hpp"

#include <gmpxx.h>

#include <optional>
#include <stdexcept>
#include <string>

namespace incert_test {

class point_error_reference {
 public:
  explicit point_error_reference(const incert::instance& in, unsigned bits = 256) : bits_(bits) {
    incert::precision_scope scope(bits_);
    p_ = incert::enclose_problem<incert::mpfi_float>(in);
    eps_ = incert::enclose_mpfi(in.epsilon);
  }

  // W~(t) at the exact time t (>= 0), as MPFI entries at `bits`.
  incert::matrix<incert::mpfi_float> W(const incert::mpfi_float& t) const {
    incert::precision_scope scope(bits_);
    auto Wt = incert::closed_form_eigenbasis(p_, t);
    if (!Wt) throw std::runtime_error("point_error_reference: closed form not certified");
    return Wt->materialize();
  }
  incert::matrix<incert::mpfi_float> W(const mpq_class& t) const { return W(time(t)); }

  // e(t) for k at the exact time t.
  incert::mpfi_float error(std::size_t k, const mpq_class& t) const { return error(k, time(t)); }
  incert::mpfi_float error(std::size_t k, const incert::mpfi_float& t) const {
    incert::precision_scope scope(bits_);
    auto e = incert::enclose_symmetric_norm2(incert::detail::minus_target(W(t), p_.sigma, k));
    if (!e) throw std::runtime_error("point_error_reference: norm not certified");
    return *e;
  }

  // -1: e(t) < eps certainly, +1: e(t) > eps certainly, 0: not decided at `bits`.
  int side(std::size_t k, const mpq_class& t) const {
    incert::precision_scope scope(bits_);
    incert::mpfi_float e = error(k, t);
    using tr = incert::scalar_traits<incert::mpfi_float>;
    if (tr::certainly_lt(e, eps_)) return -1;
    if (tr::certainly_lt(eps_, e)) return 1;
    return 0;
  }

  // A crossing of eps between a and b (e(a), e(b) certified on opposite sides), by bisection on
  // exact rationals to width `width`: returns [lo, hi] with the two sides certified at lo and hi.
  std::pair<mpq_class, mpq_class> crossing(std::size_t k, mpq_class a, mpq_class b, const mpq_class& width) const {
    const int sa = side(k, a), sb = side(k, b);
    if (sa == 0 || sb == 0 || sa == sb) throw std::logic_error("point_error_reference::crossing: no certified sign change");
    while (b - a > width) {
      mpq_class m = (a + b) / 2;
      const int sm = side(k, m);
      if (sm == 0) throw std::logic_error("point_error_reference::crossing: undecided at the working precision");
      (sm == sa ? a : b) = m;
    }
    return {a, b};
  }

  const incert::enclosed_problem<incert::mpfi_float>& problem() const { return p_; }
  unsigned bits() const { return bits_; }

 private:
  incert::mpfi_float time(const mpq_class& t) const {
    incert::precision_scope scope(bits_);
    return incert::enclose_mpfi(t);
  }

  unsigned bits_;
  incert::enclosed_problem<incert::mpfi_float> p_;
  incert::mpfi_float eps_;
};

// An mpfr_float as an exact rational.
inline mpq_class to_rational(const incert::mpfr_float& x) {
  mpq_class q;
  mpfr_get_q(q.get_mpq_t(), x.backend().data());
  return q;
}

}  // namespace incert_test
