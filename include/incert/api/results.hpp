// incert/api/results.hpp
//
// The typed results of the library's entry points (api/check.hpp): what `check` and `eval`
// compute, free of the scalar type they were computed in, so that runs at different
// precisions can be merged (precision escalation) and every client (the CLI, the table
// engine, the Python package) formats them at its own edge.
//
// Every number is an `enclosure` with exact binary endpoints: the bounds of the interval
// scalar the run used, converted without rounding. Printing rounds outward
// (io/enclosure_format.hpp); a run in a non-rigorous scalar gives approximations, flagged.
#pragma once

#include "incert/scalar/types.hpp"
#include "incert/theory/verdict.hpp"

#include <gmpxx.h>

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace incert {

// [lo, hi] contains the true value (approx == false), or lo == hi is an approximation computed
// in point arithmetic (approx == true: nothing is certified).
struct enclosure {
  mpfr_float lo, hi;
  bool approx = false;

  // lo <= x <= hi, exactly (false for an approximation unless x equals it).
  bool contains(const mpq_class& x) const;
  // hi - lo rounded up, |mid| rounded down, (hi - lo) / |mid| as a double rounded up
  // (0 for a point, inf when mid is 0 and the width is not).
  double relative_width() const;
};

struct hypothesis_result {
  std::string name;
  verdict value = verdict::undecided;
  unsigned precision_bits = 0;  // the precision at which the verdict was decided (or last tried)
};

// I_k of eq. (16): [lo, hi], hi absent and unbounded for k = K (I_K = [lo, inf)).
struct interval_result {
  std::size_t k = 0;
  std::optional<enclosure> lo, hi;
  bool unbounded = false;
  std::optional<enclosure> lo_over_log_inv_alpha, hi_over_log_inv_alpha;  // the ends / ln(1/alpha)
  verdict nonempty = verdict::undecided;
  unsigned precision_bits = 0;
};

// ||W(t) - Y^_k||_2 <= eps at one time: where is "lo", "mid", "hi" of I_k, "far" (beyond the lower
// end of I_K) or "user" (a time the caller asked for).
struct conclusion_result {
  std::size_t k = 0;
  std::string where;
  enclosure t;
  std::optional<enclosure> error;
  verdict value = verdict::undecided;
  unsigned precision_bits = 0;
  std::string reason;  // non-empty when the verdict comes from elsewhere than `error` (rank obstruction)
};

// The conclusion for every t of a range: the whole of a certified non-empty I_k (where
// "interval"), or a range the caller gave (where "user", ordinal = its place among them,
// range_lo / range_hi the exact ends as written, range_hi absent for inf).
struct range_conclusion_result {
  std::size_t k = 0;
  std::string where = "interval";
  std::size_t ordinal = 0;
  std::string range_lo;
  std::optional<std::string> range_hi;
  bool tail_unavailable = false;         // undecided: no enclosure up to t = inf (singular W~0)
  std::optional<mpfr_float> error_upper;  // >= max of ||W(t) - Y^_k||_2 over the range (exact binary)
  verdict value = verdict::undecided;
  std::size_t pieces = 0;
  unsigned precision_bits = 0;
  std::string reason;  // non-empty when decided without a cover (rank obstruction)
};

// The true eps-window {t >= 0 : ||W(t) - Y^_k||_2 <= eps}: first/last enclose its inf/sup
// (last_infinite: certified unbounded); [inside_lo, inside_hi] (inside_hi absent: inf) is a
// time interval on which error <= eps is certified at every t.
struct eps_window_result {
  std::size_t k = 0;
  verdict found = verdict::undecided;  // holds: some time certified inside; fails: certified empty
  std::optional<enclosure> first, last;
  bool last_infinite = false;
  std::optional<mpfr_float> inside_lo, inside_hi;
  std::string reason;  // non-empty when decided without a search (rank obstruction)
};

struct check_result {
  std::string instance;  // the instance's source (file name), for reports
  std::string scalar;    // scalar type name (api/check.hpp registry)
  bool certified = true;
  int theorem = 4;
  unsigned precision_bits = 0;
  std::optional<enclosure> c_eps, C_eps, M, log_alpha;
  std::optional<enclosure> alpha_star_hyp, log10_alpha_star_hyp;
  std::vector<hypothesis_result> hypotheses;
  std::vector<interval_result> intervals;
  std::vector<conclusion_result> conclusions;
  std::vector<range_conclusion_result> over_interval;  // each certified non-empty I_k, then user ranges
  std::vector<eps_window_result> eps_windows;          // one per k (rigorous scalars)
  double max_relative_width = 0;  // widest relative width over constants, I_k ends and errors
  double seconds = 0;
  // Why undecided verdicts were left as they are, when it is not the precision: the time limit
  // (theory/work_deadline.hpp). Empty otherwise.
  std::optional<std::string> reason;

  // Some verdict could still be decided at a higher precision.
  bool any_undecided() const;
  // Every hypothesis holds (false when one fails or is undecided).
  bool all_hypotheses_hold() const;
  const hypothesis_result* hypothesis(const std::string& name) const;
  const eps_window_result* eps_window(std::size_t k) const;
};

struct rank_error {
  std::size_t k = 0;
  std::optional<enclosure> value;  // ||W(t) - Y^_k||_2; absent when not certified
};

struct eval_result {
  std::string instance;
  std::string scalar;
  bool certified = true;
  unsigned precision_bits = 0;
  std::string method;  // which evaluation of the closed form
  enclosure t;
  std::vector<std::vector<enclosure>> W, W_eigenbasis;  // empty when W(t) could not be certified
  std::vector<rank_error> error_to_rank;
  double seconds = 0;
  std::optional<std::string> reason;  // as check_result::reason

  bool resolved() const { return !W.empty(); }
};

// A run at a higher precision merged into an earlier one: a verdict keeps the precision at
// which it was first decided; enclosures come from the newest run; seconds add up.
check_result merge_escalated(const check_result& earlier, check_result later);

}  // namespace incert
