// incert/flow/scalar_curve.hpp
//
// The scalar curves of Corollary 2 (paper eq. 12-13), the diagonal of W~(t) under a spectral
// initialization:
//   sigma_W(t) = alpha sigma s0 e^{2 sigma t} / (sigma + alpha s0 (e^{2 sigma t} - 1))   (sigma != 0)
//   sigma_W(t) = alpha s0 / (1 + 2 alpha s0 t)                                           (sigma = 0)
// evaluated in a form with no cancellation, no overflow at any alpha, and each uncertain
// quantity occurring once (proofs/closed_form_scaled.md): with
//   x = e^{ln alpha + 2 sigma t} = alpha e^{2 sigma t}   (x = alpha when sigma = 0),
//   c = (1 - e^{-2 sigma t}) / sigma                     (c = 2t when sigma = 0),
// so that alpha g(t) = x c, the curve is  sigma_W = s0 x / (1 + s0 x c) = 1 / (1/(s0 x) + c).
#pragma once

#include "incert/scalar/traits.hpp"

namespace incert {

template <class T>
struct growth_factors {
  T x, c;  // alpha e^{2 sigma t} and (1 - e^{-2 sigma t}) / sigma
};

template <class T>
growth_factors<T> growth(const T& sigma, bool sigma_is_zero, const T& log_alpha, const T& alpha, const T& t) {
  using traits = scalar_traits<T>;
  if (sigma_is_zero) return {alpha, T(2) * t};
  T two_sigma_t = T(2) * sigma * t;
  return {traits::exp(log_alpha + two_sigma_t), -traits::expm1(-two_sigma_t) / sigma};
}

// sigma_{i,W}(t) of Corollary 2 (s0 >= 0).
template <class T>
T scalar_curve(const T& sigma, bool sigma_is_zero, const T& s0, const T& log_alpha, const T& alpha, const T& t) {
  growth_factors<T> g = growth(sigma, sigma_is_zero, log_alpha, alpha, t);
  if (certainly_positive(s0)) return T(1) / (T(1) / (s0 * g.x) + g.c);
  return s0 * g.x / (T(1) + s0 * g.x * g.c);
}

}  // namespace incert
