// incert/random/gaussian.hpp
//
// Standard normal draws that are the same bits on every platform, and the Gaussian factor
// initialization U0 built from them.
//
// Transform (Box-Muller): from two xoshiro256** outputs (random/xoshiro256.hpp), take their top 53
// bits a, b and the exact dyadic numbers u1 = (a + 1) 2^-53 in (0, 1], u2 = b 2^-53 in [0, 1); then
//   z0 = sqrt(-2 ln u1) cos(2 pi u2),   z1 = sqrt(-2 ln u1) sin(2 pi u2),
// two independent N(0, 1) variables when u1, u2 are uniform (up to the 2^-53 discretisation).
// Each z is returned CORRECTLY ROUNDED to the nearest double (53 bits): it is enclosed with MPFI
// (correctly rounded operations, outward), and the precision is doubled until both ends of the
// enclosure round to the same double (Ziv's strategy; rounding to nearest is monotone, so that
// double is the rounding of the true value). No libm, no std::normal_distribution (which differs
// between standard libraries): the result depends on the seed only. The exact zeros (u1 = 1, or
// u2 a multiple of 1/4 where the cosine or sine vanishes) are returned as 0 directly, as no
// enclosure could decide their rounding; every other z is transcendental, not a double midpoint,
// so the loop ends.
//
// The factor: U0 (n x r) has entries scale * z_k, k = i r + j in row-major order, z_0, z_1, ...
// the normal stream of the seed (pairs used in order, the second value of the last pair dropped
// when n r is odd). Entries are exact rationals: a double is a dyadic rational, converted exactly,
// times the exact scale. So the instance carries no input error.
#pragma once

#include "incert/exact/rational_matrix.hpp"
#include "incert/random/xoshiro256.hpp"

#include <gmpxx.h>
#include <mpfi.h>
#include <mpfr.h>

#include <array>
#include <vector>
#include <stdexcept>

namespace incert {

namespace detail {

// RAII MPFI value at a given precision (independent of the working precision in force).
struct mpfi_raw {
  mpfi_t v;
  explicit mpfi_raw(mpfr_prec_t p) { mpfi_init2(v, p); }
  ~mpfi_raw() { mpfi_clear(v); }
  mpfi_raw(const mpfi_raw&) = delete;
  mpfi_raw& operator=(const mpfi_raw&) = delete;
};

// Both ends of x round to the same double: store it in out.
inline bool round_to_double(mpfi_srcptr x, double& out) {
  mpfr_t e;
  mpfr_init2(e, mpfi_get_prec(x));
  mpfi_get_left(e, x);
  const double lo = mpfr_get_d(e, MPFR_RNDN);
  mpfi_get_right(e, x);
  const double hi = mpfr_get_d(e, MPFR_RNDN);
  mpfr_clear(e);
  if (!mpfi_bounded_p(x) || lo != hi) return false;
  out = lo;
  return true;
}

// A 64-bit unsigned integer as a GMP integer (unsigned long may have 32 bits).
inline mpz_class mpz_from_u64(std::uint64_t x) {
  mpz_class hi(static_cast<unsigned long>(x >> 32)), lo(static_cast<unsigned long>(x & 0xffffffffu));
  return (hi << 32) + lo;
}

}  // namespace detail

// The Box-Muller pair of the 53-bit integers a, b (each < 2^53), correctly rounded to doubles.
inline std::array<double, 2> box_muller_pair(std::uint64_t a, std::uint64_t b) {
  constexpr std::uint64_t two53 = std::uint64_t(1) << 53;
  if (a >= two53 || b >= two53) throw std::invalid_argument("box_muller_pair: arguments must be below 2^53");
  const bool radius_zero = a + 1 == two53;             // u1 = 1
  const bool cos_zero = b == two53 / 4 || b == 3 * (two53 / 4);  // u2 = 1/4, 3/4
  const bool sin_zero = b == 0 || b == two53 / 2;      // u2 = 0, 1/2
  std::array<double, 2> z{0.0, 0.0};
  std::array<bool, 2> done{radius_zero || cos_zero, radius_zero || sin_zero};
  for (mpfr_prec_t prec = 128; !(done[0] && done[1]); prec *= 2) {
    if (prec > (mpfr_prec_t(1) << 20)) throw std::logic_error("box_muller_pair: rounding not decided (cannot happen)");
    detail::mpfi_raw radius(prec), angle(prec), c(prec);
    // radius = sqrt(-2 ln u1), u1 = (a + 1) 2^-53 exactly (a + 1 <= 2^53 fits in 64 bits).
    mpfi_set_z(radius.v, detail::mpz_from_u64(a + 1).get_mpz_t());
    mpfi_div_2ui(radius.v, radius.v, 53);
    mpfi_log(radius.v, radius.v);
    mpfi_mul_si(radius.v, radius.v, -2);
    mpfi_sqrt(radius.v, radius.v);
    // angle = 2 pi u2 = pi b 2^-52
    mpfi_const_pi(angle.v);
    mpfi_mul_z(angle.v, angle.v, detail::mpz_from_u64(b).get_mpz_t());
    mpfi_div_2ui(angle.v, angle.v, 52);
    if (!done[0]) {
      mpfi_cos(c.v, angle.v);
      mpfi_mul(c.v, c.v, radius.v);
      done[0] = detail::round_to_double(c.v, z[0]);
    }
    if (!done[1]) {
      mpfi_sin(c.v, angle.v);
      mpfi_mul(c.v, c.v, radius.v);
      done[1] = detail::round_to_double(c.v, z[1]);
    }
  }
  return z;
}

// N(0, 1) draws from one seed, two per pair of generator outputs.
class normal_stream {
 public:
  explicit normal_stream(std::uint64_t seed) : gen_(seed) {}
  double next() {
    if (has_spare_) {
      has_spare_ = false;
      return spare_;
    }
    const std::uint64_t a = gen_.next53();
    const std::uint64_t b = gen_.next53();
    std::array<double, 2> z = box_muller_pair(a, b);
    spare_ = z[1];
    has_spare_ = true;
    return z[0];
  }

 private:
  xoshiro256ss gen_;
  double spare_ = 0;
  bool has_spare_ = false;
};

// The exact rational value of a finite double.
inline mpq_class exact_rational(double x) {
  mpq_class q;
  mpq_set_d(q.get_mpq_t(), x);  // exact: a finite double is a dyadic rational
  return q;
}

// Z (n x r): the first n r draws of normal_stream(seed), row-major (z[i r + j] = Z_ij).
inline std::vector<double> gaussian_draws(std::size_t n, std::size_t r, std::uint64_t seed) {
  normal_stream stream(seed);
  std::vector<double> z(n * r);
  for (double& x : z) x = stream.next();
  return z;
}

// U0 = scale * Z, exactly.
inline rational_matrix gaussian_factor(const std::vector<double>& z, std::size_t n, std::size_t r, const mpq_class& scale) {
  if (z.size() != n * r) throw std::invalid_argument("gaussian_factor: z must have n r entries");
  rational_matrix U(n, r);
  for (std::size_t k = 0; k < z.size(); ++k) U.entries[k] = exact_rational(z[k]) * scale;
  return U;
}

inline rational_matrix gaussian_factor(std::size_t n, std::size_t r, std::uint64_t seed, const mpq_class& scale) {
  return gaussian_factor(gaussian_draws(n, r, seed), n, r, scale);
}

}  // namespace incert
