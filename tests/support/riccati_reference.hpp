// Independent high-precision reference for the matrix Riccati ODE (test support only).
//
//   dW/dt = W S + S W - 2 W^2,   W(0) = W_start,   S = diag(sigma_1 .. sigma_n)
//
// integrated by the Taylor-series method. Nothing here uses (or knows about) the
// project's closed-form solution: the only input is the right-hand side of the ODE.
//
// Method. On a step starting at t0 write W(t0 + h) = sum_k C_k h^k. Substituting into
// the ODE and comparing powers of h gives the recurrence
//   C_0     = W(t0)
//   C_{k+1} = (C_k S + S C_k - 2 sum_{j=0..k} C_j C_{k-j}) / (k+1).
// All C_k are symmetric when W(t0) is. Entry-wise, (C_k S + S C_k)_{ij} =
// (sigma_i + sigma_j) C_k(i,j), and the Cauchy product is folded pairwise:
//   sum_{j=0..k} C_j C_{k-j} = sum_{j<k-j} (C_j C_{k-j} + (C_j C_{k-j})^T) + [k even] C_{k/2}^2,
// so only the upper triangle is computed and then mirrored: the result is exactly
// symmetric (bitwise), at every step.
//
// Order and step size. With working precision d decimal digits (ref_float's current
// default precision) the local truncation target is tol = 10^-d * max|W(t0)| (i.e.
// relative, at the level of the rounding unit), and the order is the Jorba-Zou choice
// K = ceil(d ln(10) / 2) + 2 (= 71 for d = 60), which balances the O(K^2) cost of the
// recurrence against the number of steps. The step is
//   h = 0.9 * min_{k in {K-2, K-1, K}, C_k != 0} (tol / max|C_k|)^(1/k),
// so each of the last terms of the series is below tol and, for a series with radius
// of convergence R, h ~ 0.9 e^-2 R and the neglected tail is ~ 0.1 tol. Local errors of
// ~10^-d over at most a few hundred steps leave a global error far below the target
// 10^-(d-10) (the tests check 10^-40 / 10^-35 at d = 60 against exact formulas).
//
// Arithmetic. All working storage is created at the current default precision and
// all arithmetic is done with raw MPFR calls (round-to-nearest, fused multiply-add
// in the products) on that storage, so the result depends only on the inputs and the
// precision: the routine is deterministic. Eigen is used only as a container.
//
// Precision: set it in the caller, e.g. `incert_test::ref_float::default_precision(60);`.
#pragma once

#include <boost/multiprecision/mpfr.hpp>
#include <Eigen/Core>
#include <mpfr.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <stdexcept>
#include <vector>

namespace incert_test {

using ref_float =
    boost::multiprecision::number<boost::multiprecision::mpfr_float_backend<0>, boost::multiprecision::et_off>;
using ref_matrix = Eigen::Matrix<ref_float, Eigen::Dynamic, Eigen::Dynamic>;

namespace riccati_reference_detail {

inline mpfr_ptr raw(ref_float& x) { return x.backend().data(); }
inline mpfr_srcptr raw(const ref_float& x) { return x.backend().data(); }

// A vector of `count` zeros, each with the current default precision.
inline std::vector<ref_float> zeros(std::size_t count) {
  std::vector<ref_float> v(count);
  for (ref_float& x : v) mpfr_set_zero(raw(x), 1);
  return v;
}

// max_ij |A(i,j)| over the upper triangle (A symmetric, row-major n x n).
inline void max_abs(const std::vector<ref_float>& a, std::size_t n, ref_float& out) {
  mpfr_set_zero(raw(out), 1);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = i; j < n; ++j)
      if (mpfr_cmpabs(raw(a[i * n + j]), raw(out)) > 0) mpfr_abs(raw(out), raw(a[i * n + j]), MPFR_RNDN);
}

// Natural logarithm of a positive finite MPFR number, as a double (no overflow for
// exponents outside the double range).
inline double log_as_double(const ref_float& x) {
  long e = 0;
  const double m = mpfr_get_d_2exp(&e, raw(x), MPFR_RNDN);
  return std::log(m) + static_cast<double>(e) * std::log(2.0);
}

}  // namespace riccati_reference_detail

// Integrates dW/dt = W S + S W - 2 W^2, W(0) = W_start, S = diag(sigma), from 0 to t,
// by Taylor series (recurrence for the Taylor coefficients of the quadratic ODE) with
// adaptive steps chosen from the coefficient decay, at the current default precision
// of ref_float, aiming at a relative/absolute accuracy of about 10^-(digits-10).
//
// W_start must be n x n with n = sigma.size(); it is symmetrised ((W + W^T) / 2) on
// entry, so the returned matrix is exactly symmetric. Requires t >= 0 (finite).
// Throws std::invalid_argument on bad arguments and std::runtime_error if the solution
// blows up (possible only for a W_start that is not positive semidefinite) or the step
// size collapses.
inline ref_matrix integrate_riccati(const std::vector<ref_float>& sigma, const ref_matrix& W_start,
                                    const ref_float& t) {
  using namespace riccati_reference_detail;
  const std::size_t n = sigma.size();
  if (n == 0) throw std::invalid_argument("integrate_riccati: empty sigma");
  if (static_cast<std::size_t>(W_start.rows()) != n || static_cast<std::size_t>(W_start.cols()) != n)
    throw std::invalid_argument("integrate_riccati: W_start must be n x n with n = sigma.size()");
  if (!mpfr_number_p(raw(t)) || mpfr_sgn(raw(t)) < 0)
    throw std::invalid_argument("integrate_riccati: t must be finite and >= 0");
  for (const ref_float& s : sigma)
    if (!mpfr_number_p(raw(s))) throw std::invalid_argument("integrate_riccati: non-finite sigma");

  const unsigned digits10 = ref_float::default_precision();
  const double log_eps = -static_cast<double>(digits10) * std::log(10.0);  // ln(10^-d)
  const std::size_t K = std::max<std::size_t>(
      16, static_cast<std::size_t>(std::ceil(static_cast<double>(digits10) * std::log(10.0) / 2.0)) + 2);
  const std::size_t nn = n * n;
  const std::size_t max_steps = 1000000;

  // Working storage, all at the current default precision.
  std::vector<ref_float> W = zeros(nn);       // current state (row-major, symmetric)
  std::vector<ref_float> ssum = zeros(nn);    // sigma_i + sigma_j
  std::vector<std::vector<ref_float>> C(K + 1, zeros(nn));
  std::vector<ref_float> tmp = zeros(4);
  ref_float& acc = tmp[0];
  ref_float& conv = tmp[1];
  ref_float& nrm = tmp[2];
  ref_float& h = tmp[3];
  std::vector<ref_float> times = zeros(2);
  ref_float& t_cur = times[0];
  ref_float& remaining = times[1];

  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = i; j < n; ++j) {
      mpfr_add(raw(W[i * n + j]), raw(W_start(i, j)), raw(W_start(j, i)), MPFR_RNDN);
      mpfr_div_2ui(raw(W[i * n + j]), raw(W[i * n + j]), 1, MPFR_RNDN);
      if (!mpfr_number_p(raw(W[i * n + j]))) throw std::invalid_argument("integrate_riccati: non-finite W_start");
      mpfr_set(raw(W[j * n + i]), raw(W[i * n + j]), MPFR_RNDN);
      mpfr_add(raw(ssum[i * n + j]), raw(sigma[i]), raw(sigma[j]), MPFR_RNDN);
      mpfr_set(raw(ssum[j * n + i]), raw(ssum[i * n + j]), MPFR_RNDN);
    }

  bool done = mpfr_zero_p(raw(t)) != 0;
  for (std::size_t step = 0; !done; ++step) {
    if (step >= max_steps) throw std::runtime_error("integrate_riccati: too many steps");

    // Taylor coefficients at the current point.
    for (std::size_t q = 0; q < nn; ++q) mpfr_set(raw(C[0][q]), raw(W[q]), MPFR_RNDN);
    for (std::size_t k = 0; k < K; ++k) {
      const std::vector<ref_float>& Ck = C[k];
      std::vector<ref_float>& Cn = C[k + 1];
      for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = i; j < n; ++j) {
          // conv = (sum_{m=0..k} C_m C_{k-m})_{ij}
          mpfr_set_zero(raw(conv), 1);
          for (std::size_t m = 0; 2 * m < k; ++m) {
            const std::vector<ref_float>& A = C[m];
            const std::vector<ref_float>& B = C[k - m];
            for (std::size_t l = 0; l < n; ++l) {
              mpfr_fma(raw(conv), raw(A[i * n + l]), raw(B[l * n + j]), raw(conv), MPFR_RNDN);
              mpfr_fma(raw(conv), raw(A[j * n + l]), raw(B[l * n + i]), raw(conv), MPFR_RNDN);
            }
          }
          if (k % 2 == 0) {
            const std::vector<ref_float>& A = C[k / 2];
            for (std::size_t l = 0; l < n; ++l)
              mpfr_fma(raw(conv), raw(A[i * n + l]), raw(A[l * n + j]), raw(conv), MPFR_RNDN);
          }
          // C_{k+1}(i,j) = ((sigma_i + sigma_j) C_k(i,j) - 2 conv) / (k+1)
          mpfr_mul(raw(acc), raw(ssum[i * n + j]), raw(Ck[i * n + j]), MPFR_RNDN);
          mpfr_mul_2ui(raw(conv), raw(conv), 1, MPFR_RNDN);
          mpfr_sub(raw(acc), raw(acc), raw(conv), MPFR_RNDN);
          mpfr_div_ui(raw(Cn[i * n + j]), raw(acc), static_cast<unsigned long>(k + 1), MPFR_RNDN);
          mpfr_set(raw(Cn[j * n + i]), raw(Cn[i * n + j]), MPFR_RNDN);
        }
    }

    // Step size from the decay of the last coefficients.
    max_abs(C[0], n, nrm);
    if (mpfr_zero_p(raw(nrm))) break;  // W = 0 is an exact equilibrium
    if (!mpfr_number_p(raw(nrm))) throw std::runtime_error("integrate_riccati: solution is not finite");
    const double log_tol = log_eps + log_as_double(nrm);
    double log_h = std::numeric_limits<double>::infinity();
    bool any_nonzero_tail = false;
    for (std::size_t k = K - 2; k <= K; ++k) {
      max_abs(C[k], n, nrm);
      if (!mpfr_number_p(raw(nrm))) throw std::runtime_error("integrate_riccati: coefficients not finite");
      if (mpfr_zero_p(raw(nrm))) continue;
      any_nonzero_tail = true;
      log_h = std::min(log_h, (log_tol - log_as_double(nrm)) / static_cast<double>(k));
    }
    if (!any_nonzero_tail) {
      // Degenerate: the last coefficients vanish. Use every nonzero C_k (k >= 1),
      // which is conservative; if all vanish, W is an exact equilibrium.
      for (std::size_t k = 1; k + 2 < K; ++k) {
        max_abs(C[k], n, nrm);
        if (mpfr_zero_p(raw(nrm))) continue;
        log_h = std::min(log_h, (log_tol - log_as_double(nrm)) / static_cast<double>(k));
      }
      if (std::isinf(log_h)) break;
    }
    const double h_d = 0.9 * std::exp(log_h);
    if (!(h_d > 0.0) || !std::isfinite(h_d)) throw std::runtime_error("integrate_riccati: step size collapsed");

    mpfr_sub(raw(remaining), raw(t), raw(t_cur), MPFR_RNDN);
    mpfr_set_d(raw(h), h_d, MPFR_RNDN);
    if (mpfr_cmp(raw(h), raw(remaining)) >= 0) {
      mpfr_set(raw(h), raw(remaining), MPFR_RNDN);
      done = true;
    }

    // W(t0 + h) = sum_k C_k h^k by Horner, upper triangle, then mirrored.
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t j = i; j < n; ++j) {
        const std::size_t q = i * n + j;
        mpfr_set(raw(acc), raw(C[K][q]), MPFR_RNDN);
        for (std::size_t k = K; k-- > 0;) mpfr_fma(raw(acc), raw(acc), raw(h), raw(C[k][q]), MPFR_RNDN);
        mpfr_set(raw(W[q]), raw(acc), MPFR_RNDN);
        mpfr_set(raw(W[j * n + i]), raw(acc), MPFR_RNDN);
      }
    mpfr_add(raw(t_cur), raw(t_cur), raw(h), MPFR_RNDN);
  }

  ref_matrix out(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(n));
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j) {
      ref_float v;  // current default precision
      mpfr_set(raw(v), raw(W[i * n + j]), MPFR_RNDN);
      out(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = std::move(v);
    }
  return out;
}

}  // namespace incert_test
