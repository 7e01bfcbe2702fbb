// conclusion_over_interval (include/incert/theory/conclusion_over_interval.hpp): the conclusion
// ||W(t) - Y^_k||_2 <= eps for every t of a time range, by adaptive subdivision.
//  (1) Theorem 4 instance of the paper (alpha 1e-30, eps 0.1): holds on the whole of I_1, I_2
//      and I_3 = [lo, inf) (tail piece), with error bounds far below eps (< 0.01) and within
//      a factor 1.5 of the largest sampled error; the bound contains e(t) computed at 256 bits
//      at 101 times of each I_k and, for I_3, at t = 1e3, 1e6, 1e30;
//  (2) other instances (spectral Theorem 3, rank-deficient target, n = 10): holds on every
//      certified non-empty I_k, sampled values inside the bound;
//  (3) against an independent Taylor integration of the ODE (tests/support/riccati_reference.hpp):
//      alpha = 1e-6, ranges around the first learning time; the ODE's errors lie below the bound
//      and never contradict the verdict;
//  (4) "fails": ranges reaching outside the eps-window (before its start, after its end, from
//      t = 0 with a negative lower end clamped), with the bound still containing sampled values;
//      an enclosure of the lower end that reaches outside the window while its upper end is
//      inside gives "undecided", never "fails" nor "holds";
//  (5) wrong calls throw (k out of range, hi < lo).
#include <catch2/catch.hpp>

#include "incert/scalar/scalar_list.hpp"
#include "incert/instance/load_instance.hpp"
#include "incert/io/json.hpp"
#include "incert/theory/conclusion_over_interval.hpp"
#include "incert/theory/theorem_check.hpp"
#include "support/verdict_printing.hpp"
#include "support/point_error_reference.hpp"
#include "support/riccati_reference.hpp"

#include <string>
#include <vector>

namespace {

using incert::double_interval;
using incert::mpfi_float;
using incert::mpfr_float;
using incert::verdict;
using mt = incert::scalar_traits<mpfi_float>;

std::string source_path(const std::string& rel) { return std::string(INCERT_SOURCE_DIR) + "/" + rel; }
mpq_class q(const char* s) { return incert::parse_exact(s); }

// I_k endpoints as MPFI (hi empty for k = K), for the certified non-empty intervals.
template <class T>
std::vector<std::pair<mpfi_float, std::optional<mpfi_float>>> intervals_of(const incert::instance& in, const incert::enclosed_problem<T>& p) {
  incert::theorem_check_options none;
  none.over_interval = none.eps_windows = false;
  auto c = incert::check_theorem(in, p, {}, none);
  std::vector<std::pair<mpfi_float, std::optional<mpfi_float>>> out;
  for (const auto& I : c.intervals) {
    if (I.nonempty != verdict::holds) continue;
    std::optional<mpfi_float> hi;
    if (I.hi) hi = incert::scalar_traits<T>::to_mpfi(*I.hi);
    out.push_back({incert::scalar_traits<T>::to_mpfi(*I.lo), hi});
  }
  return out;
}

// Samples of [lo, hi] (exact rationals inside the enclosures' hull, clamped at 0).
std::vector<mpq_class> samples(const mpfi_float& lo, const std::optional<mpfi_float>& hi, int count, const std::vector<const char*>& far = {}) {
  mpq_class a = incert_test::to_rational(mt::upper(lo)), b = hi ? incert_test::to_rational(mt::lower(*hi)) : a + 60;
  if (a < 0) a = 0;
  std::vector<mpq_class> out;
  for (int s = 0; s <= count; ++s) out.push_back(a + (b - a) * s / count);
  for (const char* f : far) out.push_back(q(f));
  return out;
}

// The bound's upper end is >= e(t) at every sample; with "holds", e(t) <= eps there.
template <class T>
mpfr_float check_against_samples(const incert::interval_conclusion<T>& r, const incert_test::point_error_reference& ref, const std::vector<mpq_class>& ts,
                                 const std::string& what) {
  REQUIRE(r.error_bound);
  const mpfi_float bound = incert::scalar_traits<T>::to_mpfi(*r.error_bound);
  mpfr_float largest = 0;
  for (const mpq_class& t : ts) {
    mpfi_float e = ref.error(r.k, t);
    largest = std::max(largest, mt::upper(e));
    INFO(what << ", k = " << r.k << ", t = " << t.get_str() << ": e(t) = " << e << ", bound " << bound << ", verdict " << incert::to_string(r.value));
    CHECK(mt::lower(e) <= mt::upper(bound));
    if (r.value == verdict::holds) CHECK(mt::lower(e) <= mt::upper(ref.problem().epsilon));
  }
  return largest;
}

}  // namespace

TEMPLATE_LIST_TEST_CASE("Theorem 4 instance: the conclusion holds on the whole of every I_k", "[conclusion_over_interval]", incert::rigorous_scalar_types) {
  using T = TestType;
  using tr = incert::scalar_traits<T>;
  auto in = incert::load_instance_file(source_path("tests/data/paper_theorem4.json"));
  incert_test::point_error_reference ref(in);
  incert::precision_scope scope(128);
  auto p = incert::enclose_problem<T>(in);
  auto Is = intervals_of(in, p);
  REQUIRE(Is.size() == 3);
  for (std::size_t k = 1; k <= 3; ++k) {
    const auto& I = Is[k - 1];
    auto r = incert::conclusion_over_interval(p, k, I.first, I.second);
    INFO("k = " << k << ", " << tr::name() << ", I_k = [" << I.first << ", " << (I.second ? *I.second : mpfi_float(-1)) << "], pieces "
                << r.pieces);
    CHECK(r.k == k);
    CHECK(r.value == verdict::holds);
    CHECK(r.pieces >= 1);
    CHECK(r.pieces <= 8);
    REQUIRE(r.error_bound);
    const mpfi_float bound = tr::to_mpfi(*r.error_bound);
    CHECK(mt::upper(bound) <= 0.01);
    CHECK(mt::lower(bound) >= 0);
    mpfr_float largest = check_against_samples(r, ref, samples(I.first, I.second, 100, k == 3 ? std::vector<const char*>{"1e3", "1e6", "1e30"} : std::vector<const char*>{}),
                                               "paper instance");
    CHECK(mt::upper(bound) <= 1.5 * largest);
  }
}

TEMPLATE_LIST_TEST_CASE("other instances: holds on every certified non-empty I_k", "[conclusion_over_interval]", incert::rigorous_scalar_types) {
  using T = TestType;
  for (const char* file : {"data/thm3_spectral_3x3.json", "data/rank_deficient_target.json", "data/n10_sin.json", "data/gap_near_one.json"}) {
    auto in = incert::load_instance_file(source_path(file));
    incert_test::point_error_reference ref(in);
    incert::precision_scope scope(128);
    auto p = incert::enclose_problem<T>(in);
    auto Is = intervals_of(in, p);
    CHECK_FALSE(Is.empty());
    for (std::size_t i = 0; i < Is.size(); ++i) {
      const std::size_t k = i + 1;
      auto r = incert::conclusion_over_interval(p, k, Is[i].first, Is[i].second);
      INFO(file << ", k = " << k << ", " << incert::scalar_traits<T>::name() << ", pieces " << r.pieces);
      CHECK(r.value == verdict::holds);
      check_against_samples(r, ref, samples(Is[i].first, Is[i].second, p.n > 5 ? 8 : 30), file);
    }
  }
}

TEMPLATE_LIST_TEST_CASE("the bound and the verdict agree with a Taylor integration of the ODE", "[conclusion_over_interval]", incert::rigorous_scalar_types) {
  using T = TestType;
  using tr = incert::scalar_traits<T>;
  auto in = incert::load_instance(incert::json::parse(
      R"({"Y": {"eigenvalues": ["3", "2", "1"]}, "init": {"W0": [["2", "0.5", "0.3"], ["0.5", "1.5", "0.2"], ["0.3", "0.2", "1"]]},
          "alpha": "1e-6", "epsilon": "0.1"})"));
  // The ODE in Y's eigenbasis (identity here) from alpha W0, 150 bits, at 0.25-spaced times.
  std::vector<mpq_class> times;
  std::vector<incert::matrix<mpfi_float>> ode;
  {
    incert::precision_scope wide(150);
    using incert_test::ref_float;
    std::vector<ref_float> sigma{3, 2, 1};
    incert_test::ref_matrix W(3, 3);
    for (int i = 0; i < 3; ++i)
      for (int j = 0; j < 3; ++j) {
        mpfr_set_q(W(i, j).backend().data(), mpq_class(in.W0(static_cast<std::size_t>(i), static_cast<std::size_t>(j)) / 1000000).get_mpq_t(), MPFR_RNDN);
      }
    mpq_class t = 0;
    for (int s = 4; s <= 16; ++s) {
      mpq_class next(s, 4);
      ref_float dt;
      mpfr_set_q(dt.backend().data(), mpq_class(next - t).get_mpq_t(), MPFR_RNDN);
      W = incert_test::integrate_riccati(sigma, W, dt);
      t = next;
      times.push_back(t);
      incert::matrix<mpfi_float> M(3, 3);
      for (int i = 0; i < 3; ++i)
        for (int j = 0; j < 3; ++j) M(i, j) = mt::point(W(i, j)) + mt::remainder(mpfr_float("1e-30"));  // the reference's own error
      ode.push_back(M);
    }
  }
  incert::precision_scope scope(128);
  auto p = incert::enclose_problem<T>(in);
  std::vector<mpfi_float> sigma_w{3, 2, 1};
  for (std::size_t k = 1; k <= 3; ++k)
    for (const auto& range : std::vector<std::pair<int, int>>{{0, 12}, {2, 6}, {5, 9}, {8, 12}}) {
      const mpq_class a = times[static_cast<std::size_t>(range.first)], b = times[static_cast<std::size_t>(range.second)];
      incert::subdivision_options opt;
      opt.max_pieces = 64;
      auto r = incert::conclusion_over_interval(p, k, incert::enclose_mpfi(a), std::optional<mpfi_float>(incert::enclose_mpfi(b)), opt);
      REQUIRE(r.error_bound);
      const mpfi_float bound = tr::to_mpfi(*r.error_bound);
      for (int s = range.first; s <= range.second; ++s) {
        incert::precision_scope wide(150);
        incert::matrix<mpfi_float> D = ode[static_cast<std::size_t>(s)];
        for (std::size_t i = 0; i < k; ++i) D(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(i)) -= sigma_w[i];
        auto e = incert::enclose_symmetric_norm2(D);
        REQUIRE(e);
        INFO("k = " << k << ", range [" << a.get_str() << ", " << b.get_str() << "], t = " << times[static_cast<std::size_t>(s)].get_str()
                    << ", ODE error " << *e << ", bound " << bound << ", verdict " << incert::to_string(r.value) << ", " << tr::name());
        CHECK(mt::lower(*e) <= mt::upper(bound));
        if (r.value == verdict::holds) CHECK(mt::lower(*e) <= 0.1);
      }
    }
}

TEMPLATE_LIST_TEST_CASE("ranges reaching outside the eps-window fail; uncertain ends never do", "[conclusion_over_interval]", incert::rigorous_scalar_types) {
  using T = TestType;
  using tr = incert::scalar_traits<T>;
  auto in = incert::load_instance_file(source_path("tests/data/paper_theorem4.json"));
  incert_test::point_error_reference ref(in);
  incert::precision_scope scope(128);
  auto p = incert::enclose_problem<T>(in);
  incert::subdivision_options opt;
  opt.max_pieces = 64;
  // The window of k = 1 is about [12.1417, 16.6270].
  struct case_t {
    const char *lo, *hi;
    std::size_t k;
  };
  for (const case_t& c : {case_t{"11", "15", 1}, case_t{"13", "18", 1}, case_t{"-5", "1", 1}, case_t{"30", "36", 2}, case_t{"20", nullptr, 2},
                          case_t{"30", nullptr, 3}}) {
    std::optional<mpfi_float> hi;
    if (c.hi) hi = incert::enclose_mpfi(q(c.hi));
    auto r = incert::conclusion_over_interval(p, c.k, incert::enclose_mpfi(q(c.lo)), hi, opt);
    INFO("k = " << c.k << " over [" << c.lo << ", " << (c.hi ? c.hi : "inf") << "], " << tr::name() << ", pieces " << r.pieces);
    CHECK(r.value == verdict::fails);
    REQUIRE(r.error_bound);
    CHECK(mt::upper(tr::to_mpfi(*r.error_bound)) > 0.1);
    mpq_class a = q(c.lo) < 0 ? mpq_class(0) : q(c.lo);
    mpq_class b = c.hi ? q(c.hi) : a + 30;
    std::vector<mpq_class> ts;
    for (int s = 0; s <= 30; ++s) ts.push_back(a + (b - a) * s / 30);
    check_against_samples(r, ref, ts, "failing range");
  }
  // lo known only as [10, 13]: the hull [10, 15] reaches before the window (e(10) > eps), but every
  // time certainly in the range ([13, 15]) is inside it: neither holds nor fails can be proved.
  auto r = incert::conclusion_over_interval(p, 1, mt::interval(mpfr_float(10), mpfr_float(13)), std::optional<mpfi_float>(mpfi_float(15)), opt);
  CHECK(r.value == verdict::undecided);
  CHECK(r.pieces <= opt.max_pieces);
}

TEST_CASE("wrong calls throw", "[conclusion_over_interval]") {
  auto in = incert::load_instance_file(source_path("tests/data/paper_theorem4.json"));
  incert::precision_scope scope(128);
  auto p = incert::enclose_problem<mpfi_float>(in);
  CHECK_THROWS_AS(incert::conclusion_over_interval(p, 0, mpfi_float(1), std::optional<mpfi_float>(mpfi_float(2))), std::invalid_argument);
  CHECK_THROWS_AS(incert::conclusion_over_interval(p, 4, mpfi_float(1), std::optional<mpfi_float>(mpfi_float(2))), std::invalid_argument);
  CHECK_THROWS_AS(incert::conclusion_over_interval(p, 1, mpfi_float(3), std::optional<mpfi_float>(mpfi_float(2))), std::invalid_argument);
}

// The double-interval screen (proofs/conclusion_over_interval.md, section 6): with and without it
// the same verdicts and pieces, bounds that overlap, the screened bound's upper end within 1e-12
// of the MPFI one's (only the lower end could differ), and the bound contains sampled errors.
TEST_CASE("the double-interval screen changes the cost, not the verdicts", "[conclusion_over_interval]") {
  for (const char* file : {"tests/data/paper_theorem4.json", "data/thm3_spectral_3x3.json", "data/n10_sin.json", "data/gap_near_one.json"}) {
    auto in = incert::load_instance_file(source_path(file));
    incert_test::point_error_reference ref(in);
    incert::precision_scope scope(128);
    auto screened = incert::enclose_problem<mpfi_float>(in);
    REQUIRE(screened.screen);
    REQUIRE(incert::usable_screen(screened) == screened.screen.get());
    auto alone = screened;
    alone.screen.reset();
    auto Is = intervals_of(in, screened);
    for (std::size_t i = 0; i < Is.size(); ++i) {
      const std::size_t k = i + 1;
      // I_k itself, and a range twice as long (reaching outside the window: fails).
      std::optional<mpfi_float> wide_hi;
      if (Is[i].second) wide_hi = mpfi_float(*Is[i].second * 2);
      for (const auto& hi : {Is[i].second, wide_hi}) {
        auto a = incert::conclusion_over_interval(screened, k, Is[i].first, hi);
        auto b = incert::conclusion_over_interval(alone, k, Is[i].first, hi);
        INFO(file << ", k = " << k << ", pieces " << a.pieces << " / " << b.pieces << ", verdicts " << incert::to_string(a.value) << " / "
                  << incert::to_string(b.value));
        CHECK(a.value == b.value);
        CHECK(a.pieces == b.pieces);
        REQUIRE(a.error_bound.has_value() == b.error_bound.has_value());
        if (!a.error_bound) continue;
        CHECK(mt::lower(*a.error_bound) <= mt::upper(*b.error_bound));
        CHECK(mt::lower(*b.error_bound) <= mt::upper(*a.error_bound));
        CHECK(mt::lower(*a.error_bound) >= mt::lower(*b.error_bound) * (1 - 1e-12));
        check_against_samples(a, ref, samples(Is[i].first, hi, 6), file);
      }
    }
  }
}

TEST_CASE("a stale screen is not used", "[conclusion_over_interval]") {
  auto in = incert::load_instance_file(source_path("tests/data/paper_theorem4.json"));
  incert::precision_scope scope(128);
  auto p = incert::enclose_problem<mpfi_float>(in);
  REQUIRE(incert::usable_screen(p));
  auto eps = p;
  eps.epsilon = mpfi_float(1) / 3;  // 1/3 is not in the screen's [0.1, 0.1]
  CHECK(incert::usable_screen(eps) == nullptr);
  auto alpha = p;
  alpha.wide.log_alpha = mpfi_float(-1);
  CHECK(incert::usable_screen(alpha) == nullptr);
  auto w0 = p;
  w0.Wt0(0, 1) = mpfi_float(7);
  CHECK(incert::usable_screen(w0) == nullptr);
  // set_alpha rebuilds it.
  incert::set_alpha(alpha, mpfi_float(exp(mpfi_float(-1))), mpfi_float(-1));
  REQUIRE(incert::usable_screen(alpha));
  CHECK(mt::contains(incert::scalar_traits<double_interval>::to_mpfi(alpha.screen->log_alpha), mpfr_float(-1)));
}
