// incert/linalg/verified_inverse.hpp over the five scalar types.
//
// Matrices have exact rational entries; the reference inverse is computed exactly here
// (Gauss-Jordan over mpq_class). Checks:
//  * interval types: the enclosure contains the exact inverse (exact comparisons of the
//    bounds with mpfr_cmp_q), also for interval matrices with non-zero radii (the inverses
//    of several exact matrices inside are all contained), and is narrow:
//    width <= c * n * kappa(A) * ||A^-1|| * u;
//  * point types: the approximation is within the same bound of the exact inverse;
//  * singular matrices, and interval matrices merely containing a singular one, give
//    nullopt for interval types (never an exception, never an "enclosure");
//  * non-square input throws std::invalid_argument.

#include <catch2/catch.hpp>

#include "support/exact_matrices.hpp"

#include "incert/scalar/scalar_list.hpp"
#include "incert/exact/exact_real.hpp"
#include "incert/linalg/verified_inverse.hpp"

#include <gmpxx.h>
#include <mpfr.h>

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

// Count of entries of X not containing the exact value (interval types).
template <class T>
int count_not_contained(const matrix<T>& X, const QMat& ref) {
  int bad = 0;
  for (int i = 0; i < ref.r; ++i)
    for (int j = 0; j < ref.c; ++j) {
      const mpfr_float lo = Tr<T>::lower_exact(X(i, j)), hi = Tr<T>::upper_exact(X(i, j));
      const bool ok = mpfr_number_p(lo.backend().data()) && mpfr_number_p(hi.backend().data()) &&
                      mpfr_cmp_q(lo.backend().data(), ref(i, j).get_mpq_t()) <= 0 &&
                      mpfr_cmp_q(hi.backend().data(), ref(i, j).get_mpq_t()) >= 0;
      if (!ok) {
        ++bad;
        UNSCOPED_INFO("entry (" << i << "," << j << ") = " << show_entry(X(i, j)) << " misses "
                                << ref(i, j).get_str());
      }
    }
  return bad;
}

// Largest entrywise width (interval types) or error |X - ref| (point types), exactly.
template <class T>
mpq_class max_width_or_error(const matrix<T>& X, const QMat& ref) {
  mpq_class worst = 0;
  for (int i = 0; i < ref.r; ++i)
    for (int j = 0; j < ref.c; ++j) {
      const mpq_class lo = to_q(Tr<T>::lower_exact(X(i, j))), hi = to_q(Tr<T>::upper_exact(X(i, j)));
      const mpq_class w = Tr<T>::is_interval ? mpq_class(hi - lo) : abs_q(lo - ref(i, j));
      if (w > worst) worst = w;
    }
  return worst;
}

template <class T>
mpq_class unit_q() {
  mpz_class p;
  mpz_ui_pow_ui(p.get_mpz_t(), 2, Tr<T>::precision_bits());
  return mpq_class(mpz_class(1), p);
}

template <class T>
bool all_finite_bounds(const matrix<T>& X) {
  for (Eigen::Index i = 0; i < X.rows(); ++i)
    for (Eigen::Index j = 0; j < X.cols(); ++j)
      if (!mpfr_number_p(Tr<T>::lower_exact(X(i, j)).backend().data()) ||
          !mpfr_number_p(Tr<T>::upper_exact(X(i, j)).backend().data()))
        return false;
  return true;
}

constexpr int kWidthFactor = 16;

// verified_inverse of the (enclosed) exact matrix A against its exact inverse. Returns
// width / (n kappa ||A^-1|| u) for the report.
template <class T>
double check_inverse_of_exact(const QMat& A, const std::string& label, bool must_verify = true) {
  using S = Tr<T>;
  const int n = A.r;
  const auto ref = exact_inverse(A);
  REQUIRE(ref);
  const mpq_class ninv = inf_norm(*ref), kappa = inf_norm(A) * ninv;
  const mpq_class u = unit_q<T>();
  INFO(S::name() << " at " << S::precision_bits() << " bits, " << label << ", n = " << n << ", kappa_inf = "
                 << kappa.get_d() << "\n  A = " << to_string(A));
  std::optional<matrix<T>> X;
  REQUIRE_NOTHROW(X = incert::verified_inverse(enclose_matrix<T>(A)));
  if (!X) {
    if (must_verify) FAIL_CHECK("verified_inverse returned nullopt on a well-conditioned matrix");
    return 0;
  }
  REQUIRE(X->rows() == n);
  REQUIRE(X->cols() == n);
  REQUIRE(all_finite_bounds(*X));
  if constexpr (S::is_interval) CHECK(count_not_contained(*X, *ref) == 0);
  const mpq_class w = max_width_or_error(*X, *ref);
  const mpq_class scale = n * kappa * ninv * u;
  CAPTURE(w.get_d(), scale.get_d());
  CHECK(w <= kWidthFactor * scale);
  return mpq_class(w / scale).get_d();
}

template <class T>
std::vector<unsigned> precisions() {
  if constexpr (std::is_same<T, mpfr_float>::value || std::is_same<T, mpfi_float>::value)
    return {64, 128, 256};
  else
    return {128};  // the working precision only affects how inputs are enclosed
}

}  // namespace

TEMPLATE_LIST_TEST_CASE("verified_inverse of random rational matrices", "[inverse]", incert::all_scalar_types) {
  std::mt19937_64 rng(4242);
  double worst_ratio = 0;
  for (unsigned bits : precisions<TestType>()) {
    incert::precision_scope scope(bits);
    for (int trial = 0; trial < 60; ++trial) {
      const int n = 1 + trial % 8;
      QMat A = random_matrix(rng, n, n);
      // Every third matrix made diagonally dominant, the others left as drawn (kappa up to
      // a few thousand); exactly singular draws are skipped.
      if (trial % 3 == 0)
        for (int i = 0; i < n; ++i) A(i, i) += (A(i, i) < 0 ? -1 : 1) * 20 * n;
      if (!exact_inverse(A)) continue;
      const mpq_class kappa = inf_norm(A) * inf_norm(*exact_inverse(A));
      if (kappa > 1e6) continue;
      worst_ratio = std::max(worst_ratio, check_inverse_of_exact<TestType>(A, "random #" + std::to_string(trial)));
    }
    // A few larger ones.
    for (int n : {15, 20}) {
      QMat A = random_matrix(rng, n, n);
      for (int i = 0; i < n; ++i) A(i, i) += 10 * n;
      worst_ratio = std::max(worst_ratio, check_inverse_of_exact<TestType>(A, "n = " + std::to_string(n)));
    }
  }
  // Interval widths are never zero here (the inputs are not all dyadic), point errors may be.
  if constexpr (Tr<TestType>::is_interval) CHECK(worst_ratio > 0);
}

TEMPLATE_LIST_TEST_CASE("verified_inverse of Hilbert matrices", "[inverse]", incert::all_scalar_types) {
  incert::precision_scope scope(128);
  for (int n : {2, 4, 6, 10, 13}) {
    QMat H(n, n);
    for (int i = 0; i < n; ++i)
      for (int j = 0; j < n; ++j) H(i, j) = mpq_class(1, i + j + 1);
    const mpq_class kappa = inf_norm(H) * inf_norm(*exact_inverse(H));
    // Verification is required where kappa * u is small; beyond that only soundness.
    const bool must = mpq_class(kappa * n * unit_q<TestType>()) < mpq_class(1, 1000000);
    check_inverse_of_exact<TestType>(H, "Hilbert", must);
  }
}

TEMPLATE_LIST_TEST_CASE("verified_inverse encloses the inverses of all matrices in an interval matrix",
                   "[inverse][radius]", incert::rigorous_scalar_types) {
  using S = Tr<TestType>;
  incert::precision_scope scope(128);
  std::mt19937_64 rng(99);
  for (int trial = 0; trial < 30; ++trial) {
    const int n = 1 + trial % 6;
    QMat A0 = random_matrix(rng, n, n);
    for (int i = 0; i < n; ++i) A0(i, i) += (A0(i, i) < 0 ? -1 : 1) * 10 * n;
    // A1 = A0 perturbed entrywise by relative amounts up to 1e-6 (or 1e-3 for some trials).
    const mpq_class rel = trial % 5 == 0 ? mpq_class(1, 1000) : mpq_class(1, 1000000);
    QMat A1 = A0;
    for (auto& x : A1.a) x += x * rel * rand_q(rng, 10, 10);
    const matrix<TestType> A = hull_matrix<TestType>(A0, A1);
    INFO(S::name() << " trial " << trial << "\n  A0 = " << to_string(A0) << "\n  A1 = " << to_string(A1));
    std::optional<matrix<TestType>> X;
    REQUIRE_NOTHROW(X = incert::verified_inverse(A));
    REQUIRE(X);
    REQUIRE(all_finite_bounds(*X));
    // Vertices and random rational points of the box: all inverses contained.
    std::vector<QMat> inside = {A0, A1};
    for (int k = 0; k < 4; ++k) {
      QMat P = A0;
      for (std::size_t e = 0; e < P.a.size(); ++e) {
        const mpq_class t(static_cast<long>(rng() % 101), 100);
        P.a[e] = A0.a[e] + t * (A1.a[e] - A0.a[e]);
      }
      inside.push_back(P);
    }
    for (std::size_t k = 0; k < inside.size(); ++k) {
      INFO("point " << k << " = " << to_string(inside[k]));
      const auto ref = exact_inverse(inside[k]);
      REQUIRE(ref);
      CHECK(count_not_contained(*X, *ref) == 0);
    }
    // Narrow: the spread of A^-1 over the box is about kappa ||A^-1|| rel; allow n times
    // a modest factor on top of that and of the rounding term.
    const auto ref0 = exact_inverse(A0);
    const mpq_class ninv = inf_norm(*ref0), kappa = inf_norm(A0) * ninv;
    const mpq_class bound = 16 * n * kappa * ninv * (rel * 10 + unit_q<TestType>());
    const mpq_class w = max_width_or_error(*X, *ref0);
    CAPTURE(w.get_d(), bound.get_d());
    CHECK(w <= bound);
  }
}

TEMPLATE_LIST_TEST_CASE("verified_inverse refuses singular matrices", "[inverse][singular]", incert::all_scalar_types) {
  using S = Tr<TestType>;
  incert::precision_scope scope(128);
  std::mt19937_64 rng(2024);
  std::vector<std::pair<std::string, QMat>> singular;
  {
    QMat A(2, 2);
    A(0, 0) = 1, A(0, 1) = 2, A(1, 0) = 2, A(1, 1) = 4;
    singular.push_back({"[[1,2],[2,4]]", A});
    singular.push_back({"zero 3x3", QMat(3, 3)});
    QMat B(1, 1);
    singular.push_back({"zero 1x1", B});
    QMat C = random_matrix(rng, 4, 4);
    for (int j = 0; j < 4; ++j) C(2, j) = 0;
    singular.push_back({"zero row", C});
    QMat D(3, 3);  // rank 2 with non-dyadic entries: mid(A) need not be exactly singular
    D(0, 0) = mpq_class(1, 3), D(0, 1) = mpq_class(1, 7), D(0, 2) = mpq_class(2, 3) + mpq_class(2, 7);
    D(1, 0) = mpq_class(1, 10), D(1, 1) = mpq_class(3, 11), D(1, 2) = mpq_class(2, 10) + mpq_class(6, 11);
    D(2, 0) = mpq_class(5, 13), D(2, 1) = mpq_class(1, 9), D(2, 2) = mpq_class(10, 13) + mpq_class(2, 9);
    singular.push_back({"rank 2, third column = 2 (c1 + c2)", D});
  }
  for (int trial = 0; trial < 20; ++trial) {
    const int n = 2 + trial % 6;
    // A = B C with B n x (n-1): rank n-1 at most.
    const QMat A = mul(random_matrix(rng, n, n - 1), random_matrix(rng, n - 1, n));
    singular.push_back({"low rank #" + std::to_string(trial), A});
  }
  for (const auto& [label, A] : singular) {
    REQUIRE(!exact_inverse(A));
    INFO(S::name() << " " << label << ": A = " << to_string(A));
    std::optional<matrix<TestType>> X;
    CHECK_NOTHROW(X = incert::verified_inverse(enclose_matrix<TestType>(A)));
    if constexpr (S::is_interval) CHECK(!X.has_value());
  }
}

TEMPLATE_LIST_TEST_CASE("verified_inverse refuses interval matrices that contain a singular matrix",
                   "[inverse][singular]", incert::rigorous_scalar_types) {
  using S = Tr<TestType>;
  incert::precision_scope scope(128);
  {
    // [[2, 1], [1, x]] with x in [0.45, 0.75]: singular at x = 0.5, mid(A) (x = 0.6) is not.
    QMat A0(2, 2), A1(2, 2);
    A0(0, 0) = A1(0, 0) = 2;
    A0(0, 1) = A1(0, 1) = 1;
    A0(1, 0) = A1(1, 0) = 1;
    A0(1, 1) = mpq_class(45, 100);
    A1(1, 1) = mpq_class(75, 100);
    std::optional<matrix<TestType>> X;
    CHECK_NOTHROW(X = incert::verified_inverse(hull_matrix<TestType>(A0, A1)));
    CHECK(!X.has_value());
  }
  std::mt19937_64 rng(31337);
  for (int trial = 0; trial < 20; ++trial) {
    const int n = 2 + trial % 5;
    // Singular S, nonsingular N = S + small perturbation: the hull contains S, its
    // midpoint (S + N) / 2 is (generically) invertible.
    const QMat Sg = mul(random_matrix(rng, n, n - 1), random_matrix(rng, n - 1, n));
    QMat N = Sg;
    for (auto& x : N.a) x += rand_q(rng, 5, 1000) / 100;
    if (!exact_inverse(N)) continue;
    QMat M = Sg;
    for (std::size_t e = 0; e < M.a.size(); ++e) M.a[e] = (Sg.a[e] + N.a[e]) / 2;
    INFO(S::name() << " trial " << trial << "\n  singular S = " << to_string(Sg) << "\n  N = " << to_string(N)
                   << "\n  midpoint invertible: " << bool(exact_inverse(M)));
    std::optional<matrix<TestType>> X;
    CHECK_NOTHROW(X = incert::verified_inverse(hull_matrix<TestType>(Sg, N)));
    CHECK(!X.has_value());
  }
}

TEMPLATE_LIST_TEST_CASE("verified_inverse: shapes and non-finite input", "[inverse]", incert::all_scalar_types) {
  using S = Tr<TestType>;
  incert::precision_scope scope(128);
  matrix<TestType> A(2, 3);
  for (Eigen::Index i = 0; i < 2; ++i)
    for (Eigen::Index j = 0; j < 3; ++j) A(i, j) = TestType(static_cast<double>(1 + i + 2 * j));
  CHECK_THROWS_AS(incert::verified_inverse(A), std::invalid_argument);
  matrix<TestType> B(3, 1);
  B.setConstant(TestType(1));
  CHECK_THROWS_AS(incert::verified_inverse(B), std::invalid_argument);
  const auto E = incert::verified_inverse(matrix<TestType>(0, 0));
  REQUIRE(E);
  CHECK(E->rows() == 0);
  CHECK(E->cols() == 0);
  if constexpr (S::is_interval) {
    matrix<TestType> C(2, 2);
    C(0, 0) = TestType(1);
    C(0, 1) = TestType(0);
    C(1, 0) = TestType(0);
    if constexpr (std::is_same<TestType, double_interval>::value)
      C(1, 1) = double_interval(1.0, std::numeric_limits<double>::infinity());
    else {
      mpfr_float one = 1, inf;
      mpfr_set_inf(inf.backend().data(), 1);
      C(1, 1) = S::interval(one, inf);
    }
    std::optional<matrix<TestType>> X;
    CHECK_NOTHROW(X = incert::verified_inverse(C));
    CHECK(!X.has_value());
  }
}
