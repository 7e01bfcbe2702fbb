// incert/linalg/verified_inverse.hpp
//
// verified_inverse(A): an enclosure of A^{-1} for every matrix in the interval matrix A,
// or nothing when that cannot be certified at the working precision.
//
// Method ("approximate, then verify"; proofs/verified_inverse.md):
//   R ~ mid(A)^{-1} by approximate_inverse in the midpoint type (approximate_inverse.hpp:
//   LU with partial pivoting, or for MPFR a double LU refined by Newton-Schulz; pivoting
//   compares, so it never sees an interval), E = I - R A enclosed in T, beta >= ||E||_inf.
//   If beta < 1 then A^{-1} = (I - E)^{-1} R = R + E R + E^2 (I - E)^{-1} R and
//   |(E^2 (I-E)^{-1} R)_ij| <= beta^2 ||R||_inf / (1 - beta), so
//   A^{-1} in R + E R + [-delta, delta],  delta = beta^2 ||R||_inf / (1 - beta).
// For point types the same formula is one step of iterative refinement (approximation).
#pragma once

#include "incert/scalar/scalar_list.hpp"

#include "incert/linalg/approximate_inverse.hpp"
#include "incert/linalg/matrix_ops.hpp"

#include <Eigen/LU>
#include <optional>

namespace incert {

template <class T>
std::optional<matrix<T>> verified_inverse(const matrix<T>& A) {
  using traits = scalar_traits<T>;
  using Tm = mid_t<T>;
  const Eigen::Index n = A.rows();
  if (A.cols() != n) throw std::invalid_argument("verified_inverse: matrix is not square");
  if (n == 0) return matrix<T>(0, 0);
  if (!all_finite(A)) return std::nullopt;

  matrix<Tm> Am = mid_matrix(A);
  matrix<Tm> Rm = approximate_inverse(Am);
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index j = 0; j < n; ++j)
      if (!scalar_traits<Tm>::is_finite(Rm(i, j))) return std::nullopt;

  matrix<T> R = point_matrix<T>(Rm);
  matrix<T> E = multiply(R, A, product_accuracy::relaxed_radius);
  E = -E;
  for (Eigen::Index i = 0; i < n; ++i) E(i, i) += T(1);

  // beta and delta are computed in T and only their upper bounds are used.
  T beta = traits::point(inf_norm_upper(E));
  if (!traits::certainly_lt(beta, T(1))) return std::nullopt;
  T r_norm = traits::point(inf_norm_upper(R));
  T delta = beta * beta * r_norm / (T(1) - beta);
  T tail = traits::remainder(traits::upper(delta));

  matrix<T> X = multiply(E, R, product_accuracy::relaxed_radius);
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index j = 0; j < n; ++j) X(i, j) += R(i, j) + tail;
  return X;
}

// Compiled once per scalar into the library (lib/instantiate_<scalar>.cpp, scalar/scalar_list.hpp).
#define INCERT_INSTANTIATE_VERIFIED_INVERSE(EXTERN, T) \
  EXTERN template std::optional<matrix<T>> verified_inverse<T>(const matrix<T>&);
#if INCERT_EXTERN_TEMPLATES
#define INCERT_X(T) INCERT_INSTANTIATE_VERIFIED_INVERSE(extern, T)
INCERT_FOR_EACH_SCALAR(INCERT_X)
#undef INCERT_X
#endif

}  // namespace incert
