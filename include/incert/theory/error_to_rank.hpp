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

// true when the fast enclosure e is narrower than 2^-(p - 24) relative: reported as it is.
// Otherwise (an extreme eigenvalue in a cluster, where only its first-order double bound
// applies) it is intersected with the working-precision enclosure (reported_norm).
template <class T>
bool narrow_enough(const std::optional<T>& e) {
  using traits = scalar_traits<T>;
  using std::ldexp;
  if (!e) return false;
  const int bits = static_cast<int>(traits::precision_bits());
  return !(ldexp(traits::upper(*e), 24 - bits) < traits::upper(*e) - traits::lower(*e));
}

template <class T>
std::optional<T> reported_norm(const std::optional<T>& e, const matrix<T>& D) {
  if (narrow_enough(e)) return e;
  std::optional<T> full = enclose_symmetric_norm2(D);
  if (!full) return e;
  if (!e) return full;
  return scalar_traits<T>::symmetrize(*e, *full);
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

// The reported value (eval, the conclusion at sample times): the fast enclosure, made narrower
// by the working-precision one where needed (detail::narrow_enough).
template <class T>
std::optional<T> error_to_rank(const matrix<T>& Wt, const std::vector<T>& sigma, std::size_t k) {
  const matrix<T> D = detail::minus_target(Wt, sigma, k);
  return detail::reported_norm(enclose_symmetric_norm2_fast(D), D);
}

// error_to_rank for k = 1..K at once (element k-1): the fast enclosures share their work
// (enclose_symmetric_norm2_fast_prefix_shifts); the same bounds as error_to_rank for each k.
template <class T>
std::vector<std::optional<T>> error_to_every_rank(const matrix<T>& Wt, const std::vector<T>& sigma, std::size_t K) {
  std::vector<std::optional<T>> out = enclose_symmetric_norm2_fast_prefix_shifts(Wt, sigma, K);
  for (std::size_t k = 1; k <= K; ++k)
    if (!detail::narrow_enough(out[k - 1])) out[k - 1] = detail::reported_norm(out[k - 1], detail::minus_target(Wt, sigma, k));
  return out;
}

// The same, for a comparison with eps (see symmetric_norm2_against).
template <class T>
std::optional<T> error_to_rank_against(const matrix<T>& Wt, const std::vector<T>& sigma, std::size_t k, const T& eps) {
  return symmetric_norm2_against(detail::minus_target(Wt, sigma, k), eps);
}

// Compiled once per scalar into the library (lib/instantiate_<scalar>.cpp, scalar/scalar_list.hpp).
#define INCERT_INSTANTIATE_ERROR_TO_RANK(EXTERN, T)                                                              \
  EXTERN template std::optional<T> error_to_rank<T>(const matrix<T>&, const std::vector<T>&, std::size_t);       \
  EXTERN template std::vector<std::optional<T>> error_to_every_rank<T>(const matrix<T>&, const std::vector<T>&,  \
                                                                      std::size_t);                             \
  EXTERN template std::optional<T> error_to_rank_against<T>(const matrix<T>&, const std::vector<T>&, std::size_t, \
                                                            const T&);                                            \
  EXTERN template std::optional<T> symmetric_norm2_against<T>(const matrix<T>&, const T&);
#if INCERT_EXTERN_TEMPLATES
#define INCERT_X(T) INCERT_INSTANTIATE_ERROR_TO_RANK(extern, T)
INCERT_FOR_EACH_SCALAR(INCERT_X)
#undef INCERT_X
#endif

}  // namespace incert
