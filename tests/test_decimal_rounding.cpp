// tests/test_decimal_rounding.cpp: incert/io/decimal_rounding.hpp.
//
// The reference is MPFR's own directed rounding: for random binary numbers x (any sign, exponents
// up to 10^560000), re-rounding format_decimal(x, 40, dir) to D digits must give exactly
// format_decimal(x, D, dir), for D = 2..12 and dir down / up. Plus carries (9.99 -> 10), layouts
// (fixed, 0.000ddd, scientific), and the read-back check: the re-rounded text, read exactly,
// lies on the right side of the original text.
#include <catch2/catch.hpp>

#include "incert/exact/exact_real.hpp"
#include "incert/io/decimal_rounding.hpp"

#include <random>

using incert::format_decimal;
using incert::mpfr_float;
using incert::round_decimal_text;
using incert::rounding_direction;

TEST_CASE("re-rounding decimal text equals rounding the binary value directly", "[decimal_rounding]") {
  incert::precision_scope scope(200);
  std::mt19937_64 rng(20240611);
  std::uniform_int_distribution<long> small_exp(-80, 80);
  std::uniform_int_distribution<long> huge_exp(-1860000, 1860000);
  for (int trial = 0; trial < 400; ++trial) {
    // x = +-(random 200-bit mantissa in [1/2, 1)) * 2^e
    mpfr_float x = 0;
    for (int w = 0; w < 4; ++w) {
      x = x * mpfr_float(18446744073709551616.0) + mpfr_float(static_cast<double>(rng() >> 11));
    }
    long e = trial % 5 == 0 ? huge_exp(rng) : small_exp(rng);
    mpfr_set_exp(x.backend().data(), e);
    if (trial % 2) x = -x;
    for (auto dir : {rounding_direction::down, rounding_direction::up}) {
      const std::string full = format_decimal(x, 40, dir);
      for (int D = 2; D <= 12; ++D) {
        CAPTURE(full, D, dir == rounding_direction::up, e);
        CHECK(round_decimal_text(full, D, dir) == format_decimal(x, D, dir));
      }
    }
  }
}

TEST_CASE("decimal re-rounding: carries, layouts, signs, special values", "[decimal_rounding]") {
  const auto down = rounding_direction::down, up = rounding_direction::up, nearest = rounding_direction::nearest;
  CHECK(round_decimal_text("9.99", 2, up) == "10");
  CHECK(round_decimal_text("9.99", 2, down) == "9.9");
  CHECK(round_decimal_text("-9.99", 2, down) == "-10");
  CHECK(round_decimal_text("-9.99", 2, up) == "-9.9");
  CHECK(round_decimal_text("0.333333333", 5, down) == "0.33333");
  CHECK(round_decimal_text("0.333333333", 5, up) == "0.33334");
  CHECK(round_decimal_text("0.000123456", 3, up) == "0.000124");
  CHECK(round_decimal_text("0.00000999999", 3, up) == "0.00001");
  CHECK(round_decimal_text("0.0000000999999", 3, up) == "1e-7");
  CHECK(round_decimal_text("123456.789", 3, down) == "123000");
  CHECK(round_decimal_text("1.23456e-560001", 3, down) == "1.23e-560001");
  CHECK(round_decimal_text("1.23456e-560001", 3, up) == "1.24e-560001");
  CHECK(round_decimal_text("9.99999e560000", 3, up) == "1e560001");
  CHECK(round_decimal_text("0.5", 3, up) == "0.5");  // exact: unchanged
  CHECK(round_decimal_text("12.45", 3, nearest) == "12.5");
  CHECK(round_decimal_text("12.44", 3, nearest) == "12.4");
  CHECK(round_decimal_text("0", 3, up) == "0");
  CHECK(round_decimal_text("inf", 3, up) == "inf");
  CHECK(round_decimal_text("-inf", 3, down) == "-inf");
  CHECK_THROWS_AS(round_decimal_text("1.2.3", 3, up), std::invalid_argument);
  CHECK_THROWS_AS(round_decimal_text("abc", 3, up), std::invalid_argument);
  CHECK_THROWS_AS(round_decimal_text("1e", 3, up), std::invalid_argument);
  CHECK_THROWS_AS(round_decimal_text("1", 0, up), std::invalid_argument);
}

TEST_CASE("decimal re-rounding is outward when read back exactly", "[decimal_rounding]") {
  std::mt19937_64 rng(7);
  for (int trial = 0; trial < 300; ++trial) {
    std::string s = (trial % 3 == 0 ? "-" : "") + std::to_string(rng() % 1000000000) + "." +
                    std::to_string(rng() % 1000000000) + "e" + std::to_string(static_cast<long>(rng() % 61) - 30);
    mpq_class exact = incert::parse_exact(s);
    for (int D = 1; D <= 9; ++D) {
      CAPTURE(s, D);
      mpq_class lo = incert::parse_exact(round_decimal_text(s, D, rounding_direction::down));
      mpq_class hi = incert::parse_exact(round_decimal_text(s, D, rounding_direction::up));
      CHECK(lo <= exact);
      CHECK(exact <= hi);
      // within one unit of the D-th digit: (hi - lo) <= 10^(1-D) |exact| * 10
      mpq_class ten_units = abs(exact) * 10;
      for (int i = 1; i < D; ++i) ten_units /= 10;
      CHECK(hi - lo <= ten_units);
    }
  }
}
