// incert/theory/error_to_rank.hpp
//
// ||W(t) - Y^_k||_2, Y^_k the best rank-k approximation of Y (the top k eigenpairs).
// Phi is orthogonal, so ||W - Y^_k||_2 = ||W~ - diag(sigma_1..sigma_k, 0, ..., 0)||_2, computed in
// Y's eigenbasis with the verified symmetric eigenvalue enclosure (lower and upper bound, so
// that both "holds" and "fails" can be proved against eps).
#pragma once

#include "incert/scalar/scalar_list.hpp"

#include "incert/linalg/symmetric_eigenvalues.hpp"

#include <optional>
#include <vector>

namespace incert {

template <class T>
std::optional<T> error_to_rank(const matrix<T>& Wt, const std::vector<T>& sigma, std::size_t k) {
  matrix<T> D = Wt;
  for (std::size_t i = 0; i < k; ++i) D(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(i)) -= sigma[i];
  return enclose_symmetric_norm2(D);
}

// Compiled once per scalar into the library (lib/instantiate_<scalar>.cpp, scalar/scalar_list.hpp).
#define INCERT_INSTANTIATE_ERROR_TO_RANK(EXTERN, T) \
  EXTERN template std::optional<T> error_to_rank<T>(const matrix<T>&, const std::vector<T>&, std::size_t);
#if INCERT_EXTERN_TEMPLATES
#define INCERT_X(T) INCERT_INSTANTIATE_ERROR_TO_RANK(extern, T)
INCERT_FOR_EACH_SCALAR(INCERT_X)
#undef INCERT_X
#endif

}  // namespace incert
