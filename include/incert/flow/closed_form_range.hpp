// incert/flow/closed_form_range.hpp
//
// One enclosure of W~(t) = Phi^T W(t) Phi valid for EVERY t in a time range: a finite range
// [a, b] or the tail [a, inf). Used to certify statements "for all t in I" by subdivision
// (theory/conclusion_over_interval.hpp). Derivation: proofs/conclusion_over_interval.md.
//
//  * closed_form_hull(p, a, b): the scaled closed form (flow/closed_form.hpp) with the time
//    entering only through scale factors that are MONOTONE in t. With u_i = e^{-2 sigma_i t},
//      f_i^{-2} = V_ii/x_i + c_i = 1/sigma_i + u_i (V_ii/alpha - 1/sigma_i)   (affine in u_i),
//      d_i^{-2} = V_ii + alpha g_i(t)                                          (increasing in t),
//    (f_i^{-2} = V_ii/alpha + 2t on a zero eigenvalue), and the Corollary 2 curves are monotone
//    too. So each factor's range over [a, b] is the hull of its values at the two ends: exact,
//    no dependency blow-up. The tail [a, inf) is compactified: u_i in [0, e^{-2 sigma_i a}]
//    (v = 1/(2t) in [0, 1/(2a)] on zero eigenvalues), and the factor at u = 0 (v = 0) is its
//    limit t -> inf: f_i -> sigma_i^{1/2}, d_i -> 0 (so C -> I). The core C^{-1} is the
//    verified inverse of the interval matrix C built from the factor ranges; on the tail it is
//    refined componentwise (X := X intersected with R + (I - R C) X).
//  * mean_value_enclosure: W~(t) in W~(m) + [a - m, b - m] R, R an enclosure of the ODE right
//    side W~ Sigma + Sigma W~ - 2 W~^2 over the range (it is dW~/dt), and the second-order
//    Taylor form with W~'(m) and W~'' over the range, intersected with the hull enclosure:
//    tight on the plateaus where dW~/dt ~ 0.
//  * closed_form_over_times: both, around the midpoint.
// Without a verified V = W~0^{-1} (singular W~0, not spectral) a finite range falls back to
// closed_form_eigenbasis at an interval time (sound by inclusion isotonicity, but wider), and the
// tail is the factor form's (closed_form_factor_time_tail, proofs/closed_form_factor.md section 6)
// for a factor U0, else not available (nothing returned).
#pragma once

#include "incert/scalar/scalar_list.hpp"

#include "incert/flow/closed_form.hpp"
#include "incert/linalg/matrix_ops.hpp"

#include <optional>
#include <vector>

namespace incert {

namespace detail {

// f_i = (V_ii/x_i + c_i)^{-1/2} and d_i = (V_ii + x_i c_i)^{-1/2} of closed_form_scaled at t.
template <class T>
void scaled_factors_at(const enclosed_problem<T>& p, const mpfi_float& t, std::vector<mpfi_float>& f, std::vector<mpfi_float>& d) {
  f.resize(p.n);
  d.resize(p.n);
  for (std::size_t i = 0; i < p.n; ++i) {
    const auto ii = static_cast<Eigen::Index>(i);
    growth_factors<mpfi_float> g = growth(p.wide.sigma[i], p.sigma_is_zero[i], p.wide.log_alpha, p.wide.alpha, t);
    mpfi_float V_ii = scalar_traits<T>::to_mpfi((*p.V)(ii, ii));
    d[i] = mpfi_float(1) / sqrt(V_ii + g.x * g.c);
    f[i] = sqrt(mpfi_float(1) / (V_ii / g.x + g.c));
  }
}

// X encloses C~^{-1} for every C~ in the interval matrix C. Since C~^{-1} = R + (I - R C~) C~^{-1}
// for any R, X is intersected with R + (I - R C) X, R = mid(X): the componentwise refinement
// removes the uniform Neumann term of verified_inverse from the well-determined entries (e.g.
// the learned block when the block of zero eigenvalues varies widely over a tail).
template <class T>
void refine_inverse_enclosure(const matrix<T>& C, matrix<T>& X, int steps) {
  const Eigen::Index n = C.rows();
  for (int s = 0; s < steps; ++s) {
    matrix<T> R = point_matrix<T>(mid_matrix(X));
    matrix<T> E = multiply(R, C);
    for (Eigen::Index i = 0; i < n; ++i)
      for (Eigen::Index j = 0; j < n; ++j) E(i, j) = (i == j ? T(1) : T(0)) - E(i, j);
    matrix<T> X1 = multiply(E, X);
    for (Eigen::Index i = 0; i < n; ++i)
      for (Eigen::Index j = 0; j < n; ++j) X(i, j) = scalar_traits<T>::symmetrize(X(i, j), T(R(i, j) + X1(i, j)));
  }
}

inline mpfi_float mpfi_hull(const mpfi_float& a, const mpfi_float& b) { return scalar_traits<mpfi_float>::hull(a, b); }

inline void require_ordered_range(const mpfi_float& a, const std::optional<mpfi_float>& b) {
  require_nonnegative_time(a);
  if (b && scalar_traits<mpfi_float>::upper(*b) < scalar_traits<mpfi_float>::lower(a))
    throw std::invalid_argument("closed form over a time range: the range is empty (b < a)");
}

}  // namespace detail

// Encloses W~(t) for every t in [lower(a), upper(b)] (b empty: [lower(a), inf)); a >= 0.
template <class T>
std::optional<scaled_symmetric_matrix<T>> closed_form_hull(const enclosed_problem<T>& p, const mpfi_float& a,
                                                           const std::optional<mpfi_float>& b) {
  using traits = scalar_traits<T>;
  detail::require_ordered_range(a, b);
  const Eigen::Index n = static_cast<Eigen::Index>(p.n);
  if (p.spectral) {
    // sigma_W,i(t) is monotone in t (proof section 2); its limit is sigma_i if s0 > 0 and
    // sigma_i > 0, else 0. An s0 enclosure that is neither certainly > 0 nor exactly 0 gets both.
    scaled_symmetric_matrix<T> W = closed_form_spectral(p, a);
    std::optional<scaled_symmetric_matrix<T>> Wb;
    if (b) Wb = closed_form_spectral(p, *b);
    for (Eigen::Index i = 0; i < n; ++i) {
      const std::size_t k = static_cast<std::size_t>(i);
      mpfi_float other;
      if (Wb) {
        other = Wb->scale[k];
      } else {
        const T& s0 = p.Wt0(i, i);
        mpfi_float limit = p.sigma_is_zero[k] ? mpfi_float(0) : sqrt(p.wide.sigma[k]);
        if (certainly_positive(s0)) other = limit;
        else if (traits::upper(s0) <= 0) other = mpfi_float(0);
        else other = detail::mpfi_hull(mpfi_float(0), limit);
      }
      W.scale[k] = detail::mpfi_hull(W.scale[k], other);
    }
    return W;
  }
  if (!p.V) {  // no monotone scaled form: one interval-time evaluation (factor or naive form)
    if (!b) return p.Ut0 ? closed_form_factor_time_tail(p, a) : std::nullopt;  // the factor form's tail, else none
    return closed_form_eigenbasis(p, detail::mpfi_hull(a, *b));
  }
  std::vector<mpfi_float> f, d, fb, db;
  detail::scaled_factors_at(p, a, f, d);
  if (b) {
    detail::scaled_factors_at(p, *b, fb, db);
  } else {
    fb.resize(p.n);
    db.assign(p.n, mpfi_float(0));  // d_i -> 0: alpha g_i(t) -> inf
    for (std::size_t i = 0; i < p.n; ++i) fb[i] = p.sigma_is_zero[i] ? mpfi_float(0) : sqrt(p.wide.sigma[i]);
  }
  scaled_symmetric_matrix<T> W;
  W.scale.resize(p.n);
  for (std::size_t i = 0; i < p.n; ++i) {
    W.scale[i] = detail::mpfi_hull(f[i], fb[i]);
    d[i] = detail::mpfi_hull(d[i], db[i]);
  }
  const matrix<T> C = detail::unit_diagonal_core(*p.V, d);
  std::optional<matrix<T>> X = verified_inverse(C);
  if (!X) return std::nullopt;
  if (!b) detail::refine_inverse_enclosure(C, *X, 2);  // the tail, where C varies most
  symmetrize(*X);
  W.core = std::move(*X);
  return W;
}

// dW~/dt = W~ Sigma + Sigma W~ - 2 W~^2 (the ODE in Y's eigenbasis), entry-wise for an
// enclosure W of W~ over a range: an enclosure of the derivative over that range.
template <class T>
matrix<T> riccati_rhs(const enclosed_problem<T>& p, const matrix<T>& W) {
  matrix<T> R = multiply(W, W);
  for (Eigen::Index i = 0; i < W.rows(); ++i)
    for (Eigen::Index j = 0; j < W.cols(); ++j)
      R(i, j) = (p.sigma[static_cast<std::size_t>(i)] + p.sigma[static_cast<std::size_t>(j)]) * W(i, j) - T(2) * R(i, j);
  symmetrize(R);
  return R;
}

// d^2W~/dt^2 = W~' Sigma + Sigma W~' - 2 (W~' W~ + W~ W~') (the ODE differentiated), for
// enclosures W of W~ and D1 of W~' = riccati_rhs(W) over a range.
template <class T>
matrix<T> riccati_second(const enclosed_problem<T>& p, const matrix<T>& W, const matrix<T>& D1) {
  matrix<T> A = multiply(D1, W), B = multiply(W, D1);
  matrix<T> D2(W.rows(), W.cols());
  for (Eigen::Index i = 0; i < W.rows(); ++i)
    for (Eigen::Index j = 0; j < W.cols(); ++j)
      D2(i, j) = (p.sigma[static_cast<std::size_t>(i)] + p.sigma[static_cast<std::size_t>(j)]) * D1(i, j) - T(2) * (A(i, j) + B(i, j));
  symmetrize(D2);
  return D2;
}

// W_range encloses W~ over [lower(a), upper(b)], W_m encloses W~(m) at a time m (an enclosure)
// inside it. Returns W_range intersected with the two centred forms
//   W~(m) + [t - m] W~'([a, b])                                  (mean value),
//   W~(m) + [t - m] W~'(m) + [0, max|t - m|^2 / 2] W~''([a, b])   (Taylor, second order),
// W~' from riccati_rhs, W~'' from riccati_second: on a plateau (W~' ~ 0) the second is
// narrower by a factor ~ |b - a| than the range enclosure.
// D1m = riccati_rhs(p, W_m), computed by the caller when it needs it too; D2_out, when given,
// receives the enclosure of W~'' over the range (from W_range).
template <class T>
matrix<T> mean_value_enclosure(const enclosed_problem<T>& p, const matrix<T>& W_range, const mpfi_float& a,
                               const mpfi_float& b, const mpfi_float& m, const matrix<T>& W_m, const matrix<T>& D1m,
                               matrix<T>* D2_out = nullptr) {
  using traits = scalar_traits<T>;
  matrix<T> D1 = riccati_rhs(p, W_range);
  matrix<T> D2 = riccati_second(p, W_range, D1);
  T offset = traits::from_mpfi(mpfi_float(detail::mpfi_hull(a, b) - m));
  T half_square = traits::hull(T(0), T(traits::square(offset) / T(2)));
  matrix<T> W = W_range;
  for (Eigen::Index i = 0; i < W.rows(); ++i)
    for (Eigen::Index j = 0; j < W.cols(); ++j) {
      W(i, j) = traits::symmetrize(W(i, j), T(W_m(i, j) + offset * D1(i, j)));
      W(i, j) = traits::symmetrize(W(i, j), T(W_m(i, j) + offset * D1m(i, j) + half_square * D2(i, j)));
    }
  if (D2_out) *D2_out = std::move(D2);
  return W;
}

template <class T>
matrix<T> mean_value_enclosure(const enclosed_problem<T>& p, const matrix<T>& W_range, const mpfi_float& a,
                               const mpfi_float& b, const mpfi_float& m, const matrix<T>& W_m) {
  return mean_value_enclosure(p, W_range, a, b, m, W_m, riccati_rhs(p, W_m));
}

// The tightest of the above over [lower(a), upper(b)] (tail when b is empty), materialized in T.
template <class T>
std::optional<matrix<T>> closed_form_over_times(const enclosed_problem<T>& p, const mpfi_float& a, const std::optional<mpfi_float>& b) {
  INCERT_REQUIRE_RIGOROUS(T);
  auto H = closed_form_hull(p, a, b);
  if (!H) return std::nullopt;
  matrix<T> W = H->materialize();
  if (!b) return W;
  using mt = scalar_traits<mpfi_float>;
  mpfi_float m = mt::point(mt::mid(detail::mpfi_hull(a, *b)));
  auto Wm = closed_form_eigenbasis(p, m);
  if (!Wm) return W;
  return mean_value_enclosure(p, W, a, *b, m, Wm->materialize());
}

// Compiled once per scalar into the library (lib/instantiate_<scalar>.cpp, scalar/scalar_list.hpp).
#define INCERT_INSTANTIATE_CLOSED_FORM_RANGE(EXTERN, T) \
  EXTERN template std::optional<matrix<T>> closed_form_over_times<T>(const enclosed_problem<T>&, const mpfi_float&, const std::optional<mpfi_float>&);
#if INCERT_EXTERN_TEMPLATES
#define INCERT_X(T) INCERT_INSTANTIATE_CLOSED_FORM_RANGE(extern, T)
INCERT_FOR_EACH_RIGOROUS_SCALAR(INCERT_X)
#undef INCERT_X
#endif

}  // namespace incert
