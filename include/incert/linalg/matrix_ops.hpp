// incert/linalg/matrix_ops.hpp
//
// Elementary matrix operations over any scalar of scalar_traits: midpoint matrices,
// point matrices, products and rigorous norm bounds. Products of interval matrices enclose
// the exact product of any matrices inside the factors: the generic kernel by inclusion
// isotonicity of entrywise interval sums of products, the fast kernels behind
// detail::product_kernel (MPFI: exact fixed-point midpoint-radius, fixed_point_product.hpp;
// double_interval: midpoint-radius with upward-rounded GEMMs, midrad_product.hpp) by the
// derivations in proofs/fast_products.md.
#pragma once

#include "incert/linalg/fixed_point_product.hpp"
#include "incert/linalg/midrad_product.hpp"
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

// The entrywise sum of products, in T: encloses for interval T (inclusion isotonicity).
template <class T>
struct generic_product {
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
struct generic_product<mpfi_float> {
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

// Below this many multiply-adds the generic loops are as fast as the kernels' set-up.
inline bool worth_a_fast_kernel(Eigen::Index m, Eigen::Index k, Eigen::Index n) {
  return m > 0 && k > 0 && n > 0 && m * k * n >= 100;
}

}  // namespace detail

// How tight an interval product must be.
//  * tight: every entry's width is at most the interval-arithmetic width of the sum of
//    products plus c K u sum_k |a_ik||b_kj| (u = unit roundoff, K = inner dimension), like
//    the entrywise interval loop;
//  * relaxed_radius: in addition, the part of the width due to the radii of the factors may
//    be overestimated by a relative 2^-40 (irrelevant when it is what the caller keeps, e.g.
//    E R in verified_inverse, whose width is the width of the result);
//  * absolute: the rounding allowance is c K u max_k |a_ik| sum_k |b_kj| (relative to the
//    largest entry of row i of A, not to each product): enough where only an absolute accuracy
//    of about u ||A|| ||b|| is kept (the Ritz vectors of symmetric_norm2.hpp), and much cheaper
//    for MPFI when a row spans many orders of magnitude (the fixed-point grid then needs the
//    working precision only, not the spread; fixed_point_product.hpp).
// Point types and double_interval always compute the tight product.
enum class product_accuracy { tight, relaxed_radius, absolute };

namespace detail {

// The specialization point for products: the generic loop unless a type has a faster kernel
// (the derivations of the fast kernels are in proofs/fast_products.md).
template <class T>
struct product_kernel {
  static matrix<T> run(const matrix<T>& A, const matrix<T>& B, product_accuracy = product_accuracy::tight) {
    return generic_product<T>::run(A, B);
  }
};

// Point types: Eigen's blocked GEMM (an approximation, like the loop, with the usual
// k u sum |a||b| error bound).
template <>
struct product_kernel<double> {
  static matrix<double> run(const matrix<double>& A, const matrix<double>& B, product_accuracy = product_accuracy::tight) {
    matrix<double> C(A.rows(), B.cols());
    if (A.cols() == 0) return C.setZero();
    C.noalias() = A * B;
    return C;
  }
};
template <>
struct product_kernel<long double> {
  static matrix<long double> run(const matrix<long double>& A, const matrix<long double>& B,
                                 product_accuracy = product_accuracy::tight) {
    matrix<long double> C(A.rows(), B.cols());
    if (A.cols() == 0) return C.setZero();
    C.noalias() = A * B;
    return C;
  }
};

// MPFR: exact integer dot products of fixed-point mantissas, rounded to nearest once.
template <>
struct product_kernel<mpfr_float> {
  static matrix<mpfr_float> run(const matrix<mpfr_float>& A, const matrix<mpfr_float>& B,
                                product_accuracy = product_accuracy::tight) {
    if (worth_a_fast_kernel(A.rows(), A.cols(), B.cols()))
      if (auto C = fixed_point::point_product(A, B, current_precision_bits())) return std::move(*C);
    return generic_product<mpfr_float>::run(A, B);
  }
};

// MPFI: midpoint-radius in exact integer arithmetic, outward rounding once; for square factors
// whose diagonal alone keeps the grid too long (R C in verified_inverse), the same on the
// off-diagonal parts with the diagonal terms added entry by entry.
template <>
struct product_kernel<mpfi_float> {
  static matrix<mpfi_float> run(const matrix<mpfi_float>& A, const matrix<mpfi_float>& B,
                                product_accuracy accuracy = product_accuracy::tight) {
    if (worth_a_fast_kernel(A.rows(), A.cols(), B.cols()))
      if (auto C = fixed_point::interval_product(A, B, accuracy == product_accuracy::relaxed_radius,
                                                 accuracy == product_accuracy::absolute))
        return std::move(*C);
    if (worth_a_fast_kernel(A.rows(), A.cols(), B.cols()) && accuracy != product_accuracy::absolute)
      if (auto C = fixed_point::interval_product_off_diagonal(A, B, accuracy == product_accuracy::relaxed_radius))
        return std::move(*C);
    return generic_product<mpfi_float>::run(A, B);
  }
};

// double_interval: Rump's midpoint-radius product, Eigen GEMMs rounded upward.
template <>
struct product_kernel<double_interval> {
  static matrix<double_interval> run(const matrix<double_interval>& A, const matrix<double_interval>& B,
                                     product_accuracy = product_accuracy::tight) {
    if (worth_a_fast_kernel(A.rows(), A.cols(), B.cols()))
      if (auto C = midrad_product(A, B)) return std::move(*C);
    return generic_product<double_interval>::run(A, B);
  }
};

}  // namespace detail

// Enclosure of A * B (approximation for point types).
template <class T>
matrix<T> multiply(const matrix<T>& A, const matrix<T>& B, product_accuracy accuracy = product_accuracy::tight) {
  if (A.cols() != B.rows()) throw std::invalid_argument("multiply: inner dimensions differ");
  return detail::product_kernel<T>::run(A, B, accuracy);
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
