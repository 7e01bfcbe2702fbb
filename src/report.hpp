// src/report.hpp
//
// What the command-line program prints, as text already rounded outward: the theorem check
// and the evaluation of W(t). Built from the scalar-typed results by report_build.hpp, written
// by report_json.cpp / report_text.cpp. Keeping the reports type-free lets the precision
// escalation merge runs made at different precisions.
#pragma once

#include "incert/theory/verdict.hpp"

#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace incert::cli {

// {lo, hi}: lo rounded down, hi rounded up. For a point (non-rigorous) scalar: approx value.
struct enclosure_text {
  std::string lo, hi;
  bool approx = false;
};

struct hypothesis_row {
  std::string name;
  verdict value = verdict::undecided;
  unsigned precision_bits = 0;
};

struct interval_row {
  std::size_t k = 0;
  std::optional<enclosure_text> lo;
  std::optional<enclosure_text> hi;  // absent and unbounded: "inf"
  bool unbounded = false;
  std::optional<enclosure_text> lo_over_log, hi_over_log;  // endpoints / ln(1/alpha)
  verdict nonempty = verdict::undecided;
  unsigned precision_bits = 0;
};

struct conclusion_row {
  std::size_t k = 0;
  std::string where;  // lo, mid, hi, far, user
  enclosure_text t;
  std::optional<enclosure_text> error;
  verdict value = verdict::undecided;
  unsigned precision_bits = 0;
};

// The conclusion over a whole time range (theory/conclusion_over_interval.hpp): a certified
// non-empty I_k (where "interval"), or a range the user gave (where "user", ordinal = its place
// among them, range_lo/range_hi its exact ends as the user wrote them, range_hi empty: inf).
struct over_interval_row {
  std::size_t k = 0;
  std::string where = "interval";
  std::size_t ordinal = 0;
  std::string range_lo;
  std::optional<std::string> range_hi;
  bool tail_unavailable = false;  // undecided because [.., inf) has no enclosure (singular W~0)
  std::optional<std::string> error_upper;  // bound on max over I_k of ||W(t) - Y^_k||_2, rounded up
  verdict value = verdict::undecided;
  std::size_t pieces = 0;
  unsigned precision_bits = 0;
};

// The true eps-window of k (theory/eps_window.hpp): first/last enclose inf/sup of
// {t >= 0 : ||W(t) - Y^_k||_2 <= eps}; last_infinite when that set is certified unbounded.
struct eps_window_row {
  std::size_t k = 0;
  verdict found = verdict::undecided;  // holds: some t is certified in the set; fails: certified empty
  std::optional<enclosure_text> first, last;
  bool last_infinite = false;
  // A time interval on which ||W(t) - Y^_k||_2 <= eps is certified at every t, printed INWARD
  // (lo rounded up, hi down: a sub-interval of a certified one). inside_lo without inside_hi:
  // [inside_lo, inf). Empty: no such interval certified.
  std::optional<std::string> inside_lo, inside_hi;
};

struct check_report {
  std::string instance;
  std::string scalar;
  bool certified = true;
  int theorem = 4;
  unsigned precision_bits = 0;
  std::optional<enclosure_text> c_eps, C_eps, M, log_alpha;
  std::optional<enclosure_text> alpha_star_hyp, log10_alpha_star_hyp;
  std::vector<hypothesis_row> hypotheses;
  std::vector<interval_row> intervals;
  std::vector<conclusion_row> conclusions;
  std::vector<over_interval_row> over_interval;  // one per certified non-empty I_k (rigorous scalars)
  std::vector<eps_window_row> eps_windows;       // one per k (rigorous scalars)
  double max_relative_width = 0;  // widest (hi - lo) / |mid| over the reported enclosures
  double seconds = 0;

  bool any_undecided() const;
};

struct eval_report {
  std::string instance;
  std::string scalar;
  bool certified = true;
  unsigned precision_bits = 0;
  std::string method;  // which evaluation of the closed form
  enclosure_text t;
  std::vector<std::vector<enclosure_text>> W, W_eigenbasis;  // empty when not certified
  std::vector<std::pair<std::size_t, std::optional<enclosure_text>>> error_to_rank;
  double seconds = 0;
};

// Merges a run at a higher precision into the earlier one: a verdict keeps the precision at
// which it was first decided; enclosures come from the newest run.
check_report merge_escalated(const check_report& earlier, check_report later);

void write_json(std::ostream& os, const check_report& r);
void write_json(std::ostream& os, const eval_report& r);
void write_text(std::ostream& os, const check_report& r);
void write_text(std::ostream& os, const eval_report& r);

}  // namespace incert::cli
