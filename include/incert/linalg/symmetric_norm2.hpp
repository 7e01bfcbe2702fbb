// incert/linalg/symmetric_norm2.hpp
//
// enclose_symmetric_norm2_fast(D): an enclosure of ||D'||_2 = max(lambda_max(D'), -lambda_min(D'))
// for every real symmetric D' in the interval matrix D, with all O(n^3) work in double and only
// O(n^2) work in T. Proof: proofs/symmetric_norm2.md.
//
//   s = the binary exponent of max |D_ij|; Ds = 2^-s D (so the double pass neither over- nor
//       underflows, whatever the exponent range of T), Dd = Ds rounded outward to double intervals;
//   Q ~ eigenvectors of mid(Dd) (double SelfAdjointEigenSolver; exact doubles, only steering);
//   first order, in double intervals: E = Q^T Dd Q, d_i = mid(E_ii), e >= ||E - diag(d)||_F,
//       eta >= ||Q^T Q - I||_F < 1: lambda_i(Ds') in (d_(i) + [-e, e]) / [1 - eta, 1 + eta]
//       (Weyl + Ostrowski, as in symmetric_eigenvalues.hpp) for the extreme and next-to-extreme i;
//   second order, in T, for the extreme eigenvectors x = Q e_j: Rayleigh quotient
//       rho = x^T Ds x / x^T x (a lower bound of lambda_max) and residual eps^2 = ||Ds x - rho x||^2 /
//       x^T x; Kato-Temple: lambda_max <= rho + eps^2 / (rho - alpha) when the next eigenvalue is
//       <= alpha < rho (alpha from the first-order bounds); mirrored for lambda_min;
//   both Ritz vectors share one interval product Ds [x_top x_bottom] per step; above double
//       precision they are first refined by a correction summed in double (each step multiplies
//       their relative residual eps / ||D||, ~n 2^-53 unrefined, by about 2^-50);
//   the result times 2^s.
// Width: about n u_T ||D|| for a separated extreme eigenvalue, first order (~n 2^-53 ||D||) for a
// cluster at the extreme.
// When the double pass cannot run (non-finite entries, no scale, eta >= 1), the working-precision
// method enclose_symmetric_norm2 (symmetric_eigenvalues.hpp) is used instead.
//
// enclose_symmetric_norm2_fast_prefix_shifts(A, c, K): the same enclosure of
// ||A - diag(c_1..c_k, 0..0)||_2 for k = 1..K, with the work the K matrices have in common done
// once (proofs/symmetric_norm2.md section 8).
//
// enclose_symmetric_eigenvalues_fast(A): every eigenvalue, from the first-order pass alone
// (proofs/symmetric_norm2.md section 7).
#pragma once

#include "incert/scalar/scalar_list.hpp"

#include "incert/linalg/matrix_ops.hpp"
#include "incert/linalg/symmetric_eigenvalues.hpp"

#include <Eigen/Eigenvalues>
#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <optional>
#include <stdexcept>
#include <utility>
#include <vector>

namespace incert {
namespace detail {

// The binary exponent of x != 0 (|x| in [2^(e-1), 2^e)), 0 for x = 0.
inline long binary_exponent(double x) {
  int e = 0;
  std::frexp(x, &e);
  return e;
}
inline long binary_exponent(long double x) {
  int e = 0;
  std::frexp(x, &e);
  return e;
}
inline long binary_exponent(const mpfr_float& x) {
  return mpfr_regular_p(x.backend().data()) ? static_cast<long>(mpfr_get_exp(x.backend().data())) : 0;
}

// 2^e as T (exact when representable; outward otherwise).
template <class T>
T power_of_two(long e) {
  mpfi_float r;
  mpfi_set_ui(r.backend().data(), 1);
  mpfi_mul_2si(r.backend().data(), r.backend().data(), e);
  return scalar_traits<T>::from_mpfi(r);
}

// x enclosed in a double interval (outward).
template <class T>
double_interval to_double_interval(const T& x) {
  return scalar_traits<double_interval>::from_mpfi(scalar_traits<T>::to_mpfi(x));
}

// Bounds [lo, hi] of one extreme eigenvalue, in the midpoint type of T.
template <class Tm>
struct eigenvalue_bounds {
  Tm lo, hi;
};

// Refinement steps of a Ritz vector with a residual of relative size ~2^-50: each multiplies it by
// about 2^-50 (Q and d are accurate to double only), until it is below the square root of the
// working precision (0 for double, 1 at 128 bits, 2 at 256, 9 at 1000; at most 40).
inline int ritz_refinement_steps(unsigned bits) {
  int s = 0;
  while (s < 40 && 50u * static_cast<unsigned>(s + 1) < (bits + 1) / 2) ++s;
  return s;
}

// One extreme eigenvalue to bound: column j of Q is its Ritz vector, `first` its first-order
// enclosure, `next` the bound on its neighbour (an upper bound of lambda_{n-1} for the top, a lower
// bound of lambda_2 for the bottom).
struct extreme_request {
  Eigen::Index j;
  double_interval first;
  std::optional<double> next;
  bool top;
};

// Rayleigh quotients and residuals of two Ritz vectors (the columns of X, points of T) of every
// symmetric member of Ds, and their refinement (extreme_eigenvalues): Ds X is the caller's product,
// so that several matrices can share one product (enclose_symmetric_norm2_fast_prefix_shifts).
template <class T>
struct ritz_pair {
  matrix<T> X;
  std::array<T, 2> rho, eps2;
};

template <class T>
ritz_pair<T> ritz_start(const Eigen::MatrixXd& Q, const std::array<extreme_request, 2>& req) {
  ritz_pair<T> r;
  r.X.resize(Q.rows(), 2);
  for (Eigen::Index c = 0; c < 2; ++c)
    for (Eigen::Index i = 0; i < Q.rows(); ++i) r.X(i, c) = T(Q(i, req[static_cast<std::size_t>(c)].j));
  return r;
}

// From DX = Ds X: rho and eps^2 of both columns. When `refine` (and the residuals are finite),
// X is replaced by its refinement x <- x - sum_{i != j} q_i (q_i^T r) / (d_i - rho), computed in
// double, and true is returned: the caller forms Ds X again. Q and d are accurate to double only,
// so each step gains about 2^-50 relative whether the correction is summed in double or in T
// (steering only: x is a point vector of T, and the bounds hold for any x != 0).
template <class T>
bool ritz_update(ritz_pair<T>& r, const matrix<T>& DX, const Eigen::MatrixXd& Q, const std::vector<double>& d,
                 const std::array<extreme_request, 2>& req, bool refine) {
  using traits = scalar_traits<T>;
  using Tm = mid_t<T>;
  const Eigen::Index n = r.X.rows();
  Eigen::VectorXd r_double(n);
  std::array<Eigen::VectorXd, 2> correction;
  for (std::size_t c = 0; c < 2; ++c) {
    const auto col = static_cast<Eigen::Index>(c);
    T xx(0), xDx(0);
    for (Eigen::Index i = 0; i < n; ++i) {
      xx += traits::square(r.X(i, col));
      xDx += r.X(i, col) * DX(i, col);
    }
    r.rho[c] = xDx / xx;
    T rr(0);
    for (Eigen::Index i = 0; i < n; ++i) {
      const T res = DX(i, col) - r.rho[c] * r.X(i, col);
      rr += traits::square(res);
      r_double(i) = static_cast<double>(traits::mid(res));
    }
    r.eps2[c] = rr / xx;
    if (!refine) continue;
    if (!traits::is_finite(r.eps2[c]) || !r_double.allFinite()) {
      refine = false;
      continue;
    }
    const double rho_d = static_cast<double>(traits::mid(r.rho[c]));
    Eigen::VectorXd coefficient = Q.transpose() * r_double;
    for (Eigen::Index i = 0; i < n; ++i) {
      const double den = d[static_cast<std::size_t>(i)] - rho_d;
      if (i == req[c].j || std::fabs(den) < std::ldexp(1.0, -30)) coefficient(i) = 0;  // a cluster: leave it
      else coefficient(i) /= den;
    }
    correction[c] = Q * coefficient;
  }
  if (!refine) return false;
  for (Eigen::Index c = 0; c < 2; ++c)
    for (Eigen::Index l = 0; l < n; ++l)
      r.X(l, c) = traits::point(Tm(traits::mid(r.X(l, c)) - Tm(correction[static_cast<std::size_t>(c)](l))));
  return true;
}

// The bounds of lambda_max and lambda_min from the first-order enclosures, the Rayleigh quotients
// and Kato-Temple (see the header comment).
template <class T>
std::array<eigenvalue_bounds<mid_t<T>>, 2> ritz_bounds(const ritz_pair<T>& r, const std::array<extreme_request, 2>& req) {
  using traits = scalar_traits<T>;
  using Tm = mid_t<T>;
  std::array<eigenvalue_bounds<Tm>, 2> out;
  for (std::size_t c = 0; c < 2; ++c) {
    const bool top = req[c].top;
    eigenvalue_bounds<Tm> b{Tm(req[c].first.lower()), Tm(req[c].first.upper())};
    // The Rayleigh quotient lies between lambda_min and lambda_max.
    if (top && b.lo < traits::lower(r.rho[c])) b.lo = traits::lower(r.rho[c]);
    if (!top && traits::upper(r.rho[c]) < b.hi) b.hi = traits::upper(r.rho[c]);
    if (req[c].next && traits::is_finite(r.eps2[c])) {  // Kato-Temple
      const T gap = top ? T(r.rho[c] - T(*req[c].next)) : T(T(*req[c].next) - r.rho[c]);
      if (certainly_positive(gap)) {
        const T kt = top ? T(r.rho[c] + r.eps2[c] / gap) : T(r.rho[c] - r.eps2[c] / gap);
        if (top && traits::upper(kt) < b.hi) b.hi = traits::upper(kt);
        if (!top && b.lo < traits::lower(kt)) b.lo = traits::lower(kt);
      }
    }
    out[c] = b;
  }
  return out;
}

// Bounds of lambda_max and lambda_min of every symmetric member of Ds, one per request, from
// Rayleigh quotients and Kato-Temple. Both Ritz vectors go through one product Ds [x_top x_bottom]
// per step (the fast interval product converts Ds once for both); above double precision they are
// refined (ritz_update) ritz_refinement_steps times.
template <class T>
std::array<eigenvalue_bounds<mid_t<T>>, 2> extreme_eigenvalues(const matrix<T>& Ds, const Eigen::MatrixXd& Q,
                                                               const std::vector<double>& d,
                                                               const std::array<extreme_request, 2>& req) {
  ritz_pair<T> r = ritz_start<T>(Q, req);
  const int steps = ritz_refinement_steps(scalar_traits<T>::precision_bits());
  // The grid of each row of Ds is enough: the bounds are accurate to about n u ||Ds|| anyway.
  for (int step = 0; ritz_update(r, multiply(Ds, r.X, product_accuracy::absolute), Q, d, req, step < steps); ++step) {
  }
  return ritz_bounds(r, req);
}

// The first-order pass on a scaled matrix Ds (|entries| <= 1), in double: Q ~ eigenvectors of
// mid(Ds), d_i = mid((Q^T Dd Q)_ii), and every eigenvalue of every symmetric member of Ds lies in
// enclose(d_(i)) = (d_(i) + [-e, e]) / [1 - eta, 1 + eta], d_(i) the i-th smallest d (Weyl on
// Q^T Ds' Q = diag(d) + F, ||F||_2 <= e; Ostrowski for the congruence, ||Q^T Q - I||_2 <= eta < 1;
// proofs/symmetric_eigenvalues.md). Nothing when the double pass fails.
struct first_order_spectrum {
  Eigen::MatrixXd Q;
  std::vector<double> d;
  double_interval spread, theta;
  double_interval enclose(double di_) const { return double_interval(double_interval(di_) + spread) / theta; }
};

// An upper bound of ||S - diag(c)||_F for every symmetric S in the double-interval matrix E,
// summed in one upward-rounding scope (an interval operation per entry would switch the
// rounding mode each time): |S_ij| <= min(upper_abs E_ij, upper_abs E_ji) off the diagonal,
// |S_ii - c_i| <= max(upper E_ii - c_i, c_i - lower E_ii); squares, sum and sqrt rounded
// upward. Nothing when the mode cannot be set or the bound is not finite.
inline std::optional<double> off_diagonal_frobenius_upper(const matrix<double_interval>& E, const std::vector<double>& c) {
  const auto upper_abs = [](const double_interval& x) { return std::max(std::fabs(x.lower()), std::fabs(x.upper())); };
  const Eigen::Index n = E.rows();
  upward_rounding_scope up;
  if (!up.ok()) return std::nullopt;
  double sum = 0;
  for (Eigen::Index j = 0; j < n; ++j)
    for (Eigen::Index i = 0; i < n; ++i) {
      const double ci = c[static_cast<std::size_t>(i)];
      const double a = i == j ? std::max(E(i, i).upper() - ci, ci - E(i, i).lower()) : std::min(upper_abs(E(i, j)), upper_abs(E(j, i)));
      sum += a * a;
    }
  const double bound = std::sqrt(sum);
  if (!std::isfinite(bound)) return std::nullopt;
  return bound;
}

// The same pass on Dd, the scaled matrix already enclosed in double intervals.
inline std::optional<first_order_spectrum> first_order_pass_double(matrix<double_interval> Dd) {
  using di = scalar_traits<double_interval>;
  const Eigen::Index n = Dd.rows();
  if (!all_finite(Dd)) return std::nullopt;
  Eigen::MatrixXd M(n, n);
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index j = 0; j < n; ++j) M(i, j) = di::mid(Dd(i, j));
  symmetrize(Dd);
  M = ((M + M.transpose()) / 2).eval();
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(M);
  if (es.info() != Eigen::Success) return std::nullopt;
  first_order_spectrum out;
  out.Q = es.eigenvectors();
  const matrix<double_interval> Qi = out.Q.cast<double_interval>();
  const matrix<double_interval> E = multiply_transposed(Qi, multiply(Dd, Qi));
  const matrix<double_interval> G = multiply_transposed(Qi, Qi);
  out.d.resize(static_cast<std::size_t>(n));
  for (Eigen::Index i = 0; i < n; ++i) out.d[static_cast<std::size_t>(i)] = di::mid(E(i, i));
  const std::optional<double> e = off_diagonal_frobenius_upper(E, out.d),
                              eta = off_diagonal_frobenius_upper(G, std::vector<double>(static_cast<std::size_t>(n), 1.0));
  if (!e || !eta || !(*eta < 1.0)) return std::nullopt;
  out.theta = double_interval(1.0) + di::remainder(*eta);
  out.spread = di::remainder(*e);
  return out;
}

template <class T>
std::optional<first_order_spectrum> first_order_pass(const matrix<T>& Ds) {
  const Eigen::Index n = Ds.rows();
  matrix<double_interval> Dd(n, n);
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index j = 0; j < n; ++j) Dd(i, j) = to_double_interval(Ds(i, j));
  return first_order_pass_double(std::move(Dd));
}

// Which Ritz vectors to refine: the columns of Q with the largest and smallest d, their
// first-order enclosures, and bounds on their neighbours (lambda_{n-1} <= next, lambda_2 >= next).
inline std::array<extreme_request, 2> extreme_requests(const first_order_spectrum& pass) {
  const std::vector<double>& d = pass.d;
  const auto n = static_cast<Eigen::Index>(d.size());
  Eigen::Index imax = 0, imin = 0;
  for (Eigen::Index i = 1; i < n; ++i) {
    if (d[static_cast<std::size_t>(imax)] < d[static_cast<std::size_t>(i)]) imax = i;
    if (d[static_cast<std::size_t>(i)] < d[static_cast<std::size_t>(imin)]) imin = i;
  }
  std::optional<double> next_below_max, next_above_min;  // bounds of lambda_{n-1} and lambda_2
  for (Eigen::Index i = 0; i < n; ++i) {
    const double v = d[static_cast<std::size_t>(i)];
    if (i != imax && (!next_below_max || *next_below_max < v)) next_below_max = v;
    if (i != imin && (!next_above_min || v < *next_above_min)) next_above_min = v;
  }
  if (next_below_max) next_below_max = pass.enclose(*next_below_max).upper();
  if (next_above_min) next_above_min = pass.enclose(*next_above_min).lower();
  return {extreme_request{imax, pass.enclose(d[static_cast<std::size_t>(imax)]), next_below_max, true},
          extreme_request{imin, pass.enclose(d[static_cast<std::size_t>(imin)]), next_above_min, false}};
}

// ||Ds'||_2 = max(lambda_max, -lambda_min) from the bounds of both.
template <class T>
T norm_from_extremes(const std::array<eigenvalue_bounds<mid_t<T>>, 2>& b) {
  using traits = scalar_traits<T>;
  using Tm = mid_t<T>;
  const auto& [top, bottom] = b;
  if constexpr (traits::is_interval)
    if (top.hi < top.lo || bottom.hi < bottom.lo) throw std::logic_error("symmetric_norm2: disjoint bounds on one eigenvalue");
  Tm lo = top.lo < Tm(-bottom.hi) ? Tm(-bottom.hi) : top.lo;
  Tm hi = top.hi < Tm(-bottom.lo) ? Tm(-bottom.lo) : top.hi;
  if (lo < Tm(0)) lo = Tm(0);
  if (hi < lo) hi = lo;  // point types: rounding of the approximations
  return traits::hull(traits::point(lo), traits::point(hi));
}

// The bound on the scaled matrix Ds (|entries| <= 1), or nothing when the double pass fails.
template <class T>
std::optional<T> scaled_symmetric_norm2(const matrix<T>& Ds) {
  const std::optional<first_order_spectrum> pass = first_order_pass(Ds);
  if (!pass) return std::nullopt;
  return norm_from_extremes<T>(extreme_eigenvalues(Ds, pass->Q, pass->d, extreme_requests(*pass)));
}

// Ds = 2^-s D with s the binary exponent of max |D_ij| (power-of-two scaling: exact, or outward
// where 2^-s is not representable in T), and 2^s to undo it. Nothing when D is zero or when 2^+-s
// is not a finite positive number of T (the caller falls back to the working-precision method).
template <class T>
struct scaled_matrix {
  matrix<T> Ds;
  T up;
};

// 2^-s and 2^s in T, or nothing when either is not a finite positive element of T.
template <class T>
std::optional<std::pair<T, T>> scale_factors(long s) {
  using traits = scalar_traits<T>;
  T down = power_of_two<T>(-s), up = power_of_two<T>(s);
  if (!traits::is_finite(down) || !traits::is_finite(up) || !certainly_positive(down) || !certainly_positive(up))
    return std::nullopt;
  return std::make_pair(std::move(down), std::move(up));
}

template <class T>
std::optional<scaled_matrix<T>> scale_to_unit(const matrix<T>& D) {
  using traits = scalar_traits<T>;
  long s = 0;
  bool nonzero = false;
  for (Eigen::Index i = 0; i < D.rows(); ++i)
    for (Eigen::Index j = 0; j < D.cols(); ++j) {
      const auto a = traits::upper_abs(D(i, j));
      if (a == 0) continue;
      const long e = binary_exponent(a);
      if (!nonzero || s < e) s = e;
      nonzero = true;
    }
  if (!nonzero) return std::nullopt;
  const std::optional<std::pair<T, T>> factors = scale_factors<T>(s);
  if (!factors) return std::nullopt;
  scaled_matrix<T> out{matrix<T>(D.rows(), D.cols()), factors->second};
  for (Eigen::Index i = 0; i < D.rows(); ++i)
    for (Eigen::Index j = 0; j < D.cols(); ++j) out.Ds(i, j) = D(i, j) * factors->first;
  return out;
}

// true when every entry of D is zero (an interval entry: certainly zero).
template <class T>
bool all_zero(const matrix<T>& D) {
  for (Eigen::Index i = 0; i < D.rows(); ++i)
    for (Eigen::Index j = 0; j < D.cols(); ++j)
      if (scalar_traits<T>::upper_abs(D(i, j)) != 0) return false;
  return true;
}

// x = 2^e m with |x| < 2^e (e the binary exponent of an upper bound of |x|) and m enclosed in a
// double interval (|m| <= 1; exact scaling, outward conversion): x at any scale 2^-s in double
// without going through T again (scaled_entry).
struct split_entry {
  double_interval m;
  long e = 0;
  bool zero = true;
};

template <class T>
split_entry split_exponent(const T& x) {
  using traits = scalar_traits<T>;
  const auto a = traits::upper_abs(x);
  if (a == 0) return {double_interval(0.0), 0, true};
  const long e = binary_exponent(a);
  mpfi_float v = traits::to_mpfi(x);
  mpfi_mul_2si(v.backend().data(), v.backend().data(), -e);
  return {scalar_traits<double_interval>::from_mpfi(v), e, false};
}

// 2^-s x in a double interval, for s >= x.e: exact where 2^-s x is a normal double; an entry below
// 2^-1000 (relative to the scale) becomes [-2^-1000, 2^-1000], and an endpoint that would be
// subnormal is replaced by 0 or +-DBL_MIN outward (ldexp's rounding there depends on the mode).
inline double_interval scaled_entry(const split_entry& x, long s) {
  if (x.zero) return double_interval(0.0);
  const long shift = x.e - s;
  const double tiny = std::ldexp(1.0, -1000), dbl_min = std::numeric_limits<double>::min();
  if (shift < -1000) return double_interval(-tiny, tiny);
  double lo = std::ldexp(x.m.lower(), static_cast<int>(shift)), hi = std::ldexp(x.m.upper(), static_cast<int>(shift));
  if (!(std::fabs(lo) > dbl_min)) lo = x.m.lower() < 0 ? -dbl_min : 0.0;
  if (!(std::fabs(hi) > dbl_min)) hi = x.m.upper() > 0 ? dbl_min : 0.0;
  return double_interval(lo, hi);
}

}  // namespace detail

template <class T>
std::optional<T> enclose_symmetric_norm2_fast(const matrix<T>& D) {
  using traits = scalar_traits<T>;
  const Eigen::Index n = D.rows();
  if (D.cols() != n) throw std::invalid_argument("enclose_symmetric_norm2_fast: matrix is not square");
  if (n == 0) return T(0);
  if (!all_finite(D)) return std::nullopt;
  if (n == 1) return traits::abs(D(0, 0));
  if (detail::all_zero(D)) return T(0);
  const std::optional<detail::scaled_matrix<T>> scaled = detail::scale_to_unit(D);
  if (!scaled) return enclose_symmetric_norm2(D);
  std::optional<T> norm = detail::scaled_symmetric_norm2(scaled->Ds);
  if (!norm) return enclose_symmetric_norm2(D);
  return T(*norm * scaled->up);
}

// enclose_symmetric_norm2_fast_prefix_shifts(A, c, K): for k = 1..K, the enclosure of
// ||A' - diag(c_1', ..., c_k', 0, ..., 0)||_2 over every symmetric A' in A and c_i' in c_i, by the
// method of enclose_symmetric_norm2_fast applied to D_k = A - diag(c_1..c_k, 0..0) (the same
// bounds: proofs/symmetric_norm2.md section 8). The D_k differ only on the diagonal, so their
// common work is shared:
//   - each entry of A and each A_ii - c_i is split once as 2^e m (split_exponent); the double
//     enclosure of 2^-s_k D_k is then formed by exponent shifts (scaled_entry), not in T;
//   - the products D_k X_k of every k's Ritz vectors come from ONE product A [X_1 ... X_K] per
//     step: D_k X_k = A X_k - diag(c_1..c_k, 0..0) X_k, times 2^-s_k (a fast interval product
//     converts A once instead of once per k).
// A k whose double pass cannot run takes enclose_symmetric_norm2_fast(D_k) alone (which falls back
// to the working-precision method).
template <class T>
std::vector<std::optional<T>> enclose_symmetric_norm2_fast_prefix_shifts(const matrix<T>& A, const std::vector<T>& c,
                                                                         std::size_t K) {
  using traits = scalar_traits<T>;
  const Eigen::Index n = A.rows();
  if (A.cols() != n || K > static_cast<std::size_t>(n) || c.size() < K)
    throw std::invalid_argument("enclose_symmetric_norm2_fast_prefix_shifts: shapes do not match");
  std::vector<T> shifted(K);
  for (std::size_t i = 0; i < K; ++i) shifted[i] = A(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(i)) - c[i];
  const auto D_k = [&](std::size_t k) {
    matrix<T> D = A;
    for (std::size_t i = 0; i < k; ++i) D(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(i)) = shifted[i];
    return D;
  };
  std::vector<std::optional<T>> out(K);
  if (n <= 1 || !all_finite(A) || !std::all_of(shifted.begin(), shifted.end(), [](const T& x) { return traits::is_finite(x); })) {
    for (std::size_t k = 1; k <= K; ++k) out[k - 1] = enclose_symmetric_norm2_fast(D_k(k));
    return out;
  }
  // The split entries, and the largest exponent off the diagonal.
  std::vector<detail::split_entry> split_A(static_cast<std::size_t>(n * n));
  const auto split = [&](Eigen::Index i, Eigen::Index j) -> detail::split_entry& { return split_A[static_cast<std::size_t>(i * n + j)]; };
  std::optional<long> off_max;
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index j = 0; j < n; ++j) {
      split(i, j) = detail::split_exponent(A(i, j));
      if (i != j && !split(i, j).zero && (!off_max || *off_max < split(i, j).e)) off_max = split(i, j).e;
    }
  std::vector<detail::split_entry> split_shifted(K);
  for (std::size_t i = 0; i < K; ++i) split_shifted[i] = detail::split_exponent(shifted[i]);
  // suffix_max[i]: the largest exponent of A_jj, j >= i.
  std::vector<std::optional<long>> suffix_max(static_cast<std::size_t>(n) + 1);
  for (Eigen::Index i = n - 1; i >= 0; --i) {
    suffix_max[static_cast<std::size_t>(i)] = suffix_max[static_cast<std::size_t>(i) + 1];
    const detail::split_entry& x = split(i, i);
    if (!x.zero && (!suffix_max[static_cast<std::size_t>(i)] || *suffix_max[static_cast<std::size_t>(i)] < x.e))
      suffix_max[static_cast<std::size_t>(i)] = x.e;
  }
  struct job {
    std::size_t k;
    T down, up;
    detail::first_order_spectrum pass;
    std::array<detail::extreme_request, 2> req;
    detail::ritz_pair<T> ritz;
  };
  std::vector<job> jobs;
  std::optional<long> prefix_max;  // the largest exponent of A_ii - c_i, i < k
  for (std::size_t k = 1; k <= K; ++k) {
    const detail::split_entry& x = split_shifted[k - 1];
    if (!x.zero && (!prefix_max || *prefix_max < x.e)) prefix_max = x.e;
    std::optional<long> s = off_max;
    for (const std::optional<long>& e : {prefix_max, suffix_max[k]})
      if (e && (!s || *s < *e)) s = e;
    if (!s) {  // D_k = 0
      out[k - 1] = T(0);
      continue;
    }
    const std::optional<std::pair<T, T>> factors = detail::scale_factors<T>(*s);
    std::optional<detail::first_order_spectrum> pass;
    if (factors) {
      matrix<double_interval> Dd(n, n);
      for (Eigen::Index i = 0; i < n; ++i)
        for (Eigen::Index j = 0; j < n; ++j)
          Dd(i, j) = detail::scaled_entry(i == j && static_cast<std::size_t>(i) < k ? split_shifted[static_cast<std::size_t>(i)] : split(i, j), *s);
      pass = detail::first_order_pass_double(std::move(Dd));
    }
    if (!pass) {
      out[k - 1] = enclose_symmetric_norm2_fast(D_k(k));
      continue;
    }
    const std::array<detail::extreme_request, 2> req = detail::extreme_requests(*pass);
    detail::ritz_pair<T> ritz = detail::ritz_start<T>(pass->Q, req);
    jobs.push_back(job{k, factors->first, factors->second, std::move(*pass), req, std::move(ritz)});
  }
  // Second order: one product A [X_1 ... X_m] per step for the m jobs still refining.
  const int steps = detail::ritz_refinement_steps(traits::precision_bits());
  std::vector<std::size_t> active(jobs.size());
  for (std::size_t j = 0; j < jobs.size(); ++j) active[j] = j;
  for (int step = 0; !active.empty(); ++step) {
    matrix<T> X(n, static_cast<Eigen::Index>(2 * active.size()));
    for (std::size_t a = 0; a < active.size(); ++a) X.middleCols(static_cast<Eigen::Index>(2 * a), 2) = jobs[active[a]].ritz.X;
    const matrix<T> AX = multiply(A, X, product_accuracy::absolute);  // u ||A|| suffices (section 8)
    std::vector<std::size_t> still;
    for (std::size_t a = 0; a < active.size(); ++a) {
      job& jb = jobs[active[a]];
      matrix<T> DX = AX.middleCols(static_cast<Eigen::Index>(2 * a), 2);
      for (Eigen::Index col = 0; col < 2; ++col)
        for (Eigen::Index i = 0; i < n; ++i) {
          if (static_cast<std::size_t>(i) < jb.k) DX(i, col) -= c[static_cast<std::size_t>(i)] * jb.ritz.X(i, col);
          DX(i, col) *= jb.down;
        }
      if (detail::ritz_update(jb.ritz, DX, jb.pass.Q, jb.pass.d, jb.req, step < steps)) still.push_back(active[a]);
      else out[jb.k - 1] = T(detail::norm_from_extremes<T>(detail::ritz_bounds(jb.ritz, jb.req)) * jb.up);
    }
    active = std::move(still);
  }
  return out;
}

// enclose_symmetric_eigenvalues_fast(A): enclosures of the eigenvalues lambda_1 <= ... <= lambda_n
// of every real symmetric matrix in the interval matrix A (as enclose_symmetric_eigenvalues), from
// the first-order pass in double only: lambda_i in 2^s (d_(i) + [-e, e]) / [1 - eta, 1 + eta]
// (first_order_pass; proofs/symmetric_eigenvalues.md). Width about n 2^-53 ||A||_2 plus the spread
// of A itself, whatever the working precision: for bands over time ranges, where the spread of A
// dominates. When the double pass cannot run, the working-precision method is used instead.
template <class T>
std::optional<std::vector<T>> enclose_symmetric_eigenvalues_fast(const matrix<T>& A) {
  using traits = scalar_traits<T>;
  const Eigen::Index n = A.rows();
  if (A.cols() != n) throw std::invalid_argument("enclose_symmetric_eigenvalues_fast: matrix is not square");
  if (n == 0) return std::vector<T>{};
  if (!all_finite(A)) return std::nullopt;
  if (detail::all_zero(A)) return std::vector<T>(static_cast<std::size_t>(n), T(0));
  const std::optional<detail::scaled_matrix<T>> scaled = detail::scale_to_unit(A);
  if (!scaled) return enclose_symmetric_eigenvalues(A);
  const std::optional<detail::first_order_spectrum> pass = detail::first_order_pass(scaled->Ds);
  if (!pass) return enclose_symmetric_eigenvalues(A);
  std::vector<double> d = pass->d;
  std::sort(d.begin(), d.end());
  std::vector<T> out;
  out.reserve(d.size());
  for (double di_ : d) {
    const double_interval x = pass->enclose(di_);
    out.push_back(T(traits::hull(traits::point(mid_t<T>(x.lower())), traits::point(mid_t<T>(x.upper()))) * scaled->up));
  }
  return out;
}

// Compiled once per scalar into the library (lib/instantiate_<scalar>.cpp, scalar/scalar_list.hpp).
#define INCERT_INSTANTIATE_SYMMETRIC_NORM2(EXTERN, T)                                  \
  EXTERN template std::optional<T> enclose_symmetric_norm2_fast<T>(const matrix<T>&);                          \
  EXTERN template std::vector<std::optional<T>> enclose_symmetric_norm2_fast_prefix_shifts<T>(                 \
      const matrix<T>&, const std::vector<T>&, std::size_t);                                                    \
  EXTERN template std::optional<std::vector<T>> enclose_symmetric_eigenvalues_fast<T>(const matrix<T>&);
#if INCERT_EXTERN_TEMPLATES
#define INCERT_X(T) INCERT_INSTANTIATE_SYMMETRIC_NORM2(extern, T)
INCERT_FOR_EACH_SCALAR(INCERT_X)
#undef INCERT_X
#endif

}  // namespace incert
