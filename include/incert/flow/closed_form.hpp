// incert/flow/closed_form.hpp
//
// The closed form of Proposition 1 (paper eq. 5-6) in Y's eigenbasis,
//   W~(t) = alpha S W~0 (I + alpha G W~0)^{-1} S,   S = diag(e^{sigma_i t}),
//   G = diag((e^{2 sigma_i t} - 1)/sigma_i), 2t on zero eigenvalues,
// and in the standard basis W(t) = Phi W~(t) Phi^T.
//
// Results are scaled_symmetric_matrix values W~_ij = f_i f_j X_ij: the scale factors f_i are
// MPFI enclosures (any exponent), the core X is in T and O(1). Three evaluations:
//  * closed_form_scaled: with V = W~0^{-1}, B = V + alpha G and d_i = B_ii^{-1/2},
//      X = C^{-1},  C = D B D (unit diagonal),  f_i = sqrt(x_i / B_ii),  x_i = alpha e^{2 sigma_i t}.
//    cond(C) <= (lambda_max(C_V) + 1) / min(lambda_min(C_V), 1), C_V the unit-diagonal scaling of
//    V, whatever alpha and t are: accuracy and cost do not depend on alpha
//    (derivation: proofs/closed_form_scaled.md);
//  * closed_form_spectral: the scalar curves of Corollary 2 when W~0 is diagonal (f_i^2 = sigma_{i,W}, X = I);
//  * closed_form_naive: the formula as written, with a verified inverse of I + alpha G W~0 in T
//    (f = 1). Its conditioning grows with alpha e^{2 sigma_1 t}; kept as an independent
//    cross-check and for a singular W~0.
// Each returns nothing when the verification of an inverse fails at this precision.
#pragma once

#include "incert/scalar/scalar_list.hpp"

#include "incert/flow/closed_form_factor.hpp"
#include "incert/flow/enclosed_problem.hpp"
#include "incert/flow/scalar_curve.hpp"
#include "incert/flow/scaled_symmetric_matrix.hpp"

namespace incert {

namespace detail {

// C = D V D with unit diagonal, D = diag(d), d_i = B_ii^{-1/2}: the core matrix of the scaled closed
// form (proofs/closed_form_scaled.md), whose inverse is X of W~ = diag(f) X diag(f).
template <class T>
matrix<T> unit_diagonal_core(const matrix<T>& V, const std::vector<mpfi_float>& d) {
  const Eigen::Index n = V.rows();
  matrix<T> C(n, n);
  const scale_products<T> dd(d);
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index j = 0; j < n; ++j) C(i, j) = i == j ? T(1) : V(i, j) * dd(static_cast<std::size_t>(i), static_cast<std::size_t>(j));
  return C;
}

}  // namespace detail

// The time t is an MPFI enclosure in every evaluation: e^{2 sigma t} at t ~ 10^6 amplifies the
// relative error of t by 2 sigma t, so t is never rounded to T (callers with a T time use
// scalar_traits<T>::to_mpfi, which is exact).
template <class T>
std::optional<scaled_symmetric_matrix<T>> closed_form_scaled(const enclosed_problem<T>& p, const mpfi_float& t) {
  using traits = scalar_traits<T>;
  require_nonnegative_time(t);
  if (!p.V) throw std::invalid_argument("closed_form_scaled: W~0 is not certified invertible");
  const matrix<T>& V = *p.V;
  const Eigen::Index n = static_cast<Eigen::Index>(p.n);
  std::vector<mpfi_float> d(p.n);
  scaled_symmetric_matrix<T> W;
  W.scale.resize(p.n);
  for (Eigen::Index i = 0; i < n; ++i) {
    const std::size_t k = static_cast<std::size_t>(i);
    growth_factors<mpfi_float> g = growth(p.wide.sigma[k], p.sigma_is_zero[k], p.wide.log_alpha, p.wide.alpha, t);
    mpfi_float V_ii = traits::to_mpfi(V(i, i));
    d[k] = mpfi_float(1) / sqrt(V_ii + g.x * g.c);    // B_ii^{-1/2}, B_ii = V_ii + alpha g_i
    W.scale[k] = sqrt(mpfi_float(1) / (V_ii / g.x + g.c));  // sqrt(x / B_ii), x occurring once
  }
  std::optional<matrix<T>> X = verified_inverse(detail::unit_diagonal_core(V, d));
  if (!X) return std::nullopt;
  symmetrize(*X);
  W.core = std::move(*X);
  return W;
}

template <class T>
scaled_symmetric_matrix<T> closed_form_spectral(const enclosed_problem<T>& p, const mpfi_float& t) {
  using traits = scalar_traits<T>;
  require_nonnegative_time(t);
  const Eigen::Index n = static_cast<Eigen::Index>(p.n);
  const mpfi_float& t_wide = t;
  scaled_symmetric_matrix<T> W;
  W.core = matrix<T>::Identity(n, n);
  for (Eigen::Index i = 0; i < n; ++i) {
    const std::size_t k = static_cast<std::size_t>(i);
    mpfi_float curve = scalar_curve(p.wide.sigma[k], p.sigma_is_zero[k], traits::to_mpfi(p.Wt0(i, i)), p.wide.log_alpha, p.wide.alpha, t_wide);
    W.scale.push_back(sqrt(curve));
  }
  return W;
}

template <class T>
std::optional<scaled_symmetric_matrix<T>> closed_form_naive(const enclosed_problem<T>& p, const mpfi_float& t_wide) {
  using traits = scalar_traits<T>;
  require_nonnegative_time(t_wide);
  const T t = traits::from_mpfi(t_wide);
  const Eigen::Index n = static_cast<Eigen::Index>(p.n);
  std::vector<T> s(p.n), g(p.n);
  for (Eigen::Index i = 0; i < n; ++i) {
    if (p.sigma_is_zero[i]) {
      s[i] = T(1);
      g[i] = T(2) * t;
    } else {
      s[i] = traits::exp(p.sigma[i] * t);
      g[i] = traits::expm1(T(2) * p.sigma[i] * t) / p.sigma[i];
    }
  }
  matrix<T> M(n, n);
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index j = 0; j < n; ++j) M(i, j) = (i == j ? T(1) : T(0)) + p.alpha * g[i] * p.Wt0(i, j);
  std::optional<matrix<T>> X = verified_inverse(M);
  if (!X) return std::nullopt;
  matrix<T> core = multiply(p.Wt0, *X);
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index j = 0; j < n; ++j) core(i, j) = p.alpha * s[i] * core(i, j) * s[j];
  if (!all_finite(core)) return std::nullopt;
  symmetrize(core);
  scaled_symmetric_matrix<T> W;
  W.scale.assign(p.n, mpfi_float(1));
  W.core = std::move(core);
  return W;
}

// W~(t) by the best available evaluation (t >= 0, else std::domain_error).
template <class T>
std::optional<scaled_symmetric_matrix<T>> closed_form_eigenbasis(const enclosed_problem<T>& p, const mpfi_float& t) {
  require_nonnegative_time(t);
  if (p.spectral) return closed_form_spectral(p, t);
  if (p.V) return closed_form_scaled(p, t);
  if (p.Ut0)  // W~0 = U~ U~^T not certified invertible (r < n, say)
    if (auto W = closed_form_factor(p, t)) return W;
  return closed_form_naive(p, t);
}

// W(t) = Phi W~(t) Phi^T in the standard basis.
template <class T>
matrix<T> to_standard_basis(const enclosed_problem<T>& p, const matrix<T>& Wt) {
  if (p.identity_basis) return Wt;
  matrix<T> W = multiply(p.Phi, multiply(Wt, matrix<T>(p.Phi.transpose())));
  symmetrize(W);
  return W;
}

// W(t) = Phi W~(t) Phi^T in MPFI at the working precision, from W~'s entries f_i f_j X_ij (each an
// MPFI enclosure, exact conversions of X_ij and Phi): an entry far outside T's exponent range keeps
// its relative accuracy, which materializing W~ in T first would lose (double_interval flushes
// 1e-2000 to [0, 2^-1074]). An interval product, so it encloses the true W(t) wherever each factor
// encloses its true value (proofs/exact_input_and_output.md); for point T, an approximation.
template <class T>
matrix<mpfi_float> to_standard_basis(const enclosed_problem<T>& p, const scaled_symmetric_matrix<T>& Wt) {
  const Eigen::Index n = Wt.size();
  matrix<mpfi_float> E(n, n), Phi(n, n);
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index j = 0; j < n; ++j) E(i, j) = Wt.entry(i, j);
  if (p.identity_basis) return E;
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index j = 0; j < n; ++j) Phi(i, j) = scalar_traits<T>::to_mpfi(p.Phi(i, j));
  matrix<mpfi_float> W = multiply(Phi, multiply(E, matrix<mpfi_float>(Phi.transpose())));
  symmetrize(W);
  return W;
}

// Compiled once per scalar into the library (lib/instantiate_<scalar>.cpp, scalar/scalar_list.hpp).
#define INCERT_INSTANTIATE_CLOSED_FORM(EXTERN, T) \
  EXTERN template std::optional<scaled_symmetric_matrix<T>> closed_form_eigenbasis<T>(const enclosed_problem<T>&, const mpfi_float&); \
  EXTERN template matrix<T> to_standard_basis<T>(const enclosed_problem<T>&, const matrix<T>&); \
  EXTERN template matrix<mpfi_float> to_standard_basis<T>(const enclosed_problem<T>&, const scaled_symmetric_matrix<T>&);
#if INCERT_EXTERN_TEMPLATES
#define INCERT_X(T) INCERT_INSTANTIATE_CLOSED_FORM(extern, T)
INCERT_FOR_EACH_SCALAR(INCERT_X)
#undef INCERT_X
#endif

}  // namespace incert

