// trace (include/incert/api/trace.hpp): enclosures of e_k(t) = ||W(t) - Y^_k||_2 and of the
// eigenvalues of W(t) at grid times and for EVERY t of each sub-interval.
//  (1) containment: on five instances (Theorem 4, Theorem 3 spectral, non-diagonal target,
//      rank-deficient target, a singular W~0 = U~ U~^T), at 200 random exact times inside the
//      range, the band of the sub-interval containing t contains e_k(t) and the eigenvalues of
//      W(t) computed independently at 512 bits by the point-time pipeline (closed form at the
//      exact t, tests/support/point_error_reference.hpp, eigenvalues of that matrix); the grid
//      samples contain them at their own times;
//  (2) width: the samples are tight (width < 1e-30 (1 + sigma_1) at 128 bits), and each band is
//      at most 10 times the variation of the reference over its sub-interval (ends and middle; the spread of the
//      value plus the largest ||W(t) - W(t_j)||_F: Weyl's bound is as wide as the interval
//      matrix) plus 1e-30 (1 + sigma_1), so a band [-inf, inf], or one that ignores the time
//      dependence, cannot pass;
//  (3) the grid: exact ends, 17-digit decimal interior times, increasing; wrong calls throw.
#include <catch2/catch.hpp>

#include "incert/api/trace.hpp"
#include "incert/instance/load_instance.hpp"
#include "incert/linalg/symmetric_eigenvalues.hpp"
#include "support/point_error_reference.hpp"

#include <cmath>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace {

using incert::mpfi_float;
using mt = incert::scalar_traits<mpfi_float>;

std::string source_path(const std::string& rel) { return std::string(INCERT_SOURCE_DIR) + "/" + rel; }
mpq_class q(const char* s) { return incert::parse_exact(s); }

struct reference_values {
  std::vector<mpfi_float> error, eigenvalues;  // eigenvalues largest first
};

reference_values reference_at(const incert_test::point_error_reference& ref, const mpq_class& t, std::size_t K) {
  incert::precision_scope scope(ref.bits());
  reference_values v;
  for (std::size_t k = 1; k <= K; ++k) v.error.push_back(ref.error(k, t));
  auto ev = incert::enclose_symmetric_eigenvalues(ref.W(t));
  REQUIRE(ev);
  for (std::size_t i = ev->size(); i-- > 0;) v.eigenvalues.push_back((*ev)[i]);
  return v;
}

// The 512-bit reference interval lies inside the enclosure.
bool inside(const incert::enclosure& e, const mpfi_float& x) {
  return e.lo <= mt::lower(x) && mt::upper(x) <= e.hi;
}

// hi - lo as a double (rounded up: a width check must not pass by rounding).
double width(const incert::enclosure& e) {
  incert::precision_scope scope(256);
  const incert::mpfr_float w = e.hi - e.lo;
  return mpfr_get_d(w.backend().data(), MPFR_RNDU);
}

}  // namespace

TEST_CASE("trace bands contain 512-bit point references at 200 random times", "[trace]") {
  struct setting {
    const char* file;
    const char* from;
    const char* to;
    std::size_t points;
  };
  const std::vector<setting> settings = {
      {"data/default.json", "0", "80", 41},
      {"data/thm3_spectral_3x3.json", "0", "40", 31},
      {"data/thm4_eigenvectors_3x3.json", "5", "60", 23},
      {"data/rank_deficient_target.json", "0", "70", 36},
      {"tests/data/dense_rank_deficient_u0_4x2.json", "0.5", "12", 24},
  };
  std::mt19937_64 rng(16);
  for (const auto& s : settings) {
    const incert::instance in = incert::load_instance_file(source_path(s.file));
    incert::trace_options o;
    o.from = q(s.from);
    o.to = q(s.to);
    o.points = s.points;
    const incert::trace_result r = incert::trace(in, o);
    INFO(s.file << " over [" << s.from << ", " << s.to << "], " << s.points << " points, " << r.precision_bits << " bits");
    REQUIRE(r.complete());
    REQUIRE(r.samples.size() == s.points);
    REQUIRE(r.ranges.size() == s.points - 1);
    const incert_test::point_error_reference ref(in, 512);
    const double sigma_1 = mt::mid(ref.problem().sigma[0]).convert_to<double>();
    // (1) samples at their own times, and tight.
    for (const auto& smp : r.samples) {
      INFO("sample t = " << smp.t_text);
      const reference_values v = reference_at(ref, smp.t, r.K);
      for (std::size_t k = 0; k < r.K; ++k) {
        CHECK(inside(*smp.values.error[k], v.error[k]));
        CHECK(width(*smp.values.error[k]) <= 1e-30 * (1 + sigma_1));
      }
      for (std::size_t i = 0; i < r.n; ++i) CHECK(inside(*smp.values.eigenvalues[i], v.eigenvalues[i]));
    }
    // (1) ranges at 200 random exact times: t = from + (to - from) u, u = m / 2^40.
    for (int trial = 0; trial < 200; ++trial) {
      const mpq_class u(mpz_class(std::to_string(rng() >> 24)), mpz_class(1) << 40);
      mpq_class t = o.from + (o.to - o.from) * u;
      t.canonicalize();
      std::size_t j = 0;
      while (j + 1 < r.ranges.size() && r.ranges[j].to < t) ++j;
      const incert::trace_range& R = r.ranges[j];
      INFO("t = " << t.get_str() << " in range [" << R.from_text << ", " << R.to_text << "]");
      REQUIRE(R.from <= t);
      REQUIRE(t <= R.to);
      const reference_values v = reference_at(ref, t, r.K);
      for (std::size_t k = 0; k < r.K; ++k) {
        INFO("k = " << k + 1 << ": band [" << R.values.error[k]->lo << ", " << R.values.error[k]->hi << "], reference " << v.error[k]);
        CHECK(inside(*R.values.error[k], v.error[k]));
      }
      for (std::size_t i = 0; i < r.n; ++i) {
        INFO("eigenvalue " << i + 1 << ": band [" << R.values.eigenvalues[i]->lo << ", " << R.values.eigenvalues[i]->hi << "], reference "
                           << v.eigenvalues[i]);
        CHECK(inside(*R.values.eigenvalues[i], v.eigenvalues[i]));
      }
    }
    // (2) each band against the variation of the references over its sub-interval (3 times): the
    // spread of the value itself, and (the Weyl bound is as wide as the interval matrix) the
    // largest ||W(t_m) - W(from)||_F.
    for (const auto& R : r.ranges) {
      std::vector<reference_values> vs;
      std::vector<incert::matrix<mpfi_float>> Ws;
      double matrix_spread = 0;
      for (int m = 0; m <= 2; ++m) {
        const mpq_class t = R.from + (R.to - R.from) * mpq_class(m, 2);
        vs.push_back(reference_at(ref, t, r.K));
        incert::precision_scope scope(512);
        Ws.push_back(ref.W(t));
        double f = 0;
        for (Eigen::Index i = 0; i < Ws.back().rows(); ++i)
          for (Eigen::Index j = 0; j < Ws.back().cols(); ++j) {
            const double d = mt::mid(mpfi_float(Ws.back()(i, j) - Ws.front()(i, j))).convert_to<double>();
            f += d * d;
          }
        matrix_spread = std::max(matrix_spread, std::sqrt(f));
      }
      const auto spread = [&](auto get) {
        double lo = get(vs[0]), hi = lo;
        for (const auto& v : vs) {
          lo = std::min(lo, get(v));
          hi = std::max(hi, get(v));
        }
        return hi - lo;
      };
      const double floor = 1e-30 * (1 + sigma_1);
      for (std::size_t k = 0; k < r.K; ++k) {
        const double sp = spread([&](const reference_values& v) { return mt::mid(v.error[k]).convert_to<double>(); });
        INFO("range [" << R.from_text << ", " << R.to_text << "] k = " << k + 1 << " band width " << width(*R.values.error[k]) << " spread "
                       << sp << " matrix spread " << matrix_spread);
        CHECK(width(*R.values.error[k]) <= 10 * (sp + matrix_spread) + floor);
      }
      for (std::size_t i = 0; i < r.n; ++i) {
        const double sp = spread([&](const reference_values& v) { return mt::mid(v.eigenvalues[i]).convert_to<double>(); });
        INFO("range [" << R.from_text << ", " << R.to_text << "] eigenvalue " << i + 1 << " band width " << width(*R.values.eigenvalues[i])
                       << " spread " << sp << " matrix spread " << matrix_spread);
        CHECK(width(*R.values.eigenvalues[i]) <= 10 * (sp + matrix_spread) + floor);
      }
    }
  }
}

TEST_CASE("trace grid: exact ends, 17-digit interior times, wrong calls throw", "[trace]") {
  const std::vector<mpq_class> ts = incert::trace_grid(q("0.1"), q("10"), 7);
  REQUIRE(ts.size() == 7);
  CHECK(ts.front() == q("0.1"));
  CHECK(ts.back() == q("10"));
  CHECK(ts[1] == q("1.75"));
  const std::vector<mpq_class> thirds = incert::trace_grid(q("0"), q("1"), 4);
  CHECK(thirds[1] == q("0.33333333333333333"));
  for (std::size_t j = 1; j < thirds.size(); ++j) CHECK(thirds[j - 1] < thirds[j]);
  CHECK_THROWS_AS(incert::trace_grid(q("-1"), q("1"), 3), std::invalid_argument);
  CHECK_THROWS_AS(incert::trace_grid(q("1"), q("1"), 3), std::invalid_argument);
  CHECK_THROWS_AS(incert::trace_grid(q("0"), q("1"), 1), std::invalid_argument);
  CHECK_THROWS_AS(incert::trace_grid(q("1"), q("1.0000000000000001"), 50), std::invalid_argument);
}
