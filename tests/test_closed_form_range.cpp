// One enclosure of W~(t) over a time range (include/incert/flow/closed_form_range.hpp):
//  (1) containment: closed_form_hull, closed_form_over_times (the mean-value form) over finite
//      ranges contain W~(t) at 21 times of the range computed at 256 bits by the point-time
//      closed form (tests/support/point_error_reference.hpp), for the scaled form (paper's
//      Theorem 4 instance), the scalar curves (spectral init), a rank-deficient target (zero
//      eigenvalues) and a singular W~0 (U0 of rank 2, no V: interval-time fallback);
//  (2) the tail [T, inf) contains W~(t) at T, 2T, 1e3, 1e6, 1e30 and the limit diag(sigma)
//      (diag(sigma_1, sigma_2, 0) for the factor U0 of rank 2, whose tail is the factor form's);
//  (3) width: over a short range the mean-value enclosure of each diagonal entry is at most
//      twice the spread of the sampled values plus 1e-6 (b - a) (no blow-up; the second-order
//      term is what remains on a plateau next to another mode's transition), and the tail
//      enclosure at a late T is within 1e-6 of diag(sigma);
//  (4) identities: a degenerate range [t, t] overlaps the point evaluation at t; the ODE right
//      side over [t, t] overlaps a central difference of the point evaluations.
#include <catch2/catch.hpp>

#include "incert/scalar/scalar_list.hpp"
#include "incert/flow/closed_form_range.hpp"
#include "incert/instance/load_instance.hpp"
#include "incert/io/json.hpp"
#include "support/point_error_reference.hpp"

#include <string>
#include <vector>

namespace {

using incert::double_interval;
using incert::matrix;
using incert::mpfi_float;
using incert::mpfr_float;
using mt = incert::scalar_traits<mpfi_float>;

std::string source_path(const std::string& rel) { return std::string(INCERT_SOURCE_DIR) + "/" + rel; }

incert::instance from_json(const std::string& text) { return incert::load_instance(incert::json::parse(text)); }

struct named_instance {
  std::string name;
  incert::instance in;
};

std::vector<named_instance> instances() {
  return {
      {"paper Theorem 4", incert::load_instance_file(source_path("tests/data/paper_theorem4.json"))},
      {"spectral Theorem 3", incert::load_instance_file(source_path("tests/data/spectral_theorem3.json"))},
      {"rank-deficient target", incert::load_instance_file(source_path("data/rank_deficient_target.json"))},
      {"singular W0 (U0 3x2)",
       from_json(R"({"Y": {"eigenvalues": ["3", "2", "1"]}, "init": {"U0": [["1", "0.5"], ["0.25", "1"], ["0.5", "-0.5"]]},
                     "alpha": "1e-12", "epsilon": "0.1"})")},
  };
}

// Does the enclosure E (any T) contain the true value, of which R (MPFI, 256 bits, width
// ~1e-70 relative) is an enclosure? Tested as "not disjoint": an exact containment of R would
// fail where E's end is exact and R's is rounded outward (e.g. the limit sigma_i of the tail).
template <class T>
bool encloses(const T& E, const mpfi_float& R) {
  mpfi_float e = incert::scalar_traits<T>::to_mpfi(E);
  return mt::lower(e) <= mt::upper(R) && mt::lower(R) <= mt::upper(e);
}

template <class T>
void check_contains(const matrix<T>& E, const matrix<mpfi_float>& R, const std::string& what) {
  for (Eigen::Index i = 0; i < R.rows(); ++i)
    for (Eigen::Index j = 0; j < R.cols(); ++j) {
      INFO(what << ": entry (" << i << "," << j << ") enclosure " << incert::scalar_traits<T>::to_mpfi(E(i, j)) << " reference "
                << R(i, j));
      CHECK(encloses(E(i, j), R(i, j)));
    }
}

mpq_class q(const char* s) { return incert::parse_exact(s); }

}  // namespace

TEMPLATE_LIST_TEST_CASE("closed form over a finite time range contains every sampled W~(t)", "[closed_form_range]", incert::rigorous_scalar_types) {
  using T = TestType;
  for (const auto& ni : instances()) {
    incert_test::point_error_reference ref(ni.in);
    incert::precision_scope scope(128);
    auto p = incert::enclose_problem<T>(ni.in);
    const std::vector<std::pair<mpq_class, mpq_class>> ranges = {
        {q("0"), q("1")}, {q("5"), q("8")}, {q("13"), q("13.5")}, {q("12"), q("20")}, {q("30"), q("45")}, {q("25.25"), q("25.3")}};
    for (const auto& r : ranges) {
      const mpfi_float a = incert::enclose_mpfi(r.first), b = incert::enclose_mpfi(r.second);
      auto H = incert::closed_form_hull(p, a, b);
      auto M = incert::closed_form_over_times(p, a, std::optional<mpfi_float>(b));
      INFO(ni.name << " over [" << r.first.get_str() << ", " << r.second.get_str() << "], " << incert::scalar_traits<T>::name());
      REQUIRE(H);
      REQUIRE(M);
      matrix<T> Hm = H->materialize();
      for (int s = 0; s <= 20; ++s) {
        mpq_class t = r.first + (r.second - r.first) * s / 20;
        matrix<mpfi_float> R = ref.W(t);
        check_contains(Hm, R, ni.name + " hull, t = " + t.get_str());
        check_contains(*M, R, ni.name + " mean value, t = " + t.get_str());
      }
    }
  }
}

TEMPLATE_LIST_TEST_CASE("the compactified tail contains W~(t) at huge t and the limit", "[closed_form_range]", incert::rigorous_scalar_types) {
  using T = TestType;
  for (const auto& ni : instances()) {
    incert::precision_scope scope(128);
    auto p = incert::enclose_problem<T>(ni.in);
    if (!p.V && !p.spectral && !incert::factor_time_tail_possible(p)) {  // no monotone form: the tail is not available
      CHECK_FALSE(incert::closed_form_hull(p, mpfi_float(40), std::nullopt));
      continue;
    }
    // The limit: diag(sigma), or diag(sigma_1, .., sigma_r, 0, ..) = Y~^_r for a factor of rank r < n
    // (its tail: closed_form_factor_time_tail, proofs/closed_form_factor.md section 6).
    const std::size_t learned = p.V || p.spectral ? p.n : ni.in.U0.cols;
    incert_test::point_error_reference ref(ni.in);
    for (const char* start : {"20", "40"}) {
      const mpq_class T0 = q(start);
      auto H = incert::closed_form_over_times(p, incert::enclose_mpfi(T0), std::nullopt);
      INFO(ni.name << " tail [" << start << ", inf), " << incert::scalar_traits<T>::name());
      REQUIRE(H);
      for (const mpq_class& t : {T0, mpq_class(2 * T0), q("1e3"), q("1e6"), q("1e30")}) check_contains(*H, ref.W(t), ni.name + " t = " + t.get_str());
      matrix<mpfi_float> limit = matrix<mpfi_float>::Zero(H->rows(), H->cols());
      for (std::size_t i = 0; i < learned; ++i)
        if (!p.sigma_is_zero[i] && (!p.spectral || ni.in.spectral[i] > 0)) limit(i, i) = incert::enclose_mpfi(ni.in.sigma[i]);
      check_contains(*H, limit, ni.name + " limit");
    }
  }
}

TEMPLATE_LIST_TEST_CASE("range enclosures are tight", "[closed_form_range]", incert::rigorous_scalar_types) {
  using T = TestType;
  using tr = incert::scalar_traits<T>;
  auto in = incert::load_instance_file(source_path("tests/data/paper_theorem4.json"));
  incert_test::point_error_reference ref(in);
  incert::precision_scope scope(128);
  auto p = incert::enclose_problem<T>(in);
  for (const auto& r : std::vector<std::pair<mpq_class, mpq_class>>{{q("13"), q("13.1")}, {q("16"), q("16.1")}, {q("25"), q("25.5")}}) {
    auto M = incert::closed_form_over_times(p, incert::enclose_mpfi(r.first), std::optional<mpfi_float>(incert::enclose_mpfi(r.second)));
    REQUIRE(M);
    for (Eigen::Index i = 0; i < 3; ++i) {
      mpfr_float lo = 1e9, hi = -1e9;
      for (int s = 0; s <= 20; ++s) {
        matrix<mpfi_float> R = ref.W(mpq_class(r.first + (r.second - r.first) * s / 20));
        lo = std::min(lo, mt::lower(R(i, i)));
        hi = std::max(hi, mt::upper(R(i, i)));
      }
      mpfi_float E = tr::to_mpfi((*M)(i, i));
      mpfr_float width = mt::upper(E) - mt::lower(E), spread = hi - lo;
      INFO("range [" << r.first.get_str() << ", " << r.second.get_str() << "], entry " << i << ": enclosure " << E << ", sampled spread "
                     << spread << ", " << tr::name());
      mpfr_float length = mpfr_float(mpq_class(r.second - r.first).get_d());
      CHECK(width <= 2 * spread + 1e-6 * length);
    }
  }
  // A late tail is a narrow enclosure of diag(sigma).
  auto H = incert::closed_form_over_times(p, mpfi_float(80), std::nullopt);
  REQUIRE(H);
  for (Eigen::Index i = 0; i < 3; ++i)
    for (Eigen::Index j = 0; j < 3; ++j) {
      mpfi_float E = tr::to_mpfi((*H)(i, j));
      INFO("tail [80, inf) entry (" << i << "," << j << ") " << E);
      CHECK(mt::upper(E) - mt::lower(E) <= 1e-6);
    }
}

TEMPLATE_LIST_TEST_CASE("degenerate ranges agree with point evaluations; the ODE right side matches a difference quotient",
                   "[closed_form_range]", incert::rigorous_scalar_types) {
  using T = TestType;
  using tr = incert::scalar_traits<T>;
  auto in = incert::load_instance_file(source_path("tests/data/paper_theorem4.json"));
  incert::precision_scope scope(128);
  auto p = incert::enclose_problem<T>(in);
  for (const char* ts : {"0", "13.7", "25", "40"}) {
    const mpfi_float t = incert::enclose_mpfi(q(ts));
    auto M = incert::closed_form_over_times(p, t, std::optional<mpfi_float>(t));
    auto P = incert::closed_form_eigenbasis(p, t);
    REQUIRE(M);
    REQUIRE(P);
    matrix<T> Pm = P->materialize();
    for (Eigen::Index i = 0; i < 3; ++i)
      for (Eigen::Index j = 0; j < 3; ++j) {
        INFO("t = " << ts << " entry (" << i << "," << j << ")");
        CHECK(mt::possibly_le(tr::to_mpfi((*M)(i, j)), tr::to_mpfi(Pm(i, j))));
        CHECK(mt::possibly_le(tr::to_mpfi(Pm(i, j)), tr::to_mpfi((*M)(i, j))));
      }
  }
  // riccati_rhs at t versus (W(t + h) - W(t - h)) / (2h), h = 2^-20: they differ by O(h^2) ~ 1e-12.
  incert_test::point_error_reference ref(in);
  const mpq_class t0 = q("14"), h = mpq_class(1, 1 << 20);
  matrix<mpfi_float> Wp = ref.W(mpq_class(t0 + h)), Wm = ref.W(mpq_class(t0 - h));
  matrix<T> R = incert::riccati_rhs(p, *incert::closed_form_over_times(p, incert::enclose_mpfi(t0), std::optional<mpfi_float>(incert::enclose_mpfi(t0))));
  for (Eigen::Index i = 0; i < 3; ++i)
    for (Eigen::Index j = 0; j < 3; ++j) {
      incert::precision_scope wide(256);
      mpfi_float d = (Wp(i, j) - Wm(i, j)) * mpfi_float(1 << 19);
      mpfi_float r = tr::to_mpfi(R(i, j));
      mpfr_float gap = mt::upper(abs(mpfi_float(d - r)));
      INFO("entry (" << i << "," << j << ") difference quotient " << d << " ODE right side " << r);
      CHECK(gap <= 1e-9);
    }
}
