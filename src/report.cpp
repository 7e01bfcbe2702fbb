// src/report.cpp: `check` and `eval` results as JSON and as text (report.hpp).
#include "report.hpp"

#include <iomanip>

namespace incert::cli {

namespace {

int digits_of(int digits, unsigned bits) { return digits_or_all(digits, bits); }

// The certified sub-interval of an eps-window, printed inward; nothing when none.
std::optional<std::pair<std::string, std::string>> inside_text(const eps_window_result& w, int digits) {
  if (!w.inside_lo) return std::nullopt;
  if (!w.inside_hi) return std::make_pair(format_up(*w.inside_lo, digits), std::string("inf"));
  return format_inside(*w.inside_lo, *w.inside_hi, digits);
}

json_doc eps_window_json(const eps_window_result& w, bool certified, int digits) {
  json_doc j;
  j["found"] = json_verdict(w.found, certified);
  j["first"] = json_enclosure(w.first, digits);
  j["last"] = w.last_infinite ? json_doc("inf") : json_enclosure(w.last, digits);
  json_doc inside = nullptr;
  if (auto in = inside_text(w, digits)) inside = json_doc{{"lo", in->first}, {"hi", in->second}};
  j["certified_inside"] = inside;
  if (!w.reason.empty()) j["reason"] = w.reason;
  return j;
}

std::string text(const std::optional<enclosure>& e, int digits) { return e ? display(*e, digits) : "(not available)"; }

std::string verdict_text(verdict v, bool certified) {
  std::string s = to_string(v);
  if (!certified && v != verdict::undecided) s += " (approximate, not certified)";
  return s;
}

json_doc matrix_json(const std::vector<std::vector<enclosure>>& M, int digits) {
  json_doc rows = json_doc::array();
  for (const auto& row : M) {
    json_doc r = json_doc::array();
    for (const auto& e : row) r.push_back(json_enclosure(e, digits));
    rows.push_back(r);
  }
  return rows;
}

}  // namespace

json_doc to_json(const check_result& r, int digits) {
  const int d = digits_of(digits, r.precision_bits);
  json_doc j;
  j["instance"] = r.instance;
  j["scalar"] = r.scalar;
  j["certified"] = r.certified;
  j["theorem"] = r.theorem;
  j["precision_bits"] = r.precision_bits;
  j["log_alpha"] = json_enclosure(r.log_alpha, d);
  j["constants"] = {{"c_eps", json_enclosure(r.c_eps, d)}, {"C_eps", json_enclosure(r.C_eps, d)}, {"M", json_enclosure(r.M, d)}};
  j["alpha_star_hyp"] = json_enclosure(r.alpha_star_hyp, d);
  j["log10_alpha_star_hyp"] = json_enclosure(r.log10_alpha_star_hyp, d);
  j["hypotheses"] = json_doc::array();
  for (const auto& h : r.hypotheses)
    j["hypotheses"].push_back({{"name", h.name}, {"verdict", json_verdict(h.value, r.certified)}, {"precision_bits", h.precision_bits}});
  j["intervals"] = json_doc::array();
  for (const auto& I : r.intervals) {
    json_doc row;
    row["k"] = I.k;
    row["lo"] = json_enclosure(I.lo, d);
    row["hi"] = I.unbounded ? json_doc("inf") : json_enclosure(I.hi, d);
    row["lo_over_log_inv_alpha"] = json_enclosure(I.lo_over_log_inv_alpha, d);
    row["hi_over_log_inv_alpha"] = I.unbounded ? json_doc("inf") : json_enclosure(I.hi_over_log_inv_alpha, d);
    row["nonempty"] = json_verdict(I.nonempty, r.certified);
    row["precision_bits"] = I.precision_bits;
    if (const eps_window_result* w = r.eps_window(I.k)) row["eps_window"] = eps_window_json(*w, r.certified, d);
    j["intervals"].push_back(row);
  }
  j["conclusion"] = json_doc::array();
  for (const auto& c : r.conclusions) {
    j["conclusion"].push_back({{"k", c.k},
                               {"where", c.where},
                               {"t", json_enclosure(c.t, d)},
                               {"error", json_enclosure(c.error, d)},
                               {"verdict", json_verdict(c.value, r.certified)},
                               {"precision_bits", c.precision_bits}});
    if (!c.reason.empty()) j["conclusion"].back()["reason"] = c.reason;
  }
  for (const auto& o : r.over_interval) {
    json_doc row;
    row["k"] = o.k;
    row["over"] = o.where;
    if (o.where == "user") {
      row["lo"] = o.range_lo;
      row["hi"] = o.range_hi ? *o.range_hi : std::string("inf");
    }
    row["error_upper"] = o.error_upper ? json_doc(format_up(*o.error_upper, d)) : json_doc(nullptr);
    row["verdict"] = json_verdict(o.value, r.certified);
    row["pieces"] = o.pieces;
    row["precision_bits"] = o.precision_bits;
    if (o.tail_unavailable) row["note"] = "no enclosure of W(t) up to t = inf without an invertible W~0";
    if (!o.reason.empty()) row["reason"] = o.reason;
    j["conclusion"].push_back(row);
  }
  j["max_relative_width"] = json_rounded(r.max_relative_width);
  j["seconds"] = json_rounded(r.seconds);
  j["reason"] = r.reason ? json_doc(*r.reason) : json_doc(nullptr);
  return j;
}

json_doc to_json(const eval_result& r, int digits) {
  const int d = digits_of(digits, r.precision_bits);
  json_doc j;
  j["instance"] = r.instance;
  j["scalar"] = r.scalar;
  j["certified"] = r.certified;
  j["precision_bits"] = r.precision_bits;
  j["method"] = r.method;
  j["t"] = json_enclosure(r.t, d);
  j["W"] = matrix_json(r.W, d);
  j["W_eigenbasis"] = matrix_json(r.W_eigenbasis, d);
  j["error_to_rank"] = json_doc::array();
  for (const auto& e : r.error_to_rank) j["error_to_rank"].push_back({{"k", e.k}, {"value", json_enclosure(e.value, d)}});
  j["seconds"] = json_rounded(r.seconds);
  j["reason"] = r.reason ? json_doc(*r.reason) : json_doc(nullptr);
  return j;
}

void write_text(std::ostream& os, const check_result& r, int digits) {
  const int d = digits_of(digits, r.precision_bits);
  os << "incert check: " << r.instance << "\n"
     << "  Theorem " << r.theorem << (r.theorem == 3 ? " (spectral initialization)" : " (general initialization)")
     << ", scalar " << r.scalar << ", " << r.precision_bits << " bits"
     << (r.certified ? ", certified enclosures (rounded outward)" : ", APPROXIMATE values (point arithmetic, nothing certified)")
     << "\n\nConstants\n"
     << "  c_eps = " << text(r.c_eps, d) << "\n  C_eps = " << text(r.C_eps, d) << "\n";
  if (r.theorem == 4) os << "  M     = " << text(r.M, d) << "\n";
  os << "  ln(alpha) = " << text(r.log_alpha, d) << "\n";
  if (r.alpha_star_hyp) os << "  alpha*_hyp = " << text(r.alpha_star_hyp, d) << "  (largest alpha at which every hypothesis holds)\n";
  os << "\nHypotheses\n";
  for (const auto& h : r.hypotheses)
    os << "  " << std::left << std::setw(30) << h.name << verdict_text(h.value, r.certified) << "  (" << h.precision_bits << " bits)\n";
  os << "\nIntervals I_k (eq. 16)\n";
  if (r.intervals.empty()) os << "  (not available: c_eps or C_eps undefined)\n";
  for (const auto& I : r.intervals)
    os << "  I_" << I.k << " = [" << text(I.lo, d) << ", " << (I.unbounded ? std::string("inf") : text(I.hi, d)) << (I.unbounded ? ")" : "]")
       << "  non-empty: " << verdict_text(I.nonempty, r.certified) << "\n";
  os << "\nConclusion ||W(t) - Y^_k||_2 <= eps at sample times\n";
  if (r.conclusions.empty()) os << "  (no certified non-empty interval to sample)\n";
  for (const auto& c : r.conclusions)
    os << "  k=" << c.k << " (" << c.where << ")  t=" << display(c.t, d) << "  error=" << text(c.error, d) << "  "
       << verdict_text(c.value, r.certified) << "\n";
  if (!r.over_interval.empty()) {
    os << "\nConclusion ||W(t) - Y^_k||_2 <= eps for every t in I_k or in a given range (adaptive subdivision)\n";
    for (const auto& o : r.over_interval)
      os << "  k=" << o.k
         << (o.where == "user" ? "  t in [" + o.range_lo + ", " + (o.range_hi ? *o.range_hi + "]" : std::string("inf)")) : std::string("  t in I_k"))
         << "  max error <= " << (o.error_upper ? format_up(*o.error_upper, d) : std::string("(not available)")) << "  "
         << verdict_text(o.value, r.certified) << "  (" << o.pieces << (o.pieces == 1 ? " piece" : " pieces") << ")"
         << (o.tail_unavailable ? "  [no enclosure of W(t) up to t = inf without an invertible W~0]" : "")
         << (o.reason.empty() ? "" : "  [" + o.reason + "]") << "\n";
  }
  if (!r.eps_windows.empty()) {
    os << "\nTrue eps-windows {t >= 0 : ||W(t) - Y^_k||_2 <= eps}: enclosures of their first and last time\n";
    for (const auto& w : r.eps_windows) {
      os << "  k=" << w.k << "  ";
      if (w.found == verdict::fails) {
        os << "empty (certified)" << (w.reason.empty() ? "" : "  [" + w.reason + "]") << "\n";
      } else if (w.found == verdict::undecided) {
        os << "no time certified\n";
      } else {
        os << "first " << text(w.first, d) << "  last " << (w.last_infinite ? std::string("inf") : text(w.last, d));
        if (auto in = inside_text(w, d))
          os << "  (<= eps certified on [" << in->first << ", " << in->second << (w.inside_hi ? "])" : "))");
        os << "\n";
      }
    }
  }
  if (r.reason) os << "\nNote: " << *r.reason << "\n";
  os << "\n(" << std::setprecision(3) << r.seconds << " s)\n";
}

void write_text(std::ostream& os, const eval_result& r, int digits) {
  const int d = digits_of(digits, r.precision_bits);
  os << "incert eval: " << r.instance << "\n  t = " << display(r.t, d) << ", scalar " << r.scalar << ", " << r.precision_bits << " bits, "
     << r.method << (r.certified ? "" : ", APPROXIMATE (nothing certified)") << "\n";
  if (!r.resolved()) {
    os << "  W(t) could not be certified at this precision\n";
    if (r.reason) os << "  Note: " << *r.reason << "\n";
    return;
  }
  auto dump = [&](const char* title, const std::vector<std::vector<enclosure>>& M) {
    os << "\n" << title << "\n";
    for (std::size_t i = 0; i < M.size(); ++i)
      for (std::size_t j = 0; j < M[i].size(); ++j) os << "  (" << i << "," << j << ") " << display(M[i][j], d) << "\n";
  };
  dump("W~(t) in Y's eigenbasis", r.W_eigenbasis);
  dump("W(t) in the standard basis", r.W);
  os << "\n||W(t) - Y^_k||_2\n";
  for (const auto& e : r.error_to_rank) os << "  k=" << e.k << "  " << text(e.value, d) << "\n";
  if (r.reason) os << "\nNote: " << *r.reason << "\n";
  os << "\n(" << std::setprecision(3) << r.seconds << " s)\n";
}

}  // namespace incert::cli
