// One enclosure of W~_alpha(tau ln(1/alpha)) for a whole range of alpha
// (include/incert/flow/closed_form_alpha_range.hpp, proofs/threshold.md section 2):
//  (1) containment: over ranges of ln(1/alpha) (finite and the tail [l_a, inf)), the enclosure
//      contains the 256-bit point closed form (tests/support/point_error_reference.hpp: its own
//      instance at each exact sample alpha, time tau ln(1/alpha)) at decimal alphas spread over
//      the range, for the scaled form (Theorem 4), the scalar curves (spectral init, Theorem 3)
//      and a target with zero eigenvalues; several tau on both sides of 1/(2 sigma_i);
//  (2) width: over a range of relative width 1e-9 every entry is within 1e-6 of the point
//      value, and the tail at ln(1/alpha) >= 2000 gives ||W~ - Y~^_k|| <= 1e-6 at
//      tau = 1/(sigma_k + sigma_{k+1}) (the limit Y~^_k of proofs/threshold.md);
//  (3) no V (U0 of rank 1): nothing from the scaled form, never a wrong enclosure;
//  (4) the factor form over a range (closed_form_factor_over_log_alpha, r < n, proofs/threshold.md
//      section 8): containment of an independent mpmath reference (tests/support/
//      factor_alpha_range_reference.json, tools/make_factor_alpha_range_reference.py: the r x r
//      formula evaluated as written with enough digits) at sample alphas of ranges down to
//      1e-1000, five tau; width on narrow ranges; a one-point range overlaps the point factor
//      form; the tail of the rank-one instance tends to Y^_1;
//  (5) the factor form's time tail t in [a, inf) at a fixed alpha (closed_form_factor_time_tail,
//      proofs/closed_form_factor.md section 6), against the same mpmath reference (every sample
//      time t lies in [t/2, inf) and [t/16, inf)), and its limit Y~^_r (width).
#include <catch2/catch.hpp>

#include "incert/flow/closed_form_alpha_range.hpp"
#include "incert/flow/closed_form_factor.hpp"
#include "incert/instance/load_instance.hpp"
#include "incert/io/json.hpp"
#include "incert/scalar/scalar_list.hpp"
#include "incert/theory/error_to_rank.hpp"
#include "support/point_error_reference.hpp"

#include <string>
#include <vector>

namespace {

using incert::mpfi_float;
using incert::mpfr_float;
using mt = incert::scalar_traits<mpfi_float>;

incert::instance from_file(const std::string& rel) { return incert::load_instance_file(std::string(INCERT_SOURCE_DIR) + "/" + rel); }

mpq_class decimal(const std::string& s) { return incert::parse_exact(s); }

mpfi_float log_inv(const mpq_class& alpha) {
  mpfi_float l = incert::enclose_mpfi(alpha);
  mpfi_log(l.backend().data(), l.backend().data());
  return mpfi_float(-l);
}

// W~ at alpha, t = tau ln(1/alpha), by the point pipeline at 256 bits.
incert::matrix<mpfi_float> point_W(incert::instance in, const mpq_class& alpha, const mpq_class& tau) {
  in.alpha = incert::alpha_spec{alpha, std::nullopt, alpha.get_str()};
  const incert_test::point_error_reference ref(in, 256);
  incert::precision_scope scope(256);
  return ref.W(mpfi_float(incert::enclose_mpfi(tau) * log_inv(alpha)));
}

}  // namespace

TEST_CASE("closed_form_over_log_alpha contains the point closed form at every sampled alpha", "[threshold]") {
  struct range_case {
    std::string alpha_hi, alpha_lo;  // ln(1/alpha) from ln(1/alpha_hi) to ln(1/alpha_lo); alpha_lo "0": the tail
    std::vector<std::string> samples;
  };
  const std::vector<range_case> ranges = {
      {"1e-5", "1e-6", {"1e-5", "7e-6", "3.3e-6", "1.5e-6", "1e-6"}},
      {"2e-30", "1e-30", {"2e-30", "1.7e-30", "1.23e-30", "1e-30"}},
      {"1e-8", "0", {"1e-8", "3e-9", "1e-12", "1e-40", "1e-400", "1e-4000"}},
  };
  for (const char* file : {"data/default.json", "data/thm3_spectral_3x3.json", "data/rank_deficient_target.json"}) {
    const incert::instance in = from_file(file);
    incert::precision_scope scope(128);
    const auto p = incert::enclose_problem<mpfi_float>(in);
    REQUIRE(p.V);
    for (const char* tau_text : {"0.1", "0.2", "0.23", "0.4", "0.9"}) {
      const mpq_class tau = decimal(tau_text);
      for (const auto& rc : ranges) {
        const mpfr_float l_a = mt::lower(log_inv(decimal(rc.alpha_hi)));
        std::optional<mpfr_float> l_b;
        if (rc.alpha_lo != "0") l_b = mt::upper(log_inv(decimal(rc.alpha_lo)));
        auto W = incert::closed_form_over_log_alpha(p, incert::enclose_mpfi(tau), l_a, l_b);
        INFO(file << "  tau = " << tau_text << "  alpha in [" << rc.alpha_lo << ", " << rc.alpha_hi << "]");
        REQUIRE(W);
        for (const auto& s : rc.samples) {
          const auto ref = point_W(in, decimal(s), tau);
          for (Eigen::Index i = 0; i < ref.rows(); ++i)
            for (Eigen::Index j = 0; j < ref.cols(); ++j) {
              const mpfi_float e = W->entry(i, j);
              INFO("alpha = " << s << "  entry (" << i << "," << j << ")  range [" << mt::lower(e) << ", " << mt::upper(e) << "]  point ["
                              << mt::lower(ref(i, j)) << ", " << mt::upper(ref(i, j)) << "]");
              CHECK(mt::contains(e, ref(i, j)));
            }
        }
      }
    }
  }
}

TEST_CASE("closed_form_over_log_alpha: narrow ranges are tight, the tail tends to Y^_k", "[threshold]") {
  const incert::instance in = from_file("data/default.json");
  incert::precision_scope scope(128);
  const auto p = incert::enclose_problem<mpfi_float>(in);
  const mpq_class tau = decimal("0.2");
  const mpfr_float l_a = mt::lower(log_inv(decimal("1e-20")));
  const mpfr_float l_b = l_a + ldexp(l_a, -30);  // relative width ~ 1e-9
  auto W = incert::closed_form_over_log_alpha(p, incert::enclose_mpfi(tau), l_a, std::optional<mpfr_float>(l_b));
  REQUIRE(W);
  const auto ref = point_W(in, decimal("1e-20"), tau);
  for (Eigen::Index i = 0; i < ref.rows(); ++i)
    for (Eigen::Index j = 0; j < ref.cols(); ++j) {
      const mpfi_float e = W->entry(i, j);
      INFO("entry (" << i << "," << j << ")  [" << mt::lower(e) << ", " << mt::upper(e) << "]");
      CHECK(mpfr_float(mt::upper(e) - mt::lower(e)) <= mpfr_float(1e-6));
    }
  // Tail at tau = 1/(sigma_k + sigma_{k+1}): W~ -> Y~^_k.
  for (std::size_t k = 1; k <= 2; ++k) {
    const mpq_class tk = mpq_class(1) / (in.sigma[k - 1] + in.sigma[k]);
    auto T = incert::closed_form_over_log_alpha(p, incert::enclose_mpfi(tk), mpfr_float(2000), std::nullopt);
    REQUIRE(T);
    auto err = incert::error_to_rank(T->materialize(), p.sigma, k);
    REQUIRE(err);
    INFO("k = " << k << "  error over the tail [" << mt::lower(*err) << ", " << mt::upper(*err) << "]");
    CHECK(mpfr_float(mt::upper(*err)) <= mpfr_float(1e-6));
  }
}

TEST_CASE("closed_form_over_log_alpha: no certified V, no enclosure", "[threshold]") {
  const incert::instance in = from_file("tests/data/rank_one_u0_5x1.json");
  incert::precision_scope scope(128);
  const auto p = incert::enclose_problem<mpfi_float>(in);
  CHECK_FALSE(incert::closed_form_over_log_alpha(p, incert::enclose_mpfi(decimal("0.2")), mpfr_float(10), std::nullopt));
}

namespace {

// [r (1 - 1e-35), r (1 + 1e-35)]: the reference's 40 printed digits with room for its own error.
mpfi_float reference_interval(const std::string& text) {
  const mpfi_float r = incert::enclose_mpfi(incert::parse_exact(text));
  const mpfi_float slack = mpfi_float(abs(r)) * mpfi_float(mt::interval(mpfr_float(-1e-35), mpfr_float(1e-35)));
  return mpfi_float(r + slack);
}

bool overlaps(const mpfi_float& a, const mpfi_float& b) { return mt::possibly_le(a, b) && mt::possibly_le(b, a); }

}  // namespace

TEST_CASE("closed_form_factor_over_log_alpha contains an independent mpmath reference", "[threshold]") {
  const incert::json::value doc = incert::json::parse_file(std::string(INCERT_SOURCE_DIR) + "/tests/support/factor_alpha_range_reference.json");
  std::size_t checked = 0;
  for (const auto& c : doc.find("cases")->items()) {
    const std::string file = c.find("instance")->as_string(), tau_text = c.find("tau")->as_string();
    const std::string hi = c.find("alpha_hi")->as_string(), lo = c.find("alpha_lo")->as_string();
    const incert::instance in = from_file(file);
    incert::precision_scope scope(128);
    const auto p = incert::enclose_problem<mpfi_float>(in);
    REQUIRE_FALSE(p.V);  // the scaled form cannot be used: W~0 is singular
    const mpfr_float l_a = mt::lower(log_inv(decimal(hi))), l_b = mt::upper(log_inv(decimal(lo)));
    auto W = incert::closed_form_factor_over_log_alpha(p, incert::enclose_mpfi(decimal(tau_text)), l_a, std::optional<mpfr_float>(l_b));
    INFO(file << "  tau = " << tau_text << "  alpha in [" << lo << ", " << hi << "]");
    REQUIRE(W);
    for (const auto& sample : c.find("samples")->items()) {
      const auto& rows = sample.find("W")->items();
      for (Eigen::Index i = 0; i < static_cast<Eigen::Index>(rows.size()); ++i)
        for (Eigen::Index j = 0; j < static_cast<Eigen::Index>(rows.size()); ++j) {
          const std::string ref = rows[static_cast<std::size_t>(i)].items()[static_cast<std::size_t>(j)].as_string();
          const mpfi_float e = W->entry(i, j);
          INFO("alpha = " << sample.find("alpha")->as_string() << "  entry (" << i << "," << j << ")  range [" << mt::lower(e) << ", "
                          << mt::upper(e) << "]  reference " << ref);
          CHECK(overlaps(e, reference_interval(ref)));
          ++checked;
        }
    }
  }
  CHECK(checked > 1000);
}

TEST_CASE("closed_form_factor_over_log_alpha: narrow ranges are tight and overlap the point factor form", "[threshold]") {
  for (const char* file : {"tests/data/rank_one_u0_5x1.json", "tests/data/factor_r2_zero_eigenvalue.json"}) {
    const incert::instance in = from_file(file);
    incert::precision_scope scope(128);
    const auto p = incert::enclose_problem<mpfi_float>(in);
    for (const char* alpha : {"1e-20", "1e-700"})
      for (const char* tau_text : {"0.2", "0.4"}) {
        const mpfi_float tau = incert::enclose_mpfi(decimal(tau_text));
        const mpfr_float l_a = mt::lower(log_inv(decimal(alpha)));
        const mpfr_float l_b = l_a + ldexp(l_a, -30);  // relative width ~ 1e-9
        INFO(file << "  alpha = " << alpha << "  tau = " << tau_text);
        auto W = incert::closed_form_factor_over_log_alpha(p, tau, l_a, std::optional<mpfr_float>(l_b));
        REQUIRE(W);
        // One point l = l_a: overlaps the point factor form at t = tau l_a.
        auto at = incert::closed_form_factor_over_log_alpha(p, tau, l_a, std::optional<mpfr_float>(l_a));
        incert::enclosed_problem<mpfi_float> q = p;
        incert::set_alpha(q, exp(mpfi_float(-mt::point(l_a))), mpfi_float(-mt::point(l_a)));
        auto point = incert::closed_form_factor(q, mpfi_float(tau * mt::point(l_a)));
        REQUIRE(at);
        REQUIRE(point);
        for (Eigen::Index i = 0; i < static_cast<Eigen::Index>(p.n); ++i)
          for (Eigen::Index j = 0; j < static_cast<Eigen::Index>(p.n); ++j) {
            const mpfi_float e = W->entry(i, j), a = at->entry(i, j), b = point->entry(i, j);
            INFO("entry (" << i << "," << j << ")  range [" << mt::lower(e) << ", " << mt::upper(e) << "]  one point [" << mt::lower(a)
                           << ", " << mt::upper(a) << "]  point form [" << mt::lower(b) << ", " << mt::upper(b) << "]");
            CHECK(mpfr_float(mt::upper(e) - mt::lower(e)) <= mpfr_float(1e-6));
            CHECK(overlaps(a, b));
            CHECK(overlaps(e, a));
          }
      }
  }
}

TEST_CASE("closed_form_factor_over_log_alpha: the tail", "[threshold]") {
  {  // rank one, all sigma > 0: at tau = 1/(sigma_1 + sigma_2) W~ -> Y~^_1 as alpha -> 0
    const incert::instance in = from_file("tests/data/rank_one_u0_5x1.json");
    incert::precision_scope scope(128);
    const auto p = incert::enclose_problem<mpfi_float>(in);
    const mpq_class tk = mpq_class(1) / (in.sigma[0] + in.sigma[1]);
    auto T = incert::closed_form_factor_over_log_alpha(p, incert::enclose_mpfi(tk), mpfr_float(2000), std::nullopt);
    REQUIRE(T);
    auto err = incert::error_to_rank(T->materialize(), p.sigma, 1);
    REQUIRE(err);
    INFO("error over the tail [" << mt::lower(*err) << ", " << mt::upper(*err) << "]");
    CHECK(mpfr_float(mt::upper(*err)) <= mpfr_float(1e-6));
  }
}

TEST_CASE("closed_form_factor_time_tail contains the mpmath reference and tends to Y^_r", "[threshold]") {
  const incert::json::value doc = incert::json::parse_file(std::string(INCERT_SOURCE_DIR) + "/tests/support/factor_alpha_range_reference.json");
  std::size_t checked = 0, tails = 0;
  for (const auto& c : doc.find("cases")->items()) {
    const std::string file = c.find("instance")->as_string(), tau_text = c.find("tau")->as_string();
    incert::instance in = from_file(file);
    for (const auto& sample : c.find("samples")->items()) {
      const std::string alpha_text = sample.find("alpha")->as_string();
      if (decimal(alpha_text) < decimal("1e-40")) continue;  // keep the test fast: 40 cases are enough
      in.alpha = incert::alpha_spec{decimal(alpha_text), std::nullopt, alpha_text};
      incert::precision_scope scope(128);
      const auto p = incert::enclose_problem<mpfi_float>(in);
      const mpfi_float t = incert::enclose_mpfi(decimal(tau_text)) * log_inv(decimal(alpha_text));
      for (int div : {2, 16}) {
        auto W = incert::closed_form_factor_time_tail(p, mpfi_float(mt::point(mt::lower(t)) / div));
        if (!W) continue;  // refused (a wide range at a small start): never wrong
        ++tails;
        const auto& rows = sample.find("W")->items();
        for (Eigen::Index i = 0; i < static_cast<Eigen::Index>(rows.size()); ++i)
          for (Eigen::Index j = 0; j < static_cast<Eigen::Index>(rows.size()); ++j) {
            const std::string ref = rows[static_cast<std::size_t>(i)].items()[static_cast<std::size_t>(j)].as_string();
            const mpfi_float e = W->entry(i, j);
            INFO(file << "  alpha = " << alpha_text << "  t = tau ln(1/alpha), tau = " << tau_text << "  tail from t/" << div << "  entry (" << i
                      << "," << j << ")  [" << mt::lower(e) << ", " << mt::upper(e) << "]  reference " << ref);
            CHECK(overlaps(e, reference_interval(ref)));
            ++checked;
          }
      }
    }
  }
  CHECK(tails >= 40);
  CHECK(checked >= 800);
  // Width: from t = 40 on, W~ is within 1e-6 of Y~^_r = diag(sigma_1, .., sigma_r, 0, ..).
  for (const char* file : {"tests/data/rank_one_u0_5x1.json", "tests/data/factor_r2_zero_eigenvalue.json"}) {
    incert::instance in = from_file(file);
    in.alpha = incert::alpha_spec{decimal("0.01"), std::nullopt, "0.01"};
    incert::precision_scope scope(128);
    const auto p = incert::enclose_problem<mpfi_float>(in);
    auto W = incert::closed_form_factor_time_tail(p, mpfi_float(40));
    INFO(file);
    REQUIRE(W);
    const std::size_t r = in.U0.cols;
    auto err = incert::error_to_rank(W->materialize(), p.sigma, r);
    REQUIRE(err);
    INFO("error to Y^_r over t >= 40: [" << mt::lower(*err) << ", " << mt::upper(*err) << "]");
    CHECK(mpfr_float(mt::upper(*err)) <= mpfr_float(1e-6));
  }
}
