// incert/flow/scalar_curve.hpp
//
// The scalar curves of Corollary 2 (paper eq. 12-13), the diagonal of W~(t) under a spectral
// initialization:
//   sigma_W(t) = alpha sigma s0 e^{2 sigma t} / (sigma + alpha s0 (e^{2 sigma t} - 1))   (sigma != 0)
//   sigma_W(t) = alpha s0 / (1 + 2 alpha s0 t)                                           (sigma = 0)
// evaluated in a form with no cancellation and no overflow at any alpha
// (proofs/closed_form_scaled.md): with x = e^{ln alpha + 2 sigma t} = alpha e^{2 sigma t} and
// a = alpha g(t) = x (1 - e^{-2 sigma t}) / sigma  (a = 2 t alpha when sigma = 0),
//   sigma_W(t) = s0 x / (1 + s0 a),
// every operation is on non-negative quantities, so intervals stay tight in relative terms.
#pragma once

#include "incert/scalar/traits.hpp"

namespace incert {

// x = alpha e^{2 sigma t} and a = alpha g(t) for one eigenvalue (see above).
template <class T>
struct growth_factors {
  T x, a;
};

template <class T>
growth_factors<T> growth(const T& sigma, bool sigma_is_zero, const T& log_alpha, const T& alpha, const T& t) {
  using traits = scalar_traits<T>;
  if (sigma_is_zero) return {alpha, T(2) * t * alpha};
  T two_sigma_t = T(2) * sigma * t;
  T x = traits::exp(log_alpha + two_sigma_t);
  T a = x * (-traits::expm1(-two_sigma_t)) / sigma;
  return {x, a};
}

// sigma_{i,W}(t) of Corollary 2.
template <class T>
T scalar_curve(const T& sigma, bool sigma_is_zero, const T& s0, const T& log_alpha, const T& alpha, const T& t) {
  growth_factors<T> g = growth(sigma, sigma_is_zero, log_alpha, alpha, t);
  return s0 * g.x / (T(1) + s0 * g.a);
}

}  // namespace incert
