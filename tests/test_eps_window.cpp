// eps_window_of (include/incert/theory/eps_window.hpp): enclosures of the first and last time
// at which ||W(t) - Y^_k||_2 <= eps.
//  (1) Theorem 4 instance of the paper: first/last of k = 1, 2 and first of k = 3 contain a
//      crossing found independently by exact-rational bisection with 256-bit point evaluations
//      (tests/support/point_error_reference.hpp) to width 1e-40; relative width <= 1e-10;
//      last of k = 3 is infinite; and the theorem's I_k lies inside the window
//      (upper(first) <= lower(lo of I_k), upper(hi of I_k) <= lower(last));
//  (2) the rank-deficient target and a spectral instance: the same containments;
//  (3) empty windows (alpha = 1e-4: k = 1 at eps = 0.1, k = 1, 2 at eps = 0.01) are certified
//      empty ("fails"), and dense 256-bit samples agree (all above eps); a hint outside the
//      window still finds it (covering search);
//  (4) e(0) <= eps gives first = 0 exactly; a window of k < K that never closes
//      (sigma_{k+1} < eps) is certified unbounded by the tail piece;
//  (5) the certified inside interval: it lies between the window's enclosed ends, covers most
//      of the window, and 64 reference samples in it (256-bit point evaluations) are <= eps.
#include <catch2/catch.hpp>

#include "incert/scalar/scalar_list.hpp"
#include "incert/instance/load_instance.hpp"
#include "incert/io/json.hpp"
#include "incert/theory/eps_window.hpp"
#include "incert/theory/theorem_check.hpp"
#include "support/verdict_printing.hpp"
#include "support/point_error_reference.hpp"

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
incert::instance from_json(const std::string& text) { return incert::load_instance(incert::json::parse(text)); }

const std::string paper_W0 = R"({"W0": [["2", "0.5", "0.3"], ["0.5", "1.5", "0.2"], ["0.3", "0.2", "1"]]})";

// The enclosure E of a crossing time contains the crossing the reference finds by bisection
// between lower(E) - 0.01 and upper(E) + 0.01 (which must lie on opposite sides of eps).
void check_crossing(const incert_test::point_error_reference& ref, std::size_t k, const mpfi_float& E, const std::string& what) {
  mpq_class a = incert_test::to_rational(mt::lower(E)) - mpq_class(1, 100), b = incert_test::to_rational(mt::upper(E)) + mpq_class(1, 100);
  if (a < 0) a = 0;
  auto c = ref.crossing(k, a, b, q("1e-40"));
  INFO(what << ", k = " << k << ": enclosure " << E << ", reference crossing in [" << c.first.get_d() << ", " << c.second.get_d() << "]");
  CHECK(incert_test::to_rational(mt::lower(E)) <= c.second);
  CHECK(c.first <= incert_test::to_rational(mt::upper(E)));
  const mpfr_float rel = (mt::upper(E) - mt::lower(E)) / mt::upper(E);
  INFO("relative width " << rel);
  CHECK(rel <= 1e-10);
}

template <class T>
std::vector<incert::incremental_interval<T>> intervals_of(const incert::instance& in, const incert::enclosed_problem<T>& p) {
  incert::theorem_check_options none;
  none.over_interval = none.eps_windows = false;
  return incert::check_theorem(in, p, {}, none).intervals;
}

template <class T>
mpfi_float middle(const incert::incremental_interval<T>& I) {
  using tr = incert::scalar_traits<T>;
  return I.hi ? mpfi_float((tr::to_mpfi(*I.lo) + tr::to_mpfi(*I.hi)) / 2) : tr::to_mpfi(*I.lo);
}

// (5): the inside interval of w is certified e <= eps; the reference agrees on 64 samples, it
// lies in [lower(first), upper(last)] and reaches to within 1% of the window's width of its ends.
void check_inside(const incert_test::point_error_reference& ref, std::size_t k, const incert::eps_window& w, const std::string& what) {
  INFO(what << ", k = " << k);
  REQUIRE(w.inside_lo);
  REQUIRE(w.first);
  const mpq_class a = incert_test::to_rational(*w.inside_lo);
  const mpq_class first_lo = incert_test::to_rational(mt::lower(*w.first)), first_hi = incert_test::to_rational(mt::upper(*w.first));
  CHECK(first_lo <= a);
  mpq_class b;
  if (w.last_infinite) {
    CHECK_FALSE(w.inside_hi);
    b = a + 50;
  } else {
    REQUIRE(w.last);
    REQUIRE(w.inside_hi);
    b = incert_test::to_rational(*w.inside_hi);
    const mpq_class last_lo = incert_test::to_rational(mt::lower(*w.last)), last_hi = incert_test::to_rational(mt::upper(*w.last));
    CHECK(b <= last_hi);
    CHECK(a <= b);
    CHECK(mpq_class(b - a) >= mpq_class(99, 100) * mpq_class(last_lo - first_hi));  // most of the window
  }
  CHECK(a - first_hi <= mpq_class(1, 100) * mpq_class(b - first_lo + 1));
  for (int s = 0; s <= 63; ++s) {
    const mpq_class t = a + (b - a) * mpq_class(s, 63);
    INFO("sample t = " << t.get_d());
    CHECK(ref.side(k, t) == -1);
  }
}

}  // namespace

TEMPLATE_LIST_TEST_CASE("eps-windows of the Theorem 4 instance contain reference crossings and contain I_k", "[eps_window]", incert::rigorous_scalar_types) {
  using T = TestType;
  using tr = incert::scalar_traits<T>;
  for (const char* file : {"tests/data/paper_theorem4.json", "data/rank_deficient_target.json", "data/thm3_spectral_3x3.json"}) {
    auto in = incert::load_instance_file(source_path(file));
    incert_test::point_error_reference ref(in);
    incert::precision_scope scope(128);
    auto p = incert::enclose_problem<T>(in);
    auto Is = intervals_of(in, p);
    REQUIRE(Is.size() == p.K);
    for (const auto& I : Is) {
      const std::size_t k = I.k;
      incert::eps_window w = incert::eps_window_of(p, k, middle(I));
      INFO(file << ", k = " << k << ", " << tr::name());
      CHECK(w.found == verdict::holds);
      REQUIRE(w.first);
      check_crossing(ref, k, *w.first, std::string(file) + " first");
      CHECK(mt::upper(*w.first) <= mt::lower(tr::to_mpfi(*I.lo)));  // the theorem's I_k starts inside the window
      if (k == p.K) {
        CHECK(w.last_infinite);
        CHECK_FALSE(w.last);
      } else {
        CHECK_FALSE(w.last_infinite);
        REQUIRE(w.last);
        check_crossing(ref, k, *w.last, std::string(file) + " last");
        CHECK(mt::upper(tr::to_mpfi(*I.hi)) <= mt::lower(*w.last));
      }
      check_inside(ref, k, w, file);
    }
  }
}

TEMPLATE_LIST_TEST_CASE("empty windows are certified empty; a hint outside the window still finds it", "[eps_window]", incert::rigorous_scalar_types) {
  using T = TestType;
  struct case_t {
    const char* eps;
    std::vector<std::size_t> empty;
  };
  for (const case_t& c : {case_t{"0.1", {1}}, case_t{"0.01", {1, 2}}}) {
    auto in = from_json(R"({"Y": {"eigenvalues": ["3", "2", "1"]}, "init": )" + paper_W0 + R"(, "alpha": "1e-4", "epsilon": ")" + c.eps + "\"}");
    incert_test::point_error_reference ref(in);
    incert::precision_scope scope(128);
    auto p = incert::enclose_problem<T>(in);
    for (std::size_t k = 1; k <= 3; ++k) {
      const bool empty = std::find(c.empty.begin(), c.empty.end(), k) != c.empty.end();
      incert::eps_window w = incert::eps_window_of(p, k, mpfi_float(2));
      INFO("alpha 1e-4, eps " << c.eps << ", k = " << k << ", " << incert::scalar_traits<T>::name());
      CHECK(w.found == (empty ? verdict::fails : verdict::holds));
      if (empty) {
        CHECK_FALSE(w.first);
        CHECK_FALSE(w.inside_lo);
        for (int s = 0; s <= 200; ++s) CHECK(ref.side(k, mpq_class(s, 10)) == 1);  // e(t) > eps on [0, 20], sampled
      } else {
        REQUIRE(w.first);
        check_crossing(ref, k, *w.first, "alpha 1e-4, hint t = 2");
      }
    }
  }
}

TEMPLATE_LIST_TEST_CASE("a window open at t = 0, and one that never closes", "[eps_window]", incert::rigorous_scalar_types) {
  using T = TestType;
  {
    // W~(0) = diag(3, 0.01, 0.01): e(0) = 0.01 <= eps for k = 1, so inf S = 0.
    auto in = from_json(R"({"Y": {"eigenvalues": ["3", "2", "1"]}, "init": {"spectral": ["3", "0.01", "0.01"]}, "alpha": "1", "epsilon": "0.1"})");
    incert_test::point_error_reference ref(in);
    incert::precision_scope scope(128);
    auto p = incert::enclose_problem<T>(in);
    incert::eps_window w = incert::eps_window_of(p, 1, mpfi_float(0.25));
    CHECK(w.found == verdict::holds);
    REQUIRE(w.first);
    CHECK(mt::lower(*w.first) == 0);
    CHECK(mt::upper(*w.first) == 0);
    REQUIRE(w.last);
    check_crossing(ref, 1, *w.last, "open at 0");
    check_inside(ref, 1, w, "open at 0");
  }
  {
    // sigma_2 = 0.05 < eps: for k = 1 the error tends to 0.05 and stays below eps.
    auto in = from_json(R"({"Y": {"eigenvalues": ["3", "0.05"]}, "init": {"W0": [["3", "0.1"], ["0.1", "0.3"]]}, "alpha": "1", "epsilon": "0.1"})");
    incert_test::point_error_reference ref(in);
    incert::precision_scope scope(128);
    auto p = incert::enclose_problem<T>(in);
    incert::eps_window w = incert::eps_window_of(p, 1, mpfi_float(20));
    CHECK(w.found == verdict::holds);
    CHECK(w.last_infinite);
    REQUIRE(w.first);
    check_crossing(ref, 1, *w.first, "never closes");
    check_inside(ref, 1, w, "never closes");
  }
}

TEST_CASE("eps_window_of: wrong calls throw", "[eps_window]") {
  auto in = incert::load_instance_file(source_path("tests/data/paper_theorem4.json"));
  incert::precision_scope scope(128);
  auto p = incert::enclose_problem<mpfi_float>(in);
  CHECK_THROWS_AS(incert::eps_window_of(p, 0, mpfi_float(1)), std::invalid_argument);
  CHECK_THROWS_AS(incert::eps_window_of(p, 4, mpfi_float(1)), std::invalid_argument);
}
