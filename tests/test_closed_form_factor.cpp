// The r x r closed form for a factor initialization (include/incert/flow/closed_form_factor.hpp),
// checked against facts that do not come from its code:
//  (1) containment of an independent Taylor integration of dW/dt = WS + SW - 2W^2
//      (tests/support/riccati_reference.hpp, 200 bits) from alpha U~ U~^T, U~ = Phi^T U0 computed
//      here at 200 bits from the exact data, for MPFI (128 bits) and double_interval, on factor
//      instances with r < n: a rank-deficient target (4, 1, 0, 0), Cayley eigenvectors, a U0
//      whose first row is zero (the pivot rows are not the first r), r = 1;
//  (2) width: diagonal entries relatively tight, off-diagonal ones relative to sqrt(W_ii W_jj);
//  (3) the acceptance: Y eigenvalues (4, 1, 0, 0), U0 4 x 2: the naive n x n form at
//      a higher precision (512 bits) gives narrower enclosures that lie inside the r x r form's
//      (128 bits), and the two overlap; closed_form_eigenbasis takes the r x r form;
//  (4) alpha = 1e-100000: the r x r form is tight and its 128- and 256-bit enclosures overlap,
//      where the naive form is not certified;
//  (5) r x r is unavailable when U~ lacks full column rank: nothing is returned, the dispatch
//      falls back to the naive form;
//  (6) Theorem 4 for r < n: W0_invertible fails, no constants, no I_k, no conclusion claimed;
//      conclusions at user times are still certified.
#include <catch2/catch.hpp>

#include "incert/scalar/scalar_list.hpp"
#include "incert/flow/closed_form_factor.hpp"
#include "incert/instance/load_instance.hpp"
#include "incert/io/json.hpp"
#include "incert/theory/theorem_check.hpp"
#include "support/mpfr_box.hpp"
#include "support/riccati_reference.hpp"

#include <mpfr.h>

#include <algorithm>
#include <map>
#include <numeric>
#include <string>
#include <vector>

namespace {

using incert::double_interval;
using incert::matrix;
using incert::mpfi_float;
using incert::mpfr_float;
using incert::rational_matrix;

template <class T>
using Tr = incert::scalar_traits<T>;

// ------------------------------------------------------------------ exact bounds, raw MPFR

using incert_test::Box;
using incert_test::box;
using incert_test::exact;
using incert_test::Mp;
using incert_test::str;

struct BoxMatrix {
  Eigen::Index n = 0;
  std::vector<Box> e;
  const Box& operator()(Eigen::Index i, Eigen::Index j) const { return e[static_cast<std::size_t>(i * n + j)]; }
};

template <class T>
BoxMatrix boxes(const incert::scaled_symmetric_matrix<T>& W) {
  BoxMatrix B;
  B.n = W.size();
  for (Eigen::Index i = 0; i < B.n; ++i)
    for (Eigen::Index j = 0; j < B.n; ++j) B.e.push_back(box(W.entry(i, j)));
  return B;
}

bool finite(const Box& b) { return mpfr_number_p(b.lo.v) && mpfr_number_p(b.hi.v); }

bool contains_within(const Box& b, mpfr_srcptr v, mpfr_srcptr allow) {
  if (!finite(b)) return false;
  Mp lo, hi;
  mpfr_sub(lo.v, b.lo.v, allow, MPFR_RNDD);
  mpfr_add(hi.v, b.hi.v, allow, MPFR_RNDU);
  return mpfr_cmp(lo.v, v) <= 0 && mpfr_cmp(v, hi.v) <= 0;
}

bool inside(const Box& inner, const Box& outer) {
  return finite(inner) && mpfr_cmp(outer.lo.v, inner.lo.v) <= 0 && mpfr_cmp(inner.hi.v, outer.hi.v) <= 0;
}

bool overlap(const Box& a, const Box& b) { return mpfr_cmp(a.lo.v, b.hi.v) <= 0 && mpfr_cmp(b.lo.v, a.hi.v) <= 0; }

Mp width(const Box& b) {
  Mp w(64);
  mpfr_sub(w.v, b.hi.v, b.lo.v, MPFR_RNDU);
  return w;
}

Mp min_abs(const Box& b) {
  Mp m(64);
  if (mpfr_sgn(b.lo.v) > 0) mpfr_set(m.v, b.lo.v, MPFR_RNDD);
  else if (mpfr_sgn(b.hi.v) < 0) mpfr_neg(m.v, b.hi.v, MPFR_RNDD);
  return m;
}

// width <= 2^-bits * scale
bool width_le(const Box& b, long bits, mpfr_srcptr scale) {
  if (!finite(b)) return false;
  Mp w = width(b), s(64);
  mpfr_mul_2si(s.v, scale, -bits, MPFR_RNDD);
  return mpfr_cmp(w.v, s.v) <= 0;
}

// Diagonal: relative width <= 2^-bits; off-diagonal: width <= 2^-bits sqrt(W_ii W_jj).
void check_width(const BoxMatrix& B, long bits, const std::string& what) {
  for (Eigen::Index i = 0; i < B.n; ++i)
    for (Eigen::Index j = 0; j < B.n; ++j) {
      Mp s(64), a = min_abs(B(i, i)), b = min_abs(B(j, j));
      mpfr_mul(s.v, a.v, b.v, MPFR_RNDD);
      mpfr_sqrt(s.v, s.v, MPFR_RNDD);
      Mp w = width(B(i, j));
      INFO(what << ": entry (" << i << "," << j << ") " << str(B(i, j)) << " (width " << str(w.v) << "), bound 2^-" << bits
                << " * " << str(s.v));
      if (mpfr_zero_p(B(i, i).lo.v) && mpfr_zero_p(B(i, i).hi.v)) {  // an exactly zero row (U~ row zero)
        CHECK(mpfr_zero_p(B(i, j).lo.v));
        CHECK(mpfr_zero_p(B(i, j).hi.v));
        continue;
      }
      if (mpfr_zero_p(B(j, j).lo.v) && mpfr_zero_p(B(j, j).hi.v)) continue;
      CHECK(mpfr_sgn(s.v) > 0);
      CHECK(width_le(B(i, j), bits, s.v));
    }
}

// ------------------------------------------------------------------ instances

struct factor_instance {
  std::string name;
  std::vector<std::string> eig;                      // decreasing
  std::vector<std::vector<std::string>> P;           // eigenvector columns (empty: identity)
  std::vector<std::vector<std::string>> U0;          // n x r
};

std::string matrix_json(const std::vector<std::vector<std::string>>& M) {
  std::string s = "[";
  for (std::size_t i = 0; i < M.size(); ++i) {
    s += i ? ", [" : "[";
    for (std::size_t j = 0; j < M[i].size(); ++j) s += (j ? ", \"" : "\"") + M[i][j] + "\"";
    s += "]";
  }
  return s + "]";
}

incert::instance load(const factor_instance& fi, const std::string& alpha) {
  std::string s = "{\"Y\": {\"eigenvalues\": [";
  for (std::size_t i = 0; i < fi.eig.size(); ++i) s += (i ? ", \"" : "\"") + fi.eig[i] + "\"";
  s += "]";
  if (!fi.P.empty()) s += ", \"eigenvectors\": " + matrix_json(fi.P);
  s += "}, \"init\": {\"U0\": " + matrix_json(fi.U0) + "}, \"alpha\": \"" + alpha + "\", \"epsilon\": \"0.1\"}";
  return incert::load_instance(incert::json::parse(s));
}

factor_instance rank_deficient_target() {
  return {"Y eigenvalues (4,1,0,0), U0 4x2", {"4", "1", "0", "0"}, {},
          {{"1", "0.5"}, {"-0.5", "1"}, {"0.25", "0.75"}, {"1", "-0.5"}}};
}

std::vector<factor_instance> all_instances() {
  return {
      rank_deficient_target(),
      // Q = Cayley transform of [[0,1,-2/3,1/5],[-1,0,1/2,-3/7],[2/3,-1/2,0,2],[-1/5,3/7,-2,0]] is
      // not needed exactly: any exactly orthogonal columns do. These are orthogonal, unnormalised.
      {"eigenvectors given (orthogonal, unnormalised), Y (3,2,1,1/2), U0 4x2",
       {"3", "2", "1", "1/2"},
       {{"1", "1", "1", "1"}, {"1", "-1", "1", "-1"}, {"1", "1", "-1", "-1"}, {"1", "-1", "-1", "1"}},
       {{"0.6", "-0.2"}, {"0.1", "0.9"}, {"-0.4", "0.3"}, {"0.7", "0.5"}}},
      {"first row zero (pivots skip it), Y (5,4,3,2,1), U0 5x3",
       {"5", "4", "3", "2", "1"},
       {},
       {{"0", "0", "0"}, {"1", "0.5", "-1"}, {"0.2", "1", "0.3"}, {"-0.6", "0.4", "0.2"}, {"1", "1", "1"}}},
      {"r = 1, Y (3,2,1)", {"3", "2", "1"}, {}, {{"0.3"}, {"1"}, {"-2"}}},
  };
}

// W~(t_k) by Taylor integration at 200 bits from alpha U~ U~^T (U~ = Phi^T U0 with Phi the
// given columns normalised), times increasing.
std::vector<incert_test::ref_matrix> reference(const factor_instance& fi, const mpq_class& alpha,
                                               const std::vector<mpq_class>& times) {
  using incert_test::ref_float;
  using incert_test::ref_matrix;
  incert::precision_scope scope(200);
  const Eigen::Index n = static_cast<Eigen::Index>(fi.eig.size()), r = static_cast<Eigen::Index>(fi.U0[0].size());
  auto mp = [](const mpq_class& q) {
    ref_float x;
    mpfr_set_q(x.backend().data(), q.get_mpq_t(), MPFR_RNDN);
    return x;
  };
  std::vector<ref_float> sigma;
  for (const auto& s : fi.eig) sigma.push_back(mp(incert::parse_exact(s)));
  ref_matrix Phi = ref_matrix::Identity(n, n), U0(n, r);
  if (!fi.P.empty())
    for (Eigen::Index j = 0; j < n; ++j) {
      mpq_class n2 = 0;
      for (Eigen::Index i = 0; i < n; ++i) n2 += incert::parse_exact(fi.P[i][j]) * incert::parse_exact(fi.P[i][j]);
      for (Eigen::Index i = 0; i < n; ++i) Phi(i, j) = mp(incert::parse_exact(fi.P[i][j])) / sqrt(mp(n2));
    }
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index j = 0; j < r; ++j) U0(i, j) = mp(incert::parse_exact(fi.U0[i][j]));
  ref_matrix Ut = Phi.transpose() * U0;
  ref_matrix W = mp(alpha) * (Ut * Ut.transpose());
  std::vector<ref_matrix> out;
  ref_float t_prev = 0;
  for (const mpq_class& tq : times) {
    ref_float t = mp(tq);
    if (t > t_prev) W = incert_test::integrate_riccati(sigma, W, ref_float(t - t_prev));
    t_prev = t;
    out.push_back(W);
  }
  return out;
}

// Computed once for both scalar types.
const std::vector<incert_test::ref_matrix>& cached_reference(const factor_instance& fi, const std::string& alpha,
                                                             const std::vector<mpq_class>& times) {
  static std::map<std::string, std::vector<incert_test::ref_matrix>> cache;
  const std::string key = fi.name + "|" + alpha;
  auto it = cache.find(key);
  if (it == cache.end()) it = cache.emplace(key, reference(fi, incert::parse_exact(alpha), times)).first;
  return it->second;
}

template <class T>
long width_bits() {
  return static_cast<long>(Tr<T>::precision_bits()) - 30;
}

}  // namespace

TEMPLATE_LIST_TEST_CASE("r x r form: contains the ODE reference and is tight", "[closed_form_factor]", incert::rigorous_scalar_types) {
  incert::precision_scope scope(128);
  const std::vector<std::string> alphas = {"0.01", "1e-6"};
  const std::vector<mpq_class> times = {0, mpq_class(1, 4), 2, 6};
  for (const factor_instance& fi : all_instances())
    for (const std::string& a : alphas) {
      const incert::instance in = load(fi, a);
      const incert::enclosed_problem<TestType> p = incert::enclose_problem<TestType>(in);
      REQUIRE(p.Ut0.has_value());
      REQUIRE_FALSE(p.V.has_value());  // W~0 = U~ U~^T is singular (r < n)
      const auto& ref = cached_reference(fi, a, times);
      for (std::size_t k = 0; k < times.size(); ++k) {
        const std::string what = fi.name + ", alpha " + a + ", t " + times[k].get_str() + ", " + Tr<TestType>::name();
        INFO(what);
        auto W = incert::closed_form_factor(p, incert::enclose_mpfi(times[k]));
        REQUIRE(W.has_value());
        const BoxMatrix B = boxes(*W);
        Mp scale(64), allow(64);
        for (Eigen::Index i = 0; i < B.n; ++i)
          for (Eigen::Index j = 0; j < B.n; ++j)
            if (mpfr_cmpabs(ref[k](i, j).backend().data(), scale.v) > 0) mpfr_abs(scale.v, ref[k](i, j).backend().data(), MPFR_RNDU);
        mpfr_mul_2si(allow.v, scale.v, -150, MPFR_RNDU);  // the reference is ~1e-50 accurate
        for (Eigen::Index i = 0; i < B.n; ++i)
          for (Eigen::Index j = 0; j < B.n; ++j) {
            INFO("entry (" << i << "," << j << ") " << str(B(i, j)) << ", reference " << str(ref[k](i, j).backend().data()));
            CHECK(contains_within(B(i, j), ref[k](i, j).backend().data(), allow.v));
          }
        if (times[k] > 0) check_width(B, width_bits<TestType>(), what);  // at t = 0 the zero rows are exact zeros
        // The dispatch takes the r x r form and agrees.
        auto We = incert::closed_form_eigenbasis(p, incert::enclose_mpfi(times[k]));
        REQUIRE(We.has_value());
        const BoxMatrix Be = boxes(*We);
        for (Eigen::Index i = 0; i < B.n; ++i)
          for (Eigen::Index j = 0; j < B.n; ++j) CHECK(overlap(B(i, j), Be(i, j)));
      }
    }
}

TEST_CASE("r x r form on a whole time interval encloses every time inside", "[closed_form_factor]") {
  incert::precision_scope scope(128);
  const factor_instance fi = rank_deficient_target();
  const incert::instance in = load(fi, "1e-6");
  const auto p = incert::enclose_problem<mpfi_float>(in);
  const std::vector<mpq_class> times = {3, mpq_class(13, 4), mpq_class(7, 2)};
  const auto ref = reference(fi, incert::parse_exact("1e-6"), times);
  mpfi_float t = Tr<mpfi_float>::hull(incert::enclose_mpfi(times.front()), incert::enclose_mpfi(times.back()));
  auto W = incert::closed_form_factor(p, t);
  REQUIRE(W.has_value());
  const BoxMatrix B = boxes(*W);
  Mp zero(64);
  for (std::size_t k = 0; k < times.size(); ++k)
    for (Eigen::Index i = 0; i < B.n; ++i)
      for (Eigen::Index j = 0; j < B.n; ++j) {
        INFO("t " << times[k].get_str() << ", entry (" << i << "," << j << ") " << str(B(i, j)) << ", reference "
                  << str(ref[k](i, j).backend().data()));
        CHECK(contains_within(B(i, j), ref[k](i, j).backend().data(), zero.v));
      }
}

TEST_CASE("acceptance: Y (4,1,0,0), U0 4x2: the naive form at 512 bits lies inside the r x r form at 128 bits",
          "[closed_form_factor]") {
  const factor_instance fi = rank_deficient_target();
  for (const std::string a : {"0.01", "1e-10"}) {
    const incert::instance in = load(fi, a);
    for (const std::string tau : {"0.05", "0.3", "0.8", "1.5"}) {
      const mpq_class ln_inv_alpha_tau = incert::parse_exact(tau);
      std::optional<BoxMatrix> factor, naive;
      {
        incert::precision_scope scope(128);
        const auto p = incert::enclose_problem<mpfi_float>(in);
        const mpfi_float t = incert::enclose_mpfi(ln_inv_alpha_tau) * (-p.wide.log_alpha);
        auto W = incert::closed_form_factor(p, t);
        REQUIRE(W.has_value());
        factor = boxes(*W);
        check_width(*factor, 128 - 30, "r x r, alpha " + a + ", tau " + tau);
      }
      {
        incert::precision_scope scope(512);
        const auto p = incert::enclose_problem<mpfi_float>(in);
        const mpfi_float t = incert::enclose_mpfi(ln_inv_alpha_tau) * (-p.wide.log_alpha);
        auto W = incert::closed_form_naive(p, t);
        REQUIRE(W.has_value());
        naive = boxes(*W);
      }
      for (Eigen::Index i = 0; i < factor->n; ++i)
        for (Eigen::Index j = 0; j < factor->n; ++j) {
          INFO("alpha " << a << ", tau " << tau << ", entry (" << i << "," << j << "): r x r (128 bits) " << str((*factor)(i, j))
                        << ", naive (512 bits) " << str((*naive)(i, j)));
          CHECK(overlap((*factor)(i, j), (*naive)(i, j)));
          CHECK(inside((*naive)(i, j), (*factor)(i, j)));
          Mp wn = width((*naive)(i, j)), wf = width((*factor)(i, j));
          CHECK(mpfr_cmp(wn.v, wf.v) <= 0);
        }
    }
  }
}

TEST_CASE("alpha = 1e-100000: the r x r form is tight, 128 and 256 bits overlap", "[closed_form_factor]") {
  const factor_instance fi = rank_deficient_target();
  const incert::instance in = load(fi, "1e-100000");
  for (const std::string tau : {"0.1", "0.3", "0.7", "2"}) {
    std::optional<BoxMatrix> lo, hi;
    for (unsigned bits : {128u, 256u}) {
      incert::precision_scope scope(bits);
      const auto p = incert::enclose_problem<mpfi_float>(in);
      const mpfi_float t = incert::enclose_mpfi(incert::parse_exact(tau)) * (-p.wide.log_alpha);
      auto W = incert::closed_form_eigenbasis(p, t);
      REQUIRE(W.has_value());
      (bits == 128 ? lo : hi) = boxes(*W);
      // |ln alpha| ~ 2^18 costs about 18 bits (proofs/closed_form_scaled.md section 6).
      check_width(bits == 128 ? *lo : *hi, static_cast<long>(bits) - 60, "alpha 1e-100000, tau " + tau + ", " + std::to_string(bits) + " bits");
    }
    for (Eigen::Index i = 0; i < lo->n; ++i)
      for (Eigen::Index j = 0; j < lo->n; ++j) {
        INFO("tau " << tau << ", entry (" << i << "," << j << ") " << str((*lo)(i, j)) << " vs " << str((*hi)(i, j)));
        CHECK(overlap((*lo)(i, j), (*hi)(i, j)));
      }
  }
}

TEST_CASE("r x r form unavailable without full column rank: the dispatch falls back to the naive form",
          "[closed_form_factor]") {
  incert::precision_scope scope(128);
  // U0 3 x 3 with equal first and third columns: W~0 singular, U~ of rank 2 < r = 3.
  const factor_instance fi{"rank-2 U0 3x3", {"3", "2", "1"}, {}, {{"1", "0.5", "1"}, {"0.2", "1", "0.2"}, {"-1", "0.3", "-1"}}};
  const incert::instance in = load(fi, "0.01");
  const auto p = incert::enclose_problem<mpfi_float>(in);
  REQUIRE_FALSE(p.V.has_value());
  const mpfi_float t = incert::enclose_mpfi(mpq_class(1));
  CHECK_FALSE(incert::closed_form_factor(p, t).has_value());
  auto We = incert::closed_form_eigenbasis(p, t);
  auto Wn = incert::closed_form_naive(p, t);
  REQUIRE(We.has_value());
  REQUIRE(Wn.has_value());
  const BoxMatrix Be = boxes(*We), Bn = boxes(*Wn);
  for (std::size_t k = 0; k < Be.e.size(); ++k) CHECK(overlap(Be.e[k], Bn.e[k]));
  // Wrong calls throw.
  CHECK_THROWS_AS(incert::closed_form_factor(p, incert::enclose_mpfi(mpq_class(-1))), std::domain_error);
}

TEST_CASE("Theorem 4 with r < n: W0_invertible fails and nothing claims its conclusion; user times still certified",
          "[closed_form_factor]") {
  incert::precision_scope scope(128);
  const incert::instance in = load(rank_deficient_target(), "1e-30");
  const auto p = incert::enclose_problem<mpfi_float>(in);
  const mpfi_float t = incert::enclose_mpfi(mpq_class(40));
  const auto c = incert::check_theorem(in, p, {t});
  bool seen = false;
  for (const auto& h : c.hypotheses)
    if (h.name == "W0_invertible") {
      seen = true;
      CHECK(h.value == incert::verdict::fails);
    }
  CHECK(seen);
  CHECK_FALSE(c.constants.M.has_value());
  CHECK(c.intervals.empty());
  REQUIRE(c.conclusions.size() == in.K);
  for (const auto& cc : c.conclusions) {
    CHECK(cc.where == "user");
    REQUIRE(cc.error.has_value());
  }
  // At t = 40 = 0.58 ln(1e30)... both components are learned: ||W - Y^_2|| is tiny, k = 2 holds.
  CHECK(c.conclusions[1].value == incert::verdict::holds);
}
