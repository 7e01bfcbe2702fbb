// A target given as a dense matrix, end to end below the CLI: the loader's exact facts
// (instance/load_instance.hpp, read_dense_target), its verified eigenbasis
// (flow/target_eigenbasis.hpp), the enclosed problem (flow/enclosed_problem.hpp) and the
// theorem's hypotheses (theory/theorem_check.hpp).
//
//  * Y = Q diag(3,2,1) Q^T (Q a rational Cayley transform) against the same instance given by
//    eigenvalues and eigenvectors: same verdicts, overlapping constants, W~0 equal up to the
//    eigenvectors' signs, W(t) in the standard basis overlapping (basis independent).
//  * Rank deficient (4, 1, 0, 0): zeros exact, the kernel block's basis spans ker Y.
//  * A repeated non-zero eigenvalue: proven equal (rational root of multiplicity 2), the closed
//    form evaluates and agrees with the eigen form; "distinct" fails exactly.
//  * Irrational eigenvalues: residual Y Phi - Phi diag(sigma) contains 0.
//  * Near-repeated eigenvalues: not certified at 128 bits (verdicts undecided), certified at 256.
//  * eps = sigma_K exactly: epsilon_range holds (exact tie-break).
//  * Bad dense input: not symmetric, not PSD, not square, ragged, zero, both forms, mismatched W0,
//    spectral init that depends on the basis.

#include <catch2/catch.hpp>

#include "incert/scalar/scalar_list.hpp"
#include "incert/flow/closed_form.hpp"
#include "incert/flow/target_eigenbasis.hpp"
#include "incert/instance/load_instance.hpp"
#include "incert/theory/theorem_check.hpp"
#include "support/rational_spectra.hpp"

#include <gmpxx.h>
#include <mpfr.h>

#include <string>
#include <vector>

namespace {

using incert::double_interval;
using incert::instance;
using incert::matrix;
using incert::mpfi_float;
using incert::mpfr_float;
using incert::rational_matrix;
using incert::verdict;
template <class T>
using Tr = incert::scalar_traits<T>;
using incert_test::cayley;
using incert_test::contains_q;
using incert_test::exact_inverse;
using incert_test::to_q;
using incert_test::with_spectrum;

const std::vector<mpq_class> skew3{mpq_class(1, 2), mpq_class(-1, 4), mpq_class(1, 3)};
const std::vector<mpq_class> skew4{mpq_class(1, 2), mpq_class(-1, 3), mpq_class(1, 4), mpq_class(1, 5), mpq_class(-1, 6), mpq_class(1, 7)};

std::string json_matrix(const rational_matrix& A) {
  std::string s = "[";
  for (std::size_t i = 0; i < A.rows; ++i) {
    s += i ? ", [" : "[";
    for (std::size_t j = 0; j < A.cols; ++j) s += (j ? ", \"" : "\"") + A(i, j).get_str() + "\"";
    s += "]";
  }
  return s + "]";
}

std::string json_vector(const std::vector<mpq_class>& v) {
  std::string s = "[";
  for (std::size_t i = 0; i < v.size(); ++i) s += (i ? ", \"" : "\"") + v[i].get_str() + "\"";
  return s + "]";
}

const std::string W0_3 = R"({"W0": [["2", "0.5", "0.3"], ["0.5", "1.5", "0.2"], ["0.3", "0.2", "1"]]})";
const std::string W0_4 =
    R"({"W0": [["2", "1/3", "0.25", "-0.1"], ["1/3", "3/2", "-0.2", "1/7"], ["0.25", "-0.2", "1", "0.3"], ["-0.1", "1/7", "0.3", "5/4"]]})";

std::string doc(const std::string& Y, const std::string& init, const std::string& alpha = "1e-30", const std::string& eps = "0.1") {
  return R"({"Y": )" + Y + R"(, "init": )" + init + R"(, "alpha": ")" + alpha + R"(", "epsilon": ")" + eps + "\"}";
}
std::string dense(const rational_matrix& Y) { return R"({"matrix": )" + json_matrix(Y) + "}"; }
std::string eigen(const std::vector<mpq_class>& d, const rational_matrix& Q) {
  return R"({"eigenvalues": )" + json_vector(d) + R"(, "eigenvectors": )" + json_matrix(Q) + "}";
}

instance load(const std::string& text) { return incert::load_instance(incert::json::parse(text), "test"); }

template <class T>
bool overlaps(const T& a, const T& b) {
  return !(Tr<T>::certainly_lt(a, b) || Tr<T>::certainly_lt(b, a));
}
template <class T>
std::string show(const T& x) {
  std::ostringstream s;
  s << "[" << Tr<T>::lower_exact(x) << ", " << Tr<T>::upper_exact(x) << "]";
  return s.str();
}
template <class T>
double width(const T& x) {
  mpfr_float w;
  mpfr_sub(w.backend().data(), Tr<T>::upper_exact(x).backend().data(), Tr<T>::lower_exact(x).backend().data(), MPFR_RNDU);
  return w.convert_to<double>();
}

template <class T>
std::vector<verdict> verdicts(const incert::theorem_check<T>& c) {
  std::vector<verdict> v;
  for (const auto& h : c.hypotheses) v.push_back(h.value);
  for (const auto& I : c.intervals) v.push_back(I.nonempty);
  for (const auto& x : c.conclusions) v.push_back(x.value);
  return v;
}

template <class T>
std::string describe(const incert::theorem_check<T>& c) {
  std::string s;
  for (const auto& h : c.hypotheses) s += h.name + "=" + incert::to_string(h.value) + " ";
  return s;
}

// Column signs of the dense Phi relative to the exact columns of Q (which are unit vectors).
template <class T>
std::vector<int> column_signs(const matrix<T>& Phi, const rational_matrix& Q) {
  std::vector<int> s;
  for (std::size_t j = 0; j < Q.cols; ++j) {
    bool plus = true, minus = true;
    for (std::size_t i = 0; i < Q.rows; ++i) {
      plus = plus && contains_q(Phi(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)), Q(i, j));
      minus = minus && contains_q(Phi(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)), mpq_class(-Q(i, j)));
    }
    REQUIRE(plus != minus);
    s.push_back(plus ? 1 : -1);
  }
  return s;
}

// The conclusions of the dense form cd and the eigen form ce (problem pe) agree: same verdicts, and
// the errors overlap when taken at one and the same time (the two forms compute their sample
// times from their own I_k, which agree only to ~1e-36).
template <class Check, class Problem>
void check_conclusions_agree(const Check& cd, const Check& ce, const Problem& pe) {
  REQUIRE(cd.conclusions.size() == ce.conclusions.size());
  for (std::size_t k = 0; k < cd.conclusions.size(); ++k) {
    const auto& c = cd.conclusions[k];
    REQUIRE(c.error);
    const auto same_time = incert::conclusion_at(pe, c.k, c.t);
    REQUIRE(same_time.error);
    CHECK(overlaps(*c.error, *same_time.error));
    CHECK(c.value == ce.conclusions[k].value);
  }
}

}  // namespace

TEMPLATE_LIST_TEST_CASE("dense Y = Q diag(3,2,1) Q^T matches the eigenvalue/eigenvector form", "[target_eigenbasis]", incert::rigorous_scalar_types) {
  using T = TestType;
  incert::precision_scope scope(128);
  const rational_matrix Q = cayley(3, skew3);
  const rational_matrix Y = with_spectrum(Q, {3, 2, 1});
  const instance d = load(doc(dense(Y), W0_3));
  const instance e = load(doc(eigen({3, 2, 1}, Q), W0_3));
  INFO("Y = " << json_matrix(Y));
  CHECK(d.dense_target);
  CHECK_FALSE(d.identity_basis);
  CHECK(d.K == 3);
  CHECK(d.distinct_nonzero);
  CHECK(incert::target_charpoly(d) == incert::rational_polynomial{-6, 11, -6, 1});
  CHECK(d.sigma.empty());

  const incert::target_eigenbasis tb = incert::enclose_target_eigenbasis(d);
  CHECK(tb.certified);
  for (std::size_t i = 0; i < 3; ++i) {
    CHECK(tb.sigma_exact[i]);
    CHECK(contains_q(tb.sigma[i], mpq_class(3 - static_cast<long>(i))));
  }

  const auto pd = incert::enclose_problem<T>(d);
  const auto pe = incert::enclose_problem<T>(e);
  CHECK(pd.eigenbasis_certified);
  const std::vector<int> s = column_signs(pd.Phi, Q);
  for (Eigen::Index i = 0; i < 3; ++i) {
    CHECK(overlaps(pd.sigma[static_cast<std::size_t>(i)], pe.sigma[static_cast<std::size_t>(i)]));
    for (Eigen::Index j = 0; j < 3; ++j) {
      INFO("W~0(" << i << ", " << j << "): dense " << show(pd.Wt0(i, j)) << ", eigen " << show(pe.Wt0(i, j)));
      const T signed_e = T(s[static_cast<std::size_t>(i)] * s[static_cast<std::size_t>(j)]) * pe.Wt0(i, j);
      CHECK(overlaps(pd.Wt0(i, j), signed_e));
      CHECK(width(pd.Wt0(i, j)) < 1e6 * mpfr_float(Tr<T>::unit_roundoff()).convert_to<double>());
    }
  }
  REQUIRE(pd.V);

  const auto cd = incert::check_theorem(d, pd);
  const auto ce = incert::check_theorem(e, pe);
  INFO("dense: " << describe(cd) << " eigen: " << describe(ce));
  CHECK(verdicts(cd) == verdicts(ce));
  for (const auto& h : cd.hypotheses) CHECK(h.value == verdict::holds);
  REQUIRE(cd.constants.M);
  CHECK(overlaps(*cd.constants.M, *ce.constants.M));
  CHECK(overlaps(*cd.constants.c_eps, *ce.constants.c_eps));
  CHECK(overlaps(*cd.constants.C_eps, *ce.constants.C_eps));
  REQUIRE(cd.log_alpha_star);
  CHECK(overlaps(*cd.log_alpha_star, *ce.log_alpha_star));
  REQUIRE(cd.conclusions.size() == ce.conclusions.size());
  check_conclusions_agree(cd, ce, pe);

  // W(t) in the standard basis does not depend on the eigenvectors' signs.
  const mpfi_float t = incert::enclose_mpfi(mpq_class(20));
  auto Wd = incert::closed_form_eigenbasis(pd, t);
  auto We = incert::closed_form_eigenbasis(pe, t);
  REQUIRE(Wd);
  REQUIRE(We);
  const matrix<T> Sd = incert::to_standard_basis(pd, Wd->materialize()), Se = incert::to_standard_basis(pe, We->materialize());
  for (Eigen::Index i = 0; i < 3; ++i)
    for (Eigen::Index j = 0; j < 3; ++j) CHECK(overlaps(Sd(i, j), Se(i, j)));
}

TEMPLATE_LIST_TEST_CASE("dense rank-deficient Y (4, 1, 0, 0): exact zeros, kernel basis", "[target_eigenbasis]", incert::rigorous_scalar_types) {
  using T = TestType;
  incert::precision_scope scope(128);
  const rational_matrix Q = cayley(4, skew4);
  const rational_matrix Y = with_spectrum(Q, {4, 1, 0, 0});
  const instance d = load(doc(dense(Y), W0_4, "1e-40"));
  const instance e = load(doc(eigen({4, 1, 0, 0}, Q), W0_4, "1e-40"));
  CHECK(d.K == 2);
  CHECK(d.distinct_nonzero);
  const auto pd = incert::enclose_problem<T>(d);
  const auto pe = incert::enclose_problem<T>(e);
  CHECK(pd.eigenbasis_certified);
  CHECK(pd.sigma_is_zero == std::vector<bool>{false, false, true, true});
  CHECK(Tr<T>::lower(pd.sigma[2]) == 0);
  CHECK(Tr<T>::upper(pd.sigma[3]) == 0);
  CHECK(contains_q(pd.wide.sigma[3], mpq_class(0)));
  CHECK(width(pd.wide.sigma[3]) == 0);
  // The kernel block: Y B contains 0, B^T B contains I.
  matrix<T> Ye(4, 4);
  for (std::size_t i = 0; i < 4; ++i)
    for (std::size_t j = 0; j < 4; ++j) Ye(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = incert::enclose<T>(Y(i, j));
  const matrix<T> B = pd.Phi.rightCols(2);
  const matrix<T> YB = incert::multiply(Ye, B), G = incert::multiply_transposed(B, B);
  for (Eigen::Index i = 0; i < 4; ++i)
    for (Eigen::Index j = 0; j < 2; ++j) CHECK(contains_q(YB(i, j), mpq_class(0)));
  for (Eigen::Index i = 0; i < 2; ++i)
    for (Eigen::Index j = 0; j < 2; ++j) CHECK(contains_q(G(i, j), mpq_class(i == j ? 1 : 0)));

  const auto cd = incert::check_theorem(d, pd);
  const auto ce = incert::check_theorem(e, pe);
  INFO("dense: " << describe(cd) << " eigen: " << describe(ce));
  CHECK(verdicts(cd) == verdicts(ce));
  REQUIRE(cd.constants.M);
  CHECK(overlaps(*cd.constants.M, *ce.constants.M));
  check_conclusions_agree(cd, ce, pe);
  // Evaluation: W(t) agrees with the eigen form in the standard basis.
  const mpfi_float t = incert::enclose_mpfi(mpq_class(30));
  auto Wd = incert::closed_form_eigenbasis(pd, t);
  auto We = incert::closed_form_eigenbasis(pe, t);
  REQUIRE(Wd);
  REQUIRE(We);
  const matrix<T> Sd = incert::to_standard_basis(pd, Wd->materialize()), Se = incert::to_standard_basis(pe, We->materialize());
  for (Eigen::Index i = 0; i < 4; ++i)
    for (Eigen::Index j = 0; j < 4; ++j) CHECK(overlaps(Sd(i, j), Se(i, j)));
}

TEST_CASE("dense Y with a repeated non-zero eigenvalue: proven equal, the closed form evaluates", "[target_eigenbasis]") {
  using T = mpfi_float;
  incert::precision_scope scope(128);
  const rational_matrix Q = cayley(3, skew3);
  const rational_matrix Y = with_spectrum(Q, {2, 1, 2});
  const instance d = load(doc(dense(Y), W0_3));
  const instance e = load(doc(eigen({2, 1, 2}, Q), W0_3));
  CHECK_FALSE(d.distinct_nonzero);
  const incert::target_eigenbasis tb = incert::enclose_target_eigenbasis(d);
  CHECK(tb.certified);
  CHECK(tb.sigma_exact == std::vector<bool>{true, true, true});
  CHECK(contains_q(tb.sigma[0], mpq_class(2)));
  CHECK(width(tb.sigma[0]) == 0);  // the point 2
  const auto pd = incert::enclose_problem<T>(d);
  const auto pe = incert::enclose_problem<T>(e);
  const auto cd = incert::check_theorem(d, pd);
  CHECK(cd.hypotheses[0].name == "distinct_nonzero_eigenvalues");
  CHECK(cd.hypotheses[0].value == verdict::fails);
  const mpfi_float t = incert::enclose_mpfi(mpq_class(25));
  auto Wd = incert::closed_form_eigenbasis(pd, t);
  auto We = incert::closed_form_eigenbasis(pe, t);
  REQUIRE(Wd);
  REQUIRE(We);
  const matrix<T> Sd = incert::to_standard_basis(pd, Wd->materialize()), Se = incert::to_standard_basis(pe, We->materialize());
  for (Eigen::Index i = 0; i < 3; ++i)
    for (Eigen::Index j = 0; j < 3; ++j) {
      INFO("W(" << i << ", " << j << ") dense " << show(Sd(i, j)) << " eigen " << show(Se(i, j)));
      CHECK(overlaps(Sd(i, j), Se(i, j)));
      CHECK(width(Sd(i, j)) < 1e-25);
    }
}

TEST_CASE("dense Y with irrational eigenvalues: Y Phi - Phi diag(sigma) contains 0", "[target_eigenbasis]") {
  using T = mpfi_float;
  incert::precision_scope scope(128);
  const rational_matrix Y = [] {
    rational_matrix A(3, 3);
    const long v[3][3] = {{2, 1, 0}, {1, 1, 1}, {0, 1, 3}};
    for (std::size_t i = 0; i < 3; ++i)
      for (std::size_t j = 0; j < 3; ++j) A(i, j) = v[i][j];
    return A;
  }();
  const instance d = load(doc(dense(Y), W0_3));
  CHECK(d.K == 3);
  const auto p = incert::enclose_problem<T>(d);
  CHECK(p.eigenbasis_certified);
  matrix<T> Ye(3, 3);
  for (std::size_t i = 0; i < 3; ++i)
    for (std::size_t j = 0; j < 3; ++j) Ye(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = incert::enclose<T>(Y(i, j));
  const matrix<T> YP = incert::multiply(Ye, p.Phi);
  for (Eigen::Index i = 0; i < 3; ++i)
    for (Eigen::Index j = 0; j < 3; ++j) {
      const T r = YP(i, j) - p.Phi(i, j) * p.sigma[static_cast<std::size_t>(j)];
      CHECK(contains_q(r, mpq_class(0)));
      CHECK(width(r) < 1e-30);
    }
  // det(x I - Y) = x^3 - 6x^2 + 9x - 1, irreducible over Q: no eigenvalue is rational.
  CHECK(incert::target_charpoly(d) == incert::rational_polynomial{-1, 9, -6, 1});
  CHECK(d.distinct_nonzero);
  for (std::size_t i = 0; i < 3; ++i) {
    CHECK(width(p.sigma[i]) > 0);
    CHECK(width(p.sigma[i]) < 1e-35);
    CHECK(incert::poly_evaluate(incert::target_charpoly(d), mpq_class(incert::detail::exact_rational(Tr<T>::lower(p.sigma[i])))) *
              incert::poly_evaluate(incert::target_charpoly(d), mpq_class(incert::detail::exact_rational(Tr<T>::upper(p.sigma[i])))) <= 0);
  }
}

TEST_CASE("dense Y with near-repeated eigenvalues: undecided at 128 bits, decided at 256", "[target_eigenbasis]") {
  using T = mpfi_float;
  const mpq_class tiny(mpz_class(1), mpz_class(1) << 150);
  const rational_matrix Q = cayley(3, skew3);
  const rational_matrix Y = with_spectrum(Q, {3, mpq_class(2) + tiny, 2});
  const instance d = load(doc(dense(Y), W0_3, "1e-30", "0.1"));
  CHECK(d.distinct_nonzero);  // exact
  {
    incert::precision_scope scope(128);
    const auto p = incert::enclose_problem<T>(d);
    CHECK_FALSE(p.eigenbasis_certified);
    CHECK_FALSE(p.V);
    const auto c = incert::check_theorem(d, p);
    INFO(describe(c));
    bool any_undecided = false;
    for (const auto& h : c.hypotheses) any_undecided = any_undecided || h.value == verdict::undecided;
    CHECK(any_undecided);
    for (const auto& h : c.hypotheses) CHECK(h.value != verdict::fails);
  }
  {
    incert::precision_scope scope(256);
    const auto p = incert::enclose_problem<T>(d);
    CHECK(p.eigenbasis_certified);
    const auto c = incert::check_theorem(d, p);
    INFO(describe(c));
    for (const auto& h : c.hypotheses) CHECK(h.value != verdict::undecided);
    // log_ratio fails: sigma_3/sigma_2 is about 1 - 2^-151.
    CHECK(c.hypotheses.back().name == "log_ratio");
    CHECK(c.hypotheses.back().value == verdict::fails);
  }
}

TEST_CASE("dense Y: eps equal to sigma_K is decided exactly", "[target_eigenbasis]") {
  using T = double_interval;
  incert::precision_scope scope(128);
  const rational_matrix Q = cayley(3, skew3);
  const rational_matrix Y = with_spectrum(Q, {3, 2, mpq_class(1, 2)});
  for (const auto& [eps, expect] : std::vector<std::pair<std::string, verdict>>{
           {"0.5", verdict::holds}, {"0.50000000000000000001", verdict::fails}, {"0.49999999999999999999", verdict::holds}}) {
    const instance d = load(doc(dense(Y), W0_3, "1e-30", eps));
    const auto p = incert::enclose_problem<T>(d);
    const auto c = incert::check_theorem(d, p);
    INFO("eps = " << eps << ": " << describe(c));
    for (const auto& h : c.hypotheses)
      if (h.name == "epsilon_range") CHECK(h.value == expect);
  }
}

TEST_CASE("dense Y: bad input names Y.matrix", "[target_eigenbasis][load_instance]") {
  auto error_of = [](const std::string& text) -> std::string {
    try {
      load(text);
    } catch (const incert::input_error& e) {
      return e.what();
    }
    return "(accepted)";
  };
  const std::string ok = R"([["2", "1"], ["1", "2"]])";
  const std::string W0_2 = R"({"W0": [["1", "0"], ["0", "1"]]})";
  CHECK(error_of(doc(R"({"matrix": [["2", "1"], ["0", "2"]]})", W0_2)) ==
        "Y.matrix: not symmetric: entry [0][1] differs from [1][0]");
  CHECK(error_of(doc(R"({"matrix": [["1", "2"], ["2", "1"]]})", W0_2)) == "Y.matrix: not positive semi-definite");
  CHECK(error_of(doc(R"({"matrix": [["1", "0"], ["0", "-1e-1000"]]})", W0_2)) == "Y.matrix: not positive semi-definite");
  CHECK(error_of(doc(R"({"matrix": [["1", "0", "0"], ["0", "1", "0"]]})", W0_2)) == "Y.matrix: must be square, is 2 x 3");
  CHECK(error_of(doc(R"({"matrix": [["1", "0"], ["0"]]})", W0_2)) == "Y.matrix[1]: row has 1 entries, row 0 has 2");
  CHECK(error_of(doc(R"({"matrix": []})", W0_2)) == "Y.matrix: empty matrix");
  CHECK(error_of(doc(R"({"matrix": [["0", "0"], ["0", "0"]]})", W0_2)) ==
        "Y.matrix: zero matrix: all eigenvalues are zero, there is nothing to learn");
  CHECK(error_of(doc(R"({"matrix": [["1", "x"], ["x", "1"]]})", W0_2)).rfind("Y.matrix[0][1]: ", 0) == 0);
  CHECK(error_of(doc(R"({"matrix": )" + ok + R"(, "eigenvalues": ["1", "3"]})", W0_2)) ==
        "Y: give either matrix or eigenvalues (with optional eigenvectors), not both");
  CHECK(error_of(doc(R"({"matrix": )" + ok + R"(, "scale": "2"})", W0_2)) == "Y.scale: unknown field");
  CHECK(error_of(doc(R"({"matrix": )" + ok + "}", W0_3)) == "init.W0: must be 2 x 2 like Y, is 3 x 3");
  CHECK(error_of(doc(R"({"matrix": )" + ok + "}", W0_2)) == "(accepted)");
  // Spectral init needs a unique eigenbasis.
  CHECK(error_of(doc(R"({"matrix": [["2", "0", "0"], ["0", "2", "0"], ["0", "0", "1"]]})", R"({"spectral": ["1", "1", "1"]})")) ==
        "init.spectral: Y.matrix has a repeated non-zero eigenvalue, so its eigenbasis is not unique; give W0 or U0");
  CHECK(error_of(doc(R"({"matrix": [["2", "0", "0"], ["0", "0", "0"], ["0", "0", "0"]]})", R"({"spectral": ["1", "1", "2"]})")) ==
        "init.spectral[2]: differs from entry 1: the kernel of Y.matrix has no preferred basis, its entries must be equal");
  CHECK(error_of(doc(R"({"matrix": [["2", "0", "0"], ["0", "0", "0"], ["0", "0", "0"]]})", R"({"spectral": ["1", "3", "3"]})")) ==
        "(accepted)");
}
