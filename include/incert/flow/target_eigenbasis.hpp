// incert/flow/target_eigenbasis.hpp
//
// enclose_target_eigenbasis(in): for a target given as a dense matrix (in.dense_target), MPFI
// enclosures at the working precision of its eigenvalues sigma_1 >= ... >= sigma_n and of an
// orthogonal Phi* with Y = Phi* diag(sigma*) Phi*^T. verified_symmetric_eigen encloses the
// eigenvalues and, per cluster, an orthonormal basis of the invariant subspace; exact facts of the
// loader (rank K, characteristic polynomial p) turn cluster bases into eigenbases:
//  * sigma_i = 0 exactly for i >= K (Y is PSD of rank K, so the zeros come last); these indices
//    are kept in one cluster, whose basis spans ker Y, on which S(t) and G(t) act as scalars;
//  * a cluster of m eigenvalues whose hull contains a rational root of p of multiplicity m is
//    that root m times (the hull holds no other eigenvalue): sigma is that rational, exactly,
//    and any orthonormal basis of the subspace is an eigenbasis;
//  * a cluster of one is a simple eigenvalue: its basis is the unit eigenvector.
// Any other cluster (eigenvalues that cannot be separated or proven equal at this precision) is
// unresolved: its columns are X_J + [-5/2, 5/2] (containing every unit vector, as |X_ij| < 3/2),
// its sigma_i stay the enclosures L_i, and certified is false; callers then decide nothing that
// depends on Phi, and precision escalation retries. Derivation: proofs/verified_symmetric_eigen.md.
#pragma once

#include "incert/exact/exact_real.hpp"
#include "incert/instance/exact_spectrum.hpp"
#include "incert/instance/instance.hpp"
#include "incert/linalg/verified_symmetric_eigen.hpp"

#include <limits>
#include <optional>
#include <vector>

namespace incert {

struct target_eigenbasis {
  std::vector<mpfi_float> sigma;  // decreasing
  std::vector<bool> sigma_exact;  // sigma_i proven rational (enclosed from that rational)
  matrix<mpfi_float> Phi;         // columns: an orthonormal eigenbasis, in the order of sigma
  bool certified = false;         // every cluster resolved (else see above)
};

namespace detail {

inline mpq_class exact_rational(const mpfr_float& x) {
  mpq_class q;
  mpfr_get_q(q.get_mpq_t(), x.backend().data());
  return q;
}

// A rational root of p with multiplicity exactly m inside the interval, if one of two candidates
// is one: the simplest rational in it, and round(D mid) / D (rational eigenvalues are integers / D).
inline std::optional<mpq_class> rational_root_in(const rational_polynomial& p, const mpz_class& D, const mpfi_float& hull,
                                                 std::size_t m) {
  using mt = scalar_traits<mpfi_float>;
  if (!mt::is_finite(hull)) return std::nullopt;
  const mpq_class lo = exact_rational(mt::lower(hull)), hi = exact_rational(mt::upper(hull));
  std::vector<mpq_class> candidates{simplest_rational(lo, hi)};
  mpfr_float scaled = mt::mid(hull);
  mpfr_mul_z(scaled.backend().data(), scaled.backend().data(), D.get_mpz_t(), MPFR_RNDN);
  mpz_class N;
  mpfr_get_z(N.get_mpz_t(), scaled.backend().data(), MPFR_RNDN);
  candidates.push_back(mpq_class(N, D));
  candidates.back().canonicalize();
  for (const auto& q : candidates)
    if (lo <= q && q <= hi && root_multiplicity(p, q) == m) return q;
  return std::nullopt;
}

// x intersected with [0, +inf) (x encloses a non-negative number).
inline mpfi_float clamp_nonnegative(const mpfi_float& x) {
  mpfi_float half_line;
  mpfr_float zero = 0, inf = std::numeric_limits<mpfr_float>::infinity();
  mpfi_interv_fr(half_line.backend().data(), zero.backend().data(), inf.backend().data());
  return scalar_traits<mpfi_float>::symmetrize(x, half_line);
}

}  // namespace detail

inline target_eigenbasis enclose_target_eigenbasis(const instance& in) {
  using mt = scalar_traits<mpfi_float>;
  if (!in.dense_target) throw std::invalid_argument("enclose_target_eigenbasis: the target is not given as a matrix");
  const std::size_t n = in.n, K = in.K;
  const Eigen::Index N = static_cast<Eigen::Index>(n);
  matrix<mpfi_float> Y(N, N);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j) Y(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = enclose_mpfi(in.Y(i, j));

  target_eigenbasis out;
  out.sigma.assign(n, mpfi_float(0));
  out.sigma_exact.assign(n, false);
  for (std::size_t i = K; i < n; ++i) out.sigma_exact[i] = true;  // exactly zero
  out.Phi.resize(N, N);

  std::vector<eigen_group> groups;
  if (K < n) groups.push_back({K, n - K});
  auto dec = verified_symmetric_eigen(Y, groups);
  if (!dec) {
    // Not even the eigenvalues: every sigma_i (i < K) is in [0, ||Y||_inf], every entry of Phi* in [-1, 1].
    const mpfi_float bound = mt::interval(mpfr_float(0), inf_norm_upper(Y));
    for (std::size_t i = 0; i < K; ++i) out.sigma[i] = bound;
    out.Phi.setConstant(mt::remainder(mpfr_float(1)));
    return out;
  }

  out.certified = true;
  const mpfi_float slack = mt::remainder(mpfr_float(5) / 2);
  for (const auto& c : dec->clusters) {
    const std::size_t last = c.first + c.size - 1;
    bool resolved = false;
    if (c.first >= K) {
      resolved = c.basis.has_value();  // the zero eigenvalues (the group keeps them in one cluster)
    } else if (last < K) {
      std::optional<mpq_class> lambda = detail::rational_root_in(target_charpoly(in), in.Y_denominator, c.hull, c.size);
      for (std::size_t i = c.first; i <= last; ++i) {
        out.sigma[i] = lambda ? enclose_mpfi(*lambda) : detail::clamp_nonnegative(dec->eigenvalues[i]);
        out.sigma_exact[i] = lambda.has_value();
      }
      resolved = c.basis && (c.size == 1 || lambda);
    } else {
      for (std::size_t i = c.first; i < K; ++i) out.sigma[i] = detail::clamp_nonnegative(dec->eigenvalues[i]);
    }
    const Eigen::Index first = static_cast<Eigen::Index>(c.first), m = static_cast<Eigen::Index>(c.size);
    if (resolved) {
      out.Phi.middleCols(first, m) = *c.basis;
    } else {
      for (Eigen::Index i = 0; i < N; ++i)
        for (Eigen::Index j = first; j < first + m; ++j) out.Phi(i, j) = dec->approx_vectors(i, j) + slack;
      out.certified = false;
    }
  }
  return out;
}

// Eigenvalues for drawings and labels, not certified: the exact ones when Y is given by them,
// else the midpoints of their 128-bit enclosures (as rationals).
inline std::vector<mpq_class> approx_target_eigenvalues(const instance& in) {
  if (!in.dense_target) return in.sigma;
  precision_scope scope(128);
  const target_eigenbasis tb = enclose_target_eigenbasis(in);
  std::vector<mpq_class> out;
  for (const auto& s : tb.sigma) out.push_back(detail::exact_rational(scalar_traits<mpfi_float>::mid(s)));
  return out;
}

}  // namespace incert
