// incert/theory/theorem_check.hpp
//
// Theorem 3 (spectral initialization) or Theorem 4 (general initialization), checked on an
// instance at the working precision: the constants, a verdict for every hypothesis, the
// intervals I_k (paper eq. 16) with a verdict on their non-emptiness, and the conclusion
// ||W(t) - Y^_k||_2 <= eps at sample times inside each non-empty I_k.
//
// Hypotheses (the paper's text, not the slides, is the reference):
//   distinct_nonzero_eigenvalues  sigma_1 > ... > sigma_K > 0                 exact
//   spectral_init_positive        s_i > 0 for i <= K                (Thm 3)   exact
//   W0_invertible                 W~0 invertible                    (Thm 4)   exact (det of W0)
//   epsilon_range                 0 < eps <= sigma_K (Thm 3), <= min(sigma_K, 1) (Thm 4)   exact
//   alpha_small                   alpha <= c_eps (Thm 3), alpha <= c_eps / M (Thm 4), as
//                                 ln alpha <= ln c_eps [- ln M], so any alpha works
//   log_ratio                     (ln c_eps - ln alpha) / (ln C_eps - ln alpha) > max_k sigma_{k+1}/sigma_k
//                                 (vacuous when K = 1)
// Decided-exactly hypotheses use the instance's rationals, never an enclosure. For Y given as a
// dense matrix, distinctness is exact (squarefree characteristic polynomial, decided by the
// loader); eps <= sigma_K and the eigenvalue ratio of log_ratio use the enclosures of sigma.
#pragma once

#include "incert/scalar/scalar_list.hpp"

#include "incert/flow/closed_form.hpp"
#include "incert/instance/exact_spectrum.hpp"
#include "incert/theory/error_to_rank.hpp"
#include "incert/theory/eps_window.hpp"
#include "incert/theory/parallel_tasks.hpp"
#include "incert/theory/rank_obstruction.hpp"
#include "incert/theory/theorem_constants.hpp"
#include "incert/theory/verdict.hpp"

#include <optional>
#include <string>
#include <vector>

namespace incert {

struct named_verdict {
  std::string name;
  verdict value = verdict::undecided;
};

template <class T>
struct incremental_interval {
  std::size_t k = 0;
  std::optional<T> lo, hi;  // hi empty for k = K: I_K = [lo, inf)
  bool unbounded = false;
  verdict nonempty = verdict::undecided;
};

template <class T>
struct conclusion_at_time {
  std::size_t k = 0;
  mpfi_float t;  // times are MPFI enclosures (see flow/closed_form.hpp)
  std::string where;  // "lo", "mid", "hi" of I_k (or "far" beyond the lower end of I_K), "user"
  std::optional<T> error;
  verdict value = verdict::undecided;
  std::string reason;  // why, when not the enclosure of the error (theory/rank_obstruction.hpp)
};

template <class T>
struct theorem_check {
  theorem_constants<T> constants;
  // ln of alpha*_hyp = sup{alpha : every hypothesis holds}, when the alpha-free hypotheses hold.
  std::optional<T> log_alpha_star;
  std::vector<named_verdict> hypotheses;
  std::vector<incremental_interval<T>> intervals;
  std::vector<conclusion_at_time<T>> conclusions;
  // Rigorous T only: the conclusion over the whole of each certified non-empty I_k
  // (theory/conclusion_over_interval.hpp), and the true eps-window of every k, index k - 1
  // (theory/eps_window.hpp).
  std::vector<interval_conclusion<T>> over_interval;
  std::vector<eps_window> eps_windows;
  // rank W0 (exact): for k > init_rank with sigma_{init_rank+1} > eps every conclusion fails
  // (theory/rank_obstruction.hpp).
  std::size_t init_rank = 0;
};

// What check_theorem computes beyond the hypotheses, intervals and sample times.
struct theorem_check_options {
  bool over_interval = true;
  bool eps_windows = true;
  subdivision_options subdivision;
  unsigned threads = 1;  // for the conclusions over I_k and the eps-windows (same results for any count)
};

namespace detail {

// det(A) == 0 for a square A, exactly (rank over the rationals, instance/exact_spectrum.hpp).
inline bool rational_singular(const rational_matrix& A) { return rational_rank(A) < A.rows; }

// max_{k < K} sigma_{k+1} / sigma_k (K >= 2), enclosed: from the exact rationals when Y is given
// by its eigenvalues, from the eigenvalue enclosures for a dense Y.
template <class T>
T worst_eigenvalue_ratio(const instance& in, const enclosed_problem<T>& p) {
  if (!in.dense_target) {
    mpq_class worst = in.sigma[1] / in.sigma[0];
    for (std::size_t k = 1; k + 1 < in.K; ++k) worst = std::max<mpq_class>(worst, in.sigma[k + 1] / in.sigma[k]);
    return enclose<T>(worst);
  }
  T worst = p.sigma[1] / p.sigma[0];
  for (std::size_t k = 1; k + 1 < in.K; ++k) worst = scalar_traits<T>::max(worst, T(p.sigma[k + 1] / p.sigma[k]));
  return worst;
}

// eps <= sigma_K for a dense Y. Decided on the enclosure of sigma_K; when that is inconclusive and
// eps is exactly an eigenvalue of Y (a root of det(x I - Y)), eps = sigma_j for some j <= K (eps > 0),
// and j = K is proven once K = 1 or sigma_{K-1} > eps is: then eps = sigma_K.
// The comparison uses the MPFI enclosures (p.wide, at the working precision whatever T is).
template <class T>
verdict decide_epsilon_le_sigma_K(const instance& in, const enclosed_problem<T>& p) {
  const mpfi_float eps = enclose_mpfi(in.epsilon);
  verdict v = decide_le(eps, p.wide.sigma[in.K - 1]);
  if (v != verdict::undecided || in.epsilon <= 0 || root_multiplicity(target_charpoly(in), in.epsilon) == 0) return v;
  if (in.K == 1 || scalar_traits<mpfi_float>::certainly_lt(eps, p.wide.sigma[in.K - 2])) return verdict::holds;
  return v;
}

// Sample times inside [lo, hi] (or [lo, inf)) and >= 0: points of the midpoint type, as exact
// points of T. The flow is only defined for t >= 0, so a negative lower end is clamped to 0.
template <class T>
std::vector<T> sample_times(const incremental_interval<T>& I) {
  using traits = scalar_traits<T>;
  using Tm = typename traits::mid_type;
  std::vector<T> out;
  if (I.nonempty != verdict::holds || !I.lo) return out;
  Tm a = traits::upper(*I.lo);
  if (a < Tm(0)) a = Tm(0);
  if (I.unbounded) {
    Tm step = a < Tm(1) ? Tm(1) : a;
    out.push_back(traits::point(a));
    out.push_back(traits::point(Tm(a + step / Tm(2))));
    out.push_back(traits::point(Tm(a + Tm(2) * step)));
    return out;
  }
  Tm b = traits::lower(*I.hi);
  if (b < a) return out;  // no point certainly inside (or the interval lies below t = 0)
  out.push_back(traits::point(a));
  out.push_back(traits::point(Tm(a / Tm(2) + b / Tm(2))));
  out.push_back(traits::point(b));
  return out;
}

}  // namespace detail

// The intervals I_k of eq. (16) from ln c_eps, ln C_eps and ln alpha.
template <class T>
std::vector<incremental_interval<T>> incremental_intervals(const enclosed_problem<T>& p, const T& log_c, const T& log_C) {
  std::vector<incremental_interval<T>> out;
  for (std::size_t k = 1; k <= p.K; ++k) {
    incremental_interval<T> I;
    I.k = k;
    I.lo = (log_C - p.log_alpha) / (T(2) * p.sigma[k - 1]);
    if (k == p.K) {
      I.unbounded = true;  // 1/sigma_{K+1} = 1/0 := inf
      I.nonempty = verdict::holds;
    } else {
      I.hi = (log_c - p.log_alpha) / (T(2) * p.sigma[k]);
      I.nonempty = decide_le(*I.lo, *I.hi);
    }
    out.push_back(I);
  }
  return out;
}

template <class T>
conclusion_at_time<T> conclusion_at(const enclosed_problem<T>& p, std::size_t k, const mpfi_float& t) {
  conclusion_at_time<T> c;
  c.k = k;
  c.t = t;
  auto Wt = closed_form_eigenbasis(p, t);
  if (Wt) c.error = error_to_rank(Wt->materialize(), p.sigma, k);
  if (c.error) c.value = decide_le(*c.error, p.epsilon);
  return c;
}

namespace detail {

// A time likely inside the eps-window of k: the middle of I_k (its lower end for k = K); without
// intervals, between the learning times ln(1/alpha)/(2 sigma_k) and ln(1/alpha)/(2 sigma_{k+1}).
template <class T>
mpfi_float eps_window_hint(const enclosed_problem<T>& p, const std::vector<incremental_interval<T>>& intervals, std::size_t k) {
  using traits = scalar_traits<T>;
  for (const auto& I : intervals)
    if (I.k == k && I.lo) {
      mpfi_float lo = traits::to_mpfi(*I.lo);
      return I.hi ? mpfi_float((lo + traits::to_mpfi(*I.hi)) / 2) : lo;
    }
  mpfi_float scale = scalar_traits<mpfi_float>::certainly_lt(p.wide.log_alpha, mpfi_float(0)) ? mpfi_float(-p.wide.log_alpha) : mpfi_float(1);
  mpfi_float t_k = scale / (2 * p.wide.sigma[k - 1]);
  if (k >= p.K) return mpfi_float(2 * t_k);
  return mpfi_float((t_k + scale / (2 * p.wide.sigma[k])) / 2);
}

// The conclusion over each certified non-empty I_k and the eps-window of every k: independent
// tasks, run on options.threads threads (theory/parallel_tasks.hpp), each result in its own slot.
template <class T>
void check_over_time(const enclosed_problem<T>& p, theorem_check<T>& out, const theorem_check_options& options) {
  using traits = scalar_traits<T>;
  auto obstructed = [&](std::size_t k) { return rank_obstruction_verdict(p, out.init_rank, k) == verdict::holds; };
  std::vector<const incremental_interval<T>*> ranges;
  if (options.over_interval)
    for (const auto& I : out.intervals)
      if (I.nonempty == verdict::holds && I.lo) ranges.push_back(&I);
  const std::size_t windows = options.eps_windows && p.K > 0 && p.n > 0 ? p.K : 0;
  std::vector<std::optional<interval_conclusion<T>>> over(ranges.size());
  std::vector<std::optional<eps_window>> window(windows);
  run_tasks(ranges.size() + windows, options.threads, [&](std::size_t i) {
    if (i < ranges.size()) {
      const auto& I = *ranges[i];
      if (obstructed(I.k)) {
        over[i] = rank_obstructed_conclusion<T>(I.k, out.init_rank);
        return;
      }
      std::optional<mpfi_float> hi;
      if (I.hi) hi = traits::to_mpfi(*I.hi);
      over[i] = conclusion_over_interval(p, I.k, traits::to_mpfi(*I.lo), hi, options.subdivision);
      return;
    }
    const std::size_t k = i - ranges.size() + 1;
    window[k - 1] = obstructed(k) ? rank_obstructed_window(out.init_rank)
                                  : eps_window_of(p, k, eps_window_hint(p, out.intervals, k), options.subdivision);
  });
  for (auto& c : over) out.over_interval.push_back(std::move(*c));
  for (auto& w : window) out.eps_windows.push_back(std::move(*w));
}

}  // namespace detail

template <class T>
theorem_check<T> check_theorem(const instance& in, const enclosed_problem<T>& p,
                               const std::vector<mpfi_float>& extra_times = {},
                               const theorem_check_options& options = {}) {
  using traits = scalar_traits<T>;
  theorem_check<T> out;
  out.constants = compute_constants(p);
  const bool thm3 = out.constants.theorem == 3;

  // Exact hypotheses (for a dense Y, distinctness is decided exactly by the loader).
  out.hypotheses.push_back({"distinct_nonzero_eigenvalues", from_bool(in.distinct_nonzero && in.K > 0)});
  if (thm3) {
    bool positive = true;
    for (std::size_t i = 0; i < in.K; ++i) positive = positive && in.spectral[i] > 0;
    out.hypotheses.push_back({"spectral_init_positive", from_bool(positive)});
  } else {
    verdict inv = verdict::undecided;
    if (out.constants.lambda_min && certainly_positive(*out.constants.lambda_min)) inv = verdict::holds;
    else inv = from_bool(!detail::rational_singular(in.W0));
    out.hypotheses.push_back({"W0_invertible", inv});
  }
  if (in.dense_target) {  // eps <= sigma_K with sigma_K enclosed (exactly when it is rational)
    const bool exact_part = in.epsilon > 0 && (thm3 || in.epsilon <= 1);
    out.hypotheses.push_back({"epsilon_range", conjunction(from_bool(exact_part), detail::decide_epsilon_le_sigma_K(in, p))});
  } else {
    mpq_class eps_max = in.sigma[in.K - 1];
    if (!thm3 && eps_max > 1) eps_max = 1;
    out.hypotheses.push_back({"epsilon_range", from_bool(in.epsilon > 0 && in.epsilon <= eps_max)});
  }

  // Hypotheses on alpha, in logarithms.
  verdict alpha_small = verdict::undecided, log_ratio = verdict::undecided;
  const auto& C = out.constants;
  if (C.c_eps && C.C_eps && certainly_positive(*C.c_eps)) {
    T log_c = traits::log(*C.c_eps);
    T log_C = traits::log(*C.C_eps);
    T bound = thm3 ? log_c : log_c - traits::log(*C.M);
    alpha_small = decide_le(p.log_alpha, bound);
    if (in.K <= 1) {
      log_ratio = verdict::holds;  // max over an empty set of k
    } else {
      T ratio = (log_c - p.log_alpha) / (log_C - p.log_alpha);
      log_ratio = decide_lt(detail::worst_eigenvalue_ratio(in, p), ratio);
    }
    out.intervals = incremental_intervals(p, log_c, log_C);

    // alpha*_hyp. With x = ln(1/alpha) and r = max sigma_{k+1}/sigma_k < 1 (distinct eigenvalues),
    // for alpha < C_eps the log-ratio condition (ln c + x)/(ln C + x) > r is x > (r ln C - ln c)/(1 - r);
    // alpha_small is ln alpha <= bound. Since c_eps < C_eps, alpha*_hyp = min(e^bound, e^{-x*}).
    bool alpha_free_hold = true;
    for (const auto& h : out.hypotheses) alpha_free_hold = alpha_free_hold && h.value == verdict::holds;
    if (alpha_free_hold) {
      std::optional<T> log_star = bound;
      if (in.K > 1) {
        T r = detail::worst_eigenvalue_ratio(in, p);
        if (traits::certainly_lt(r, T(1))) {
          T x_star = (r * log_C - log_c) / (T(1) - r);
          log_star = traits::min(bound, T(-x_star));
        } else {
          log_star.reset();  // eigenvalue enclosures too wide to bound r away from 1
        }
      }
      out.log_alpha_star = log_star;
    }
  }
  // A singular initialization (decided exactly above) makes a constant infinite, and the
  // hypotheses on alpha are then false for every alpha > 0, not undecided (proofs/theorem_verdicts.md,
  // section 5c): Theorem 4 with W~0 singular has M = ||V|| = inf, so c_eps / M = 0 < alpha, and
  // the log-ratio's left side tends to -1 < r as M -> inf; Theorem 3 with some s_i = 0 (i <= K)
  // has C_eps = inf, so the left side is 0 < r, while alpha <= c_eps is decided as usual.
  const verdict init_ok = out.hypotheses[1].value;
  out.init_rank = !thm3 && init_ok == verdict::holds ? in.n : initialization_rank(in);  // exact rank only when needed
  if (init_ok == verdict::fails) {
    if (!thm3) {
      alpha_small = verdict::fails;
      log_ratio = verdict::fails;
    } else {
      log_ratio = in.K <= 1 ? verdict::holds : verdict::fails;
      if (C.c_eps && certainly_positive(*C.c_eps)) alpha_small = decide_le(p.log_alpha, T(traits::log(*C.c_eps)));
    }
  }
  out.hypotheses.push_back({"alpha_small", alpha_small});
  out.hypotheses.push_back({"log_ratio", log_ratio});

  for (const auto& I : out.intervals) {
    std::vector<T> times = detail::sample_times(I);
    for (std::size_t s = 0; s < times.size(); ++s) {
      out.conclusions.push_back(conclusion_at(p, I.k, traits::to_mpfi(times[s])));
      out.conclusions.back().where = s == 0 ? "lo" : I.unbounded ? "far" : s == 1 ? "mid" : "hi";
    }
  }
  for (const mpfi_float& t : extra_times)
    for (std::size_t k = 1; k <= p.K; ++k) {
      out.conclusions.push_back(conclusion_at(p, k, t));
      out.conclusions.back().where = "user";
    }
  for (auto& c : out.conclusions)  // error >= sigma_{r+1} > eps whatever the enclosure of the error says
    if (c.value != verdict::fails && rank_obstruction_verdict(p, out.init_rank, c.k) == verdict::holds) {
      c.value = verdict::fails;
      c.reason = rank_obstruction_reason(out.init_rank);
    }
  if constexpr (is_rigorous_v<T>) detail::check_over_time(p, out, options);
  return out;
}

// Compiled once per scalar into the library (lib/instantiate_<scalar>.cpp, scalar/scalar_list.hpp).
#define INCERT_INSTANTIATE_CHECK_THEOREM(EXTERN, T) \
  EXTERN template theorem_check<T> check_theorem<T>(const instance&, const enclosed_problem<T>&, const std::vector<mpfi_float>&, const theorem_check_options&);
#if INCERT_EXTERN_TEMPLATES
#define INCERT_X(T) INCERT_INSTANTIATE_CHECK_THEOREM(extern, T)
INCERT_FOR_EACH_SCALAR(INCERT_X)
#undef INCERT_X
#endif

}  // namespace incert
