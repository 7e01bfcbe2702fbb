// src/plot_trace.cpp: the figure of `incert trace` (trace.hpp), the paper's left panel drawn from
// certified enclosures. Top: the eigenvalues of W(t) (the learned singular values), bottom:
// ||W(t) - Y^_k||_2 on a log scale. Each curve is its certified band: over every sub-interval
// [t_j, t_{j+1}] the range enclosure (valid for every t there) is filled, so the true curve lies
// inside the drawn band everywhere; a thin line through the sample midpoints (dash pattern per
// curve) keeps the curves apart in grey-scale print. I_k (certified non-empty) are shaded grey
// with their names; the certified eps-windows are a strip of bars above the panels, not drawn
// among the data. Pixels only: nothing is decided from the doubles used to place them.
#include "trace.hpp"

#include "plot_svg.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace incert::cli {

namespace {

double d(const mpfr_float& x) { return x.convert_to<double>(); }
double mid(const enclosure& e) { return (d(e.lo) + d(e.hi)) / 2; }

struct y_axis {
  bool log = false;
  double lo = 0, hi = 1;  // in axis units (log10 when log)
  double to_units(double v) const {
    if (!log) return v;
    return v > 0 ? std::log10(v) : -std::numeric_limits<double>::infinity();
  }
};

// Decades covering [min positive, max] of the values, at most `span` decades below the maximum.
y_axis log_axis(double min_positive, double max_value, double span) {
  y_axis a;
  a.log = true;
  a.hi = std::ceil(std::log10(max_value) + 0.05);
  a.lo = std::floor(std::log10(std::max(min_positive, max_value * std::pow(10.0, -span))));
  if (a.hi - a.lo < 1) a.lo = a.hi - 1;
  return a;
}

void draw_y_ticks(svg_writer& svg, const box& b, const y_axis& a, const std::string& label) {
  if (a.log) {
    const double step = std::max(1.0, std::ceil((a.hi - a.lo) / 8));
    for (double e = a.hi; e >= a.lo - 1e-9; e -= step) {
      const double py = b.y + b.h - b.h * (e - a.lo) / (a.hi - a.lo);
      svg.line(b.x, py, b.x + b.w, py, "stroke:#e4e4e4;stroke-width:1");
      svg.line(b.x - 5, py, b.x, py, "stroke:#333333");
      svg.text(b.x - 8, py + 4, "10^{" + fmt(e, 0) + "}", 12, "end");
    }
  } else {
    for (double v : nice_ticks(a.lo, a.hi, 6)) {
      const double py = b.y + b.h - b.h * (v - a.lo) / (a.hi - a.lo);
      svg.line(b.x, py, b.x + b.w, py, "stroke:#e4e4e4;stroke-width:1");
      svg.line(b.x - 5, py, b.x, py, "stroke:#333333");
      svg.text(b.x - 8, py + 4, tick_label(v), 12, "end");
    }
  }
  svg.text(b.x - 62, b.y + b.h / 2, label, 14, "middle", -90);
}

}  // namespace

std::string trace_figure_svg(const trace_result& r, bool log_y) {
  const double W = 1240, H = 1000;
  svg_writer svg(W, H);
  const double t0 = r.samples.front().t.get_d(), t1 = r.samples.back().t.get_d();
  const double eps = mid(r.epsilon);
  const std::size_t K = r.K, n = r.n;
  svg.text(24, 32, "Certified trace of gradient flow: eigenvalues of W(t) and ‖W(t) − Ŷ_{k}‖_{2} (" + r.instance + ", α = " + r.alpha +
                       ", ε = " + tick_label(eps) + ")",
           17, "start", 0, "font-weight:bold");
  std::string failing;
  for (const auto& h : r.check.hypotheses)
    if (h.value != verdict::holds) failing += (failing.empty() ? "" : ", ") + h.name + (h.value == verdict::fails ? " fails" : " undecided");
  svg.text(24, 54,
           "Theorem " + std::to_string(r.check.theorem) + ": " + (failing.empty() ? std::string("all hypotheses hold") : failing) +
               ". Bands: MPFI enclosures at " + std::to_string(r.precision_bits) + " bits, valid for every t between the " +
               std::to_string(r.samples.size()) + " grid times.",
           12, "start", 0, "fill:#444444");

  const box strip{100, 84, 820, 18.0 * static_cast<double>(K) + 8};
  const box top{100, strip.y + strip.h + 40, 820, 330};
  const box bottom{100, top.y + top.h + 80, 820, 330};
  auto X = [&](double t) { return top.x + top.w * std::min(std::max((t - t0) / (t1 - t0), 0.0), 1.0); };

  // I_k certified non-empty: grey shading (two greys in turn) in both panels, named on top.
  struct shade {
    std::size_t k;
    double a, b;
  };
  std::vector<shade> shades;
  for (const auto& I : r.check.intervals) {
    if (I.nonempty != verdict::holds || !I.lo) continue;
    const double a = mid(*I.lo), b = I.unbounded || !I.hi ? t1 : mid(*I.hi);
    if (b <= t0 || a >= t1) continue;
    shades.push_back({I.k, a, b});
  }
  const auto draw_shades = [&](const box& bx, bool names) {
    for (const auto& s : shades) {
      const double x0 = X(s.a), x1 = X(s.b);
      svg.rect(x0, bx.y, x1 - x0, bx.h, s.k % 2 ? "fill:#e8e8e8;stroke:none" : "fill:#d4d4d4;stroke:none", "class=\"interval\"");
      if (names && x1 - x0 > 18) svg.text((x0 + x1) / 2, bx.y + 16, "I_{" + std::to_string(s.k) + "}", 14, "middle", 0, "font-style:italic");
    }
  };

  // The certified eps-windows: one row per k above the panels; solid where error <= eps is
  // certified at every t, a thin line over the enclosures of the first and last time.
  svg.text(strip.x - 8, strip.y - 6, "certified ε-windows {t : ‖W(t) − Ŷ_{k}‖_{2} ≤ ε}", 12, "start", 0, "fill:#222222");
  for (const auto& w : r.check.eps_windows) {
    const double y = strip.y + 10 + 18.0 * static_cast<double>(w.k - 1);
    svg.text(strip.x - 10, y + 4, "k = " + std::to_string(w.k), 11, "end");
    svg.line(strip.x, y, strip.x + strip.w, y, "stroke:#eeeeee;stroke-width:1");
    if (w.found != verdict::holds || !w.first) continue;
    const double first = d(w.first->lo), last = w.last_infinite ? t1 : w.last ? d(w.last->hi) : t1;
    svg.open_group("class=\"window\"");
    svg.line(X(first), y, X(last), y, "stroke:" + palette(w.k - 1) + ";stroke-width:1.5");
    if (w.inside_lo) {
      const double a = d(*w.inside_lo), b = w.inside_hi ? d(*w.inside_hi) : t1;
      svg.rect(X(a), y - 5, X(b) - X(a), 10, "fill:" + palette(w.k - 1) + ";stroke:#000000;stroke-width:0.6");
    }
    svg.close_group();
  }

  // A band per curve from the range rows; a line through the sample midpoints.
  const auto draw_band = [&](const box& bx, const y_axis& a, auto get, std::size_t index) {
    auto Y = [&](double v) {
      double u = a.to_units(v);
      if (!(u > a.lo)) u = a.lo;
      if (u > a.hi) u = a.hi;
      return bx.y + bx.h - bx.h * (u - a.lo) / (a.hi - a.lo);
    };
    std::vector<std::pair<double, double>> upper, lower;
    for (const auto& R : r.ranges) {
      const std::optional<enclosure>& e = get(R.values);
      if (!e) continue;  // not certified there: the band has a gap (never drawn as known)
      const double x0 = X(R.from.get_d()), x1 = X(R.to.get_d());
      upper.push_back({x0, Y(d(e->hi))});
      upper.push_back({x1, Y(d(e->hi))});
      lower.push_back({x0, Y(d(e->lo))});
      lower.push_back({x1, Y(d(e->lo))});
    }
    std::vector<std::pair<double, double>> poly = upper;
    poly.insert(poly.end(), lower.rbegin(), lower.rend());
    svg.open_group("class=\"band\"");
    if (!poly.empty()) svg.polygon(poly, "fill:" + palette(index) + ";fill-opacity:0.35;stroke:" + palette(index) + ";stroke-width:0.8");
    std::vector<std::pair<double, double>> line;
    for (const auto& s : r.samples) {
      const std::optional<enclosure>& e = get(s.values);
      if (e) line.push_back({X(s.t.get_d()), Y(mid(*e))});
    }
    if (line.size() >= 2) svg.polyline(line, "stroke:" + palette(index) + ";stroke-width:1.6" + dashes(index));
    svg.close_group();
  };

  // Top panel: eigenvalues of W(t), targets sigma_i dashed, sigma_i +- eps.
  double top_max = 0, top_min_pos = std::numeric_limits<double>::infinity();
  for (const auto& s : r.targets) top_max = std::max(top_max, d(s.hi));
  for (const auto& R : r.samples)
    for (const auto& e : R.values.eigenvalues)
      if (e && d(e->lo) > 0) top_min_pos = std::min(top_min_pos, d(e->lo));
  y_axis ya;
  if (log_y && std::isfinite(top_min_pos)) ya = log_axis(top_min_pos, 1.2 * top_max, 60);
  else ya.hi = 1.12 * top_max;
  svg.text(top.x, top.y - 10, std::string("Eigenvalues λ_{i}(W(t)) (learned singular values), targets σ_{i} dashed") + (log_y ? " (log scale)" : ""), 14,
           "start", 0, "font-weight:bold");
  svg.clip_rect("clip_top", top.x, top.y, top.w, top.h);
  svg.open_group("clip-path=\"url(#clip_top)\"");
  draw_shades(top, true);
  for (std::size_t i = 0; i < n; ++i) {
    const double s = mid(r.targets[i]);
    if (ya.log && s <= 0) continue;
    auto Yt = [&](double v) {
      double u = std::min(std::max(ya.to_units(v), ya.lo), ya.hi);
      return top.y + top.h - top.h * (u - ya.lo) / (ya.hi - ya.lo);
    };
    if (s > 0) svg.rect(top.x, Yt(s + eps), top.w, Yt(std::max(s - eps, ya.log ? s / 2 : 0.0)) - Yt(s + eps), "fill:#000000;fill-opacity:0.06;stroke:none");
    svg.line(top.x, Yt(s), top.x + top.w, Yt(s), "stroke:#555555;stroke-width:1;stroke-dasharray:6,4");
    svg.text(top.x + top.w - 4, Yt(s) - 4, "σ_{" + std::to_string(i + 1) + "}", 12, "end", 0, "fill:#333333");
  }
  for (std::size_t i = 0; i < n; ++i)
    draw_band(top, ya, [&](const trace_values& v) -> const std::optional<enclosure>& { return v.eigenvalues[i]; }, i);
  svg.close_group();
  svg.rect(top.x, top.y, top.w, top.h, "fill:none;stroke:#333333;stroke-width:1");
  draw_y_ticks(svg, top, ya, "λ_{i}(W(t))");

  // Bottom panel: ||W(t) - Y^_k||_2, log scale, eps marked.
  double err_max = eps, err_min = std::numeric_limits<double>::infinity();
  for (const auto& s : r.samples)
    for (const auto& e : s.values.error)
      if (e) {
        err_max = std::max(err_max, d(e->hi));
        if (d(e->lo) > 0) err_min = std::min(err_min, d(e->lo));
      }
  const y_axis ye = log_axis(std::isfinite(err_min) ? err_min : eps / 100, 1.5 * err_max, 40);
  svg.text(bottom.x, bottom.y - 10, "Error to rank k: ‖W(t) − Ŷ_{k}‖_{2} (log scale), ε dotted", 14, "start", 0, "font-weight:bold");
  svg.clip_rect("clip_bottom", bottom.x, bottom.y, bottom.w, bottom.h);
  svg.open_group("clip-path=\"url(#clip_bottom)\"");
  draw_shades(bottom, false);
  {
    const double py = bottom.y + bottom.h - bottom.h * (std::log10(eps) - ye.lo) / (ye.hi - ye.lo);
    svg.line(bottom.x, py, bottom.x + bottom.w, py, "stroke:#000000;stroke-width:1.4;stroke-dasharray:2,3");
    svg.text(bottom.x + 6, py - 5, "ε = " + tick_label(eps), 12, "start", 0, "fill:#000000");
  }
  for (std::size_t k = 0; k < K; ++k)
    draw_band(bottom, ye, [&](const trace_values& v) -> const std::optional<enclosure>& { return v.error[k]; }, k);
  svg.close_group();
  svg.rect(bottom.x, bottom.y, bottom.w, bottom.h, "fill:none;stroke:#333333;stroke-width:1");
  draw_y_ticks(svg, bottom, ye, "‖W(t) − Ŷ_{k}‖_{2}");
  for (const box* bx : {&top, &bottom}) {
    for (double v : nice_ticks(t0, t1, 8)) {
      const double px = X(v);
      svg.line(px, bx->y + bx->h, px, bx->y + bx->h + 5, "stroke:#333333");
      svg.text(px, bx->y + bx->h + 19, tick_label(v), 12, "middle");
    }
    svg.text(bx->x + bx->w / 2, bx->y + bx->h + 40, "t", 14, "middle", 0, "font-style:italic");
  }

  // Legend.
  const double lx = top.x + top.w + 30;
  double ly = top.y + 10;
  svg.text(lx, ly, "Legend", 14, "start", 0, "font-weight:bold");
  ly += 24;
  for (std::size_t i = 0; i < n && i < 12; ++i) {
    svg.rect(lx, ly - 10, 30, 10, "fill:" + palette(i) + ";fill-opacity:0.35;stroke:none");
    svg.line(lx, ly - 5, lx + 30, ly - 5, "stroke:" + palette(i) + ";stroke-width:1.6" + dashes(i));
    svg.text(lx + 38, ly, "λ_{" + std::to_string(i + 1) + "} (top)" + (i < K ? ", k = " + std::to_string(i + 1) + " (bottom)" : std::string()), 12);
    ly += 20;
  }
  ly += 8;
  const std::vector<std::string> notes = {"band: certified for every t", "line: through the samples",
                                          "", "grey: I_{k} certified non-empty", "(Theorem " + std::to_string(r.check.theorem) + ", eq. 16)",
                                          "", "ε-window bars: solid where", "error ≤ ε is certified at", "every t; thin line: from the",
                                          "first to the last time"};
  for (const auto& s : notes) {
    if (!s.empty()) svg.text(lx, ly, s, 11, "start", 0, "fill:#444444");
    ly += 15;
  }
  return svg.str();
}

}  // namespace incert::cli
