// incert/exact/dyadic_gram.hpp
//
// dyadic_gram(Z): the exact Gram matrix Z Z^T (n x n) of an n x r matrix Z of finite doubles,
// as rationals. Every finite double is m 2^e with an integer m (|m| < 2^53), so with
// E = the least e over the non-zero entries, each entry is an integer z 2^-E times 2^E, and
//   (Z Z^T)_ij = 2^(2E) sum_k (z_ik 2^-E)(z_jk 2^-E)
// is one integer dot product (GMP, no rounding) scaled by a power of two. This is what the
// rational product U0 U0^T of a Gaussian initialization computes (random/gaussian.hpp), without
// a rational addition (and its gcd) per term: about 30 times faster, which is what lets the
// loader afford n^2 r terms.
#pragma once

#include "incert/exact/rational_matrix.hpp"

#include <gmpxx.h>

#include <cmath>
#include <stdexcept>
#include <vector>

namespace incert {

// Z is row major (z[i r + k] = Z_ik). Throws std::invalid_argument on a non-finite entry or a
// size mismatch.
inline rational_matrix dyadic_gram(const std::vector<double>& z, std::size_t n, std::size_t r) {
  if (z.size() != n * r) throw std::invalid_argument("dyadic_gram: z must have n r entries");
  int least_exponent = 0;
  bool any_nonzero = false;
  for (double x : z) {
    if (!std::isfinite(x)) throw std::invalid_argument("dyadic_gram: entries must be finite");
    if (x == 0) continue;
    int e = 0;
    std::frexp(x, &e);  // x = f 2^e, 1/2 <= |f| < 1: x = (f 2^53) 2^(e - 53) with f 2^53 an integer
    const int e_integer = e - 53;
    least_exponent = any_nonzero ? std::min(least_exponent, e_integer) : e_integer;
    any_nonzero = true;
  }
  // Integer images z 2^-E (exact: E is at most the exponent of every non-zero entry).
  std::vector<mpz_class> scaled(z.size());
  for (std::size_t k = 0; k < z.size(); ++k) {
    if (z[k] == 0) continue;
    int e = 0;
    const double f = std::frexp(z[k], &e);
    scaled[k] = mpz_class(std::ldexp(f, 53));  // an integer below 2^53 in magnitude: exact
    scaled[k] <<= static_cast<unsigned long>(e - 53 - least_exponent);
  }
  rational_matrix G(n, n);
  mpz_class dot;
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j <= i; ++j) {
      dot = 0;
      for (std::size_t k = 0; k < r; ++k)
        mpz_addmul(dot.get_mpz_t(), scaled[i * r + k].get_mpz_t(), scaled[j * r + k].get_mpz_t());
      mpq_class v(dot);
      if (least_exponent < 0) mpq_div_2exp(v.get_mpq_t(), v.get_mpq_t(), static_cast<unsigned long>(-2 * least_exponent));
      else mpq_mul_2exp(v.get_mpq_t(), v.get_mpq_t(), static_cast<unsigned long>(2 * least_exponent));
      G(i, j) = v;
      G(j, i) = v;
    }
  return G;
}

}  // namespace incert
