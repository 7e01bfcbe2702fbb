// incert/linalg/symmetric_eigenvalues.hpp
//
// enclose_symmetric_eigenvalues(A): enclosures of the eigenvalues lambda_1 <= ... <= lambda_n
// of every real symmetric matrix inside the symmetric interval matrix A, or nothing when the
// verification fails at the working precision.
//
// Method (proofs/symmetric_eigenvalues.md):
//   Q, Lambda ~ eigen-decomposition of mid(A), computed in the midpoint type (ascending).
//   F = Q^T A Q - Lambda and G = Q^T Q - I, both enclosed in T;
//   e >= ||F||_F >= ||F||_2,  eta >= ||G||_F >= ||G||_2, and eta < 1 is required.
//   Weyl: the i-th eigenvalue of Q^T A Q lies in [Lambda_i - e, Lambda_i + e].
//   Ostrowski: lambda_i(Q^T A Q) = theta_i lambda_i(A) with theta_i in [1 - eta, 1 + eta].
//   Hence lambda_i(A) in (Lambda_i + [-e, e]) / [1 - eta, 1 + eta].
// The enclosure width is about ||A|| times the working precision (absolute, not relative).
#pragma once

#include "incert/scalar/scalar_list.hpp"

#include "incert/linalg/matrix_ops.hpp"

#include <Eigen/Eigenvalues>
#include <optional>
#include <vector>

namespace incert {

template <class T>
std::optional<std::vector<T>> enclose_symmetric_eigenvalues(const matrix<T>& A) {
  using traits = scalar_traits<T>;
  using Tm = mid_t<T>;
  const Eigen::Index n = A.rows();
  if (A.cols() != n) throw std::invalid_argument("enclose_symmetric_eigenvalues: matrix is not square");
  if (n == 0) return std::vector<T>{};
  if (!all_finite(A)) return std::nullopt;

  matrix<Tm> Am = mid_matrix(A);
  matrix<Tm> sym = (Am + Am.transpose()) / Tm(2);
  Eigen::SelfAdjointEigenSolver<matrix<Tm>> solver(sym);
  if (solver.info() != Eigen::Success) return std::nullopt;
  matrix<T> Q = point_matrix<T>(solver.eigenvectors());
  const auto& lambda = solver.eigenvalues();

  matrix<T> F = multiply_transposed(Q, multiply(A, Q));
  matrix<T> G = multiply_transposed(Q, Q);
  for (Eigen::Index i = 0; i < n; ++i) {
    F(i, i) -= traits::point(lambda(i));
    G(i, i) -= T(1);
  }
  T e = frobenius_norm(F);
  T eta = frobenius_norm(G);
  if (!traits::is_finite(e) || !traits::certainly_lt(eta, T(1))) return std::nullopt;

  T theta = T(1) + traits::remainder(traits::upper(eta));
  T spread = traits::remainder(traits::upper(e));
  std::vector<T> out;
  out.reserve(static_cast<std::size_t>(n));
  for (Eigen::Index i = 0; i < n; ++i) out.push_back((traits::point(lambda(i)) + spread) / theta);
  return out;
}

// Enclosure of the spectral norm max_i |lambda_i| of a symmetric interval matrix.
template <class T>
std::optional<T> enclose_symmetric_norm2(const matrix<T>& A) {
  auto eig = enclose_symmetric_eigenvalues(A);
  if (!eig) return std::nullopt;
  if (eig->empty()) return T(0);
  using traits = scalar_traits<T>;
  return traits::max(traits::abs(eig->front()), traits::abs(eig->back()));
}

// Compiled once per scalar into the library (lib/instantiate_<scalar>.cpp, scalar/scalar_list.hpp).
#define INCERT_INSTANTIATE_SYMMETRIC_EIGENVALUES(EXTERN, T) \
  EXTERN template std::optional<std::vector<T>> enclose_symmetric_eigenvalues<T>(const matrix<T>&); \
  EXTERN template std::optional<T> enclose_symmetric_norm2<T>(const matrix<T>&);
#if INCERT_EXTERN_TEMPLATES
#define INCERT_X(T) INCERT_INSTANTIATE_SYMMETRIC_EIGENVALUES(extern, T)
INCERT_FOR_EACH_SCALAR(INCERT_X)
#undef INCERT_X
#endif

}  // namespace incert
