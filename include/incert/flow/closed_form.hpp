// incert/flow/closed_form.hpp
//
// The closed form of Proposition 1 (paper eq. 5-6) in Y's eigenbasis,
//   W~(t) = alpha S W~0 (I + alpha G W~0)^{-1} S,   S = diag(e^{sigma_i t}),
//   G = diag((e^{2 sigma_i t} - 1)/sigma_i), 2t on zero eigenvalues,
// and in the standard basis W(t) = Phi W~(t) Phi^T. Three evaluations:
//  * closed_form_scaled: with V = W~0^{-1}, B = V + alpha G and d_i = B_ii^{-1/2},
//      W~_ij = f_i f_j (C^{-1})_ij,  C = D B D (unit diagonal),  f_i = sqrt(x_i / B_ii),
//    where x_i = alpha e^{2 sigma_i t}. cond(C) <= (lambda_max(C_V) + 1) / min(lambda_min(C_V), 1)
//    with C_V the unit-diagonal scaling of V, whatever alpha and t are, so the accuracy does not
//    degrade as alpha -> 0 (derivation: proofs/closed_form_scaled.md);
//  * the scalar curves of Corollary 2 when W~0 is diagonal;
//  * closed_form_naive: the formula as written, with a verified inverse of I + alpha G W~0.
//    Its conditioning grows with e^{2 sigma_1 t} alpha; kept as an independent cross-check
//    and for a singular W~0.
// Every function returns nothing when the verification of an inverse fails at this precision.
#pragma once

#include "incert/flow/enclosed_problem.hpp"
#include "incert/flow/scalar_curve.hpp"

namespace incert {

template <class T>
std::optional<matrix<T>> closed_form_scaled(const enclosed_problem<T>& p, const T& t) {
  using traits = scalar_traits<T>;
  if (!p.V) throw std::invalid_argument("closed_form_scaled: W~0 is not certified invertible");
  const matrix<T>& V = *p.V;
  const Eigen::Index n = static_cast<Eigen::Index>(p.n);
  std::vector<T> d(p.n), f(p.n);
  for (Eigen::Index i = 0; i < n; ++i) {
    growth_factors<T> g = growth(p.sigma[i], p.sigma_is_zero[i], p.log_alpha, p.alpha, t);
    T B_ii = V(i, i) + g.a;
    d[i] = T(1) / traits::sqrt(B_ii);
    f[i] = traits::sqrt(g.x / B_ii);
  }
  matrix<T> C(n, n);
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index j = 0; j < n; ++j) C(i, j) = i == j ? T(1) : V(i, j) * d[i] * d[j];
  std::optional<matrix<T>> X = verified_inverse(C);
  if (!X) return std::nullopt;
  matrix<T> W(n, n);
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index j = 0; j < n; ++j) W(i, j) = f[i] * f[j] * (*X)(i, j);
  symmetrize(W);
  return W;
}

template <class T>
matrix<T> closed_form_spectral(const enclosed_problem<T>& p, const T& t) {
  const Eigen::Index n = static_cast<Eigen::Index>(p.n);
  matrix<T> W = matrix<T>::Zero(n, n);
  for (Eigen::Index i = 0; i < n; ++i)
    W(i, i) = scalar_curve(p.sigma[i], p.sigma_is_zero[i], p.Wt0(i, i), p.log_alpha, p.alpha, t);
  return W;
}

template <class T>
std::optional<matrix<T>> closed_form_naive(const enclosed_problem<T>& p, const T& t) {
  using traits = scalar_traits<T>;
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
  matrix<T> W = multiply(p.Wt0, *X);
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index j = 0; j < n; ++j) W(i, j) = p.alpha * s[i] * W(i, j) * s[j];
  symmetrize(W);
  return W;
}

// W~(t) by the best available evaluation.
template <class T>
std::optional<matrix<T>> closed_form_eigenbasis(const enclosed_problem<T>& p, const T& t) {
  if (p.spectral) return closed_form_spectral(p, t);
  if (p.V) return closed_form_scaled(p, t);
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

}  // namespace incert
