// src/plot.cpp: see plot.hpp.
#include "plot.hpp"

#include "plot_svg.hpp"

#include "incert/api/alpha_grid.hpp"
#include "incert/api/check.hpp"
#include "incert/api/trace.hpp"
#include "incert/exact/exact_real.hpp"
#include "incert/flow/target_eigenbasis.hpp"
#include "incert/instance/load_instance.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <map>

namespace incert::cli {

namespace {

double to_d(const mpfr_float& x) { return x.convert_to<double>(); }
double mid_d(const enclosure& e) { return (to_d(e.lo) + to_d(e.hi)) / 2; }

// A band of a curve over [x0, x1] (valid for every t there: a range row of api/trace.hpp), and a
// point of the centre line (a sample).
struct band_piece {
  double x0 = 0, x1 = 0, lo = 0, hi = 0;
};
struct sample {
  double x = 0, v = 0;
};

struct shaded {
  std::size_t k = 0;
  double x_lo = 0, x_hi = 0;  // x_hi = +inf when unbounded
};

// The true eps-window of k (theory/eps_window.hpp): from its first to its last time (x_last =
// +inf when it never closes, NaN when its end is unknown); inside: certified <= eps there.
struct window_mark {
  std::size_t k = 0;
  double x_first = 0, x_last = 0;
  std::optional<std::pair<double, double>> inside;
};

struct panel {
  std::string title, subtitle, x_label;
  double x_max = 1;
  std::vector<std::vector<band_piece>> bands;  // one per diagonal entry
  std::vector<std::vector<sample>> lines;
  std::vector<shaded> intervals;
  std::vector<window_mark> windows;
};

constexpr std::size_t samples_per_panel = 161;

// One panel: W~_ii(t) at alpha (the instance's own alpha when alpha is empty), from the
// library's trace (api/trace.hpp: bands valid for every t between the samples) and check (I_k,
// eps-windows).
panel compute_panel(instance in, const std::optional<std::string>& alpha_text, bool normalised) {
  if (alpha_text) {
    in.alpha = alpha_spec{};
    in.alpha.value = parse_exact(*alpha_text);
    in.alpha.text = *alpha_text;
  }
  check_options what;
  what.over_interval = false;  // the figure draws I_k and the eps-windows, not conclusions over I_k
  const check_result chk = check(in, what);
  const double L = chk.log_alpha ? -mid_d(*chk.log_alpha) : 0;  // ln(1/alpha)
  normalised = normalised && L > 0;
  // Scale of t: ln(1/alpha) (or 1 when alpha >= 1); the last curve rises near 1/(2 sigma_K).
  const double scale = L > 0 ? L : 1.0;
  const double sigma_K = approx_target_eigenvalues(in)[in.K - 1].get_d();
  double tau_max = 1.0 / sigma_K;

  panel P;
  for (const auto& I : chk.intervals) {
    if (I.nonempty != verdict::holds || !I.lo) continue;
    shaded s;
    s.k = I.k;
    s.x_lo = std::max(0.0, mid_d(*I.lo) / scale);
    s.x_hi = I.unbounded || !I.hi ? std::numeric_limits<double>::infinity() : mid_d(*I.hi) / scale;
    if (s.x_hi < s.x_lo) s.x_hi = s.x_lo;
    tau_max = std::max(tau_max, 1.25 * (std::isfinite(s.x_hi) ? s.x_hi : s.x_lo));
    P.intervals.push_back(s);
  }
  for (const auto& w : chk.eps_windows) {
    if (w.found != verdict::holds || !w.first) continue;
    window_mark m;
    m.k = w.k;
    m.x_first = mid_d(*w.first) / scale;
    m.x_last = w.last_infinite ? std::numeric_limits<double>::infinity()
               : w.last        ? mid_d(*w.last) / scale
                               : std::numeric_limits<double>::quiet_NaN();
    if (w.inside_lo)
      m.inside = std::make_pair(to_d(*w.inside_lo) / scale, w.inside_hi ? to_d(*w.inside_hi) / scale : std::numeric_limits<double>::infinity());
    if (std::isfinite(m.x_last)) tau_max = std::max(tau_max, 1.1 * m.x_last);
    P.windows.push_back(m);
  }
  const double u = normalised ? 1.0 : scale;  // x = t / ln(1/alpha) or t
  P.x_max = tau_max * u;
  trace_options o;
  o.from = 0;
  o.to = mpq_class(tau_max * scale);  // any exact time near the axis end will do: x is placement only
  o.points = samples_per_panel;
  o.max_depth = 3;
  o.with_check = false;
  const trace_result r = trace(in, o);
  P.bands.assign(in.n, {});
  P.lines.assign(in.n, {});
  for (std::size_t i = 0; i < in.n; ++i) {
    for (const auto& R : r.ranges)
      if (const auto& e = R.values.diagonal[i])
        P.bands[i].push_back({R.from.get_d() / scale * u, R.to.get_d() / scale * u, to_d(e->lo), to_d(e->hi)});
    for (const auto& S : r.samples)
      if (const auto& e = S.values.diagonal[i]) P.lines[i].push_back({S.t.get_d() / scale * u, mid_d(*e)});
  }
  if (!normalised) {
    for (auto& s : P.intervals) {
      s.x_lo *= scale;
      s.x_hi *= scale;
    }
    for (auto& w : P.windows) {
      w.x_first *= scale;
      w.x_last *= scale;
      if (w.inside) w.inside = std::make_pair(w.inside->first * scale, w.inside->second * scale);
    }
  }
  P.title = std::string("α = ") + in.alpha.text + (alpha_text ? "" : " (instance)");
  std::string failing;
  for (const auto& h : chk.hypotheses)
    if (h.value != verdict::holds) failing += (failing.empty() ? "" : ", ") + h.name + (h.value == verdict::fails ? " fails" : " undecided");
  P.subtitle = "Theorem " + std::to_string(chk.theorem) + ": " + (failing.empty() ? std::string("all hypotheses hold") : failing);
  P.x_label = normalised ? "t / ln(1/α)" : "t";
  return P;
}

// The vertical axis of a panel: linear on [0, 1.1 sigma_1], or log10 over [lo, hi] decades.
struct value_axis {
  bool log = false;
  double lo = 0, hi = 1;
  double units(double v) const { return log ? (v > 0 ? std::log10(v) : -std::numeric_limits<double>::infinity()) : v; }
};

void draw_axes(svg_writer& svg, const box& b, double x_max, const value_axis& a, const std::string& x_label,
               const std::string& y_label) {
  svg.rect(b.x, b.y, b.w, b.h, "fill:none;stroke:#333333;stroke-width:1");
  for (double v : nice_ticks(0, x_max, 6)) {
    const double px = b.x + b.w * v / x_max;
    svg.line(px, b.y + b.h, px, b.y + b.h + 5, "stroke:#333333;stroke-width:1");
    svg.text(px, b.y + b.h + 18, tick_label(v), 11, "middle");
  }
  std::vector<double> ticks;
  if (a.log) {
    const double step = std::max(1.0, std::ceil((a.hi - a.lo) / 6));
    for (double e = a.hi; e >= a.lo - 1e-9; e -= step) ticks.push_back(e);
  } else {
    ticks = nice_ticks(a.lo, a.hi, 5);
  }
  for (double v : ticks) {
    const double py = b.y + b.h - b.h * (v - a.lo) / (a.hi - a.lo);
    svg.line(b.x - 5, py, b.x, py, "stroke:#333333;stroke-width:1");
    svg.line(b.x, py, b.x + b.w, py, "stroke:#eeeeee;stroke-width:1");
    svg.text(b.x - 8, py + 4, a.log ? "10^{" + fmt(v, 0) + "}" : tick_label(v), 11, "end");
  }
  svg.text(b.x + b.w / 2, b.y + b.h + 38, x_label, 13, "middle");
  svg.text(b.x - 52, b.y + b.h / 2, y_label, 13, "middle", -90);
}

// Height of the strip of eps-window bars above a panel (one row per k).
double window_strip(std::size_t K) { return 8.0 * static_cast<double>(K) + 6; }

void draw_panel(svg_writer& svg, const panel& P, const box& b, const instance& in, double eps, int index, bool log_y) {
  const std::vector<mpq_class> sigma = approx_target_eigenvalues(in);  // a dense Y has no exact ones
  const double sigma1 = sigma[0].get_d();
  value_axis a;
  if (log_y) {
    double min_pos = std::numeric_limits<double>::infinity();
    for (const auto& line : P.lines)
      for (const auto& p : line)
        if (p.v > 0) min_pos = std::min(min_pos, p.v);
    a.log = true;
    a.hi = std::ceil(std::log10(1.5 * sigma1));
    a.lo = std::floor(std::log10(std::max(std::isfinite(min_pos) ? min_pos : sigma1 * 1e-10, sigma1 * 1e-60)));
    if (a.hi - a.lo < 1) a.lo = a.hi - 1;
  } else {
    a.hi = 1.1 * sigma1;
  }
  auto X = [&](double x) { return b.x + b.w * std::min(std::max(x / P.x_max, 0.0), 1.0); };
  auto Y = [&](double y) {
    double u = a.units(y);
    if (std::isnan(u) || u < a.lo) u = a.lo;
    if (u > a.hi) u = a.hi;
    return b.y + b.h - b.h * (u - a.lo) / (a.hi - a.lo);
  };
  const double strip = window_strip(in.K);
  svg.text(b.x, b.y - strip - 26, P.title, 15, "start", 0, "font-weight:bold");
  svg.text(b.x, b.y - strip - 9, P.subtitle, 11, "start", 0, "fill:#555555");
  // True eps-windows: one row per k in a strip above the plot (not among the data): a thin line
  // from the first to the last time with error <= eps, solid where error <= eps is certified at
  // every t (dotted when the end is unknown).
  svg.rect(b.x, b.y - strip, b.w, strip, "fill:#fafafa;stroke:#cccccc;stroke-width:0.6");
  for (const auto& w : P.windows) {
    const double y = b.y - strip + 5 + 8.0 * static_cast<double>(w.k - 1);
    const bool open_end = !std::isfinite(w.x_last);
    const double x0 = X(w.x_first), x1 = open_end ? b.x + b.w : X(w.x_last);
    const std::string colour = palette(w.k - 1);
    svg.open_group("class=\"window\"");
    svg.line(x0, y, x1, y, "stroke:" + colour + ";stroke-width:1.2" + std::string(std::isnan(w.x_last) ? ";stroke-dasharray:2,3" : ""));
    if (w.inside) {
      const double i0 = X(w.inside->first), i1 = std::isfinite(w.inside->second) ? X(w.inside->second) : b.x + b.w;
      svg.rect(i0, y - 2.5, i1 - i0, 5, "fill:" + colour + ";stroke:#000000;stroke-width:0.4");
    }
    svg.close_group();
  }
  const std::string clip = "clip" + std::to_string(index);
  svg.clip_rect(clip, b.x, b.y, b.w, b.h);
  svg.open_group("clip-path=\"url(#" + clip + ")\"");
  // Certified non-empty intervals I_k: greys (legible in print, neutral beside the curves).
  for (const auto& s : P.intervals) {
    const double x0 = X(s.x_lo), x1 = std::isfinite(s.x_hi) ? X(s.x_hi) : b.x + b.w;
    svg.rect(x0, b.y, x1 - x0, b.h, s.k % 2 ? "fill:#e8e8e8;stroke:none" : "fill:#d4d4d4;stroke:none", "class=\"interval\"");
    if (x1 - x0 > 16) svg.text((x0 + std::min(x1, b.x + b.w)) / 2, b.y + 14, "I_{" + std::to_string(s.k) + "}", 13, "middle", 0, "font-style:italic");
  }
  // eps-bands and targets.
  for (std::size_t i = 0; i < in.n; ++i) {
    const double sg = sigma[i].get_d();
    if (a.log && sg <= 0) continue;
    svg.rect(b.x, Y(sg + eps), b.w, Y(a.log ? std::max(sg - eps, sg / 2) : sg - eps) - Y(sg + eps), "fill:#000000;fill-opacity:0.06;stroke:none");
    svg.line(b.x, Y(sg), b.x + b.w, Y(sg), "stroke:#555555;stroke-width:1;stroke-dasharray:6,4");
  }
  // Curves: the certified band over every sub-interval between samples (it contains W~_ii(t) for
  // every t there), and a line through the sample midpoints with a dash pattern per entry.
  for (std::size_t i = 0; i < P.bands.size(); ++i) {
    const std::string colour = palette(i);
    svg.open_group("class=\"curve\"");
    std::vector<std::pair<double, double>> upper, lower;
    for (const auto& p : P.bands[i]) {
      upper.push_back({X(p.x0), Y(p.hi)});
      upper.push_back({X(p.x1), Y(p.hi)});
      lower.push_back({X(p.x0), Y(p.lo)});
      lower.push_back({X(p.x1), Y(p.lo)});
    }
    std::vector<std::pair<double, double>> poly = upper;
    poly.insert(poly.end(), lower.rbegin(), lower.rend());
    if (!poly.empty()) svg.polygon(poly, "fill:" + colour + ";fill-opacity:0.35;stroke:" + colour + ";stroke-width:0.6");
    std::vector<std::pair<double, double>> line;
    for (const auto& p : P.lines[i]) line.push_back({X(p.x), Y(p.v)});
    if (line.size() >= 2) svg.polyline(line, "stroke:" + colour + ";stroke-width:1.8" + dashes(i));
    svg.close_group();
  }
  svg.close_group();
  draw_axes(svg, b, P.x_max, a, P.x_label, "diag W̃(t)" + std::string(a.log ? " (log scale)" : ""));
}

std::string sigma_text(const mpq_class& q) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.4g", q.get_d());
  return buf;
}

}  // namespace

std::vector<std::string> parse_alpha_list(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    std::size_t comma = text.find(',', start);
    std::string item = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    mpq_class q;
    try {
      q = parse_exact(item);
    } catch (const number_format_error& e) {
      throw input_error("--alphas", e.what());
    }
    if (q <= 0 || q >= 1) throw input_error("--alphas", "each alpha must lie in (0, 1), got \"" + item + "\"");
    out.push_back(item);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  if (out.size() != 3) throw input_error("--alphas", "expected three alphas A,B,C, got " + std::to_string(out.size()));
  return out;
}

void run_plot(const plot_options& o) {
  check_output_path(o.out);
  instance in = load_instance_file(o.file);
  if (o.eps) {
    if (*o.eps <= 0) throw input_error("--eps", "must be positive");
    in.epsilon = *o.eps;
  }
  // Four distinct alphas: a default alpha equal to the instance's is replaced by the next spare.
  std::vector<std::string> alphas = o.alphas;
  if (!o.alphas_given) {
    const auto is_instance_alpha = [&](const std::string& a) {
      return in.alpha.value ? parse_exact(a) == *in.alpha.value : log10_grid_point(parse_exact(a)) == *in.alpha.log10;
    };
    std::vector<std::string> spare = {"1e-10", "1e-100", "1e-1000"};
    for (auto& a : alphas)
      if (is_instance_alpha(a))
        for (auto it = spare.begin(); it != spare.end(); ++it)
          if (!is_instance_alpha(*it) && std::find(alphas.begin(), alphas.end(), *it) == alphas.end()) {
            a = *it;
            spare.erase(it);
            break;
          }
  }
  std::vector<panel> panels;
  panels.push_back(compute_panel(in, std::nullopt, false));
  for (const auto& a : alphas) panels.push_back(compute_panel(in, a, true));

  const double strip = window_strip(in.K);
  const double cell_w = 560, cell_h = 410 + strip, legend_w = 270, top = 50;
  svg_writer svg(2 * cell_w + legend_w, top + 2 * cell_h);
  svg.text(20, 30, "Gradient flow of symmetric matrix factorization: diag W̃(t) in the eigenbasis of Y (" +
                       (in.source.empty() ? std::string("instance") : in.source) + ", ε = " + sigma_text(in.epsilon) + ")",
           16, "start", 0, "font-weight:bold");
  for (int k = 0; k < 4; ++k) {
    const double cx = (k % 2) * cell_w, cy = top + (k / 2) * cell_h;
    draw_panel(svg, panels[static_cast<std::size_t>(k)], box{cx + 85, cy + 50 + strip, cell_w - 115, cell_h - 115 - strip}, in,
               in.epsilon.get_d(), k, o.log_y);
  }
  // Legend.
  const double lx = 2 * cell_w + 5;
  double ly = top + 60;
  svg.text(lx, ly, "Legend", 14, "start", 0, "font-weight:bold");
  ly += 22;
  const std::vector<mpq_class> sigma_labels = approx_target_eigenvalues(in);
  for (std::size_t i = 0; i < in.n && i < 12; ++i) {
    svg.rect(lx, ly - 9, 28, 9, "fill:" + palette(i) + ";fill-opacity:0.35;stroke:none");
    svg.line(lx, ly - 4, lx + 28, ly - 4, "stroke:" + palette(i) + ";stroke-width:1.8" + dashes(i));
    const std::string ii = std::to_string(i + 1) + (in.n >= 10 ? "," : "") + std::to_string(i + 1);
    svg.text(lx + 36, ly, "W̃_{" + ii + "}(t), σ_{" + std::to_string(i + 1) + "} = " + sigma_text(sigma_labels[i]), 12);
    ly += 20;
  }
  ly += 6;
  svg.line(lx, ly - 4, lx + 28, ly - 4, "stroke:#555555;stroke-width:1;stroke-dasharray:6,4");
  svg.text(lx + 36, ly, "target σ_{i}", 12);
  ly += 20;
  svg.rect(lx, ly - 12, 28, 12, "fill:#000000;fill-opacity:0.08");
  svg.text(lx + 36, ly, "σ_{i} ± ε", 12);
  ly += 20;
  svg.rect(lx, ly - 12, 14, 12, "fill:#e8e8e8");
  svg.rect(lx + 14, ly - 12, 14, 12, "fill:#d4d4d4");
  svg.text(lx + 36, ly, "I_{k}, certified non-empty", 12);
  ly += 16;
  svg.text(lx + 36, ly, "(‖W(t) − Ŷ_{k}‖ ≤ ε there", 11, "start", 0, "fill:#555555");
  ly += 14;
  svg.text(lx + 36, ly, "when the hypotheses hold)", 11, "start", 0, "fill:#555555");
  ly += 22;
  svg.line(lx, ly - 4, lx + 28, ly - 4, "stroke:" + palette(0) + ";stroke-width:1.2");
  svg.rect(lx + 6, ly - 6.5, 16, 5, "fill:" + palette(0) + ";stroke:#000000;stroke-width:0.4");
  svg.text(lx + 36, ly, "ε-window of k (strip above", 12);
  ly += 16;
  svg.text(lx + 36, ly, "each panel, row k): first to last", 11, "start", 0, "fill:#555555");
  ly += 14;
  svg.text(lx + 36, ly, "time with ‖W(t) − Ŷ_{k}‖ ≤ ε; solid:", 11, "start", 0, "fill:#555555");
  ly += 14;
  svg.text(lx + 36, ly, "≤ ε certified at every t", 11, "start", 0, "fill:#555555");
  ly += 26;
  svg.text(lx, ly, "Curves: certified bands (MPFI, 128", 11, "start", 0, "fill:#555555");
  ly += 14;
  svg.text(lx, ly, "bits) valid for every t between the " + std::to_string(samples_per_panel), 11, "start", 0, "fill:#555555");
  ly += 14;
  svg.text(lx, ly, "samples, line through the samples;", 11, "start", 0, "fill:#555555");
  ly += 14;
  svg.text(lx, ly, o.log_y ? "log scale." : "values clipped to [0, 1.1 σ_{1}].", 11, "start", 0, "fill:#555555");
  write_figure(svg.str(), o.out);
}

// ---------------------------------------------------------------- plot-sweep

namespace {

std::vector<std::string> split_csv(const std::string& line) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : line) {
    if (c == ',') {
      out.push_back(cur);
      cur.clear();
    } else if (c != '\r') {
      cur += c;
    }
  }
  out.push_back(cur);
  return out;
}

// A table cell as a double for placing it in the drawing only: pixels, not certified values,
// so rounding through a double is harmless here (nothing is decided from it).
double cell_for_drawing(const std::string& s) {
  if (s.empty()) return std::numeric_limits<double>::quiet_NaN();
  if (s == "inf") return std::numeric_limits<double>::infinity();
  if (s == "-inf") return -std::numeric_limits<double>::infinity();
  char* end = nullptr;
  double v = std::strtod(s.c_str(), &end);
  if (end == s.c_str() || *end != '\0') return std::numeric_limits<double>::quiet_NaN();
  return v;
}

}  // namespace

void run_plot_sweep(const std::string& table, const std::string& out) {
  check_output_path(out);
  std::ifstream f(table);
  if (!f) throw input_error(table, "cannot read file");
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::string line;
  while (std::getline(f, line)) {
    if (line.empty() || line[0] == '#') continue;
    if (header.empty()) header = split_csv(line);
    else rows.push_back(split_csv(line));
  }
  std::map<std::string, std::size_t> col;
  for (std::size_t i = 0; i < header.size(); ++i) col[header[i]] = i;
  if (!col.count("log10_alpha")) throw input_error(table, "not a sweep table: no log10_alpha column");
  std::size_t K = 0;
  while (col.count("I" + std::to_string(K + 1) + "_start_over_log_lo")) ++K;
  if (K == 0) throw input_error(table, "not a sweep table: no I1_start_over_log_lo column");
  if (rows.empty()) throw input_error(table, "no data rows");
  auto get = [&](const std::vector<std::string>& r, const std::string& name) {
    auto it = col.find(name);
    if (it == col.end() || it->second >= r.size()) return std::numeric_limits<double>::quiet_NaN();
    return cell_for_drawing(r[it->second]);
  };
  auto text = [&](const std::vector<std::string>& r, const std::string& name) -> std::string {
    auto it = col.find(name);
    return it == col.end() || it->second >= r.size() ? "" : r[it->second];
  };
  auto hypotheses_hold = [&](const std::vector<std::string>& r) {
    for (const char* h : {"distinct_nonzero_eigenvalues", "W0_invertible", "spectral_init_positive", "epsilon_range",
                          "alpha_small", "log_ratio"})
      if (col.count(h) && text(r, h) != "holds") return false;
    return true;
  };
  std::vector<double> xs;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    double x = -get(rows[r], "log10_alpha");
    if (!std::isfinite(x)) throw input_error(table, "row " + std::to_string(r + 1) + ": bad log10_alpha");
    xs.push_back(x);
  }
  const double x_min = *std::min_element(xs.begin(), xs.end()), x_max = *std::max_element(xs.begin(), xs.end());
  const bool log_x = x_min > 0 && x_max / x_min > 100;
  auto xv = [&](double x) { return log_x ? std::log10(x) : x; };
  const double a = log_x ? std::floor(xv(x_min)) : std::min(0.0, x_min), b = log_x ? std::ceil(xv(x_max)) : x_max;

  // The error plotted: the certified maximum over the whole of I_k when the table has it (sweeps
  // since issue 16), else the certified error at the middle of I_k (older tables).
  const bool have_max = col.count("I1_error_max_hi") > 0;
  const std::string error_column = have_max ? "error_max_hi" : "error_mid_hi";
  double eps = std::numeric_limits<double>::quiet_NaN(), star = std::numeric_limits<double>::quiet_NaN();
  for (const auto& r : rows) {
    if (std::isnan(eps)) eps = get(r, "epsilon");
    if (std::isnan(star)) star = -(get(r, "log10_alpha_star_hyp_lo") + get(r, "log10_alpha_star_hyp_hi")) / 2;  // log10(1/alpha*_hyp)
  }
  // Ranges.
  double y1_max = 0, e_min = 1e300, e_max = 0;
  for (const auto& r : rows)
    for (std::size_t k = 1; k <= K; ++k) {
      const std::string I = "I" + std::to_string(k) + "_";
      if (text(r, I + "nonempty") != "holds") continue;
      for (const char* c : {"start_over_log_hi", "end_over_log_hi"}) {
        double v = get(r, I + c);
        if (std::isfinite(v)) y1_max = std::max(y1_max, v);
      }
      double e = get(r, I + error_column);
      if (std::isfinite(e) && e > 0) {
        e_min = std::min(e_min, e);
        e_max = std::max(e_max, e);
      }
    }
  if (std::isfinite(eps) && eps > 0) {
    e_min = std::min(e_min, eps);
    e_max = std::max(e_max, eps);
  }
  if (y1_max <= 0) y1_max = 1;
  y1_max *= 1.15;
  const bool have_err = e_max > 0;
  double le_lo = have_err ? std::floor(std::log10(e_min)) - 1 : -40, le_hi = have_err ? std::ceil(std::log10(e_max)) + 1 : 0;

  const double W = 1100, H = 880;
  svg_writer svg(W, H);
  svg.text(20, 30, "incert sweep: intervals I_{k} and certified error against log10(1/\u03b1) (" + table + ")", 16, "start", 0,
           "font-weight:bold");
  const box b1{90, 80, 760, 320}, b2{90, 500, 760, 300};
  auto X = [&](const box& bx, double x) { return bx.x + bx.w * (xv(x) - a) / (b - a); };
  const std::string x_label = log_x ? "log10(1/\u03b1)  (log scale)" : "log10(1/\u03b1)";
  auto draw_x = [&](const box& bx) {
    svg.rect(bx.x, bx.y, bx.w, bx.h, "fill:none;stroke:#333333");
    if (log_x) {
      for (double e = a; e <= b + 1e-9; e += 1) {
        const double px = bx.x + bx.w * (e - a) / (b - a);
        svg.line(px, bx.y + bx.h, px, bx.y + bx.h + 5, "stroke:#333333");
        svg.line(px, bx.y, px, bx.y + bx.h, "stroke:#eeeeee");
        svg.text(px, bx.y + bx.h + 18, tick_label(std::pow(10.0, e)), 11, "middle");
      }
    } else {
      for (double v : nice_ticks(a, b, 8)) {
        const double px = bx.x + bx.w * (v - a) / (b - a);
        svg.line(px, bx.y + bx.h, px, bx.y + bx.h + 5, "stroke:#333333");
        svg.text(px, bx.y + bx.h + 18, tick_label(v), 11, "middle");
      }
    }
    svg.text(bx.x + bx.w / 2, bx.y + bx.h + 38, x_label, 13, "middle");
  };
  // Panel 1: start and end of I_k over ln(1/alpha).
  svg.text(b1.x, b1.y - 12, "Start (solid) and end (dashed) of I_{k}, divided by ln(1/\u03b1); only where I_{k} is certified non-empty (hollow: a hypothesis fails)", 13,
           "start", 0, "font-weight:bold");
  for (double v : nice_ticks(0, y1_max, 6)) {
    const double py = b1.y + b1.h - b1.h * v / y1_max;
    svg.line(b1.x, py, b1.x + b1.w, py, "stroke:#eeeeee");
    svg.line(b1.x - 5, py, b1.x, py, "stroke:#333333");
    svg.text(b1.x - 8, py + 4, tick_label(v), 11, "end");
  }
  svg.text(b1.x - 55, b1.y + b1.h / 2, "t / ln(1/\u03b1)", 13, "middle", -90);
  auto Y1 = [&](double v) { return b1.y + b1.h - b1.h * std::min(std::max(v, 0.0), y1_max) / y1_max; };
  for (std::size_t k = 1; k <= K; ++k) {
    const std::string I = "I" + std::to_string(k) + "_";
    for (const char* which : {"start", "end"}) {
      std::vector<std::pair<double, double>> pts;
      auto flush = [&]() {
        if (pts.size() >= 2)
          svg.polyline(pts, "stroke:" + palette(k - 1) + ";stroke-width:2" + (std::string(which) == "end" ? ";stroke-dasharray:7,4" : ""));
        pts.clear();
      };
      for (std::size_t r = 0; r < rows.size(); ++r) {
        double v = (get(rows[r], I + which + "_over_log_lo") + get(rows[r], I + which + "_over_log_hi")) / 2;
        if (text(rows[r], I + "nonempty") != "holds" || !std::isfinite(v)) {
          flush();
          continue;
        }
        if (log_x && xs[r] <= 0) continue;
        if (!hypotheses_hold(rows[r])) {  // hollow marker, not connected
          flush();
          svg.circle(X(b1, xs[r]), Y1(v), 3, "fill:#ffffff;stroke-width:1.5;stroke:" + palette(k - 1));
          continue;
        }
        pts.push_back({X(b1, xs[r]), Y1(v)});
        svg.circle(X(b1, xs[r]), Y1(v), 2.5, "fill:" + palette(k - 1));
      }
      flush();
    }
  }
  draw_x(b1);
  // Legend of panel 1 (right of the plot).
  double ly = b1.y + 10;
  for (std::size_t k = 1; k <= K; ++k) {
    svg.line(b1.x + b1.w + 15, ly - 4, b1.x + b1.w + 40, ly - 4, "stroke:" + palette(k - 1) + ";stroke-width:2");
    svg.text(b1.x + b1.w + 46, ly, "I_{" + std::to_string(k) + "} start", 12);
    ly += 18;
    svg.line(b1.x + b1.w + 15, ly - 4, b1.x + b1.w + 40, ly - 4, "stroke:" + palette(k - 1) + ";stroke-width:2;stroke-dasharray:7,4");
    svg.text(b1.x + b1.w + 46, ly, "I_{" + std::to_string(k) + "} end", 12);
    ly += 24;
  }
  // Panel 2: certified error at the middle of I_k, log scale.
  svg.text(b2.x, b2.y - 12,
           have_max ? "Certified max over t ∈ I_{k} of ‖W(t) − Ŷ_{k}‖_{2} (log scale), ε dotted"
                    : "Certified upper bound of ‖W(t) − Ŷ_{k}‖_{2} at the middle of I_{k} (log scale)",
           13, "start", 0, "font-weight:bold");
  auto Y2 = [&](double e) { return b2.y + b2.h - b2.h * (std::log10(e) - le_lo) / (le_hi - le_lo); };
  {
    const double step = std::max(1.0, std::ceil((le_hi - le_lo) / 8));
    for (double e = le_lo; e <= le_hi + 1e-9; e += step) {
      const double py = b2.y + b2.h - b2.h * (e - le_lo) / (le_hi - le_lo);
      svg.line(b2.x, py, b2.x + b2.w, py, "stroke:#eeeeee");
      svg.line(b2.x - 5, py, b2.x, py, "stroke:#333333");
      svg.text(b2.x - 8, py + 4, "1e" + fmt(e, 0), 11, "end");
    }
  }
  svg.text(b2.x - 62, b2.y + b2.h / 2, have_max ? "max error over I_{k}" : "error at mid of I_{k}", 13, "middle", -90);
  if (std::isfinite(eps) && eps > 0) {
    const double py = Y2(eps);
    svg.line(b2.x, py, b2.x + b2.w, py, "stroke:#000000;stroke-width:1.4;stroke-dasharray:2,3");
    svg.text(b2.x + 6, py - 5, "ε = " + tick_label(eps), 12);
  }
  // alpha*_hyp: the largest alpha at which every hypothesis holds, in both panels.
  if (std::isfinite(star) && (!log_x || star > 0) && xv(star) >= a && xv(star) <= b) {
    for (const box* bx : {&b1, &b2}) {
      const double px = X(*bx, star);
      svg.line(px, bx->y, px, bx->y + bx->h, "stroke:#000000;stroke-width:1.2;stroke-dasharray:8,3,2,3");
      svg.text(px + 4, bx->y + 14, "α*_{hyp}", 12, "start", 0, "font-style:italic");
    }
  }
  for (std::size_t k = 1; k <= K && have_err; ++k) {
    const std::string I = "I" + std::to_string(k) + "_";
    std::vector<std::pair<double, double>> pts;
    for (std::size_t r = 0; r < rows.size(); ++r) {
      double e = get(rows[r], I + error_column);
      if (!std::isfinite(e) || e <= 0 || (log_x && xs[r] <= 0)) continue;
      pts.push_back({X(b2, xs[r]), Y2(e)});
    }
    if (pts.size() >= 2) svg.polyline(pts, "stroke:" + palette(k - 1) + ";stroke-width:1.5" + dashes(k - 1));
    for (const auto& p : pts) svg.circle(p.first, p.second, 2.5, "fill:" + palette(k - 1));
  }
  if (!have_err) svg.text(b2.x + b2.w / 2, b2.y + b2.h / 2, "no certified error in the table", 14, "middle");
  draw_x(b2);
  ly = b2.y + 10;
  for (std::size_t k = 1; k <= K; ++k) {
    svg.circle(b2.x + b2.w + 27, ly - 4, 3, "fill:" + palette(k - 1));
    svg.text(b2.x + b2.w + 46, ly, "k = " + std::to_string(k), 12);
    ly += 18;
  }
  write_figure(svg.str(), out);
}

}  // namespace incert::cli
