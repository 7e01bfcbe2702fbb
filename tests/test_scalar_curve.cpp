// scalar_curve (Corollary 2, paper eq. 12-13) for the interval types, against a 400-bit MPFR
// reference computed here from the paper's formulas as written (the naive form is accurate
// at 400 bits for these moderate arguments: every term is positive and e^{2 sigma t} - 1 is
// never a cancellation at the times used, 2 sigma t >= 1.38):
//   (12) sigma_W(t) = alpha sigma s0 e^{2 sigma t} / (sigma + alpha s0 (e^{2 sigma t} - 1)),
//   (13) sigma_W(t) = alpha s0 / (1 + 2 alpha s0 t)                           (sigma = 0).
// Checks: containment of the reference; relative width <= 2^-100 at 128 bits (MPFI) for
// alpha down to 1e-3000; the sigma = 0 branch; monotonicity in t (certain where the reference
// increments are resolvable, never contradicted elsewhere).
#include <catch2/catch.hpp>

#include "incert/scalar/scalar_list.hpp"
#include "incert/exact/exact_real.hpp"
#include "incert/flow/scalar_curve.hpp"

#include <mpfr.h>

#include <string>
#include <type_traits>
#include <vector>

namespace {

using incert::double_interval;
using incert::mpfi_float;
using incert::mpfr_float;

constexpr mpfr_prec_t ref_bits = 400;

// Movable RAII mpfr_t with an explicit precision.
struct Mp {
  mpfr_t v;
  explicit Mp(mpfr_prec_t p = ref_bits) {
    mpfr_init2(v, p);
    mpfr_set_zero(v, 1);
  }
  ~Mp() {
    if (v->_mpfr_d) mpfr_clear(v);
  }
  Mp(Mp&& o) noexcept {
    *v = *o.v;
    o.v->_mpfr_d = nullptr;
  }
  Mp(const Mp&) = delete;
  Mp& operator=(const Mp&) = delete;
  Mp& operator=(Mp&&) = delete;
};

Mp from_q(const mpq_class& q, mpfr_prec_t p = ref_bits) {
  Mp r(p);
  mpfr_set_q(r.v, q.get_mpq_t(), MPFR_RNDN);
  return r;
}

// Exact copy of an mpfr_float.
Mp exact(const mpfr_float& x) {
  Mp r(std::max<mpfr_prec_t>(ref_bits, mpfr_get_prec(x.backend().data())));
  REQUIRE(mpfr_set(r.v, x.backend().data(), MPFR_RNDN) == 0);
  return r;
}

std::string str(const Mp& x) {
  char* s = nullptr;
  mpfr_asprintf(&s, "%.25Rg", x.v);
  std::string out(s);
  mpfr_free_str(s);
  return out;
}

template <class T>
using Tr = incert::scalar_traits<T>;

template <class T>
std::string describe(const T& x) {
  return "[" + str(exact(Tr<T>::lower_exact(x))) + ", " + str(exact(Tr<T>::upper_exact(x))) + "]";
}

template <class T>
bool contains(const T& x, const Mp& v) {
  Mp lo = exact(Tr<T>::lower_exact(x)), hi = exact(Tr<T>::upper_exact(x));
  return mpfr_cmp(lo.v, v.v) <= 0 && mpfr_cmp(v.v, hi.v) <= 0;
}

// (hi - lo) <= 2^-bits * min(|lo|, |hi|), with the width rounded up and the magnitude down;
// false for an interval containing zero or an unbounded one.
template <class T>
bool relative_width_le(const T& x, long bits) {
  Mp lo = exact(Tr<T>::lower_exact(x)), hi = exact(Tr<T>::upper_exact(x));
  if (!mpfr_number_p(lo.v) || !mpfr_number_p(hi.v)) return false;
  if (mpfr_sgn(lo.v) <= 0 && mpfr_sgn(hi.v) >= 0) return false;
  Mp w(64), m(64), a(64);
  mpfr_sub(w.v, hi.v, lo.v, MPFR_RNDU);
  mpfr_abs(m.v, lo.v, MPFR_RNDD);
  mpfr_abs(a.v, hi.v, MPFR_RNDD);
  mpfr_min(m.v, m.v, a.v, MPFR_RNDD);
  mpfr_mul_2si(m.v, m.v, -bits, MPFR_RNDD);
  return mpfr_cmp(w.v, m.v) <= 0;
}

// Eq. (12), naive, at 400 bits.
Mp reference_12(const mpq_class& sigma, const mpq_class& s0, const mpq_class& alpha, const Mp& t) {
  Mp sg = from_q(sigma), s = from_q(s0), al = from_q(alpha), E, num, den, r;
  mpfr_mul(E.v, sg.v, t.v, MPFR_RNDN);
  mpfr_mul_ui(E.v, E.v, 2, MPFR_RNDN);
  mpfr_exp(E.v, E.v, MPFR_RNDN);  // e^{2 sigma t}
  mpfr_mul(num.v, al.v, sg.v, MPFR_RNDN);
  mpfr_mul(num.v, num.v, s.v, MPFR_RNDN);
  mpfr_mul(num.v, num.v, E.v, MPFR_RNDN);
  mpfr_sub_ui(den.v, E.v, 1, MPFR_RNDN);
  mpfr_mul(den.v, den.v, s.v, MPFR_RNDN);
  mpfr_mul(den.v, den.v, al.v, MPFR_RNDN);
  mpfr_add(den.v, den.v, sg.v, MPFR_RNDN);
  mpfr_div(r.v, num.v, den.v, MPFR_RNDN);
  return r;
}

// Eq. (13) at 400 bits.
Mp reference_13(const mpq_class& s0, const mpq_class& alpha, const Mp& t) {
  Mp s = from_q(s0), al = from_q(alpha), as, den, r;
  mpfr_mul(as.v, al.v, s.v, MPFR_RNDN);
  mpfr_mul(den.v, as.v, t.v, MPFR_RNDN);
  mpfr_mul_ui(den.v, den.v, 2, MPFR_RNDN);
  mpfr_add_ui(den.v, den.v, 1, MPFR_RNDN);
  mpfr_div(r.v, as.v, den.v, MPFR_RNDN);
  return r;
}

// ln(alpha) enclosed at the working precision, independently of enclosed_problem.
mpfi_float log_alpha_mpfi(const mpq_class& alpha) {
  mpfi_float l = incert::enclose_mpfi(alpha);
  mpfi_log(l.backend().data(), l.backend().data());
  return l;
}

// A time that is an exact point of T (its midpoint type), near tau ln(1/alpha) / sigma.
template <class T>
T point_time(const mpq_class& alpha, const mpq_class& tau, const mpq_class& sigma) {
  mpfi_float t = -log_alpha_mpfi(alpha) * incert::enclose_mpfi(tau) / incert::enclose_mpfi(sigma);
  mpfr_float m = Tr<mpfi_float>::mid(t);
  if constexpr (std::is_same<T, double_interval>::value) {
    return Tr<T>::point(mpfr_get_d(m.backend().data(), MPFR_RNDN));
  } else {
    return Tr<T>::point(m);
  }
}

template <class T>
T point_time(const mpq_class& t) {
  mpfi_float e = incert::enclose_mpfi(t);
  mpfr_float m = Tr<mpfi_float>::mid(e);
  if constexpr (std::is_same<T, double_interval>::value) {
    return Tr<T>::point(mpfr_get_d(m.backend().data(), MPFR_RNDN));
  } else {
    return Tr<T>::point(m);
  }
}

template <class T>
constexpr bool is_mpfi = std::is_same<T, mpfi_float>::value;

// Width bound, in bits, demanded where the value and alpha are ordinary numbers of T.
template <class T>
constexpr long width_bits = is_mpfi<T> ? 100 : 40;

// Is an mpfr value safely inside the normal range of double (so that double_interval can
// represent it with a relative error)?
bool normal_double_range(const Mp& v) {
  long e = mpfr_get_exp(v.v);
  return mpfr_regular_p(v.v) && e > -990 && e < 990;
}

const std::vector<std::string> alphas = {"1e-3", "1e-30", "1e-300", "1e-3000"};
const std::vector<std::string> taus = {"0.1", "0.5", "0.9", "2"};
struct mode {
  const char* sigma;
  const char* s0;
};
const std::vector<mode> modes = {{"3", "1"}, {"1", "0.25"}, {"1/3", "7"}, {"2.5", "1e-5"}};

}  // namespace

TEMPLATE_LIST_TEST_CASE("scalar_curve encloses eq. (12) at t = tau ln(1/alpha) / sigma", "[scalar_curve]", incert::rigorous_scalar_types) {
  using T = TestType;
  incert::precision_scope scope(128);
  for (const auto& a : alphas) {
    const mpq_class alpha = incert::parse_exact(a);
    const T log_alpha = Tr<T>::from_mpfi(log_alpha_mpfi(alpha));
    const T alpha_T = incert::enclose<T>(alpha);
    const Mp alpha_ref = from_q(alpha);
    for (const auto& md : modes) {
      const mpq_class sigma = incert::parse_exact(md.sigma), s0 = incert::parse_exact(md.s0);
      const T sigma_T = incert::enclose<T>(sigma), s0_T = incert::enclose<T>(s0);
      for (const auto& tau_text : taus) {
        const T t = point_time<T>(alpha, incert::parse_exact(tau_text), sigma);
        const Mp t_exact = exact(Tr<T>::lower_exact(t));
        const T v = incert::scalar_curve(sigma_T, false, s0_T, log_alpha, alpha_T, t);
        const Mp ref = reference_12(sigma, s0, alpha, t_exact);
        INFO("type " << Tr<T>::name() << ", alpha " << a << ", sigma " << md.sigma << ", s0 " << md.s0 << ", tau "
                     << tau_text << ", t " << str(t_exact));
        INFO("enclosure " << describe(v) << ", reference " << str(ref));
        CHECK(contains(v, ref));
        if (is_mpfi<T> || (normal_double_range(ref) && normal_double_range(alpha_ref))) {
          CHECK(relative_width_le(v, width_bits<T>));
        }
      }
    }
  }
}

TEMPLATE_LIST_TEST_CASE("scalar_curve at t = 0 is alpha s0", "[scalar_curve]", incert::rigorous_scalar_types) {
  using T = TestType;
  incert::precision_scope scope(128);
  for (const auto& a : alphas) {
    const mpq_class alpha = incert::parse_exact(a);
    const T log_alpha = Tr<T>::from_mpfi(log_alpha_mpfi(alpha));
    const T alpha_T = incert::enclose<T>(alpha);
    for (const auto& md : modes) {
      const mpq_class sigma = incert::parse_exact(md.sigma), s0 = incert::parse_exact(md.s0);
      const T v = incert::scalar_curve(incert::enclose<T>(sigma), false, incert::enclose<T>(s0), log_alpha, alpha_T, T(0));
      const Mp ref = from_q(alpha * s0, 4000);  // alpha s0, essentially exact
      INFO("type " << Tr<T>::name() << ", alpha " << a << ", sigma " << md.sigma << ", s0 " << md.s0);
      INFO("enclosure " << describe(v) << ", alpha s0 " << str(ref));
      CHECK(contains(v, ref));
      if (is_mpfi<T> || normal_double_range(ref)) CHECK(relative_width_le(v, width_bits<T>));
    }
  }
}

TEMPLATE_LIST_TEST_CASE("scalar_curve for sigma = 0 is eq. (13)", "[scalar_curve]", incert::rigorous_scalar_types) {
  using T = TestType;
  incert::precision_scope scope(128);
  std::vector<std::string> alpha_list = alphas;
  alpha_list.push_back("1/2");  // 2 alpha s0 t >> 1: the curve decays like 1/(2t)
  const std::vector<std::string> times = {"0", "0.5", "10", "1e6", "12345.678"};
  const std::vector<std::string> s0s = {"1", "7", "0.001"};
  for (const auto& a : alpha_list) {
    const mpq_class alpha = incert::parse_exact(a);
    const T log_alpha = Tr<T>::from_mpfi(log_alpha_mpfi(alpha));
    const T alpha_T = incert::enclose<T>(alpha);
    for (const auto& s0_text : s0s) {
      const mpq_class s0 = incert::parse_exact(s0_text);
      std::vector<T> values;
      for (const auto& t_text : times) {
        const T t = point_time<T>(incert::parse_exact(t_text));
        const Mp t_exact = exact(Tr<T>::lower_exact(t));
        const T v = incert::scalar_curve(T(0), true, incert::enclose<T>(s0), log_alpha, alpha_T, t);
        const Mp ref = reference_13(s0, alpha, t_exact);
        INFO("type " << Tr<T>::name() << ", alpha " << a << ", s0 " << s0_text << ", t " << str(t_exact));
        INFO("enclosure " << describe(v) << ", reference " << str(ref));
        CHECK(contains(v, ref));
        if (is_mpfi<T> || normal_double_range(ref)) CHECK(relative_width_le(v, width_bits<T>));
      }
    }
  }
  // s0 = 0: the curve is identically zero, for either branch.
  const T log_alpha = Tr<T>::from_mpfi(log_alpha_mpfi(incert::parse_exact("1e-3")));
  const T alpha_T = incert::enclose<T>(incert::parse_exact("1e-3"));
  for (bool zero : {true, false}) {
    const T v = incert::scalar_curve(zero ? T(0) : T(2), zero, T(0), log_alpha, alpha_T, T(5));
    INFO("sigma is zero: " << zero << ", enclosure " << describe(v));
    CHECK(contains(v, Mp()));
  }
}

TEMPLATE_LIST_TEST_CASE("scalar_curve is increasing in t for sigma > 0 and decreasing for sigma = 0", "[scalar_curve]", incert::rigorous_scalar_types) {
  using T = TestType;
  incert::precision_scope scope(128);
  for (const auto& a : {std::string("1e-3"), std::string("1e-30"), std::string("1e-300")}) {
    const mpq_class alpha = incert::parse_exact(a);
    const T log_alpha = Tr<T>::from_mpfi(log_alpha_mpfi(alpha));
    const T alpha_T = incert::enclose<T>(alpha);
    for (const auto& md : modes) {
      const mpq_class sigma = incert::parse_exact(md.sigma), s0 = incert::parse_exact(md.s0);
      const T sigma_T = incert::enclose<T>(sigma), s0_T = incert::enclose<T>(s0);
      // tau = 0, 0.02, ..., 2: through the transition (around tau = 1/2) and well into saturation.
      std::vector<T> vals;
      std::vector<Mp> refs;
      for (int k = 0; k <= 100; ++k) {
        const T t = point_time<T>(alpha, mpq_class(k, 50), sigma);
        vals.push_back(incert::scalar_curve(sigma_T, false, s0_T, log_alpha, alpha_T, t));
        refs.push_back(reference_12(sigma, s0, alpha, exact(Tr<T>::lower_exact(t))));
      }
      int certain = 0;
      for (std::size_t k = 0; k + 1 < vals.size(); ++k) {
        INFO("type " << Tr<T>::name() << ", alpha " << a << ", sigma " << md.sigma << ", s0 " << md.s0 << ", step "
                     << k << ": " << describe(vals[k]) << " -> " << describe(vals[k + 1]));
        {  // the reference itself increases, up to its own rounding (saturated values repeat)
          Mp floor_k(ref_bits);
          mpfr_mul_2si(floor_k.v, refs[k].v, -(ref_bits - 10), MPFR_RNDN);
          mpfr_sub(floor_k.v, refs[k].v, floor_k.v, MPFR_RNDN);
          REQUIRE(mpfr_cmp(floor_k.v, refs[k + 1].v) <= 0);
        }
        // Is the true increment resolvable at this precision?
        Mp d(64), m(64);
        mpfr_sub(d.v, refs[k + 1].v, refs[k].v, MPFR_RNDD);
        mpfr_mul_2si(m.v, refs[k + 1].v, -(width_bits<T> - 8), MPFR_RNDU);
        if (mpfr_cmp(d.v, m.v) > 0) {
          CHECK(Tr<T>::certainly_lt(vals[k], vals[k + 1]));
          ++certain;
        } else {
          CHECK(Tr<T>::possibly_le(vals[k], vals[k + 1]));  // never certainly decreasing
        }
      }
      CHECK(certain >= 25);  // the transition (tau in [0, 0.5], e^{2 sigma t} = alpha^{-2 tau}) is resolved
    }
  }
  // sigma = 0: alpha s0 / (1 + 2 alpha s0 t) decreases.
  const mpq_class alpha = incert::parse_exact("1/2");
  const T log_alpha = Tr<T>::from_mpfi(log_alpha_mpfi(alpha));
  const T alpha_T = incert::enclose<T>(alpha);
  T prev = incert::scalar_curve(T(0), true, T(3), log_alpha, alpha_T, T(0));
  for (int k = 1; k <= 50; ++k) {
    const T cur = incert::scalar_curve(T(0), true, T(3), log_alpha, alpha_T, point_time<T>(mpq_class(k, 4)));
    INFO("type " << Tr<T>::name() << ", sigma = 0, step " << k << ": " << describe(prev) << " -> " << describe(cur));
    CHECK(Tr<T>::certainly_lt(cur, prev));
    prev = cur;
  }
}
