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
// Decided-exactly hypotheses use the instance's rationals, never an enclosure.
#pragma once

#include "incert/flow/closed_form.hpp"
#include "incert/theory/error_to_rank.hpp"
#include "incert/theory/theorem_constants.hpp"
#include "incert/theory/verdict.hpp"

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
};

template <class T>
struct theorem_check {
  theorem_constants<T> constants;
  // ln of alpha*_hyp = sup{alpha : every hypothesis holds}, when the alpha-free hypotheses hold.
  std::optional<T> log_alpha_star;
  std::vector<named_verdict> hypotheses;
  std::vector<incremental_interval<T>> intervals;
  std::vector<conclusion_at_time<T>> conclusions;
};

namespace detail {

// det(A) == 0, exactly, by Gaussian elimination over the rationals.
inline bool rational_singular(rational_matrix A) {
  const std::size_t n = A.rows;
  for (std::size_t c = 0; c < n; ++c) {
    std::size_t piv = c;
    while (piv < n && A(piv, c) == 0) ++piv;
    if (piv == n) return true;
    if (piv != c)
      for (std::size_t j = 0; j < n; ++j) std::swap(A(piv, j), A(c, j));
    for (std::size_t r = c + 1; r < n; ++r) {
      if (A(r, c) == 0) continue;
      mpq_class f = A(r, c) / A(c, c);
      for (std::size_t j = c; j < n; ++j) A(r, j) -= f * A(c, j);
    }
  }
  return false;
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

template <class T>
theorem_check<T> check_theorem(const instance& in, const enclosed_problem<T>& p,
                               const std::vector<mpfi_float>& extra_times = {}) {
  using traits = scalar_traits<T>;
  theorem_check<T> out;
  out.constants = compute_constants(p);
  const bool thm3 = out.constants.theorem == 3;

  // Exact hypotheses.
  bool distinct = true;
  for (std::size_t k = 1; k < in.K; ++k) distinct = distinct && in.sigma[k - 1] > in.sigma[k];
  out.hypotheses.push_back({"distinct_nonzero_eigenvalues", from_bool(distinct && in.K > 0)});
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
  mpq_class eps_max = in.sigma[in.K - 1];
  if (!thm3 && eps_max > 1) eps_max = 1;
  out.hypotheses.push_back({"epsilon_range", from_bool(in.epsilon > 0 && in.epsilon <= eps_max)});

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
      mpq_class worst = in.sigma[1] / in.sigma[0];
      for (std::size_t k = 1; k + 1 < in.K; ++k) {
        mpq_class r = in.sigma[k + 1] / in.sigma[k];
        if (r > worst) worst = r;
      }
      T ratio = (log_c - p.log_alpha) / (log_C - p.log_alpha);
      log_ratio = decide_lt(enclose<T>(worst), ratio);
    }
    out.intervals = incremental_intervals(p, log_c, log_C);

    // alpha*_hyp. With x = ln(1/alpha) and r = max sigma_{k+1}/sigma_k < 1 (distinct eigenvalues),
    // for alpha < C_eps the log-ratio condition (ln c + x)/(ln C + x) > r is x > (r ln C - ln c)/(1 - r);
    // alpha_small is ln alpha <= bound. Since c_eps < C_eps, alpha*_hyp = min(e^bound, e^{-x*}).
    bool alpha_free_hold = true;
    for (const auto& h : out.hypotheses) alpha_free_hold = alpha_free_hold && h.value == verdict::holds;
    if (alpha_free_hold) {
      T log_star = bound;
      if (in.K > 1) {
        mpq_class worst = in.sigma[1] / in.sigma[0];
        for (std::size_t k = 1; k + 1 < in.K; ++k) worst = std::max<mpq_class>(worst, in.sigma[k + 1] / in.sigma[k]);
        T r = enclose<T>(worst);
        T x_star = (r * log_C - log_c) / (T(1) - r);
        log_star = traits::min(bound, T(-x_star));
      }
      out.log_alpha_star = log_star;
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
  return out;
}

}  // namespace incert
