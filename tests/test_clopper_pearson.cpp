// incert/random/clopper_pearson.hpp: the binomial tail against exact rational sums, and the
// Clopper-Pearson limits against an independent computation (mpmath, 50 digits: bisection on
// the regularized incomplete beta function, I_p(x, m - x + 1) = P(X >= x)); containment, width,
// the closed forms at x = 0 and x = m, and wrong calls.
#include <catch2/catch.hpp>

#include "incert/random/clopper_pearson.hpp"

#include <string>

namespace {

using incert::mpfi_float;
using incert::mpfr_float;
using W = incert::scalar_traits<mpfi_float>;

bool contains_decimal(const mpfi_float& x, const std::string& text) {
  return W::contains(x, W::mid(incert::enclose_mpfi(incert::parse_exact(text))));
}

}  // namespace

TEST_CASE("binomial_cdf encloses the exact rational tail", "[clopper_pearson]") {
  incert::precision_scope scope(128);
  for (std::uint64_t m : {1ull, 7ull, 40ull}) {
    for (const mpq_class& p : {mpq_class(1, 3), mpq_class(3, 4), mpq_class(1, 1000)}) {
      for (std::uint64_t x = 0; x <= m; ++x) {
        mpq_class exact = 0, binom = 1;  // C(m, i)
        for (std::uint64_t i = 0; i <= x; ++i) {
          mpq_class term = binom;
          for (std::uint64_t k = 0; k < i; ++k) term *= p;
          for (std::uint64_t k = 0; k < m - i; ++k) term *= 1 - p;
          exact += term;
          binom = binom * mpq_class(static_cast<long>(m - i)) / mpq_class(static_cast<long>(i + 1));
        }
        const mpfi_float v = incert::binomial_cdf(x, m, incert::enclose_mpfi(p));
        INFO("m " << m << ", x " << x << ", p " << p.get_str());
        CHECK(W::contains(v, W::mid(incert::enclose_mpfi(exact))));
        mpfr_float w = W::upper(v) - W::lower(v);
        CHECK(w < mpfr_float(1e-30));
      }
    }
  }
}

TEST_CASE("Clopper-Pearson limits contain the reference values and are tight", "[clopper_pearson]") {
  struct row {
    std::uint64_t x, m;
    const char *lo, *hi;
  };
  const row rows[] = {
      {5, 10, "0.1870860284473985316447984", "0.8129139715526014683552016"},
      {0, 10, "0", "0.3084971078187608239066683"},
      {10, 10, "0.6915028921812391760933317", "1"},
      {812, 1000, "0.7863784598368710445391475", "0.8357692765986812011133802"},
      {1, 1000, "0.00002531748749129404313370781", "0.005558924279826672870777384"},
      {999, 1000, "0.9944410757201733271292226", "0.9999746825125087059568663"},
      {37, 50, "0.5965523212719343417614681", "0.8536994156034455494792536"},
  };
  for (const row& r : rows) {
    const incert::clopper_pearson_limits cp = incert::clopper_pearson(r.x, r.m);
    INFO("x " << r.x << ", m " << r.m);
    CHECK(contains_decimal(cp.lower, r.lo));
    CHECK(contains_decimal(cp.upper, r.hi));
    CHECK(W::upper(cp.lower) - W::lower(cp.lower) < mpfr_float(1e-15));
    CHECK(W::upper(cp.upper) - W::lower(cp.upper) < mpfr_float(1e-15));
  }
  CHECK(W::upper(incert::clopper_pearson(0, 5).lower) == 0);
  CHECK(W::lower(incert::clopper_pearson(5, 5).upper) == 1);
  CHECK_THROWS_AS(incert::clopper_pearson(3, 2), std::invalid_argument);
  CHECK_THROWS_AS(incert::clopper_pearson(0, 0), std::invalid_argument);
  CHECK_THROWS_AS(incert::binomial_cdf(3, 2, mpfi_float(0.5)), std::invalid_argument);
}
