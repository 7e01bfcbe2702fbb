// incert/theory/theorem_constants.hpp
//
// The constants of Theorems 3 and 4 (paper section III), enclosed.
//   Theorem 3 (spectral W~0 = diag(s_i)):  c_eps = eps / max_i s_i,
//                                          C_eps = sigma_1^2 / (eps min_{i<=K} s_i).
//   Theorem 4 (general W~0 = V^{-1}):      M = max(||V||, ||V^{-1}||) = max(1/lambda_min, lambda_max)
//                                          for W~0 symmetric positive definite,
//                                          c_eps = eps / (16 M^2),  C_eps = 16 sigma_1^2 M^2 / eps.
// lambda_min, lambda_max come from the verified symmetric eigenvalue enclosure of W~0.
// A constant is absent when its definition does not apply (a zero s_i, W~0 not certified
// positive definite at this precision).
#pragma once

#include "incert/scalar/scalar_list.hpp"

#include "incert/flow/enclosed_problem.hpp"
#include "incert/linalg/symmetric_eigenvalues.hpp"

#include <optional>

namespace incert {

template <class T>
struct theorem_constants {
  int theorem = 4;
  std::optional<T> c_eps, C_eps, M, lambda_min, lambda_max;
};

template <class T>
theorem_constants<T> compute_constants(const enclosed_problem<T>& p) {
  using traits = scalar_traits<T>;
  theorem_constants<T> out;
  const T& eps = p.epsilon;
  const T& sigma1 = p.sigma.front();
  if (p.spectral) {
    out.theorem = 3;
    T s_max = p.Wt0(0, 0), s_min = p.Wt0(0, 0);
    for (std::size_t i = 1; i < p.n; ++i) s_max = traits::max(s_max, p.Wt0(i, i));
    for (std::size_t i = 1; i < p.K; ++i) s_min = traits::min(s_min, p.Wt0(i, i));
    if (certainly_positive(s_max)) out.c_eps = eps / s_max;
    if (certainly_positive(s_min)) out.C_eps = sigma1 * sigma1 / (eps * s_min);
    return out;
  }
  out.theorem = 4;
  auto eig = enclose_symmetric_eigenvalues(p.Wt0);
  if (!eig) return out;
  out.lambda_min = eig->front();
  out.lambda_max = eig->back();
  if (!certainly_positive(*out.lambda_min)) return out;
  T M = traits::max(T(1) / *out.lambda_min, *out.lambda_max);
  out.M = M;
  out.c_eps = eps / (T(16) * M * M);
  out.C_eps = T(16) * sigma1 * sigma1 * M * M / eps;
  return out;
}

// Compiled once per scalar into the library (lib/instantiate_<scalar>.cpp, scalar/scalar_list.hpp).
#define INCERT_INSTANTIATE_THEOREM_CONSTANTS(EXTERN, T) \
  EXTERN template theorem_constants<T> compute_constants<T>(const enclosed_problem<T>&);
#if INCERT_EXTERN_TEMPLATES
#define INCERT_X(T) INCERT_INSTANTIATE_THEOREM_CONSTANTS(extern, T)
INCERT_FOR_EACH_SCALAR(INCERT_X)
#undef INCERT_X
#endif

}  // namespace incert
