// lib/alpha_grid.cpp: grid points in log10(alpha) and ratios to alpha*_hyp (api/alpha_grid.hpp).
#include "incert/api/alpha_grid.hpp"

#include "incert/exact/exact_real.hpp"

#include <map>
#include <stdexcept>
#include <string>

namespace incert {

mpq_class log10_grid_point(const mpq_class& a) {
  if (a <= 0) throw std::invalid_argument("log10_grid_point: alpha must be positive");
  for (int sign : {1, -1}) {  // a = 10^k exactly?
    const mpz_class big = sign > 0 ? a.get_num() : a.get_den();
    const mpz_class one = sign > 0 ? a.get_den() : a.get_num();
    if (one != 1) continue;
    mpz_class rest;
    const mpz_class ten(10);
    const long k = static_cast<long>(mpz_remove(rest.get_mpz_t(), big.get_mpz_t(), ten.get_mpz_t()));
    if (rest == 1) return mpq_class(sign * k);
  }
  precision_scope scope(160);
  mpfr_float v;
  mpfr_set_q(v.backend().data(), a.get_mpq_t(), MPFR_RNDN);
  mpfr_log10(v.backend().data(), v.backend().data(), MPFR_RNDN);
  mpfr_exp_t e = 0;
  char* raw = mpfr_get_str(nullptr, &e, 10, 40, v.backend().data(), MPFR_RNDN);
  std::string digits(raw);
  mpfr_free_str(raw);
  const bool negative = !digits.empty() && digits[0] == '-';
  if (negative) digits.erase(0, 1);
  mpq_class q(mpz_class(digits), 1);
  mpz_class p10;
  const long shift = static_cast<long>(e) - static_cast<long>(digits.size());
  mpz_ui_pow_ui(p10.get_mpz_t(), 10, static_cast<unsigned long>(shift < 0 ? -shift : shift));
  if (shift < 0) q /= p10;
  else q *= p10;
  q.canonicalize();
  return negative ? mpq_class(-q) : q;
}

std::string power_of_ten_text(const mpq_class& l, int digits) {
  if (digits < 2 || digits > 40) throw std::invalid_argument("power_of_ten_text: digits must be in 2..40");
  mpz_class e;
  mpz_fdiv_q(e.get_mpz_t(), l.get_num_mpz_t(), l.get_den_mpz_t());
  const mpq_class f = l - mpq_class(e);  // in [0, 1)
  precision_scope scope(256);
  mpfr_float m;
  mpfr_set_q(m.backend().data(), f.get_mpq_t(), MPFR_RNDN);
  mpfr_exp10(m.backend().data(), m.backend().data(), MPFR_RNDN);  // in [1, 10]
  mpfr_exp_t e10 = 0;
  char* raw = mpfr_get_str(nullptr, &e10, 10, static_cast<std::size_t>(digits), m.backend().data(), MPFR_RNDN);
  std::string s(raw);
  mpfr_free_str(raw);
  while (s.size() > 1 && s.back() == '0') s.pop_back();
  const mpz_class exponent = e + (e10 - 1);  // m = 0.s * 10^e10
  return s.substr(0, 1) + (s.size() > 1 ? "." + s.substr(1) : std::string()) + "e" + exponent.get_str();
}

std::vector<std::string> log_grid_labels(const std::vector<mpq_class>& ls) {
  std::vector<std::string> out(ls.size());
  for (int digits = 6;; ++digits) {
    std::map<std::string, mpq_class> seen;
    bool distinct = true;
    for (std::size_t j = 0; j < ls.size(); ++j) {
      out[j] = ls[j].get_den() == 1 ? "1e" + ls[j].get_num().get_str() : power_of_ten_text(ls[j], digits);
      const auto it = seen.find(out[j]);
      if (it != seen.end() && it->second != ls[j]) distinct = false;
      seen.emplace(out[j], ls[j]);
    }
    if (distinct || digits == 17) return out;
  }
}

alpha_ratio ratio_to_alpha_star(const alpha_spec& alpha, const enclosure& log10_alpha_star) {
  using W = scalar_traits<mpfi_float>;
  precision_scope scope(256);
  mpfi_float l;
  if (alpha.log10) {
    l = enclose_mpfi(*alpha.log10);
  } else {
    l = enclose_mpfi(*alpha.value);
    mpfi_log10(l.backend().data(), l.backend().data());
  }
  const mpfi_float d = l - W::interval(log10_alpha_star.lo, log10_alpha_star.hi);
  mpfi_float ln10;
  mpfi_set_ui(ln10.backend().data(), 10);
  mpfi_log(ln10.backend().data(), ln10.backend().data());
  mpfi_float r = d * ln10;
  mpfi_exp(r.backend().data(), r.backend().data());
  return alpha_ratio{enclosure{W::lower(d), W::upper(d), false}, enclosure{W::lower(r), W::upper(r), false}};
}

}  // namespace incert
