// incert/random/clopper_pearson.hpp
//
// The Clopper-Pearson confidence interval for a binomial proportion, with certified enclosures of
// both limits. For x successes in m trials and level 1 - a (a = 1/20: 95%):
//   lower limit p_L = 0 if x = 0, else the p with P(X >= x | p) = a/2,
//   upper limit p_U = 1 if x = m, else the p with P(X <= x | p) = a/2,   X ~ Binomial(m, p).
// P(X >= x | p) is strictly increasing and P(X <= x | p) strictly decreasing in p on (0, 1), so
// each limit is the unique root of a monotone function; it is enclosed by bisection on exact dyadic
// points c, moving an end of the bracket only when the binomial tail at c, summed in MPFI
// (outward), is CERTAINLY above or below a/2. The bracket therefore always contains the root;
// bisection stops after 64 steps or at the first undecided comparison (then the bracket, still
// valid, is just wider). Tails are summed over the shorter side (min(x + 1, m - x) terms) by the
// ratio recurrence of consecutive binomial terms. Derivation: proofs/random_init.md.
#pragma once

#include "incert/exact/exact_real.hpp"
#include "incert/scalar/traits.hpp"

#include <cstdint>
#include <stdexcept>

namespace incert {

namespace detail {

inline mpfi_float integer_mpfi(std::uint64_t v) {
  mpz_class z = mpz_class(static_cast<unsigned long>(v >> 32)) * mpz_class(4294967296ul) + mpz_class(static_cast<unsigned long>(v & 0xffffffffu));
  mpfi_float r;
  mpfi_set_z(r.backend().data(), z.get_mpz_t());
  return r;
}

// x^e (e >= 0) by binary powering, x >= 0.
inline mpfi_float power_mpfi(mpfi_float x, std::uint64_t e) {
  mpfi_float r(1);
  while (e) {
    if (e & 1) r *= x;
    e >>= 1;
    if (e) x *= x;
  }
  return r;
}

}  // namespace detail

// P(X <= x) for X ~ Binomial(m, p), 0 < p < 1 (an enclosure of p), x <= m; MPFI at the working precision.
inline mpfi_float binomial_cdf(std::uint64_t x, std::uint64_t m, const mpfi_float& p) {
  if (x > m) throw std::invalid_argument("binomial_cdf: x > m");
  if (x == m) return mpfi_float(1);
  const mpfi_float q = mpfi_float(1) - p;
  if (x + 1 <= m - x) {  // sum_{i=0..x} C(m,i) p^i q^(m-i), term_{i+1} = term_i (m-i)/(i+1) p/q
    mpfi_float term = detail::power_mpfi(q, m), sum = term, ratio = p / q;
    for (std::uint64_t i = 0; i < x; ++i) {
      term *= detail::integer_mpfi(m - i) * ratio / detail::integer_mpfi(i + 1);
      sum += term;
    }
    return sum;
  }
  // 1 - sum_{i=x+1..m}, from i = m down: term_{i-1} = term_i i/(m-i+1) q/p
  mpfi_float term = detail::power_mpfi(p, m), sum = term, ratio = q / p;
  for (std::uint64_t i = m; i > x + 1; --i) {
    term *= detail::integer_mpfi(i) * ratio / detail::integer_mpfi(m - i + 1);
    sum += term;
  }
  return mpfi_float(1) - sum;
}

struct clopper_pearson_limits {
  mpfi_float lower, upper;  // enclosures of p_L and p_U
};

// Enclosures of the Clopper-Pearson limits for x successes in m >= 1 trials at level 1 - a.
inline clopper_pearson_limits clopper_pearson(std::uint64_t x, std::uint64_t m, const mpq_class& a = mpq_class(1, 20)) {
  if (m == 0 || x > m) throw std::invalid_argument("clopper_pearson: need 0 <= x <= m, m >= 1");
  if (a <= 0 || a >= 1) throw std::invalid_argument("clopper_pearson: the level must be in (0, 1)");
  using W = scalar_traits<mpfi_float>;
  precision_scope scope(std::max(128u, current_precision_bits()));
  const mpfi_float half_a = enclose_mpfi(a / 2);
  // Root of a monotone f on (0, 1): `increasing` tells the direction; returns the final bracket.
  auto bisect = [&](auto f, bool increasing) {
    mpq_class lo = 0, hi = 1;
    for (int step = 0; step < 64; ++step) {
      const mpq_class c = (lo + hi) / 2;  // dyadic, exact in MPFI at >= 128 bits
      const mpfi_float v = f(enclose_mpfi(c));
      if (W::certainly_lt(v, half_a)) (increasing ? lo : hi) = c;
      else if (W::certainly_lt(half_a, v)) (increasing ? hi : lo) = c;
      else break;
    }
    return W::hull(enclose_mpfi(lo), enclose_mpfi(hi));
  };
  clopper_pearson_limits out{mpfi_float(0), mpfi_float(1)};
  if (x > 0) out.lower = bisect([&](const mpfi_float& p) { return mpfi_float(1) - binomial_cdf(x - 1, m, p); }, true);
  if (x < m) out.upper = bisect([&](const mpfi_float& p) { return binomial_cdf(x, m, p); }, false);
  return out;
}

}  // namespace incert
