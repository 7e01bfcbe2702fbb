// incert/instance/exact_spectrum.hpp
//
// Exact facts about the spectrum of a rational symmetric matrix, decided over Q (no rounding):
//   rational_rank(A)               rank by Gaussian elimination;
//   characteristic_polynomial(A)   det(x I - A) by reduction to Hessenberg form (similarity by
//                                  elementary matrices) and the Hessenberg recurrence (Cohen,
//                                  A Course in Computational Algebraic Number Theory, Alg. 2.2.9);
//   is_squarefree(p)               gcd(p, p') = 1 (Euclid over Q): for p = det(x I - A) / x^(n - rank),
//                                  the non-zero eigenvalues are pairwise distinct (A symmetric);
//   root_multiplicity(p, x)        largest k with (t - x)^k | p (repeated synthetic division);
//   common_denominator(A)          D = lcm of the denominators: a rational eigenvalue of A is an
//                                  integer over D (D lambda is an eigenvalue of the integer matrix
//                                  D A, an algebraic integer, and a rational algebraic integer is
//                                  an integer);
//   simplest_rational(lo, hi)      the rational of least denominator in [lo, hi].
// Polynomials are coefficient vectors, constant term first, without trailing zeros.
// Used by the loader and the verified decomposition of a dense target (proofs/verified_symmetric_eigen.md).
#pragma once

#include "incert/instance/instance.hpp"

#include <gmpxx.h>

#include <stdexcept>
#include <vector>

namespace incert {

using rational_polynomial = std::vector<mpq_class>;

inline std::size_t rational_rank(rational_matrix A) {
  std::size_t rank = 0;
  for (std::size_t c = 0; c < A.cols && rank < A.rows; ++c) {
    std::size_t piv = rank;
    while (piv < A.rows && A(piv, c) == 0) ++piv;
    if (piv == A.rows) continue;
    if (piv != rank)
      for (std::size_t j = 0; j < A.cols; ++j) std::swap(A(piv, j), A(rank, j));
    for (std::size_t r = rank + 1; r < A.rows; ++r) {
      if (A(r, c) == 0) continue;
      mpq_class f = A(r, c) / A(rank, c);
      for (std::size_t j = c; j < A.cols; ++j) A(r, j) -= f * A(rank, j);
    }
    ++rank;
  }
  return rank;
}

inline void poly_trim(rational_polynomial& p) {
  while (!p.empty() && p.back() == 0) p.pop_back();
}

inline std::size_t poly_degree(const rational_polynomial& p) {
  if (p.empty()) throw std::invalid_argument("degree of the zero polynomial");
  return p.size() - 1;
}

inline mpq_class poly_evaluate(const rational_polynomial& p, const mpq_class& x) {
  mpq_class v = 0;
  for (std::size_t i = p.size(); i-- > 0;) v = v * x + p[i];
  return v;
}

inline rational_polynomial poly_derivative(const rational_polynomial& p) {
  rational_polynomial d;
  for (std::size_t i = 1; i < p.size(); ++i) d.push_back(p[i] * static_cast<unsigned long>(i));
  poly_trim(d);
  return d;
}

// Remainder of a divided by b (b non-zero).
inline rational_polynomial poly_remainder(rational_polynomial a, const rational_polynomial& b) {
  if (b.empty()) throw std::invalid_argument("polynomial division by zero");
  poly_trim(a);
  while (a.size() >= b.size()) {
    const mpq_class f = a.back() / b.back();
    const std::size_t shift = a.size() - b.size();
    for (std::size_t i = 0; i < b.size(); ++i) a[shift + i] -= f * b[i];
    a.pop_back();  // the leading coefficient is now exactly zero
    poly_trim(a);
  }
  return a;
}

// Monic greatest common divisor (the zero polynomial when both are zero).
inline rational_polynomial poly_gcd(rational_polynomial a, rational_polynomial b) {
  poly_trim(a);
  poly_trim(b);
  while (!b.empty()) {
    rational_polynomial r = poly_remainder(a, b);
    a = std::move(b);
    b = std::move(r);
  }
  if (!a.empty()) {
    const mpq_class lead = a.back();
    for (auto& c : a) c /= lead;
  }
  return a;
}

inline bool is_squarefree(const rational_polynomial& p) {
  if (p.empty()) throw std::invalid_argument("is_squarefree: zero polynomial");
  return poly_degree(poly_gcd(p, poly_derivative(p))) == 0;
}

// p / x^k when x^k divides p exactly.
inline rational_polynomial divide_by_power_of_x(const rational_polynomial& p, std::size_t k) {
  for (std::size_t i = 0; i < k && i < p.size(); ++i)
    if (p[i] != 0) throw std::invalid_argument("divide_by_power_of_x: not divisible");
  if (k >= p.size()) return {};
  return rational_polynomial(p.begin() + static_cast<std::ptrdiff_t>(k), p.end());
}

inline std::size_t root_multiplicity(rational_polynomial p, const mpq_class& x) {
  poly_trim(p);
  if (p.empty()) throw std::invalid_argument("root_multiplicity: zero polynomial");
  std::size_t k = 0;
  while (p.size() > 1) {
    // Synthetic division by (t - x): q_{i-1} = p_i + x q_i, remainder p_0 + x q_0.
    rational_polynomial q(p.size() - 1);
    mpq_class carry = 0;
    for (std::size_t i = p.size() - 1; i >= 1; --i) {
      carry = p[i] + x * carry;
      q[i - 1] = carry;
    }
    if (p[0] + x * carry != 0) break;
    p = std::move(q);
    ++k;
  }
  return k;
}

// det(x I - A), monic of degree n.
inline rational_polynomial characteristic_polynomial(rational_matrix H) {
  const std::size_t n = H.rows;
  if (H.cols != n) throw std::invalid_argument("characteristic_polynomial: matrix is not square");
  // Upper Hessenberg form by similarity: column j is cleared below row j + 1 with row operations
  // row_k -= u row_{j+1}, each followed by the inverse column operation col_{j+1} += u col_k.
  for (std::size_t j = 0; j + 2 < n; ++j) {
    std::size_t piv = j + 1;
    while (piv < n && H(piv, j) == 0) ++piv;
    if (piv == n) continue;
    if (piv != j + 1) {
      for (std::size_t c = 0; c < n; ++c) std::swap(H(piv, c), H(j + 1, c));
      for (std::size_t r = 0; r < n; ++r) std::swap(H(r, piv), H(r, j + 1));
    }
    for (std::size_t k = j + 2; k < n; ++k) {
      if (H(k, j) == 0) continue;
      const mpq_class u = H(k, j) / H(j + 1, j);
      for (std::size_t c = j; c < n; ++c) H(k, c) -= u * H(j + 1, c);
      for (std::size_t r = 0; r < n; ++r) H(r, j + 1) += u * H(r, k);
    }
  }
  // p_0 = 1, p_m = (x - h_mm) p_{m-1} - sum_{i=1}^{m-1} h_{m-i,m} (h_{m,m-1} ... h_{m-i+1,m-i}) p_{m-i-1}
  // (1-based indices; the code is 0-based).
  std::vector<rational_polynomial> p(n + 1);
  p[0] = {mpq_class(1)};
  for (std::size_t m = 1; m <= n; ++m) {
    rational_polynomial next(m + 1);
    for (std::size_t d = 0; d < m; ++d) {
      next[d + 1] += p[m - 1][d];
      next[d] -= H(m - 1, m - 1) * p[m - 1][d];
    }
    mpq_class sub = 1;
    for (std::size_t i = 1; i < m; ++i) {
      sub *= H(m - i, m - i - 1);
      if (sub == 0) break;
      const mpq_class f = H(m - i - 1, m - 1) * sub;
      for (std::size_t d = 0; d < p[m - i - 1].size(); ++d) next[d] -= f * p[m - i - 1][d];
    }
    p[m] = std::move(next);
  }
  return p[n];
}

// det(x I - Y) of a dense target (instance.hpp), computed once and kept in the instance.
inline const rational_polynomial& target_charpoly(const instance& in) {
  if (!in.dense_target) throw std::invalid_argument("target_charpoly: the target is not given as a matrix");
  if (!in.Y_charpoly_cache) in.Y_charpoly_cache = characteristic_polynomial(in.Y);
  return *in.Y_charpoly_cache;
}

inline mpz_class common_denominator(const rational_matrix& A) {
  mpz_class d = 1;
  for (const auto& q : A.entries) mpz_lcm(d.get_mpz_t(), d.get_mpz_t(), q.get_den_mpz_t());
  return d;
}

// The rational with the least denominator (and then least absolute value) in [lo, hi], lo <= hi.
inline mpq_class simplest_rational(mpq_class lo, mpq_class hi) {
  if (hi < lo) throw std::invalid_argument("simplest_rational: empty interval");
  if (lo <= 0 && 0 <= hi) return 0;
  if (hi < 0) return -simplest_rational(-hi, -lo);
  // 0 < lo <= hi: continued fraction expansion of both ends until they part.
  mpz_class fl;
  mpz_fdiv_q(fl.get_mpz_t(), lo.get_num_mpz_t(), lo.get_den_mpz_t());
  if (lo == fl) return lo;
  if (mpq_class(fl + 1) <= hi) return mpq_class(fl + 1);
  mpq_class inner = simplest_rational(1 / (hi - fl), 1 / (lo - fl));
  return mpq_class(fl) + 1 / inner;
}

}  // namespace incert
