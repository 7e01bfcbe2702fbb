// Extreme alpha (issue: evaluation whose accuracy does not depend on alpha): W~(t) at
// t = 0.22 ln(1/alpha) for alpha down to 1e-1000000, in MPFI at 128 bits and in double_interval,
// against reference values quoted to a stated number of digits (computed independently at
// thousands of digits), with relative-width bounds that [-inf, inf] or a flushed [0, 2^-1074]
// cannot meet.
#include <catch2/catch.hpp>

#include "incert/flow/closed_form.hpp"
#include "incert/instance/load_instance.hpp"

#include <string>

using namespace incert;

namespace {

instance paper_instance(const std::string& alpha) {
  return load_instance(json::parse(R"({"Y": {"eigenvalues": ["3","2","1"]},
    "init": {"W0": [["2","0.5","0.3"],["0.5","1.5","0.2"],["0.3","0.2","1"]]},
    "alpha": ")" + alpha + R"(", "epsilon": "0.1"})"));
}

// Does x meet the value written as `ref` (e.g. "1.37499999999905e-12") to its stated digits,
// i.e. intersect [ref - h, ref + h] with h half a unit of its last digit?
bool matches_digits(const mpfi_float& x, const std::string& ref) {
  std::size_t e = ref.find_first_of("eE");
  std::string mant = ref.substr(0, e);
  long exp10 = e == std::string::npos ? 0 : std::stol(ref.substr(e + 1));
  std::size_t dot = mant.find('.');
  long frac = dot == std::string::npos ? 0 : static_cast<long>(mant.size() - dot - 1);
  mpq_class v = parse_exact(ref), h = parse_exact("5e" + std::to_string(exp10 - frac - 1));
  mpq_class lo = v - h, hi = v + h;
  using S = scalar_traits<mpfi_float>;
  return mpfr_cmp_q(S::lower(x).backend().data(), hi.get_mpq_t()) <= 0 &&
         mpfr_cmp_q(S::upper(x).backend().data(), lo.get_mpq_t()) >= 0;
}

double rel_width(const mpfi_float& x) {
  using S = scalar_traits<mpfi_float>;
  mpfr_float w = S::upper(x) - S::lower(x), m = abs(S::mid(x));
  mpfr_float r = w / m;
  return mpfr_get_d(r.backend().data(), MPFR_RNDU);
}

double abs_width(const mpfi_float& x) {
  using S = scalar_traits<mpfi_float>;
  mpfr_float w = S::upper(x) - S::lower(x);
  return mpfr_get_d(w.backend().data(), MPFR_RNDU);
}

template <class T>
scaled_symmetric_matrix<T> evaluate(const instance& in, const std::string& tau) {
  enclosed_problem<T> p = enclose_problem<T>(in);
  mpfi_float t = enclose_mpfi(parse_exact(tau)) * (-p.wide.log_alpha);
  auto W = closed_form_eigenbasis(p, t);
  REQUIRE(W);
  return *W;
}

}  // namespace

TEST_CASE("extreme alpha: 3x3 instance, t = 0.22 ln(1/alpha), widths independent of alpha", "[extreme_alpha]") {
  precision_scope scope(128);
  for (std::string alpha : {"1e-10", "1e-100", "1e-1000", "1e-100000", "1e-1000000"}) {
    INFO("alpha = " << alpha);
    instance in = paper_instance(alpha);
    auto Wm = evaluate<mpfi_float>(in, "0.22");
    auto Wd = evaluate<double_interval>(in, "0.22");
    double norm_lower = 2.9;  // ||W~||_2 >= W~_00 ~ 3
    for (Eigen::Index i = 0; i < 3; ++i) {
      INFO("diagonal " << i);
      CHECK(rel_width(Wm.entry(i, i)) <= 1e-30);
      CHECK(rel_width(Wd.entry(i, i)) <= 1e-10);
      for (Eigen::Index j = 0; j < 3; ++j) {
        INFO("entry " << i << "," << j);
        CHECK(abs_width(Wm.entry(i, j)) <= 1e-30 * norm_lower);
        // The two scalar types enclose the same number: the enclosures overlap (throws if not).
        CHECK_NOTHROW(scalar_traits<mpfi_float>::symmetrize(Wm.entry(i, j), Wd.entry(i, j)));
      }
    }
    if (alpha == "1e-100") {
      CHECK(matches_digits(Wm.entry(0, 0), "3.0"));
      CHECK(matches_digits(Wm.entry(1, 1), "1.37499999999905e-12"));
      CHECK(matches_digits(Wm.entry(2, 2), "9.54999999999992e-57"));
      CHECK(matches_digits(Wm.entry(0, 1), "7.49999999999484e-23"));
      CHECK(matches_digits(Wd.entry(1, 1), "1.37499999999905e-12"));
    }
    if (alpha == "1e-1000000") {
      CHECK(matches_digits(Wm.entry(0, 0), "3.0"));
      CHECK(matches_digits(Wm.entry(1, 1), "1.375e-120000"));
      CHECK(matches_digits(Wm.entry(2, 2), "9.55e-560001"));
      CHECK(matches_digits(Wm.entry(0, 1), "7.5e-220001"));
      CHECK(matches_digits(Wd.entry(2, 2), "9.55e-560001"));
    }
  }
}

TEST_CASE("extreme alpha: alpha given by its logarithm equals alpha given exactly", "[extreme_alpha]") {
  precision_scope scope(128);
  instance exact = paper_instance("1e-100000");
  instance by_log = exact;
  by_log.alpha = alpha_spec{std::nullopt, mpq_class(-100000), "10^(-100000)"};
  auto A = evaluate<mpfi_float>(exact, "0.22");
  auto B = evaluate<mpfi_float>(by_log, "0.22");
  for (Eigen::Index i = 0; i < 3; ++i)
    for (Eigen::Index j = 0; j < 3; ++j) CHECK_NOTHROW(scalar_traits<mpfi_float>::symmetrize(A.entry(i, j), B.entry(i, j)));
  // And far beyond any exact decimal: alpha = 10^(-10^9).
  by_log.alpha = alpha_spec{std::nullopt, mpq_class(-1000000000), "10^(-1e9)"};
  auto C = evaluate<mpfi_float>(by_log, "0.22");
  CHECK(rel_width(C.entry(2, 2)) <= 1e-25);
  CHECK(matches_digits(C.entry(0, 0), "3.0"));
}

TEST_CASE("extreme alpha: n = 10 instance at alpha = 1e-1000, t = ln(1/alpha)/6", "[extreme_alpha]") {
  precision_scope scope(128);
  instance in = load_instance_file(std::string(INCERT_SOURCE_DIR) + "/data/n10_sin.json");
  auto W = evaluate<mpfi_float>(in, "1/6");
  for (Eigen::Index i = 0; i < 10; ++i)
    for (Eigen::Index j = 0; j < 10; ++j) {
      INFO("entry " << i << "," << j);
      CHECK(abs_width(W.entry(i, j)) <= 1e-30 * 9.9);  // ||W~||_2 >= W~_00 = 10
    }
  CHECK(matches_digits(W.entry(0, 0), "10.0"));
  CHECK(matches_digits(W.entry(0, 9), "-1.81787593487886e-1500"));
  CHECK(matches_digits(W.entry(9, 9), "1.30067766707776e-667"));
  CHECK(rel_width(W.entry(9, 9)) <= 1e-30);
}

// W(t) in the standard basis (non-diagonal Y) where every entry is far below double's range:
// the double-interval run keeps relative accuracy (the transform is done in MPFI from W~'s scaled
// entries, flow/closed_form.hpp), where materializing W~ in double first flushes every entry to
// [-1e-323, 3e-323]. Reference: mpmath at 50 digits (tests/python/reference.py,
// closed_form_tiny_alpha, then Phi W~ Phi^T): W_00 = 1.1851851851851851852e-2001,
// W_01 = -2.3703703703703703704e-2001, W_11 = 4.7407407407407407407e-2001.
TEST_CASE("extreme alpha: standard basis below double's range keeps relative accuracy in double_interval", "[extreme_alpha]") {
  instance in = load_instance(json::parse(R"({"Y": {"eigenvalues": ["3","2","1"],
    "eigenvectors": [["1","-14","2/5"],["-2","-5","-2"],["2","2","-11/5"]]},
    "init": {"W0": [["2","0.5","0.3"],["0.5","1.5","0.2"],["0.3","0.2","1"]]},
    "alpha": "1e-5000", "epsilon": "0.1"})"));
  const std::pair<Eigen::Index, Eigen::Index> where[] = {{0, 0}, {0, 1}, {1, 1}};
  const char* digits[] = {"1.18518518518519e-2001", "-2.37037037037037e-2001", "4.74074074074074e-2001"};
  precision_scope outer(128);
  mpfi_float t;  // 0.1 ln(1e5000) = 500 ln 10 at 128 bits, as `eval --tau 0.1` encloses it
  mpfi_set_ui(t.backend().data(), 10);
  mpfi_log(t.backend().data(), t.backend().data());
  t *= 500;
  // 128: what `eval --scalar interval` runs at (the scale factors in MPFI at the working precision);
  // 53: MPFI at double's precision too, where e^(2 sigma t) at t = 1151 carries 6e-13.
  for (unsigned bits : {53u, 128u}) {
    INFO("MPFI precision " << bits);
    precision_scope scope(bits);
    enclosed_problem<double_interval> p = enclose_problem<double_interval>(in);
    auto Wt = closed_form_eigenbasis(p, t);
    REQUIRE(Wt);
    const matrix<mpfi_float> W = to_standard_basis(p, *Wt);
    for (int e = 0; e < 3; ++e) {
      const mpfi_float& x = W(where[e].first, where[e].second);
      INFO("entry " << where[e].first << "," << where[e].second << " = " << x);
      CHECK(matches_digits(x, digits[e]));
      CHECK(rel_width(x) <= (bits == 53 ? 1e-11 : 1e-14));  // measured 6.9e-13, 3.8e-15
    }
  }
}
