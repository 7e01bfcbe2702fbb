// incert/linalg/symmetric_norm2.hpp (enclose_symmetric_norm2_fast, enclose_symmetric_eigenvalues_fast) over the five scalar types.
//
//  * Known spectra: A = Q diag(l) Q^T with Q an exactly orthogonal Cayley transform, sizes 1..30,
//    so ||A||_2 = max |l_i| exactly; scaled by 2^p with p = 0, +-997 (entries near 1e+-300) and,
//    for MPFI, +-300000 (far outside double's range). Separated, repeated and zero extremes.
//  * Random rational symmetric matrices against the working-precision method at 300 bits
//    (enclose_symmetric_norm2, MPFR eigen-solver): the enclosures must overlap; verdicts against
//    eps = ||A|| (1 +- 2^-j) agree with the exact side.
//  * Interval matrices with radii: the norms of several symmetric members are contained.
//  * Widths: always <= 64 n 2^-53 ||A|| (first order); for MPFI with a separated extreme
//    eigenvalue <= 1e-30 ||A|| (refined Ritz vectors, Kato-Temple). Point types: approximations
//    within the first-order bound.
//  * Every eigenvalue (enclose_symmetric_eigenvalues_fast): the exact sorted spectra 2^p l_i and, with
//    radii, the spectra of several members are contained; widths within the first-order bound.

#include <catch2/catch.hpp>

#include "support/exact_matrices.hpp"

#include "incert/scalar/scalar_list.hpp"
#include "incert/exact/exact_real.hpp"
#include "incert/linalg/symmetric_eigenvalues.hpp"
#include "incert/linalg/symmetric_norm2.hpp"
#include "incert/theory/verdict.hpp"

#include <gmpxx.h>
#include <mpfr.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <random>
#include <string>
#include <type_traits>
#include <vector>

namespace {

using incert::matrix;
using incert::mpfi_float;
using incert::mpfr_float;
template <class T>
using Tr = incert::scalar_traits<T>;

using namespace incert::test;

mpq_class pow2_q(long p) {
  mpz_class z;
  mpz_ui_pow_ui(z.get_mpz_t(), 2, static_cast<unsigned long>(p < 0 ? -p : p));
  return p < 0 ? mpq_class(mpz_class(1), z) : mpq_class(z);
}

// Bounds of x times 2^-p, exact rationals.
template <class T>
std::pair<mpq_class, mpq_class> unscaled_bounds(const T& x, long p) {
  mpfr_float lo = Tr<T>::lower_exact(x), hi = Tr<T>::upper_exact(x);
  REQUIRE(mpfr_number_p(lo.backend().data()));
  REQUIRE(mpfr_number_p(hi.backend().data()));
  mpfr_mul_2si(lo.backend().data(), lo.backend().data(), -p, MPFR_RNDD);  // exact (precision kept)
  mpfr_mul_2si(hi.backend().data(), hi.backend().data(), -p, MPFR_RNDU);
  return {to_q(lo), to_q(hi)};
}

template <class T>
matrix<T> enclose_scaled(const QMat& A, long p) {
  const mpq_class s = pow2_q(p);
  matrix<T> M(A.r, A.c);
  for (int i = 0; i < A.r; ++i)
    for (int j = 0; j < A.c; ++j) M(i, j) = incert::enclose<T>(mpq_class(A(i, j) * s));
  return M;
}

template <class T>
std::vector<long> scales() {
  if constexpr (std::is_same<T, mpfi_float>::value || std::is_same<T, mpfr_float>::value) return {0, -997, 997, -300000, 300000};
  else return {0, -997, 997};
}

mpq_class first_order_bound(int n, const mpq_class& norm) { return 64 * n * norm * pow2_q(-53); }

// Checks the enclosure of ||A 2^p|| against the exact norm (known to within tol). Returns the
// relative width (intervals) or error (points).
template <class T>
double check_norm(const QMat& A, long p, const mpq_class& norm, const mpq_class& tol, const std::string& label) {
  const int n = A.r;
  INFO(Tr<T>::name() << " at " << Tr<T>::precision_bits() << " bits, scale 2^" << p << ": " << label << "\n  A = " << to_string(A)
                     << "\n  ||A||_2 = " << norm.get_d());
  std::optional<T> e;
  REQUIRE_NOTHROW(e = incert::enclose_symmetric_norm2_fast(enclose_scaled<T>(A, p)));
  REQUIRE(e);
  const auto [lo, hi] = unscaled_bounds(*e, p);
  INFO("enclosure / 2^p = [" << lo.get_d() << ", " << hi.get_d() << "], width " << mpq_class(hi - lo).get_d());
  if constexpr (Tr<T>::is_interval) {
    CHECK(lo <= norm + tol);
    CHECK(hi >= norm - tol);
    CHECK(lo >= 0);
    CHECK(hi - lo <= first_order_bound(n, norm) + tol);
    return norm == 0 ? 0.0 : mpq_class((hi - lo) / norm).get_d();
  } else {
    CHECK(abs_q(lo - norm) <= first_order_bound(n, norm) + tol);
    return norm == 0 ? 0.0 : mpq_class(abs_q(lo - norm) / norm).get_d();
  }
}

// The gap between the extreme eigenvalue of largest modulus and its neighbour, relative to ||A||.
double relative_gap(std::vector<mpq_class> l) {
  std::sort(l.begin(), l.end());
  if (l.size() < 2) return 1;
  const mpq_class top = l.back(), bottom = l.front();
  const mpq_class norm = std::max(abs_q(top), abs_q(bottom));
  if (norm == 0) return 0;
  double g = 1;
  if (abs_q(top) == norm) g = std::min(g, mpq_class((top - l[l.size() - 2]) / norm).get_d());
  if (abs_q(bottom) == norm) g = std::min(g, mpq_class((l[1] - bottom) / norm).get_d());
  return g;
}

}  // namespace

TEMPLATE_LIST_TEST_CASE("fast symmetric 2-norm of Q diag(l) Q^T: exact spectra, sizes 1..30, scales 2^+-997 and beyond",
                        "[norm2]", incert::all_scalar_types) {
  incert::precision_scope scope(128);
  std::mt19937_64 rng(2718);
  std::vector<std::vector<mpq_class>> spectra = {
      {mpq_class(7, 3)}, {-1, 2}, {1, 1, 1, 2}, {2, 2, 2}, {0, 0, 3}, {-5, 0, 0, 5}, {0, 0, 0}, {-3, -3, 1, 2},
      {mpq_class(1, 10), mpq_class(1, 10) + mpq_class(1, 1000000000), mpq_class(2, 10), 3},
  };
  for (int n = 1; n <= 30; n += (n < 8 ? 1 : 5)) {
    std::vector<mpq_class> l;
    for (int i = 0; i < n; ++i) l.push_back(rand_q(rng, 50, 7));
    spectra.push_back(l);
  }
  double worst_separated = 0;
  for (const auto& l : spectra) {
    const int n = static_cast<int>(l.size());
    const QMat A = with_spectrum(n <= 12 ? random_orthogonal(rng, n) : identity(n), l);
    QMat B = A;
    if (n > 12) {  // a dense matrix with the same spectrum: a cheap exact orthogonal similarity
      const QMat Q = random_orthogonal(rng, 12);
      QMat P = identity(n);
      for (int i = 0; i < 12; ++i)
        for (int j = 0; j < 12; ++j) P(i, j) = Q(i, j);
      B = mul(mul(P, A), transpose(P));
    }
    mpq_class norm = 0;
    for (const auto& x : l) norm = std::max(norm, abs_q(x));
    for (long p : scales<TestType>()) {
      const double rel = check_norm<TestType>(B, p, norm, mpq_class(0), "spectrum " + to_string(l));
      if (Tr<TestType>::is_interval && relative_gap(l) >= 1e-3) worst_separated = std::max(worst_separated, rel);
    }
  }
  // Second order: a separated extreme eigenvalue is enclosed far below double's precision.
  if constexpr (std::is_same<TestType, mpfi_float>::value) {
    INFO("worst relative width with a separated extreme eigenvalue: " << worst_separated);
    CHECK(worst_separated <= 1e-30);
  }
}

TEMPLATE_LIST_TEST_CASE("fast symmetric 2-norm of random rational matrices vs the 300-bit eigen-solver method", "[norm2]",
                        incert::all_scalar_types) {
  std::mt19937_64 rng(31337);
  for (int trial = 0; trial < 30; ++trial) {
    const int n = 1 + trial;
    QMat A(n, n);
    for (int i = 0; i < n; ++i)
      for (int j = i; j < n; ++j) A(i, j) = A(j, i) = rand_q(rng, 30, 11);
    mpfi_float ref;
    {
      incert::precision_scope scope(300);
      auto r = incert::enclose_symmetric_norm2(enclose_matrix<mpfi_float>(A));
      REQUIRE(r);
      ref = *r;
    }
    using M = Tr<mpfi_float>;
    const mpq_class ref_lo = to_q(M::lower_exact(ref)), ref_hi = to_q(M::upper_exact(ref));
    REQUIRE(ref_hi - ref_lo <= pow2_q(-200) * (ref_hi + 1));
    incert::precision_scope scope(128);
    for (long p : {0L, -997L, 997L}) {
      // The reference encloses the true norm; so must the fast enclosure: they overlap.
      check_norm<TestType>(A, p, ref_lo, ref_hi - ref_lo, "random rational matrix");
      if constexpr (Tr<TestType>::is_interval) {
        // Verdicts against eps = ||A|| (1 +- 2^-j) 2^p agree with the exact side, and decide for j = 5.
        const matrix<TestType> Ap = enclose_scaled<TestType>(A, p);
        const auto e = incert::enclose_symmetric_norm2_fast(Ap);
        REQUIRE(e);
        for (int j : {5, 20, 40}) {
          for (int side : {-1, 1}) {
            if (side < 0 && ref_lo == 0) continue;  // ||A|| = 0 <= eps = 0 is true
            const mpq_class eps_q = (side < 0 ? mpq_class(ref_lo * (1 - pow2_q(-j))) : mpq_class(ref_hi * (1 + pow2_q(-j)))) * pow2_q(p);
            const TestType eps = incert::enclose<TestType>(eps_q);
            const incert::verdict v = incert::decide_le(*e, eps);
            INFO("n = " << n << ", 2^" << p << ", eps = ||A|| (1 " << (side < 0 ? "-" : "+") << " 2^-" << j << "): "
                        << incert::to_string(v));
            CHECK(v != (side < 0 ? incert::verdict::holds : incert::verdict::fails));
            if (j == 5 && ref_lo > 0) CHECK(v == (side < 0 ? incert::verdict::fails : incert::verdict::holds));
          }
        }
      }
    }
  }
}

TEMPLATE_LIST_TEST_CASE("fast symmetric 2-norm of interval matrices with radii", "[norm2][radius]", incert::rigorous_scalar_types) {
  using S = Tr<TestType>;
  incert::precision_scope scope(128);
  std::mt19937_64 rng(99);
  for (int trial = 0; trial < 12; ++trial) {
    const int n = 1 + trial % 7;
    const spectral_pair sp = random_spectral_pair(rng, n, trial, n);  // eigenvalues of both signs
    const QMat &A0 = sp.A0, &A1 = sp.A1;
    const std::vector<mpq_class>&l0 = sp.l0, &l1 = sp.l1;
    const mpq_class& rel = sp.rel;
    const matrix<TestType> A = hull_matrix<TestType>(A0, A1);
    std::optional<TestType> e;
    REQUIRE_NOTHROW(e = incert::enclose_symmetric_norm2_fast(A));
    REQUIRE(e);
    INFO(S::name() << " trial " << trial << "\n  A0 = " << to_string(A0) << "\n  A1 = " << to_string(A1) << "\n  enclosure "
                   << show_entry(*e));
    mpq_class top = 0;
    // (1-s) A0 + s A1 is in the hull and has eigenvalues (1-s) l0 + s l1 (same Q).
    for (const mpq_class& s : {mpq_class(0), mpq_class(1), mpq_class(1, 3), mpq_class(1, 2)}) {
      mpq_class norm = 0;
      for (int i = 0; i < n; ++i)
        norm = std::max(norm, abs_q((1 - s) * l0[static_cast<std::size_t>(i)] + s * l1[static_cast<std::size_t>(i)]));
      INFO("s = " << s.get_str() << ", norm " << norm.get_d());
      CHECK(to_q(S::lower_exact(*e)) <= norm);
      CHECK(to_q(S::upper_exact(*e)) >= norm);
      top = std::max(top, norm);
    }
    // Narrow: about the spread of the norm over the box.
    const mpq_class w = to_q(S::upper_exact(*e)) - to_q(S::lower_exact(*e));
    CHECK(w <= 8 * n * n * (top + 1) * (rel + pow2_q(-50)));
  }
}

TEMPLATE_LIST_TEST_CASE("fast symmetric 2-norm and eigenvalues: shapes, zero and non-finite input", "[norm2][eigen_fast]",
                        incert::all_scalar_types) {
  incert::precision_scope scope(128);
  matrix<TestType> A(2, 3);
  A.setConstant(TestType(1));
  CHECK_THROWS_AS(incert::enclose_symmetric_norm2_fast(A), std::invalid_argument);
  CHECK_THROWS_AS(incert::enclose_symmetric_eigenvalues_fast(A), std::invalid_argument);
  const auto e0 = incert::enclose_symmetric_norm2_fast(matrix<TestType>(0, 0));
  REQUIRE(e0);
  CHECK(Tr<TestType>::upper_exact(*e0) == 0);
  const auto ev0 = incert::enclose_symmetric_eigenvalues_fast(matrix<TestType>(0, 0));
  REQUIRE(ev0);
  CHECK(ev0->empty());
  matrix<TestType> Z(3, 3);
  Z.setConstant(TestType(0));
  const auto ez = incert::enclose_symmetric_norm2_fast(Z);
  REQUIRE(ez);
  CHECK(Tr<TestType>::upper_exact(*ez) == 0);
  const auto evz = incert::enclose_symmetric_eigenvalues_fast(Z);
  REQUIRE(evz);
  REQUIRE(evz->size() == 3);
  for (const auto& x : *evz) CHECK(Tr<TestType>::upper_abs(x) == 0);
  if constexpr (Tr<TestType>::is_interval) {
    matrix<TestType> B(2, 2);
    B.setConstant(TestType(1));
    mpfi_float unbounded;
    mpfi_interv_d(unbounded.backend().data(), 1.0, HUGE_VAL);
    B(0, 1) = B(1, 0) = Tr<TestType>::from_mpfi(unbounded);  // [1, inf): not finite
    CHECK_FALSE(incert::enclose_symmetric_norm2_fast(B));
    CHECK_FALSE(incert::enclose_symmetric_eigenvalues_fast(B));
  }
}

TEST_CASE("fast symmetric 2-norm above 128 bits: a separated extreme eigenvalue is enclosed to the working precision",
          "[norm2]") {
  // Each refinement step of the Ritz vectors gains about 2^-50 (ritz_refinement_steps): at 256 and
  // 1000 bits the width is still set by the working precision, not by double's 2^-53.
  std::mt19937_64 rng(4242);
  for (unsigned bits : {256u, 1000u}) {
    incert::precision_scope scope(bits);
    for (int n : {2, 5, 12}) {
      std::vector<mpq_class> l;
      for (int i = 0; i < n; ++i) l.push_back(rand_q(rng, 50, 7));
      if (relative_gap(l) < 1e-3) l.push_back(mpq_class(200));  // a separated top eigenvalue
      const int m = static_cast<int>(l.size());
      const QMat A = with_spectrum(random_orthogonal(rng, m), l);
      mpq_class norm = 0;
      for (const auto& x : l) norm = std::max(norm, abs_q(x));
      const double rel = check_norm<mpfi_float>(A, 0, norm, mpq_class(0), "spectrum " + to_string(l));
      INFO(bits << " bits, n = " << m << ": relative width " << rel);
      CHECK(rel <= std::ldexp(1.0, -static_cast<int>(bits) + 40));
    }
  }
}

// enclose_symmetric_eigenvalues_fast: every eigenvalue, first order in double.
TEMPLATE_LIST_TEST_CASE("fast symmetric eigenvalues of Q diag(l) Q^T: exact spectra, scales 2^+-997 and beyond", "[eigen_fast]",
                        incert::all_scalar_types) {
  incert::precision_scope scope(128);
  std::mt19937_64 rng(1618);
  std::vector<std::vector<mpq_class>> spectra = {{mpq_class(7, 3)}, {-1, 2}, {2, 2, 2}, {0, 0, 3}, {-5, 0, 0, 5}, {0, 0, 0}};
  for (int n = 1; n <= 12; n += 3) {
    std::vector<mpq_class> l;
    for (int i = 0; i < n; ++i) l.push_back(rand_q(rng, 50, 7));
    spectra.push_back(l);
  }
  for (std::vector<mpq_class> l : spectra) {
    const int n = static_cast<int>(l.size());
    const QMat A = with_spectrum(random_orthogonal(rng, n), l);
    std::sort(l.begin(), l.end());
    mpq_class norm = 0;
    for (const auto& x : l) norm = std::max(norm, abs_q(x));
    for (long p : scales<TestType>()) {
      INFO(Tr<TestType>::name() << " scale 2^" << p << ", spectrum " << to_string(l) << "\n  A = " << to_string(A));
      std::optional<std::vector<TestType>> ev;
      REQUIRE_NOTHROW(ev = incert::enclose_symmetric_eigenvalues_fast(enclose_scaled<TestType>(A, p)));
      REQUIRE(ev);
      REQUIRE(ev->size() == l.size());
      for (std::size_t i = 0; i < l.size(); ++i) {
        const auto [lo, hi] = unscaled_bounds((*ev)[i], p);
        INFO("lambda_" << i + 1 << " = " << l[i].get_d() << ", enclosure / 2^p = [" << lo.get_d() << ", " << hi.get_d() << "]");
        if constexpr (Tr<TestType>::is_interval) {
          CHECK(lo <= l[i]);
          CHECK(hi >= l[i]);
          CHECK(hi - lo <= first_order_bound(n, norm));
        } else {
          CHECK(abs_q(lo - l[i]) <= first_order_bound(n, norm));
        }
      }
    }
  }
}

TEMPLATE_LIST_TEST_CASE("fast symmetric eigenvalues of interval matrices with radii", "[eigen_fast][radius]",
                        incert::rigorous_scalar_types) {
  using S = Tr<TestType>;
  incert::precision_scope scope(128);
  std::mt19937_64 rng(77);
  for (int trial = 0; trial < 12; ++trial) {
    const int n = 1 + trial % 7;
    const spectral_pair sp = random_spectral_pair(rng, n, trial, n);
    const matrix<TestType> A = hull_matrix<TestType>(sp.A0, sp.A1);
    std::optional<std::vector<TestType>> ev;
    REQUIRE_NOTHROW(ev = incert::enclose_symmetric_eigenvalues_fast(A));
    REQUIRE(ev);
    INFO(S::name() << " trial " << trial << "\n  A0 = " << to_string(sp.A0) << "\n  A1 = " << to_string(sp.A1));
    mpq_class top = 0;
    // (1-s) A0 + s A1 is in the hull, with eigenvalues (1-s) l0 + s l1 (same Q), sorted.
    for (const mpq_class& s : {mpq_class(0), mpq_class(1), mpq_class(1, 3), mpq_class(1, 2)}) {
      std::vector<mpq_class> l;
      for (int i = 0; i < n; ++i) l.push_back((1 - s) * sp.l0[static_cast<std::size_t>(i)] + s * sp.l1[static_cast<std::size_t>(i)]);
      std::sort(l.begin(), l.end());
      for (int i = 0; i < n; ++i) {
        const auto& x = (*ev)[static_cast<std::size_t>(i)];
        INFO("s = " << s.get_str() << ", lambda_" << i + 1 << " = " << l[static_cast<std::size_t>(i)].get_d() << ", enclosure "
                    << show_entry(x));
        CHECK(to_q(S::lower_exact(x)) <= l[static_cast<std::size_t>(i)]);
        CHECK(to_q(S::upper_exact(x)) >= l[static_cast<std::size_t>(i)]);
        top = std::max(top, abs_q(l[static_cast<std::size_t>(i)]));
      }
    }
    for (const auto& x : *ev) CHECK(to_q(S::upper_exact(x)) - to_q(S::lower_exact(x)) <= 8 * n * n * (top + 1) * (sp.rel + pow2_q(-50)));
  }
}

// enclose_symmetric_norm2_fast_prefix_shifts: ||A - diag(c_1..c_k, 0..0)||_2 for every k at once.
// A = Q diag(l) Q^T + diag(c_1..c_k0, 0..0), so D_k0 has the exact spectrum l; every D_k against
// the 300-bit working-precision method (an independent algorithm) and against the one-matrix fast
// enclosure; a zero D_n; off-diagonal entries 2^-1200 below the rest (below double's range after
// scaling); scales 2^0, 2^+-997 and, for MPFI/MPFR, 2^+-300000.
TEMPLATE_LIST_TEST_CASE("fast symmetric 2-norms of A - diag(c_1..c_k, 0..0) for every k at once", "[norm2][prefix]",
                        incert::all_scalar_types) {
  using S = Tr<TestType>;
  std::mt19937_64 rng(8080);
  for (int trial = 0; trial < 14; ++trial) {
    const int n = 1 + trial % 7 + (trial >= 7 ? 5 : 0);
    const int k0 = 1 + static_cast<int>(rng() % static_cast<unsigned>(n));
    std::vector<mpq_class> l, c;
    for (int i = 0; i < n; ++i) l.push_back(rand_q(rng, 20, 7));
    if (trial % 3 == 0) l[0] = 100;  // a separated extreme eigenvalue of D_k0
    for (int i = 0; i < n; ++i) c.push_back(i % 4 == 3 ? mpq_class(0) : rand_q(rng, 60, 5));
    if (trial == 5)  // dyadic, exact in every type: D_n is exactly zero
      for (int i = 0; i < n; ++i) c[static_cast<std::size_t>(i)] = mpq_class(static_cast<long>(rng() % 64) - 32, 4);
    QMat A = with_spectrum(random_orthogonal(rng, n), l);
    if (trial == 5) A = identity(n), A(0, 0) = 0;  // D_n = diag(c) - diag(c) = 0 below
    if (trial == 6 && n > 2) A(0, n - 1) = A(n - 1, 0) = pow2_q(-1200);
    for (int i = 0; i < (trial == 5 ? n : k0); ++i) A(i, i) += c[static_cast<std::size_t>(i)];
    if (trial == 5)
      for (int i = 0; i < n; ++i) A(i, i) = c[static_cast<std::size_t>(i)];
    mpq_class max_abs = 0;
    for (int i = 0; i < n; ++i)
      for (int j = 0; j < n; ++j) max_abs = std::max(max_abs, abs_q(A(i, j)));
    // References: exact D_k, 300-bit MPFR eigen-solver method.
    std::vector<std::pair<mpq_class, mpq_class>> ref;
    for (int k = 1; k <= n; ++k) {
      QMat D = A;
      for (int i = 0; i < k; ++i) D(i, i) -= c[static_cast<std::size_t>(i)];
      incert::precision_scope scope(300);
      auto r = incert::enclose_symmetric_norm2(enclose_matrix<mpfi_float>(D));
      REQUIRE(r);
      ref.emplace_back(to_q(Tr<mpfi_float>::lower_exact(*r)), to_q(Tr<mpfi_float>::upper_exact(*r)));
    }
    incert::precision_scope scope(128);
    for (long p : scales<TestType>()) {
      const matrix<TestType> Ap = enclose_scaled<TestType>(A, p);
      std::vector<TestType> cp;
      for (const mpq_class& x : c) cp.push_back(incert::enclose<TestType>(mpq_class(x * pow2_q(p))));
      std::vector<std::optional<TestType>> e;
      REQUIRE_NOTHROW(e = incert::enclose_symmetric_norm2_fast_prefix_shifts(Ap, cp, static_cast<std::size_t>(n)));
      REQUIRE(e.size() == static_cast<std::size_t>(n));
      for (int k = 1; k <= n; ++k) {
        const auto& [ref_lo, ref_hi] = ref[static_cast<std::size_t>(k - 1)];
        INFO(S::name() << " trial " << trial << ", scale 2^" << p << ", k = " << k << " (k0 = " << k0 << ")\n  A = " << to_string(A)
                       << "\n  c = " << to_string(c) << "\n  reference ||D_k|| in [" << ref_lo.get_d() << ", " << ref_hi.get_d() << "]");
        REQUIRE(e[static_cast<std::size_t>(k - 1)]);
        const auto [lo, hi] = unscaled_bounds(*e[static_cast<std::size_t>(k - 1)], p);
        INFO("enclosure / 2^p = [" << lo.get_d() << ", " << hi.get_d() << "]");
        const mpq_class allowance = first_order_bound(n, ref_hi + max_abs);
        if constexpr (S::is_interval) {
          CHECK(lo <= ref_hi);
          CHECK(hi >= ref_lo);
          CHECK(hi - lo <= allowance);
          // Second order where D_k0 has a separated extreme eigenvalue (up to the rounding of A X).
          if (k == k0 && trial % 3 == 0 && std::is_same<TestType, mpfi_float>::value) CHECK(hi - lo <= mpq_class(1e-30) * max_abs);
          // The one-matrix fast enclosure of the same D_k overlaps.
          matrix<TestType> D = Ap;
          for (int i = 0; i < k; ++i) D(i, i) -= cp[static_cast<std::size_t>(i)];
          const auto single = incert::enclose_symmetric_norm2_fast(D);
          REQUIRE(single);
          const auto [slo, shi] = unscaled_bounds(*single, p);
          CHECK(lo <= shi);
          CHECK(slo <= hi);
        } else {
          CHECK(abs_q(lo - ref_lo) <= allowance);
        }
        if (trial == 5 && k == n) CHECK(S::upper_exact(*e[static_cast<std::size_t>(k - 1)]) == 0);
      }
    }
  }
  matrix<TestType> B(2, 3);
  B.setConstant(TestType(1));
  CHECK_THROWS_AS(incert::enclose_symmetric_norm2_fast_prefix_shifts(B, std::vector<TestType>(2, TestType(1)), 1),
                  std::invalid_argument);
}
