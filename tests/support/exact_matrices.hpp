// tests/support/exact_matrices.hpp
//
// Exact rational matrices for the tests: the references against which enclosures are checked.
// Everything here is exact (GMP rationals) except show(), which only prints. Shared by the
// linear-algebra tests so that each builds its references the same, checked, way.
#pragma once

#include "incert/exact/exact_real.hpp"
#include "incert/scalar/eigen_support.hpp"

#include <gmpxx.h>
#include <mpfr.h>

#include <algorithm>
#include <optional>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace incert::test {

// A dense rows x cols matrix of rationals, row-major.
struct QMat {
  int r = 0, c = 0;
  std::vector<mpq_class> a;
  QMat() = default;
  QMat(int rows, int cols) : r(rows), c(cols), a(static_cast<std::size_t>(rows * cols), mpq_class(0)) {}
  mpq_class& operator()(int i, int j) { return a[static_cast<std::size_t>(i * c + j)]; }
  const mpq_class& operator()(int i, int j) const { return a[static_cast<std::size_t>(i * c + j)]; }
};

inline QMat mul(const QMat& A, const QMat& B) {
  QMat C(A.r, B.c);
  for (int i = 0; i < A.r; ++i)
    for (int j = 0; j < B.c; ++j) {
      mpq_class s = 0;
      for (int k = 0; k < A.c; ++k) s += A(i, k) * B(k, j);
      C(i, j) = s;
    }
  return C;
}

inline QMat transpose(const QMat& A) {
  QMat T(A.c, A.r);
  for (int i = 0; i < A.r; ++i)
    for (int j = 0; j < A.c; ++j) T(j, i) = A(i, j);
  return T;
}

inline QMat identity(int n) {
  QMat I(n, n);
  for (int i = 0; i < n; ++i) I(i, i) = 1;
  return I;
}

// Exact inverse by Gauss-Jordan; nullopt when singular.
inline std::optional<QMat> exact_inverse(QMat A) {
  const int n = A.r;
  QMat X = identity(n);
  for (int k = 0; k < n; ++k) {
    int p = k;
    while (p < n && A(p, k) == 0) ++p;
    if (p == n) return std::nullopt;
    if (p != k)
      for (int j = 0; j < n; ++j) {
        std::swap(A(k, j), A(p, j));
        std::swap(X(k, j), X(p, j));
      }
    const mpq_class piv = A(k, k);
    for (int j = 0; j < n; ++j) {
      A(k, j) /= piv;
      X(k, j) /= piv;
    }
    for (int i = 0; i < n; ++i) {
      if (i == k || A(i, k) == 0) continue;
      const mpq_class f = A(i, k);
      for (int j = 0; j < n; ++j) {
        A(i, j) -= f * A(k, j);
        X(i, j) -= f * X(k, j);
      }
    }
  }
  return X;
}

inline mpq_class abs_q(const mpq_class& q) { return q < 0 ? mpq_class(-q) : q; }

inline mpq_class inf_norm(const QMat& A) {
  mpq_class best = 0;
  for (int i = 0; i < A.r; ++i) {
    mpq_class s = 0;
    for (int j = 0; j < A.c; ++j) s += abs_q(A(i, j));
    if (s > best) best = s;
  }
  return best;
}

inline std::string to_string(const QMat& A) {
  std::ostringstream os;
  os << "[";
  for (int i = 0; i < A.r; ++i) {
    os << (i ? "; " : "");
    for (int j = 0; j < A.c; ++j) os << (j ? ", " : "") << A(i, j).get_str();
  }
  os << "]";
  return os.str();
}

// Rationals to 17 digits (exact eigenvalues can have long numerators and denominators).
inline std::string to_string(const std::vector<mpq_class>& v) {
  std::ostringstream os;
  os.precision(17);
  os << "{";
  for (std::size_t i = 0; i < v.size(); ++i) os << (i ? ", " : "") << v[i].get_d();
  os << "}";
  return os.str();
}

// A uniformly drawn p/q with |p| <= num_max, 1 <= q <= den_max.
inline mpq_class rand_q(std::mt19937_64& rng, int num_max, int den_max) {
  const long p = static_cast<long>(rng() % static_cast<unsigned>(2 * num_max + 1)) - num_max;
  const long q = 1 + static_cast<long>(rng() % static_cast<unsigned>(den_max));
  mpq_class x(p, q);
  x.canonicalize();
  return x;
}

inline QMat random_matrix(std::mt19937_64& rng, int rows, int cols, int num_max = 20, int den_max = 9) {
  QMat A(rows, cols);
  for (auto& x : A.a) x = rand_q(rng, num_max, den_max);
  return A;
}

// Exactly orthogonal rational Q: the Cayley transform (I - K)(I + K)^{-1} of a random
// skew-symmetric K (I + K is invertible for skew K); orthogonality is checked exactly.
inline QMat random_orthogonal(std::mt19937_64& rng, int n) {
  QMat K(n, n);
  for (int i = 0; i < n; ++i)
    for (int j = i + 1; j < n; ++j) {
      K(i, j) = rand_q(rng, 3, 4);
      K(j, i) = -K(i, j);
    }
  QMat ImK = identity(n), IpK = identity(n);
  for (std::size_t e = 0; e < K.a.size(); ++e) {
    ImK.a[e] -= K.a[e];
    IpK.a[e] += K.a[e];
  }
  QMat Q = mul(ImK, *exact_inverse(IpK));
  const QMat QtQ = mul(transpose(Q), Q);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j)
      if (QtQ(i, j) != (i == j ? 1 : 0)) throw std::logic_error("test: Cayley transform not orthogonal");
  return Q;
}

// Q diag(l) Q^T, exact and symmetric.
inline QMat with_spectrum(const QMat& Q, const std::vector<mpq_class>& l) {
  QMat D(Q.r, Q.r);
  for (int i = 0; i < Q.r; ++i) D(i, i) = l[static_cast<std::size_t>(i)];
  return mul(mul(Q, D), transpose(Q));
}

// A0 = Q diag(l0) Q^T and A1 = Q diag(l1) Q^T for one random exactly orthogonal Q, l0 ascending
// (l0_i = 3 i - shift + a random p/q), l1 = l0 + rel (1 + |l0|) (still ascending), rel = 1e-3 for
// every third trial, else 1e-7: (1 - s) A0 + s A1 has the spectrum (1 - s) l0 + s l1 and lies in
// the entrywise hull of A0 and A1 (tests of interval matrices with radii).
struct spectral_pair {
  QMat A0, A1;
  std::vector<mpq_class> l0, l1;
  mpq_class rel;
};
inline spectral_pair random_spectral_pair(std::mt19937_64& rng, int n, int trial, long shift = 0) {
  spectral_pair p;
  const QMat Q = random_orthogonal(rng, n);
  for (int i = 0; i < n; ++i) p.l0.push_back(mpq_class(3 * i - shift) + rand_q(rng, 10, 10));
  std::sort(p.l0.begin(), p.l0.end());
  p.rel = trial % 3 == 0 ? mpq_class(1, 1000) : mpq_class(1, 10000000);
  for (const auto& x : p.l0) p.l1.push_back(x + p.rel * (1 + abs_q(x)));
  p.A0 = with_spectrum(Q, p.l0);
  p.A1 = with_spectrum(Q, p.l1);
  return p;
}

// ------------------------------------------------------------------ enclosures of exact matrices

template <class T>
matrix<T> enclose_matrix(const QMat& A) {
  matrix<T> M(A.r, A.c);
  for (int i = 0; i < A.r; ++i)
    for (int j = 0; j < A.c; ++j) M(i, j) = incert::enclose<T>(A(i, j));
  return M;
}

// Interval types: entrywise hull of the enclosures of A0 and A1; point types: A0.
template <class T>
matrix<T> hull_matrix(const QMat& A0, const QMat& A1) {
  matrix<T> M(A0.r, A0.c);
  for (int i = 0; i < A0.r; ++i)
    for (int j = 0; j < A0.c; ++j)
      M(i, j) = scalar_traits<T>::hull(incert::enclose<T>(A0(i, j)), incert::enclose<T>(A1(i, j)));
  return M;
}

inline mpq_class to_q(const mpfr_float& x) {
  mpq_class q;
  mpfr_get_q(q.get_mpq_t(), x.backend().data());
  return q;
}

// For failure messages only.
inline std::string show(const mpfr_float& x, int digits = 20) {
  char* s = nullptr;
  mpfr_asprintf(&s, "%.*Rg", digits, x.backend().data());
  std::string out(s);
  mpfr_free_str(s);
  return out;
}

template <class T>
std::string show_entry(const T& x) {
  return "[" + show(scalar_traits<T>::lower_exact(x)) + ", " + show(scalar_traits<T>::upper_exact(x)) + "]";
}

}  // namespace incert::test
