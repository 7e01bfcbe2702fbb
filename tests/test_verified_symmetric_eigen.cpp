// incert/linalg/verified_symmetric_eigen.hpp over mpfi_float and double_interval.
//
//  * Exactly known decompositions: A = Q D Q^T with Q the Cayley transform (I - S)(I + S)^-1 of a
//    rational skew-symmetric S (exactly orthogonal, checked), so the eigenvalues D and the
//    eigenvectors (columns of Q) are exact rationals: every eigenvalue enclosure must contain
//    D_i, and every simple eigenvector enclosure must contain the column of Q with the sign of
//    the documented rule (first certainly non-zero entry positive).
//  * A repeated eigenvalue (a 2-dimensional invariant subspace): the enclosed basis must contain
//    the basis the proof defines, U = polar(P_J polar(X_J)) (P_J the exact projector, X_J the
//    returned approximate columns), computed with 512-bit MPFR; B^T B must contain I.
//  * Near-repeated eigenvalues (gap 2^-150): one cluster at 128 bits, separated at 256 bits.
//  * Interval input (radius 2^-60): containment for the centre matrix, widths a few radii.
//  * Widths: eigenvalues and bases within 1e6 u of the exact values (relative to ||A|| and gaps).
//  * Non-finite input: nothing; non-square input throws; caller groups are kept together.

#include <catch2/catch.hpp>

#include "incert/scalar/scalar_list.hpp"
#include "incert/exact/exact_real.hpp"
#include "incert/instance/instance.hpp"
#include "incert/linalg/verified_symmetric_eigen.hpp"
#include "support/rational_spectra.hpp"

#include <gmpxx.h>
#include <mpfr.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace {

using incert::double_interval;
using incert::matrix;
using incert::mpfi_float;
using incert::mpfr_float;
using incert::rational_matrix;
template <class T>
using Tr = incert::scalar_traits<T>;
using incert_test::cayley;
using incert_test::contains_q;
using incert_test::exact_inverse;
using incert_test::to_q;
using incert_test::with_spectrum;

template <class T>
matrix<T> enclosed(const rational_matrix& A) {
  matrix<T> M(static_cast<Eigen::Index>(A.rows), static_cast<Eigen::Index>(A.cols));
  for (std::size_t i = 0; i < A.rows; ++i)
    for (std::size_t j = 0; j < A.cols; ++j) M(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = incert::enclose<T>(A(i, j));
  return M;
}

template <class T>
bool contains_mpfr(const T& x, const mpfr_float& v) {
  return Tr<T>::is_finite(x) && Tr<T>::lower_exact(x) <= v && v <= Tr<T>::upper_exact(x);
}

template <class T>
double width(const T& x) {
  mpfr_float w;
  mpfr_sub(w.backend().data(), Tr<T>::upper_exact(x).backend().data(), Tr<T>::lower_exact(x).backend().data(), MPFR_RNDU);
  return w.convert_to<double>();
}

template <class T>
double tolerance() {
  return 1e6 * mpfr_float(Tr<T>::unit_roundoff()).convert_to<double>();
}

template <class T>
std::string show(const T& x) {
  std::ostringstream s;
  s << "[" << Tr<T>::lower_exact(x) << ", " << Tr<T>::upper_exact(x) << "]";
  return s.str();
}

std::string show(const rational_matrix& A) {
  std::string s;
  for (std::size_t i = 0; i < A.rows; ++i) {
    s += i ? "; " : "";
    for (std::size_t j = 0; j < A.cols; ++j) s += (j ? " " : "") + A(i, j).get_str();
  }
  return s;
}

const std::vector<mpq_class> skew3{mpq_class(1, 2), mpq_class(-1, 4), mpq_class(1, 3)};
const std::vector<mpq_class> skew6{mpq_class(1, 2), mpq_class(-1, 3), mpq_class(1, 4), mpq_class(2, 5), mpq_class(-1, 7),
                                   mpq_class(1, 5), mpq_class(-1, 6), mpq_class(3, 7), mpq_class(1, 8),   mpq_class(1, 7),
                                   mpq_class(-2, 9), mpq_class(1, 9), mpq_class(1, 3), mpq_class(-1, 10), mpq_class(1, 11)};

// Every simple eigenvalue's vector contains the exact column with the documented sign.
template <class T>
void check_simple_vectors(const incert::symmetric_eigen_enclosure<T>& r, const rational_matrix& Q, double tol = tolerance<T>()) {
  for (const auto& c : r.clusters) {
    if (c.size != 1) continue;
    REQUIRE(c.basis);
    const Eigen::Index j = static_cast<Eigen::Index>(c.first);
    // The rule: the first entry certainly non-zero in the enclosure is positive.
    int sign = 0;
    for (Eigen::Index i = 0; i < c.basis->rows() && sign == 0; ++i)
      if (!contains_q((*c.basis)(i, 0), mpq_class(0))) sign = Tr<T>::certainly_lt(T(0), (*c.basis)(i, 0)) ? 1 : -1;
    CHECK(sign == 1);
    // The exact eigenvector with that sign.
    int qsign = 0;
    for (std::size_t i = 0; i < Q.rows && qsign == 0; ++i)
      if (!contains_q((*c.basis)(static_cast<Eigen::Index>(i), 0), mpq_class(0))) qsign = Q(i, static_cast<std::size_t>(j)) > 0 ? 1 : -1;
    for (std::size_t i = 0; i < Q.rows; ++i) {
      INFO("column " << j << " entry " << i << " enclosure " << show((*c.basis)(static_cast<Eigen::Index>(i), 0)) << " exact "
                     << mpq_class(qsign * Q(i, static_cast<std::size_t>(j))).get_str());
      CHECK(contains_q((*c.basis)(static_cast<Eigen::Index>(i), 0), mpq_class(qsign * Q(i, static_cast<std::size_t>(j)))));
      CHECK(width((*c.basis)(static_cast<Eigen::Index>(i), 0)) < tol);
    }
  }
}

}  // namespace

TEMPLATE_LIST_TEST_CASE("verified_symmetric_eigen: distinct eigenvalues, exact references", "[verified_symmetric_eigen]", incert::rigorous_scalar_types) {
  using T = TestType;
  incert::precision_scope scope(128);
  struct example {
    std::size_t n;
    std::vector<mpq_class> skew, d;
  };
  for (const example& ex : {example{3, skew3, {3, 2, 1}}, example{3, skew3, {mpq_class(1, 3), -2, 7}},
                            example{6, skew6, {5, 4, mpq_class(7, 2), 2, 1, mpq_class(1, 3)}},
                            example{6, skew6, {mpq_class(-1, 10), 100, 0, mpq_class(1, 1000), 3, -50}}}) {
    const rational_matrix Q0 = cayley(ex.n, ex.skew);
    const rational_matrix A = with_spectrum(Q0, ex.d);
    INFO("A = " << show(A));
    auto r = incert::verified_symmetric_eigen(enclosed<T>(A));
    REQUIRE(r);
    // The exact eigenpairs sorted decreasingly.
    std::vector<std::size_t> order(ex.n);
    for (std::size_t i = 0; i < ex.n; ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return ex.d[a] > ex.d[b]; });
    rational_matrix Q(ex.n, ex.n);
    for (std::size_t j = 0; j < ex.n; ++j)
      for (std::size_t i = 0; i < ex.n; ++i) Q(i, j) = Q0(i, order[j]);
    mpq_class norm = 0;
    for (const auto& x : ex.d) norm = std::max<mpq_class>(norm, abs(x));
    REQUIRE(r->eigenvalues.size() == ex.n);
    for (std::size_t i = 0; i < ex.n; ++i) {
      INFO("eigenvalue " << i << " exact " << ex.d[order[i]].get_str() << " enclosure " << show(r->eigenvalues[i]));
      CHECK(contains_q(r->eigenvalues[i], ex.d[order[i]]));
      CHECK(width(r->eigenvalues[i]) < tolerance<T>() * norm.get_d());
    }
    REQUIRE(r->clusters.size() == ex.n);
    CHECK(r->every_basis_certified());
    check_simple_vectors(*r, Q);
    // eigenvectors() puts the cluster bases side by side.
    matrix<T> P = r->eigenvectors();
    for (std::size_t j = 0; j < ex.n; ++j) CHECK(Tr<T>::contains(P(0, static_cast<Eigen::Index>(j)), (*r->clusters[j].basis)(0, 0)));
  }
}

TEMPLATE_LIST_TEST_CASE("verified_symmetric_eigen: a repeated eigenvalue gives one cluster with a 2-dimensional basis",
                   "[verified_symmetric_eigen]", incert::rigorous_scalar_types) {
  using T = TestType;
  incert::precision_scope scope(128);
  for (const auto& d : {std::vector<mpq_class>{2, 2, 1}, std::vector<mpq_class>{1, 3, 1}, std::vector<mpq_class>{0, 5, 0}}) {
    const rational_matrix Q0 = cayley(3, skew3);
    const rational_matrix A = with_spectrum(Q0, d);
    INFO("A = " << show(A));
    auto r = incert::verified_symmetric_eigen(enclosed<T>(A));
    REQUIRE(r);
    REQUIRE(r->clusters.size() == 2);
    // The repeated value is the pair of equal entries of d; which cluster holds it depends on order.
    const mpq_class repeated = d[0] == d[1] || d[0] == d[2] ? d[0] : d[1];
    const mpq_class single = d[0] == repeated ? (d[1] == repeated ? d[2] : d[1]) : d[0];
    const auto& pair = r->clusters[0].size == 2 ? r->clusters[0] : r->clusters[1];
    const auto& one = r->clusters[0].size == 2 ? r->clusters[1] : r->clusters[0];
    REQUIRE(pair.size == 2);
    CHECK(contains_q(pair.hull, repeated));
    CHECK(contains_q(r->eigenvalues[pair.first], repeated));
    CHECK(contains_q(r->eigenvalues[pair.first + 1], repeated));
    CHECK(contains_q(r->eigenvalues[one.first], single));
    REQUIRE(pair.basis);
    REQUIRE(one.basis);

    // Exact projector onto the repeated eigenvalue's eigenspace.
    rational_matrix Pj(3, 3);
    for (std::size_t k = 0; k < 3; ++k)
      if (d[k] == repeated)
        for (std::size_t i = 0; i < 3; ++i)
          for (std::size_t j = 0; j < 3; ++j) Pj(i, j) += Q0(i, k) * Q0(j, k);

    // Reference U = polar(P_J polar(X_J)) at 512 bits (the basis the proof encloses).
    {
      const double tol = tolerance<T>();  // at the working precision, not the reference's
      incert::precision_scope high(512);
      matrix<mpfr_float> X(3, 2), P(3, 3);
      for (Eigen::Index i = 0; i < 3; ++i)
        for (Eigen::Index j = 0; j < 2; ++j) {
          const mpfr_float x = Tr<T>::lower_exact(r->approx_vectors(i, static_cast<Eigen::Index>(pair.first) + j));  // a point
          mpfr_set(X(i, j).backend().data(), x.backend().data(), MPFR_RNDN);  // exact: 512 bits hold it
        }
      for (Eigen::Index i = 0; i < 3; ++i)
        for (Eigen::Index j = 0; j < 3; ++j)
          mpfr_set_q(P(i, j).backend().data(), Pj(static_cast<std::size_t>(i), static_cast<std::size_t>(j)).get_mpq_t(), MPFR_RNDN);
      auto polar = [](const matrix<mpfr_float>& M) {
        matrix<mpfr_float> G = M.transpose() * M;
        Eigen::SelfAdjointEigenSolver<matrix<mpfr_float>> es(G);
        matrix<mpfr_float> inv_sqrt = es.eigenvectors() * es.eigenvalues().cwiseSqrt().cwiseInverse().asDiagonal() *
                                      es.eigenvectors().transpose();
        return matrix<mpfr_float>(M * inv_sqrt);
      };
      matrix<mpfr_float> U = polar(matrix<mpfr_float>(P * polar(X)));
      for (Eigen::Index i = 0; i < 3; ++i)
        for (Eigen::Index j = 0; j < 2; ++j) {
          INFO("basis entry (" << i << ", " << j << ") enclosure " << show((*pair.basis)(i, j)) << " reference " << U(i, j));
          CHECK(contains_mpfr((*pair.basis)(i, j), U(i, j)));
          CHECK(width((*pair.basis)(i, j)) < tol);
        }
    }
    // B^T B contains I.
    matrix<T> G = incert::multiply_transposed(*pair.basis, *pair.basis);
    for (Eigen::Index i = 0; i < 2; ++i)
      for (Eigen::Index j = 0; j < 2; ++j) CHECK(contains_q(G(i, j), mpq_class(i == j ? 1 : 0)));
  }
}

TEST_CASE("verified_symmetric_eigen: near-repeated eigenvalues need more precision", "[verified_symmetric_eigen]") {
  using T = mpfi_float;
  const mpq_class tiny(mpz_class(1), mpz_class(1) << 150);
  const std::vector<mpq_class> d{3, mpq_class(2) + tiny, 2, 1};
  const rational_matrix Q = cayley(4, {mpq_class(1, 2), mpq_class(-1, 3), mpq_class(1, 4), mpq_class(1, 5), mpq_class(-1, 6), mpq_class(1, 7)});
  const rational_matrix A = with_spectrum(Q, d);
  {
    incert::precision_scope scope(128);
    auto r = incert::verified_symmetric_eigen(enclosed<T>(A));
    REQUIRE(r);
    REQUIRE(r->clusters.size() == 3);
    CHECK(r->clusters[1].first == 1);
    CHECK(r->clusters[1].size == 2);
    CHECK(r->clusters[1].basis);  // the 2-dimensional subspace is still certified
    for (std::size_t i = 0; i < 4; ++i) CHECK(contains_q(r->eigenvalues[i], d[i]));
  }
  {
    incert::precision_scope scope(256);
    auto r = incert::verified_symmetric_eigen(enclosed<T>(A));
    REQUIRE(r);
    REQUIRE(r->clusters.size() == 4);
    CHECK(r->every_basis_certified());
    for (std::size_t i = 0; i < 4; ++i) {
      INFO("eigenvalue " << i << " " << show(r->eigenvalues[i]));
      CHECK(contains_q(r->eigenvalues[i], d[i]));
      CHECK(width(r->eigenvalues[i]) < 1e-70);
    }
    // The vectors of the close pair are known to about u / gap = 2^-256 / 2^-150 ~ 1e-32.
    check_simple_vectors(*r, Q, 1e-28);
    CHECK(width((*r->clusters[0].basis)(0, 0)) < 1e-70);
  }
  // double_interval cannot separate them at all: one cluster of two, its subspace certified.
  {
    auto r = incert::verified_symmetric_eigen(enclosed<double_interval>(A));
    REQUIRE(r);
    REQUIRE(r->clusters.size() == 3);
    CHECK(r->clusters[1].size == 2);
    CHECK(r->clusters[1].basis);
  }
}

TEMPLATE_LIST_TEST_CASE("verified_symmetric_eigen: interval input, groups, whole-spectrum cluster, bad input",
                   "[verified_symmetric_eigen]", incert::rigorous_scalar_types) {
  using T = TestType;
  incert::precision_scope scope(128);
  const rational_matrix Q = cayley(3, skew3);
  const rational_matrix A = with_spectrum(Q, {3, 2, 1});

  SECTION("radius 2^-60 on every entry: the centre's eigenpairs are enclosed") {
    matrix<T> M = enclosed<T>(A);
    const T r = Tr<T>::remainder(Tr<T>::mid(T(1)) * std::ldexp(1.0, -60));
    for (Eigen::Index i = 0; i < 3; ++i)
      for (Eigen::Index j = i; j < 3; ++j) {
        M(i, j) += r;
        if (i != j) M(j, i) = M(i, j);  // (self-assignment of a Boost MPFI number gives NaN)
      }
    auto res = incert::verified_symmetric_eigen(M);
    REQUIRE(res);
    REQUIRE(res->clusters.size() == 3);
    const mpq_class d[3] = {3, 2, 1};
    for (std::size_t i = 0; i < 3; ++i) {
      CHECK(contains_q(res->eigenvalues[i], d[i]));
      CHECK(width(res->eigenvalues[i]) < 1e-16 + 3 * tolerance<T>());
      CHECK(width(res->eigenvalues[i]) > 1e-19);  // the input radius shows
    }
    for (const auto& c : res->clusters)
      for (std::size_t i = 0; i < 3; ++i)
        CHECK((contains_q((*c.basis)(static_cast<Eigen::Index>(i), 0), Q(i, c.first)) ||
               contains_q((*c.basis)(static_cast<Eigen::Index>(i), 0), mpq_class(-Q(i, c.first)))));
  }

  SECTION("a caller's group is kept together, with its subspace") {
    auto res = incert::verified_symmetric_eigen(enclosed<T>(A), {incert::eigen_group{1, 2}});
    REQUIRE(res);
    REQUIRE(res->clusters.size() == 2);
    CHECK(res->clusters[1].first == 1);
    CHECK(res->clusters[1].size == 2);
    REQUIRE(res->clusters[1].basis);
    CHECK(width((*res->clusters[1].basis)(0, 0)) < tolerance<T>());
    CHECK_THROWS_AS(incert::verified_symmetric_eigen(enclosed<T>(A), {incert::eigen_group{2, 2}}), std::invalid_argument);
  }

  SECTION("a multiple of the identity: one cluster, any orthonormal basis") {
    const rational_matrix I2 = with_spectrum(Q, {2, 2, 2});
    auto res = incert::verified_symmetric_eigen(enclosed<T>(I2));
    REQUIRE(res);
    REQUIRE(res->clusters.size() == 1);
    REQUIRE(res->clusters[0].basis);
    matrix<T> G = incert::multiply_transposed(*res->clusters[0].basis, *res->clusters[0].basis);
    for (Eigen::Index i = 0; i < 3; ++i)
      for (Eigen::Index j = 0; j < 3; ++j) CHECK(contains_q(G(i, j), mpq_class(i == j ? 1 : 0)));
  }

  SECTION("bad input") {
    matrix<T> M = enclosed<T>(A);
    M(0, 1) = Tr<T>::remainder(Tr<T>::mid(T(1)) * std::numeric_limits<double>::infinity());
    M(1, 0) = M(0, 1);
    CHECK_FALSE(incert::verified_symmetric_eigen(M));
    CHECK_THROWS_AS(incert::verified_symmetric_eigen(matrix<T>(2, 3)), std::invalid_argument);
    CHECK(incert::verified_symmetric_eigen(matrix<T>(0, 0))->eigenvalues.empty());
  }
}

TEST_CASE("verified_symmetric_eigen: two MPFI precisions overlap", "[verified_symmetric_eigen]") {
  const rational_matrix A = with_spectrum(cayley(6, skew6), {5, 4, mpq_class(7, 2), 2, 1, mpq_class(1, 3)});
  std::optional<incert::symmetric_eigen_enclosure<mpfi_float>> lo, hi;
  {
    incert::precision_scope scope(100);
    lo = incert::verified_symmetric_eigen(enclosed<mpfi_float>(A));
  }
  {
    incert::precision_scope scope(300);
    hi = incert::verified_symmetric_eigen(enclosed<mpfi_float>(A));
  }
  REQUIRE(lo);
  REQUIRE(hi);
  auto overlap = [](const mpfi_float& a, const mpfi_float& b) {
    return !(Tr<mpfi_float>::certainly_lt(a, b) || Tr<mpfi_float>::certainly_lt(b, a));
  };
  for (std::size_t i = 0; i < 6; ++i) {
    CHECK(overlap(lo->eigenvalues[i], hi->eigenvalues[i]));
    CHECK(width(hi->eigenvalues[i]) < 1e-70);
    for (Eigen::Index k = 0; k < 6; ++k) CHECK(overlap((*lo->clusters[i].basis)(k, 0), (*hi->clusters[i].basis)(k, 0)));
  }
}
