// incert/linalg/approximate_inverse.hpp
//
// approximate_inverse(A): R ~ A^{-1} in a point type (the midpoint type of verified_inverse).
// Only the accuracy of R matters to the caller (verified_inverse verifies whatever R it gets),
// never the soundness of anything.
//
// The specialization point is detail::approximate_inverse_kernel<Tm>:
//  * generic: LU with partial pivoting by Eigen in Tm;
//  * mpfr_float: the LU inverse in double of an exponent-equilibrated copy of A, refined by
//    Newton-Schulz steps R <- R + (I - R A) R, until ||I - R A||_inf is about what an LU
//    at the working precision p would leave (~2^-p cond(A)): the verification adds
//    beta^2 ||R|| / (1 - beta) to every entry, which on badly scaled matrices must be tiny.
//    Each step squares the residual (I - R'A = (I - RA)^2 in exact arithmetic). The residual
//    I - R A is computed by the fixed-point kernel (fixed_point_product.hpp, exact dot
//    products); the correction (I - R A) R in double while that is accurate enough (its
//    error is about eps * eps0, eps0 the double inverse's residual), else by the fixed-point
//    kernel too. If the double inverse is not finite, or the iteration does not converge
//    (residual >= 1/2, or too many steps), Eigen's LU in mpfr is used instead.
#pragma once

#include "incert/linalg/matrix_ops.hpp"

#include <Eigen/LU>

#include <cmath>
#include <optional>
#include <vector>

namespace incert {
namespace detail {

template <class Tm>
struct approximate_inverse_kernel {
  static matrix<Tm> run(const matrix<Tm>& A) { return A.partialPivLu().inverse(); }
};

namespace newton {

// ||M||_inf, to double accuracy (a tolerance, not a bound).
inline double inf_norm_estimate(const matrix<mpfr_float>& M) {
  double best = 0;
  for (Eigen::Index i = 0; i < M.rows(); ++i) {
    double s = 0;
    for (Eigen::Index j = 0; j < M.cols(); ++j) s += std::fabs(mpfr_get_d(M(i, j).backend().data(), MPFR_RNDN));
    best = std::max(best, s);
  }
  return best;
}

// Largest exponent of the regular entries of row i (by_rows) or column i of M; false if none.
inline bool max_exponent(const matrix<mpfr_float>& M, Eigen::Index i, bool by_rows, long& e) {
  bool any = false;
  const Eigen::Index len = by_rows ? M.cols() : M.rows();
  for (Eigen::Index k = 0; k < len; ++k) {
    mpfr_srcptr x = (by_rows ? M(i, k) : M(k, i)).backend().data();
    if (!mpfr_regular_p(x)) continue;
    const long ex = static_cast<long>(mpfr_get_exp(x));
    e = any ? std::max(e, ex) : ex;
    any = true;
  }
  return any;
}

// The Newton-Schulz inverse described above, or nothing (then the caller uses the LU).
inline std::optional<matrix<mpfr_float>> inverse(const matrix<mpfr_float>& A) {
  const Eigen::Index n = A.rows();
  const unsigned p = current_precision_bits();
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index j = 0; j < n; ++j)
      if (!mpfr_number_p(A(i, j).backend().data())) return std::nullopt;
  // Equilibration by powers of two (exact): As = Dr A Dc, A^{-1} = Dc As^{-1} Dr.
  std::vector<long> r(static_cast<std::size_t>(n)), c(static_cast<std::size_t>(n));
  for (Eigen::Index i = 0; i < n; ++i)
    if (!max_exponent(A, i, true, r[static_cast<std::size_t>(i)])) return std::nullopt;  // zero row
  matrix<mpfr_float> As(n, n);
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index j = 0; j < n; ++j)
      mpfr_mul_2si(As(i, j).backend().data(), A(i, j).backend().data(), -r[static_cast<std::size_t>(i)], MPFR_RNDN);
  for (Eigen::Index j = 0; j < n; ++j)
    if (!max_exponent(As, j, false, c[static_cast<std::size_t>(j)])) return std::nullopt;  // zero column
  Eigen::MatrixXd Ad(n, n);
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index j = 0; j < n; ++j) {
      mpfr_ptr x = As(i, j).backend().data();
      mpfr_mul_2si(x, x, -c[static_cast<std::size_t>(j)], MPFR_RNDN);
      Ad(i, j) = mpfr_get_d(x, MPFR_RNDN);
    }
  Eigen::MatrixXd Rd = Ad.partialPivLu().inverse();
  if (!Rd.allFinite()) return std::nullopt;
  matrix<mpfr_float> R(n, n);
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index j = 0; j < n; ++j) mpfr_set_d(R(i, j).backend().data(), Rd(i, j), MPFR_RNDN);

  // The residual is driven down to the working precision: verified_inverse adds the tail
  // beta^2 ||R|| / (1 - beta) to every entry, so on badly scaled matrices (entries of the
  // inverse spanning many binades) beta must be as small as an LU at precision p makes it.
  // R has p bits, so the residual cannot go below about 2^-p cond(A) ~ 2^-p eps0 2^53.
  const int N = fixed_point::digits_for_bits(static_cast<long>(p + 24));
  const double unit = std::ldexp(1.0, -fixed_point::digit_bits * N + 8);  // relative error of a product, generous
  const double gemm_error = static_cast<double>(n) * std::ldexp(1.0, -52);
  const double pow2p = std::ldexp(1.0, -static_cast<int>(p));
  double eps_prev = 1, eps0 = 0, floor = 0;
  Eigen::MatrixXd Fd(n, n), Dd(n, n);
  for (int step = 0;; ++step) {
    if (step == 8) return std::nullopt;  // not converging: LU
    auto P = fixed_point::point_product(R, As, p + 64, N);
    if (!P) return std::nullopt;
    matrix<mpfr_float>& F = *P;  // F = I - R As
    for (Eigen::Index i = 0; i < n; ++i)
      for (Eigen::Index j = 0; j < n; ++j) {
        mpfr_ptr f = F(i, j).backend().data();
        mpfr_ui_sub(f, i == j ? 1 : 0, f, MPFR_RNDN);
      }
    const double eps = inf_norm_estimate(F);
    if (step == 0) {
      eps0 = eps;
      floor = std::max(16 * pow2p, pow2p * eps0 * std::ldexp(1.0, 53));
    }
    if (eps <= floor) break;
    if (step > 0 && eps > eps_prev / 16) break;  // stagnation at the attainable accuracy
    if (!(eps < 0.5)) return std::nullopt;
    // The correction F R: in double while its error (about eps max(eps0, n 2^-52)) is below
    // the floor, or on the first step (R is then the double inverse itself, whose error is
    // of that order anyway); otherwise by a fixed-point product.
    double predicted;
    if (step == 0 || 4 * eps * std::max(eps0, gemm_error) <= floor) {
      for (Eigen::Index i = 0; i < n; ++i)
        for (Eigen::Index j = 0; j < n; ++j) {
          Fd(i, j) = mpfr_get_d(F(i, j).backend().data(), MPFR_RNDN);
          if (step > 0) Rd(i, j) = mpfr_get_d(R(i, j).backend().data(), MPFR_RNDN);
        }
      Dd.noalias() = Fd * Rd;
      for (Eigen::Index i = 0; i < n; ++i)
        for (Eigen::Index j = 0; j < n; ++j) {
          mpfr_ptr x = R(i, j).backend().data();
          mpfr_add_d(x, x, Dd(i, j), MPFR_RNDN);
        }
      predicted = 4 * eps * std::max(eps, std::max(eps0, gemm_error));
    } else {
      auto D = fixed_point::point_product(F, R, p, N);
      if (!D) return std::nullopt;
      for (Eigen::Index i = 0; i < n; ++i)
        for (Eigen::Index j = 0; j < n; ++j) {
          mpfr_ptr x = R(i, j).backend().data();
          mpfr_add(x, x, (*D)(i, j).backend().data(), MPFR_RNDN);
        }
      predicted = 4 * eps * std::max(eps, unit);
    }
    eps_prev = eps;
    // Once the squaring is predicted to reach the floor with room to spare, the residual that
    // would only confirm it is skipped (verified_inverse computes the rigorous one anyway).
    if (predicted <= floor / 256) break;
  }
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index j = 0; j < n; ++j) {
      mpfr_ptr x = R(i, j).backend().data();
      mpfr_mul_2si(x, x, -c[static_cast<std::size_t>(i)] - r[static_cast<std::size_t>(j)], MPFR_RNDN);
    }
  return R;
}

}  // namespace newton

template <>
struct approximate_inverse_kernel<mpfr_float> {
  static matrix<mpfr_float> run(const matrix<mpfr_float>& A) {
    if (A.rows() >= 5)  // below, the LU in MPFR is as fast
      if (auto R = newton::inverse(A)) return std::move(*R);
    return A.partialPivLu().inverse();
  }
};

}  // namespace detail

// An approximate inverse of the point matrix A (no guarantee of any kind).
template <class Tm>
matrix<Tm> approximate_inverse(const matrix<Tm>& A) {
  return detail::approximate_inverse_kernel<Tm>::run(A);
}

}  // namespace incert
