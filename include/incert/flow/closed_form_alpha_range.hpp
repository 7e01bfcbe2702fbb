// incert/flow/closed_form_alpha_range.hpp
//
// One enclosure of W~_alpha(t) at the scaled time t = tau ln(1/alpha) valid for EVERY alpha with
// l = ln(1/alpha) in [l_a, l_b] (l_b empty: [l_a, inf), i.e. every alpha in (0, e^{-l_a}]).
// Used to certify "E_k(alpha) is non-empty for every alpha of a range" (api/threshold.hpp).
// Derivation: proofs/threshold.md, section 2.
//
// The scaled closed form (flow/closed_form.hpp, proofs/closed_form_scaled.md) depends on alpha
// and t only through, per eigenvalue sigma_i,
//   x_i = alpha e^{2 sigma_i t} = e^{(2 sigma_i tau - 1) l},   c_i = (1 - e^{-2 sigma_i tau l}) / sigma_i
// (x_i = e^{-l}, c_i = 2 tau l on a zero eigenvalue), as f_i = (V_ii / x_i + c_i)^{-1/2} and
// d_i = (V_ii + x_i c_i)^{-1/2}. Each of 1/x_i, x_i and c_i is MONOTONE in l, so its range over
// [l_a, l_b] is the hull of its values at the ends (the limit l -> inf for the tail: 0, inf or 1
// by the sign of 2 sigma_i tau - 1, and 1/sigma_i for c_i). The sums and products of these ranges
// contain f_i^{-2} and d_i^{-2} for every l of the range (inclusion isotonicity), hence
// W~ = diag(f) C^{-1} diag(f), C_ij = V_ij d_i d_j (C_ii = 1), is enclosed for the whole range by
// one interval evaluation, and so is ||W~ - diag(sigma_1..sigma_k, 0..)||_2.
// Needs a verified V = W~0^{-1} (p.V); nothing otherwise, or when C is not certified invertible.
//
// closed_form_factor_over_log_alpha: the same for a factor U0 (W~0 = U~ U~^T, possibly singular,
// r < n) through the r x r factor form (flow/closed_form_factor.hpp), fed with the same ranges of
// x_i, 1/x_i, c_i, x_i c_i and with t ranging over tau [l_a, l_b] (proofs/threshold.md, section 8).
// closed_form_over_log_alpha_any picks the form as closed_form_eigenbasis does.
#pragma once

#include "incert/flow/closed_form.hpp"
#include "incert/flow/closed_form_factor.hpp"
#include "incert/flow/enclosed_problem.hpp"
#include "incert/flow/scaled_symmetric_matrix.hpp"

#include <optional>
#include <stdexcept>
#include <string>

namespace incert {

namespace detail {

// Ranges of 1/x_i, x_i, c_i and x_i c_i for l in [l_a, l_b] (l_b empty: the tail).
struct growth_ranges {
  mpfi_float inv_x, x, c, xc;
};

inline mpfi_float mpfi_interval(const mpfr_float& lo, const mpfr_float& hi) { return scalar_traits<mpfi_float>::interval(lo, hi); }

inline growth_ranges growth_over_log_alpha(const mpfi_float& sigma, bool sigma_is_zero, const mpfi_float& tau, const mpfr_float& l_a,
                                           const std::optional<mpfr_float>& l_b) {
  using mt = scalar_traits<mpfi_float>;
  const mpfi_float la = mt::point(l_a);
  growth_ranges g;
  if (sigma_is_zero) {
    // x = e^{-l} decreasing, c = 2 tau l increasing; on the tail x c = 2 tau l e^{-l} <= 2 tau max(l_a e^{-l_a}, e^{-1}).
    const mpfi_float xa = exp(mpfi_float(-la)), ca = 2 * tau * la;
    if (l_b) {
      const mpfi_float lb = mt::point(*l_b);
      g.x = mt::hull(xa, exp(mpfi_float(-lb)));
      g.c = mt::hull(ca, mpfi_float(2 * tau * lb));
    } else {
      g.x = mt::hull(xa, mpfi_float(0));
      g.c = positive_infinity_interval(ca);
    }
    if (l_b) {
      g.inv_x = mpfi_float(1) / g.x;
      g.xc = g.x * g.c;  // both finite and positive
      return g;
    }
    g.inv_x = positive_infinity_interval(mpfi_float(1) / xa);
    const mpfi_float peak = l_a >= 1 ? mpfi_float(la * xa) : mpfi_float(exp(mpfi_float(-1)));
    g.xc = mt::hull(mpfi_float(0), mpfi_float(2 * tau * peak));
    return g;
  }
  const mpfi_float rate = 2 * sigma * tau - 1;  // x = e^{rate l}
  auto x_at = [&](const mpfi_float& l) { return mpfi_float(exp(mpfi_float(rate * l))); };
  auto c_at = [&](const mpfi_float& l) { return mpfi_float(-expm1(mpfi_float(-2 * sigma * tau * l)) / sigma); };
  const mpfi_float xa = x_at(la), ca = c_at(la);
  if (l_b) {
    const mpfi_float lb = mt::point(*l_b);
    g.x = mt::hull(xa, x_at(lb));
    g.c = mt::hull(ca, c_at(lb));
    g.inv_x = mpfi_float(1) / g.x;
    g.xc = g.x * g.c;
    return g;
  }
  g.c = mt::hull(ca, mpfi_float(mpfi_float(1) / sigma));  // c > 0: l_a > 0 on the tail
  if (mt::certainly_lt(mpfi_float(0), rate)) {  // x -> inf
    g.x = positive_infinity_interval(xa);
    g.inv_x = mt::hull(mpfi_float(mpfi_float(1) / xa), mpfi_float(0));
  } else if (mt::certainly_lt(rate, mpfi_float(0))) {  // x -> 0
    g.x = mt::hull(xa, mpfi_float(0));
    g.inv_x = positive_infinity_interval(mpfi_float(1) / xa);
  } else {  // rate undecided (or 0): any value in [0, inf]
    g.x = positive_infinity_interval(mpfi_float(0));
    g.inv_x = g.x;
  }
  g.xc = g.x * g.c;
  return g;
}

// std::invalid_argument unless 0 < l_a <= l_b and tau > 0.
inline void require_log_alpha_range(const char* who, const mpfi_float& tau, const mpfr_float& l_a, const std::optional<mpfr_float>& l_b) {
  if (!(l_a > 0) || (l_b && *l_b < l_a)) throw std::invalid_argument(std::string(who) + ": need 0 < l_a <= l_b");
  if (!scalar_traits<mpfi_float>::certainly_lt(mpfi_float(0), tau)) throw std::invalid_argument(std::string(who) + ": tau must be > 0");
}

}  // namespace detail

// Encloses W~_alpha(tau ln(1/alpha)) for every alpha with ln(1/alpha) in [l_a, l_b] (l_b empty:
// [l_a, inf)); l_a > 0, tau > 0.
template <class T>
std::optional<scaled_symmetric_matrix<T>> closed_form_over_log_alpha(const enclosed_problem<T>& p, const mpfi_float& tau, const mpfr_float& l_a,
                                                                     const std::optional<mpfr_float>& l_b) {
  using traits = scalar_traits<T>;
  if (!p.V) return std::nullopt;
  detail::require_log_alpha_range("closed_form_over_log_alpha", tau, l_a, l_b);
  const matrix<T>& V = *p.V;
  std::vector<mpfi_float> d(p.n);
  scaled_symmetric_matrix<T> W;
  W.scale.resize(p.n);
  for (std::size_t i = 0; i < p.n; ++i) {
    const auto ii = static_cast<Eigen::Index>(i);
    const detail::growth_ranges g = detail::growth_over_log_alpha(p.wide.sigma[i], p.sigma_is_zero[i], tau, l_a, l_b);
    const mpfi_float V_ii = traits::to_mpfi(V(ii, ii));
    d[i] = mpfi_float(1) / sqrt(mpfi_float(V_ii + g.xc));
    W.scale[i] = mpfi_float(1) / sqrt(mpfi_float(V_ii * g.inv_x + g.c));
  }
  for (std::size_t i = 0; i < p.n; ++i)
    if (!scalar_traits<mpfi_float>::is_finite(d[i]) || !scalar_traits<mpfi_float>::is_finite(W.scale[i])) return std::nullopt;
  std::optional<matrix<T>> X = verified_inverse(detail::unit_diagonal_core(V, d));
  if (!X) return std::nullopt;
  symmetrize(*X);
  W.core = std::move(*X);
  return W;
}

// Encloses W~_alpha(tau ln(1/alpha)) for every alpha with ln(1/alpha) in [l_a, l_b] (l_b empty:
// [l_a, inf)) from the factor p.Ut0; nothing when the factor form does not certify (a refused
// infinite range included).
template <class T>
std::optional<scaled_symmetric_matrix<T>> closed_form_factor_over_log_alpha(const enclosed_problem<T>& p, const mpfi_float& tau, const mpfr_float& l_a,
                                                                            const std::optional<mpfr_float>& l_b) {
  using mt = scalar_traits<mpfi_float>;
  if (!p.Ut0) return std::nullopt;
  detail::require_log_alpha_range("closed_form_factor_over_log_alpha", tau, l_a, l_b);
  detail::factor_growth g;
  for (std::size_t i = 0; i < p.n; ++i) {
    const detail::growth_ranges r = detail::growth_over_log_alpha(p.wide.sigma[i], p.sigma_is_zero[i], tau, l_a, l_b);
    g.x.push_back(r.x);
    g.inv_x.push_back(r.inv_x);
    g.c.push_back(r.c);
    g.xc.push_back(r.xc);
  }
  const mpfi_float t_a = tau * mt::point(l_a);
  g.t = l_b ? mt::hull(t_a, mpfi_float(tau * mt::point(*l_b))) : detail::positive_infinity_interval(t_a);
  return detail::closed_form_factor_from_growth(p, g);
}

// The scaled form with a verified V, else the factor form, else nothing.
template <class T>
std::optional<scaled_symmetric_matrix<T>> closed_form_over_log_alpha_any(const enclosed_problem<T>& p, const mpfi_float& tau, const mpfr_float& l_a,
                                                                         const std::optional<mpfr_float>& l_b) {
  if (p.V) return closed_form_over_log_alpha(p, tau, l_a, l_b);
  return closed_form_factor_over_log_alpha(p, tau, l_a, l_b);
}

}  // namespace incert
