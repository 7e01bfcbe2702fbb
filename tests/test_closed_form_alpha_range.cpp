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
//  (3) no V (U0 of rank 1): nothing, never a wrong enclosure.
#include <catch2/catch.hpp>

#include "incert/flow/closed_form_alpha_range.hpp"
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
