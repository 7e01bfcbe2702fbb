// incert/linalg/approximate_inverse.hpp: the approximate inverse verified_inverse starts from.
// Only its accuracy matters (verified_inverse verifies whatever it gets), so the checks are:
//
//  * MPFR (double LU + Newton-Schulz): the residual ||I - R A||_inf, computed exactly, is
//    within a small factor of the residual of Eigen's LU inverse in MPFR at the same
//    precision (or of n 2^-p), for random well-conditioned matrices at 64 .. 512 bits,
//    matrices with rows and columns scaled by 2^+-200, entries near 2^-3000000, an
//    ill-conditioned Hilbert matrix (the double inverse is useless there: the LU fallback) and
//    a matrix with a zero row (no exception; verified_inverse refuses it);
//  * double: Eigen's LU inverse as before;
//  * verified_inverse on the structure of closed_form_scaled (C = I + tiny, off-diagonal
//    entries down to 2^-120): every entry of the enclosure, tiny ones included, has a
//    relative width below 2^-(p - 40), i.e. the uniform tail beta^2 ||R|| / (1 - beta) is
//    negligible, as it is with an LU at the working precision.

#include <catch2/catch.hpp>

#include "incert/linalg/approximate_inverse.hpp"
#include "incert/linalg/verified_inverse.hpp"

#include <gmpxx.h>
#include <mpfr.h>

#include <cmath>
#include <random>
#include <string>
#include <vector>

namespace {

using incert::matrix;
using incert::mpfi_float;
using incert::mpfr_float;

mpq_class to_q(const mpfr_float& x) {
  mpq_class q;
  mpfr_get_q(q.get_mpq_t(), x.backend().data());
  return q;
}
mpq_class abs_q(const mpq_class& q) { return q < 0 ? mpq_class(-q) : q; }

// ||I - R A||_inf exactly, as a double (rounded up a little).
double exact_residual(const matrix<mpfr_float>& R, const matrix<mpfr_float>& A) {
  const Eigen::Index n = A.rows();
  std::vector<mpq_class> Rq(static_cast<std::size_t>(n * n)), Aq(static_cast<std::size_t>(n * n));
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index j = 0; j < n; ++j) {
      Rq[static_cast<std::size_t>(i * n + j)] = to_q(R(i, j));
      Aq[static_cast<std::size_t>(i * n + j)] = to_q(A(i, j));
    }
  mpq_class worst = 0;
  for (Eigen::Index i = 0; i < n; ++i) {
    mpq_class row = 0;
    for (Eigen::Index j = 0; j < n; ++j) {
      mpq_class s = i == j ? 1 : 0;
      for (Eigen::Index k = 0; k < n; ++k)
        s -= Rq[static_cast<std::size_t>(i * n + k)] * Aq[static_cast<std::size_t>(k * n + j)];
      row += abs_q(s);
    }
    if (row > worst) worst = row;
  }
  return worst.get_d() * (1 + 1e-15);
}

bool all_finite(const matrix<mpfr_float>& R) {
  for (Eigen::Index i = 0; i < R.rows(); ++i)
    for (Eigen::Index j = 0; j < R.cols(); ++j)
      if (!mpfr_number_p(R(i, j).backend().data())) return false;
  return true;
}

// A random p-bit matrix, diagonally dominant by `dominance` (0: as drawn), rows and columns
// scaled by 2^row_exp[i], 2^col_exp[j].
matrix<mpfr_float> random_matrix(std::mt19937_64& rng, int n, double dominance, const std::vector<long>& row_exp,
                                 const std::vector<long>& col_exp) {
  std::uniform_real_distribution<double> U(-1, 1);
  matrix<mpfr_float> A(n, n);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) {
      mpfr_float x = U(rng);
      x /= 7 + static_cast<long>(rng() % 5);  // full-precision mantissas
      if (i == j) x += dominance;
      mpfr_mul_2si(x.backend().data(), x.backend().data(),
                   row_exp[static_cast<std::size_t>(i)] + col_exp[static_cast<std::size_t>(j)], MPFR_RNDN);
      A(i, j) = x;
    }
  return A;
}

// M 2^s entrywise (exact).
matrix<mpfr_float> scaled(const matrix<mpfr_float>& M, long s) {
  matrix<mpfr_float> S = M;
  for (Eigen::Index i = 0; i < M.rows(); ++i)
    for (Eigen::Index j = 0; j < M.cols(); ++j)
      mpfr_mul_2si(S(i, j).backend().data(), M(i, j).backend().data(), s, MPFR_RNDN);
  return S;
}

// Residual of approximate_inverse(A) against the LU's. A = 2^-unscale times a matrix of
// ordinary magnitude: the residuals are computed on A 2^unscale, R 2^-unscale (the same
// residual, with small rationals).
void compare_with_lu(const matrix<mpfr_float>& A, unsigned p, const std::string& label, double factor = 256,
                     long unscale = 0) {
  INFO(label << ", n = " << A.rows() << ", " << p << " bits");
  const matrix<mpfr_float> R = incert::approximate_inverse(A);
  const matrix<mpfr_float> L = A.partialPivLu().inverse();
  REQUIRE(all_finite(R));
  const matrix<mpfr_float> As = scaled(A, unscale);
  const double rn = exact_residual(scaled(R, -unscale), As), rl = exact_residual(scaled(L, -unscale), As);
  const double floor = static_cast<double>(A.rows()) * std::ldexp(1.0, -static_cast<int>(p));
  CAPTURE(rn, rl, floor);
  CHECK(rn <= factor * std::max(rl, floor));
}

}  // namespace

TEST_CASE("approximate_inverse in MPFR is as accurate as an LU at the working precision", "[approximate_inverse]") {
  std::mt19937_64 rng(2718);
  for (unsigned p : {64u, 128u, 256u, 512u}) {
    incert::precision_scope scope(p);
    for (int n : {1, 5, 24, 50}) {
      if (n == 50 && p > 128) continue;  // time (exact residuals)
      const std::vector<long> zero(static_cast<std::size_t>(n), 0);
      compare_with_lu(random_matrix(rng, n, 2.0, zero, zero), p, "diagonally dominant");
      compare_with_lu(random_matrix(rng, n, 0.0, zero, zero), p, "as drawn");
      std::vector<long> re(static_cast<std::size_t>(n)), ce(static_cast<std::size_t>(n));
      for (auto& e : re) e = static_cast<long>(rng() % 401) - 200;
      for (auto& e : ce) e = static_cast<long>(rng() % 401) - 200;
      compare_with_lu(random_matrix(rng, n, 2.0, re, ce), p, "rows and columns scaled by 2^+-200");
      const std::vector<long> tiny(static_cast<std::size_t>(n), -1500000);
      compare_with_lu(random_matrix(rng, n, 2.0, tiny, tiny), p, "entries near 2^-3000000", 256, 3000000);
    }
  }
}

TEST_CASE("approximate_inverse: ill-conditioned and singular matrices", "[approximate_inverse]") {
  incert::precision_scope scope(192);
  // Hilbert 14: kappa ~ 1e19, beyond double; the LU in MPFR takes over.
  const int n = 14;
  matrix<mpfr_float> H(n, n);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) H(i, j) = mpfr_float(1) / (i + j + 1);
  compare_with_lu(H, 192, "Hilbert", 4);
  // Hilbert 9 (kappa ~ 5e11): Newton from a poor double inverse.
  const matrix<mpfr_float> H9 = H.topLeftCorner(9, 9);
  compare_with_lu(H9, 192, "Hilbert 9");
  // A zero row: no exception; verified_inverse refuses.
  matrix<mpfr_float> Z = H9;
  for (int j = 0; j < 9; ++j) Z(4, j) = 0;
  REQUIRE_NOTHROW(incert::approximate_inverse(Z));
  matrix<mpfi_float> Zi(9, 9);
  for (int i = 0; i < 9; ++i)
    for (int j = 0; j < 9; ++j) Zi(i, j) = incert::scalar_traits<mpfi_float>::point(Z(i, j));
  CHECK(!incert::verified_inverse(Zi));
}

TEST_CASE("approximate_inverse in double is Eigen's LU", "[approximate_inverse]") {
  const Eigen::MatrixXd A = Eigen::MatrixXd::Random(12, 12) + 4 * Eigen::MatrixXd::Identity(12, 12);
  const matrix<double> R = incert::approximate_inverse(matrix<double>(A));
  CHECK((R - A.partialPivLu().inverse()).norm() == 0);
}

TEST_CASE("verified_inverse keeps tiny entries of I + tiny matrices tight", "[approximate_inverse][verified_inverse]") {
  // C = I + D V D with D = diag(2^-a_i), a_i from 60 down to 0, V symmetric O(1): the
  // structure of closed_form_scaled's C. X = C^-1 has entries from 1 down to ~2^-120.
  std::mt19937_64 rng(42);
  std::uniform_real_distribution<double> U(-1, 1);
  for (unsigned p : {128u, 256u}) {
    incert::precision_scope scope(p);
    const int n = 40;
    std::vector<long> a(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) a[static_cast<std::size_t>(i)] = 60 - (60 * i) / (n - 1);
    matrix<mpfi_float> C(n, n);
    for (int i = 0; i < n; ++i)
      for (int j = i; j < n; ++j) {
        mpfi_float v = i == j ? mpfi_float(1) : mpfi_float(U(rng)) / 3;
        if (i != j)
          mpfi_mul_2si(v.backend().data(), v.backend().data(), -a[static_cast<std::size_t>(i)] - a[static_cast<std::size_t>(j)]);
        C(i, j) = v;
        C(j, i) = v;
      }
    const auto X = incert::verified_inverse(C);
    REQUIRE(X);
    int wide = 0;
    for (int i = 0; i < n; ++i)
      for (int j = 0; j < n; ++j) {
        mpfr_float w;
        mpfi_diam_abs(w.backend().data(), (*X)(i, j).backend().data());
        const mpfr_float m = abs(incert::scalar_traits<mpfi_float>::mid((*X)(i, j)));
        if (!(w <= ldexp(m, -static_cast<int>(p) + 40))) {
          ++wide;
          UNSCOPED_INFO("p = " << p << ", entry (" << i << "," << j << "): width " << w.convert_to<double>()
                               << ", |mid| " << m.convert_to<double>());
        }
      }
    CHECK(wide == 0);
  }
}
