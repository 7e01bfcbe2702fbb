// incert/linalg/verified_symmetric_eigen.hpp
//
// verified_symmetric_eigen(A): a verified eigendecomposition of every real symmetric matrix A'
// inside the symmetric interval matrix A (A may be the enclosure of exact data):
//  * enclosures L_1, ..., L_n of the eigenvalues lambda_1 >= ... >= lambda_n of A';
//  * clusters: runs of consecutive indices whose enclosures cannot be separated at this precision
//    (and any groups the caller asks to keep together); the hulls of two clusters are disjoint;
//  * per cluster J, an enclosure of an orthonormal basis U_J of the invariant subspace of A'
//    belonging to {lambda_j : j in J}, or nothing when that cannot be certified. For a cluster of
//    one it is the unit eigenvector whose first certainly non-zero entry is positive.
//
// Method (derivation: proofs/verified_symmetric_eigen.md):
//   X, Lambda ~ eigendecomposition of mid(A) in the midpoint type (Eigen's SelfAdjointEigenSolver);
//   e >= ||X^T A X - Lambda||_F, eta >= ||X^T X - I||_F, eta < 1 required;
//   eigenvalues (Weyl, then Ostrowski):   L_i = (Lambda_i + [-e, e]) / [1 - eta, 1 + eta];
//   subspaces (Davis-Kahan sin theta, Frobenius form), for a cluster J with columns X_J:
//     rho >= ||A X_J - X_J Lambda_J||_F,
//     [a, b] = (hull Lambda_J + [-e, e]) / [1 - eta, 1 + eta] holds the Ritz values of span X_J,
//     delta <= distance from [a, b] to every L_k, k not in J  (> 0 required),
//     s = rho / (sqrt(1 - eta) delta) >= ||sin Theta||_2  (< 1 required),
//     U_J in X_J + [-d, d] entrywise,  d = eta / (1 + sqrt(1 - eta)) + s sqrt(2 / (1 + sqrt(1 - s^2))).
// Widths: eigenvalues about n ||A|| u absolutely; bases about rho / gap.
// For point types every remainder is 0: the result is the approximate decomposition.
#pragma once

#include "incert/scalar/scalar_list.hpp"

#include "incert/linalg/matrix_ops.hpp"

#include <Eigen/Eigenvalues>
#include <optional>
#include <utility>
#include <vector>

namespace incert {

template <class T>
struct eigen_cluster {
  std::size_t first = 0, size = 0;  // eigenvalue indices first, ..., first + size - 1
  T hull;                           // hull of their enclosures
  std::optional<matrix<T>> basis;   // n x size: an orthonormal basis of their invariant subspace
};

template <class T>
struct symmetric_eigen_enclosure {
  std::vector<T> eigenvalues;              // lambda_1 >= ... >= lambda_n
  std::vector<eigen_cluster<T>> clusters;  // consecutive, covering 0 .. n-1, disjoint hulls
  matrix<T> approx_vectors;                // X (points), columns in the order of the eigenvalues

  bool every_basis_certified() const {
    for (const auto& c : clusters)
      if (!c.basis) return false;
    return true;
  }
  // The columns of every cluster basis side by side (requires every_basis_certified()).
  matrix<T> eigenvectors() const {
    matrix<T> P(approx_vectors.rows(), approx_vectors.cols());
    for (const auto& c : clusters) {
      if (!c.basis) throw std::logic_error("eigenvectors(): a cluster basis is not certified");
      P.middleCols(static_cast<Eigen::Index>(c.first), static_cast<Eigen::Index>(c.size)) = *c.basis;
    }
    return P;
  }
};

// An index range {first, ..., first + size - 1} the caller knows to belong to one cluster
// (e.g. the exactly zero eigenvalues of a rank-deficient matrix).
struct eigen_group {
  std::size_t first = 0, size = 0;
};

namespace detail {

template <class T>
bool possibly_overlap(const T& a, const T& b) {
  return scalar_traits<T>::possibly_le(a, b) && scalar_traits<T>::possibly_le(b, a);
}

// Index runs [first, last] of the clusters: consecutive enclosures that possibly overlap, then
// the caller's groups, then any two runs whose hulls still possibly overlap (with everything
// between them), until the hulls are pairwise disjoint.
template <class T>
std::vector<std::pair<std::size_t, std::size_t>> cluster_runs(const std::vector<T>& L, const std::vector<eigen_group>& groups) {
  using traits = scalar_traits<T>;
  const std::size_t n = L.size();
  std::vector<std::size_t> run_of(n);
  std::size_t runs = 0;
  T hull = L[0];
  for (std::size_t i = 0; i < n; ++i) {
    if (i > 0 && possibly_overlap(hull, L[i])) {
      hull = traits::hull(hull, L[i]);
    } else {
      if (i > 0) ++runs;
      hull = L[i];
    }
    run_of[i] = runs;
  }
  // Merging the runs of indices i < j merges every run between them (runs are consecutive).
  auto merge = [&](std::size_t i, std::size_t j) {
    const std::size_t lo = run_of[i], hi = run_of[j];
    if (lo == hi) return false;
    for (std::size_t k = 0; k < n; ++k) {
      if (run_of[k] > lo && run_of[k] <= hi) run_of[k] = lo;
      else if (run_of[k] > hi) run_of[k] -= hi - lo;
    }
    return true;
  };
  for (const auto& g : groups) {
    if (g.size == 0) continue;
    if (g.first + g.size > n) throw std::invalid_argument("verified_symmetric_eigen: group out of range");
    merge(g.first, g.first + g.size - 1);
  }
  for (bool changed = true; changed;) {
    changed = false;
    std::vector<std::pair<std::size_t, std::size_t>> r;
    std::vector<T> hulls;
    for (std::size_t i = 0; i < n; ++i) {
      if (r.empty() || run_of[i] != run_of[r.back().first]) {
        r.push_back({i, i});
        hulls.push_back(L[i]);
      } else {
        r.back().second = i;
        hulls.back() = traits::hull(hulls.back(), L[i]);
      }
    }
    for (std::size_t a = 0; a < r.size() && !changed; ++a)
      for (std::size_t b = a + 1; b < r.size() && !changed; ++b)
        if (possibly_overlap(hulls[a], hulls[b])) changed = merge(r[a].first, r[b].second);
    if (!changed) return r;
  }
  return {};  // not reached
}

}  // namespace detail

template <class T>
std::optional<symmetric_eigen_enclosure<T>> verified_symmetric_eigen(const matrix<T>& A, const std::vector<eigen_group>& groups = {}) {
  using traits = scalar_traits<T>;
  using Tm = mid_t<T>;
  const Eigen::Index n = A.rows();
  if (A.cols() != n) throw std::invalid_argument("verified_symmetric_eigen: matrix is not square");
  symmetric_eigen_enclosure<T> out;
  if (n == 0) return out;
  if (!all_finite(A)) return std::nullopt;

  // Approximate decomposition, reordered to decreasing eigenvalues.
  matrix<Tm> Am = mid_matrix(A);
  matrix<Tm> sym = (Am + Am.transpose()) / Tm(2);
  Eigen::SelfAdjointEigenSolver<matrix<Tm>> solver(sym);
  if (solver.info() != Eigen::Success) return std::nullopt;
  matrix<Tm> Xm = solver.eigenvectors().rowwise().reverse();
  std::vector<Tm> lambda(static_cast<std::size_t>(n));
  for (Eigen::Index i = 0; i < n; ++i) lambda[static_cast<std::size_t>(i)] = solver.eigenvalues()(n - 1 - i);
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index j = 0; j < n; ++j)
      if (!scalar_traits<Tm>::is_finite(Xm(i, j))) return std::nullopt;
  matrix<T> X = point_matrix<T>(Xm);

  // F = X^T (A X) - Lambda, G = X^T X - I (as in symmetric_eigenvalues.hpp), R = A X - X Lambda.
  matrix<T> AX = multiply(A, X);
  matrix<T> F = multiply_transposed(X, AX);
  matrix<T> G = multiply_transposed(X, X);
  matrix<T> R = AX;
  for (Eigen::Index i = 0; i < n; ++i) {
    F(i, i) -= traits::point(lambda[static_cast<std::size_t>(i)]);
    G(i, i) -= T(1);
    for (Eigen::Index k = 0; k < n; ++k) R(k, i) -= X(k, i) * traits::point(lambda[static_cast<std::size_t>(i)]);
  }
  const T e = frobenius_norm(F), eta_encl = frobenius_norm(G);
  if (!traits::is_finite(e) || !traits::certainly_lt(eta_encl, T(1))) return std::nullopt;
  const T eta = traits::point(traits::upper(eta_encl));
  const T spread = traits::remainder(traits::upper(e));
  const T theta = T(1) + traits::remainder(traits::upper(eta_encl));  // [1 - eta, 1 + eta]

  for (std::size_t i = 0; i < static_cast<std::size_t>(n); ++i) out.eigenvalues.push_back((traits::point(lambda[i]) + spread) / theta);
  out.approx_vectors = X;

  // ||X_J - Z||_2 <= eta / (1 + sqrt(1 - eta)), Z the orthonormal polar factor of X_J.
  const T sqrt_1_eta = traits::sqrt(T(1) - eta);
  const T to_orthonormal = eta / (T(1) + sqrt_1_eta);

  for (const auto& run : detail::cluster_runs(out.eigenvalues, groups)) {
    eigen_cluster<T> c;
    c.first = run.first;
    c.size = run.second - run.first + 1;
    c.hull = out.eigenvalues[run.first];
    for (std::size_t i = run.first + 1; i <= run.second; ++i) c.hull = traits::hull(c.hull, out.eigenvalues[i]);
    const Eigen::Index first = static_cast<Eigen::Index>(c.first), m = static_cast<Eigen::Index>(c.size);

    // Ritz values of span X_J: Weyl on X_J^T A X_J = Lambda_J + F_JJ, then Ostrowski with (X_J^T X_J)^{-1}.
    T ritz = traits::point(lambda[run.first]);
    for (std::size_t i = run.first + 1; i <= run.second; ++i) ritz = traits::hull(ritz, traits::point(lambda[i]));
    ritz = (ritz + spread) / theta;

    // delta: lower bound of the distance from the Ritz interval to the other eigenvalues.
    bool separated = true;
    std::optional<Tm> delta;
    for (std::size_t k = 0; k < static_cast<std::size_t>(n) && separated; ++k) {
      if (k >= run.first && k <= run.second) continue;
      const T& Lk = out.eigenvalues[k];
      Tm gap;
      if (traits::certainly_lt(Lk, ritz))
        gap = traits::lower(T(traits::point(traits::lower(ritz)) - traits::point(traits::upper(Lk))));
      else if (traits::certainly_lt(ritz, Lk))
        gap = traits::lower(T(traits::point(traits::lower(Lk)) - traits::point(traits::upper(ritz))));
      else
        separated = false;
      if (separated && !(Tm(0) < gap)) separated = false;
      if (separated && (!delta || gap < *delta)) delta = gap;
    }

    std::optional<T> d;
    if (!delta) {
      d = to_orthonormal;  // the cluster is the whole spectrum: span X_J = R^n
    } else if (separated) {
      const T rho = traits::point(traits::upper(frobenius_norm(matrix<T>(R.middleCols(first, m)))));
      const T s_encl = rho / (sqrt_1_eta * traits::point(*delta));
      if (traits::is_finite(s_encl) && traits::certainly_lt(s_encl, T(1))) {
        const T s = traits::point(traits::upper(s_encl));
        d = to_orthonormal + s * traits::sqrt(T(2) / (T(1) + traits::sqrt(T(1) - s * s)));
      }
    }
    if (d && traits::is_finite(*d)) {
      const T r = traits::remainder(traits::upper(*d));
      matrix<T> U = X.middleCols(first, m);
      for (Eigen::Index i = 0; i < n; ++i)
        for (Eigen::Index j = 0; j < m; ++j) U(i, j) += r;
      if (m == 1) {
        // Sign: the first entry that is certainly non-zero is made positive (negating the
        // enclosure encloses the negated eigenvector, also a unit eigenvector).
        for (Eigen::Index i = 0; i < n; ++i) {
          if (certainly_positive(U(i, 0))) break;
          if (traits::certainly_lt(U(i, 0), T(0))) {
            U = -U;
            break;
          }
        }
      }
      c.basis = std::move(U);
    }
    out.clusters.push_back(std::move(c));
  }
  return out;
}

// Compiled once per scalar into the library (lib/instantiate_<scalar>.cpp, scalar/scalar_list.hpp).
#define INCERT_INSTANTIATE_VERIFIED_SYMMETRIC_EIGEN(EXTERN, T) \
  EXTERN template std::optional<symmetric_eigen_enclosure<T>> verified_symmetric_eigen<T>(const matrix<T>&, const std::vector<eigen_group>&);
#if INCERT_EXTERN_TEMPLATES
#define INCERT_X(T) INCERT_INSTANTIATE_VERIFIED_SYMMETRIC_EIGEN(extern, T)
INCERT_FOR_EACH_SCALAR(INCERT_X)
#undef INCERT_X
#endif

}  // namespace incert
