// incert/api/trace.hpp
//
// The flow over time: certified enclosures of e_k(t) = ||W(t) - Y^_k||_2 (k = 1..K) and of the
// eigenvalues of W(t) (the learned singular values, largest first) at the times of a grid
// t_0 < ... < t_{N-1} AND over each sub-interval [t_j, t_{j+1}]: a range row holds for EVERY t
// of its sub-interval, not only at samples, so the bands drawn from the range rows cover the
// whole curve on [t_0, t_{N-1}]. Beside them the instance's I_k, eps-windows and hypotheses
// (api/check.hpp, without the conclusion over I_k), to shade the figure.
//
// Method (proofs/trace.md): a sample is the point-time closed form (flow/closed_form.hpp) at
// the exact time; a range is one enclosure of W~(t) for every t of [t_j, t_{j+1}]
// (flow/closed_form_range.hpp: monotone scale factors, mean-value and Taylor forms, proofs/
// conclusion_over_interval.md sections 1-2); on either, e_k is the norm bound of
// theory/conclusion_over_interval.hpp (Weyl + Ostrowski, lower end raised to the diagonal bound)
// and the eigenvalues are linalg/symmetric_eigenvalues.hpp applied to the interval matrix
// (W~ = Phi^T W Phi has the eigenvalues of W). Only MPFI runs (certified); an enclosure the
// working precision cannot give is absent, and the whole trace is rerun at twice the precision
// while one is absent, up to max_precision.
#pragma once

#include "incert/api/check.hpp"

#include <gmpxx.h>

#include <optional>
#include <string>
#include <vector>

namespace incert {

struct trace_options {
  mpq_class from = 0, to = 1;  // 0 <= from < to
  std::size_t points = 101;    // 2..100000 grid times
  precision_options bits;
  // Each range is the hull of the enclosures over a subdivision of it, bisected where a band is
  // wide (lib/trace.cpp): at most max_depth halvings per range and max_pieces extra pieces in all.
  unsigned max_depth = 6;
  std::size_t max_pieces = 20000;
  bool with_check = true;  // also the hypotheses, I_k and eps-windows (trace_result::check)
};

// The enclosures at one time, or for every time of a range.
struct trace_values {
  std::vector<std::optional<enclosure>> error;        // ||W(t) - Y^_k||_2, k = 1..K
  std::vector<std::optional<enclosure>> eigenvalues;  // of W(t), largest first (n of them)
  std::vector<std::optional<enclosure>> diagonal;     // W~_ii(t), W~ = Phi^T W Phi (Figure 1's curves)
};

struct trace_sample {
  mpq_class t;
  std::string t_text;  // exact decimal text of t
  trace_values values;
};

struct trace_range {
  mpq_class from, to;
  std::string from_text, to_text;  // exact decimal texts
  trace_values values;             // valid for every t in [from, to]
};

struct trace_result {
  std::string instance;
  std::string alpha;  // the instance's alpha as written
  unsigned precision_bits = 0;
  std::size_t n = 0, K = 0;
  std::vector<enclosure> targets;  // sigma_1 >= ... >= sigma_n, the eigenvalues of Y
  enclosure epsilon;
  std::vector<trace_sample> samples;  // one per grid time
  std::vector<trace_range> ranges;    // one per sub-interval [t_j, t_{j+1}]
  check_result check;                 // hypotheses, I_k, eps-windows at the instance's alpha
  double seconds = 0;

  // Every enclosure of samples and ranges is present.
  bool complete() const;
};

// The grid times: t_0 = from and t_{N-1} = to exactly; t_j in between is from + j (to - from)/(N - 1)
// rounded to nearest to 17 significant digits (so that every time prints exactly as a decimal).
// Throws std::invalid_argument when from < 0, to <= from, points outside 2..100000, or two times
// coincide at 17 digits.
std::vector<mpq_class> trace_grid(const mpq_class& from, const mpq_class& to, std::size_t points);

// The trace of W(t) over [from, to] (options.bits: start and maximum precision).
trace_result trace(const instance& in, const trace_options& options);
// One run at exactly `bits` (no escalation).
trace_result trace_at_precision(const instance& in, const trace_options& options, unsigned bits);

}  // namespace incert
