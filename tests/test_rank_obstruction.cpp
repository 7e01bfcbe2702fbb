// The Eckart-Young rank obstruction (include/incert/theory/rank_obstruction.hpp):
//  * initialization_rank against ranks known by construction (U0 of r columns, spectral zeros,
//    a W0 built as a sum of r rank-one terms);
//  * soundness: the certified lower bound sigma_{r+1}(Y) never exceeds an independent 256-bit
//    enclosure of ||W(t) - Y^_k||_2 (point pipeline, tests/support/point_error_reference.hpp) at
//    many times and k > r (U0 of rank 1, W0 of rank 2); the bound is tight for k = r + 1
//    late in the flow (error -> sigma_{r+1} there), so it is not vacuous;
//  * check_theorem: every k > r with sigma_{r+1} > eps gets `fails` with the reason, in the
//    eps-windows and in every conclusion; k <= r, or eps >= sigma_{r+1}, gets no obstruction.
#include <catch2/catch.hpp>

#include "incert/instance/load_instance.hpp"
#include "incert/io/json.hpp"
#include "incert/scalar/scalar_list.hpp"
#include "incert/theory/rank_obstruction.hpp"
#include "incert/theory/theorem_check.hpp"
#include "support/point_error_reference.hpp"
#include "support/verdict_printing.hpp"

#include <string>

namespace {

using incert::mpfi_float;
using incert::mpfr_float;
using incert::verdict;

incert::instance parse_instance(const std::string& json) { return incert::load_instance(incert::json::parse(json)); }

// W0 = a a^T + b b^T, a = (1, 2, 0, 1), b = (0, 1, 1, 3): rank 2 given as a dense W0.
const std::string rank_two_u0 =
    R"({"Y": {"eigenvalues": ["4","3","2","1"]}, "init": {"U0": [["1","0"],["2","1"],["0","1"],["1","3"]]}, "alpha": "1e-9", "epsilon": "0.1"})";

const std::string rank_two_w0 =
    R"({"Y": {"eigenvalues": ["4","3","2","1"]}, "init": {"W0": [["1","2","0","1"],["2","5","1","5"],["0","1","1","3"],["1","5","3","10"]]},
        "alpha": "1e-9", "epsilon": "0.1"})";

const std::string rank_one_5 =
    R"({"Y": {"eigenvalues": ["3","2","1.5","1","0.5"]}, "init": {"U0": [["1"],["1"],["1"],["1"],["1"]]}, "alpha": "1e-12", "epsilon": "0.1"})";

incert::instance from_file(const std::string& rel) { return incert::load_instance_file(std::string(INCERT_SOURCE_DIR) + "/" + rel); }

}  // namespace

TEST_CASE("initialization_rank: exact ranks known by construction", "[rank_obstruction]") {
  CHECK(incert::initialization_rank(parse_instance(rank_one_5)) == 1);
  CHECK(incert::initialization_rank(from_file("tests/data/dense_rank_deficient_u0_4x2.json")) == 2);
  CHECK(incert::initialization_rank(from_file("data/default.json")) == 3);
  CHECK(incert::initialization_rank(parse_instance(
            R"({"Y": {"eigenvalues": ["3","2","1"]}, "init": {"spectral": ["1","0","2"]}, "alpha": "1e-9", "epsilon": "0.1"})")) == 2);
  CHECK(incert::initialization_rank(parse_instance(rank_two_w0)) == 2);
  CHECK(incert::initialization_rank(parse_instance(rank_two_u0)) == 2);
}

TEMPLATE_LIST_TEST_CASE("rank obstruction: sigma_{r+1} is a lower bound of the error for k > r (independent reference)",
                        "[rank_obstruction]", incert::rigorous_scalar_types) {
  using T = TestType;
  using tr = incert::scalar_traits<T>;
  for (const std::string& source : {rank_one_5, rank_two_u0}) {
    const incert::instance in = parse_instance(source);
    incert::precision_scope scope(128);
    const auto p = incert::enclose_problem<T>(in);
    const std::size_t r = incert::initialization_rank(in);
    const auto bound = incert::rank_obstruction_lower_bound(p, r);
    REQUIRE(bound);
    INFO(source << "  r = " << r << "  sigma_{r+1} = [" << tr::lower(*bound) << ", " << tr::upper(*bound) << "]");
    CHECK(tr::upper(*bound) - tr::lower(*bound) <= 1e-12 * tr::upper(*bound));  // width: a real enclosure
    const incert_test::point_error_reference ref(in, 256);
    using mt = incert::scalar_traits<mpfi_float>;
    mpfr_float closest = 1e300;  // min over t of upper(e(t)) - lower(bound), k = r + 1
    for (int i = 0; i <= 40; ++i) {
      const mpq_class t = mpq_class(i * 2, 1);  // t = 0, 2, ..., 80 (learning times below 5)
      for (std::size_t k = r + 1; k <= in.K; ++k) {
        const mpfi_float e = ref.error(k, t);
        INFO("t = " << t.get_str() << "  k = " << k << "  e = [" << mt::lower(e) << ", " << mt::upper(e) << "]");
        CHECK(mpfr_float(mt::upper(e)) >= mpfr_float(tr::lower(*bound)));
        if (k == r + 1) closest = std::min<mpfr_float>(closest, mpfr_float(mt::upper(e)) - mpfr_float(tr::lower(*bound)));
      }
    }
    CHECK(closest <= mpfr_float(1e-6));  // the bound is attained in the limit: not vacuous
  }
}

TEMPLATE_LIST_TEST_CASE("rank obstruction: check_theorem reports fails with its reason for every k > r", "[rank_obstruction]",
                        incert::rigorous_scalar_types) {
  using T = TestType;
  const incert::instance in = parse_instance(rank_one_5);
  incert::precision_scope scope(128);
  const auto p = incert::enclose_problem<T>(in);
  const auto c = incert::check_theorem(in, p, {incert::enclose_mpfi(mpq_class(30))});
  CHECK(c.init_rank == 1);
  REQUIRE(c.eps_windows.size() == 5);
  for (std::size_t k = 1; k <= 5; ++k) {
    INFO("k = " << k);
    const auto& w = c.eps_windows[k - 1];
    if (k == 1) {
      CHECK(w.reason.empty());
    } else {
      CHECK(w.found == verdict::fails);
      CHECK(w.reason.find("rank obstruction") != std::string::npos);
      CHECK_FALSE(w.first);
    }
  }
  for (const auto& x : c.conclusions) {
    INFO("conclusion k = " << x.k << " where " << x.where);
    if (x.k > 1) CHECK(x.value == verdict::fails);
    if (x.k == 1) CHECK(x.reason.empty());
  }
  for (std::size_t k = 1; k <= 5; ++k) CHECK(incert::rank_obstruction_verdict(p, 1, k) == (k > 1 ? verdict::holds : verdict::undecided));
}

TEMPLATE_LIST_TEST_CASE("rank obstruction: no verdict when eps >= sigma_{r+1} or W0 has full rank", "[rank_obstruction]",
                        incert::rigorous_scalar_types) {
  using T = TestType;
  incert::precision_scope scope(128);
  // eps = 2 = sigma_2 exactly: error >= 2 = eps does not exclude error = eps, so nothing is proved.
  const incert::instance at_edge = parse_instance(
      R"({"Y": {"eigenvalues": ["3","2","1.5","1","0.5"]}, "init": {"U0": [["1"],["1"],["1"],["1"],["1"]]}, "alpha": "1e-12", "epsilon": "2"})");
  const auto pe = incert::enclose_problem<T>(at_edge);
  CHECK(incert::rank_obstruction_verdict(pe, 1, 2) == verdict::undecided);
  CHECK(incert::rank_obstruction_verdict(pe, 1, 3) == verdict::undecided);
  // k = 3 > r = 2 with sigma_3 = 1.5 < eps = 1.6 < sigma_2: only k > 2 would need sigma_3 > eps.
  const incert::instance between = parse_instance(
      R"({"Y": {"eigenvalues": ["3","2","1.5","1","0.5"]}, "init": {"U0": [["1","0"],["1","1"],["1","0"],["1","2"],["1","0"]]}, "alpha": "1e-12", "epsilon": "1.6"})");
  const auto pb = incert::enclose_problem<T>(between);
  CHECK(incert::rank_obstruction_verdict(pb, incert::initialization_rank(between), 3) == verdict::undecided);
  // Full rank: r = n, no sigma_{r+1}.
  const incert::instance full = from_file("data/default.json");
  const auto pf = incert::enclose_problem<T>(full);
  CHECK_FALSE(incert::rank_obstruction_lower_bound(pf, 3));
  for (std::size_t k = 1; k <= 3; ++k) CHECK(incert::rank_obstruction_verdict(pf, 3, k) == verdict::undecided);
}
