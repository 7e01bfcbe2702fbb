// incert/flow/closed_form_factor.hpp
//
// The closed form for a factor initialization W0 = U0 U0^T, U0 of shape n x r, in its r x r form
//   W~(t) = alpha S U~ (I_r + alpha U~^T G U~)^{-1} U~^T S,   U~ = Phi^T U0,
// (push-through identity from Proposition 1; W~0 = U~ U~^T may be singular, r < n), evaluated so
// that accuracy and cost do not depend on alpha or t (derivation: proofs/closed_form_factor.md).
//
// Rows J (|J| = r, chosen greedily in decreasing sigma) with U~_J invertible give U~ = L U~_J,
// L = U~ U~_J^{-1} (rows J of L are unit vectors, exactly), and
//   W~ = alpha S L B^{-1} L^T S,   B = V_J + sum_i x_i c_i l_i l_i^T,   V_J = (U~_J U~_J^T)^{-1},
// with x_i = alpha e^{2 sigma_i t}, c_i = (1 - e^{-2 sigma_i t})/sigma_i (alpha g_i = x_i c_i).
// With d_k = B_kk^{-1/2} and C = D B D (unit diagonal, O(1) entries):
//   W~_ii' = phi_i phi_i' (F' C^{-1} F'^T)_ii',   F'_ik = sqrt(x_i) l_ik d_k / phi_i,
// the scales phi_i (MPFI, any exponent) carrying alpha and t; everything in T is O(1). When J
// holds the r largest sigma, cond(C) <= r (1 + max_k sum_i l_ik^2) / min(lambda_min(C_VJ), 1)
// for every alpha and t. Returns nothing when U~ is not (certified) of full column rank r, or a
// verified inverse fails at this precision.
#pragma once

#include "incert/scalar/scalar_list.hpp"

#include "incert/flow/enclosed_problem.hpp"
#include "incert/flow/scalar_curve.hpp"
#include "incert/flow/scaled_symmetric_matrix.hpp"

#include <cmath>

namespace incert {

namespace detail {

// Rows of U~ (n x r) forming a well-conditioned invertible r x r block, taken greedily in row
// order (decreasing sigma): a row is kept when its distance to the span of the kept rows is
// above 2^-20 of its length (approximate Gram-Schmidt in MPFR). Only a choice: the result's
// rigour never depends on it (U~_J's inverse is verified), its accuracy does.
template <class T>
std::optional<std::vector<std::size_t>> factor_pivot_rows(const matrix<T>& Ut) {
  using traits = scalar_traits<T>;
  const Eigen::Index n = Ut.rows(), r = Ut.cols();
  std::vector<std::size_t> J;
  std::vector<std::vector<mpfr_float>> basis;  // orthonormal, approximately
  for (Eigen::Index i = 0; i < n && static_cast<Eigen::Index>(J.size()) < r; ++i) {
    std::vector<mpfr_float> v(static_cast<std::size_t>(r));
    mpfr_float norm2(0);
    for (Eigen::Index j = 0; j < r; ++j) {
      v[static_cast<std::size_t>(j)] = scalar_traits<mpfi_float>::mid(traits::to_mpfi(Ut(i, j)));
      norm2 += v[static_cast<std::size_t>(j)] * v[static_cast<std::size_t>(j)];
    }
    if (!(norm2 > 0)) continue;
    for (int pass = 0; pass < 2; ++pass)
      for (const auto& q : basis) {
        mpfr_float dot(0);
        for (std::size_t j = 0; j < v.size(); ++j) dot += v[j] * q[j];
        for (std::size_t j = 0; j < v.size(); ++j) v[j] -= dot * q[j];
      }
    mpfr_float res2(0);
    for (const auto& x : v) res2 += x * x;
    if (!(res2 > norm2 * mpfr_float(ldexp(1.0, -40)))) continue;
    mpfr_float inv = 1 / sqrt(res2);
    for (auto& x : v) x *= inv;
    basis.push_back(std::move(v));
    J.push_back(static_cast<std::size_t>(i));
  }
  if (static_cast<Eigen::Index>(J.size()) < r) return std::nullopt;
  return J;
}

// [lower(from), inf].
inline mpfi_float positive_infinity_interval(const mpfi_float& from) {
  mpfi_float r;
  mpfr_t inf;
  mpfr_init2(inf, mpfi_get_prec(from.backend().data()));
  mpfr_set_inf(inf, 1);
  mpfi_interv_fr(r.backend().data(), &from.backend().data()->left, inf);
  mpfr_clear(inf);
  return r;
}

// 2t e^{-2 s t} for every t of the enclosure t (upper end possibly infinite), s > 0: it rises to
// 1/(s e) at t = 1/(2s), then decays to 0, so its range over [t0, t1] is the hull of its values at
// t0 and t1, and of 1/(s e) when 1/(2s) may lie in [t0, t1] (s an enclosure: each for the true s).
inline mpfi_float rise_and_decay_range(const mpfi_float& s, const mpfi_float& t) {
  using wide = scalar_traits<mpfi_float>;
  auto at = [&](const mpfr_float& u) {
    const mpfi_float tu = wide::point(u);
    return mpfi_float(2 * tu * exp(mpfi_float(-2 * s * tu)));
  };
  mpfi_float r = at(wide::lower(t));
  r = wide::hull(r, wide::is_finite(t) ? at(wide::upper(t)) : mpfi_float(0));
  const mpfi_float peak_time = mpfi_float(1) / (2 * s);
  if (wide::possibly_le(wide::point(wide::lower(t)), peak_time) && wide::possibly_le(peak_time, t))
    r = wide::hull(r, mpfi_float(mpfi_float(1) / (s * exp(mpfi_float(1)))));
  return r;
}

// The factor form depends on alpha and t only through these MPFI enclosures, per eigenvalue i:
// x_i = alpha e^{2 sigma_i t}, 1/x_i, c_i, x_i c_i, and t itself (in e^{(sigma_i - sigma_j) t} =
// sqrt(x_i / x_j)). Enclosures of each over a whole set of (alpha, t) give an enclosure of W~ for
// every (alpha, t) of the set, each occurrence ranging independently (inclusion isotonicity):
// one point (closed_form_factor) or a range of alpha at t = tau ln(1/alpha)
// (closed_form_factor_over_log_alpha, proofs/threshold.md section 8).
struct factor_growth {
  std::vector<mpfi_float> x, inv_x, c, xc;
  mpfi_float t;  // may have an infinite upper end (the tail alpha -> 0)
};

template <class T>
std::optional<scaled_symmetric_matrix<T>> closed_form_factor_from_growth(const enclosed_problem<T>& p, const factor_growth& g) {
  using traits = scalar_traits<T>;
  using wide = scalar_traits<mpfi_float>;
  if (!p.Ut0) throw std::invalid_argument("closed_form_factor: the initialization is not a factor U0");
  const matrix<T>& Ut = *p.Ut0;
  const Eigen::Index n = Ut.rows(), r = Ut.cols();
  if (n != static_cast<Eigen::Index>(p.n)) throw std::invalid_argument("closed_form_factor: U~ has the wrong number of rows");
  if (r > n) return std::nullopt;  // U~ cannot have full column rank

  std::optional<std::vector<std::size_t>> pivots = detail::factor_pivot_rows(Ut);
  if (!pivots) return std::nullopt;
  const std::vector<std::size_t>& J = *pivots;
  std::vector<int> slot(p.n, -1);  // slot[j] = k when j = J[k]
  for (std::size_t k = 0; k < J.size(); ++k) slot[J[k]] = static_cast<int>(k);
  std::vector<std::size_t> N;
  for (std::size_t i = 0; i < p.n; ++i)
    if (slot[i] < 0) N.push_back(i);

  // L_N = U~_N U~_J^{-1}, V_J = U~_J^{-T} U~_J^{-1}.
  matrix<T> UJ(r, r), UN(static_cast<Eigen::Index>(N.size()), r);
  for (Eigen::Index k = 0; k < r; ++k) UJ.row(k) = Ut.row(static_cast<Eigen::Index>(J[static_cast<std::size_t>(k)]));
  for (std::size_t a = 0; a < N.size(); ++a) UN.row(static_cast<Eigen::Index>(a)) = Ut.row(static_cast<Eigen::Index>(N[a]));
  std::optional<matrix<T>> R = verified_inverse(UJ);
  if (!R) return std::nullopt;
  matrix<T> LN = multiply(UN, *R);
  matrix<T> VJ = multiply(matrix<T>(R->transpose()), *R);
  symmetrize(VJ);

  auto ratio_sqrt = [&](std::size_t i, std::size_t j) {  // sqrt(x_i / x_j) = e^{(sigma_i - sigma_j) t}
    return mpfi_float(exp((p.wide.sigma[i] - p.wide.sigma[j]) * g.t));
  };
  // (x_i / x_j) c_i = e^{2 (sigma_i - sigma_j) t} c_i. On a zero sigma_i, c_i = 2t: the product
  // 2t e^{-2 sigma_j t} as ONE function of t (detail::rise_and_decay_range), bounded on a tail
  // t -> inf where the two factors' separate ranges [0, a] [b, inf] are not.
  auto weight = [&](std::size_t i, std::size_t j) {
    if (p.sigma_is_zero[i] && !p.sigma_is_zero[j] && wide::certainly_lt(mpfi_float(0), p.wide.sigma[j]))
      return rise_and_decay_range(p.wide.sigma[j], g.t);
    return mpfi_float(wide::square(ratio_sqrt(i, j)) * g.c[i]);
  };
  auto l_wide = [&](std::size_t a, Eigen::Index k) { return traits::to_mpfi(LN(static_cast<Eigen::Index>(a), k)); };

  // f_k = sqrt(x_{J_k}) d_k = (B_kk / x_{J_k})^{-1/2}, d_k = B_kk^{-1/2}, B_kk = V_kk + x_j c_j + sum_N x_i c_i l_ik^2.
  std::vector<mpfi_float> d(static_cast<std::size_t>(r)), f(static_cast<std::size_t>(r));
  for (Eigen::Index k = 0; k < r; ++k) {
    const std::size_t j = J[static_cast<std::size_t>(k)];
    mpfi_float V_kk = traits::to_mpfi(VJ(k, k));
    mpfi_float tail_rel(0), tail_abs(0);  // sum_N (x_i/x_j) c_i l_ik^2 and sum_N x_i c_i l_ik^2
    for (std::size_t a = 0; a < N.size(); ++a) {
      const std::size_t i = N[a];
      mpfi_float l2 = wide::square(l_wide(a, k));
      tail_rel += weight(i, j) * l2;
      tail_abs += g.xc[i] * l2;
    }
    d[static_cast<std::size_t>(k)] = mpfi_float(1) / sqrt(V_kk + g.xc[j] + tail_abs);
    f[static_cast<std::size_t>(k)] = sqrt(mpfi_float(1) / (V_kk * g.inv_x[j] + g.c[j] + tail_rel));
    // Infinite ranges (the tail alpha -> 0) can leave d, f unbounded or NaN: refuse them.
    if (!wide::is_finite(d[static_cast<std::size_t>(k)]) || !wide::is_finite(f[static_cast<std::size_t>(k)])) return std::nullopt;
  }

  // E_ak = sqrt(x_i c_i) d_k l_ik (i = N_a), O(1) when sigma_i <= sigma_{J_k}; sqrt(x_i) d_k = e^{(sigma_i - sigma_j) t} f_k,
  // so sqrt(x_i c_i) d_k = sqrt((x_i / x_j) c_i) f_k.
  std::vector<std::vector<mpfi_float>> h(N.size(), std::vector<mpfi_float>(static_cast<std::size_t>(r)));
  matrix<T> E(static_cast<Eigen::Index>(N.size()), r);
  for (std::size_t a = 0; a < N.size(); ++a)
    for (Eigen::Index k = 0; k < r; ++k) {
      const std::size_t i = N[a], j = J[static_cast<std::size_t>(k)];
      h[a][static_cast<std::size_t>(k)] = ratio_sqrt(i, j) * f[static_cast<std::size_t>(k)];
      E(static_cast<Eigen::Index>(a), k) = traits::from_mpfi(sqrt(weight(i, j)) * f[static_cast<std::size_t>(k)]) * LN(static_cast<Eigen::Index>(a), k);
    }

  // C = D B D: unit diagonal (exactly, by the definition of d_k), C_km = V_km d_k d_m + (E^T E)_km.
  matrix<T> EtE = multiply(matrix<T>(E.transpose()), E);
  matrix<T> C(r, r);
  for (Eigen::Index k = 0; k < r; ++k)
    for (Eigen::Index m = 0; m < r; ++m)
      C(k, m) = k == m ? T(1) : VJ(k, m) * traits::from_mpfi(d[static_cast<std::size_t>(k)] * d[static_cast<std::size_t>(m)]) + EtE(k, m);
  symmetrize(C);
  if (!all_finite(C)) return std::nullopt;
  std::optional<matrix<T>> X = verified_inverse(C);
  if (!X) return std::nullopt;
  symmetrize(*X);

  // Row scales phi and F' (n x r): rows J are phi_j = f_k, F'_j = e_k (exact);
  // rows N: phi_i ~ max_k sqrt(x_i) d_k |l_ik| (an exact positive point), F'_ik = (h_ik / phi_i) l_ik.
  scaled_symmetric_matrix<T> W;
  W.scale.assign(p.n, mpfi_float(1));
  matrix<T> Fp = matrix<T>::Zero(n, r);
  for (Eigen::Index k = 0; k < r; ++k) {
    const std::size_t j = J[static_cast<std::size_t>(k)];
    W.scale[j] = f[static_cast<std::size_t>(k)];
    Fp(static_cast<Eigen::Index>(j), k) = T(1);
  }
  for (std::size_t a = 0; a < N.size(); ++a) {
    mpfr_float best(0), fallback(0);
    for (Eigen::Index k = 0; k < r; ++k) {
      const mpfi_float& hk = h[a][static_cast<std::size_t>(k)];
      if (!wide::is_finite(hk)) return std::nullopt;
      mpfr_float up = wide::upper(hk);
      mpfr_float weighted = up * wide::upper_abs(l_wide(a, k));
      if (best < weighted) best = weighted;
      if (fallback < up) fallback = up;
    }
    if (!(best > 0)) best = fallback;
    if (!(best > 0)) return std::nullopt;
    mpfi_float phi = wide::point(best);
    W.scale[N[a]] = phi;
    for (Eigen::Index k = 0; k < r; ++k)
      Fp(static_cast<Eigen::Index>(N[a]), k) = traits::from_mpfi(h[a][static_cast<std::size_t>(k)] / phi) * LN(static_cast<Eigen::Index>(a), k);
  }
  for (const auto& s : W.scale)
    if (!wide::is_finite(s)) return std::nullopt;
  matrix<T> core = multiply(multiply(Fp, *X), matrix<T>(Fp.transpose()));
  if (!all_finite(core)) return std::nullopt;
  symmetrize(core);
  W.core = std::move(core);
  return W;
}

}  // namespace detail

// W~(t) for t >= 0 (else std::domain_error) from p.Ut0 (std::invalid_argument when absent).
// The time is an MPFI enclosure and may be a whole interval of times.
template <class T>
std::optional<scaled_symmetric_matrix<T>> closed_form_factor(const enclosed_problem<T>& p, const mpfi_float& t) {
  require_nonnegative_time(t);
  detail::factor_growth g;
  g.t = t;
  for (std::size_t i = 0; i < p.n; ++i) {
    const growth_factors<mpfi_float> gi = growth(p.wide.sigma[i], p.sigma_is_zero[i], p.wide.log_alpha, p.wide.alpha, t);
    g.x.push_back(gi.x);
    g.inv_x.push_back(mpfi_float(1) / gi.x);
    g.c.push_back(gi.c);
    g.xc.push_back(mpfi_float(gi.x * gi.c));
  }
  return detail::closed_form_factor_from_growth(p, g);
}

// W~(t) for EVERY t >= lower(a) (the tail [a, inf), alpha fixed) from p.Ut0: x_i = alpha e^{2 sigma_i t}
// and c_i increase with t, so x_i in [x_i(a), inf], 1/x_i in [0, 1/x_i(a)], c_i in [c_i(a), 1/sigma_i]
// (sigma_i > 0); x_i = alpha, c_i = 2t in [2a, inf] on a zero eigenvalue (proofs/closed_form_factor.md,
// section 5). Nothing when an unbounded range leaves the result unbounded.
template <class T>
std::optional<scaled_symmetric_matrix<T>> closed_form_factor_time_tail(const enclosed_problem<T>& p, const mpfi_float& a) {
  using wide = scalar_traits<mpfi_float>;
  require_nonnegative_time(a);
  const mpfi_float t0 = wide::point(wide::lower(a));
  detail::factor_growth g;
  auto from = [](const mpfi_float& lo) { return detail::positive_infinity_interval(lo); };  // [lower(lo), inf]
  g.t = from(t0);
  for (std::size_t i = 0; i < p.n; ++i) {
    const growth_factors<mpfi_float> at = growth(p.wide.sigma[i], p.sigma_is_zero[i], p.wide.log_alpha, p.wide.alpha, t0);
    if (p.sigma_is_zero[i]) {
      g.x.push_back(p.wide.alpha);
      g.inv_x.push_back(mpfi_float(1) / p.wide.alpha);
      g.c.push_back(from(at.c));
      g.xc.push_back(from(mpfi_float(p.wide.alpha * at.c)));
    } else {
      g.x.push_back(from(at.x));
      g.inv_x.push_back(wide::hull(mpfi_float(0), mpfi_float(mpfi_float(1) / at.x)));
      g.c.push_back(wide::hull(at.c, mpfi_float(mpfi_float(1) / p.wide.sigma[i])));
      g.xc.push_back(from(mpfi_float(at.x * at.c)));
    }
  }
  return detail::closed_form_factor_from_growth(p, g);
}

// Whether closed_form_factor_time_tail can ever enclose anything: the pivot rows J must be the r
// rows of largest sigma, strictly above the others (else some e^{(sigma_i - sigma_j) t}, i in N,
// j in J, is unbounded on every tail). Only steers effort: a cover stops splitting a tail that
// no start can enclose (theory/conclusion_over_interval.hpp).
template <class T>
bool factor_time_tail_possible(const enclosed_problem<T>& p) {
  if (!p.Ut0) return false;
  const auto J = detail::factor_pivot_rows(*p.Ut0);
  if (!J) return false;
  for (std::size_t k = 0; k < J->size(); ++k)
    if ((*J)[k] != k) return false;
  const std::size_t r = J->size();
  return r == p.n || (!p.sigma_is_zero[r - 1] && scalar_traits<mpfi_float>::certainly_lt(p.wide.sigma[r], p.wide.sigma[r - 1]));
}

// Compiled once per scalar into the library (lib/instantiate_<scalar>.cpp, scalar/scalar_list.hpp).
#define INCERT_INSTANTIATE_CLOSED_FORM_FACTOR(EXTERN, T) \
  EXTERN template std::optional<scaled_symmetric_matrix<T>> closed_form_factor<T>(const enclosed_problem<T>&, const mpfi_float&); \
  EXTERN template std::optional<scaled_symmetric_matrix<T>> closed_form_factor_time_tail<T>(const enclosed_problem<T>&, const mpfi_float&); \
  EXTERN template bool factor_time_tail_possible<T>(const enclosed_problem<T>&); \
  EXTERN template std::optional<scaled_symmetric_matrix<T>> detail::closed_form_factor_from_growth<T>(const enclosed_problem<T>&, const detail::factor_growth&);
#if INCERT_EXTERN_TEMPLATES
#define INCERT_X(T) INCERT_INSTANTIATE_CLOSED_FORM_FACTOR(extern, T)
INCERT_FOR_EACH_SCALAR(INCERT_X)
#undef INCERT_X
#endif

}  // namespace incert
