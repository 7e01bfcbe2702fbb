// incert/exact/dyadic_gram.hpp: the integer-scaled Gram matrix Z Z^T of doubles equals the
// rational product entry for entry (mpq arithmetic, the definition), on random matrices whose
// entries span the whole double range (subnormals, 2^1000, negative, zeros, all-zero rows), and
// refuses non-finite entries and a size mismatch.
#include <catch2/catch.hpp>

#include "incert/exact/dyadic_gram.hpp"
#include "incert/random/gaussian.hpp"

#include <cmath>
#include <limits>
#include <random>
#include <sstream>
#include <vector>

namespace {

incert::rational_matrix rational_gram(const std::vector<double>& z, std::size_t n, std::size_t r) {
  incert::rational_matrix Z(n, r);
  for (std::size_t k = 0; k < z.size(); ++k) Z.entries[k] = incert::exact_rational(z[k]);
  return Z * incert::transpose(Z);
}

std::string describe(const std::vector<double>& z, std::size_t n, std::size_t r) {
  std::ostringstream s;
  s << n << " x " << r << ":";
  s.precision(17);
  for (double x : z) s << " " << std::hexfloat << x;
  return s.str();
}

}  // namespace

TEST_CASE("dyadic_gram equals the rational product Z Z^T", "[dyadic_gram]") {
  std::mt19937_64 rng(20261202);
  std::uniform_int_distribution<int> size(1, 6), exponent(-1074, 1000), kind(0, 9);
  std::normal_distribution<double> normal;
  for (int trial = 0; trial < 300; ++trial) {
    const std::size_t n = static_cast<std::size_t>(size(rng)), r = static_cast<std::size_t>(size(rng));
    std::vector<double> z(n * r);
    const bool wide = trial % 3 == 0;  // exponents over the whole range, or Gaussian-like values
    for (double& x : z) {
      const int k = kind(rng);
      if (k == 0) x = 0;
      else if (k == 1) x = std::numeric_limits<double>::denorm_min() * static_cast<double>(1 + rng() % 1000);
      else x = wide ? std::ldexp(normal(rng), exponent(rng) / 2) : normal(rng);
      if (!std::isfinite(x)) x = 1;
    }
    if (trial % 7 == 0)
      for (std::size_t k = 0; k < r; ++k) z[k] = 0;  // an all-zero row
    INFO(describe(z, n, r));
    const incert::rational_matrix G = incert::dyadic_gram(z, n, r), R = rational_gram(z, n, r);
    REQUIRE(G.rows == n);
    REQUIRE(G.cols == n);
    for (std::size_t k = 0; k < G.entries.size(); ++k) CHECK(G.entries[k] == R.entries[k]);
  }
}

TEST_CASE("dyadic_gram of the zero matrix, and of Gaussian draws", "[dyadic_gram]") {
  const incert::rational_matrix zero = incert::dyadic_gram(std::vector<double>(6, 0.0), 2, 3);
  for (const auto& e : zero.entries) CHECK(e == 0);
  const std::vector<double> z = incert::gaussian_draws(5, 8, 42);
  const incert::rational_matrix G = incert::dyadic_gram(z, 5, 8), R = rational_gram(z, 5, 8);
  for (std::size_t k = 0; k < G.entries.size(); ++k) CHECK(G.entries[k] == R.entries[k]);
}

TEST_CASE("dyadic_gram refuses non-finite entries and a size mismatch", "[dyadic_gram]") {
  CHECK_THROWS_AS(incert::dyadic_gram({1.0, std::numeric_limits<double>::infinity()}, 1, 2), std::invalid_argument);
  CHECK_THROWS_AS(incert::dyadic_gram({1.0, std::nan("")}, 2, 1), std::invalid_argument);
  CHECK_THROWS_AS(incert::dyadic_gram({1.0, 2.0, 3.0}, 2, 2), std::invalid_argument);
}
