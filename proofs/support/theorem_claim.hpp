// proofs/support/theorem_claim.hpp
//
// The claim "every hypothesis of Theorem N holds for this instance, every I_k is non-empty, and
// ||W(t) - Y^_k||_2 <= eps for every t in I_k, k = 1..K", certified at one working precision.
// The parts and where their rigor is argued:
//   constants c_eps, C_eps (and M for Theorem 4)   proofs/theorem_verdicts.md, symmetric_eigenvalues.md
//   hypothesis verdicts, I_k and their non-emptiness  proofs/theorem_verdicts.md
//   the conclusion over the whole of I_k              proofs/conclusion_over_interval.md
// Used by proofs/theorem4_general_init/driver.cpp and proofs/theorem3_spectral_init/driver.cpp.
#pragma once

#include "proof_support.hpp"

#include "incert/api/check.hpp"
#include "incert/flow/enclosed_problem.hpp"
#include "incert/theory/conclusion_over_interval.hpp"
#include "incert/theory/theorem_check.hpp"

#include <functional>

namespace incert::proof {

// One certification attempt at one precision.
struct attempt {
  verdict value = verdict::undecided;  // holds: every part certified; fails: some part disproved
  std::string reason;                  // the first part that is not certified (value != holds)
  std::string certificate;             // the JSON text (complete when value == holds)
  std::string summary;                 // one line for stdout
};

// Records a part: the first part that fails (or, failing none, the first undecided one) gives the reason.
inline void record(attempt& a, verdict v, const std::string& what) {
  if (v == verdict::holds) return;
  if (v == verdict::fails && a.value != verdict::fails) {
    a.value = verdict::fails;
    a.reason = what + ": disproved";
  } else if (a.value == verdict::holds) {
    a.value = verdict::undecided;
    a.reason = what + ": not certified";
  }
}

// Runs `one` at 128, 256, 512 bits (the library's escalation, api/check.hpp) until every part is
// certified; a part proved false ends the search (more precision cannot change a proof).
inline int run_ladder(const options& o, const std::function<attempt(unsigned)>& one) {
  const precision_options ladder{precision_ladder().front(), precision_ladder().back()};
  unsigned last_bits = ladder.precision;
  const attempt a = escalate<attempt>(
      ladder, false,
      [&](unsigned bits) {
        last_bits = bits;
        return one(bits);
      },
      [](const attempt& x) { return x.value == verdict::undecided; }, [](const attempt&, attempt later) { return later; });
  if (a.value == verdict::holds) return finish(o, a.certificate, a.summary);
  if (a.value == verdict::fails) not_certified(a.reason + " (at " + std::to_string(last_bits) + " bits)");
  not_certified(a.reason + " (at every precision up to " + std::to_string(ladder.max_precision) + " bits)");
}

inline void write_constants(json_writer& w, const theorem_constants<mpfi_float>& C) {
  w.object("constants");
  if (C.lambda_min) w.raw("lambda_min_W0", enclosure(*C.lambda_min));
  if (C.lambda_max) w.raw("lambda_max_W0", enclosure(*C.lambda_max));
  if (C.M) w.raw("M", enclosure(*C.M));
  if (C.c_eps) w.raw("c_eps", enclosure(*C.c_eps));
  if (C.C_eps) w.raw("C_eps", enclosure(*C.C_eps));
  w.end_object();
}

inline void write_hypotheses(json_writer& w, const std::vector<named_verdict>& hs, attempt& a) {
  w.array("hypotheses");
  for (const auto& h : hs) {
    w.raw("", "{\"name\": " + json_writer::quote(h.name) + ", \"verdict\": " + json_writer::quote(to_string(h.value)) + "}");
    record(a, h.value, "hypothesis " + h.name);
  }
  w.end_array();
}

// alpha*_hyp = sup{alpha : every hypothesis holds}, as ln and as a value.
inline void write_alpha_star(json_writer& w, const std::optional<mpfi_float>& log_star) {
  if (!log_star) {
    w.raw("alpha_star_hyp", "null");
    return;
  }
  w.object("alpha_star_hyp");
  w.raw("ln", enclosure(*log_star));
  w.raw("value", enclosure(scalar_traits<mpfi_float>::exp(*log_star)));
  w.end_object();
}

inline attempt certify_theorem_conclusion(const instance& in, int theorem, unsigned bits, const std::string& file_name,
                                          const std::string& claim) {
  precision_scope scope(bits);
  using T = mpfi_float;
  using traits = scalar_traits<T>;
  const enclosed_problem<T> p = enclose_problem<T>(in);
  theorem_check_options hypotheses_and_intervals;  // the conclusion over each I_k is computed below
  hypotheses_and_intervals.over_interval = hypotheses_and_intervals.eps_windows = false;
  const theorem_check<T> c = check_theorem(in, p, {}, hypotheses_and_intervals);

  attempt a;
  a.value = verdict::holds;
  json_writer w;
  w.object();
  w.str("claim", claim);
  write_instance(w, in, file_name);
  w.num("precision_bits", bits);
  w.num("digits", certificate_digits);
  w.num("theorem", static_cast<unsigned>(c.constants.theorem));
  record(a, from_bool(c.constants.theorem == theorem), "the instance falls under Theorem " + std::to_string(theorem));
  write_constants(w, c.constants);
  w.raw("ln_alpha", enclosure(p.log_alpha));
  write_alpha_star(w, c.log_alpha_star);
  write_hypotheses(w, c.hypotheses, a);
  record(a, from_bool(c.intervals.size() == p.K), "the intervals I_k are defined (constants enclosed)");

  std::string bounds;
  w.array("intervals");
  for (const auto& I : c.intervals) {
    const std::string name = "I_" + std::to_string(I.k);
    w.object();
    w.num("k", I.k);
    w.raw("lo", enclosure(*I.lo));
    if (I.unbounded) w.str("hi", "inf");
    else w.raw("hi", enclosure(*I.hi));
    w.str("nonempty", to_string(I.nonempty));
    record(a, I.nonempty, name + " is non-empty");

    if (I.nonempty != verdict::holds) {  // nothing to cover (and an empty range is a wrong call)
      w.raw("conclusion", "null");
      w.end_object();
      continue;
    }
    std::optional<mpfi_float> hi;
    if (!I.unbounded) hi = traits::to_mpfi(*I.hi);
    const interval_conclusion<T> r = conclusion_over_interval(p, I.k, traits::to_mpfi(*I.lo), hi);
    w.object("conclusion");
    w.str("over", "interval");
    w.raw("error_upper", r.error_bound ? upper_bound(*r.error_bound) : "null");
    w.raw("error_bound", r.error_bound ? enclosure(*r.error_bound) : "null");
    w.str("verdict", to_string(r.value));
    w.num("pieces", r.pieces);
    w.end_object();
    record(a, r.value, "||W(t) - Y^_" + std::to_string(I.k) + "||_2 <= eps for every t in " + name);
    if (r.error_bound) bounds += (bounds.empty() ? "" : ", ") + format_upper(*r.error_bound, 3);
    w.end_object();
  }
  w.end_array();
  w.str("verdict", to_string(a.value));
  w.end_object();
  a.certificate = w.text();
  a.summary = "Theorem " + std::to_string(theorem) + ": every hypothesis holds, every I_k is non-empty, and " +
              "||W(t) - Y^_k||_2 <= eps on the whole of each I_k (max error <= " + bounds + "), at " + std::to_string(bits) + " bits";
  return a;
}

}  // namespace incert::proof
