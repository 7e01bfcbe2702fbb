// incert/linalg/midrad_product.hpp: the double_interval product (midpoint-radius, Eigen GEMMs
// rounded upward), through multiply() and directly; and the double point kernel (Eigen GEMM).
//
//  * soundness: random double_interval matrices (points, narrow and wide intervals,
//    intervals straddling zero, zeros, zero rows, mixed signs; exponents uniform, spread over
//    hundreds of binades, subnormal, and near overflow), the exact rational product of
//    matrices chosen inside the boxes (lower vertices, upper vertices, random rationals) is
//    contained in every entry; sizes up to K = 257 (Eigen's blocked GEMM paths);
//  * tightness: width <= 2 x the generic loop's width + 8 (K + 1) (u sum |a||b| + 2^-1074)
//    wherever both are finite; an infinite bound only where sum |a||b| is near overflow;
//  * the caller's rounding mode and MXCSR (flush-to-zero, denormals-are-zero) are restored,
//    and the result is sound even when the caller had FTZ / DAZ on or rounded downward;
//  * non-finite entries: the generic kernel's result; small integers: exact;
//  * double point products (Eigen GEMM): |C - exact| <= 4 (K + 1) (u sum |a||b| + 2^-1074).

#include <catch2/catch.hpp>

#include "incert/linalg/matrix_ops.hpp"

#include <gmpxx.h>

#include <cfenv>
#include <cmath>
#include <cstdio>
#include <limits>
#include <random>
#include <string>
#include <vector>

#if defined(__x86_64__) || defined(__i386__)
#include <xmmintrin.h>
#define TEST_HAVE_MXCSR 1
#else
#define TEST_HAVE_MXCSR 0
#endif

namespace {

using incert::double_interval;
using incert::matrix;

enum class scale { uniform, spread, subnormal, huge };

double random_double(std::mt19937_64& rng, scale sc) {
  const double m = std::ldexp(static_cast<double>((rng() >> 11) | (std::uint64_t(1) << 52)), -53);  // [1/2, 1)
  int e = 0;
  switch (sc) {
    case scale::uniform: e = static_cast<int>(rng() % 7) - 3; break;
    case scale::spread: e = static_cast<int>(rng() % 601) - 300; break;
    case scale::subnormal: e = -1030 - static_cast<int>(rng() % 40); break;  // ldexp rounds to nearest there
    case scale::huge: e = 1000 + static_cast<int>(rng() % 24); break;
  }
  const double x = std::ldexp(m, e);
  return rng() % 2 ? -x : x;
}

matrix<double_interval> random_matrix(std::mt19937_64& rng, int m, int n, scale sc, bool points_only,
                                      int zero_row = -1) {
  matrix<double_interval> A(m, n);
  for (int i = 0; i < m; ++i)
    for (int j = 0; j < n; ++j) {
      const unsigned kind = static_cast<unsigned>(rng() % 10);
      if (i == zero_row || kind == 0) {
        A(i, j) = double_interval(0.0);
        continue;
      }
      const double x = random_double(rng, sc);
      if (points_only || kind <= 4) {
        A(i, j) = double_interval(x);
      } else if (kind <= 7) {  // a few ulps
        double hi = x;
        for (unsigned s = 0; s < 1 + rng() % 4; ++s) hi = std::nextafter(hi, std::numeric_limits<double>::infinity());
        A(i, j) = double_interval(x, hi);
      } else if (kind == 8) {  // about 2^-6 relative
        const double w = std::fabs(x) * std::ldexp(1.0, -6);
        A(i, j) = double_interval(std::min(x, x + w), std::max(x, x + w));
      } else {  // straddling zero
        const double y = std::fabs(random_double(rng, sc));
        A(i, j) = double_interval(-y, std::fabs(x));
      }
    }
  return A;
}

using QMat = std::vector<std::vector<mpq_class>>;

QMat inner_point(std::mt19937_64& rng, const matrix<double_interval>& A, int which) {
  QMat P(static_cast<std::size_t>(A.rows()), std::vector<mpq_class>(static_cast<std::size_t>(A.cols())));
  for (Eigen::Index i = 0; i < A.rows(); ++i)
    for (Eigen::Index j = 0; j < A.cols(); ++j) {
      const mpq_class lo(A(i, j).lower()), hi(A(i, j).upper());
      mpq_class& v = P[static_cast<std::size_t>(i)][static_cast<std::size_t>(j)];
      v = which == 0 ? lo : which == 1 ? hi : mpq_class(lo + (hi - lo) * mpq_class(static_cast<long>(rng() % 1001), 1000));
    }
  return P;
}

QMat exact_product(const QMat& A, const QMat& B) {
  QMat C(A.size(), std::vector<mpq_class>(B[0].size(), mpq_class(0)));
  for (std::size_t i = 0; i < A.size(); ++i)
    for (std::size_t j = 0; j < B[0].size(); ++j) {
      mpq_class s = 0;
      for (std::size_t k = 0; k < B.size(); ++k) s += A[i][k] * B[k][j];
      C[i][j] = s;
    }
  return C;
}

mpq_class pow2q(int e) {
  mpz_class p = 1;
  p <<= static_cast<unsigned long>(std::abs(e));
  return e >= 0 ? mpq_class(p) : mpq_class(mpz_class(1), p);
}

mpq_class abs_q(const mpq_class& q) { return q < 0 ? mpq_class(-q) : q; }

mpq_class mag(const double_interval& x) { return std::max(abs_q(mpq_class(x.lower())), abs_q(mpq_class(x.upper()))); }

std::string show(const double_interval& x) {
  char buf[128];
  std::snprintf(buf, sizeof buf, "[%.17g, %.17g]", x.lower(), x.upper());
  return buf;
}

void check_product(std::mt19937_64& rng, const matrix<double_interval>& A, const matrix<double_interval>& B,
                   const std::string& label) {
  INFO(label << ", " << A.rows() << " x " << A.cols() << " times " << B.cols());
  const matrix<double_interval> C = incert::multiply(A, B);
  const matrix<double_interval> G = incert::detail::generic_product<double_interval>::run(A, B);
  REQUIRE(std::fegetround() == FE_TONEAREST);
  int bad = 0;
  for (int which = 0; which < 3; ++which) {
    const QMat ref = exact_product(inner_point(rng, A, which), inner_point(rng, B, which));
    for (Eigen::Index i = 0; i < C.rows(); ++i)
      for (Eigen::Index j = 0; j < C.cols(); ++j) {
        const mpq_class& r = ref[static_cast<std::size_t>(i)][static_cast<std::size_t>(j)];
        const double lo = C(i, j).lower(), hi = C(i, j).upper();
        const bool ok = !std::isnan(lo) && !std::isnan(hi) && (lo == -INFINITY || mpq_class(lo) <= r) &&
                        (hi == INFINITY || r <= mpq_class(hi));
        if (!ok) {
          ++bad;
          UNSCOPED_INFO("point set " << which << ": entry (" << i << "," << j << ") = " << show(C(i, j)) << " misses "
                                     << r.get_d());
        }
      }
  }
  CHECK(bad == 0);
  const mpq_class u = pow2q(-53), tiny = pow2q(-1074), big = pow2q(1020);
  int wide = 0;
  for (Eigen::Index i = 0; i < C.rows(); ++i)
    for (Eigen::Index j = 0; j < C.cols(); ++j) {
      mpq_class s = 0;
      for (Eigen::Index k = 0; k < A.cols(); ++k) s += mag(A(i, k)) * mag(B(k, j));
      const bool fast_finite = std::isfinite(C(i, j).lower()) && std::isfinite(C(i, j).upper());
      const bool gen_finite = std::isfinite(G(i, j).lower()) && std::isfinite(G(i, j).upper());
      if (!fast_finite) {
        if (s < big) {
          ++wide;
          UNSCOPED_INFO("entry (" << i << "," << j << ") = " << show(C(i, j)) << " infinite, sum |a||b| = " << s.get_d());
        }
        continue;
      }
      if (!gen_finite) continue;
      const mpq_class w = mpq_class(C(i, j).upper()) - mpq_class(C(i, j).lower());
      const mpq_class wg = mpq_class(G(i, j).upper()) - mpq_class(G(i, j).lower());
      const mpq_class allowed = 2 * wg + 8 * (A.cols() + 1) * (u * s + tiny);
      if (w > allowed) {
        ++wide;
        UNSCOPED_INFO("entry (" << i << "," << j << ") = " << show(C(i, j)) << ", width " << w.get_d()
                                << ", generic " << show(G(i, j)) << ", allowance " << allowed.get_d());
      }
    }
  CHECK(wide == 0);
}

}  // namespace

TEST_CASE("midpoint-radius double_interval products enclose and are tight", "[midrad]") {
  std::mt19937_64 rng(777);
  struct shape {
    int m, K, n;
  };
  for (const shape& sh : std::vector<shape>{{1, 64, 1}, {4, 4, 4}, {9, 13, 7}, {33, 40, 21}, {5, 257, 6}})
    for (scale sc : {scale::uniform, scale::spread, scale::subnormal, scale::huge})
      for (int variant = 0; variant < 3; ++variant) {
        const bool a_points = variant == 1, b_points = variant == 2;
        const int zero_row = rng() % 3 == 0 ? static_cast<int>(rng() % static_cast<unsigned>(sh.m)) : -1;
        const matrix<double_interval> A = random_matrix(rng, sh.m, sh.K, sc, a_points, zero_row);
        const matrix<double_interval> B = random_matrix(rng, sh.K, sh.n, sc, b_points);
        check_product(rng, A, B, "scale " + std::to_string(static_cast<int>(sc)) + ", variant " + std::to_string(variant));
      }
  // Mixed magnitudes: huge times subnormal.
  matrix<double_interval> A = random_matrix(rng, 10, 30, scale::huge, false);
  matrix<double_interval> B = random_matrix(rng, 30, 10, scale::subnormal, false);
  check_product(rng, A, B, "huge x subnormal");
}

TEST_CASE("midpoint-radius products restore the caller's floating-point state", "[midrad]") {
  std::mt19937_64 rng(4);
  const matrix<double_interval> A = random_matrix(rng, 12, 20, scale::subnormal, false);
  const matrix<double_interval> B = random_matrix(rng, 20, 12, scale::uniform, false);
  // Rounding downward in the caller: restored, and the result is still an enclosure.
  REQUIRE(std::fesetround(FE_DOWNWARD) == 0);
  const matrix<double_interval> C = incert::multiply(A, B);
  CHECK(std::fegetround() == FE_DOWNWARD);
  std::fesetround(FE_TONEAREST);
  check_product(rng, A, B, "after a downward caller");
  const QMat ref = exact_product(inner_point(rng, A, 2), inner_point(rng, B, 2));
  for (int i = 0; i < 12; ++i)
    for (int j = 0; j < 12; ++j) {
      INFO("(" << i << "," << j << ") " << show(C(i, j)));
      CHECK(mpq_class(C(i, j).lower()) <= ref[i][j]);
      CHECK(ref[i][j] <= mpq_class(C(i, j).upper()));
    }
#if TEST_HAVE_MXCSR
  // Flush-to-zero and denormals-are-zero on in the caller: the kernel turns them off for its
  // GEMMs (else an upward-rounded subnormal product could become 0) and restores them.
  const unsigned old = _mm_getcsr();
  _mm_setcsr(old | 0x8040u);
  const matrix<double_interval> D = incert::multiply(A, B);
  const unsigned after = _mm_getcsr();
  _mm_setcsr(old);
  CHECK((after & 0x8040u) == 0x8040u);
  const QMat ref2 = exact_product(inner_point(rng, A, 1), inner_point(rng, B, 1));
  for (int i = 0; i < 12; ++i)
    for (int j = 0; j < 12; ++j) {
      INFO("(" << i << "," << j << ") " << show(D(i, j)));
      CHECK(mpq_class(D(i, j).lower()) <= ref2[i][j]);
      CHECK(ref2[i][j] <= mpq_class(D(i, j).upper()));
    }
#endif
}

TEST_CASE("midpoint-radius products: non-finite entries and exact data", "[midrad]") {
  std::mt19937_64 rng(8);
  matrix<double_interval> A = random_matrix(rng, 6, 11, scale::uniform, false);
  matrix<double_interval> B = random_matrix(rng, 11, 5, scale::uniform, false);
  B(4, 1) = double_interval(1.0, std::numeric_limits<double>::infinity());
  CHECK(!incert::detail::midrad_product(A, B));
  const matrix<double_interval> C = incert::multiply(A, B), G = incert::detail::generic_product<double_interval>::run(A, B);
  for (int i = 0; i < 6; ++i)
    for (int j = 0; j < 5; ++j) {
      CHECK(C(i, j).lower() == G(i, j).lower());
      CHECK(C(i, j).upper() == G(i, j).upper());
    }
  // Small integers: exact (point intervals).
  matrix<double_interval> P(7, 19), Q(19, 8);
  for (int i = 0; i < 7; ++i)
    for (int k = 0; k < 19; ++k) P(i, k) = double_interval(static_cast<double>(static_cast<long>(rng() % 201) - 100));
  for (int k = 0; k < 19; ++k)
    for (int j = 0; j < 8; ++j) Q(k, j) = double_interval(static_cast<double>(static_cast<long>(rng() % 201) - 100));
  const matrix<double_interval> PQ = incert::multiply(P, Q);
  for (int i = 0; i < 7; ++i)
    for (int j = 0; j < 8; ++j) {
      double s = 0;
      for (int k = 0; k < 19; ++k) s += P(i, k).lower() * Q(k, j).lower();
      CHECK(PQ(i, j).lower() == s);
      CHECK(PQ(i, j).upper() == s);
    }
}

TEST_CASE("double point products (Eigen GEMM) approximate the exact product", "[midrad][double]") {
  std::mt19937_64 rng(12);
  for (scale sc : {scale::uniform, scale::spread, scale::subnormal}) {
    const int m = 17, K = 90, n = 13;
    matrix<double> A(m, K), B(K, n);
    for (int i = 0; i < m; ++i)
      for (int k = 0; k < K; ++k) A(i, k) = random_double(rng, sc);
    for (int k = 0; k < K; ++k)
      for (int j = 0; j < n; ++j) B(k, j) = random_double(rng, scale::uniform);
    const matrix<double> C = incert::multiply(A, B);
    int bad = 0;
    for (int i = 0; i < m; ++i)
      for (int j = 0; j < n; ++j) {
        mpq_class s = 0, a = 0;
        for (int k = 0; k < K; ++k) {
          s += mpq_class(A(i, k)) * mpq_class(B(k, j));
          a += abs_q(mpq_class(A(i, k)) * mpq_class(B(k, j)));
        }
        if (abs_q(mpq_class(C(i, j)) - s) > 4 * (K + 1) * (pow2q(-53) * a + pow2q(-1074))) ++bad;
      }
    CHECK(bad == 0);
  }
}
