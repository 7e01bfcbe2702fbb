// incert/random/xoshiro256.hpp and incert/random/gaussian.hpp:
//  (1) known answers: splitmix64 and xoshiro256** against the authors' reference outputs, and
//      the normal draws of fixed seeds against an independent Python/mpmath implementation of
//      the same definition (600-bit Box-Muller, rounded to nearest with exact rational arithmetic;
//      the values are hard-coded here as hexadecimal doubles);
//  (2) correct rounding: every draw of a few seeds equals the round-to-nearest double of a
//      1000-bit MPFR evaluation (a different code path: MPFR, not MPFI, fixed precision);
//  (3) moments of 100000 draws within 5 standard errors of N(0, 1)'s;
//  (4) exactness: U0 entries are scale times dyadic rationals with |numerator| < 2^53, and the
//      loader's U0 and W0 = U0 U0^T are exactly those; the exact zeros of the transform;
//  (5) bad "gaussian" blocks are input errors naming the field.
#include <catch2/catch.hpp>

#include "incert/instance/load_instance.hpp"
#include "incert/io/json.hpp"
#include "incert/random/gaussian.hpp"
#include "incert/random/xoshiro256.hpp"

#include <mpfr.h>

#include <cmath>
#include <string>
#include <vector>

namespace {

std::vector<double> draws(std::uint64_t seed, std::size_t count) {
  incert::normal_stream z(seed);
  std::vector<double> out;
  for (std::size_t i = 0; i < count; ++i) out.push_back(z.next());
  return out;
}

// Round-to-nearest double of sqrt(-2 ln u1) cos/sin(2 pi u2) at 1000 bits (plain MPFR).
double reference_draw(std::uint64_t a, std::uint64_t b, bool sine) {
  mpfr_t r, th, x;
  mpfr_inits2(1000, r, th, x, static_cast<mpfr_ptr>(nullptr));
  mpfr_set_ui(r, static_cast<unsigned long>((a + 1) >> 32), MPFR_RNDN);
  mpfr_mul_2ui(r, r, 32, MPFR_RNDN);
  mpfr_add_ui(r, r, static_cast<unsigned long>((a + 1) & 0xffffffffu), MPFR_RNDN);
  mpfr_div_2ui(r, r, 53, MPFR_RNDN);
  mpfr_log(r, r, MPFR_RNDN);
  mpfr_mul_si(r, r, -2, MPFR_RNDN);
  mpfr_sqrt(r, r, MPFR_RNDN);
  mpfr_const_pi(th, MPFR_RNDN);
  mpfr_set_ui(x, static_cast<unsigned long>(b >> 32), MPFR_RNDN);
  mpfr_mul_2ui(x, x, 32, MPFR_RNDN);
  mpfr_add_ui(x, x, static_cast<unsigned long>(b & 0xffffffffu), MPFR_RNDN);
  mpfr_mul(th, th, x, MPFR_RNDN);
  mpfr_div_2ui(th, th, 52, MPFR_RNDN);
  if (sine) mpfr_sin(x, th, MPFR_RNDN);
  else mpfr_cos(x, th, MPFR_RNDN);
  mpfr_mul(x, x, r, MPFR_RNDN);
  double d = mpfr_get_d(x, MPFR_RNDN);
  mpfr_clears(r, th, x, static_cast<mpfr_ptr>(nullptr));
  return d;
}

std::string instance_with(const std::string& gaussian) {
  return R"({"Y": {"eigenvalues": ["3", "2", "1"]}, "init": {"gaussian": )" + gaussian +
         R"(}, "alpha": "1e-3", "epsilon": "0.1"})";
}

void require_input_error(const std::string& gaussian, const std::string& field) {
  INFO("gaussian block " << gaussian << ", expected field " << field);
  try {
    incert::load_instance(incert::json::parse(instance_with(gaussian)));
    FAIL("no input_error");
  } catch (const incert::input_error& e) {
    INFO("message: " << e.what());
    CHECK(e.field() == field);
  }
}

}  // namespace

TEST_CASE("splitmix64 and xoshiro256** reproduce the reference outputs", "[gaussian]") {
  incert::splitmix64 sm(0);
  CHECK(sm.next() == 0xe220a8397b1dcdafull);
  CHECK(sm.next() == 0x6e789e6aa1b965f4ull);
  CHECK(sm.next() == 0x06c45d188009454full);
  incert::xoshiro256ss g(incert::xoshiro256ss::state_type{1, 2, 3, 4});
  CHECK(g.next() == 11520ull);
  CHECK(g.next() == 0ull);
  CHECK(g.next() == 1509978240ull);
  CHECK(g.next() == 1215971899390074240ull);
  incert::xoshiro256ss s42(42);
  CHECK(s42.next() == 0x15780b2e0c2ec716ull);
  CHECK(s42.next() == 0x6104d9866d113a7eull);
  CHECK(s42.next() == 0xae17533239e499a1ull);
  CHECK(s42.next() == 0xecb8ad4703b360a1ull);
  incert::xoshiro256ss smax(~std::uint64_t(0));
  CHECK(smax.next() == 0x8f5520d52a7ead08ull);
  CHECK(smax.next() == 0xc476a018caa1802dull);
}

TEST_CASE("normal draws: known answers for fixed seeds (independent mpmath implementation)", "[gaussian]") {
  const std::vector<double> z42 = draws(42, 8);
  const std::vector<double> e42 = {-0x1.9cfc3b5554225p+0, 0x1.88d42946b3de0p+0, 0x1.9039f092211ccp-1, -0x1.99cc52c8c3eb7p-2,
                                   0x1.0409077faf54cp-6,  -0x1.04bb11bdc1bafp-3, 0x1.e8ab869120c29p-2, -0x1.5042c21093051p-1};
  for (std::size_t i = 0; i < e42.size(); ++i) {
    INFO("seed 42, draw " << i);
    CHECK(z42[i] == e42[i]);
  }
  const std::vector<double> z1 = draws(1, 8);
  const std::vector<double> e1 = {-0x1.aa5d15d61bbddp-1, -0x1.b868742fbcb40p-4, -0x1.a277e54872b51p-1, 0x1.5457e1365c05ap-1,
                                  0x1.0d9c8553273dfp-1,  0x1.5537099254694p-1,  -0x1.b02898a315ca8p+0, 0x1.8fd041ec8135dp+0};
  for (std::size_t i = 0; i < e1.size(); ++i) {
    INFO("seed 1, draw " << i);
    CHECK(z1[i] == e1[i]);
  }
  const std::vector<double> zmax = draws(~std::uint64_t(0), 4);
  const std::vector<double> emax = {0x1.e24fb911437b5p-4, -0x1.1211ef58f8a10p+0, -0x1.1aa27072d0e68p-6, -0x1.2a37b3dcc19b1p+0};
  for (std::size_t i = 0; i < emax.size(); ++i) CHECK(zmax[i] == emax[i]);
  const std::vector<double> z7 = draws(7, 40);
  CHECK(z7[38] == 0x1.9f4eeaa2c4b80p-2);
  CHECK(z7[39] == -0x1.5e8be3eae9c6ap-5);
}

TEST_CASE("normal draws are correctly rounded (1000-bit MPFR reference)", "[gaussian]") {
  for (std::uint64_t seed : {0ull, 3ull, 99ull, 123456789ull}) {
    incert::xoshiro256ss g(seed);
    for (int k = 0; k < 200; ++k) {
      const std::uint64_t a = g.next53(), b = g.next53();
      const std::array<double, 2> z = incert::box_muller_pair(a, b);
      INFO("seed " << seed << ", pair " << k << ", a " << a << ", b " << b);
      CHECK(z[0] == reference_draw(a, b, false));
      CHECK(z[1] == reference_draw(a, b, true));
    }
  }
  // Exact zeros: u1 = 1 gives radius 0; u2 = 1/4 a zero cosine, u2 = 1/2 a zero sine.
  const std::uint64_t top = (std::uint64_t(1) << 53) - 1, quarter = std::uint64_t(1) << 51;
  CHECK(incert::box_muller_pair(top, 12345)[0] == 0.0);
  CHECK(incert::box_muller_pair(top, 12345)[1] == 0.0);
  CHECK(incert::box_muller_pair(1000, quarter)[0] == 0.0);
  CHECK(incert::box_muller_pair(1000, quarter)[1] == reference_draw(1000, quarter, true));
  CHECK(incert::box_muller_pair(1000, 2 * quarter)[1] == 0.0);
  CHECK(incert::box_muller_pair(1000, 0)[0] == reference_draw(1000, 0, false));
  CHECK_THROWS_AS(incert::box_muller_pair(std::uint64_t(1) << 53, 0), std::invalid_argument);
}

TEST_CASE("normal draws: moments of 100000 draws", "[gaussian]") {
  const std::size_t N = 100000;
  double m1 = 0, m2 = 0, m3 = 0, m4 = 0, inside1 = 0;
  incert::normal_stream z(20240601);
  for (std::size_t i = 0; i < N; ++i) {
    const double x = z.next();
    m1 += x;
    m2 += x * x;
    m3 += x * x * x;
    m4 += x * x * x * x;
    inside1 += std::fabs(x) < 1 ? 1 : 0;
  }
  m1 /= N;
  m2 /= N;
  m3 /= N;
  m4 /= N;
  inside1 /= N;
  const double se = 1 / std::sqrt(static_cast<double>(N));
  CAPTURE(m1, m2, m3, m4, inside1);
  CHECK(std::fabs(m1) < 5 * se);
  CHECK(std::fabs(m2 - 1) < 5 * std::sqrt(2.0) * se);
  CHECK(std::fabs(m3) < 5 * std::sqrt(15.0) * se);
  CHECK(std::fabs(m4 - 3) < 5 * std::sqrt(96.0) * se);
  CHECK(std::fabs(inside1 - 0.6826894921370859) < 5 * std::sqrt(0.6827 * 0.3173) * se);
}

TEST_CASE("Gaussian init: exact binary entries times the exact scale, in the loader too", "[gaussian]") {
  const mpq_class scale(3, 10);
  const incert::rational_matrix U = incert::gaussian_factor(3, 5, 42, scale);
  const std::vector<double> z = draws(42, 15);
  for (std::size_t i = 0; i < 3; ++i)
    for (std::size_t j = 0; j < 5; ++j) {
      INFO("entry (" << i << "," << j << ")");
      const mpq_class e = U(i, j) / scale;
      CHECK(e == incert::exact_rational(z[i * 5 + j]));
      mpz_class den = e.get_den();
      CHECK(mpz_popcount(den.get_mpz_t()) == 1);  // a power of two
      CHECK(mpz_sizeinbase(mpz_class(abs(e.get_num())).get_mpz_t(), 2) <= 53);
    }
  const incert::instance in =
      incert::load_instance(incert::json::parse(instance_with(R"({"r": 5, "seed": 42, "scale": "0.3"})")));
  CHECK(in.init == incert::init_kind::U0);
  REQUIRE(in.gaussian.has_value());
  CHECK(in.gaussian->r == 5);
  CHECK(in.gaussian->seed == 42);
  CHECK(in.gaussian->scale_text == "0.3");
  REQUIRE(in.U0.rows == 3);
  REQUIRE(in.U0.cols == 5);
  for (std::size_t k = 0; k < U.entries.size(); ++k) CHECK(in.U0.entries[k] == U.entries[k]);
  const incert::rational_matrix W = U * incert::transpose(U);
  for (std::size_t k = 0; k < W.entries.size(); ++k) CHECK(in.W0.entries[k] == W.entries[k]);
  // Default scale 1; the seed as a string; every seed up to 2^64 - 1.
  const incert::instance in2 =
      incert::load_instance(incert::json::parse(instance_with(R"({"r": 2, "seed": "18446744073709551615"})")));
  CHECK(in2.gaussian->seed == ~std::uint64_t(0));
  CHECK(in2.U0(0, 0) == incert::exact_rational(0x1.e24fb911437b5p-4));
  // Re-drawing with another seed replaces U0, W0 and W~0's bracket.
  incert::instance in3 = in;
  incert::gaussian_spec g = *in.gaussian;
  g.seed = 7;
  incert::draw_gaussian_init(in3, g);
  CHECK(in3.U0(0, 0) == incert::exact_rational(draws(7, 1)[0]) * scale);
  CHECK(in3.gaussian->seed == 7);
}

TEST_CASE("Gaussian init: bad blocks are input errors naming the field", "[gaussian]") {
  require_input_error(R"({"seed": 1})", "init.gaussian.r");
  require_input_error(R"({"r": 2})", "init.gaussian.seed");
  require_input_error(R"({"r": 0, "seed": 1})", "init.gaussian.r");
  require_input_error(R"({"r": 1.5, "seed": 1})", "init.gaussian.r");
  require_input_error(R"({"r": "two", "seed": 1})", "init.gaussian.r");
  require_input_error(R"({"r": 10001, "seed": 1})", "init.gaussian.r");
  require_input_error(R"({"r": 2, "seed": -1})", "init.gaussian.seed");
  require_input_error(R"({"r": 2, "seed": "18446744073709551616"})", "init.gaussian.seed");
  require_input_error(R"({"r": 2, "seed": "1/2"})", "init.gaussian.seed");
  require_input_error(R"({"r": 2, "seed": [1]})", "init.gaussian.seed");
  require_input_error(R"({"r": 2, "seed": 1, "scale": "0"})", "init.gaussian.scale");
  require_input_error(R"({"r": 2, "seed": 1, "scale": "-1"})", "init.gaussian.scale");
  require_input_error(R"({"r": 2, "seed": 1, "scale": "1/0"})", "init.gaussian.scale");
  require_input_error(R"({"r": 2, "seed": 1, "mean": "0"})", "init.gaussian.mean");
  require_input_error(R"([2, 1])", "init.gaussian");
}
