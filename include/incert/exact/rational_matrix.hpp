// incert/exact/rational_matrix.hpp
//
// Dense exact matrices (GMP rationals) and the few exact operations the loader needs.
#pragma once

#include <gmpxx.h>

#include <cstddef>
#include <stdexcept>
#include <vector>

namespace incert {

// Dense exact matrix, row major.
struct rational_matrix {
  std::size_t rows = 0, cols = 0;
  std::vector<mpq_class> entries;
  rational_matrix() = default;
  rational_matrix(std::size_t r, std::size_t c) : rows(r), cols(c), entries(r * c) {}
  mpq_class& operator()(std::size_t i, std::size_t j) { return entries[i * cols + j]; }
  const mpq_class& operator()(std::size_t i, std::size_t j) const { return entries[i * cols + j]; }
  static rational_matrix identity(std::size_t n) {
    rational_matrix I(n, n);
    for (std::size_t i = 0; i < n; ++i) I(i, i) = 1;
    return I;
  }
};

inline rational_matrix operator*(const rational_matrix& A, const rational_matrix& B) {
  rational_matrix C(A.rows, B.cols);
  for (std::size_t i = 0; i < A.rows; ++i)
    for (std::size_t k = 0; k < A.cols; ++k) {
      if (A(i, k) == 0) continue;
      for (std::size_t j = 0; j < B.cols; ++j) C(i, j) += A(i, k) * B(k, j);
    }
  return C;
}

inline rational_matrix transpose(const rational_matrix& A) {
  rational_matrix T(A.cols, A.rows);
  for (std::size_t i = 0; i < A.rows; ++i)
    for (std::size_t j = 0; j < A.cols; ++j) T(j, i) = A(i, j);
  return T;
}

// P^T A P. When P is a permutation matrix (the eigenbasis of a Y given by unsorted eigenvalues
// alone) this is a reindexing, A(p(i), p(j)) with p(i) the row of column i's one: n^2 copies
// instead of 2 n^3 rational products, which matters for a large Gaussian init.
inline rational_matrix congruence(const rational_matrix& P, const rational_matrix& A) {
  if (P.rows != P.cols || A.rows != A.cols || A.rows != P.rows)
    throw std::invalid_argument("congruence: P and A must be square of the same size");
  const std::size_t n = P.rows;
  std::vector<std::size_t> row_of_one(n, n);
  std::vector<bool> row_used(n, false);
  bool permutation = true;
  for (std::size_t j = 0; j < n && permutation; ++j)
    for (std::size_t i = 0; i < n && permutation; ++i) {
      if (P(i, j) == 0) continue;
      if (P(i, j) != 1 || row_of_one[j] != n || row_used[i]) permutation = false;
      else row_of_one[j] = i, row_used[i] = true;
    }
  for (std::size_t j = 0; j < n && permutation; ++j) permutation = row_of_one[j] != n;
  if (!permutation) return transpose(P) * A * P;
  rational_matrix C(n, n);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j) C(i, j) = A(row_of_one[i], row_of_one[j]);
  return C;
}

}  // namespace incert
