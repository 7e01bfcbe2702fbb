// tests/support/rational_spectra.hpp
//
// Exactly known symmetric matrices for the eigen-decomposition tests: a rational Cayley
// transform Q = (I - S)(I + S)^-1 of a skew-symmetric S is exactly orthogonal, so Q diag(d) Q^T
// has the exact eigenvalues d and eigenvectors (the columns of Q). Plus the exact helpers the
// tests share: the inverse of an invertible rational matrix, and "does this enclosure contain
// this rational". Used by test_target_eigenbasis, test_verified_symmetric_eigen,
// test_exact_spectrum.
#pragma once

#include "incert/instance/instance.hpp"
#include "incert/scalar/traits.hpp"

#include <gmpxx.h>
#include <mpfr.h>

#include <stdexcept>
#include <utility>
#include <vector>

namespace incert_test {

// A^-1 by Gauss-Jordan on exact rationals (A must be invertible).
inline incert::rational_matrix exact_inverse(incert::rational_matrix A) {
  const std::size_t n = A.rows;
  incert::rational_matrix X = incert::rational_matrix::identity(n);
  for (std::size_t c = 0; c < n; ++c) {
    std::size_t p = c;
    while (A(p, c) == 0) ++p;
    for (std::size_t j = 0; j < n; ++j) {
      std::swap(A(p, j), A(c, j));
      std::swap(X(p, j), X(c, j));
    }
    const mpq_class d = A(c, c);
    for (std::size_t j = 0; j < n; ++j) {
      A(c, j) /= d;
      X(c, j) /= d;
    }
    for (std::size_t r = 0; r < n; ++r) {
      if (r == c || A(r, c) == 0) continue;
      const mpq_class f = A(r, c);
      for (std::size_t j = 0; j < n; ++j) {
        A(r, j) -= f * A(c, j);
        X(r, j) -= f * X(c, j);
      }
    }
  }
  return X;
}

// Cayley transform (I - S)(I + S)^-1 of the skew-symmetric S with upper triangle `upper`
// (row by row): exactly orthogonal.
inline incert::rational_matrix cayley(std::size_t n, const std::vector<mpq_class>& upper) {
  incert::rational_matrix S(n, n);
  std::size_t k = 0;
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = i + 1; j < n; ++j) {
      S(i, j) = upper[k++];
      S(j, i) = -S(i, j);
    }
  incert::rational_matrix Im = incert::rational_matrix::identity(n), Ip = incert::rational_matrix::identity(n);
  for (std::size_t i = 0; i < n * n; ++i) {
    Im.entries[i] -= S.entries[i];
    Ip.entries[i] += S.entries[i];
  }
  incert::rational_matrix Q = Im * exact_inverse(Ip);
  if ((incert::transpose(Q) * Q).entries != incert::rational_matrix::identity(n).entries)
    throw std::logic_error("cayley: Q^T Q != I (S not skew-symmetric?)");
  return Q;
}

// Q diag(d) Q^T.
inline incert::rational_matrix with_spectrum(const incert::rational_matrix& Q, const std::vector<mpq_class>& d) {
  incert::rational_matrix D(d.size(), d.size());
  for (std::size_t i = 0; i < d.size(); ++i) D(i, i) = d[i];
  return Q * D * incert::transpose(Q);
}

// The exact value of an MPFR number.
inline mpq_class to_q(const incert::mpfr_float& x) {
  mpq_class q;
  mpfr_get_q(q.get_mpq_t(), x.backend().data());
  return q;
}

// q lies in the enclosure x (a finite one).
template <class T>
bool contains_q(const T& x, const mpq_class& q) {
  using tr = incert::scalar_traits<T>;
  return tr::is_finite(x) && to_q(tr::lower_exact(x)) <= q && q <= to_q(tr::upper_exact(x));
}

}  // namespace incert_test
