// src/plot.cpp: see plot.hpp.
#include "plot.hpp"

#include "plot_svg.hpp"

#include "incert/exact/exact_real.hpp"
#include "incert/flow/closed_form.hpp"
#include "incert/instance/load_instance.hpp"
#include "incert/theory/theorem_check.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <map>

namespace incert::cli {

namespace {

using mtraits = scalar_traits<mpfi_float>;

double to_d(const mpfr_float& x) { return x.convert_to<double>(); }
double lo_d(const mpfi_float& x) { return to_d(mtraits::lower(x)); }
double hi_d(const mpfi_float& x) { return to_d(mtraits::upper(x)); }
double mid_d(const mpfi_float& x) { return to_d(mtraits::mid(x)); }

struct sample {
  double x = 0, lo = 0, hi = 0;
  bool valid = false;
};

struct shaded {
  std::size_t k = 0;
  double x_lo = 0, x_hi = 0;  // x_hi = +inf when unbounded
};

// The true eps-window of k (theory/eps_window.hpp): from its first to its last time (x_last =
// +inf when it never closes, NaN when its end is unknown), drawn under the curves.
struct window_mark {
  std::size_t k = 0;
  double x_first = 0, x_last = 0;
};

struct panel {
  std::string title, subtitle, x_label;
  double x_max = 1;
  std::vector<std::vector<sample>> curves;  // one per diagonal entry
  std::vector<shaded> intervals;
  std::vector<window_mark> windows;
};

constexpr int samples_per_panel = 200;

// One panel: W~_ii(t) at alpha (the instance's own alpha when alpha is empty).
panel compute_panel(instance in, const std::optional<std::string>& alpha_text, bool normalised) {
  if (alpha_text) {
    in.alpha = alpha_spec{};
    in.alpha.value = parse_exact(*alpha_text);
    in.alpha.text = *alpha_text;
  }
  precision_scope scope(128);
  enclosed_problem<mpfi_float> p = enclose_problem<mpfi_float>(in);
  theorem_check_options windows_only;  // the figure draws I_k and the eps-windows, not conclusions over I_k
  windows_only.over_interval = false;
  theorem_check<mpfi_float> chk = check_theorem(in, p, {}, windows_only);
  const double L = -mid_d(p.wide.log_alpha);  // ln(1/alpha)
  const bool positive_L = mtraits::lower(p.wide.log_alpha) < 0 && mtraits::upper(p.wide.log_alpha) < 0;
  normalised = normalised && positive_L;
  // Scale of t: ln(1/alpha) (or 1 when alpha >= 1); the last curve rises near 1/(2 sigma_K).
  const double scale = positive_L ? L : 1.0;
  const double sigma_K = to_d(mpfr_float(approx_target_eigenvalues(in)[in.K - 1].get_d()));
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
  for (std::size_t i = 0; i < chk.eps_windows.size(); ++i) {
    const eps_window& w = chk.eps_windows[i];
    if (w.found != verdict::holds || !w.first) continue;
    window_mark m;
    m.k = i + 1;
    m.x_first = mid_d(*w.first) / scale;
    m.x_last = w.last_infinite ? std::numeric_limits<double>::infinity()
               : w.last        ? mid_d(*w.last) / scale
                               : std::numeric_limits<double>::quiet_NaN();
    if (std::isfinite(m.x_last)) tau_max = std::max(tau_max, 1.1 * m.x_last);
    P.windows.push_back(m);
  }
  P.x_max = tau_max * (normalised ? 1.0 : scale);
  P.curves.assign(in.n, {});
  for (int s = 0; s <= samples_per_panel; ++s) {
    const double tau = tau_max * s / samples_per_panel;
    mpfi_float t = positive_L ? mpfi_float(tau) * mpfi_float(-p.wide.log_alpha) : mpfi_float(tau);
    std::optional<scaled_symmetric_matrix<mpfi_float>> W;
    try {
      W = closed_form_eigenbasis(p, t);
    } catch (const std::domain_error&) {
    }
    for (std::size_t i = 0; i < in.n; ++i) {
      sample smp;
      smp.x = tau * (normalised ? 1.0 : scale);
      if (W) {
        mpfi_float v = W->entry(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(i));
        smp.lo = lo_d(v);
        smp.hi = hi_d(v);
        smp.valid = !std::isnan(smp.lo) && !std::isnan(smp.hi);
      }
      P.curves[i].push_back(smp);
    }
  }
  // Normalised scale for intervals in the t panel.
  if (!normalised) {
    for (auto& s : P.intervals) {
      s.x_lo *= scale;
      s.x_hi *= scale;
    }
    for (auto& w : P.windows) {
      w.x_first *= scale;
      w.x_last *= scale;
    }
  }
  P.title = std::string("\u03b1 = ") + in.alpha.text + (alpha_text ? "" : " (instance)");
  std::string failing;
  for (const auto& h : chk.hypotheses)
    if (h.value != verdict::holds) failing += (failing.empty() ? "" : ", ") + h.name + (h.value == verdict::fails ? " fails" : " undecided");
  P.subtitle = "Theorem " + std::to_string(chk.constants.theorem) + ": " +
               (failing.empty() ? std::string("all hypotheses hold") : failing);
  P.x_label = normalised ? "t / ln(1/\u03b1)" : "t";
  return P;
}

struct box {
  double x, y, w, h;
};

void draw_axes(svg_writer& svg, const box& b, double x_max, double y_max, const std::string& x_label,
               const std::string& y_label) {
  svg.rect(b.x, b.y, b.w, b.h, "fill:none;stroke:#333333;stroke-width:1");
  for (double v : nice_ticks(0, x_max, 6)) {
    const double px = b.x + b.w * v / x_max;
    svg.line(px, b.y + b.h, px, b.y + b.h + 5, "stroke:#333333;stroke-width:1");
    svg.text(px, b.y + b.h + 18, tick_label(v), 11, "middle");
  }
  for (double v : nice_ticks(0, y_max, 5)) {
    const double py = b.y + b.h - b.h * v / y_max;
    svg.line(b.x - 5, py, b.x, py, "stroke:#333333;stroke-width:1");
    svg.line(b.x, py, b.x + b.w, py, "stroke:#eeeeee;stroke-width:1");
    svg.text(b.x - 8, py + 4, tick_label(v), 11, "end");
  }
  svg.text(b.x + b.w / 2, b.y + b.h + 38, x_label, 13, "middle");
  svg.text(b.x - 48, b.y + b.h / 2, y_label, 13, "middle", -90);
}

void draw_panel(svg_writer& svg, const panel& P, const box& b, const instance& in, double eps, int index) {
  const std::vector<mpq_class> sigma = approx_target_eigenvalues(in);  // a dense Y has no exact ones
  const double sigma1 = sigma[0].get_d();
  const double y_max = 1.1 * sigma1;
  auto X = [&](double x) { return b.x + b.w * std::min(std::max(x / P.x_max, 0.0), 1.0); };
  auto Y = [&](double y) {
    double v = std::isnan(y) ? 0 : std::min(std::max(y, 0.0), y_max);
    return b.y + b.h - b.h * v / y_max;
  };
  svg.text(b.x, b.y - 26, P.title, 15, "start", 0, "font-weight:bold");
  svg.text(b.x, b.y - 9, P.subtitle, 11, "start", 0, "fill:#555555");
  const std::string clip = "clip" + std::to_string(index);
  svg.clip_rect(clip, b.x, b.y, b.w, b.h);
  svg.open_group("clip-path=\"url(#" + clip + ")\"");
  // Certified non-empty intervals I_k.
  for (const auto& s : P.intervals) {
    const double x0 = X(s.x_lo), x1 = std::isfinite(s.x_hi) ? X(s.x_hi) : b.x + b.w;
    svg.rect(x0, b.y, x1 - x0, b.h, s.k % 2 ? "fill:#fff2cc;stroke:#e0c060;stroke-width:0.8" : "fill:#e2efd9;stroke:#88b070;stroke-width:0.8",
             "class=\"interval\"");
    if (x1 - x0 > 16) svg.text((x0 + std::min(x1, b.x + b.w)) / 2, b.y + 14, "I" + std::to_string(s.k), 12, "middle", 0, "font-style:italic");
  }
  // True eps-windows: one bar per k along the bottom, from the first to the last time with
  // ||W(t) - Y^_k||_2 <= eps (to the edge when it never closes; dotted when its end is unknown).
  for (const auto& w : P.windows) {
    const double y = b.y + b.h - 8 - 9.0 * static_cast<double>(w.k - 1);
    const bool open_end = !std::isfinite(w.x_last);
    const double x0 = X(w.x_first), x1 = open_end ? b.x + b.w : X(w.x_last);
    const std::string colour = palette(w.k - 1);
    svg.open_group("class=\"window\"");
    svg.line(x0, y, x1, y, "stroke:" + colour + ";stroke-width:3" + std::string(std::isnan(w.x_last) ? ";stroke-dasharray:2,3" : ""));
    svg.line(x0, y - 4, x0, y + 4, "stroke:" + colour + ";stroke-width:1.5");
    if (!open_end) svg.line(x1, y - 4, x1, y + 4, "stroke:" + colour + ";stroke-width:1.5");
    svg.close_group();
  }
  // eps-bands and targets.
  for (std::size_t i = 0; i < in.n; ++i) {
    const double s = sigma[i].get_d();
    svg.rect(b.x, Y(s + eps), b.w, Y(s - eps) - Y(s + eps), "fill:" + palette(i) + ";fill-opacity:0.10;stroke:none");
    svg.line(b.x, Y(s), b.x + b.w, Y(s), "stroke:" + palette(i) + ";stroke-width:1.2;stroke-dasharray:6,4");
  }
  // Curves: a line where the enclosure is thinner than 1/500 of the axis, else a band.
  const double wide = y_max / 500;
  for (std::size_t i = 0; i < P.curves.size(); ++i) {
    const std::string colour = palette(i);
    svg.open_group("class=\"curve\"");
    const auto& c = P.curves[i];
    std::size_t j = 0;
    while (j < c.size()) {
      if (!c[j].valid) { ++j; continue; }
      auto is_wide = [&](const sample& s) {
        return std::min(s.hi, y_max) - std::max(s.lo, 0.0) > wide || !std::isfinite(s.hi - s.lo);
      };
      const bool w = is_wide(c[j]);
      std::size_t e = j;
      while (e + 1 < c.size() && c[e + 1].valid && is_wide(c[e + 1]) == w) ++e;
      // Runs overlap by one sample so that the curve stays connected.
      const std::size_t to = (e + 1 < c.size() && c[e + 1].valid) ? e + 1 : e;
      if (w) {
        std::vector<std::pair<double, double>> pts;
        for (std::size_t m = j; m <= to; ++m) pts.push_back({X(c[m].x), Y(c[m].hi)});
        for (std::size_t m = to + 1; m-- > j;) pts.push_back({X(c[m].x), Y(c[m].lo)});
        svg.polygon(pts, "fill:" + colour + ";fill-opacity:0.45;stroke:" + colour + ";stroke-width:0.8");
      } else {
        std::vector<std::pair<double, double>> pts;
        for (std::size_t m = j; m <= to; ++m) pts.push_back({X(c[m].x), Y((c[m].lo + c[m].hi) / 2)});
        if (pts.size() == 1) pts.push_back(pts.front());
        svg.polyline(pts, "stroke:" + colour + ";stroke-width:2");
      }
      j = e + 1;
    }
    svg.close_group();
  }
  svg.close_group();
  draw_axes(svg, b, P.x_max, y_max, P.x_label, "diag W~(t)");
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
  std::vector<panel> panels;
  panels.push_back(compute_panel(in, std::nullopt, false));
  for (const auto& a : o.alphas) panels.push_back(compute_panel(in, a, true));

  const double cell_w = 560, cell_h = 410, legend_w = 250, top = 50;
  svg_writer svg(2 * cell_w + legend_w, top + 2 * cell_h);
  svg.text(20, 30, "Gradient flow of symmetric matrix factorization: diag W~(t) in the eigenbasis of Y (" +
                       (in.source.empty() ? std::string("instance") : in.source) + ", \u03b5 = " + sigma_text(in.epsilon) + ")",
           16, "start", 0, "font-weight:bold");
  for (int k = 0; k < 4; ++k) {
    const double cx = (k % 2) * cell_w, cy = top + (k / 2) * cell_h;
    draw_panel(svg, panels[static_cast<std::size_t>(k)], box{cx + 85, cy + 50, cell_w - 115, cell_h - 115}, in,
               in.epsilon.get_d(), k);
  }
  // Legend.
  const double lx = 2 * cell_w + 5;
  double ly = top + 60;
  svg.text(lx, ly, "Legend", 14, "start", 0, "font-weight:bold");
  ly += 22;
  const std::vector<mpq_class> sigma_labels = approx_target_eigenvalues(in);
  for (std::size_t i = 0; i < in.n && i < 12; ++i) {
    svg.line(lx, ly - 4, lx + 28, ly - 4, "stroke:" + palette(i) + ";stroke-width:2");
    svg.text(lx + 36, ly, "W~_" + std::to_string(i + 1) + (in.n >= 10 ? "," : "") + std::to_string(i + 1) + "(t), \u03c3_" + std::to_string(i + 1) + " = " +
                              sigma_text(sigma_labels[i]), 12);
    ly += 20;
  }
  ly += 6;
  svg.line(lx, ly - 4, lx + 28, ly - 4, "stroke:#555555;stroke-width:1.2;stroke-dasharray:6,4");
  svg.text(lx + 36, ly, "target \u03c3_i", 12);
  ly += 20;
  svg.rect(lx, ly - 12, 28, 12, "fill:#555555;fill-opacity:0.15");
  svg.text(lx + 36, ly, "\u03c3_i \u00b1 \u03b5", 12);
  ly += 20;
  svg.rect(lx, ly - 12, 28, 12, "fill:#fff2cc;stroke:#e0c060");
  svg.rect(lx + 14, ly - 12, 14, 12, "fill:#e2efd9;stroke:#88b070");
  svg.text(lx + 36, ly, "I_k, certified non-empty", 12);
  ly += 16;
  svg.text(lx + 36, ly, "(||W(t) - Y^_k|| \u2264 \u03b5 there", 11, "start", 0, "fill:#555555");
  ly += 14;
  svg.text(lx + 36, ly, "when the hypotheses hold)", 11, "start", 0, "fill:#555555");
  ly += 22;
  svg.line(lx, ly - 4, lx + 28, ly - 4, "stroke:" + palette(0) + ";stroke-width:3");
  svg.line(lx, ly - 8, lx, ly, "stroke:" + palette(0) + ";stroke-width:1.5");
  svg.line(lx + 28, ly - 8, lx + 28, ly, "stroke:" + palette(0) + ";stroke-width:1.5");
  svg.text(lx + 36, ly, "true ε-window of k (colour", 12);
  ly += 16;
  svg.text(lx + 36, ly, "of σ_k): certified first and last", 11, "start", 0, "fill:#555555");
  ly += 14;
  svg.text(lx + 36, ly, "time with ||W(t) - Y^_k|| ≤ ε", 11, "start", 0, "fill:#555555");
  ly += 22;
  svg.rect(lx, ly - 12, 28, 12, "fill:#1f77b4;fill-opacity:0.45;stroke:#1f77b4");
  svg.text(lx + 36, ly, "enclosure wider than", 12);
  ly += 16;
  svg.text(lx + 36, ly, "1/500 of the axis", 12);
  ly += 26;
  svg.text(lx, ly, "Curves: MPFI enclosures at", 11, "start", 0, "fill:#555555");
  ly += 14;
  svg.text(lx, ly, "128 bits, 201 samples per panel;", 11, "start", 0, "fill:#555555");
  ly += 14;
  svg.text(lx, ly, "values clipped to [0, 1.1 \u03c3_1].", 11, "start", 0, "fill:#555555");
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
      double e = get(r, I + "error_mid_hi");
      if (std::isfinite(e) && e > 0) {
        e_min = std::min(e_min, e);
        e_max = std::max(e_max, e);
      }
    }
  if (y1_max <= 0) y1_max = 1;
  y1_max *= 1.15;
  const bool have_err = e_max > 0;
  double le_lo = have_err ? std::floor(std::log10(e_min)) - 1 : -40, le_hi = have_err ? std::ceil(std::log10(e_max)) + 1 : 0;

  const double W = 1100, H = 880;
  svg_writer svg(W, H);
  svg.text(20, 30, "incert sweep: intervals I_k and certified error against log10(1/\u03b1) (" + table + ")", 16, "start", 0,
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
  svg.text(b1.x, b1.y - 12, "Start (solid) and end (dashed) of I_k, divided by ln(1/\u03b1); only where I_k is certified non-empty (hollow: a hypothesis fails)", 13,
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
    svg.text(b1.x + b1.w + 46, ly, "I" + std::to_string(k) + " start", 12);
    ly += 18;
    svg.line(b1.x + b1.w + 15, ly - 4, b1.x + b1.w + 40, ly - 4, "stroke:" + palette(k - 1) + ";stroke-width:2;stroke-dasharray:7,4");
    svg.text(b1.x + b1.w + 46, ly, "I" + std::to_string(k) + " end", 12);
    ly += 24;
  }
  // Panel 2: certified error at the middle of I_k, log scale.
  svg.text(b2.x, b2.y - 12, "Certified upper bound of ||W(t) - Y^_k||_2 at the middle of I_k (log scale)", 13, "start", 0,
           "font-weight:bold");
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
  svg.text(b2.x - 62, b2.y + b2.h / 2, "error at mid of I_k", 13, "middle", -90);
  for (std::size_t k = 1; k <= K && have_err; ++k) {
    const std::string I = "I" + std::to_string(k) + "_";
    std::vector<std::pair<double, double>> pts;
    for (std::size_t r = 0; r < rows.size(); ++r) {
      double e = get(rows[r], I + "error_mid_hi");
      if (!std::isfinite(e) || e <= 0 || (log_x && xs[r] <= 0)) continue;
      pts.push_back({X(b2, xs[r]), Y2(e)});
    }
    if (pts.size() >= 2) svg.polyline(pts, "stroke:" + palette(k - 1) + ";stroke-width:1.5");
    for (const auto& p : pts) svg.circle(p.first, p.second, 2.5, "fill:" + palette(k - 1));
  }
  if (!have_err) svg.text(b2.x + b2.w / 2, b2.y + b2.h / 2, "no certified error in the table", 14, "middle");
  draw_x(b2);
  ly = b2.y + 10;
  for (std::size_t k = 1; k <= K; ++k) {
    svg.circle(b2.x + b2.w + 27, ly - 4, 3, "fill:" + palette(k - 1));
    svg.text(b2.x + b2.w + 46, ly, "I" + std::to_string(k), 12);
    ly += 18;
  }
  write_figure(svg.str(), out);
}

}  // namespace incert::cli
