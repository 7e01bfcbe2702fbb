// check_theorem (include/incert/theory/theorem_check.hpp): constants, hypotheses, intervals
// I_k and conclusions of Theorems 3 and 4, against values computed independently:
//  * Theorem 4 instance (tests/data/paper_theorem4.json, alpha = 1e-30, eps = 0.1):
//    M, c_eps, C_eps against the stated digits and against a rigorous bracket of the
//    eigenvalues of W0 obtained here by exact rational bisection of det(lambda I - W0);
//    every hypothesis holds; I_1, I_2, I_3 to their stated digits; every conclusion holds
//    (and fails at t = 0, where ||alpha W0 - Y^_k|| ~ 3);
//  * alpha = 1e-10: log_ratio fails (ratio 0.5054 <= 2/3), I_1 is empty;
//  * Theorem 3 (spectral): constants and I_k against the paper's formulas at 300 bits;
//    log_ratio for Y = diag(1, 0.99), spectral (1, 1), eps = 0.01 fails at 1e-300, holds at
//    1e-500 and is never "holds" at alpha = 1e-398, where the ratio is exactly 0.99;
//  * exact hypotheses: epsilon_range (eps = sigma_K is allowed, eps > 1 is not for Thm 4),
//    W0_invertible (U0 of shape 3x2), distinct_nonzero_eigenvalues, spectral_init_positive;
//  * boundaries: alpha = c_eps exactly (Theorem 3) is true, so never "fails"; alpha just
//    above / below c_eps / M (Theorem 4) fails / holds.
#include <catch2/catch.hpp>

#include "incert/scalar/scalar_list.hpp"
#include "incert/instance/load_instance.hpp"
#include "incert/io/json.hpp"
#include "incert/theory/theorem_check.hpp"
#include "support/verdict_printing.hpp"
#include "support/mpfr_box.hpp"

#include <mpfr.h>

#include <map>
#include <string>
#include <type_traits>
#include <vector>

namespace {

using incert::double_interval;
using incert::mpfi_float;
using incert::mpfr_float;
using incert::rational_matrix;
using incert::verdict;

template <class T>
using Tr = incert::scalar_traits<T>;

constexpr mpfr_prec_t ref_bits = 300;

using incert_test::Box;
using incert_test::box;
using incert_test::exact;
using incert_test::Mp;
using incert_test::str;

// Half a unit of the last digit of a decimal text, and the text's value.
mpq_class last_digit_unit(const std::string& text) {
  std::size_t epos = text.find_first_of("eE");
  std::string mant = text.substr(0, epos);
  long exponent = epos == std::string::npos ? 0 : std::stol(text.substr(epos + 1));
  std::size_t dot = mant.find('.');
  long frac = dot == std::string::npos ? 0 : static_cast<long>(mant.size() - dot - 1);
  long place = exponent - frac;
  mpz_class p;
  mpz_ui_pow_ui(p.get_mpz_t(), 10, static_cast<unsigned long>(place < 0 ? -place : place));
  return place < 0 ? mpq_class(1, 1) / mpq_class(p) : mpq_class(p);
}

// The box meets [v - u/2, v + u/2] (v rounded to its stated digits).
bool matches_digits(const Box& b, const std::string& text) {
  mpq_class v = incert::parse_exact(text), h = last_digit_unit(text) / 2;
  mpq_class lo = v - h, hi = v + h;
  return mpfr_cmp_q(b.lo.v, hi.get_mpq_t()) <= 0 && mpfr_cmp_q(b.hi.v, lo.get_mpq_t()) >= 0;
}

// The box lies inside [v, v + u] (v a positive value truncated to its stated digits, "v...").
bool inside_truncation(const Box& b, const std::string& text) {
  mpq_class v = incert::parse_exact(text), hi = v + last_digit_unit(text);
  return mpfr_cmp_q(b.lo.v, v.get_mpq_t()) >= 0 && mpfr_cmp_q(b.hi.v, hi.get_mpq_t()) <= 0;
}

bool overlap(const Box& a, const Box& b) { return mpfr_cmp(a.lo.v, b.hi.v) <= 0 && mpfr_cmp(b.lo.v, a.hi.v) <= 0; }

bool contains(const Box& b, mpfr_srcptr v) { return mpfr_cmp(b.lo.v, v) <= 0 && mpfr_cmp(v, b.hi.v) <= 0; }

// (hi - lo) <= 2^-bits min(|lo|, |hi|), for a box not containing zero.
bool relative_width_le(const Box& b, long bits) {
  if (!mpfr_number_p(b.lo.v) || !mpfr_number_p(b.hi.v)) return false;
  if (mpfr_sgn(b.lo.v) <= 0 && mpfr_sgn(b.hi.v) >= 0) return false;
  Mp w(64), m(64), a(64);
  mpfr_sub(w.v, b.hi.v, b.lo.v, MPFR_RNDU);
  mpfr_abs(m.v, b.lo.v, MPFR_RNDD);
  mpfr_abs(a.v, b.hi.v, MPFR_RNDD);
  mpfr_min(m.v, m.v, a.v, MPFR_RNDD);
  mpfr_mul_2si(m.v, m.v, -bits, MPFR_RNDD);
  return mpfr_cmp(w.v, m.v) <= 0;
}

template <class T>
constexpr long width_bits() {
  return std::is_same<T, mpfi_float>::value ? 100 : 40;
}

// ------------------------------------------------------------------ instances

std::string source_path(const std::string& rel) { return std::string(INCERT_SOURCE_DIR) + "/" + rel; }

incert::instance parse_instance(const std::string& json) { return incert::load_instance(incert::json::parse(json)); }

std::string spectral_json(const std::string& eig, const std::string& spectral, const std::string& alpha,
                          const std::string& eps) {
  return "{\"Y\": {\"eigenvalues\": " + eig + "}, \"init\": {\"spectral\": " + spectral + "}, \"alpha\": \"" + alpha +
         "\", \"epsilon\": \"" + eps + "\"}";
}

std::string general_json(const std::string& eig, const std::string& init, const std::string& alpha,
                         const std::string& eps) {
  return "{\"Y\": {\"eigenvalues\": " + eig + "}, \"init\": " + init + ", \"alpha\": \"" + alpha +
         "\", \"epsilon\": \"" + eps + "\"}";
}

const std::string paper_eig = "[\"3\", \"2\", \"1\"]";
const std::string paper_W0 = "{\"W0\": [[\"2\", \"0.5\", \"0.3\"], [\"0.5\", \"1.5\", \"0.2\"], [\"0.3\", \"0.2\", \"1\"]]}";

template <class T>
struct checked {
  incert::instance in;
  incert::enclosed_problem<T> p;
  incert::theorem_check<T> r;
};

template <class T>
checked<T> run(const incert::instance& in, const std::vector<mpfi_float>& extra = {}) {
  checked<T> c{in, incert::enclose_problem<T>(in), {}};
  c.r = incert::check_theorem(c.in, c.p, extra);
  return c;
}

template <class T>
verdict hypothesis(const incert::theorem_check<T>& r, const std::string& name) {
  for (const auto& h : r.hypotheses)
    if (h.name == name) return h.value;
  FAIL("no hypothesis named " << name);
  return verdict::undecided;
}

template <class T>
std::string describe(const incert::theorem_check<T>& r) {
  std::string s = "theorem " + std::to_string(r.constants.theorem) + "; hypotheses:";
  for (const auto& h : r.hypotheses) s += " " + h.name + "=" + incert::to_string(h.value);
  for (const auto& I : r.intervals) {
    s += "; I_" + std::to_string(I.k) + " = [" + (I.lo ? str(box(*I.lo)) : "-") + ", " +
         (I.unbounded ? std::string("inf") : (I.hi ? str(box(*I.hi)) : "-")) + "] nonempty=" + incert::to_string(I.nonempty);
  }
  return s;
}

// ------------------------------------------------------------------ exact eigenvalue brackets

// sign of det(lambda I - A), exactly.
int char_poly_sign(const rational_matrix& A, const mpq_class& lambda) {
  rational_matrix B(A.rows, A.cols);
  for (std::size_t i = 0; i < A.rows; ++i)
    for (std::size_t j = 0; j < A.cols; ++j) B(i, j) = (i == j ? lambda : mpq_class(0)) - A(i, j);
  const std::size_t n = B.rows;
  int sign = 1;
  for (std::size_t c = 0; c < n; ++c) {
    std::size_t piv = c;
    while (piv < n && B(piv, c) == 0) ++piv;
    if (piv == n) return 0;
    if (piv != c) {
      for (std::size_t j = 0; j < n; ++j) std::swap(B(piv, j), B(c, j));
      sign = -sign;
    }
    if (B(c, c) < 0) sign = -sign;
    for (std::size_t r = c + 1; r < n; ++r) {
      if (B(r, c) == 0) continue;
      mpq_class f = B(r, c) / B(c, c);
      for (std::size_t j = c; j < n; ++j) B(r, j) -= f * B(c, j);
    }
  }
  return sign;
}

// Rigorous brackets [lo, hi] (width 2^-bits) of the eigenvalues of a symmetric rational matrix
// with eigenvalues in (0, bound) separated by more than 1/64: sign changes of the
// characteristic polynomial on a grid, then exact bisection.
std::vector<std::pair<mpq_class, mpq_class>> eigenvalue_brackets(const rational_matrix& A, int bound, int bits) {
  std::vector<std::pair<mpq_class, mpq_class>> out;
  mpq_class step(1, 64);
  mpq_class a = 0;
  int sa = char_poly_sign(A, a);
  REQUIRE(sa != 0);
  for (int k = 1; k <= bound * 64; ++k) {
    mpq_class b = step * k;
    int sb = char_poly_sign(A, b);
    if (sb == 0) {
      out.push_back({b, b});
      sb = char_poly_sign(A, b + mpq_class(1, 1 << 20));
      a = b + mpq_class(1, 1 << 20);
      sa = sb;
      continue;
    }
    if (sb != sa) {
      mpq_class lo = a, hi = b;
      for (int it = 0; it < bits; ++it) {
        mpq_class m = (lo + hi) / 2;
        int sm = char_poly_sign(A, m);
        if (sm == 0) {
          lo = hi = m;
          break;
        }
        if (sm == sa) lo = m;
        else hi = m;
      }
      out.push_back({lo, hi});
    }
    a = b;
    sa = sb;
  }
  return out;
}

// Directed-rounding helpers on rationals.
Mp q_down(const mpq_class& q) {
  Mp r(ref_bits);
  mpfr_set_q(r.v, q.get_mpq_t(), MPFR_RNDD);
  return r;
}
Mp q_up(const mpq_class& q) {
  Mp r(ref_bits);
  mpfr_set_q(r.v, q.get_mpq_t(), MPFR_RNDU);
  return r;
}

// ln(q) at 300 bits, as a tight rigorous box (MPFR's log is correctly rounded).
Box log_box(const mpq_class& q) {
  Box b{q_down(q), q_up(q)};
  mpfr_log(b.lo.v, b.lo.v, MPFR_RNDD);
  mpfr_log(b.hi.v, b.hi.v, MPFR_RNDU);
  return b;
}

}  // namespace

// ------------------------------------------------------------------ Theorem 4, alpha = 1e-30

TEMPLATE_LIST_TEST_CASE("Theorem 4 instance: constants, hypotheses, intervals, conclusions", "[theorem]", incert::rigorous_scalar_types) {
  using T = TestType;
  incert::precision_scope scope(128);
  const incert::instance in = incert::load_instance_file(source_path("tests/data/paper_theorem4.json"));
  // Extra times: t = 0 (where the error is ~3 for every k) and one time in I_2.
  std::vector<mpfi_float> extra = {incert::enclose_mpfi(0), incert::enclose_mpfi(mpq_class(25))};
  const checked<T> c = run<T>(in, extra);
  const auto& r = c.r;
  INFO(Tr<T>::name() << ": " << describe(r));
  REQUIRE(r.constants.theorem == 4);
  REQUIRE(r.constants.M);
  REQUIRE(r.constants.c_eps);
  REQUIRE(r.constants.C_eps);
  const Box M = box(*r.constants.M), ce = box(*r.constants.c_eps), Ce = box(*r.constants.C_eps);
  INFO("M " << str(M) << ", c_eps " << str(ce) << ", C_eps " << str(Ce));
  if (std::is_same<T, mpfi_float>::value) {
    CHECK(inside_truncation(M, "2.40166251816384"));
    CHECK(inside_truncation(ce, "1.08356771531499e-3"));
    CHECK(inside_truncation(Ce, "8305.89530566043"));
  } else {
    CHECK(matches_digits(M, "2.40166251816384"));
    CHECK(matches_digits(ce, "1.08356771531499e-3"));
    CHECK(matches_digits(Ce, "8305.89530566043"));
  }
  CHECK(relative_width_le(M, width_bits<T>()));
  CHECK(relative_width_le(ce, width_bits<T>()));
  CHECK(relative_width_le(Ce, width_bits<T>()));

  // Independent, rigorous: eigenvalue brackets of W0 by exact bisection; M = max(1/l_min, l_max).
  const auto br = eigenvalue_brackets(in.W0, 4, 200);
  REQUIRE(br.size() == 3);
  mpq_class inv_lo = 1 / br.front().second, inv_hi = 1 / br.front().first;
  mpq_class M_lo = std::max(inv_lo, br.back().first), M_hi = std::max(inv_hi, br.back().second);
  Box M_ref{q_down(M_lo), q_up(M_hi)};
  Box c_ref{q_down(in.epsilon / (16 * M_hi * M_hi)), q_up(in.epsilon / (16 * M_lo * M_lo))};
  Box C_ref{q_down(16 * 9 * M_lo * M_lo / in.epsilon), q_up(16 * 9 * M_hi * M_hi / in.epsilon)};
  INFO("exact brackets: M " << str(M_ref) << ", c_eps " << str(c_ref) << ", C_eps " << str(C_ref));
  CHECK(overlap(M, M_ref));
  CHECK(overlap(ce, c_ref));
  CHECK(overlap(Ce, C_ref));
  REQUIRE(r.constants.lambda_min);
  REQUIRE(r.constants.lambda_max);
  CHECK(overlap(box(*r.constants.lambda_min), Box{q_down(br.front().first), q_up(br.front().second)}));
  CHECK(overlap(box(*r.constants.lambda_max), Box{q_down(br.back().first), q_up(br.back().second)}));

  for (const char* h : {"distinct_nonzero_eigenvalues", "W0_invertible", "epsilon_range", "alpha_small", "log_ratio"})
    CHECK(hypothesis(r, h) == verdict::holds);

  REQUIRE(r.intervals.size() == 3);
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"13.0170456015", "15.5625141369"}, {"19.5255684023", "31.1250282739"}, {"39.0511368046", ""}};
  for (std::size_t k = 0; k < 3; ++k) {
    const auto& I = r.intervals[k];
    CHECK(I.k == k + 1);
    CHECK(I.nonempty == verdict::holds);
    REQUIRE(I.lo);
    CHECK(matches_digits(box(*I.lo), expected[k].first));
    if (k < 2) {
      REQUIRE(I.hi);
      CHECK_FALSE(I.unbounded);
      CHECK(matches_digits(box(*I.hi), expected[k].second));
    } else {
      CHECK(I.unbounded);
    }
  }

  // Conclusions: three sample times per interval, all proved; at t = 0 all disproved.
  int sampled = 0, at_zero = 0;
  for (const auto& cc : r.conclusions) {
    const Box tb = box(cc.t);
    INFO("k = " << cc.k << ", t = " << str(tb) << ", error " << (cc.error ? str(box(*cc.error)) : "none") << ", verdict "
                << incert::to_string(cc.value));
    REQUIRE(cc.error);
    if (mpfr_zero_p(tb.hi.v)) {
      ++at_zero;
      CHECK(cc.value == verdict::fails);
    } else if (mpfr_cmp_ui(tb.lo.v, 25) == 0) {
      if (cc.k == 2) CHECK(cc.value == verdict::holds);  // t = 25 is inside I_2
      else CHECK(cc.value == verdict::fails);            // ... and far from I_1, I_3
    } else {
      ++sampled;
      CHECK(cc.value == verdict::holds);
      // The sample time lies in I_k.
      const auto& I = r.intervals[cc.k - 1];
      CHECK(mpfr_cmp(tb.lo.v, box(*I.lo).lo.v) >= 0);
      if (!I.unbounded) CHECK(mpfr_cmp(tb.hi.v, box(*I.hi).hi.v) <= 0);
      // The error is known to ~ ||Y|| u in absolute terms (it can be far below u near t = inf).
      const Box eb = box(*cc.error);
      Mp w(64), bound(64);
      mpfr_sub(w.v, eb.hi.v, eb.lo.v, MPFR_RNDU);
      mpfr_set_ui_2exp(bound.v, 3, -(width_bits<T>() - 4), MPFR_RNDD);
      CHECK(mpfr_cmp(w.v, bound.v) <= 0);
    }
  }
  CHECK(sampled == 9);
  CHECK(at_zero == 3);
}

// ------------------------------------------------------------------ Theorem 4, alpha = 1e-10

TEMPLATE_LIST_TEST_CASE("Theorem 4 instance at alpha = 1e-10: log_ratio fails and I_1 is empty", "[theorem]", incert::rigorous_scalar_types) {
  using T = TestType;
  incert::precision_scope scope(128);
  const checked<T> c = run<T>(parse_instance(general_json(paper_eig, paper_W0, "1e-10", "0.1")));
  const auto& r = c.r;
  INFO(Tr<T>::name() << ": " << describe(r));
  CHECK(hypothesis(r, "alpha_small") == verdict::holds);  // 1e-10 <= c_eps / M ~ 4.5e-4
  CHECK(hypothesis(r, "log_ratio") == verdict::fails);
  // The ratio itself: (ln c - ln alpha) / (ln C - ln alpha) = 0.5054 <= 2/3.
  {
    const T ratio = (Tr<T>::log(*r.constants.c_eps) - c.p.log_alpha) / (Tr<T>::log(*r.constants.C_eps) - c.p.log_alpha);
    INFO("ratio " << str(box(ratio)));
    CHECK(matches_digits(box(ratio), "0.5054"));
  }
  REQUIRE(r.intervals.size() == 3);
  const auto& I1 = r.intervals[0];
  REQUIRE(I1.lo);
  REQUIRE(I1.hi);
  CHECK(matches_digits(box(*I1.lo), "5.34176195823"));
  CHECK(matches_digits(box(*I1.hi), "4.04958867196"));
  CHECK(I1.nonempty == verdict::fails);
  CHECK(r.intervals[1].nonempty == verdict::holds);  // [8.0126, 8.0992]
  // No sample time is taken in an empty interval.
  for (const auto& cc : r.conclusions) CHECK(cc.k != 1);
}

// ------------------------------------------------------------------ Theorem 3

TEMPLATE_LIST_TEST_CASE("Theorem 3: constants and I_k against the paper's formulas at 300 bits", "[theorem]", incert::rigorous_scalar_types) {
  using T = TestType;
  incert::precision_scope scope(128);
  struct spec {
    std::string eig, spectral, alpha, eps;
  };
  // The third lists Y's eigenvalues out of order, with zero eigenvalues: after sorting,
  // sigma = (2, 1, 0, 0), s = (0.5, 0.25, 4, 0.01): max over all i is 4 (a zero mode), the
  // min over i <= K is 0.25 (the zero modes' 0.01 does not count).
  const std::vector<spec> specs = {
      {"[\"1\", \"0.99\"]", "[\"1\", \"1\"]", "1e-500", "0.01"},
      {"[\"3\", \"2\", \"1\"]", "[\"1\", \"0.5\", \"2\"]", "1e-30", "0.1"},
      {"[\"0\", \"1\", \"0\", \"2\"]", "[\"4\", \"0.25\", \"0.01\", \"0.5\"]", "1e-20", "1/3"},
      {"[\"5\", \"7/3\", \"1\"]", "[\"3/7\", \"2\", \"1/9\"]", "1e-12", "0.7"},
  };
  for (const spec& s : specs) {
    const incert::instance in = parse_instance(spectral_json(s.eig, s.spectral, s.alpha, s.eps));
    const checked<T> c = run<T>(in);
    const auto& r = c.r;
    INFO(Tr<T>::name() << " Y " << s.eig << " spectral " << s.spectral << " alpha " << s.alpha << " eps " << s.eps << ": "
                       << describe(r));
    REQUIRE(r.constants.theorem == 3);
    // The paper's formulas from the raw (unsorted) lists, exactly.
    std::vector<mpq_class> eig, sp;
    {
      auto je = incert::json::parse(s.eig), js = incert::json::parse(s.spectral);
      for (const auto& v : je.items()) eig.push_back(incert::parse_exact(v.as_string()));
      for (const auto& v : js.items()) sp.push_back(incert::parse_exact(v.as_string()));
    }
    mpq_class s_max = sp[0], s_min = -1, sigma1 = 0;
    std::vector<mpq_class> nonzero;
    for (std::size_t i = 0; i < eig.size(); ++i) {
      s_max = std::max(s_max, sp[i]);
      if (eig[i] != 0) {
        s_min = s_min < 0 ? sp[i] : std::min(s_min, sp[i]);
        nonzero.push_back(eig[i]);
      }
      sigma1 = std::max(sigma1, eig[i]);
    }
    std::sort(nonzero.begin(), nonzero.end(), [](const mpq_class& a, const mpq_class& b) { return a > b; });
    const mpq_class eps = incert::parse_exact(s.eps), alpha = incert::parse_exact(s.alpha);
    const mpq_class c_exact = eps / s_max, C_exact = sigma1 * sigma1 / (eps * s_min);
    REQUIRE(r.constants.c_eps);
    REQUIRE(r.constants.C_eps);
    const Box cb = box(*r.constants.c_eps), Cb = box(*r.constants.C_eps);
    INFO("c_eps " << str(cb) << " (exact " << c_exact.get_str() << "), C_eps " << str(Cb) << " (exact "
                  << C_exact.get_str() << ")");
    CHECK(mpfr_cmp_q(cb.lo.v, c_exact.get_mpq_t()) <= 0);
    CHECK(mpfr_cmp_q(cb.hi.v, c_exact.get_mpq_t()) >= 0);
    CHECK(mpfr_cmp_q(Cb.lo.v, C_exact.get_mpq_t()) <= 0);
    CHECK(mpfr_cmp_q(Cb.hi.v, C_exact.get_mpq_t()) >= 0);
    CHECK(relative_width_le(cb, width_bits<T>()));
    CHECK(relative_width_le(Cb, width_bits<T>()));
    // I_k = [ln(C/alpha) / (2 sigma_k), ln(c/alpha) / (2 sigma_{k+1})] at 300 bits, rigorously.
    REQUIRE(r.intervals.size() == nonzero.size());
    const Box lC = log_box(C_exact / alpha), lc = log_box(c_exact / alpha);
    for (std::size_t k = 0; k < nonzero.size(); ++k) {
      const auto& I = r.intervals[k];
      Box lo_ref{Mp(ref_bits), Mp(ref_bits)};
      const Mp two_sk_lo = q_down(2 * nonzero[k]), two_sk_hi = q_up(2 * nonzero[k]);
      mpfr_div(lo_ref.lo.v, lC.lo.v, two_sk_hi.v, MPFR_RNDD);  // ln(C/alpha) > 0 here
      mpfr_div(lo_ref.hi.v, lC.hi.v, two_sk_lo.v, MPFR_RNDU);
      INFO("k = " << k + 1 << ": lo " << str(box(*I.lo)) << " vs " << str(lo_ref));
      CHECK(overlap(box(*I.lo), lo_ref));
      CHECK(relative_width_le(box(*I.lo), width_bits<T>() - 4));
      if (k + 1 < nonzero.size()) {
        Box hi_ref{Mp(ref_bits), Mp(ref_bits)};
        const Mp n_lo = q_down(2 * nonzero[k + 1]), n_hi = q_up(2 * nonzero[k + 1]);
        mpfr_div(hi_ref.lo.v, lc.lo.v, n_hi.v, MPFR_RNDD);  // ln(c/alpha) > 0 here
        mpfr_div(hi_ref.hi.v, lc.hi.v, n_lo.v, MPFR_RNDU);
        INFO("hi " << str(box(*I.hi)) << " vs " << str(hi_ref));
        REQUIRE(I.hi);
        CHECK(overlap(box(*I.hi), hi_ref));
        CHECK(relative_width_le(box(*I.hi), width_bits<T>() - 4));
      } else {
        CHECK(I.unbounded);
      }
    }
    // Conclusions at the sample times: the error to rank k of the diagonal W~ equals
    // max(max_{i<=k} |sigma_W,i - sigma_i|, max_{i>k} sigma_W,i); check it against eq. (12)-(13)
    // at 300 bits when the verdict is decided.
    for (const auto& cc : r.conclusions) {
      REQUIRE(cc.error);
      const Box tb = box(cc.t);
      REQUIRE(mpfr_equal_p(tb.lo.v, tb.hi.v));  // sample times are points
      Mp err(ref_bits), al(ref_bits);
      mpfr_set_q(al.v, alpha.get_mpq_t(), MPFR_RNDN);
      std::vector<std::pair<mpq_class, mpq_class>> modes;  // (sigma, s0), sorted like in.sigma
      for (std::size_t i = 0; i < in.n; ++i) modes.push_back({in.sigma[i], in.spectral[i]});
      for (std::size_t i = 0; i < modes.size(); ++i) {
        Mp v(ref_bits), sg(ref_bits), s0(ref_bits), E(ref_bits), den(ref_bits);
        mpfr_set_q(sg.v, modes[i].first.get_mpq_t(), MPFR_RNDN);
        mpfr_set_q(s0.v, modes[i].second.get_mpq_t(), MPFR_RNDN);
        if (modes[i].first == 0) {  // (13)
          mpfr_mul(v.v, al.v, s0.v, MPFR_RNDN);
          mpfr_mul(den.v, v.v, tb.lo.v, MPFR_RNDN);
          mpfr_mul_ui(den.v, den.v, 2, MPFR_RNDN);
          mpfr_add_ui(den.v, den.v, 1, MPFR_RNDN);
          mpfr_div(v.v, v.v, den.v, MPFR_RNDN);
        } else {  // (12)
          mpfr_mul(E.v, sg.v, tb.lo.v, MPFR_RNDN);
          mpfr_mul_ui(E.v, E.v, 2, MPFR_RNDN);
          mpfr_exp(E.v, E.v, MPFR_RNDN);
          mpfr_mul(v.v, al.v, sg.v, MPFR_RNDN);
          mpfr_mul(v.v, v.v, s0.v, MPFR_RNDN);
          mpfr_mul(v.v, v.v, E.v, MPFR_RNDN);
          mpfr_sub_ui(den.v, E.v, 1, MPFR_RNDN);
          mpfr_mul(den.v, den.v, s0.v, MPFR_RNDN);
          mpfr_mul(den.v, den.v, al.v, MPFR_RNDN);
          mpfr_add(den.v, den.v, sg.v, MPFR_RNDN);
          mpfr_div(v.v, v.v, den.v, MPFR_RNDN);
        }
        if (i < cc.k) mpfr_sub(v.v, v.v, sg.v, MPFR_RNDN);
        mpfr_abs(v.v, v.v, MPFR_RNDN);
        mpfr_max(err.v, err.v, v.v, MPFR_RNDN);
      }
      const Box eb = box(*cc.error);
      INFO("k = " << cc.k << ", t = " << str(tb) << ": error " << str(eb) << ", from eq. (12)-(13) " << str(err)
                  << ", verdict " << incert::to_string(cc.value));
      // The enclosure's absolute width is ~ ||W|| u; allow that much around the 300-bit value.
      Mp slack(64);
      mpfr_set_d(slack.v, std::is_same<T, mpfi_float>::value ? 1e-30 : 1e-12, MPFR_RNDU);
      Box widened{Mp(), Mp()};
      mpfr_sub(widened.lo.v, eb.lo.v, slack.v, MPFR_RNDD);
      mpfr_add(widened.hi.v, eb.hi.v, slack.v, MPFR_RNDU);
      CHECK(contains(widened, err.v));
      const bool truly_holds = mpfr_cmp_q(err.v, eps.get_mpq_t()) <= 0;
      if (cc.value == verdict::holds) CHECK(truly_holds);
      if (cc.value == verdict::fails) CHECK_FALSE(truly_holds);
    }
  }
}

TEMPLATE_LIST_TEST_CASE("Theorem 3, Y = diag(1, 0.99): log_ratio fails at 1e-300, holds at 1e-500, never holds at 1e-398",
                   "[theorem]", incert::rigorous_scalar_types) {
  using T = TestType;
  incert::precision_scope scope(128);
  {
    const checked<T> c = run<T>(incert::load_instance_file(source_path("tests/data/spectral_theorem3.json")));
    INFO(Tr<T>::name() << " alpha 1e-500: " << describe(c.r));
    for (const char* h : {"distinct_nonzero_eigenvalues", "spectral_init_positive", "epsilon_range", "alpha_small",
                          "log_ratio"})
      CHECK(hypothesis(c.r, h) == verdict::holds);
    for (const auto& I : c.r.intervals) CHECK(I.nonempty == verdict::holds);
    CHECK(c.r.conclusions.size() == 6);
    for (const auto& cc : c.r.conclusions) CHECK(cc.value == verdict::holds);
  }
  // (L - ln 100) / (L + ln 100) with L = ln(1/alpha) crosses 0.99 exactly at alpha = 10^-398.
  const std::vector<std::pair<std::string, std::vector<verdict>>> cases = {
      {"1e-300", {verdict::fails}},
      {"1e-397", {verdict::fails}},
      {"1e-398", {verdict::fails, verdict::undecided}},  // ratio = 0.99 exactly: "> 0.99" is false
      {"1e-399", {verdict::holds}},
      {"1e-500", {verdict::holds}},
  };
  for (const auto& cs : cases) {
    const checked<T> c = run<T>(parse_instance(spectral_json("[\"1\", \"0.99\"]", "[\"1\", \"1\"]", cs.first, "0.01")));
    const verdict v = hypothesis(c.r, "log_ratio");
    INFO(Tr<T>::name() << " alpha " << cs.first << ": log_ratio " << incert::to_string(v) << "; " << describe(c.r));
    CHECK(std::find(cs.second.begin(), cs.second.end(), v) != cs.second.end());
    CHECK(hypothesis(c.r, "alpha_small") == verdict::holds);
  }
}

// ------------------------------------------------------------------ exact hypotheses

TEST_CASE("epsilon_range: eps <= sigma_K (Theorem 3), eps <= min(sigma_K, 1) (Theorem 4), boundaries included",
          "[theorem]") {
  incert::precision_scope scope(128);
  struct cs {
    std::string eig, init, eps;
    bool spectral;
    verdict expected;
  };
  const std::string s3 = "[\"1\", \"1\", \"1\"]";
  const std::string W642 = "{\"W0\": [[\"2\", \"0.5\", \"0.3\"], [\"0.5\", \"1.5\", \"0.2\"], [\"0.3\", \"0.2\", \"1\"]]}";
  const std::vector<cs> cases = {
      {paper_eig, paper_W0, "1.5", false, verdict::fails},         // > sigma_K = 1
      {paper_eig, paper_W0, "1", false, verdict::holds},           // = sigma_K = 1: allowed
      {paper_eig, paper_W0, "1.0000000001", false, verdict::fails},
      {"[\"6\", \"4\", \"2\"]", W642, "1.5", false, verdict::fails},  // <= sigma_K but > 1 (Theorem 4)
      {"[\"6\", \"4\", \"2\"]", W642, "1", false, verdict::holds},
      {"[\"6\", \"4\", \"2\"]", s3, "1.5", true, verdict::holds},   // Theorem 3 has no "<= 1"
      {"[\"6\", \"4\", \"2\"]", s3, "2", true, verdict::holds},     // = sigma_K
      {"[\"6\", \"4\", \"2\"]", s3, "2.0001", true, verdict::fails},
      {"[\"1\", \"0.99\"]", "[\"1\", \"1\"]", "0.99", true, verdict::holds},
      {"[\"1\", \"0.99\"]", "[\"1\", \"1\"]", "99/100", true, verdict::holds},
      {"[\"1\", \"0.99\"]", "[\"1\", \"1\"]", "0.990000001", true, verdict::fails},
      {"[\"2\", \"1\", \"0\"]", s3, "1", true, verdict::holds},  // sigma_K is the smallest non-zero eigenvalue
      {"[\"2\", \"1\", \"0\"]", s3, "1.5", true, verdict::fails},
  };
  for (const cs& c : cases) {
    const std::string json = c.spectral ? spectral_json(c.eig, c.init, "1e-30", c.eps) : general_json(c.eig, c.init, "1e-30", c.eps);
    INFO(json);
    const auto r1 = run<mpfi_float>(parse_instance(json));
    CHECK(hypothesis(r1.r, "epsilon_range") == c.expected);
    const auto r2 = run<double_interval>(parse_instance(json));
    CHECK(hypothesis(r2.r, "epsilon_range") == c.expected);
  }
}

TEST_CASE("W0_invertible, distinct_nonzero_eigenvalues, spectral_init_positive", "[theorem]") {
  incert::precision_scope scope(128);
  // U0 of shape 3x2: W0 = U0 U0^T has rank 2.
  {
    const std::string json =
        general_json(paper_eig, "{\"U0\": [[\"1\", \"0\"], [\"0.5\", \"1\"], [\"0.25\", \"-2\"]]}", "1e-30", "0.1");
    INFO(json);
    const auto c = run<mpfi_float>(parse_instance(json));
    INFO(describe(c.r));
    CHECK(hypothesis(c.r, "W0_invertible") == verdict::fails);
    CHECK(hypothesis(c.r, "alpha_small") != verdict::holds);  // no M, nothing to compare with
    CHECK(hypothesis(c.r, "log_ratio") != verdict::holds);
    for (const auto& I : c.r.intervals) CHECK(I.nonempty != verdict::holds);
    CHECK(c.r.conclusions.empty());
    const auto d = run<double_interval>(parse_instance(json));
    CHECK(hypothesis(d.r, "W0_invertible") == verdict::fails);
  }
  // Singular W0 given directly (rank 2: third row = first + second).
  {
    const std::string json = general_json(
        paper_eig, "{\"W0\": [[\"1\", \"0\", \"1\"], [\"0\", \"1\", \"1\"], [\"1\", \"1\", \"2\"]]}", "1e-30", "0.1");
    INFO(json);
    CHECK(hypothesis(run<mpfi_float>(parse_instance(json)).r, "W0_invertible") == verdict::fails);
  }
  // U0 square and invertible: holds.
  {
    const std::string json = general_json(
        paper_eig, "{\"U0\": [[\"1\", \"0\", \"0\"], [\"0.5\", \"1\", \"0\"], [\"0.25\", \"-2\", \"1\"]]}", "1e-30", "0.1");
    INFO(json);
    CHECK(hypothesis(run<mpfi_float>(parse_instance(json)).r, "W0_invertible") == verdict::holds);
  }
  // Repeated non-zero eigenvalues (given in any order); repeated zeros are allowed.
  {
    const std::map<std::string, verdict> cases = {
        {"[\"2\", \"2\", \"1\"]", verdict::fails},
        {"[\"1\", \"2\", \"2\"]", verdict::fails},
        {"[\"2\", \"1\", \"1\"]", verdict::fails},
        {"[\"2\", \"1\", \"0\"]", verdict::holds},
        {"[\"0\", \"2\", \"0\"]", verdict::holds},
        {"[\"3\", \"2\", \"1\"]", verdict::holds},
    };
    for (const auto& kv : cases) {
      INFO("eigenvalues " << kv.first);
      CHECK(hypothesis(run<mpfi_float>(parse_instance(general_json(kv.first, paper_W0, "1e-30", "0.1"))).r,
                       "distinct_nonzero_eigenvalues") == kv.second);
      CHECK(hypothesis(run<mpfi_float>(parse_instance(spectral_json(kv.first, "[\"1\", \"1\", \"1\"]", "1e-30", "0.1"))).r,
                       "distinct_nonzero_eigenvalues") == kv.second);
    }
  }
  // spectral_init_positive: s_i > 0 for the non-zero eigenvalues only.
  {
    CHECK(hypothesis(run<mpfi_float>(parse_instance(spectral_json(paper_eig, "[\"1\", \"0\", \"1\"]", "1e-30", "0.1"))).r,
                     "spectral_init_positive") == verdict::fails);
    CHECK(hypothesis(run<mpfi_float>(parse_instance(spectral_json("[\"2\", \"1\", \"0\"]", "[\"1\", \"1\", \"0\"]", "1e-30", "0.1"))).r,
                     "spectral_init_positive") == verdict::holds);
    // Listed out of order: the zero initial value belongs to the zero eigenvalue.
    CHECK(hypothesis(run<mpfi_float>(parse_instance(spectral_json("[\"0\", \"1\", \"2\"]", "[\"0\", \"1\", \"1\"]", "1e-30", "0.1"))).r,
                     "spectral_init_positive") == verdict::holds);
    CHECK(hypothesis(run<mpfi_float>(parse_instance(spectral_json("[\"0\", \"1\", \"2\"]", "[\"1\", \"0\", \"1\"]", "1e-30", "0.1"))).r,
                     "spectral_init_positive") == verdict::fails);
  }
}

// ------------------------------------------------------------------ boundaries of alpha_small

TEMPLATE_LIST_TEST_CASE("alpha_small at its boundary: never fails when true, never holds when false", "[theorem]", incert::rigorous_scalar_types) {
  using T = TestType;
  incert::precision_scope scope(128);
  // Theorem 3: c_eps = eps / max s_i = 0.01 / 1; alpha = 0.01 = c_eps exactly, so "alpha <= c_eps"
  // is TRUE. Enclosures of ln(alpha) and ln(c_eps) overlap, so the honest answer is
  // "undecided" (an exact rational comparison could say "holds"); "fails" would be wrong.
  const std::vector<std::pair<std::string, std::vector<verdict>>> thm3 = {
      {"0.01", {verdict::holds, verdict::undecided}},
      {"1/100", {verdict::holds, verdict::undecided}},
      {"0.0100000001", {verdict::fails}},
      {"0.0099999999", {verdict::holds}},
  };
  for (const auto& cs : thm3) {
    const checked<T> c = run<T>(parse_instance(spectral_json("[\"2\", \"1\"]", "[\"1\", \"0.5\"]", cs.first, "0.01")));
    const verdict v = hypothesis(c.r, "alpha_small");
    INFO(Tr<T>::name() << " Theorem 3, alpha " << cs.first << ": alpha_small " << incert::to_string(v));
    CHECK(std::find(cs.second.begin(), cs.second.end(), v) != cs.second.end());
  }
  // Theorem 4: c_eps / M = 4.511740126349724...e-4 (irrational): just above fails, just below holds.
  const std::vector<std::pair<std::string, verdict>> thm4 = {
      {"4.5117401264e-4", verdict::fails},
      {"4.5117401263e-4", verdict::holds},
      {"1e-30", verdict::holds},
      {"0.5", verdict::fails},
  };
  for (const auto& cs : thm4) {
    const checked<T> c = run<T>(parse_instance(general_json(paper_eig, paper_W0, cs.first, "0.1")));
    const verdict v = hypothesis(c.r, "alpha_small");
    INFO(Tr<T>::name() << " Theorem 4, alpha " << cs.first << ": alpha_small " << incert::to_string(v));
    CHECK(v == cs.second);
  }
}
