// src/report.cpp: merging escalated runs and writing reports as JSON or text.
#include "report.hpp"

#include "incert/io/json_quote.hpp"

#include <iomanip>
#include <map>
#include <sstream>

namespace incert::cli {

bool check_report::any_undecided() const {
  for (const auto& h : hypotheses)
    if (h.value == verdict::undecided) return true;
  for (const auto& i : intervals)
    if (i.nonempty == verdict::undecided) return true;
  for (const auto& c : conclusions)
    if (c.value == verdict::undecided) return true;
  for (const auto& o : over_interval)
    if (o.value == verdict::undecided && !o.tail_unavailable) return true;
  // A singular initialization (decided exactly) leaves c_eps or C_eps undefined at any precision.
  for (const auto& h : hypotheses)
    if ((h.name == "W0_invertible" || h.name == "spectral_init_positive") && h.value == verdict::fails) return false;
  return intervals.empty() || !c_eps || !C_eps;
}

check_report merge_escalated(const check_report& earlier, check_report later) {
  std::map<std::string, const hypothesis_row*> old_h;
  for (const auto& h : earlier.hypotheses) old_h[h.name] = &h;
  for (auto& h : later.hypotheses) {
    auto it = old_h.find(h.name);
    if (it != old_h.end() && it->second->value != verdict::undecided) {
      h.value = it->second->value;
      h.precision_bits = it->second->precision_bits;
    }
  }
  std::map<std::size_t, const interval_row*> old_i;
  for (const auto& i : earlier.intervals) old_i[i.k] = &i;
  for (auto& i : later.intervals) {
    auto it = old_i.find(i.k);
    if (it != old_i.end() && it->second->nonempty != verdict::undecided) {
      i.nonempty = it->second->nonempty;
      i.precision_bits = it->second->precision_bits;
    }
  }
  auto range_key = [](const over_interval_row& o) { return o.where + ":" + std::to_string(o.where == "user" ? o.ordinal : o.k); };
  std::map<std::string, const over_interval_row*> old_o;
  for (const auto& o : earlier.over_interval) old_o[range_key(o)] = &o;
  for (auto& o : later.over_interval) {
    auto it = old_o.find(range_key(o));
    if (it != old_o.end() && it->second->value != verdict::undecided && o.value == verdict::undecided) o = *it->second;
  }
  std::map<std::size_t, const eps_window_row*> old_w;
  for (const auto& w : earlier.eps_windows) old_w[w.k] = &w;
  for (auto& w : later.eps_windows) {
    auto it = old_w.find(w.k);
    if (it == old_w.end()) continue;
    const eps_window_row& e = *it->second;
    if (w.found == verdict::undecided && e.found != verdict::undecided) {
      w = e;
      continue;
    }
    if (!w.last && !w.last_infinite && (e.last || e.last_infinite)) {
      w.last = e.last;
      w.last_infinite = e.last_infinite;
    }
    if (!w.inside_lo && e.inside_lo) {
      w.inside_lo = e.inside_lo;
      w.inside_hi = e.inside_hi;
    }
  }
  later.seconds += earlier.seconds;
  return later;
}

namespace {

std::string json_quote(const std::string& s) { return json::quote(s); }

std::string json(const enclosure_text& e) {
  if (e.approx) return "{\"approx\": " + json_quote(e.lo) + "}";
  return "{\"lo\": " + json_quote(e.lo) + ", \"hi\": " + json_quote(e.hi) + "}";
}

std::string json(const std::optional<enclosure_text>& e) { return e ? json(*e) : "null"; }

std::string verdict_json(verdict v, bool certified) {
  std::string s = to_string(v);
  if (!certified && v != verdict::undecided) s = "approx_" + s;
  return json_quote(s);
}

std::string eps_window_json(const eps_window_row& w, bool certified) {
  std::string inside = "null";
  if (w.inside_lo)
    inside = "{\"lo\": " + json_quote(*w.inside_lo) + ", \"hi\": " + json_quote(w.inside_hi ? *w.inside_hi : std::string("inf")) + "}";
  return "{\"found\": " + verdict_json(w.found, certified) + ", \"first\": " + json(w.first) +
         ", \"last\": " + (w.last_infinite ? std::string("\"inf\"") : json(w.last)) + ", \"certified_inside\": " + inside + "}";
}

std::string text(const enclosure_text& e) {
  if (e.approx) return "~" + e.lo;
  if (e.lo == e.hi) return e.lo;
  return "[" + e.lo + ", " + e.hi + "]";
}
std::string text(const std::optional<enclosure_text>& e) { return e ? text(*e) : "(not available)"; }

std::string verdict_text(verdict v, bool certified) {
  std::string s = to_string(v);
  if (!certified && v != verdict::undecided) s += " (approximate, not certified)";
  return s;
}

void matrix_json(std::ostream& os, const std::vector<std::vector<enclosure_text>>& M) {
  os << "[";
  for (std::size_t i = 0; i < M.size(); ++i) {
    os << (i ? ",\n    [" : "\n    [");
    for (std::size_t j = 0; j < M[i].size(); ++j) os << (j ? ", " : "") << json(M[i][j]);
    os << "]";
  }
  os << "]";
}

}  // namespace

void write_json(std::ostream& os, const check_report& r) {
  os << "{\n  \"instance\": " << json_quote(r.instance) << ",\n  \"scalar\": " << json_quote(r.scalar)
     << ",\n  \"certified\": " << (r.certified ? "true" : "false") << ",\n  \"theorem\": " << r.theorem
     << ",\n  \"precision_bits\": " << r.precision_bits << ",\n  \"log_alpha\": " << json(r.log_alpha)
     << ",\n  \"constants\": {\"c_eps\": " << json(r.c_eps) << ", \"C_eps\": " << json(r.C_eps)
     << ", \"M\": " << json(r.M) << "},\n  \"alpha_star_hyp\": " << json(r.alpha_star_hyp)
     << ",\n  \"log10_alpha_star_hyp\": " << json(r.log10_alpha_star_hyp) << ",\n  \"hypotheses\": [";
  for (std::size_t i = 0; i < r.hypotheses.size(); ++i) {
    const auto& h = r.hypotheses[i];
    os << (i ? "," : "") << "\n    {\"name\": " << json_quote(h.name) << ", \"verdict\": " << verdict_json(h.value, r.certified)
       << ", \"precision_bits\": " << h.precision_bits << "}";
  }
  os << "],\n  \"intervals\": [";
  for (std::size_t i = 0; i < r.intervals.size(); ++i) {
    const auto& I = r.intervals[i];
    os << (i ? "," : "") << "\n    {\"k\": " << I.k << ", \"lo\": " << json(I.lo)
       << ", \"hi\": " << (I.unbounded ? std::string("\"inf\"") : json(I.hi))
       << ", \"lo_over_log_inv_alpha\": " << json(I.lo_over_log)
       << ", \"hi_over_log_inv_alpha\": " << (I.unbounded ? std::string("\"inf\"") : json(I.hi_over_log))
       << ", \"nonempty\": " << verdict_json(I.nonempty, r.certified) << ", \"precision_bits\": " << I.precision_bits;
    for (const auto& w : r.eps_windows)
      if (w.k == I.k) os << ", \"eps_window\": " << eps_window_json(w, r.certified);
    os << "}";
  }
  os << "],\n  \"conclusion\": [";
  for (std::size_t i = 0; i < r.conclusions.size(); ++i) {
    const auto& c = r.conclusions[i];
    os << (i ? "," : "") << "\n    {\"k\": " << c.k << ", \"where\": " << json_quote(c.where) << ", \"t\": " << json(c.t) << ", \"error\": " << json(c.error)
       << ", \"verdict\": " << verdict_json(c.value, r.certified) << ", \"precision_bits\": " << c.precision_bits << "}";
  }
  for (std::size_t i = 0; i < r.over_interval.size(); ++i) {
    const auto& o = r.over_interval[i];
    os << (i || !r.conclusions.empty() ? "," : "") << "\n    {\"k\": " << o.k << ", \"over\": " << json_quote(o.where);
    if (o.where == "user") os << ", \"lo\": " << json_quote(o.range_lo) << ", \"hi\": " << json_quote(o.range_hi ? *o.range_hi : std::string("inf"));
    os << ", \"error_upper\": "
       << (o.error_upper ? json_quote(*o.error_upper) : std::string("null")) << ", \"verdict\": " << verdict_json(o.value, r.certified)
       << ", \"pieces\": " << o.pieces << ", \"precision_bits\": " << o.precision_bits;
    if (o.tail_unavailable) os << ", \"note\": \"no enclosure of W(t) up to t = inf without an invertible W~0\"";
    os << "}";
  }
  os << "],\n  \"max_relative_width\": " << std::setprecision(3) << r.max_relative_width
     << ",\n  \"seconds\": " << std::setprecision(3) << r.seconds << "\n}\n";
}

void write_json(std::ostream& os, const eval_report& r) {
  os << "{\n  \"instance\": " << json_quote(r.instance) << ",\n  \"scalar\": " << json_quote(r.scalar)
     << ",\n  \"certified\": " << (r.certified ? "true" : "false") << ",\n  \"precision_bits\": " << r.precision_bits
     << ",\n  \"method\": " << json_quote(r.method) << ",\n  \"t\": " << json(r.t) << ",\n  \"W\": ";
  matrix_json(os, r.W);
  os << ",\n  \"W_eigenbasis\": ";
  matrix_json(os, r.W_eigenbasis);
  os << ",\n  \"error_to_rank\": [";
  for (std::size_t i = 0; i < r.error_to_rank.size(); ++i)
    os << (i ? "," : "") << "\n    {\"k\": " << r.error_to_rank[i].first << ", \"value\": " << json(r.error_to_rank[i].second) << "}";
  os << "],\n  \"seconds\": " << std::setprecision(3) << r.seconds << "\n}\n";
}

void write_text(std::ostream& os, const check_report& r) {
  os << "incert check: " << r.instance << "\n"
     << "  Theorem " << r.theorem << (r.theorem == 3 ? " (spectral initialization)" : " (general initialization)")
     << ", scalar " << r.scalar << ", " << r.precision_bits << " bits"
     << (r.certified ? ", certified enclosures (rounded outward)" : ", APPROXIMATE values (point arithmetic, nothing certified)")
     << "\n\nConstants\n"
     << "  c_eps = " << text(r.c_eps) << "\n  C_eps = " << text(r.C_eps) << "\n";
  if (r.theorem == 4) os << "  M     = " << text(r.M) << "\n";
  os << "  ln(alpha) = " << text(r.log_alpha) << "\n";
  if (r.alpha_star_hyp)
    os << "  alpha*_hyp = " << text(r.alpha_star_hyp) << "  (largest alpha at which every hypothesis holds)\n";
  os << "\nHypotheses\n";
  for (const auto& h : r.hypotheses)
    os << "  " << std::left << std::setw(30) << h.name << verdict_text(h.value, r.certified) << "  (" << h.precision_bits << " bits)\n";
  os << "\nIntervals I_k (eq. 16)\n";
  if (r.intervals.empty()) os << "  (not available: c_eps or C_eps undefined)\n";
  for (const auto& I : r.intervals) {
    os << "  I_" << I.k << " = [" << text(I.lo) << ", " << (I.unbounded ? std::string("inf") : text(I.hi)) << (I.unbounded ? ")" : "]")
       << "  non-empty: " << verdict_text(I.nonempty, r.certified) << "\n";
  }
  os << "\nConclusion ||W(t) - Y^_k||_2 <= eps at sample times\n";
  if (r.conclusions.empty()) os << "  (no certified non-empty interval to sample)\n";
  for (const auto& c : r.conclusions)
    os << "  k=" << c.k << " (" << c.where << ")  t=" << text(c.t) << "  error=" << text(c.error) << "  " << verdict_text(c.value, r.certified) << "\n";
  if (!r.over_interval.empty()) {
    os << "\nConclusion ||W(t) - Y^_k||_2 <= eps for every t in I_k or in a given range (adaptive subdivision)\n";
    for (const auto& o : r.over_interval)
      os << "  k=" << o.k << (o.where == "user" ? "  t in [" + o.range_lo + ", " + (o.range_hi ? *o.range_hi + "]" : std::string("inf)")) : std::string("  t in I_k"))
         << "  max error <= " << (o.error_upper ? *o.error_upper : std::string("(not available)")) << "  "
         << verdict_text(o.value, r.certified) << "  (" << o.pieces << (o.pieces == 1 ? " piece" : " pieces") << ")"
         << (o.tail_unavailable ? "  [no enclosure of W(t) up to t = inf without an invertible W~0]" : "") << "\n";
  }
  if (!r.eps_windows.empty()) {
    os << "\nTrue eps-windows {t >= 0 : ||W(t) - Y^_k||_2 <= eps}: enclosures of their first and last time\n";
    for (const auto& w : r.eps_windows) {
      os << "  k=" << w.k << "  ";
      if (w.found == verdict::fails) os << "empty (certified)\n";
      else if (w.found == verdict::undecided) os << "no time certified\n";
      else {
        os << "first " << text(w.first) << "  last " << (w.last_infinite ? std::string("inf") : text(w.last));
        if (w.inside_lo) os << "  (<= eps certified on [" << *w.inside_lo << ", " << (w.inside_hi ? *w.inside_hi : std::string("inf")) << (w.inside_hi ? "])" : "))");
        os << "\n";
      }
    }
  }
  os << "\n(" << std::setprecision(3) << r.seconds << " s)\n";
}

void write_text(std::ostream& os, const eval_report& r) {
  os << "incert eval: " << r.instance << "\n  t = " << text(r.t) << ", scalar " << r.scalar << ", " << r.precision_bits
     << " bits, " << r.method << (r.certified ? "" : ", APPROXIMATE (nothing certified)") << "\n";
  if (r.W.empty()) {
    os << "  W(t) could not be certified at this precision\n";
    return;
  }
  auto dump = [&](const char* title, const std::vector<std::vector<enclosure_text>>& M) {
    os << "\n" << title << "\n";
    for (std::size_t i = 0; i < M.size(); ++i)
      for (std::size_t j = 0; j < M[i].size(); ++j) os << "  (" << i << "," << j << ") " << text(M[i][j]) << "\n";
  };
  dump("W~(t) in Y's eigenbasis", r.W_eigenbasis);
  dump("W(t) in the standard basis", r.W);
  os << "\n||W(t) - Y^_k||_2\n";
  for (const auto& e : r.error_to_rank) os << "  k=" << e.first << "  " << text(e.second) << "\n";
  os << "\n(" << std::setprecision(3) << r.seconds << " s)\n";
}

}  // namespace incert::cli
