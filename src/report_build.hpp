// src/report_build.hpp
//
// From the scalar-typed results to the printed report: every enclosure is turned into
// decimal text rounded outward (incert/io/decimal_format.hpp); point types are marked approx.
#pragma once

#include "report.hpp"

#include "incert/io/decimal_format.hpp"
#include "incert/theory/theorem_check.hpp"

namespace incert::cli {

template <class T>
enclosure_text to_text(const T& x, int digits) {
  enclosure_text e;
  if constexpr (scalar_traits<T>::is_rigorous) {
    e.lo = format_lower(x, digits);
    e.hi = format_upper(x, digits);
  } else {
    e.approx = true;
    e.lo = e.hi = format_decimal(scalar_traits<T>::lower_exact(x), digits, rounding_direction::nearest);
  }
  return e;
}

// An entry computed in MPFI for a run in scalar type T: printed as an enclosure for rigorous
// T, as an approximation (its midpoint) otherwise.
template <class T>
enclosure_text entry_text(const mpfi_float& x, int digits) {
  if constexpr (scalar_traits<T>::is_rigorous) return to_text(x, digits);
  enclosure_text e;
  e.approx = true;
  e.lo = e.hi = format_decimal(scalar_traits<mpfi_float>::mid(x), digits, rounding_direction::nearest);
  return e;
}

template <class T>
std::optional<enclosure_text> to_text(const std::optional<T>& x, int digits) {
  if (!x) return std::nullopt;
  return to_text(*x, digits);
}

// (hi - lo) / |mid| as a double (0 for points, inf when mid is 0 and the width is not).
template <class T>
double relative_width(const T& x) {
  mpfi_float m = scalar_traits<T>::to_mpfi(x);
  mpfr_float w = scalar_traits<mpfi_float>::upper(m) - scalar_traits<mpfi_float>::lower(m);
  mpfr_float c = abs(scalar_traits<mpfi_float>::mid(m));
  if (w == 0) return 0;
  if (c == 0) return std::numeric_limits<double>::infinity();
  mpfr_float r = w / c;
  return mpfr_get_d(r.backend().data(), MPFR_RNDU);
}

template <class T>
check_report build_check_report(const theorem_check<T>& c, const enclosed_problem<T>& p, unsigned bits, int digits) {
  using traits = scalar_traits<T>;
  check_report r;
  r.scalar = traits::name();
  r.certified = traits::is_rigorous;
  r.theorem = c.constants.theorem;
  r.precision_bits = bits;
  r.c_eps = to_text(c.constants.c_eps, digits);
  r.C_eps = to_text(c.constants.C_eps, digits);
  r.M = to_text(c.constants.M, digits);
  r.log_alpha = to_text(p.log_alpha, digits);
  if (c.log_alpha_star) {
    mpfi_float l = scalar_traits<T>::to_mpfi(*c.log_alpha_star), ln10;
    mpfi_set_ui(ln10.backend().data(), 10);
    mpfi_log(ln10.backend().data(), ln10.backend().data());
    r.log10_alpha_star_hyp = entry_text<T>(mpfi_float(l / ln10), digits);
    mpfi_exp(l.backend().data(), l.backend().data());
    r.alpha_star_hyp = entry_text<T>(l, digits);
  }
  for (const auto& h : c.hypotheses) r.hypotheses.push_back({h.name, h.value, bits});
  T log_inv_alpha = -p.log_alpha;
  for (const auto& I : c.intervals) {
    interval_row row;
    row.k = I.k;
    row.lo = to_text(I.lo, digits);
    row.hi = to_text(I.hi, digits);
    row.unbounded = I.unbounded;
    if (I.lo) row.lo_over_log = to_text(T(*I.lo / log_inv_alpha), digits);
    if (I.hi) row.hi_over_log = to_text(T(*I.hi / log_inv_alpha), digits);
    row.nonempty = I.nonempty;
    row.precision_bits = bits;
    r.intervals.push_back(row);
  }
  auto widest = [&r](const auto& x) { r.max_relative_width = std::max(r.max_relative_width, relative_width(x)); };
  for (const auto* v : {&c.constants.c_eps, &c.constants.C_eps, &c.constants.M})
    if (*v) widest(**v);
  for (const auto& I : c.intervals) {
    if (I.lo) widest(*I.lo);
    if (I.hi) widest(*I.hi);
  }
  for (const auto& cc : c.conclusions) {
    if (cc.error) widest(*cc.error);
    conclusion_row row;
    row.k = cc.k;
    row.where = cc.where;
    row.t = entry_text<T>(cc.t, digits);
    row.error = to_text(cc.error, digits);
    row.value = cc.value;
    row.precision_bits = bits;
    r.conclusions.push_back(row);
  }
  for (const auto& o : c.over_interval) {
    over_interval_row row;
    row.k = o.k;
    if (o.error_bound) row.error_upper = format_upper(*o.error_bound, digits);
    row.value = o.value;
    row.pieces = o.pieces;
    row.tail_unavailable = o.tail_unavailable;
    row.precision_bits = bits;
    r.over_interval.push_back(row);
  }
  for (std::size_t i = 0; i < c.eps_windows.size(); ++i) {
    const eps_window& w = c.eps_windows[i];
    eps_window_row row;
    row.k = i + 1;
    row.found = w.found;
    if (w.first) row.first = entry_text<T>(*w.first, digits);
    if (w.last) row.last = entry_text<T>(*w.last, digits);
    row.last_infinite = w.last_infinite;
    if (w.inside_lo && w.inside_hi) {
      if (auto in = format_inward(*w.inside_lo, *w.inside_hi, digits)) {
        row.inside_lo = in->first;
        row.inside_hi = in->second;
      }
    } else if (w.inside_lo) {
      row.inside_lo = format_decimal(*w.inside_lo, digits, rounding_direction::up);
    }
    r.eps_windows.push_back(row);
  }
  return r;
}

template <class T>
std::vector<std::vector<enclosure_text>> to_text(const matrix<T>& A, int digits) {
  std::vector<std::vector<enclosure_text>> out(static_cast<std::size_t>(A.rows()));
  for (Eigen::Index i = 0; i < A.rows(); ++i)
    for (Eigen::Index j = 0; j < A.cols(); ++j) out[static_cast<std::size_t>(i)].push_back(to_text(A(i, j), digits));
  return out;
}

}  // namespace incert::cli
