// incert/instance/exact_spectrum.hpp: exact rank, characteristic polynomial, squarefree test,
// root multiplicities, common denominators and simplest rationals.
//
//  * det(x I - A) is checked against an independent computation: det(lambda I - A) by exact
//    Gaussian elimination at n + 1 distinct rational points (which determine a degree-n
//    polynomial), on symmetric and non-symmetric matrices, including ones that need row swaps
//    and ones already in (or breaking off) Hessenberg form.
//  * Matrices with known spectra Q D Q^T (Q a rational Cayley transform): the multiplicity of
//    every eigenvalue as a root, the rank, and squarefree-ness of the non-zero part.

#include <catch2/catch.hpp>

#include "incert/instance/exact_spectrum.hpp"
#include "support/rational_spectra.hpp"

#include <string>
#include <vector>

namespace {

using incert::rational_matrix;
using incert::rational_polynomial;

mpq_class determinant(rational_matrix A) {
  const std::size_t n = A.rows;
  mpq_class det = 1;
  for (std::size_t c = 0; c < n; ++c) {
    std::size_t p = c;
    while (p < n && A(p, c) == 0) ++p;
    if (p == n) return 0;
    if (p != c) {
      for (std::size_t j = 0; j < n; ++j) std::swap(A(p, j), A(c, j));
      det = -det;
    }
    det *= A(c, c);
    for (std::size_t r = c + 1; r < n; ++r) {
      const mpq_class f = A(r, c) / A(c, c);
      for (std::size_t j = c; j < n; ++j) A(r, j) -= f * A(c, j);
    }
  }
  return det;
}

rational_matrix from_rows(const std::vector<std::vector<mpq_class>>& rows) {
  rational_matrix A(rows.size(), rows[0].size());
  for (std::size_t i = 0; i < rows.size(); ++i)
    for (std::size_t j = 0; j < rows[i].size(); ++j) A(i, j) = rows[i][j];
  return A;
}

std::string show(const rational_matrix& A) {
  std::string s;
  for (std::size_t i = 0; i < A.rows; ++i) {
    s += i ? "; " : "";
    for (std::size_t j = 0; j < A.cols; ++j) s += (j ? " " : "") + A(i, j).get_str();
  }
  return s;
}

// Q diag(d) Q^T with Q the Cayley transform of a fixed rational skew-symmetric matrix.
rational_matrix with_spectrum(const std::vector<mpq_class>& d) {
  const std::size_t n = d.size();
  std::vector<mpq_class> upper;
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = i + 1; j < n; ++j) {
      mpq_class s(static_cast<long>(i + 2 * j + 1), static_cast<long>(3 + i * j + j));
      s.canonicalize();
      upper.push_back((i + j) % 2 ? mpq_class(-s) : s);
    }
  return incert_test::with_spectrum(incert_test::cayley(n, upper), d);
}

void check_charpoly(const rational_matrix& A) {
  INFO("A = " << show(A));
  const rational_polynomial p = incert::characteristic_polynomial(A);
  REQUIRE(p.size() == A.rows + 1);
  CHECK(p.back() == 1);
  for (long k = 0; k <= static_cast<long>(A.rows); ++k) {
    mpq_class x(k * 3 - 2, 2);
    x.canonicalize();
    rational_matrix B(A.rows, A.cols);
    for (std::size_t i = 0; i < A.rows; ++i)
      for (std::size_t j = 0; j < A.cols; ++j) B(i, j) = (i == j ? x : mpq_class(0)) - A(i, j);
    INFO("x = " << x.get_str());
    CHECK(incert::poly_evaluate(p, x) == determinant(B));
  }
}

}  // namespace

TEST_CASE("characteristic_polynomial agrees with determinants at n + 1 points", "[exact_spectrum]") {
  check_charpoly(from_rows({{5}}));
  check_charpoly(from_rows({{1, 2}, {3, 4}}));
  check_charpoly(from_rows({{0, 0, 1}, {0, 0, 0}, {1, 0, 0}}));              // needs a row swap
  check_charpoly(from_rows({{1, 2, 0}, {3, 4, 5}, {0, 0, 6}}));              // Hessenberg, breaks off
  check_charpoly(from_rows({{2, mpq_class(1, 3), 0, 7}, {0, 0, 0, 1}, {mpq_class(-1, 2), 0, 0, 0}, {0, 1, 0, 3}}));
  check_charpoly(from_rows({{0, 0, 0}, {0, 0, 0}, {0, 0, 0}}));
  check_charpoly(with_spectrum({3, 2, 1}));
  check_charpoly(with_spectrum({4, 1, 0, 0}));
  check_charpoly(with_spectrum({mpq_class(1, 7), 2, mpq_class(-5, 3), 2, 0, 9}));
  CHECK_THROWS_AS(incert::characteristic_polynomial(rational_matrix(2, 3)), std::invalid_argument);
}

TEST_CASE("rank, multiplicities and squarefree-ness on known spectra", "[exact_spectrum]") {
  struct example {
    std::vector<mpq_class> d;
    std::size_t rank;
    bool distinct_nonzero;
  };
  for (const example& ex : {example{{3, 2, 1}, 3, true}, example{{4, 1, 0, 0}, 2, true}, example{{2, 2, 1}, 3, false},
                            example{{mpq_class(1, 3), 0, mpq_class(1, 3), 0, 5}, 3, false},
                            example{{mpq_class(7, 5), mpq_class(-2, 9), 0, 11, mpq_class(1, 1000)}, 4, true}}) {
    const rational_matrix A = with_spectrum(ex.d);
    INFO("A = " << show(A));
    CHECK(incert::rational_rank(A) == ex.rank);
    const rational_polynomial p = incert::characteristic_polynomial(A);
    for (const auto& lambda : ex.d) {
      std::size_t m = 0;
      for (const auto& mu : ex.d) m += mu == lambda;
      CHECK(incert::root_multiplicity(p, lambda) == m);
      CHECK(incert::root_multiplicity(p, mpq_class(lambda + mpq_class(1, 1000003))) == 0);
    }
    const rational_polynomial q = incert::divide_by_power_of_x(p, A.rows - ex.rank);
    CHECK(q.front() != 0);
    CHECK(incert::is_squarefree(q) == ex.distinct_nonzero);
    // Rational eigenvalues are integers over the common denominator.
    const mpz_class D = incert::common_denominator(A);
    for (const auto& lambda : ex.d) CHECK(mpz_divisible_p(D.get_mpz_t(), lambda.get_den_mpz_t()) != 0);
  }
  CHECK(incert::rational_rank(rational_matrix(3, 2)) == 0);
  CHECK(incert::rational_rank(from_rows({{1, 2, 3}, {2, 4, 6}})) == 1);
  CHECK(incert::rational_rank(from_rows({{0, 1}, {1, 0}})) == 2);
}

TEST_CASE("polynomial helpers", "[exact_spectrum]") {
  // (x - 1)^2 (x + 2) = x^3 - 3x + 2
  const rational_polynomial p{2, -3, 0, 1};
  CHECK(incert::root_multiplicity(p, 1) == 2);
  CHECK(incert::root_multiplicity(p, -2) == 1);
  CHECK(incert::root_multiplicity(p, 0) == 0);
  CHECK_FALSE(incert::is_squarefree(p));
  CHECK(incert::is_squarefree({-2, 0, 1}));  // x^2 - 2
  CHECK(incert::poly_gcd(p, incert::poly_derivative(p)) == rational_polynomial{-1, 1});
  CHECK(incert::divide_by_power_of_x({0, 0, 3, 1}, 2) == rational_polynomial{3, 1});
  CHECK_THROWS_AS(incert::divide_by_power_of_x({0, 1}, 2), std::invalid_argument);
  CHECK_THROWS_AS(incert::root_multiplicity({}, 1), std::invalid_argument);
}

TEST_CASE("simplest_rational", "[exact_spectrum]") {
  CHECK(incert::simplest_rational(mpq_class(-1, 2), mpq_class(1, 3)) == 0);
  CHECK(incert::simplest_rational(mpq_class(7, 3), mpq_class(12, 5)) == mpq_class(7, 3));
  CHECK(incert::simplest_rational(mpq_class(2), mpq_class(3)) == 2);
  CHECK(incert::simplest_rational(mpq_class(5, 2), mpq_class(7, 2)) == 3);
  CHECK(incert::simplest_rational(mpq_class(-7, 2), mpq_class(-5, 2)) == -3);
  CHECK(incert::simplest_rational(mpq_class(3141, 1000), mpq_class(3142, 1000)) == mpq_class(245, 78));
  // A narrow interval around 355/113.
  const mpq_class c(355, 113), eps(1, 1000000000);
  CHECK(incert::simplest_rational(c - eps, c + eps) == c);
  CHECK_THROWS_AS(incert::simplest_rational(1, 0), std::invalid_argument);
}
