// incert/linalg/fixed_point_product.hpp: the MPFI / MPFR product kernels (exact fixed-point
// dot products), through multiply() and directly.
//
//  * soundness: for random MPFI matrices (points, narrow and wide intervals, intervals
//    straddling zero, zeros, zero rows and columns, mixed signs, exponents spread over
//    hundreds of binades inside a row, graded rows, "identity plus tiny" structure, exponents
//    near +-10^6, rows and columns graded over thousands of binades, with and without a unit
//    diagonal), the exact rational product of matrices chosen inside the boxes (lower
//    vertices, upper vertices, random rational points) is contained in every entry, in both
//    accuracy modes; sizes up to K = 300 cross the column-normalisation chunks, precisions
//    24 .. 600 bits cover every compiled digit count and the run-time one;
//  * tightness (product_accuracy::tight): width <= interval-arithmetic spread + 8 (K + 1) u
//    sum_k |a||b| (whichever digit rule or the diagonal split gave the product) (the bound tests/test_matrix_ops.cpp asks of multiply), and never more than
//    twice the generic MPFI loop's width plus that rounding term; relaxed_radius: the spread
//    may grow by a relative 2^-40; absolute: in addition a rounding term relative to the largest
//    entry of each (inner-scaled) row of A and column of B;
//  * MPFR point products: |C - exact| <= 4 (K + 1) u sum |a||b|;
//  * the integer helpers (bit windows, grid conversions with directed rounding, upward double
//    bounds, ceil(r 2^s)) against GMP;
//  * fallbacks: non-finite entries give the generic kernel's result; MPFI zero endpoints keep
//    MPFI's sign convention; integer data give exact products.

#include <catch2/catch.hpp>

#include "incert/linalg/matrix_ops.hpp"

#include <gmpxx.h>
#include <mpfr.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <string>
#include <vector>

namespace {

using incert::matrix;
using incert::mpfi_float;
using incert::mpfr_float;
using incert::product_accuracy;
using IT = incert::scalar_traits<mpfi_float>;
namespace fx = incert::detail::fixed_point;

mpq_class to_q(mpfr_srcptr x) {
  mpq_class q;
  mpfr_get_q(q.get_mpq_t(), x);
  return q;
}
mpq_class lo_q(const mpfi_float& x) { return to_q(&x.backend().data()->left); }
mpq_class hi_q(const mpfi_float& x) { return to_q(&x.backend().data()->right); }
mpq_class abs_q(const mpq_class& q) { return q < 0 ? mpq_class(-q) : q; }
mpq_class mag_q(const mpfi_float& x) { return std::max(abs_q(lo_q(x)), abs_q(hi_q(x))); }

std::string show(mpfr_srcptr x) {
  char* s = nullptr;
  mpfr_asprintf(&s, "%.25Rg", x);
  std::string out(s);
  mpfr_free_str(s);
  return out;
}
std::string show(const mpfi_float& x) {
  return "[" + show(&x.backend().data()->left) + ", " + show(&x.backend().data()->right) + "]";
}

// A random mpfr of `bits` significant bits (at precision prec >= bits), |x| in [2^(e-1), 2^e).
mpfr_float random_mpfr(std::mt19937_64& rng, unsigned prec, unsigned bits, long e, bool negative) {
  mpz_class m = 0;
  for (unsigned b = 0; b < bits; b += 64) {
    m <<= 64;
    m += static_cast<unsigned long>(rng());
  }
  mpz_class top = 1;
  top <<= bits - 1;
  m = m % top + top;  // exactly `bits` bits
  mpfr_float x = incert::detail::mpfr_with_precision(static_cast<mpfr_prec_t>(prec));
  mpfr_set_z_2exp(x.backend().data(), m.get_mpz_t(), e - static_cast<long>(bits), MPFR_RNDN);  // exact
  if (negative) mpfr_neg(x.backend().data(), x.backend().data(), MPFR_RNDN);
  return x;
}

// two_sided_graded: |a_ik| ~ 2^-40 (i + k), a row spanning 40 K binades (more than the 1020 bits
// of the per-entry digit rule from K = 26 on) while every product sum is dominated by its first
// terms (the per-product rule needs about p bits); identity_plus_graded: the same plus the
// identity, which neither rule can take (the diagonal split does).
enum class pattern { uniform, spread, graded, identity_plus_tiny, huge_exponents, two_sided_graded, identity_plus_graded };

// Row i of a huge_exponents matrix is near 2^huge_shift(i).
long huge_shift(Eigen::Index i) { return i % 2 ? 1000000L : -1000000L; }

// Exponent of entry (i, k) of an m x K matrix for a pattern (before the random choices).
long exponent_for(pattern pat, std::mt19937_64& rng, int i, int k, int m) {
  switch (pat) {
    case pattern::uniform: return static_cast<long>(rng() % 7) - 3;
    case pattern::spread: return static_cast<long>(rng() % 401) - 200;
    case pattern::graded: return 9L * i - 4L * k + static_cast<long>(rng() % 3);
    case pattern::identity_plus_tiny: return i == k ? 1 : -(2L * (m - i) + 2L * (m - k)) - static_cast<long>(rng() % 4);
    case pattern::huge_exponents: return huge_shift(i) + static_cast<long>(rng() % 5);
    case pattern::two_sided_graded: return -40L * (i + k) - static_cast<long>(rng() % 4);
    case pattern::identity_plus_graded: return i == k ? 1 : -40L * (i + k) - static_cast<long>(rng() % 4);
  }
  return 0;
}

// A random MPFI matrix: zeros, points, narrow / wide intervals, intervals straddling zero.
matrix<mpfi_float> random_interval_matrix(std::mt19937_64& rng, int m, int K, pattern pat, unsigned prec,
                                          bool points_only, int zero_row = -1) {
  matrix<mpfi_float> A(m, K);
  for (int i = 0; i < m; ++i)
    for (int k = 0; k < K; ++k) {
      mpfi_ptr a = A(i, k).backend().data();
      const unsigned kind = static_cast<unsigned>(rng() % 10);
      if (i == zero_row || kind == 0) {
        mpfi_set_ui(a, 0);
        continue;
      }
      const long e = exponent_for(pat, rng, i, k, m);
      const unsigned bits = kind == 1 ? 3 : prec;  // some short mantissas (exact on any grid)
      const mpfr_float x = random_mpfr(rng, prec, bits, e, rng() % 2 == 0);
      if (points_only || kind <= 4) {
        mpfi_set_fr(a, x.backend().data());
        continue;
      }
      mpfr_float w;
      if (kind <= 7)  // narrow: a few ulps
        w = random_mpfr(rng, prec, 8, e - static_cast<long>(prec) + 4, false);
      else if (kind == 8)  // wide: 2^-6 relative
        w = random_mpfr(rng, prec, prec, e - 6, false);
      else {  // straddling zero
        mpfr_float lo = -abs(random_mpfr(rng, prec, prec, e - static_cast<long>(rng() % 3), false));
        mpfi_interv_fr(a, lo.backend().data(), abs(x).backend().data());
        continue;
      }
      mpfr_float hi = incert::detail::mpfr_with_precision(static_cast<mpfr_prec_t>(prec));
      mpfr_add(hi.backend().data(), x.backend().data(), w.backend().data(), MPFR_RNDU);
      mpfi_interv_fr(a, x.backend().data(), hi.backend().data());
    }
  return A;
}

using QMat = std::vector<std::vector<mpq_class>>;

// A point of the box: lower endpoints (which = 0), upper (1), or random rationals (2).
QMat inner_point(std::mt19937_64& rng, const matrix<mpfi_float>& A, int which) {
  QMat P(static_cast<std::size_t>(A.rows()), std::vector<mpq_class>(static_cast<std::size_t>(A.cols())));
  for (Eigen::Index i = 0; i < A.rows(); ++i)
    for (Eigen::Index k = 0; k < A.cols(); ++k) {
      const mpq_class lo = lo_q(A(i, k)), hi = hi_q(A(i, k));
      mpq_class& v = P[static_cast<std::size_t>(i)][static_cast<std::size_t>(k)];
      if (which == 0) v = lo;
      else if (which == 1) v = hi;
      else v = lo + (hi - lo) * mpq_class(static_cast<long>(rng() % 1001), 1000);
    }
  return P;
}

QMat exact_product(const QMat& A, const QMat& B) {
  const std::size_t m = A.size(), K = B.size(), n = B.empty() ? 0 : B[0].size();
  QMat C(m, std::vector<mpq_class>(n, mpq_class(0)));
  for (std::size_t i = 0; i < m; ++i)
    for (std::size_t j = 0; j < n; ++j) {
      mpq_class s = 0;
      for (std::size_t k = 0; k < K; ++k) s += A[i][k] * B[k][j];
      C[i][j] = s;
    }
  return C;
}

mpq_class unit_q(unsigned prec) {
  mpz_class d = 1;
  d <<= prec;
  return mpq_class(mpz_class(1), d);
}

// Row i of M times 2^-shift[i] (rows = true) or column j times 2^-shift[j] (exact).
matrix<mpfi_float> unscaled(const matrix<mpfi_float>& M, const std::vector<long>& shift, bool rows) {
  matrix<mpfi_float> S = M;
  for (Eigen::Index i = 0; i < M.rows(); ++i)
    for (Eigen::Index j = 0; j < M.cols(); ++j)
      mpfi_mul_2si(S(i, j).backend().data(), M(i, j).backend().data(),
                   -shift[static_cast<std::size_t>(rows ? i : j)]);
  return S;
}

// Containment of the products of three pairs of inner points; tightness against the
// interval-arithmetic spread and the generic loop. With shifts, the rows of A and the columns
// of B carry factors 2^row_shift[i], 2^col_shift[j]: the checks are made on the matrices
// (and products) divided by them, exactly, to keep the rationals small.
void check_interval_product(std::mt19937_64& rng, const matrix<mpfi_float>& A0, const matrix<mpfi_float>& B0,
                            unsigned prec, const std::string& label, const std::vector<long>* row_shift = nullptr,
                            const std::vector<long>* col_shift = nullptr) {
  INFO(label << ", " << A0.rows() << " x " << A0.cols() << " times " << B0.rows() << " x " << B0.cols() << " at "
             << prec << " bits");
  auto unshift = [&](const matrix<mpfi_float>& M, bool rows_of_a, bool cols_of_b) {
    matrix<mpfi_float> S = M;
    if (rows_of_a && row_shift) S = unscaled(S, *row_shift, true);
    if (cols_of_b && col_shift) S = unscaled(S, *col_shift, false);
    return S;
  };
  const matrix<mpfi_float> A = unshift(A0, true, false), B = unshift(B0, false, true);
  const matrix<mpfi_float> Cg = unshift(incert::detail::generic_product<mpfi_float>::run(A0, B0), true, true);
  // The inner scaling the kernel applies (absolute: the grid is relative to the scaled rows / columns).
  const std::vector<long> sigma = incert::detail::fixed_point::inner_scaling(A0, B0);
  const auto pow2 = [](long e) {
    mpz_class z = 1;
    z <<= static_cast<unsigned long>(e < 0 ? -e : e);
    return e < 0 ? mpq_class(mpz_class(1), z) : mpq_class(z);
  };
  for (product_accuracy acc : {product_accuracy::tight, product_accuracy::relaxed_radius, product_accuracy::absolute}) {
    const bool relaxed = acc != product_accuracy::tight, absolute = acc == product_accuracy::absolute;
    // Rationals too large for the width check with shifts; the longest inner dimension (K = 300)
    // is left to the other two modes (the absolute check is one more exact sum per entry).
    if (absolute && (row_shift || col_shift || A.cols() > 64)) continue;
    INFO((absolute ? "absolute" : relaxed ? "relaxed_radius" : "tight"));
    const matrix<mpfi_float> C = unshift(incert::multiply(A0, B0, acc), true, true);
    REQUIRE(C.rows() == A.rows());
    REQUIRE(C.cols() == B.cols());
    int bad = 0;
    for (int which = 0; which < 3; ++which) {
      const QMat ref = exact_product(inner_point(rng, A, which), inner_point(rng, B, which));
      for (Eigen::Index i = 0; i < C.rows(); ++i)
        for (Eigen::Index j = 0; j < C.cols(); ++j) {
          const mpq_class& r = ref[static_cast<std::size_t>(i)][static_cast<std::size_t>(j)];
          if (!(mpfr_number_p(&C(i, j).backend().data()->left) && mpfr_number_p(&C(i, j).backend().data()->right) &&
                lo_q(C(i, j)) <= r && r <= hi_q(C(i, j)))) {
            ++bad;
            UNSCOPED_INFO("point set " << which << ", entry (" << i << "," << j << ") = " << show(C(i, j))
                                       << " misses " << r.get_d());
          }
        }
    }
    CHECK(bad == 0);
    const mpq_class u = unit_q(prec);
    int wide = 0;
    for (Eigen::Index i = 0; i < C.rows(); ++i)
      for (Eigen::Index j = 0; j < C.cols(); ++j) {
        mpq_class s = 0, spread = 0;
        for (Eigen::Index k = 0; k < A.cols(); ++k) {
          const mpq_class ma = mag_q(A(i, k)), mb = mag_q(B(k, j));
          s += ma * mb;
          spread += (hi_q(A(i, k)) - lo_q(A(i, k))) * mb + ma * (hi_q(B(k, j)) - lo_q(B(k, j)));
        }
        mpq_class round = 8 * (A.cols() + 1) * u * s;
        if (absolute) {  // K u (max_k' |a_ik'| 2^-s_k') |b_kj| 2^s_k + K u |a_ik| 2^-s_k (max_k' |b_k'j| 2^s_k')
          mpq_class a_max = 0, b_max = 0, sa = 0, sb = 0;
          for (Eigen::Index k = 0; k < A.cols(); ++k) {
            const mpq_class sk = pow2(sigma[static_cast<std::size_t>(k)]);
            a_max = std::max(a_max, mpq_class(mag_q(A(i, k)) / sk));
            b_max = std::max(b_max, mpq_class(mag_q(B(k, j)) * sk));
          }
          for (Eigen::Index k = 0; k < A.cols(); ++k) {
            const mpq_class sk = pow2(sigma[static_cast<std::size_t>(k)]);
            sa += mag_q(B(k, j)) * sk;
            sb += mag_q(A(i, k)) / sk;
          }
          round += 8 * (A.cols() + 1) * u * (a_max * sa + b_max * sb);
        }
        const mpq_class w = hi_q(C(i, j)) - lo_q(C(i, j)), wg = hi_q(Cg(i, j)) - lo_q(Cg(i, j));
        const mpq_class allowed = relaxed ? mpq_class(spread * (1 + unit_q(40)) + round) : mpq_class(spread + round);
        if (w > allowed || (!absolute && w > 2 * wg + round)) {
          ++wide;
          UNSCOPED_INFO("entry (" << i << "," << j << ") = " << show(C(i, j)) << ": width " << w.get_d()
                                  << ", generic width " << wg.get_d() << ", spread " << spread.get_d()
                                  << ", rounding allowance " << round.get_d());
        }
      }
    CHECK(wide == 0);
  }
}

}  // namespace

TEST_CASE("fixed-point helpers agree with GMP", "[fixed_point]") {
  std::mt19937_64 rng(7);
  incert::precision_scope scope(200);
  for (int t = 0; t < 300; ++t) {
    // window / nonzero_below on a random 4-limb number.
    fx::limb M[4];
    for (auto& l : M) l = rng() >> (rng() % 64);
    mpz_class z = 0;
    for (int i = 3; i >= 0; --i) {
      z <<= 64;
      z += static_cast<unsigned long>(M[i]);
    }
    const long s = static_cast<long>(rng() % 400) - 100;
    mpz_class expect = s >= 0 ? mpz_class(z >> static_cast<unsigned long>(s)) : mpz_class(z << static_cast<unsigned long>(-s));
    expect &= mpz_class("18446744073709551615");
    CHECK(mpz_class(static_cast<unsigned long>(fx::window(M, 4, s))) == expect);
    mpz_class low = 0;
    if (s > 0) {
      mpz_class mask = 1;
      mask <<= static_cast<unsigned long>(s);
      low = z % mask;
    }
    CHECK(fx::nonzero_below(M, 4, s) == (low != 0));

    // directed_fixed: floor / ceil of x 2^(B - e) for a random x < 2^e.
    const int N = 1 + static_cast<int>(rng() % 4);
    const long B = static_cast<long>(fx::digit_bits) * N;
    const int L = static_cast<int>((B + 63) / 64);
    const long e = static_cast<long>(rng() % 20) - 10;
    const unsigned prec = 24 + static_cast<unsigned>(rng() % 300);
    const long ex = e - static_cast<long>(rng() % 300);
    const mpfr_float x = random_mpfr(rng, prec, prec, ex, rng() % 2 == 0);
    fx::limb lo[fx::max_limbs + 1], hi[fx::max_limbs + 1];
    fx::directed_fixed(x.backend().data(), e, B, L, -1, lo);
    fx::directed_fixed(x.backend().data(), e, B, L, +1, hi);
    auto as_mpz = [&](const fx::limb* v) {  // (L + 1)-limb two's complement
      mpz_class r = 0;
      for (int i = L; i >= 0; --i) {
        r <<= 64;
        r += static_cast<unsigned long>(v[i]);
      }
      mpz_class mod = 1;
      mod <<= static_cast<unsigned long>(64 * (L + 1));
      if (v[L] >> 63) r -= mod;
      return r;
    };
    const mpq_class xs = to_q(x.backend().data()) * mpq_class(mpz_class(1) << static_cast<unsigned long>(B - e));
    const mpz_class fl = as_mpz(lo), cl = as_mpz(hi);
    INFO("x = " << show(x.backend().data()) << ", e = " << e << ", B = " << B);
    CHECK(mpq_class(fl) <= xs);
    CHECK(xs < mpq_class(fl + 1));
    CHECK(mpq_class(cl) >= xs);
    CHECK(xs > mpq_class(cl - 1));

    // upper_double: an upper bound of v 2^-B within a relative 2^-51.
    fx::limb v[fx::max_limbs] = {};
    for (int i = 0; i < L; ++i) v[i] = rng() >> (rng() % 64);
    if (B % 64) v[L - 1] &= (fx::limb(1) << (B % 64)) - 1;
    mpz_class vz = 0;
    for (int i = L - 1; i >= 0; --i) {
      vz <<= 64;
      vz += static_cast<unsigned long>(v[i]);
    }
    if (vz != 0) {
      const double up = fx::upper_double(v, L, B);
      const mpq_class vq = mpq_class(vz) / mpq_class(mpz_class(1) << static_cast<unsigned long>(B));
      CHECK(mpq_class(up) >= vq);
      CHECK(mpq_class(up) <= vq * (1 + unit_q(51)));
    }

    // ceil_scaled_to_limbs: ceil(r 2^s).
    const double r = std::ldexp(static_cast<double>(rng() >> 11), -static_cast<int>(rng() % 1100));
    const long sc = static_cast<long>(rng() % 600);
    fx::limb out[fx::max_wide];
    fx::ceil_scaled_to_limbs(r, sc, out, 12);
    mpz_class oz = 0;
    for (int i = 11; i >= 0; --i) {
      oz <<= 64;
      oz += static_cast<unsigned long>(out[i]);
    }
    const mpq_class rs = mpq_class(r) * mpq_class(mpz_class(1) << static_cast<unsigned long>(sc));
    INFO("r = " << r << ", s = " << sc);
    CHECK(mpq_class(oz) >= rs);
    CHECK(mpq_class(oz) < rs + 1);
  }
}

TEST_CASE("MPFI fixed-point products enclose the exact products and are tight", "[fixed_point][mpfi]") {
  std::mt19937_64 rng(20240601);
  struct shape {
    int m, K, n;
  };
  const std::vector<shape> shapes = {{1, 64, 1}, {4, 4, 4}, {7, 9, 5}, {12, 40, 9}, {3, 300, 4}};
  const std::vector<pattern> patterns = {pattern::uniform, pattern::spread, pattern::graded,
                                         pattern::identity_plus_tiny, pattern::huge_exponents, pattern::two_sided_graded};
  for (unsigned prec : {24u, 64u, 128u, 300u, 600u}) {
    incert::precision_scope scope(prec);
    for (const shape& sh : shapes)
      for (pattern pat : patterns) {
        if (prec == 600 && sh.K == 300) continue;  // time
        const bool a_points = rng() % 3 == 0, b_points = rng() % 3 == 0;
        const int zero_row = rng() % 4 == 0 ? static_cast<int>(rng() % static_cast<unsigned>(sh.m)) : -1;
        const matrix<mpfi_float> A = random_interval_matrix(rng, sh.m, sh.K, pat, prec, a_points, zero_row);
        const matrix<mpfi_float> Bt = random_interval_matrix(rng, sh.n, sh.K, pat, prec, b_points, -1);
        const matrix<mpfi_float> B = Bt.transpose();
        const std::string label = "pattern " + std::to_string(static_cast<int>(pat)) + (a_points ? ", A points" : "") +
                                  (b_points ? ", B points" : "");
        if (pat == pattern::huge_exponents) {
          std::vector<long> rs(static_cast<std::size_t>(sh.m)), cs(static_cast<std::size_t>(sh.n));
          for (int i = 0; i < sh.m; ++i) rs[static_cast<std::size_t>(i)] = huge_shift(i);
          for (int j = 0; j < sh.n; ++j) cs[static_cast<std::size_t>(j)] = huge_shift(j);
          check_interval_product(rng, A, B, prec, label, &rs, &cs);
        } else {
          check_interval_product(rng, A, B, prec, label);
        }
      }
  }
}

TEST_CASE("MPFI fixed-point products: structure of verified_inverse", "[fixed_point][mpfi]") {
  // R ~ C^-1 (points) times C = I + tiny (thin intervals), then E = I - R C times R: the
  // products verified_inverse makes, with the inner scaling and the double radius at work.
  std::mt19937_64 rng(99);
  incert::precision_scope scope(128);
  const int n = 30;
  matrix<mpfi_float> C = random_interval_matrix(rng, n, n, pattern::identity_plus_tiny, 128, false);
  for (int i = 0; i < n; ++i) C(i, i) = mpfi_float(1);
  matrix<mpfr_float> Cm = incert::mid_matrix(C);
  const matrix<mpfr_float> Rm = Cm.partialPivLu().inverse();
  const matrix<mpfi_float> R = incert::point_matrix<mpfi_float>(Rm);
  check_interval_product(rng, R, C, 128, "R C");
  matrix<mpfi_float> E = incert::multiply(R, C);
  E = -E;
  for (int i = 0; i < n; ++i) E(i, i) += mpfi_float(1);
  check_interval_product(rng, E, R, 128, "E R");
}

TEST_CASE("MPFI fixed-point products of graded matrices: per-product digits and the diagonal split",
          "[fixed_point][mpfi]") {
  // C = I + F with F graded on both sides over 40 (n - 1) binades, R ~ C^-1: the structure of
  // verified_inverse in closed_form_scaled when the growth factors span more than 2^1000 (the
  // n = 100 sin instance at t = ln(1/alpha)/6). Both digit rules decline R C as a whole (more
  // than 17 digits); the off-diagonal parts take about p bits under the per-product rule.
  std::mt19937_64 rng(2026);
  for (unsigned prec : {128u, 300u}) {
    incert::precision_scope scope(prec);
    const int n = 26;
    matrix<mpfi_float> C = random_interval_matrix(rng, n, n, pattern::identity_plus_graded, prec, false);
    for (int i = 0; i < n; ++i) C(i, i) = mpfi_float(1);
    const matrix<mpfr_float> Cm = incert::mid_matrix(C);
    const matrix<mpfr_float> Rm = Cm.partialPivLu().inverse();
    const matrix<mpfi_float> R = incert::point_matrix<mpfi_float>(Rm);
    matrix<mpfi_float> Ro = R, Co = C;
    for (int i = 0; i < n; ++i) Ro(i, i) = Co(i, i) = mpfi_float(0);
    INFO("precision " << prec);
    namespace fp = incert::detail::fixed_point;
    CHECK_FALSE(fp::interval_product(R, C, false).has_value());
    CHECK(fp::interval_product(Ro, Co, false).has_value());
    CHECK(fp::interval_product_off_diagonal(R, C, false).has_value());
    check_interval_product(rng, Ro, Co, prec, "Ro Co (per-product digits)");
    check_interval_product(rng, R, C, prec, "R C (diagonal split)");
    matrix<mpfi_float> E = incert::multiply(R, C);
    E = -E;
    for (int i = 0; i < n; ++i) E(i, i) += mpfi_float(1);
    check_interval_product(rng, E, R, prec, "E R");
  }
}

TEST_CASE("MPFR fixed-point point products approximate the exact product", "[fixed_point][mpfr]") {
  std::mt19937_64 rng(31);
  for (unsigned prec : {24u, 53u, 128u, 256u, 700u}) {
    incert::precision_scope scope(prec);
    for (pattern pat : {pattern::uniform, pattern::spread, pattern::graded, pattern::identity_plus_tiny,
                        pattern::two_sided_graded}) {
      const int m = 6, K = 70, n = 5;
      const matrix<mpfi_float> Ai = random_interval_matrix(rng, m, K, pat, prec, true);
      const matrix<mpfi_float> Bi = random_interval_matrix(rng, K, n, pat, prec, true);
      const matrix<mpfr_float> A = incert::mid_matrix(Ai), B = incert::mid_matrix(Bi);
      const matrix<mpfr_float> C = incert::multiply(A, B);
      const QMat ref = exact_product(inner_point(rng, Ai, 0), inner_point(rng, Bi, 0));
      const mpq_class u = unit_q(prec);
      int bad = 0;
      for (int i = 0; i < m; ++i)
        for (int j = 0; j < n; ++j) {
          mpq_class s = 0;
          for (int k = 0; k < K; ++k) s += abs_q(to_q(A(i, k).backend().data())) * abs_q(to_q(B(k, j).backend().data()));
          const mpq_class err = abs_q(to_q(C(i, j).backend().data()) - ref[static_cast<std::size_t>(i)][static_cast<std::size_t>(j)]);
          if (!(err <= 4 * (K + 1) * u * s)) {
            ++bad;
            UNSCOPED_INFO("prec " << prec << " pattern " << static_cast<int>(pat) << " entry (" << i << "," << j
                                  << "): error " << err.get_d() << ", allowance " << mpq_class(4 * (K + 1) * u * s).get_d());
          }
        }
      CHECK(bad == 0);
    }
  }
}

TEST_CASE("MPFI products: non-finite entries, zero signs, empty and exact data", "[fixed_point][mpfi]") {
  incert::precision_scope scope(128);
  std::mt19937_64 rng(5);
  matrix<mpfi_float> A = random_interval_matrix(rng, 8, 8, pattern::uniform, 128, false);
  matrix<mpfi_float> B = random_interval_matrix(rng, 8, 8, pattern::uniform, 128, false);
  // An infinite endpoint: the fixed-point form does not apply, the generic kernel answers.
  mpfr_float one = 1, inf;
  mpfr_set_inf(inf.backend().data(), 1);
  B(3, 2) = IT::interval(one, inf);
  CHECK(!incert::detail::fixed_point::interval_product(A, B, false));
  const matrix<mpfi_float> C = incert::multiply(A, B), G = incert::detail::generic_product<mpfi_float>::run(A, B);
  for (int i = 0; i < 8; ++i)
    for (int j = 0; j < 8; ++j) {
      INFO("(" << i << "," << j << ") " << show(C(i, j)) << " vs " << show(G(i, j)));
      CHECK(mpfi_cmp(C(i, j).backend().data(), G(i, j).backend().data()) == 0);
      CHECK(mpfr_equal_p(&C(i, j).backend().data()->left, &G(i, j).backend().data()->left));
    }
  // A product that is exactly zero: [+0, -0] as MPFI writes zero.
  matrix<mpfi_float> Z(4, 16), Y(16, 4);
  for (int i = 0; i < 4; ++i)
    for (int k = 0; k < 16; ++k) Z(i, k) = mpfi_float(0);
  for (int k = 0; k < 16; ++k)
    for (int j = 0; j < 4; ++j) Y(k, j) = mpfi_float(k - j);
  const matrix<mpfi_float> ZY = incert::multiply(Z, Y);
  for (int i = 0; i < 4; ++i)
    for (int j = 0; j < 4; ++j) {
      CHECK(mpfr_zero_p(&ZY(i, j).backend().data()->left));
      CHECK(!mpfr_signbit(&ZY(i, j).backend().data()->left));
      CHECK(mpfr_zero_p(&ZY(i, j).backend().data()->right));
      CHECK(mpfr_signbit(&ZY(i, j).backend().data()->right));
    }
  // Integer data: exact, as points.
  matrix<mpfi_float> P(5, 20), Q(20, 6);
  for (int i = 0; i < 5; ++i)
    for (int k = 0; k < 20; ++k) P(i, k) = mpfi_float(static_cast<long>(rng() % 2001) - 1000);
  for (int k = 0; k < 20; ++k)
    for (int j = 0; j < 6; ++j) Q(k, j) = mpfi_float(static_cast<long>(rng() % 2001) - 1000);
  const matrix<mpfi_float> PQ = incert::multiply(P, Q);
  for (int i = 0; i < 5; ++i)
    for (int j = 0; j < 6; ++j) {
      mpq_class s = 0;
      for (int k = 0; k < 20; ++k) s += lo_q(P(i, k)) * lo_q(Q(k, j));
      CHECK(lo_q(PQ(i, j)) == s);
      CHECK(hi_q(PQ(i, j)) == s);
    }
}

TEST_CASE("fixed-point digit counts saturate instead of overflowing", "[fixed_point]") {
  using incert::detail::fixed_point::digits_for_bits;
  CHECK(digits_for_bits(0) == 1);
  CHECK(digits_for_bits(60) == 1);
  CHECK(digits_for_bits(61) == 2);
  // An exponent spread of 2^-1.78e11 (a rank-one initialization far in time) used to give a
  // negative digit count and a vector of 2^64 - 3e10 entries.
  CHECK(digits_for_bits(178344656779L) > 17);
  CHECK(digits_for_bits(std::numeric_limits<long>::max() - 100) == std::numeric_limits<int>::max());
}

TEST_CASE("the per-product digit rule: bits for the spread of the products, declined near underflow", "[fixed_point]") {
  namespace fp = incert::detail::fixed_point;
  incert::precision_scope scope(128);
  // The rule of convert_pair on A B (per-entry rule's need, per-product rule's bits).
  const auto rules = [](const matrix<mpfi_float>& A, const matrix<mpfi_float>& B, long& per_entry) {
    const long tight = fp::tight_bits_for(128, A.cols());
    const std::vector<long> sigma = fp::inner_scaling(A, B);
    const fp::view_rows<mpfi_float> va{A, sigma};
    const fp::view_cols<mpfi_float> vb{B, sigma};
    std::vector<long> ea, eb;
    per_entry = 0;
    REQUIRE(fp::scan(va, A.rows(), A.cols(), tight, false, ea, per_entry));
    REQUIRE(fp::scan(vb, B.cols(), B.rows(), tight, false, eb, per_entry));
    return fp::per_product_bits(va, vb, A.rows(), A.cols(), B.cols(), ea, eb, tight);
  };
  // [[1, x], [x, 1]]^2 = [[1 + x^2, 2x], [2x, 1 + x^2]]: the off-diagonal sums are 2x, so both
  // rules need about log2(1/x) + p bits; near double's underflow (x = 2^-1040) the double sums
  // are subnormal and the per-product rule declines (an overflowing ratio once gave a bogus 3-digit
  // grid and widths 2^65 times the loop's on the n = 100 sin instance).
  for (long e : {-100L, -500L, -1040L}) {
    INFO("x = 2^" << e);
    mpfr_float x = 1;
    mpfr_mul_2si(x.backend().data(), x.backend().data(), e, MPFR_RNDN);
    matrix<mpfi_float> A(2, 2);
    A << mpfi_float(1), mpfi_float(x), mpfi_float(x), mpfi_float(1);
    long per_entry = 0;
    const long per_product = rules(A, A, per_entry);
    const long tight = fp::tight_bits_for(128, 2);
    CHECK(per_entry == tight - e);
    if (e == -1040) {
      CHECK(per_product == -1);
    } else {
      CHECK(per_product >= tight - e);
      CHECK(per_product <= tight - e + 4);
    }
  }
  // Two-sided grading |a_ik| ~ 2^-(40 i + 40 k): rows span 40 (K - 1) binades (the per-entry rule
  // needs them all), the sums are dominated by k = 0 (the per-product rule needs only p bits).
  std::mt19937_64 rng(11);
  const matrix<mpfi_float> A = random_interval_matrix(rng, 5, 40, pattern::two_sided_graded, 128, true);
  const matrix<mpfi_float> Bt = random_interval_matrix(rng, 4, 40, pattern::two_sided_graded, 128, true);
  matrix<mpfi_float> A1 = A, B1 = Bt.transpose();
  for (int i = 0; i < 5; ++i) A1(i, 0) = mpfi_float(1);  // no zeros where the sums start
  for (int j = 0; j < 4; ++j) B1(0, j) = mpfi_float(1);
  long per_entry = 0;
  const long per_product = rules(A1, B1, per_entry);
  const long tight = fp::tight_bits_for(128, 40);
  CHECK(per_entry > 1020);
  CHECK(per_product >= tight);
  CHECK(per_product <= tight + 8);
  CHECK(fp::interval_product(A1, B1, false).has_value());
  check_interval_product(rng, A1, B1, 128, "two-sided graded, per-product digits");
}
