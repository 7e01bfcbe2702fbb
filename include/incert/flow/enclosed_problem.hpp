// incert/flow/enclosed_problem.hpp
//
// The instance enclosed in a scalar type T at the working precision: sigma, W~0 = Phi^T W0 Phi,
// its verified inverse V (when W~0 is certified invertible), ln(alpha), alpha, epsilon and the
// normalised eigenvector matrix Phi. Exact data only meet rounding here, each once:
//   W~0_ij = (P^T W0 P)_ij / sqrt(n2_i n2_j)   (the bracket is exact, only the root rounds),
//   ln alpha = log(alpha) or log10(alpha) * ln(10), enclosed by MPFI and converted outward.
// A target given as a dense matrix has no exact eigenvectors: sigma and Phi are the enclosures of
// a verified decomposition (flow/target_eigenbasis.hpp) and W~0 = Phi^T W0 Phi an interval product.
#pragma once

#include "incert/scalar/scalar_list.hpp"

#include "incert/exact/exact_real.hpp"
#include "incert/flow/target_eigenbasis.hpp"
#include "incert/instance/instance.hpp"
#include "incert/linalg/verified_inverse.hpp"

#include <memory>
#include <optional>
#include <vector>

namespace incert {

// The scalars that set the scale of W~(t) (alpha, ln alpha, sigma), as MPFI enclosures at the
// working precision: MPFR's exponent range is wide enough for alpha e^{2 sigma t} at any input
// alpha, so the O(n) scale factors of the closed form are computed here whatever T is, and T
// only ever holds O(1) quantities (proofs/closed_form_scaled.md, "exponent range").
struct wide_range_scalars {
  std::vector<mpfi_float> sigma;
  mpfi_float log_alpha, alpha;
};

template <class T>
struct enclosed_problem {
  std::size_t n = 0, K = 0;
  std::vector<T> sigma;
  std::vector<bool> sigma_is_zero;  // exact: decided on the rationals
  bool spectral = false;            // W~0 diagonal (spectral initialization)
  matrix<T> Wt0;                    // W~0
  std::optional<matrix<T>> V;       // enclosure of W~0^{-1}, when certified
  std::optional<matrix<T>> Ut0;     // U~ = Phi^T U0 (n x r), when the init is a factor U0 (W~0 = U~ U~^T)
  T log_alpha, alpha, epsilon;
  bool identity_basis = true;
  matrix<T> Phi;                    // orthonormal eigenvectors (empty when identity_basis)
  // false when Y is a dense matrix whose eigenbasis could not be certified at this precision
  // (eigenvalues not separated nor proven equal): Phi then only encloses it very roughly.
  bool eigenbasis_certified = true;
  wide_range_scalars wide;
  // The same problem converted outward to double intervals, for T that screen there
  // (scalar_traits<T>::screens_in_double_interval): subdivision pieces and bisection points are
  // decided in double intervals first and in T only when that leaves them undecided
  // (proofs/conclusion_over_interval.md, section 6). Empty when an entry does not fit in double.
  std::shared_ptr<const enclosed_problem<double_interval>> screen;
};

namespace detail {

template <class T>
double_interval outward_double_interval(const T& x) {
  return scalar_traits<double_interval>::from_mpfi(scalar_traits<T>::to_mpfi(x));
}

// p with every scalar and matrix entry converted by f (T -> S), the wide-range MPFI scalars shared.
// nullptr when sigma, epsilon, ln(alpha) or a matrix entry is not finite in S.
template <class S, class T, class F>
std::shared_ptr<const enclosed_problem<S>> converted_problem(const enclosed_problem<T>& p, F f) {
  using st = scalar_traits<S>;
  const auto all = [&](const matrix<T>& A) {
    matrix<S> B(A.rows(), A.cols());
    for (Eigen::Index i = 0; i < A.rows(); ++i)
      for (Eigen::Index j = 0; j < A.cols(); ++j) B(i, j) = f(A(i, j));
    return B;
  };
  const auto finite = [](const matrix<S>& A) {
    for (Eigen::Index i = 0; i < A.rows(); ++i)
      for (Eigen::Index j = 0; j < A.cols(); ++j)
        if (!st::is_finite(A(i, j))) return false;
    return true;
  };
  auto s = std::make_shared<enclosed_problem<S>>();
  s->n = p.n;
  s->K = p.K;
  for (const T& x : p.sigma) {
    s->sigma.push_back(f(x));
    if (!st::is_finite(s->sigma.back())) return nullptr;
  }
  s->sigma_is_zero = p.sigma_is_zero;
  s->spectral = p.spectral;
  s->Wt0 = all(p.Wt0);
  if (p.V) s->V = all(*p.V);
  if (p.Ut0) s->Ut0 = all(*p.Ut0);
  s->log_alpha = f(p.log_alpha);
  s->alpha = f(p.alpha);
  s->epsilon = f(p.epsilon);
  s->identity_basis = p.identity_basis;
  s->Phi = all(p.Phi);
  s->eigenbasis_certified = p.eigenbasis_certified;
  s->wide = p.wide;
  if (!st::is_finite(s->epsilon) || !st::is_finite(s->log_alpha) || !finite(s->Wt0) || !finite(s->Phi) || (s->V && !finite(*s->V)) ||
      (s->Ut0 && !finite(*s->Ut0)))
    return nullptr;
  return s;
}

}  // namespace detail

// p with every enclosure converted outward to double intervals (each still contains the exact
// quantity, so every verdict computed from it is sound), the wide-range MPFI scalars shared.
// nullptr when sigma, epsilon, ln(alpha) or a matrix entry does not fit in double.
template <class T>
std::shared_ptr<const enclosed_problem<double_interval>> double_interval_screen(const enclosed_problem<T>& p) {
  return detail::converted_problem<double_interval>(p, [](const T& x) { return detail::outward_double_interval(x); });
}

// approx_: p's midpoints in double (the wide-range MPFI scalars shared), for steering searches
// only: nothing computed from it is an enclosure. nullptr when an entry does not fit in double.
template <class T>
std::shared_ptr<const enclosed_problem<double>> approx_double_problem(const enclosed_problem<T>& p) {
  return detail::converted_problem<double>(p, [](const T& x) { return scalar_traits<double>::from_mpfi(scalar_traits<T>::to_mpfi(x)); });
}

// Sets alpha (and ln alpha) of p and rebuilds its screen: only these depend on alpha.
template <class T>
void set_alpha(enclosed_problem<T>& p, const mpfi_float& alpha, const mpfi_float& log_alpha) {
  p.wide.alpha = alpha;
  p.wide.log_alpha = log_alpha;
  p.alpha = scalar_traits<T>::from_mpfi(alpha);
  p.log_alpha = scalar_traits<T>::from_mpfi(log_alpha);
  if constexpr (scalar_traits<T>::screens_in_double_interval) p.screen = double_interval_screen(p);
}

namespace detail {

template <class T>
bool screen_contains(const double_interval& s, const T& x) {
  using mt = scalar_traits<mpfi_float>;
  const mpfi_float a = scalar_traits<double_interval>::to_mpfi(s), b = scalar_traits<T>::to_mpfi(x);
  return mt::lower(a) <= mt::lower(b) && mt::upper(b) <= mt::upper(a);
}

template <class T>
bool screen_contains(const matrix<double_interval>& S, const matrix<T>& A) {
  if (S.rows() != A.rows() || S.cols() != A.cols()) return false;
  for (Eigen::Index i = 0; i < A.rows(); ++i)
    for (Eigen::Index j = 0; j < A.cols(); ++j)
      if (!screen_contains(S(i, j), A(i, j))) return false;
  return true;
}

inline bool same_enclosure(const mpfi_float& a, const mpfi_float& b) {
  using mt = scalar_traits<mpfi_float>;
  return mt::lower(a) == mt::lower(b) && mt::upper(a) == mt::upper(b);
}

}  // namespace detail

// p.screen when it still encloses p (a problem whose fields were changed after enclose_problem
// without set_alpha / double_interval_screen has a stale screen: it is then not used), else null.
template <class T>
const enclosed_problem<double_interval>* usable_screen(const enclosed_problem<T>& p) {
  using namespace detail;
  const enclosed_problem<double_interval>* s = p.screen.get();
  if (!s || s->n != p.n || s->K != p.K || s->spectral != p.spectral || s->sigma.size() != p.sigma.size() ||
      s->sigma_is_zero != p.sigma_is_zero || s->V.has_value() != p.V.has_value() || s->Ut0.has_value() != p.Ut0.has_value() ||
      s->wide.sigma.size() != p.wide.sigma.size())
    return nullptr;
  if (!same_enclosure(s->wide.alpha, p.wide.alpha) || !same_enclosure(s->wide.log_alpha, p.wide.log_alpha)) return nullptr;
  for (std::size_t i = 0; i < p.sigma.size(); ++i)
    if (!screen_contains(s->sigma[i], p.sigma[i]) || !same_enclosure(s->wide.sigma[i], p.wide.sigma[i])) return nullptr;
  if (!screen_contains(s->epsilon, p.epsilon) || !screen_contains(s->log_alpha, p.log_alpha) || !screen_contains(s->alpha, p.alpha) ||
      !screen_contains(s->Wt0, p.Wt0))
    return nullptr;
  if (p.V && !screen_contains(*s->V, *p.V)) return nullptr;
  if (p.Ut0 && !screen_contains(*s->Ut0, *p.Ut0)) return nullptr;
  return s;
}

// ln(alpha) enclosed by MPFI at the working precision (at least 64 bits).
inline mpfi_float log_alpha_mpfi(const alpha_spec& a) {
  if (a.log10) {
    mpfi_float ln10;
    mpfi_set_ui(ln10.backend().data(), 10);
    mpfi_log(ln10.backend().data(), ln10.backend().data());
    return enclose_mpfi(*a.log10) * ln10;
  }
  mpfi_float v = enclose_mpfi(*a.value);
  mpfi_log(v.backend().data(), v.backend().data());
  return v;
}

inline mpfi_float alpha_mpfi(const alpha_spec& a) {
  if (a.value) return enclose_mpfi(*a.value);
  mpfi_float l = log_alpha_mpfi(a);
  mpfi_exp(l.backend().data(), l.backend().data());
  return l;
}

template <class T>
enclosed_problem<T> enclose_problem(const instance& in) {
  using traits = scalar_traits<T>;
  enclosed_problem<T> p;
  p.n = in.n;
  p.K = in.K;
  for (const auto& s : in.sigma) {
    p.sigma.push_back(enclose<T>(s));
    p.sigma_is_zero.push_back(s == 0);
  }
  p.wide.log_alpha = log_alpha_mpfi(in.alpha);
  p.wide.alpha = alpha_mpfi(in.alpha);
  for (const auto& s : in.sigma) p.wide.sigma.push_back(enclose_mpfi(s));
  p.log_alpha = traits::from_mpfi(p.wide.log_alpha);
  p.alpha = traits::from_mpfi(p.wide.alpha);
  p.epsilon = enclose<T>(in.epsilon);
  p.identity_basis = in.identity_basis;

  const std::size_t n = in.n;
  std::optional<target_eigenbasis> dense;  // Y as a matrix: sigma and Phi from a verified decomposition
  if (in.dense_target) {
    dense = enclose_target_eigenbasis(in);
    p.wide.sigma = dense->sigma;
    for (std::size_t i = 0; i < n; ++i) {
      p.sigma.push_back(traits::from_mpfi(dense->sigma[i]));
      p.sigma_is_zero.push_back(i >= in.K);  // exact: Y is PSD of rank K
    }
    p.eigenbasis_certified = dense->certified;
  }
  std::vector<T> inv_norm(n, T(1));
  if (dense) {
    p.Phi.resize(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(n));
    for (Eigen::Index i = 0; i < p.Phi.rows(); ++i)
      for (Eigen::Index j = 0; j < p.Phi.cols(); ++j) p.Phi(i, j) = traits::from_mpfi(dense->Phi(i, j));
  } else if (!in.identity_basis) {
    p.Phi.resize(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(n));
    for (std::size_t j = 0; j < n; ++j) inv_norm[j] = T(1) / traits::sqrt(enclose<T>(in.column_norm2[j]));
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t j = 0; j < n; ++j)
        p.Phi(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = enclose<T>(in.P(i, j)) * inv_norm[j];
  }

  p.Wt0 = matrix<T>::Zero(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(n));
  if (in.init == init_kind::spectral) {
    p.spectral = true;
    for (std::size_t i = 0; i < n; ++i) p.Wt0(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(i)) = enclose<T>(in.spectral[i]);
    bool all_positive = true;
    for (const auto& s : in.spectral) all_positive = all_positive && s > 0;
    if (all_positive) {
      matrix<T> V = matrix<T>::Zero(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(n));
      for (std::size_t i = 0; i < n; ++i) V(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(i)) = enclose<T>(1 / in.spectral[i]);
      p.V = V;
    }
  } else if (dense) {  // W~0 = Phi^T W0 Phi, U~ = Phi^T U0 by interval products
    auto enclosed = [](const rational_matrix& A) {
      matrix<T> M(static_cast<Eigen::Index>(A.rows), static_cast<Eigen::Index>(A.cols));
      for (std::size_t i = 0; i < A.rows; ++i)
        for (std::size_t j = 0; j < A.cols; ++j) M(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = enclose<T>(A(i, j));
      return M;
    };
    p.Wt0 = multiply_transposed(p.Phi, multiply(enclosed(in.W0), p.Phi));
    symmetrize(p.Wt0);
    if (in.init == init_kind::U0) p.Ut0 = multiply_transposed(p.Phi, enclosed(in.U0));
    p.V = verified_inverse(p.Wt0);
    if (p.V) symmetrize(*p.V);
  } else {
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t j = 0; j < n; ++j)
        p.Wt0(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) =
            enclose<T>(in.Wt0_scaled(i, j)) * inv_norm[i] * inv_norm[j];
    symmetrize(p.Wt0);
    if (in.init == init_kind::U0) {  // U~_ij = (P^T U0)_ij / sqrt(n2_i): exact bracket, one rounding
      const rational_matrix PtU = transpose(in.P) * in.U0;
      matrix<T> Ut(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(PtU.cols));
      for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < PtU.cols; ++j)
          Ut(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = enclose<T>(PtU(i, j)) * inv_norm[i];
      p.Ut0 = std::move(Ut);
    }
    p.V = verified_inverse(p.Wt0);
    if (p.V) symmetrize(*p.V);
  }
  if constexpr (traits::screens_in_double_interval) p.screen = double_interval_screen(p);
  return p;
}

// Compiled once per scalar into the library (lib/instantiate_<scalar>.cpp, scalar/scalar_list.hpp).
#define INCERT_INSTANTIATE_ENCLOSE_PROBLEM(EXTERN, T) \
  EXTERN template enclosed_problem<T> enclose_problem<T>(const instance&);
#if INCERT_EXTERN_TEMPLATES
#define INCERT_X(T) INCERT_INSTANTIATE_ENCLOSE_PROBLEM(extern, T)
INCERT_FOR_EACH_SCALAR(INCERT_X)
#undef INCERT_X
#endif

}  // namespace incert
