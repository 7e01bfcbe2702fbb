// lib/run_impl.hpp: one run of check / eval at one precision in scalar type T, producing the
// typed results of api/results.hpp. Private to the library: included by lib/instantiate_<T>.cpp,
// which instantiate it once per scalar (scalar/scalar_list.hpp).
#pragma once

#include "incert/api/check.hpp"
#include "incert/flow/closed_form.hpp"
#include "incert/theory/conclusion_over_interval.hpp"
#include "incert/theory/error_to_rank.hpp"
#include "incert/theory/theorem_check.hpp"

#include <chrono>

namespace incert::detail {

template <class T>
check_result run_check_at(const instance& in, const check_options& options, unsigned bits);
template <class T>
eval_result run_eval_at(const instance& in, const eval_options& options, unsigned bits);

// An enclosure of x (rigorous T), or its value flagged as an approximation (point T).
template <class T>
enclosure make_enclosure(const T& x) {
  using traits = scalar_traits<T>;
  if constexpr (traits::is_rigorous) return enclosure{traits::lower_exact(x), traits::upper_exact(x), false};
  else {
    mpfr_float v = traits::lower_exact(x);
    return enclosure{v, v, true};
  }
}

template <class T>
std::optional<enclosure> make_enclosure(const std::optional<T>& x) {
  if (!x) return std::nullopt;
  return make_enclosure(*x);
}

// A quantity computed in MPFI during a run in T: an enclosure for rigorous T, its midpoint
// as an approximation otherwise (nothing computed in a point type is certified).
template <class T>
enclosure entry_enclosure(const mpfi_float& x) {
  if constexpr (scalar_traits<T>::is_rigorous) return make_enclosure(x);
  mpfr_float m = scalar_traits<mpfi_float>::mid(x);
  return enclosure{m, m, true};
}

// Times are MPFI enclosures at the working precision whatever T is (flow/closed_form.hpp).
template <class T>
mpfi_float enclose_time(const time_point& ts, const enclosed_problem<T>& p) {
  if (ts.t) return enclose_mpfi(*ts.t);
  if (!ts.tau) throw std::invalid_argument("time: neither t nor tau given");
  return enclose_mpfi(*ts.tau) * (-p.wide.log_alpha);
}

template <class T>
range_conclusion_result range_result(const interval_conclusion<T>& c, unsigned bits) {
  range_conclusion_result row;
  row.k = c.k;
  if (c.error_bound) row.error_upper = scalar_traits<T>::upper_exact(*c.error_bound);
  row.value = c.value;
  row.pieces = c.pieces;
  row.tail_unavailable = c.tail_unavailable;
  row.precision_bits = bits;
  row.reason = c.reason;
  return row;
}

template <class T>
check_result build_check_result(const theorem_check<T>& c, const enclosed_problem<T>& p, unsigned bits) {
  using traits = scalar_traits<T>;
  check_result r;
  r.scalar = traits::name();
  r.certified = traits::is_rigorous;
  r.theorem = c.constants.theorem;
  r.precision_bits = bits;
  r.c_eps = make_enclosure(c.constants.c_eps);
  r.C_eps = make_enclosure(c.constants.C_eps);
  r.M = make_enclosure(c.constants.M);
  r.log_alpha = make_enclosure(p.log_alpha);
  if (c.log_alpha_star) {
    mpfi_float l = traits::to_mpfi(*c.log_alpha_star), ln10;
    mpfi_set_ui(ln10.backend().data(), 10);
    mpfi_log(ln10.backend().data(), ln10.backend().data());
    r.log10_alpha_star_hyp = entry_enclosure<T>(mpfi_float(l / ln10));
    mpfi_exp(l.backend().data(), l.backend().data());
    r.alpha_star_hyp = entry_enclosure<T>(l);
  }
  for (const auto& h : c.hypotheses) r.hypotheses.push_back({h.name, h.value, bits});
  const T log_inv_alpha = -p.log_alpha;
  for (const auto& I : c.intervals) {
    interval_result row;
    row.k = I.k;
    row.lo = make_enclosure(I.lo);
    row.hi = make_enclosure(I.hi);
    row.unbounded = I.unbounded;
    if (I.lo) row.lo_over_log_inv_alpha = make_enclosure(T(*I.lo / log_inv_alpha));
    if (I.hi) row.hi_over_log_inv_alpha = make_enclosure(T(*I.hi / log_inv_alpha));
    row.nonempty = I.nonempty;
    row.precision_bits = bits;
    r.intervals.push_back(row);
  }
  auto widest = [&r](const std::optional<enclosure>& e) {
    if (e) r.max_relative_width = std::max(r.max_relative_width, e->relative_width());
  };
  widest(r.c_eps);
  widest(r.C_eps);
  widest(r.M);
  for (const auto& I : r.intervals) {
    widest(I.lo);
    widest(I.hi);
  }
  for (const auto& cc : c.conclusions) {
    conclusion_result row;
    row.k = cc.k;
    row.where = cc.where;
    row.t = entry_enclosure<T>(cc.t);
    row.error = make_enclosure(cc.error);
    widest(row.error);
    row.value = cc.value;
    row.precision_bits = bits;
    row.reason = cc.reason;
    r.conclusions.push_back(row);
  }
  for (const auto& o : c.over_interval) r.over_interval.push_back(range_result(o, bits));
  for (std::size_t i = 0; i < c.eps_windows.size(); ++i) {
    const eps_window& w = c.eps_windows[i];
    eps_window_result row;
    row.k = i + 1;
    row.found = w.found;
    if (w.first) row.first = entry_enclosure<T>(*w.first);
    if (w.last) row.last = entry_enclosure<T>(*w.last);
    row.last_infinite = w.last_infinite;
    row.inside_lo = w.inside_lo;
    row.inside_hi = w.inside_hi;
    row.reason = w.reason;
    r.eps_windows.push_back(row);
  }
  return r;
}

template <class T>
check_result run_check_at(const instance& in, const check_options& options, unsigned bits) {
  const auto start = std::chrono::steady_clock::now();
  precision_scope scope(bits);
  const unsigned used = scalar_traits<T>::precision_bits();
  enclosed_problem<T> p = enclose_problem<T>(in);
  std::vector<mpfi_float> times;
  for (const auto& ts : options.times) times.push_back(enclose_time(ts, p));
  for (const auto& s : options.ranges)
    if (s.k < 1 || s.k > p.n)
      throw input_error("--interval", "k = " + std::to_string(s.k) + " is not in 1.." + std::to_string(p.n) + " (n = " + std::to_string(p.n) + ")");
  theorem_check_options what;
  what.over_interval = options.over_interval;
  what.eps_windows = options.eps_windows;
  what.threads = options.threads;
  theorem_check<T> c = check_theorem(in, p, times, what);
  check_result r = build_check_result(c, p, used);
  if constexpr (scalar_traits<T>::is_rigorous) {
    for (std::size_t i = 0; i < options.ranges.size(); ++i) {
      const time_range& s = options.ranges[i];
      std::optional<mpfi_float> hi;
      if (s.hi) hi = enclose_mpfi(*s.hi);
      range_conclusion_result row =
          range_result(rank_obstruction_verdict(p, c.init_rank, s.k) == verdict::holds ? rank_obstructed_conclusion<T>(s.k, c.init_rank)
                                                                                      : conclusion_over_interval(p, s.k, enclose_mpfi(s.lo), hi),
                       used);
      row.k = s.k;
      row.where = "user";
      row.ordinal = i;
      row.range_lo = s.lo_text;
      if (s.hi) row.range_hi = s.hi_text;
      r.over_interval.push_back(row);
    }
  } else if (!options.ranges.empty()) {
    throw std::invalid_argument("the conclusion over a time range needs a rigorous scalar (mpfi or interval)");
  }
  r.instance = in.source;
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return r;
}

template <class T>
eval_result run_eval_at(const instance& in, const eval_options& options, unsigned bits) {
  const auto start = std::chrono::steady_clock::now();
  precision_scope scope(bits);
  const enclosed_problem<T> p = enclose_problem<T>(in);
  eval_result r;
  r.instance = in.source;
  r.scalar = scalar_traits<T>::name();
  r.certified = scalar_traits<T>::is_rigorous;
  r.precision_bits = scalar_traits<T>::precision_bits();
  r.method = p.spectral ? "scalar curves (Corollary 2)"
             : p.V        ? "scaled closed form (V = W~0^-1)"
             : p.Ut0      ? "r x r factor form (W~0 = U~ U~^T singular), else the closed form with verified inverse"
                          : "closed form with verified inverse";
  const mpfi_float t = enclose_time(options.time, p);
  r.t = entry_enclosure<T>(t);
  if (auto Wt = closed_form_eigenbasis(p, t)) {
    const matrix<T> Wm = Wt->materialize();
    r.W_eigenbasis.resize(p.n);
    for (Eigen::Index i = 0; i < Wt->size(); ++i)
      for (Eigen::Index j = 0; j < Wt->size(); ++j) r.W_eigenbasis[static_cast<std::size_t>(i)].push_back(entry_enclosure<T>(Wt->entry(i, j)));
    if (p.identity_basis) {
      r.W = r.W_eigenbasis;
    } else {  // in MPFI from W~'s scaled entries: tiny entries keep their relative accuracy in every T
      const matrix<mpfi_float> W = to_standard_basis(p, *Wt);
      r.W.resize(p.n);
      for (Eigen::Index i = 0; i < W.rows(); ++i)
        for (Eigen::Index j = 0; j < W.cols(); ++j) r.W[static_cast<std::size_t>(i)].push_back(entry_enclosure<T>(W(i, j)));
    }
    const std::vector<std::optional<T>> errors = error_to_every_rank(Wm, p.sigma, p.K);
    for (std::size_t k = 1; k <= p.K; ++k) r.error_to_rank.push_back({k, make_enclosure(errors[k - 1])});
  }
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return r;
}

}  // namespace incert::detail



