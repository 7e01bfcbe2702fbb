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
//   above double precision the Ritz vectors are first refined in the midpoint type (each step
//       squares their relative residual eps / ||D||, ~n 2^-53 unrefined);
//   the result times 2^s.
// Width: about n u_T ||D|| for a separated extreme eigenvalue, first order (~n 2^-53 ||D||) for a
// cluster at the extreme.
// When the double pass cannot run (non-finite entries, no scale, eta >= 1), the working-precision
// method enclose_symmetric_norm2 (symmetric_eigenvalues.hpp) is used instead.
#pragma once

#include "incert/scalar/scalar_list.hpp"

#include "incert/linalg/matrix_ops.hpp"
#include "incert/linalg/symmetric_eigenvalues.hpp"

#include <Eigen/Eigenvalues>
#include <cmath>
#include <optional>
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

// Refinement steps of a Ritz vector with a residual of relative size ~2^-50: each squares it,
// until its square is below the working precision (0 for double, 1 at 128 bits, 2 at 256).
inline int ritz_refinement_steps(unsigned bits) {
  int s = 0;
  while (s < 8 && (50u << s) < (bits + 1) / 2) ++s;
  return s;
}

// Bounds of lambda_max (top = true) or lambda_min of every symmetric member of Ds, from the first-
// order enclosure `first` of it, the bound `next` on the neighbouring eigenvalue (an upper bound of
// lambda_{n-1} for top, a lower bound of lambda_2 otherwise) and a Ritz vector x: column j of Q,
// refined in the midpoint type by x <- x - sum_{i != j} q_i (q_i^T r) / (d_i - rho) (steering only:
// x is a point vector; the bounds hold for any x != 0).
template <class T>
eigenvalue_bounds<mid_t<T>> extreme_eigenvalue(const matrix<T>& Ds, const Eigen::MatrixXd& Q, const std::vector<double>& d,
                                               Eigen::Index j, const double_interval& first, const std::optional<double>& next,
                                               bool top) {
  using traits = scalar_traits<T>;
  using Tm = mid_t<T>;
  const Eigen::Index n = Ds.rows();
  matrix<T> x(n, 1);
  for (Eigen::Index i = 0; i < n; ++i) x(i, 0) = T(Q(i, j));
  const int steps = ritz_refinement_steps(traits::precision_bits());
  T rho, eps2;
  for (int step = 0;; ++step) {
    const matrix<T> Dx = multiply(Ds, x);
    T xx(0), xDx(0);
    for (Eigen::Index i = 0; i < n; ++i) {
      xx += traits::square(x(i, 0));
      xDx += x(i, 0) * Dx(i, 0);
    }
    rho = xDx / xx;
    std::vector<T> r(static_cast<std::size_t>(n));
    T rr(0);
    for (Eigen::Index i = 0; i < n; ++i) {
      r[static_cast<std::size_t>(i)] = Dx(i, 0) - rho * x(i, 0);
      rr += traits::square(r[static_cast<std::size_t>(i)]);
    }
    eps2 = rr / xx;
    if (step == steps || !traits::is_finite(eps2)) break;
    const Tm rho_m = traits::mid(rho);
    std::vector<Tm> x_new(static_cast<std::size_t>(n));
    for (Eigen::Index l = 0; l < n; ++l) x_new[static_cast<std::size_t>(l)] = traits::mid(x(l, 0));
    for (Eigen::Index i = 0; i < n; ++i) {
      const Tm den = Tm(d[static_cast<std::size_t>(i)]) - rho_m;
      if (i == j || (den < Tm(0) ? Tm(-den) : den) < Tm(std::ldexp(1.0, -30))) continue;  // a cluster: leave it
      Tm qr(0);
      for (Eigen::Index l = 0; l < n; ++l) qr += Tm(Q(l, i)) * traits::mid(r[static_cast<std::size_t>(l)]);
      const Tm c = qr / den;
      for (Eigen::Index l = 0; l < n; ++l) x_new[static_cast<std::size_t>(l)] -= Tm(Q(l, i)) * c;
    }
    for (Eigen::Index l = 0; l < n; ++l) x(l, 0) = traits::point(x_new[static_cast<std::size_t>(l)]);
  }
  eigenvalue_bounds<Tm> b{Tm(first.lower()), Tm(first.upper())};
  // The Rayleigh quotient lies between lambda_min and lambda_max.
  if (top && b.lo < traits::lower(rho)) b.lo = traits::lower(rho);
  if (!top && traits::upper(rho) < b.hi) b.hi = traits::upper(rho);
  if (next && traits::is_finite(eps2)) {  // Kato-Temple
    const T gap = top ? T(rho - T(*next)) : T(T(*next) - rho);
    if (certainly_positive(gap)) {
      const T kt = top ? T(rho + eps2 / gap) : T(rho - eps2 / gap);
      if (top && traits::upper(kt) < b.hi) b.hi = traits::upper(kt);
      if (!top && b.lo < traits::lower(kt)) b.lo = traits::lower(kt);
    }
  }
  return b;
}

// The bound on the scaled matrix Ds (|entries| <= 1), or nothing when the double pass fails.
template <class T>
std::optional<T> scaled_symmetric_norm2(const matrix<T>& Ds) {
  using traits = scalar_traits<T>;
  using Tm = mid_t<T>;
  using di = scalar_traits<double_interval>;
  const Eigen::Index n = Ds.rows();
  matrix<double_interval> Dd(n, n);
  Eigen::MatrixXd M(n, n);
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index j = 0; j < n; ++j) {
      Dd(i, j) = to_double_interval(Ds(i, j));
      M(i, j) = di::mid(Dd(i, j));
    }
  if (!all_finite(Dd)) return std::nullopt;
  symmetrize(Dd);
  M = ((M + M.transpose()) / 2).eval();
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(M);
  if (es.info() != Eigen::Success) return std::nullopt;
  const Eigen::MatrixXd& Q = es.eigenvectors();

  // First order, in double intervals.
  const matrix<double_interval> Qi = Q.cast<double_interval>();
  matrix<double_interval> E = multiply_transposed(Qi, multiply(Dd, Qi));
  matrix<double_interval> G = multiply_transposed(Qi, Qi);
  symmetrize(E);
  symmetrize(G);
  std::vector<double> d(static_cast<std::size_t>(n));
  for (Eigen::Index i = 0; i < n; ++i) {
    d[static_cast<std::size_t>(i)] = di::mid(E(i, i));
    E(i, i) -= double_interval(d[static_cast<std::size_t>(i)]);
    G(i, i) -= double_interval(1.0);
  }
  const double_interval e = frobenius_norm(E), eta = frobenius_norm(G);
  if (!di::is_finite(e) || !di::certainly_lt(eta, double_interval(1.0))) return std::nullopt;
  const double_interval theta = double_interval(1.0) + di::remainder(eta.upper());
  const double_interval spread = di::remainder(e.upper());
  const auto eigen_enclosure = [&](double di_) { return double_interval(double_interval(di_) + spread) / theta; };

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
  if (next_below_max) next_below_max = eigen_enclosure(*next_below_max).upper();
  if (next_above_min) next_above_min = eigen_enclosure(*next_above_min).lower();

  // Second order, in T.
  const auto top = extreme_eigenvalue(Ds, Q, d, imax, eigen_enclosure(d[static_cast<std::size_t>(imax)]), next_below_max, true);
  const auto bottom = extreme_eigenvalue(Ds, Q, d, imin, eigen_enclosure(d[static_cast<std::size_t>(imin)]), next_above_min, false);
  if constexpr (traits::is_interval)
    if (top.hi < top.lo || bottom.hi < bottom.lo) throw std::logic_error("symmetric_norm2: disjoint bounds on one eigenvalue");
  // ||Ds'||_2 = max(lambda_max, -lambda_min).
  Tm lo = top.lo < Tm(-bottom.hi) ? Tm(-bottom.hi) : top.lo;
  Tm hi = top.hi < Tm(-bottom.lo) ? Tm(-bottom.lo) : top.hi;
  if (lo < Tm(0)) lo = Tm(0);
  if (hi < lo) hi = lo;  // point types: rounding of the approximations
  return traits::hull(traits::point(lo), traits::point(hi));
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
  long s = 0;
  bool nonzero = false;
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index j = 0; j < n; ++j) {
      const auto a = traits::upper_abs(D(i, j));
      if (a == 0) continue;
      const long e = detail::binary_exponent(a);
      if (!nonzero || s < e) s = e;
      nonzero = true;
    }
  if (!nonzero) return T(0);
  const T down = detail::power_of_two<T>(-s), up = detail::power_of_two<T>(s);
  if (!traits::is_finite(down) || !traits::is_finite(up) || !certainly_positive(down) || !certainly_positive(up))
    return enclose_symmetric_norm2(D);
  matrix<T> Ds(n, n);
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index j = 0; j < n; ++j) Ds(i, j) = D(i, j) * down;
  std::optional<T> scaled = detail::scaled_symmetric_norm2(Ds);
  if (!scaled) return enclose_symmetric_norm2(D);
  return T(*scaled * up);
}

// Compiled once per scalar into the library (lib/instantiate_<scalar>.cpp, scalar/scalar_list.hpp).
#define INCERT_INSTANTIATE_SYMMETRIC_NORM2(EXTERN, T) \
  EXTERN template std::optional<T> enclose_symmetric_norm2_fast<T>(const matrix<T>&);
#if INCERT_EXTERN_TEMPLATES
#define INCERT_X(T) INCERT_INSTANTIATE_SYMMETRIC_NORM2(extern, T)
INCERT_FOR_EACH_SCALAR(INCERT_X)
#undef INCERT_X
#endif

}  // namespace incert
