// incert/linalg/symmetric_eigenvalues.hpp over the five scalar types.
//
//  * Matrices with exactly known eigenvalues: A = Q diag(l) Q^T with Q the Cayley transform
//    (I - K)(I + K)^-1 of a rational skew-symmetric K, so Q is exactly orthogonal (checked)
//    and A has rational entries. Distinct, repeated, zero and negative eigenvalues.
//  * Random rational symmetric matrices against a 300-bit MPFR Eigen SelfAdjointEigenSolver
//    reference (itself checked against a 400-bit one); the comparison allows the reference
//    error, so it can only fail if the enclosure misses the true eigenvalue.
//  * Interval matrices with non-zero radii: eigenvalues of several symmetric matrices inside
//    are contained.
//  * Widths: <= c n^2 ||A||_2 u (absolute; the method's error is ||F||_F + |lambda| eta);
//    point types are approximations within the same bound. enclose_symmetric_norm2 likewise.
//  * Two MPFI precisions give overlapping enclosures; non-square input throws.

#include <catch2/catch.hpp>

#include "support/exact_matrices.hpp"

#include "incert/scalar/scalar_list.hpp"
#include "incert/exact/exact_real.hpp"
#include "incert/linalg/symmetric_eigenvalues.hpp"

#include <gmpxx.h>
#include <mpfr.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

namespace {

using incert::double_interval;
using incert::matrix;
using incert::mpfi_float;
using incert::mpfr_float;
template <class T>
using Tr = incert::scalar_traits<T>;

using namespace incert::test;

template <class T>
mpq_class unit_q() {
  mpz_class p;
  mpz_ui_pow_ui(p.get_mpz_t(), 2, Tr<T>::precision_bits());
  return mpq_class(mpz_class(1), p);
}

template <class T>
bool finite_bounds(const T& x) {
  return mpfr_number_p(Tr<T>::lower_exact(x).backend().data()) &&
         mpfr_number_p(Tr<T>::upper_exact(x).backend().data());
}

// Observed worst: about 8.3 (MPFI, n = 2); a 4x margin.
constexpr int kWidthFactor = 32;

// x (an enclosure, or a point approximation) against the value v known to within tol:
// intervals must meet [v - tol, v + tol] (they contain the true value), and be narrow;
// points must be within bound + tol. Returns the width (intervals) / error (points).
template <class T>
mpq_class check_value(const T& x, const mpq_class& v, const mpq_class& tol, const mpq_class& bound) {
  REQUIRE(finite_bounds(x));
  const mpq_class lo = to_q(Tr<T>::lower_exact(x)), hi = to_q(Tr<T>::upper_exact(x));
  INFO("computed " << show_entry(x) << ", reference " << v.get_d() << " (+- " << tol.get_d() << "), bound "
                   << bound.get_d());
  if constexpr (Tr<T>::is_interval) {
    CHECK(lo <= v + tol);
    CHECK(hi >= v - tol);
    CHECK(hi - lo <= bound);
    return hi - lo;
  } else {
    CHECK(lo == hi);
    CHECK(abs_q(lo - v) <= bound + tol);
    return abs_q(lo - v);
  }
}

// Width bound c n^2 ||A||_2 u (norm2 given).
template <class T>
mpq_class width_bound(int n, const mpq_class& norm2) {
  return kWidthFactor * n * n * (norm2 == 0 ? mpq_class(1) : norm2) * unit_q<T>();
}

// Eigenvalues (ascending) of the symmetric rational A by Eigen at `bits` bits, as exact
// rationals of the computed values.
std::vector<mpq_class> reference_eigenvalues(const QMat& A, unsigned bits) {
  incert::precision_scope scope(bits);
  matrix<mpfr_float> M(A.r, A.c);
  for (int i = 0; i < A.r; ++i)
    for (int j = 0; j < A.c; ++j) {
      mpfr_float x;
      mpfr_set_q(x.backend().data(), A(i, j).get_mpq_t(), MPFR_RNDN);
      M(i, j) = x;
    }
  Eigen::SelfAdjointEigenSolver<matrix<mpfr_float>> solver(M, Eigen::EigenvaluesOnly);
  if (solver.info() != Eigen::Success) throw std::logic_error("test: reference eigen-solver failed");
  std::vector<mpq_class> out;
  for (Eigen::Index i = 0; i < A.r; ++i) out.push_back(to_q(solver.eigenvalues()(i)));
  std::sort(out.begin(), out.end());
  return out;
}

mpq_class frobenius_upper(const QMat& A) {
  mpq_class s = 0;
  for (const auto& x : A.a) s += x * x;
  // sqrt(s) <= s when s >= 1, else <= 1.
  return s >= 1 ? s : mpq_class(1);
}

// Checks enclose_symmetric_eigenvalues and enclose_symmetric_norm2 on A (entries enclosed
// in T) against eigenvalues `ev` (ascending) known to within tol.
template <class T>
void check_spectrum(const matrix<T>& A, const std::vector<mpq_class>& ev, const mpq_class& tol,
                    const mpq_class& norm2, const std::string& label) {
  using S = Tr<T>;
  const int n = static_cast<int>(A.rows());
  INFO(S::name() << " at " << S::precision_bits() << " bits: " << label << "\n  eigenvalues " << to_string(ev));
  std::optional<std::vector<T>> out;
  REQUIRE_NOTHROW(out = incert::enclose_symmetric_eigenvalues(A));
  REQUIRE(out);
  REQUIRE(out->size() == ev.size());
  const mpq_class bound = width_bound<T>(n, norm2);
  for (std::size_t i = 0; i < ev.size(); ++i) {
    INFO("eigenvalue #" << i);
    check_value((*out)[i], ev[i], tol, bound);
  }
  std::optional<T> nrm;
  REQUIRE_NOTHROW(nrm = incert::enclose_symmetric_norm2(A));
  REQUIRE(nrm);
  mpq_class true_norm = 0;
  for (const auto& l : ev) true_norm = std::max(true_norm, abs_q(l));
  INFO("norm2");
  check_value(*nrm, true_norm, tol, bound);
  if constexpr (S::is_interval) CHECK(mpfr_sgn(S::upper_exact(*nrm).backend().data()) >= 0);
}

template <class T>
std::vector<unsigned> precisions() {
  if constexpr (std::is_same<T, mpfr_float>::value || std::is_same<T, mpfi_float>::value)
    return {64, 128, 256};
  else
    return {128};
}

mpq_class max_abs(const std::vector<mpq_class>& v) {
  mpq_class m = 0;
  for (const auto& x : v) m = std::max(m, abs_q(x));
  return m;
}

}  // namespace

TEMPLATE_LIST_TEST_CASE("symmetric eigenvalues of Q diag(l) Q^T with known spectrum", "[eigen]", incert::all_scalar_types) {
  std::mt19937_64 rng(5150);
  const std::vector<std::vector<mpq_class>> spectra = {
      {mpq_class(7, 3)},
      {-1, 2},
      {1, 1, 1, 2},
      {2, 2, 2},
      {0, 0, 3},
      {-5, 0, 0, 5},
      {0, 0, 0},
      {mpq_class(-1000000), 1, 2},
      {mpq_class(1, 10), mpq_class(1, 10) + mpq_class(1, 1000000000), mpq_class(2, 10), 3},
      {-3, -3, mpq_class(1, 7), mpq_class(1, 7), 9, 9},
      {mpq_class(-11, 5), mpq_class(-1, 3), 0, mpq_class(2, 9), mpq_class(5, 4), mpq_class(13, 6), 4, 8},
  };
  for (unsigned bits : precisions<TestType>()) {
    incert::precision_scope scope(bits);
    for (std::size_t s = 0; s < spectra.size(); ++s) {
      const auto& l = spectra[s];
      const int n = static_cast<int>(l.size());
      for (int rep = 0; rep < 3; ++rep) {
        const QMat Q = rep == 0 && s % 2 ? identity(n) : random_orthogonal(rng, n);
        const QMat A = with_spectrum(Q, l);
        check_spectrum(enclose_matrix<TestType>(A), l, mpq_class(0), max_abs(l),
                       "spectrum #" + std::to_string(s) + ", A = " + to_string(A));
      }
    }
    // Random spectra of size up to 8.
    for (int trial = 0; trial < 12; ++trial) {
      const int n = 1 + trial % 8;
      std::vector<mpq_class> l;
      for (int i = 0; i < n; ++i) l.push_back(rand_q(rng, 50, 7));
      std::sort(l.begin(), l.end());
      const QMat A = with_spectrum(random_orthogonal(rng, n), l);
      check_spectrum(enclose_matrix<TestType>(A), l, mpq_class(0), max_abs(l), "random spectrum, A = " + to_string(A));
    }
  }
}

TEMPLATE_LIST_TEST_CASE("symmetric eigenvalues of random rational matrices vs a 300-bit reference", "[eigen]", incert::all_scalar_types) {
  std::mt19937_64 rng(8086);
  std::vector<QMat> mats;
  for (int trial = 0; trial < 16; ++trial) {
    const int n = 1 + trial % 8;
    QMat A(n, n);
    for (int i = 0; i < n; ++i)
      for (int j = i; j < n; ++j) A(i, j) = A(j, i) = rand_q(rng, 30, 11);
    mats.push_back(A);
  }
  for (const QMat& A : mats) {
    const auto ref = reference_eigenvalues(A, 300);
    // The reference checked against a 400-bit one: their difference is far below tol.
    const auto ref2 = reference_eigenvalues(A, 400);
    mpz_class two260;
    mpz_ui_pow_ui(two260.get_mpz_t(), 2, 260);
    const mpq_class tol = A.r * frobenius_upper(A) / mpq_class(two260);
    for (std::size_t i = 0; i < ref.size(); ++i) REQUIRE(abs_q(ref[i] - ref2[i]) * 1000 <= tol);
    for (unsigned bits : precisions<TestType>()) {
      incert::precision_scope scope(bits);
      check_spectrum(enclose_matrix<TestType>(A), ref, tol, max_abs(ref) + tol, "A = " + to_string(A));
    }
  }
}

TEMPLATE_LIST_TEST_CASE("symmetric eigenvalues of interval matrices with non-zero radii", "[eigen][radius]", incert::rigorous_scalar_types) {
  using S = Tr<TestType>;
  incert::precision_scope scope(128);
  std::mt19937_64 rng(1234);
  for (int trial = 0; trial < 12; ++trial) {
    const int n = 1 + trial % 6;
    const spectral_pair sp = random_spectral_pair(rng, n, trial);
    const QMat &A0 = sp.A0, &A1 = sp.A1;
    const std::vector<mpq_class>&l0 = sp.l0, &l1 = sp.l1;
    const mpq_class& rel = sp.rel;
    const matrix<TestType> A = hull_matrix<TestType>(A0, A1);
    INFO(S::name() << " trial " << trial << "\n  A0 = " << to_string(A0) << "\n  A1 = " << to_string(A1));
    std::optional<std::vector<TestType>> out;
    REQUIRE_NOTHROW(out = incert::enclose_symmetric_eigenvalues(A));
    REQUIRE(out);
    // A(s) = (1-s) A0 + s A1 lies in the hull entrywise and has eigenvalues (1-s) l0 + s l1.
    for (const mpq_class& s : {mpq_class(0), mpq_class(1), mpq_class(1, 3), mpq_class(1, 2), mpq_class(9, 10)}) {
      for (int i = 0; i < n; ++i) {
        const mpq_class v = (1 - s) * l0[static_cast<std::size_t>(i)] + s * l1[static_cast<std::size_t>(i)];
        const TestType& x = (*out)[static_cast<std::size_t>(i)];
        INFO("s = " << s.get_str() << ", eigenvalue #" << i << " = " << v.get_d() << ", enclosure " << show_entry(x));
        CHECK(mpfr_cmp_q(S::lower_exact(x).backend().data(), v.get_mpq_t()) <= 0);
        CHECK(mpfr_cmp_q(S::upper_exact(x).backend().data(), v.get_mpq_t()) >= 0);
      }
    }
    // Another symmetric matrix in the box, with entrywise (not uniform) weights: reference.
    QMat P = A0;
    for (int i = 0; i < n; ++i)
      for (int j = i; j < n; ++j) {
        const mpq_class t(static_cast<long>(rng() % 101), 100);
        P(i, j) = P(j, i) = A0(i, j) + t * (A1(i, j) - A0(i, j));
      }
    const auto ref = reference_eigenvalues(P, 300);
    mpz_class two260;
    mpz_ui_pow_ui(two260.get_mpz_t(), 2, 260);
    const mpq_class tol = n * frobenius_upper(P) / mpq_class(two260);
    for (int i = 0; i < n; ++i) {
      const TestType& x = (*out)[static_cast<std::size_t>(i)];
      INFO("inner point P = " << to_string(P) << ", eigenvalue #" << i << " ~ " << ref[static_cast<std::size_t>(i)].get_d());
      CHECK(to_q(S::lower_exact(x)) <= ref[static_cast<std::size_t>(i)] + tol);
      CHECK(to_q(S::upper_exact(x)) >= ref[static_cast<std::size_t>(i)] - tol);
    }
    // Narrow: the spread of the spectrum over the box is about n ||A|| rel.
    const mpq_class norm = max_abs(l1);
    for (int i = 0; i < n; ++i) {
      const TestType& x = (*out)[static_cast<std::size_t>(i)];
      const mpq_class w = to_q(S::upper_exact(x)) - to_q(S::lower_exact(x));
      const mpq_class bound = 8 * n * n * (norm + 1) * (rel + unit_q<TestType>());
      INFO("eigenvalue #" << i << " width " << w.get_d() << " bound " << bound.get_d());
      CHECK(w <= bound);
    }
  }
}

TEST_CASE("symmetric eigenvalues: two MPFI precisions overlap and the higher is narrower", "[eigen]") {
  std::mt19937_64 rng(42);
  for (int trial = 0; trial < 8; ++trial) {
    const int n = 2 + trial % 5;
    QMat A(n, n);
    for (int i = 0; i < n; ++i)
      for (int j = i; j < n; ++j) A(i, j) = A(j, i) = rand_q(rng, 30, 11);
    std::vector<mpfi_float> lo, hi;
    {
      incert::precision_scope scope(80);
      auto e = incert::enclose_symmetric_eigenvalues(enclose_matrix<mpfi_float>(A));
      REQUIRE(e);
      lo = *e;
    }
    {
      incert::precision_scope scope(400);
      auto e = incert::enclose_symmetric_eigenvalues(enclose_matrix<mpfi_float>(A));
      REQUIRE(e);
      hi = *e;
    }
    // The double-interval enclosure overlaps both as well.
    auto d = incert::enclose_symmetric_eigenvalues(enclose_matrix<double_interval>(A));
    REQUIRE(d);
    for (int i = 0; i < n; ++i) {
      using M = Tr<mpfi_float>;
      const auto& a = lo[static_cast<std::size_t>(i)];
      const auto& b = hi[static_cast<std::size_t>(i)];
      const auto& c = (*d)[static_cast<std::size_t>(i)];
      INFO("A = " << to_string(A) << ", #" << i << ": 80 bits " << show_entry(a) << ", 400 bits " << show_entry(b)
                  << ", double " << show_entry(c));
      CHECK(M::lower_exact(a) <= M::upper_exact(b));
      CHECK(M::lower_exact(b) <= M::upper_exact(a));
      CHECK(Tr<double_interval>::lower_exact(c) <= M::upper_exact(b));
      CHECK(M::lower_exact(b) <= Tr<double_interval>::upper_exact(c));
      CHECK(M::upper_exact(b) - M::lower_exact(b) < M::upper_exact(a) - M::lower_exact(a));
    }
  }
}

TEMPLATE_LIST_TEST_CASE("symmetric eigenvalues: shapes and non-finite input", "[eigen]", incert::all_scalar_types) {
  using S = Tr<TestType>;
  incert::precision_scope scope(128);
  matrix<TestType> A(2, 3);
  A.setConstant(TestType(1));
  CHECK_THROWS_AS(incert::enclose_symmetric_eigenvalues(A), std::invalid_argument);
  CHECK_THROWS_AS(incert::enclose_symmetric_norm2(A), std::invalid_argument);
  const auto e = incert::enclose_symmetric_eigenvalues(matrix<TestType>(0, 0));
  REQUIRE(e);
  CHECK(e->empty());
  const auto nrm = incert::enclose_symmetric_norm2(matrix<TestType>(0, 0));
  REQUIRE(nrm);
  CHECK(S::lower_exact(*nrm) == 0);
  CHECK(S::upper_exact(*nrm) == 0);
  if constexpr (S::is_interval) {
    matrix<TestType> C(2, 2);
    C(0, 0) = TestType(1);
    C(0, 1) = C(1, 0) = TestType(0);
    if constexpr (std::is_same<TestType, double_interval>::value)
      C(1, 1) = double_interval(1.0, std::numeric_limits<double>::infinity());
    else {
      mpfr_float one = 1, inf;
      mpfr_set_inf(inf.backend().data(), 1);
      C(1, 1) = S::interval(one, inf);
    }
    std::optional<std::vector<TestType>> out;
    CHECK_NOTHROW(out = incert::enclose_symmetric_eigenvalues(C));
    CHECK(!out.has_value());
  }
}
