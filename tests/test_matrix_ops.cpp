// incert/linalg/matrix_ops.hpp over the five scalar types.
//
//  * multiply / multiply_transposed: for interval matrices with non-zero radii, the products
//    of several exact rational matrices inside the factors (vertices and random points) are
//    contained (exact mpq reference, exact comparisons of the bounds); the width is at most
//    the exact interval-product width sum_k (w(a) |b| + |a| w(b)) plus a rounding term
//    c k u sum_k |a||b|. Point types approximate the product within the rounding term.
//  * inf_norm_upper: an upper bound of max_i sum_j max|A_ij| over the box, tight to c n u.
//  * frobenius_norm: contains sqrt(sum a_ij^2) for every matrix in the box (the lower bound
//    is below the norm of the entrywise smallest magnitudes, the upper above the largest).
//  * symmetrize: intersection for interval types (disjoint enclosures throw std::logic_error),
//    the mean for point types.

#include <catch2/catch.hpp>

#include "support/exact_matrices.hpp"

#include "incert/scalar/scalar_list.hpp"
#include "incert/exact/exact_real.hpp"
#include "incert/linalg/matrix_ops.hpp"

#include <gmpxx.h>
#include <mpfr.h>

#include <algorithm>
#include <cmath>
#include <limits>
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

// A perturbed entrywise by relative amounts up to rel (some entries left unchanged).
QMat perturbed(std::mt19937_64& rng, const QMat& A, const mpq_class& rel) {
  QMat B = A;
  for (auto& x : B.a) {
    if (rng() % 4 == 0) continue;
    x += (abs_q(x) + 1) * rel * rand_q(rng, 10, 10);
  }
  return B;
}

// A point between A0 and A1 (entrywise weights).
QMat inner_point(std::mt19937_64& rng, const QMat& A0, const QMat& A1) {
  QMat P = A0;
  for (std::size_t e = 0; e < P.a.size(); ++e) {
    const mpq_class t(static_cast<long>(rng() % 101), 100);
    P.a[e] = A0.a[e] + t * (A1.a[e] - A0.a[e]);
  }
  return P;
}


template <class T>
mpq_class lo_q(const T& x) {
  return to_q(Tr<T>::lower_exact(x));
}
template <class T>
mpq_class hi_q(const T& x) {
  return to_q(Tr<T>::upper_exact(x));
}
// Largest magnitude, width of an entry (exact).
template <class T>
mpq_class mag_q(const T& x) {
  return std::max(abs_q(lo_q(x)), abs_q(hi_q(x)));
}
template <class T>
mpq_class mig_q(const T& x) {
  const mpq_class lo = lo_q(x), hi = hi_q(x);
  if (lo <= 0 && hi >= 0) return 0;
  return std::min(abs_q(lo), abs_q(hi));
}
template <class T>
mpq_class width_q(const T& x) {
  return hi_q(x) - lo_q(x);
}

template <class T>
mpq_class unit_q() {
  mpz_class p;
  mpz_ui_pow_ui(p.get_mpz_t(), 2, Tr<T>::precision_bits());
  return mpq_class(mpz_class(1), p);
}

template <class T>
mpq_class tiny_q() {
  if constexpr (std::is_same<T, double>::value || std::is_same<T, double_interval>::value) {
    mpz_class p;
    mpz_ui_pow_ui(p.get_mpz_t(), 2, 1074);
    return mpq_class(mpz_class(1), p);
  } else {
    return 0;  // no underflow at these magnitudes for long double / MPFR
  }
}

template <class T>
bool finite_bounds(const T& x) {
  return mpfr_number_p(Tr<T>::lower_exact(x).backend().data()) &&
         mpfr_number_p(Tr<T>::upper_exact(x).backend().data());
}

// Interval types: every entry of X contains the exact ref. Point types: X within tolerance
// tol(i, j) of ref. Returns the number of bad entries (each one reported).
template <class T, class Tol>
int check_matrix(const matrix<T>& X, const QMat& ref, Tol tol) {
  int bad = 0;
  REQUIRE(X.rows() == ref.r);
  REQUIRE(X.cols() == ref.c);
  for (int i = 0; i < ref.r; ++i)
    for (int j = 0; j < ref.c; ++j) {
      bool ok = finite_bounds(X(i, j));
      if (ok) {
        if constexpr (Tr<T>::is_interval)
          ok = lo_q(X(i, j)) <= ref(i, j) && ref(i, j) <= hi_q(X(i, j));
        else
          ok = abs_q(lo_q(X(i, j)) - ref(i, j)) <= tol(i, j);
      }
      if (!ok) {
        ++bad;
        UNSCOPED_INFO("entry (" << i << "," << j << ") = " << show_entry(X(i, j)) << " vs exact " << ref(i, j).get_d());
      }
    }
  return bad;
}

template <class T>
void check_product(std::mt19937_64& rng, int m, int k, int p, const mpq_class& rel, bool transposed) {
  using S = Tr<T>;
  // transposed: C = A^T B with A stored k x m.
  const QMat A0 = transposed ? random_matrix(rng, k, m, 30, 13) : random_matrix(rng, m, k, 30, 13);
  const QMat B0 = random_matrix(rng, k, p, 30, 13);
  const QMat A1 = perturbed(rng, A0, rel), B1 = perturbed(rng, B0, rel);
  const matrix<T> A = hull_matrix<T>(A0, A1), B = hull_matrix<T>(B0, B1);
  INFO(S::name() << " at " << S::precision_bits() << " bits, " << (transposed ? "A^T B" : "A B") << ", A0 = "
                 << to_string(A0) << ", A1 = " << to_string(A1) << ", B0 = " << to_string(B0)
                 << ", B1 = " << to_string(B1));
  const matrix<T> C = transposed ? incert::multiply_transposed(A, B) : incert::multiply(A, B);
  REQUIRE(C.rows() == m);
  REQUIRE(C.cols() == p);
  auto a_at = [&](const matrix<T>& M, int i, int kk) -> const T& { return transposed ? M(kk, i) : M(i, kk); };
  // Bounds computed exactly from the entries of the factors as given to multiply.
  const mpq_class u = unit_q<T>();
  QMat round(m, p), spread(m, p);
  for (int i = 0; i < m; ++i)
    for (int j = 0; j < p; ++j) {
      mpq_class s = 0, w = 0;
      for (int kk = 0; kk < k; ++kk) {
        const T& a = a_at(A, i, kk);
        s += mag_q(a) * mag_q(B(kk, j));
        w += width_q(a) * mag_q(B(kk, j)) + mag_q(a) * width_q(B(kk, j));
      }
      // Each of the k products and k additions rounds each bound by at most 2u relative to
      // a partial quantity bounded by s (+ the subnormal step for double).
      round(i, j) = 4 * (k + 1) * u * s + 4 * (k + 1) * tiny_q<T>();
      spread(i, j) = w;
    }
  auto tol = [&](int i, int j) { return round(i, j); };
  std::vector<std::pair<QMat, QMat>> points = {{A0, B0}};
  if constexpr (S::is_interval) {
    points.push_back({A1, B1});
    points.push_back({A0, B1});
    points.push_back({A1, B0});
    for (int t = 0; t < 3; ++t) points.push_back({inner_point(rng, A0, A1), inner_point(rng, B0, B1)});
  }
  for (const auto& [PA, PB] : points) {
    INFO("inner point A = " << to_string(PA) << ", B = " << to_string(PB));
    const QMat ref = mul(transposed ? transpose(PA) : PA, PB);
    CHECK(check_matrix(C, ref, tol) == 0);
  }
  if constexpr (S::is_interval) {
    for (int i = 0; i < m; ++i)
      for (int j = 0; j < p; ++j) {
        INFO("entry (" << i << "," << j << ") = " << show_entry(C(i, j)) << ", width " << width_q(C(i, j)).get_d()
                       << ", interval-product spread " << spread(i, j).get_d() << ", rounding allowance "
                       << round(i, j).get_d());
        CHECK(width_q(C(i, j)) <= spread(i, j) + 2 * round(i, j));
      }
  }
}

template <class T>
std::vector<unsigned> precisions() {
  if constexpr (std::is_same<T, mpfr_float>::value || std::is_same<T, mpfi_float>::value)
    return {64, 128, 300};
  else
    return {128};
}

template <class T>
T make_interval(double lo, double hi) {
  if constexpr (std::is_same<T, double_interval>::value)
    return double_interval(lo, hi);
  else if constexpr (std::is_same<T, mpfi_float>::value)
    return Tr<T>::interval(mpfr_float(lo), mpfr_float(hi));
  else
    return T(lo);
}

}  // namespace

TEMPLATE_LIST_TEST_CASE("multiply encloses the exact product", "[matrix_ops][multiply]", incert::all_scalar_types) {
  std::mt19937_64 rng(2718);
  for (unsigned bits : precisions<TestType>()) {
    incert::precision_scope scope(bits);
    for (int trial = 0; trial < 40; ++trial) {
      const int m = 1 + static_cast<int>(rng() % 6), k = 1 + static_cast<int>(rng() % 7),
                p = 1 + static_cast<int>(rng() % 6);
      const mpq_class rel = trial % 4 == 0 ? mpq_class(1, 100) : mpq_class(1, 1000000000);
      check_product<TestType>(rng, m, k, p, rel, false);
      check_product<TestType>(rng, m, k, p, rel, true);
    }
    check_product<TestType>(rng, 20, 25, 15, mpq_class(1, 1000000), false);
  }
}

TEMPLATE_LIST_TEST_CASE("multiply: exact data, cancellation and shapes", "[matrix_ops][multiply]", incert::all_scalar_types) {
  using S = Tr<TestType>;
  incert::precision_scope scope(128);
  // Small integers: every type computes the product exactly (degenerate intervals).
  std::mt19937_64 rng(1);
  QMat A(3, 4), B(4, 2);
  for (auto& x : A.a) x = static_cast<long>(rng() % 41) - 20;
  for (auto& x : B.a) x = static_cast<long>(rng() % 41) - 20;
  const matrix<TestType> C = incert::multiply(enclose_matrix<TestType>(A), enclose_matrix<TestType>(B));
  const QMat ref = mul(A, B);
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 2; ++j) {
      INFO("(" << i << "," << j << ") " << show_entry(C(i, j)) << " vs " << ref(i, j).get_str());
      CHECK(lo_q(C(i, j)) == ref(i, j));
      CHECK(hi_q(C(i, j)) == ref(i, j));
    }
  // Cancellation: (1/3, 1/3) . (1, -1) = 0 exactly; the interval result contains 0.
  QMat x(1, 2), y(2, 1);
  x(0, 0) = x(0, 1) = mpq_class(1, 3);
  y(0, 0) = 1;
  y(1, 0) = -1;
  const matrix<TestType> z = incert::multiply(enclose_matrix<TestType>(x), enclose_matrix<TestType>(y));
  if constexpr (S::is_interval) {
    CHECK(lo_q(z(0, 0)) <= 0);
    CHECK(hi_q(z(0, 0)) >= 0);
  }
  CHECK(abs_q(lo_q(z(0, 0))) <= 4 * unit_q<TestType>());
  // Shapes.
  CHECK_THROWS_AS(incert::multiply(matrix<TestType>(2, 3), matrix<TestType>(2, 3)), std::invalid_argument);
  CHECK_THROWS_AS(incert::multiply_transposed(matrix<TestType>(2, 3), matrix<TestType>(3, 2)),
                  std::invalid_argument);
  const matrix<TestType> E = incert::multiply(matrix<TestType>(2, 0), matrix<TestType>(0, 3));
  REQUIRE(E.rows() == 2);
  REQUIRE(E.cols() == 3);
  for (Eigen::Index i = 0; i < 2; ++i)
    for (Eigen::Index j = 0; j < 3; ++j) CHECK(mag_q(E(i, j)) == 0);  // empty sum
}

TEMPLATE_LIST_TEST_CASE("inf_norm_upper bounds the infinity norm over the box", "[matrix_ops][norm]", incert::all_scalar_types) {
  using S = Tr<TestType>;
  std::mt19937_64 rng(161803);
  for (unsigned bits : precisions<TestType>()) {
    incert::precision_scope scope(bits);
    for (int trial = 0; trial < 40; ++trial) {
      const int m = 1 + static_cast<int>(rng() % 7), n = 1 + static_cast<int>(rng() % 7);
      const QMat A0 = random_matrix(rng, m, n, 30, 13);
      const QMat A1 = perturbed(rng, A0, trial % 3 == 0 ? mpq_class(1, 10) : mpq_class(1, 100000));
      const matrix<TestType> A = hull_matrix<TestType>(A0, A1);
      // Exact max over the box (from the bounds of the entries given): max_i sum_j mag.
      mpq_class exact = 0, exact_points = 0;
      for (int i = 0; i < m; ++i) {
        mpq_class s = 0, s0 = 0, s1 = 0;
        for (int j = 0; j < n; ++j) {
          s += mag_q(A(i, j));
          s0 += abs_q(A0(i, j));
          s1 += abs_q(A1(i, j));
        }
        exact = std::max(exact, s);
        exact_points = std::max(exact_points, S::is_interval ? std::max(s0, s1) : s0);
      }
      const mpq_class got = to_q(incert::detail::exact_mpfr(incert::inf_norm_upper(A)));
      const mpq_class tol = 4 * (n + 1) * unit_q<TestType>() * exact;
      INFO(S::name() << " A0 = " << to_string(A0) << ", A1 = " << to_string(A1) << ": inf_norm_upper = "
                     << got.get_d() << ", exact " << exact.get_d());
      if constexpr (S::is_interval) {
        CHECK(got >= exact);
        CHECK(got >= exact_points);
        CHECK(got <= exact + tol);
      } else {
        CHECK(abs_q(got - exact_points) <= tol + 2 * unit_q<TestType>() * exact_points);
      }
    }
  }
  // Integer data: exact for every type; zero matrix and empty matrix give 0.
  incert::precision_scope scope(128);
  QMat A(2, 3);
  A(0, 0) = -3, A(0, 1) = 4, A(0, 2) = 0, A(1, 0) = 1, A(1, 1) = -1, A(1, 2) = 5;
  CHECK(to_q(incert::detail::exact_mpfr(incert::inf_norm_upper(enclose_matrix<TestType>(A)))) == 7);
  CHECK(to_q(incert::detail::exact_mpfr(incert::inf_norm_upper(enclose_matrix<TestType>(QMat(3, 2))))) == 0);
  CHECK(to_q(incert::detail::exact_mpfr(incert::inf_norm_upper(matrix<TestType>(0, 0)))) == 0);
  if constexpr (S::is_interval) {
    // An entry straddling zero counts with its largest magnitude.
    matrix<TestType> B(1, 2);
    B(0, 0) = make_interval<TestType>(-3, 1);
    B(0, 1) = make_interval<TestType>(0.5, 2);
    CHECK(to_q(incert::detail::exact_mpfr(incert::inf_norm_upper(B))) == 5);
  }
}

TEMPLATE_LIST_TEST_CASE("frobenius_norm encloses the norm of every matrix in the box", "[matrix_ops][norm]", incert::all_scalar_types) {
  using S = Tr<TestType>;
  std::mt19937_64 rng(14142);
  for (unsigned bits : precisions<TestType>()) {
    incert::precision_scope scope(bits);
    for (int trial = 0; trial < 40; ++trial) {
      const int m = 1 + static_cast<int>(rng() % 7), n = 1 + static_cast<int>(rng() % 7);
      const QMat A0 = random_matrix(rng, m, n, 30, 13);
      const bool radius = trial % 2 == 1;
      const QMat A1 = radius ? perturbed(rng, A0, trial % 4 == 1 ? mpq_class(1, 3) : mpq_class(1, 100000)) : A0;
      const matrix<TestType> A = hull_matrix<TestType>(A0, A1);
      const TestType f = incert::frobenius_norm(A);
      REQUIRE(finite_bounds(f));
      const mpq_class lo = lo_q(f), hi = hi_q(f);
      // Squared norms: of the given entries' smallest / largest magnitudes, and of points.
      mpq_class smin = 0, smax = 0, s0 = 0, s1 = 0;
      for (int i = 0; i < m; ++i)
        for (int j = 0; j < n; ++j) {
          smin += mig_q(A(i, j)) * mig_q(A(i, j));
          smax += mag_q(A(i, j)) * mag_q(A(i, j));
          s0 += A0(i, j) * A0(i, j);
          s1 += A1(i, j) * A1(i, j);
        }
      INFO(S::name() << " A0 = " << to_string(A0) << ", A1 = " << to_string(A1) << ": frobenius " << show_entry(f)
                     << ", exact squared norms " << s0.get_d() << " / " << s1.get_d());
      const mpq_class u = unit_q<TestType>();
      if constexpr (S::is_interval) {
        CHECK(lo >= 0);  // a norm
        // lower <= sqrt(smin) and upper >= sqrt(smax), compared through squares.
        CHECK(lo * lo <= smin);
        CHECK(hi * hi >= smax);
        for (const mpq_class& s : {s0, s1}) {
          CHECK(lo * lo <= s);
          CHECK(hi * hi >= s);
        }
        // Tight: no wider than the exact range plus rounding.
        CHECK(hi * hi <= smax * (1 + 4 * (m * n + 2) * u) + tiny_q<TestType>());
        CHECK(lo * lo >= smin * (1 - 4 * (m * n + 2) * u));
      } else {
        // |f^2 - s0| <= c m n u s0.
        CHECK(lo == hi);
        CHECK(abs_q(lo * lo - s0) <= 4 * (m * n + 2) * u * s0);
      }
    }
  }
  incert::precision_scope scope(128);
  QMat A(1, 2);
  A(0, 0) = 3;
  A(0, 1) = -4;
  const TestType f = incert::frobenius_norm(enclose_matrix<TestType>(A));
  CHECK(lo_q(f) == 5);
  CHECK(hi_q(f) == 5);
  CHECK(mag_q(incert::frobenius_norm(matrix<TestType>(0, 0))) == 0);
  if constexpr (S::is_interval) {
    // An entry straddling zero: the lower bound is 0, not |lower|.
    matrix<TestType> B(1, 1);
    B(0, 0) = make_interval<TestType>(-1, 2);
    const TestType g = incert::frobenius_norm(B);
    CHECK(lo_q(g) == 0);
    CHECK(hi_q(g) == 2);
  }
}

TEMPLATE_LIST_TEST_CASE("symmetrize intersects (intervals) or averages (points)", "[matrix_ops][symmetrize]", incert::all_scalar_types) {
  using S = Tr<TestType>;
  incert::precision_scope scope(128);
  std::mt19937_64 rng(3);
  for (int trial = 0; trial < 30; ++trial) {
    const int n = 1 + trial % 6;
    // Two overlapping enclosures of each off-diagonal value.
    matrix<TestType> A(n, n);
    std::vector<double> lo(static_cast<std::size_t>(n * n)), hi(lo.size());
    for (int i = 0; i < n; ++i)
      for (int j = 0; j < n; ++j) {
        const double c = static_cast<double>(static_cast<long>(rng() % 2001) - 1000) / 8;
        const double a = static_cast<double>(rng() % 64) / 16, b = static_cast<double>(rng() % 64) / 16;
        lo[static_cast<std::size_t>(i * n + j)] = c - a;
        hi[static_cast<std::size_t>(i * n + j)] = c + b;
      }
    for (int i = 0; i < n; ++i)
      for (int j = i + 1; j < n; ++j) {  // A_ji overlaps A_ij: shift by less than the width
        const std::size_t ij = static_cast<std::size_t>(i * n + j), ji = static_cast<std::size_t>(j * n + i);
        const double shift = (hi[ij] - lo[ij]) * static_cast<double>(rng() % 8) / 8;
        lo[ji] = lo[ij] + shift;
        hi[ji] = hi[ij] + shift * static_cast<double>(rng() % 3);
      }
    for (int i = 0; i < n; ++i)
      for (int j = 0; j < n; ++j) {
        const std::size_t e = static_cast<std::size_t>(i * n + j);
        A(i, j) = make_interval<TestType>(lo[e], hi[e]);
      }
    const matrix<TestType> before = A;
    REQUIRE_NOTHROW(incert::symmetrize(A));
    for (int i = 0; i < n; ++i)
      for (int j = 0; j < n; ++j) {
        INFO(S::name() << " (" << i << "," << j << "): before " << show_entry(before(i, j)) << " / "
                       << show_entry(before(j, i)) << ", after " << show_entry(A(i, j)));
        CHECK(lo_q(A(i, j)) == lo_q(A(j, i)));
        CHECK(hi_q(A(i, j)) == hi_q(A(j, i)));
        if (i == j) {
          CHECK(lo_q(A(i, i)) == lo_q(before(i, i)));
          CHECK(hi_q(A(i, i)) == hi_q(before(i, i)));
        } else if constexpr (S::is_interval) {
          CHECK(lo_q(A(i, j)) == std::max(lo_q(before(i, j)), lo_q(before(j, i))));
          CHECK(hi_q(A(i, j)) == std::min(hi_q(before(i, j)), hi_q(before(j, i))));
        } else {
          CHECK(lo_q(A(i, j)) == (lo_q(before(i, j)) + lo_q(before(j, i))) / 2);
        }
      }
  }
  // Touching enclosures intersect in a point; disjoint ones are a bug upstream.
  matrix<TestType> T(2, 2);
  T(0, 0) = T(1, 1) = TestType(1);
  T(0, 1) = make_interval<TestType>(1, 2);
  T(1, 0) = make_interval<TestType>(2, 3);
  REQUIRE_NOTHROW(incert::symmetrize(T));
  if constexpr (S::is_interval) {
    CHECK(lo_q(T(0, 1)) == 2);
    CHECK(hi_q(T(0, 1)) == 2);
    matrix<TestType> D(3, 3);
    D.setConstant(make_interval<TestType>(0, 1));
    D(2, 0) = make_interval<TestType>(1.5, 2);
    CHECK_THROWS_AS(incert::symmetrize(D), std::logic_error);
    D(2, 0) = make_interval<TestType>(-2, -1e-300);
    CHECK_THROWS_AS(incert::symmetrize(D), std::logic_error);
  } else {
    CHECK(lo_q(T(0, 1)) == mpq_class(3, 2));
  }
}

TEMPLATE_LIST_TEST_CASE("mid_matrix, point_matrix and all_finite", "[matrix_ops]", incert::all_scalar_types) {
  using S = Tr<TestType>;
  incert::precision_scope scope(128);
  std::mt19937_64 rng(5);
  const QMat A0 = random_matrix(rng, 3, 4, 30, 13), A1 = perturbed(rng, A0, mpq_class(1, 10));
  const matrix<TestType> A = hull_matrix<TestType>(A0, A1);
  const auto M = incert::mid_matrix(A);
  const matrix<TestType> P = incert::point_matrix<TestType>(M);
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 4; ++j) {
      const mpq_class m = to_q(incert::detail::exact_mpfr(M(i, j)));
      INFO("(" << i << "," << j << ") " << show_entry(A(i, j)) << " mid " << m.get_d());
      CHECK(lo_q(A(i, j)) <= m);
      CHECK(m <= hi_q(A(i, j)));
      CHECK(lo_q(P(i, j)) == m);
      CHECK(hi_q(P(i, j)) == m);
    }
  CHECK(incert::all_finite(A));
  matrix<TestType> B = A;
  B(1, 2) = TestType(std::numeric_limits<double>::infinity());
  CHECK(!incert::all_finite(B));
  (void)S::name();
}
