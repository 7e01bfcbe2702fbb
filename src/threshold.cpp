// src/threshold.cpp: `incert threshold` output (threshold.hpp); lib/threshold.cpp computes.
#include "threshold.hpp"

#include "json_output.hpp"

#include "incert/api/format.hpp"
#include "incert/instance/load_instance.hpp"

#include <iomanip>

namespace incert::cli {

namespace {

json_doc alpha_json(const std::optional<mpq_class>& a) { return a ? json_doc(format_scientific_exact(*a)) : json_doc(nullptr); }

std::string alpha_text(const std::optional<mpq_class>& a) { return a ? format_scientific_exact(*a) : std::string("(none)"); }

json_doc to_json(const threshold_result& r, const threshold_command_options& o) {
  constexpr int d = 10;
  json_doc j;
  j["instance"] = r.instance;
  j["theorem"] = r.theorem;
  j["epsilon"] = format_exact(r.epsilon);
  j["precision_bits"] = r.precision_bits;
  j["rel_width"] = json_rounded(o.threshold.rel_width);
  j["alpha_min"] = format_scientific_exact(r.alpha_min);
  j["alpha_star_hyp"] = json_enclosure(r.alpha_star_hyp, d);
  j["log10_alpha_star_hyp"] = json_enclosure(r.log10_alpha_star_hyp, d);
  j["thresholds"] = json_doc::array();
  for (const auto& row : r.rows) {
    json_doc x;
    x["k"] = row.k;
    x["nonempty_below"] = json_verdict(row.nonempty_below, true);
    x["every_alpha"] = row.every_alpha;
    x["alpha_lo"] = alpha_json(row.alpha_lo);
    x["alpha_hi"] = alpha_json(row.alpha_hi);
    x["lower_end"] = row.lower_end ? json_doc(format_scientific_exact(*row.lower_end)) : json_doc("0");
    x["method"] = row.method;
    x["log_rel_width"] = json_rounded(row.log_rel_width);
    x["ratio_to_alpha_star"] = json_enclosure(row.ratio_to_alpha_star, d);
    x["log10_ratio_to_alpha_star"] = json_enclosure(row.log10_ratio_to_alpha_star, d);
    x["nonempty_above"] = json_doc::array();
    for (const auto& a : row.nonempty_above) x["nonempty_above"].push_back(format_scientific_exact(a));
    x["points"] = row.points;
    x["pieces"] = row.pieces;
    if (!row.reason.empty()) x["reason"] = row.reason;
    j["thresholds"].push_back(x);
  }
  j["seconds"] = json_rounded(r.seconds);
  return j;
}

void write_text(std::ostream& os, const threshold_result& r) {
  constexpr int d = 6;
  os << "incert threshold: " << r.instance << "\n  eps = " << format_exact(r.epsilon) << ", Theorem " << r.theorem << ", MPFI "
     << r.precision_bits << " bits, certified\n";
  os << "  alpha*_hyp = " << (r.alpha_star_hyp ? display(*r.alpha_star_hyp, d) : std::string("(not available)"))
     << "  (largest alpha at which every hypothesis of the theorem holds)\n\n";
  os << "E_k(alpha) = {t >= 0 : ||W_alpha(t) - Y^_k||_2 <= eps}: non-empty for every alpha in (0, alpha_lo]\n"
     << "(or [alpha_min, alpha_lo] where stated, alpha_min = " << format_scientific_exact(r.alpha_min) << "),\n"
     << "empty at alpha_hi, so the true threshold alpha_true(k) lies in [alpha_lo, alpha_hi]\n";
  for (const auto& row : r.rows) {
    os << "  k=" << row.k << "  ";
    if (row.nonempty_below == verdict::fails) {
      os << "E_k empty for every alpha  [" << row.reason << "]\n";
      continue;
    }
    if (row.every_alpha) {
      os << "E_k non-empty for every alpha > 0  [" << row.method << "]\n";
      continue;
    }
    os << "alpha_lo = " << alpha_text(row.alpha_lo) << "  alpha_hi = " << alpha_text(row.alpha_hi);
    if (row.alpha_lo && row.lower_end)
      os << "  (for every alpha in [" << format_scientific_exact(*row.lower_end) << ", alpha_lo] only: alpha_min, not (0, alpha_lo])";
    else if (row.alpha_lo)
      os << "  (for every alpha in (0, alpha_lo])";
    if (row.alpha_lo && row.alpha_hi) os << "  relative width in ln(1/alpha) " << std::setprecision(3) << row.log_rel_width;
    if (row.ratio_to_alpha_star) os << "\n        alpha_lo / alpha*_hyp = " << display(*row.ratio_to_alpha_star, d);
    if (!row.nonempty_above.empty()) {
      os << "\n        also non-empty above alpha_hi at alpha =";
      for (const auto& a : row.nonempty_above) os << " " << format_scientific_exact(a);
    }
    if (!row.reason.empty()) os << "\n        note: " << row.reason;
    os << "\n";
  }
  os << "\n(" << std::setprecision(3) << r.seconds << " s)\n";
}

}  // namespace

void run_threshold_command(const threshold_command_options& o, std::ostream& os) {
  const instance in = load_instance_file(o.file);
  if (o.threshold.k && (*o.threshold.k < 1 || *o.threshold.k > in.K))
    throw input_error("--k", std::to_string(*o.threshold.k) + " is not in 1..K = " + std::to_string(in.K));
  const threshold_result r = threshold(in, o.threshold);
  if (o.json) write_json(os, to_json(r, o));
  else write_text(os, r);
}

}  // namespace incert::cli
