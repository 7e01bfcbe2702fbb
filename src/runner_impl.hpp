// src/runner_impl.hpp: the templates behind runner.hpp (included by the run_<type>.cpp files only).
#pragma once

#include "report_build.hpp"
#include "runner.hpp"

#include "incert/flow/closed_form.hpp"
#include "incert/instance/load_instance.hpp"
#include "incert/theory/theorem_check.hpp"

#include <chrono>

namespace incert::cli {

// Times are MPFI enclosures at the working precision whatever T is (flow/closed_form.hpp).
template <class T>
mpfi_float enclose_time(const time_spec& ts, const enclosed_problem<T>& p) {
  if (ts.t) return enclose_mpfi(*ts.t);
  return enclose_mpfi(*ts.tau) * (-p.wide.log_alpha);
}

// The conclusion over each user range (rigorous T only; the CLI refuses --interval otherwise).
template <class T>
std::vector<over_interval_row> user_interval_rows(const enclosed_problem<T>& p, const std::vector<interval_spec>& ranges, unsigned bits,
                                                  int digits) {
  std::vector<over_interval_row> rows;
  if constexpr (scalar_traits<T>::is_rigorous) {
    for (std::size_t i = 0; i < ranges.size(); ++i) {
      const interval_spec& s = ranges[i];
      std::optional<mpfi_float> hi;
      if (s.hi) hi = enclose_mpfi(*s.hi);
      const interval_conclusion<T> c = conclusion_over_interval(p, s.k, enclose_mpfi(s.lo), hi);
      over_interval_row row;
      row.k = s.k;
      row.where = "user";
      row.ordinal = i;
      row.range_lo = s.lo_text;
      if (s.hi) row.range_hi = s.hi_text;
      if (c.error_bound) row.error_upper = format_upper(*c.error_bound, digits);
      row.value = c.value;
      row.pieces = c.pieces;
      row.tail_unavailable = c.tail_unavailable;
      row.precision_bits = bits;
      rows.push_back(row);
    }
  }
  return rows;
}

template <class T>
check_report run_check(const instance& in, unsigned bits, const check_request& request, int digits) {
  auto start = std::chrono::steady_clock::now();
  precision_scope scope(bits);
  unsigned used = scalar_traits<T>::precision_bits();
  enclosed_problem<T> p = enclose_problem<T>(in);
  std::vector<mpfi_float> times;
  for (const auto& ts : request.times) times.push_back(enclose_time(ts, p));
  for (const auto& s : request.intervals)
    if (s.k < 1 || s.k > p.n)
      throw input_error("--interval", "k = " + std::to_string(s.k) + " is not in 1.." + std::to_string(p.n) + " (n = " + std::to_string(p.n) + ")");
  theorem_check<T> c = check_theorem(in, p, times);
  if (digits <= 0) digits = digits_for_bits(used);
  check_report r = build_check_report(c, p, used, digits);
  for (auto& row : user_interval_rows(p, request.intervals, used, digits)) r.over_interval.push_back(std::move(row));
  r.instance = in.source;
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return r;
}

template <class T>
eval_report run_eval(const instance& in, unsigned bits, const time_spec& ts, int digits) {
  auto start = std::chrono::steady_clock::now();
  precision_scope scope(bits);
  unsigned used = scalar_traits<T>::precision_bits();
  if (digits <= 0) digits = digits_for_bits(used);
  enclosed_problem<T> p = enclose_problem<T>(in);
  eval_report r;
  r.instance = in.source;
  r.scalar = scalar_traits<T>::name();
  r.certified = scalar_traits<T>::is_rigorous;
  r.precision_bits = used;
  r.method = p.spectral ? "scalar curves (Corollary 2)"
             : p.V        ? "scaled closed form (V = W~0^-1)"
             : p.Ut0      ? "r x r factor form (W~0 = U~ U~^T singular), else the closed form with verified inverse"
                          : "closed form with verified inverse";
  mpfi_float t = enclose_time(ts, p);
  r.t = entry_text<T>(t, digits);
  auto Wt = closed_form_eigenbasis(p, t);
  if (Wt) {
    matrix<T> Wm = Wt->materialize();
    r.W_eigenbasis.resize(p.n);
    for (Eigen::Index i = 0; i < Wt->size(); ++i)
      for (Eigen::Index j = 0; j < Wt->size(); ++j) r.W_eigenbasis[static_cast<std::size_t>(i)].push_back(entry_text<T>(Wt->entry(i, j), digits));
    r.W = p.identity_basis ? r.W_eigenbasis : to_text(to_standard_basis(p, Wm), digits);
    for (std::size_t k = 1; k <= p.K; ++k) r.error_to_rank.push_back({k, to_text(error_to_rank(Wm, p.sigma, k), digits)});
  }
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return r;
}

template <class T>
runner make_runner(bool fixed_precision) {
  return runner{&run_check<T>, &run_eval<T>, scalar_traits<T>::is_rigorous, fixed_precision};
}

}  // namespace incert::cli
