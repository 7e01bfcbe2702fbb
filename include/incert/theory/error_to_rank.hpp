// incert/theory/error_to_rank.hpp
//
// ||W(t) - Y^_k||_2, Y^_k the best rank-k approximation of Y (the top k eigenpairs).
// Phi is orthogonal, so ||W - Y^_k||_2 = ||W~ - diag(sigma_1..sigma_k, 0, ..., 0)||_2, computed in
// Y's eigenbasis (proofs/error_to_rank.md) by the double-steered second-order enclosure of
// linalg/symmetric_norm2.hpp (lower and upper bound, so that both "holds" and "fails" can be
// proved against eps); against eps, the working-precision eigenvalue enclosure of
// linalg/symmetric_eigenvalues.hpp is added only when the fast one cannot decide.
#pragma once

#include "incert/scalar/scalar_list.hpp"

#include "incert/linalg/symmetric_eigenvalues.hpp"
#include "incert/linalg/symmetric_norm2.hpp"
#include "incert/theory/verdict.hpp"

#include <cmath>
#include <optional>
#include <vector>

namespace incert {
namespace detail {

// W~ - diag(sigma_1, ..., sigma_k, 0, ..., 0).
template <class T>
matrix<T> minus_target(const matrix<T>& W, const std::vector<T>& sigma, std::size_t k) {
  matrix<T> D = W;
  for (std::size_t i = 0; i < k; ++i) D(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(i)) -= sigma[i];
  return D;
}

}  // namespace detail

// ||D'||_2 for every symmetric D' in D, to be compared with eps: the fast enclosure, intersected
// with the working-precision one when the fast one alone leaves D <= eps undecided.
template <class T>
std::optional<T> symmetric_norm2_against(const matrix<T>& D, const T& eps) {
  std::optional<T> e = enclose_symmetric_norm2_fast(D);
  if (e && decide_le(*e, eps) != verdict::undecided) return e;
  std::optional<T> full = enclose_symmetric_norm2(D);
  if (!full) return e;
  if (!e) return full;
  return scalar_traits<T>::symmetrize(*e, *full);
}

// The reported value (eval, the conclusion at sample times): the fast enclosure, intersected with
// the working-precision one when it is wider than 2^-(p - 24) relative (an extreme eigenvalue in
// a cluster, where only its first-order double bound applies).
template <class T>
std::optional<T> error_to_rank(const matrix<T>& Wt, const std::vector<T>& sigma, std::size_t k) {
  using traits = scalar_traits<T>;
  const matrix<T> D = detail::minus_target(Wt, sigma, k);
  std::optional<T> e = enclose_symmetric_norm2_fast(D);
  if (e) {
    using std::ldexp;
    const int bits = static_cast<int>(traits::precision_bits());
    const auto width = traits::upper(*e) - traits::lower(*e);
    if (!(ldexp(traits::upper(*e), 24 - bits) < width)) return e;
  }
  std::optional<T> full = enclose_symmetric_norm2(D);
  if (!full) return e;
  if (!e) return full;
  return traits::symmetrize(*e, *full);
}

// The same, for a comparison with eps (see symmetric_norm2_against).
template <class T>
std::optional<T> error_to_rank_against(const matrix<T>& Wt, const std::vector<T>& sigma, std::size_t k, const T& eps) {
  return symmetric_norm2_against(detail::minus_target(Wt, sigma, k), eps);
}

// Compiled once per scalar into the library (lib/instantiate_<scalar>.cpp, scalar/scalar_list.hpp).
#define INCERT_INSTANTIATE_ERROR_TO_RANK(EXTERN, T)                                                              \
  EXTERN template std::optional<T> error_to_rank<T>(const matrix<T>&, const std::vector<T>&, std::size_t);       \
  EXTERN template std::optional<T> error_to_rank_against<T>(const matrix<T>&, const std::vector<T>&, std::size_t, \
                                                            const T&);                                            \
  EXTERN template std::optional<T> symmetric_norm2_against<T>(const matrix<T>&, const T&);
#if INCERT_EXTERN_TEMPLATES
#define INCERT_X(T) INCERT_INSTANTIATE_ERROR_TO_RANK(extern, T)
INCERT_FOR_EACH_SCALAR(INCERT_X)
#undef INCERT_X
#endif

}  // namespace incert
