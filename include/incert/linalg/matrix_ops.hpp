// incert/linalg/matrix_ops.hpp
//
// Elementary matrix operations over any scalar of scalar_traits: midpoint matrices,
// point matrices, products and rigorous norm bounds. Products of interval matrices are
// entrywise interval sums of products, hence enclose the exact product of any matrices
// inside the factors (inclusion isotonicity); the mpfi kernel below only avoids
// temporaries, it computes the same enclosure.
#pragma once

#include "incert/scalar/eigen_support.hpp"

namespace incert {

template <class T>
using mid_t = typename scalar_traits<T>::mid_type;

// Entrywise midpoints (the matrix itself for point types).
template <class T>
matrix<mid_t<T>> mid_matrix(const matrix<T>& A) {
  matrix<mid_t<T>> M(A.rows(), A.cols());
  for (Eigen::Index i = 0; i < A.rows(); ++i)
    for (Eigen::Index j = 0; j < A.cols(); ++j) M(i, j) = scalar_traits<T>::mid(A(i, j));
  return M;
}

// A midpoint-type matrix as exact points of T.
template <class T>
matrix<T> point_matrix(const matrix<mid_t<T>>& M) {
  matrix<T> A(M.rows(), M.cols());
  for (Eigen::Index i = 0; i < M.rows(); ++i)
    for (Eigen::Index j = 0; j < M.cols(); ++j) A(i, j) = scalar_traits<T>::point(M(i, j));
  return A;
}

namespace detail {

template <class T>
struct product_kernel {
  static matrix<T> run(const matrix<T>& A, const matrix<T>& B) {
    matrix<T> C(A.rows(), B.cols());
    for (Eigen::Index i = 0; i < A.rows(); ++i)
      for (Eigen::Index j = 0; j < B.cols(); ++j) {
        T acc(0);
        for (Eigen::Index k = 0; k < A.cols(); ++k) acc += A(i, k) * B(k, j);
        C(i, j) = acc;
      }
    return C;
  }
};

// Same enclosure as the generic loop, with MPFI calls on preallocated values.
template <>
struct product_kernel<mpfi_float> {
  static matrix<mpfi_float> run(const matrix<mpfi_float>& A, const matrix<mpfi_float>& B) {
    matrix<mpfi_float> C(A.rows(), B.cols());
    mpfi_float term, acc;
    for (Eigen::Index i = 0; i < A.rows(); ++i)
      for (Eigen::Index j = 0; j < B.cols(); ++j) {
        mpfi_set_ui(acc.backend().data(), 0);
        for (Eigen::Index k = 0; k < A.cols(); ++k) {
          mpfi_mul(term.backend().data(), A(i, k).backend().data(), B(k, j).backend().data());
          mpfi_add(acc.backend().data(), acc.backend().data(), term.backend().data());
        }
        C(i, j) = acc;
      }
    return C;
  }
};

}  // namespace detail

// Enclosure of A * B.
template <class T>
matrix<T> multiply(const matrix<T>& A, const matrix<T>& B) {
  if (A.cols() != B.rows()) throw std::invalid_argument("multiply: inner dimensions differ");
  return detail::product_kernel<T>::run(A, B);
}

// Enclosure of A^T * B.
template <class T>
matrix<T> multiply_transposed(const matrix<T>& A, const matrix<T>& B) {
  matrix<T> At = A.transpose();
  return multiply(At, B);
}

// Upper bound (in the midpoint type) of the infinity norm max_i sum_j |A_ij|: the row sums
// are computed in T, so the bound is rigorous for interval T.
template <class T>
mid_t<T> inf_norm_upper(const matrix<T>& A) {
  mid_t<T> best(0);
  for (Eigen::Index i = 0; i < A.rows(); ++i) {
    T row(0);
    for (Eigen::Index j = 0; j < A.cols(); ++j) row += scalar_traits<T>::abs(A(i, j));
    mid_t<T> u = scalar_traits<T>::upper(row);
    if (best < u) best = u;
  }
  return best;
}

// Enclosure of the Frobenius norm of every matrix inside A.
template <class T>
T frobenius_norm(const matrix<T>& A) {
  T sum(0);
  for (Eigen::Index i = 0; i < A.rows(); ++i)
    for (Eigen::Index j = 0; j < A.cols(); ++j) sum += scalar_traits<T>::square(A(i, j));
  return scalar_traits<T>::sqrt(sum);
}

// A symmetric matrix enclosed twice (A_ij and A_ji): keep the intersection.
template <class T>
void symmetrize(matrix<T>& A) {
  for (Eigen::Index i = 0; i < A.rows(); ++i)
    for (Eigen::Index j = i + 1; j < A.cols(); ++j) {
      T s = scalar_traits<T>::symmetrize(A(i, j), A(j, i));
      A(i, j) = s;
      A(j, i) = s;
    }
}

template <class T>
bool all_finite(const matrix<T>& A) {
  for (Eigen::Index i = 0; i < A.rows(); ++i)
    for (Eigen::Index j = 0; j < A.cols(); ++j)
      if (!scalar_traits<T>::is_finite(A(i, j))) return false;
  return true;
}

}  // namespace incert
