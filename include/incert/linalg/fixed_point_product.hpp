// incert/linalg/fixed_point_product.hpp
//
// Fast products of MPFR / MPFI matrices by exact integer arithmetic; derivation in
// proofs/fast_products.md, section 2.
//
//  * Inner-dimension scaling: A B = (A S^-1)(S B) with S = diag(2^sigma_k), exact, sigma_k
//    balancing column k of A against row k of B (inner_scaling).
//  * Every row of the left factor and every column of the right factor gets one exponent e
//    (its entries are < 2^e in magnitude). An entry x becomes an integer in units of 2^(e - B),
//    B = D N, stored as N signed digits of D = 60 bits. N follows from the working precision p
//    and the spread of exponents inside the rows / columns (bits_needed): every entry is held
//    to within one unit <= K 2^-p |x|, so the grid costs no more than the K u sum |a||b| a
//    floating-point dot product may lose. Non-finite entries, N > max_digits or extreme
//    exponents: nothing is returned and the caller uses its generic kernel.
//  * Interval entries [lo, hi]: lo rounded down and hi rounded up to the grid, then
//    m = trunc((lo' + hi') / 2), r = max(hi' - m, m - lo'), so [lo, hi] is inside [m - r, m + r].
//    A point not on the grid gets r = 1.
//  * S_ij = sum_k m_ik m'_kj is computed EXACTLY: 64 x 64 -> 128-bit digit products summed in
//    128-bit column accumulators, normalised before they can overflow.
//  * The radius R_ij >= sum_k |m_ik| r'_kj + r_ik |m'_kj| + r_ik r'_kj (Rump) either by double
//    GEMMs rounded upward on the scaled values (fast; relative overestimation < 2^-40), used
//    when that overestimation is below the rounding allowance K 2^-p sum |a||b| of every
//    entry or when the caller accepts it (product_accuracy::relaxed_radius), or else exactly in
//    integers like S.
//  * Then (A B)_ij is in [S - R, S + R] 2^(e_i + f_j - 2B) for every matrix in the input boxes,
//    and S - R, S + R are rounded down / up once to the working precision (mpfr_set_z_2exp).
//  * Point products (mpfr_float) use the same integers, truncated toward zero, and round the
//    exact dot product to nearest once: an approximation.
#pragma once

#include "incert/linalg/midrad_product.hpp"
#include "incert/scalar/eigen_support.hpp"

#include <gmp.h>
#include <mpfi.h>
#include <mpfr.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <optional>
#include <utility>
#include <limits>
#include <vector>

namespace incert {
namespace detail {
namespace fixed_point {

using limb = mp_limb_t;
using u128 = unsigned __int128;
using i128 = __int128;
using digit = std::int64_t;
static_assert(sizeof(mp_limb_t) == 8 && GMP_NUMB_BITS == 64 && GMP_NAIL_BITS == 0,
              "the fixed-point kernels assume 64-bit GMP limbs without nails");

// Entries are integers below 2^B, B = D N, cut into N signed digits of D bits (all digits of
// an entry carry its sign). Digit products are below 2^(2 D) = 2^120 in magnitude; a 128-bit
// column sum is normalised (carries moved up) every chunk_terms(N) terms, before 128 products
// could pile up in one column.
constexpr int digit_bits = 60;
constexpr int max_digits = 17;  // B <= 1020 bits; beyond, the generic kernels are used
constexpr int max_limbs = (digit_bits * max_digits + 63) / 64 + 1;          // an entry in 64-bit limbs (+1)
constexpr int max_wide = (2 * digit_bits * max_digits + 64 + 63) / 64 + 2;  // a dot product
constexpr int max_columns = 2 * max_digits;
// Group exponents beyond this magnitude (MPFR allows up to 2^62) fall back as well, so that
// e_i + f_j - 2 B never overflows a long.
constexpr long max_group_exponent = 1L << 60;

// ------------------------------------------------------------------ limb helpers

// Bits [s, s + 64) of the k-limb natural number M (bits outside [0, 64 k) read as zero).
inline limb window(const limb* M, long k, long s) {
  const long q = s >> 6;  // floor(s / 64), s may be negative
  const int r = static_cast<int>(s & 63);
  const limb lo = (q >= 0 && q < k) ? M[q] : 0;
  if (r == 0) return lo;
  const limb hi = (q + 1 >= 0 && q + 1 < k) ? M[q + 1] : 0;
  return (lo >> r) | (hi << (64 - r));
}

// Is some bit of M at a position < s set?
inline bool nonzero_below(const limb* M, long k, long s) {
  if (s <= 0) return false;
  const long q = s >> 6;
  const int r = static_cast<int>(s & 63);
  const long full = std::min(q, k);
  for (long i = 0; i < full; ++i)
    if (M[i]) return true;
  if (q < k && r != 0 && (M[q] & ((limb(1) << r) - 1))) return true;
  return false;
}

// x regular with |x| < 2^e: out[0..L) = floor(|x| 2^(B - e)) (< 2^B, L = ceil(B / 64));
// returns true if inexact.
inline bool magnitude_of(mpfr_srcptr x, long e, long B, int L, limb* out) {
  const limb* M = static_cast<const limb*>(mpfr_custom_get_significand(x));
  const long k = static_cast<long>((mpfr_get_prec(x) + 63) / 64);
  // |x| = M 2^(E - 64 k), so |x| 2^(B - e) = M 2^sh.
  const long sh = static_cast<long>(mpfr_get_exp(x)) - e + B - 64L * k;
  for (int i = 0; i < L; ++i) out[i] = window(M, k, 64L * i - sh);
  return nonzero_below(M, k, -sh);
}

// W-limb two's complement helpers.
inline void tc_negate(limb* x, int W) {
  limb carry = 1;
  for (int i = 0; i < W; ++i) {
    const limb v = ~x[i] + carry;
    carry = (carry && v == 0) ? 1 : 0;
    x[i] = v;
  }
}
inline void tc_add(limb* r, const limb* a, const limb* b, int W) {
  limb carry = 0;
  for (int i = 0; i < W; ++i) {
    const u128 t = static_cast<u128>(a[i]) + b[i] + carry;
    r[i] = static_cast<limb>(t);
    carry = static_cast<limb>(t >> 64);
  }
}
inline void tc_sub(limb* r, const limb* a, const limb* b, int W) {
  limb borrow = 0;
  for (int i = 0; i < W; ++i) {
    const limb ai = a[i], bi = b[i];
    r[i] = ai - bi - borrow;
    borrow = (ai < bi || (ai == bi && borrow)) ? 1 : 0;
  }
}
inline bool tc_is_negative(const limb* x, int W) { return (x[W - 1] >> 63) != 0; }
// Unsigned comparison a < b.
inline bool un_less(const limb* a, const limb* b, int W) {
  for (int i = W - 1; i >= 0; --i)
    if (a[i] != b[i]) return a[i] < b[i];
  return false;
}
// out += v 2^s (W-limb two's complement, modulo 2^(64 W)), 0 <= s < 64 (W - 2).
inline void tc_add_shifted(limb* out, int W, i128 v, long s) {
  const long q = s >> 6;
  const int r = static_cast<int>(s & 63);
  const limb lo = static_cast<limb>(static_cast<u128>(v)), hi = static_cast<limb>(static_cast<u128>(v) >> 64);
  const limb ext = v < 0 ? ~limb(0) : 0;
  limb t[3];
  if (r == 0) {
    t[0] = lo, t[1] = hi, t[2] = ext;
  } else {
    t[0] = lo << r;
    t[1] = (lo >> (64 - r)) | (hi << r);
    t[2] = static_cast<limb>(static_cast<std::int64_t>(hi) >> (64 - r));  // sign-extended top bits
  }
  limb carry = 0;
  for (long i = q; i < W; ++i) {
    const limb add = i - q < 3 ? t[i - q] : ext;
    const u128 sum = static_cast<u128>(out[i]) + add + carry;
    out[i] = static_cast<limb>(sum);
    carry = static_cast<limb>(sum >> 64);
  }
}

// x 2^(B - e) rounded to an integer (dir < 0: floor, dir > 0: ceiling), as an (L + 1)-limb
// two's complement number. x zero or regular with |x| < 2^e.
inline void directed_fixed(mpfr_srcptr x, long e, long B, int L, int dir, limb* out) {
  std::fill(out, out + L + 1, limb(0));
  if (mpfr_zero_p(x)) return;
  const bool inexact = magnitude_of(x, e, B, L, out);
  const bool negative = mpfr_sgn(x) < 0;
  // |x| 2^(B - e) is in [mag, mag + 1), exactly mag when !inexact.
  if (inexact && ((dir > 0) != negative)) {  // away from zero: mag + 1
    for (int i = 0; i <= L; ++i)
      if (++out[i] != 0) break;
  }
  if (negative) tc_negate(out, L + 1);
}

// An upper bound of x 2^-B as a double, x a natural number of L limbs with 1 <= x < 2^B,
// B <= 1020 (so the result is a normal double and the scaling is exact).
inline double upper_double(const limb* x, int L, long B) {
  int h = L - 1;
  while (h > 0 && x[h] == 0) --h;
  if (x[h] == 0) return 0;
  const long msb = 64L * h + 63 - __builtin_clzll(x[h]);
  const long s = msb - 63;  // window [s, s + 64) holds the leading 64 bits
  const limb w = window(x, L, s);
  limb m = w >> 11;  // 53 bits
  if ((w & 0x7FF) != 0 || nonzero_below(x, L, s)) ++m;  // round up (m <= 2^53: exact)
  return std::ldexp(static_cast<double>(m), static_cast<int>(s + 11 - B));
}

// Bits of grid needed for x in a group of exponent e: all of x's mantissa, or the working
// precision relative to x (tight_bits), whichever is less (see tight_bits_for). With
// `absolute`, the working precision relative to the group's bound 2^e instead: entries far
// below the largest of their row / column are rounded outward to a coarser grid.
inline long bits_needed(mpfr_srcptr x, long e, long tight_bits, bool absolute) {
  if (!mpfr_regular_p(x)) return 0;
  const long d = e - static_cast<long>(mpfr_get_exp(x));
  if (absolute) return std::min(d + static_cast<long>(mpfr_get_prec(x)), tight_bits);
  return d + std::min(static_cast<long>(mpfr_get_prec(x)), tight_bits);
}

// ------------------------------------------------------------------ operands

// A matrix cut into groups (rows of a left factor, columns of a right factor); the entry
// (g, k) is the integer sum_u dig[u] 2^(D u) in units of 2^(expo[g] - B), B = D N, with a
// radius (natural number, same units) when has_rad.
struct operand {
  Eigen::Index groups = 0, len = 0;
  int N = 0;
  std::vector<digit> dig;      // entry (g, k) at (g * len + k) * N, signed digits
  std::vector<digit> absdig;   // |dig|, when needed for an exact radius product
  std::vector<digit> rad;      // radius digits (>= 0), when has_rad
  std::vector<double> abs_up;  // (g * len + k): upper bound of |mid| 2^-B (rigorous mode)
  std::vector<double> rad_up;  // (g * len + k): upper bound of rad in units (rigorous mode; >= 1 or 0)
  std::vector<long> expo;      // per group: every entry is < 2^expo in magnitude
  bool has_rad = false;
};

// The entry (g, k) of a group view: [first, second] * 2^shift (first == second for a point).
// The shift is the exact power-of-two scaling of the inner dimension (convert_pair).
struct endpoints {
  mpfr_srcptr first, second;
  long shift;
};

// First pass over a group view: group exponents, and the largest bits_needed. Returns false
// if some endpoint is not finite or an exponent is extreme.
template <class View>
bool scan(const View& view, Eigen::Index groups, Eigen::Index len, long tight_bits, bool absolute, std::vector<long>& expo,
          long& need) {
  expo.assign(static_cast<std::size_t>(groups), 0);
  for (Eigen::Index g = 0; g < groups; ++g) {
    bool any = false, straddles = false;
    long e = 0;
    for (Eigen::Index k = 0; k < len; ++k) {
      const endpoints x = view(g, k);
      for (mpfr_srcptr y : {x.first, x.second}) {
        if (mpfr_zero_p(y)) continue;
        if (!mpfr_regular_p(y)) return false;
        const long ey = static_cast<long>(mpfr_get_exp(y)) + x.shift;
        e = any ? std::max(e, ey) : ey;
        any = true;
      }
      if (x.first != x.second && mpfr_sgn(x.first) < 0 && mpfr_sgn(x.second) > 0) straddles = true;
    }
    // An interval straddling 0 could have a radius of 2^e: one more bit keeps radii < 2^B.
    if (straddles) ++e;
    if (e > max_group_exponent || e < -max_group_exponent) return false;
    expo[static_cast<std::size_t>(g)] = e;
    for (Eigen::Index k = 0; k < len; ++k) {
      const endpoints x = view(g, k);
      need = std::max(need, bits_needed(x.first, e - x.shift, tight_bits, absolute));
      if (x.second != x.first) need = std::max(need, bits_needed(x.second, e - x.shift, tight_bits, absolute));
    }
  }
  return true;
}

// The D-bit digits of a natural number m < 2^B (L limbs), with a sign.
inline void split_digits(const limb* m, int L, int N, bool negative, digit* out) {
  const limb mask = (limb(1) << digit_bits) - 1;
  for (int u = 0; u < N; ++u) {
    const digit d = static_cast<digit>(window(m, L, static_cast<long>(digit_bits) * u) & mask);
    out[u] = negative ? -d : d;
  }
}

// Second pass: the integers. rigorous: grid errors go into the radius (intervals); otherwise
// points are truncated toward zero and no radius is kept.
template <class View>
operand convert(const View& view, Eigen::Index groups, Eigen::Index len, int N, std::vector<long> expo,
                bool rigorous) {
  operand op;
  op.groups = groups;
  op.len = len;
  op.N = N;
  op.expo = std::move(expo);
  const long B = static_cast<long>(digit_bits) * N;
  const int L = static_cast<int>((B + 63) / 64), W = L + 1;
  const std::size_t count = static_cast<std::size_t>(groups * len), sN = static_cast<std::size_t>(N);
  op.dig.assign(count * sN, 0);
  if (rigorous) {
    op.rad.assign(count * sN, 0);
    op.abs_up.assign(count, 0.0);
    op.rad_up.assign(count, 0.0);
  }
  limb mag[max_limbs + 1], lo_f[max_limbs + 1], hi_f[max_limbs + 1], sum[max_limbs + 1], mid[max_limbs + 1],
      d1[max_limbs + 1], d2[max_limbs + 1];
  for (Eigen::Index g = 0; g < groups; ++g) {
    const long e = op.expo[static_cast<std::size_t>(g)];
    for (Eigen::Index k = 0; k < len; ++k) {
      const std::size_t idx = static_cast<std::size_t>(g * len + k);
      digit* dg = op.dig.data() + idx * sN;
      const endpoints x = view(g, k);
      const long ex = e - x.shift;  // |x 2^shift| < 2^e: |x| < 2^ex
      const bool point = x.first == x.second || mpfr_equal_p(x.first, x.second);
      if (point) {
        if (mpfr_zero_p(x.first)) continue;
        const bool inexact = magnitude_of(x.first, ex, B, L, mag);
        split_digits(mag, L, N, mpfr_sgn(x.first) < 0, dg);
        if (rigorous) {
          op.abs_up[idx] = upper_double(mag, L, B);
          if (inexact) {  // |x| in (mag, mag + 1): midpoint +-mag, radius 1
            op.rad[idx * sN] = 1;
            op.rad_up[idx] = 1;
            op.has_rad = true;
          }
        }
        continue;
      }
      // A proper interval (only in rigorous mode).
      directed_fixed(x.first, ex, B, L, -1, lo_f);
      directed_fixed(x.second, ex, B, L, +1, hi_f);
      tc_add(sum, lo_f, hi_f, W);
      // mid = trunc(sum / 2): arithmetic shift (floor), then +1 for a negative odd sum.
      const bool neg = tc_is_negative(sum, W), odd = (sum[0] & 1) != 0;
      for (int i = 0; i < W; ++i)
        mid[i] = (sum[i] >> 1) | (i + 1 < W ? sum[i + 1] << 63 : (neg ? limb(1) << 63 : 0));
      if (neg && odd)
        for (int i = 0; i < W; ++i)
          if (++mid[i] != 0) break;
      tc_sub(d1, hi_f, mid, W);
      tc_sub(d2, mid, lo_f, W);
      const limb* r = un_less(d1, d2, W) ? d2 : d1;
      split_digits(r, W, N, false, op.rad.data() + idx * sN);  // < 2^B
      op.rad_up[idx] = upper_double(r, W, 0);
      op.has_rad = true;
      const bool mneg = tc_is_negative(mid, W);
      if (mneg) tc_negate(mid, W);
      split_digits(mid, W, N, mneg, dg);  // |mid| < 2^B
      op.abs_up[idx] = upper_double(mid, W, B);
    }
  }
  return op;
}

inline void fill_abs(operand& op) {
  op.absdig.resize(op.dig.size());
  for (std::size_t i = 0; i < op.dig.size(); ++i) op.absdig[i] = op.dig[i] < 0 ? -op.dig[i] : op.dig[i];
}

// ------------------------------------------------------------------ exact dot products

// Terms per chunk: a column receives at most N products of magnitude < 2^120 per term, and
// starts a chunk below 2^61 (after normalisation): kc N 2^120 + 2^61 < 2^127.
inline Eigen::Index chunk_terms(int N) { return (Eigen::Index(1) << (127 - 2 * digit_bits)) / N - 1; }

// Moves the carries of columns 0 .. C-2 up: afterwards 0 <= c_w < 2^D for w < C - 1.
inline void normalize_columns(i128* c, int C) {
  for (int w = 0; w + 1 < C; ++w) {
    const i128 carry = c[w] >> digit_bits;  // floor
    c[w] -= carry * (i128(1) << digit_bits);
    c[w + 1] += carry;
  }
}

// cols[(i n + j) C + w] += sum_k sum_{u + v = w} X_(i,k),u Y_(j,k),v with C = 2 N columns
// (the last only collects carries): the dot product is sum_w cols_w 2^(D w), exactly. X in a
// left operand's layout (m groups), Y in a right operand's (n groups). Columns are normalised
// on exit. NT = N at compile time, or 0 for a run-time N.
template <int NT>
void dots(const digit* X, const digit* Y, Eigen::Index m, Eigen::Index n, Eigen::Index K, int Nrt, i128* cols) {
  const int N = NT ? NT : Nrt;
  const int C = 2 * N;
  const Eigen::Index kc = chunk_terms(N);
  for (Eigen::Index i = 0; i < m; ++i) {
    const digit* xrow = X + i * K * N;
    for (Eigen::Index j = 0; j < n; ++j) {
      const digit* ycol = Y + j * K * N;
      i128* out = cols + (i * n + j) * C;
      i128 c[NT ? 2 * NT : max_columns];
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC unroll 16
#endif
      for (int w = 0; w < C; ++w) c[w] = out[w];
      for (Eigen::Index k0 = 0; k0 < K; k0 += kc) {
        const Eigen::Index k1 = std::min(K, k0 + kc);
        for (Eigen::Index k = k0; k < k1; ++k) {
          const digit* a = xrow + k * N;
          const digit* b = ycol + k * N;
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC unroll 8
#endif
          for (int u = 0; u < N; ++u)
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC unroll 8
#endif
            for (int v = 0; v < N; ++v) c[u + v] += static_cast<i128>(a[u]) * b[v];
        }
        normalize_columns(c, C);
      }
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC unroll 16
#endif
      for (int w = 0; w < C; ++w) out[w] = c[w];
    }
  }
}

inline void run_dots(const digit* X, const digit* Y, Eigen::Index m, Eigen::Index n, Eigen::Index K, int N,
                     std::vector<i128>& cols) {
  switch (N) {
    case 1: dots<1>(X, Y, m, n, K, N, cols.data()); break;
    case 2: dots<2>(X, Y, m, n, K, N, cols.data()); break;
    case 3: dots<3>(X, Y, m, n, K, N, cols.data()); break;
    case 4: dots<4>(X, Y, m, n, K, N, cols.data()); break;
    case 5: dots<5>(X, Y, m, n, K, N, cols.data()); break;
    default: dots<0>(X, Y, m, n, K, N, cols.data()); break;
  }
}

// sum_w c_w 2^(D w) as a W-limb two's complement number.
inline void columns_to_limbs(const i128* c, int C, limb* out, int W) {
  std::fill(out, out + W, limb(0));
  for (int w = 0; w < C; ++w)
    if (c[w] != 0) tc_add_shifted(out, W, c[w], static_cast<long>(digit_bits) * w);
}

// out = ceil(r 2^s) as a W-limb number, r >= 0 a finite double.
inline void ceil_scaled_to_limbs(double r, long s, limb* out, int W) {
  std::fill(out, out + W, limb(0));
  if (!(r > 0)) return;
  int q;
  const double f = std::frexp(r, &q);  // r = f 2^q, f in [1/2, 1)
  const limb m = static_cast<limb>(std::ldexp(f, 53));  // exact: r = m 2^(q - 53)
  const long sh = q - 53 + s;
  if (sh >= 0) {
    tc_add_shifted(out, W, static_cast<i128>(m), sh);
  } else {
    const long rs = -sh;
    const limb v = rs >= 64 ? 0 : m >> rs;
    const bool rest = rs >= 64 ? m != 0 : (m & ((limb(1) << rs) - 1)) != 0;
    out[0] = v + (rest ? 1 : 0);
  }
}

// rop = x 2^exp rounded in direction rnd, x a W-limb two's complement number.
inline void set_mpfr(mpfr_ptr rop, const limb* x, int W, long exp, mpfr_rnd_t rnd) {
  limb tmp[max_wide];
  mp_size_t size = W;
  const limb* mag = x;
  if (tc_is_negative(x, W)) {
    std::copy(x, x + W, tmp);
    tc_negate(tmp, W);
    mag = tmp;
    size = -W;
  }
  mpz_t z;
  mpz_roinit_n(z, mag, size);
  mpfr_set_z_2exp(rop, z, static_cast<mpfr_exp_t>(exp), rnd);
}

// ------------------------------------------------------------------ digit count

// An entry x < 2^e with exponent E (so |x| >= 2^(E-1)) is held to within one unit
// 2^(e - B) <= K 2^-p |x| when B >= (e - E) + p + 1 - floor(log2 K): then the grid errors
// stay within the K u sum |a||b| allowance of a floating-point dot product
// (proofs/fast_products.md, section 2.5).
inline long tight_bits_for(unsigned precision, Eigen::Index K) {
  long lg = 0;
  while ((Eigen::Index(2) << lg) <= K) ++lg;  // floor(log2 K) for K >= 1, 0 for K <= 1
  return static_cast<long>(precision) + 1 - lg;
}

// Saturates (no int overflow) for the huge exponent spreads of nearly singular or far-in-time
// ranges (2^-10^11 next to 1): such a count exceeds max_digits and the generic kernel is used.
inline int digits_for_bits(long bits) {
  const long d = std::max(1L, (bits + digit_bits - 1) / digit_bits);
  return static_cast<int>(std::min<long>(d, std::numeric_limits<int>::max()));
}

// ------------------------------------------------------------------ the products

inline endpoints endpoints_of(const mpfi_float& x, long shift) {
  mpfi_srcptr p = x.backend().data();
  return {&p->left, &p->right, shift};
}
inline endpoints endpoints_of(const mpfr_float& x, long shift) {
  mpfr_srcptr p = x.backend().data();
  return {p, p, shift};
}

// Group g = row g of M, its entry k scaled by 2^-sigma_k.
template <class T>
struct view_rows {
  const matrix<T>& M;
  const std::vector<long>& sigma;
  endpoints operator()(Eigen::Index g, Eigen::Index k) const {
    return endpoints_of(M(g, k), -sigma[static_cast<std::size_t>(k)]);
  }
};
// Group g = column g of M, its entry k scaled by 2^sigma_k.
template <class T>
struct view_cols {
  const matrix<T>& M;
  const std::vector<long>& sigma;
  endpoints operator()(Eigen::Index g, Eigen::Index k) const {
    return endpoints_of(M(k, g), sigma[static_cast<std::size_t>(k)]);
  }
};

// Largest exponent of the regular endpoints of column k of M (by_rows = false) or of row k
// (by_rows = true); false if there is none.
template <class T>
bool line_exponent(const matrix<T>& M, Eigen::Index k, bool by_rows, long& e) {
  bool any = false;
  const Eigen::Index len = by_rows ? M.cols() : M.rows();
  for (Eigen::Index i = 0; i < len; ++i) {
    const endpoints x = endpoints_of(by_rows ? M(k, i) : M(i, k), 0);
    for (mpfr_srcptr y : {x.first, x.second})
      if (mpfr_regular_p(y)) {
        const long ey = static_cast<long>(mpfr_get_exp(y));
        e = any ? std::max(e, ey) : ey;
        any = true;
      }
  }
  return any;
}

// Inner-dimension scaling A B = (A S^-1)(S B), S = diag(2^sigma_k): exact, and it balances
// the largest exponent of column k of A against that of row k of B. When the magnitudes
// factor like |A_ik| ~ x_i y_k, |B_kj| ~ z_k w_j, the rows of A S^-1 and the columns of S B
// then have no spread left from y and z, and the grid needs fewer digits.
template <class T>
std::vector<long> inner_scaling(const matrix<T>& A, const matrix<T>& B) {
  std::vector<long> sigma(static_cast<std::size_t>(A.cols()), 0);
  for (Eigen::Index k = 0; k < A.cols(); ++k) {
    long ea = 0, eb = 0;
    if (!line_exponent(A, k, false, ea) || !line_exponent(B, k, true, eb)) continue;
    if (ea > max_group_exponent || ea < -max_group_exponent || eb > max_group_exponent || eb < -max_group_exponent)
      continue;
    const long d = ea - eb;
    sigma[static_cast<std::size_t>(k)] = d >= 0 ? d / 2 : -((-d + 1) / 2);  // floor(d / 2)
  }
  return sigma;
}

// |x| 2^-e for the larger endpoint of a group view's entry in a group of exponent e, as a double
// (an estimate: only the digit count depends on it, never the enclosure). Below double's range: 0.
inline double scaled_magnitude(const endpoints& x, long e) {
  double best = 0;
  for (mpfr_srcptr y : {x.first, x.second}) {
    if (!mpfr_regular_p(y)) continue;
    long ey = 0;
    const double d = std::fabs(mpfr_get_d_2exp(&ey, y, MPFR_RNDN));  // |y| = d 2^ey, d in [1/2, 1]
    const long s = ey + x.shift - e;                                 // <= 0 inside the group
    best = std::max(best, s < -1100 ? 0.0 : std::ldexp(d, static_cast<int>(s)));
  }
  return best;
}

// The per-product digit rule (proofs/fast_products.md, section 2.6b): the grid errors of output
// (i, j) stay within the same K u sum_k |a_ik||b_kj| allowance as with the per-entry rule when
//     B >= tight + log2(max(sa_i, sb_j) / T_ij) + 2,
// with the magnitudes scaled by their group bounds, a'_ik = |a_ik| 2^-e_i, b'_kj = |b_kj| 2^-f_j,
// sa_i = sum_k a'_ik, sb_j = sum_k b'_kj, T_ij = sum_k a'_ik b'_kj (a double GEMM). It needs
// digits only for the exponent spread that the products themselves have, not for tiny entries
// whose products are tiny next to the sum they enter (graded R C in verified_inverse, where
// the per-entry rule needs more than 17 digits). Returns a bit count, or -1 when some T_ij is
// below 2^-900 (then the per-entry rule alone decides).
template <class ViewA, class ViewB>
long per_product_bits(const ViewA& va, const ViewB& vb, Eigen::Index m, Eigen::Index K, Eigen::Index n,
                      const std::vector<long>& ea, const std::vector<long>& eb, long tight) {
  using dmat = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic>;
  dmat a(m, K), b(K, n);
  for (Eigen::Index k = 0; k < K; ++k)
    for (Eigen::Index i = 0; i < m; ++i) a(i, k) = scaled_magnitude(va(i, k), ea[static_cast<std::size_t>(i)]);
  for (Eigen::Index j = 0; j < n; ++j)
    for (Eigen::Index k = 0; k < K; ++k) b(k, j) = scaled_magnitude(vb(j, k), eb[static_cast<std::size_t>(j)]);
  const dmat T = a * b;
  const Eigen::VectorXd sa = a.rowwise().sum();
  const Eigen::RowVectorXd sb = b.colwise().sum();
  double worst = 1;  // the largest max(sa_i, sb_j) / T_ij
  for (Eigen::Index j = 0; j < n; ++j)
    for (Eigen::Index i = 0; i < m; ++i) {
      if (sa(i) == 0 || sb(j) == 0) continue;  // a zero row or column: every product is exact
      // A sum near double's underflow is not known to a relative accuracy (subnormal terms):
      // then the per-entry rule decides. Such a sum would need over 900 bits in any case.
      if (!(T(i, j) >= 0x1p-900)) return -1;
      worst = std::max(worst, std::max(sa(i), sb(j)) / T(i, j));
    }
  int lg = 0;
  std::frexp(worst, &lg);  // worst < 2^lg
  return tight + lg + 2;
}

// Both factors as fixed-point operands with a common digit count, or nothing (use the
// generic kernel). N = 0: chosen by the tightness rules (relative to each entry, or to each
// product sum, whichever needs fewer digits; with `absolute` relative to each row / column
// bound); otherwise that many digits.
template <class T>
std::optional<std::pair<operand, operand>> convert_pair(const matrix<T>& A, const matrix<T>& B, bool rigorous,
                                                        unsigned precision, int N, bool absolute = false) {
  const long tight = tight_bits_for(precision, A.cols());
  std::vector<long> ea, eb;
  long need = 0;
  const std::vector<long> sigma = inner_scaling(A, B);
  view_rows<T> va{A, sigma};
  view_cols<T> vb{B, sigma};
  if (!scan(va, A.rows(), A.cols(), tight, absolute, ea, need)) return std::nullopt;
  if (!scan(vb, B.cols(), B.rows(), tight, absolute, eb, need)) return std::nullopt;
  if (N == 0 && !absolute && digits_for_bits(need) > digits_for_bits(tight + 2)) {
    const long per_product = per_product_bits(va, vb, A.rows(), A.cols(), B.cols(), ea, eb, tight);
    if (per_product >= 0) need = std::min(need, per_product);
  }
  if (N == 0) N = digits_for_bits(need);
  if (N > max_digits) return std::nullopt;
  operand a = convert(va, A.rows(), A.cols(), N, std::move(ea), rigorous);
  operand b = convert(vb, B.cols(), B.rows(), N, std::move(eb), rigorous);
  return std::make_pair(std::move(a), std::move(b));
}

inline int wide_limbs(int N) { return static_cast<int>((2L * digit_bits * N + 64 + 63) / 64) + 1; }

using dmat = midrad::dmat;

// Upper bounds of the radius sums in double, in units of 2^(e_i + f_j - B) (upward GEMMs), and
// of sum_k |m_ik||m'_kj| in units of 2^(e_i + f_j) when tsum is given. False if the rounding
// mode cannot be set. Every term of the radius is at least 2^-B >= 2^-1020 or zero (midpoints
// are at least one unit, radii are whole units), so no term underflows and the overestimation
// stays relative, (K + 3) 2^-52 (in units of 2^(e_i + f_j), a term |m| 2^-B r 2^-B could fall
// below double's range and be rounded up to 2^-1074; proofs/fast_products.md section 2.4).
inline bool radius_in_double(const operand& a, const operand& b, dmat& rad, dmat* tsum) {
  const Eigen::Index m = a.groups, n = b.groups, K = a.len;
  using rowmajor = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  const dmat aa = Eigen::Map<const rowmajor>(a.abs_up.data(), m, K);
  const dmat ar = Eigen::Map<const rowmajor>(a.rad_up.data(), m, K);
  const dmat ba = Eigen::Map<const dmat>(b.abs_up.data(), K, n);
  const dmat br = Eigen::Map<const dmat>(b.rad_up.data(), K, n);
  dmat tmp;
  upward_rounding_scope up;
  if (!up.ok()) return false;
  if (a.has_rad && b.has_rad) {  // |Am| Br + Ar (|Bm| + Br 2^-B): Ar Br is in units of 2^(e_i + f_j - 2B)
    midrad::gemm_up(aa, br, rad);
    const dmat br_scaled = br * std::ldexp(1.0, -static_cast<int>(digit_bits * b.N));  // exact: >= 2^-1020
    midrad::add_up(ba, br_scaled, tmp);
    midrad::gemm_up_acc(ar, tmp, rad);
  } else if (a.has_rad) {
    midrad::gemm_up(ar, ba, rad);
  } else {
    midrad::gemm_up(aa, br, rad);
  }
  if (tsum) midrad::gemm_up(aa, ba, *tsum);
  return true;
}

// Enclosure of A B for MPFI matrices, or nothing when the fixed-point form does not apply.
// relaxed_radius: the radius may be overestimated by a relative 2^-40 in any case.
// absolute: the grid is relative to each row of A and column of B (bits_needed), and the
// radius relaxed as well: width about K 2^-p max_k |a_ik| sum_k |b_kj| instead of
// K 2^-p sum_k |a_ik| |b_kj|, with N set by the working precision alone, not by the spread of
// exponents inside a row (product_accuracy::absolute).
inline std::optional<matrix<mpfi_float>> interval_product(const matrix<mpfi_float>& A, const matrix<mpfi_float>& B,
                                                          bool relaxed_radius, bool absolute = false) {
  const unsigned p = current_precision_bits();
  if (absolute) relaxed_radius = true;
  auto ops = convert_pair(A, B, true, p, 0, absolute);
  if (!ops) return std::nullopt;
  operand& a = ops->first;
  operand& b = ops->second;
  const int N = a.N, C = 2 * N, W = wide_limbs(N);
  const long twoB = 2L * digit_bits * N;
  const Eigen::Index m = A.rows(), n = B.cols(), K = A.cols();
  std::vector<i128> S(static_cast<std::size_t>(m * n * C), 0), R;
  run_dots(a.dig.data(), b.dig.data(), m, n, K, N, S);
  // Rump: |A B - Am Bm| <= |Am| Br + Ar |Bm| + Ar Br.
  dmat rad, tsum;
  bool double_radius = false;
  if (a.has_rad || b.has_rad) {
    double_radius = radius_in_double(a, b, rad, relaxed_radius ? nullptr : &tsum);
    if (double_radius && !relaxed_radius) {
      // The double radius is at most (K + 3) 2^-52 (relative) above the exact one: accepted
      // when that excess is below K 2^-p sum |a||b| for every entry.
      const double limit = std::ldexp(static_cast<double>(K) / static_cast<double>(K + 3), 52 - static_cast<int>(p));
      for (Eigen::Index j = 0; j < n && double_radius; ++j)
        for (Eigen::Index i = 0; i < m; ++i)
          if (!(std::ldexp(rad(i, j), -static_cast<int>(twoB / 2)) <= limit * tsum(i, j))) {
            double_radius = false;
            break;
          }
    }
    if (!double_radius) {
      R.assign(S.size(), 0);
      if (b.has_rad) {
        fill_abs(a);
        run_dots(a.absdig.data(), b.rad.data(), m, n, K, N, R);
      }
      if (a.has_rad) {
        fill_abs(b);
        run_dots(a.rad.data(), b.absdig.data(), m, n, K, N, R);
      }
      if (a.has_rad && b.has_rad) run_dots(a.rad.data(), b.rad.data(), m, n, K, N, R);
    }
  }
  matrix<mpfi_float> Cm(m, n);
  limb s[max_wide], r[max_wide], lo[max_wide], hi[max_wide];
  const bool any_rad = a.has_rad || b.has_rad;
  for (Eigen::Index i = 0; i < m; ++i)
    for (Eigen::Index j = 0; j < n; ++j) {
      const std::size_t at = static_cast<std::size_t>((i * n + j) * C);
      columns_to_limbs(S.data() + at, C, s, W);
      if (!any_rad) {
        std::copy(s, s + W, lo);
        std::copy(s, s + W, hi);
      } else {
        if (double_radius)
          ceil_scaled_to_limbs(rad(i, j), twoB / 2, r, W);  // rad 2^(e_i + f_j - B) = (rad 2^B) units
        else
          columns_to_limbs(R.data() + at, C, r, W);
        tc_sub(lo, s, r, W);
        tc_add(hi, s, r, W);
      }
      const long ex = a.expo[static_cast<std::size_t>(i)] + b.expo[static_cast<std::size_t>(j)] - twoB;
      mpfi_ptr c = Cm(i, j).backend().data();
      set_mpfr(&c->left, lo, W, ex, MPFR_RNDD);
      set_mpfr(&c->right, hi, W, ex, MPFR_RNDU);
      // MPFI's convention for zero endpoints: [+0, ...] and [..., -0].
      if (mpfr_zero_p(&c->left)) mpfr_set_zero(&c->left, 1);
      if (mpfr_zero_p(&c->right)) mpfr_set_zero(&c->right, -1);
    }
  return Cm;
}

// Enclosure of A B for square MPFI matrices by the diagonal split
//     A B = (Da + Ao)(Db + Bo) = Da Db + Da Bo + Ao Db + Ao Bo
// (Da, Db the diagonals, Ao, Bo the rest): Ao Bo by interval_product, the three diagonal
// terms entry by entry in MPFI, so (A B)_ij = [i = j] a_ii b_ii + [i != j] (a_ii b_ij + a_ij b_jj)
// + (Ao Bo)_ij. For matrices near the identity with graded off-diagonal parts (R and
// C = I + tiny in verified_inverse of closed_form_scaled), the unit diagonal is what keeps
// both digit rules from applying; without it the inner scaling balances the grading.
// Enclosure: a sum of enclosures (inclusion isotonicity). Tightness: each MPFI operation rounds
// relative to its own result, so the three extra roundings add at most 3 u sum_k |a_ik||b_kj|.
inline std::optional<matrix<mpfi_float>> interval_product_off_diagonal(const matrix<mpfi_float>& A,
                                                                      const matrix<mpfi_float>& B, bool relaxed_radius) {
  const Eigen::Index n = A.rows();
  if (A.cols() != n || B.rows() != n || B.cols() != n) return std::nullopt;
  matrix<mpfi_float> Ao = A, Bo = B;
  for (Eigen::Index i = 0; i < n; ++i) {
    mpfi_set_ui(Ao(i, i).backend().data(), 0);
    mpfi_set_ui(Bo(i, i).backend().data(), 0);
  }
  std::optional<matrix<mpfi_float>> C = interval_product(Ao, Bo, relaxed_radius);
  if (!C) return std::nullopt;
  mpfi_float term;
  for (Eigen::Index j = 0; j < n; ++j)
    for (Eigen::Index i = 0; i < n; ++i) {
      mpfi_ptr c = (*C)(i, j).backend().data();
      if (i == j) {
        mpfi_mul(term.backend().data(), A(i, i).backend().data(), B(i, i).backend().data());
        mpfi_add(c, c, term.backend().data());
      } else {
        mpfi_mul(term.backend().data(), A(i, i).backend().data(), B(i, j).backend().data());
        mpfi_add(c, c, term.backend().data());
        mpfi_mul(term.backend().data(), A(i, j).backend().data(), B(j, j).backend().data());
        mpfi_add(c, c, term.backend().data());
      }
    }
  return C;
}

// Approximation of A B for MPFR matrices (nearest rounding of the exact product of the
// truncated integers) at precision out_bits; N = 0 chooses the digit count from out_bits.
inline std::optional<matrix<mpfr_float>> point_product(const matrix<mpfr_float>& A, const matrix<mpfr_float>& B,
                                                       unsigned out_bits, int N = 0) {
  auto ops = convert_pair(A, B, false, out_bits, N);
  if (!ops) return std::nullopt;
  const operand& a = ops->first;
  const operand& b = ops->second;
  const int C = 2 * a.N, W = wide_limbs(a.N);
  const long twoB = 2L * digit_bits * a.N;
  const Eigen::Index m = A.rows(), n = B.cols();
  std::vector<i128> S(static_cast<std::size_t>(m * n * C), 0);
  run_dots(a.dig.data(), b.dig.data(), m, n, A.cols(), a.N, S);
  matrix<mpfr_float> Cm(m, n);
  limb x[max_wide];
  for (Eigen::Index i = 0; i < m; ++i)
    for (Eigen::Index j = 0; j < n; ++j) {
      mpfr_ptr c = Cm(i, j).backend().data();
      if (mpfr_get_prec(c) != static_cast<mpfr_prec_t>(out_bits)) mpfr_set_prec(c, static_cast<mpfr_prec_t>(out_bits));
      columns_to_limbs(S.data() + static_cast<std::size_t>((i * n + j) * C), C, x, W);
      const long ex = a.expo[static_cast<std::size_t>(i)] + b.expo[static_cast<std::size_t>(j)] - twoB;
      set_mpfr(c, x, W, ex, MPFR_RNDN);
    }
  return Cm;
}

}  // namespace fixed_point
}  // namespace detail
}  // namespace incert
