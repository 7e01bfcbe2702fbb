// lib/trace.cpp: certified enclosures of the flow over a time grid and between its points
// (api/trace.hpp; derivation proofs/trace.md).
#include "incert/api/trace.hpp"

#include "incert/api/format.hpp"
#include "incert/exact/exact_real.hpp"
#include "incert/flow/closed_form.hpp"
#include "incert/flow/closed_form_range.hpp"
#include "incert/io/decimal_format.hpp"
#include "incert/linalg/symmetric_eigenvalues.hpp"
#include "incert/linalg/symmetric_norm2.hpp"
#include "incert/theory/conclusion_over_interval.hpp"
#include "incert/theory/error_to_rank.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <stdexcept>

namespace incert {

namespace {

using T = mpfi_float;
using mt = scalar_traits<mpfi_float>;

enclosure enclosure_of(const T& x) { return enclosure{mt::lower_exact(x), mt::upper_exact(x), false}; }

std::optional<enclosure> enclosure_of(const std::optional<T>& x) {
  if (!x) return std::nullopt;
  return enclosure_of(*x);
}

// e_k (through `norm`) and the eigenvalues of one enclosure W of W~. Over a time range both come
// from the double-steered enclosures (symmetric_norm2.hpp) when their widths are within 2 n r
// (r the Frobenius radius of W, `narrow_for_range`): the working-precision ones are then at most
// about n times narrower (their width is at least about 2 r: Weyl on Q^T W Q, whose interval
// radius is at least about r) and the band criterion below (5% relative, 1e-3 sigma_1 absolute)
// cannot see the difference; otherwise (a range so short that double's 2^-53 dominates) the
// working-precision methods are called, as at a sample time. Steering only: all are enclosures.
enum class band_kind { sample, range };

// sqrt(sum_ij rad(W_ij)^2) in double (steering only).
double approx_frobenius_radius(const matrix<T>& W) {
  double sum = 0;
  for (Eigen::Index i = 0; i < W.rows(); ++i)
    for (Eigen::Index j = 0; j < W.cols(); ++j) {
      const double r = static_cast<double>(mt::upper(W(i, j)) - mt::lower(W(i, j))) / 2;
      sum += r * r;
    }
  return std::sqrt(sum);
}

// Whether a double-steered enclosure x over a range is narrow enough (see values_of).
bool narrow_for_range(const T& x, const matrix<T>& W) {
  return static_cast<double>(mt::upper(x) - mt::lower(x)) <= 2.0 * static_cast<double>(W.rows()) * approx_frobenius_radius(W);
}

template <class Norms>
trace_values values_of(const enclosed_problem<T>& p, const std::optional<matrix<T>>& W, Norms&& norms, band_kind kind) {
  trace_values v;
  v.error.assign(p.K, std::nullopt);
  v.eigenvalues.assign(p.n, std::nullopt);
  v.diagonal.assign(p.n, std::nullopt);
  if (!W) return v;
  for (std::size_t i = 0; i < p.n; ++i) v.diagonal[i] = enclosure_of(T((*W)(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(i))));
  const std::vector<std::optional<T>> errors = norms(*W, kind);
  for (std::size_t k = 1; k <= p.K; ++k) v.error[k - 1] = enclosure_of(errors[k - 1]);
  std::optional<std::vector<T>> ev;  // ascending
  if (kind == band_kind::range) {
    ev = enclose_symmetric_eigenvalues_fast(*W);
    if (ev && !std::all_of(ev->begin(), ev->end(), [&](const T& x) { return narrow_for_range(x, *W); })) ev.reset();
  }
  if (!ev) ev = enclose_symmetric_eigenvalues(*W);
  if (ev)
    for (std::size_t i = 0; i < p.n; ++i) v.eigenvalues[i] = enclosure_of((*ev)[p.n - 1 - i]);
  return v;
}

// The hull of two enclosures (absent when either is: a gap stays a gap).
std::optional<enclosure> hull(const std::optional<enclosure>& x, const std::optional<enclosure>& y) {
  if (!x || !y) return std::nullopt;
  return enclosure{x->lo < y->lo ? x->lo : y->lo, x->hi < y->hi ? y->hi : x->hi, false};
}

trace_values hull_values(const trace_values& x, const trace_values& y) {
  trace_values v = x;
  for (std::size_t k = 0; k < v.error.size(); ++k) v.error[k] = hull(x.error[k], y.error[k]);
  for (std::size_t i = 0; i < v.eigenvalues.size(); ++i) v.eigenvalues[i] = hull(x.eigenvalues[i], y.eigenvalues[i]);
  for (std::size_t i = 0; i < v.diagonal.size(); ++i) v.diagonal[i] = hull(x.diagonal[i], y.diagonal[i]);
  return v;
}

// A band is wider than wanted for a figure when its width exceeds 5% of its magnitude (errors:
// read on a log scale) or 1e-3 sigma_1 (eigenvalues: read on a linear scale), and is above the
// floor 2^-(bits - 8) sigma_1 that no subdivision can beat. A heuristic for where to spend
// pieces only: any enclosure is sound.
bool wider_than_wanted(const trace_values& v, const enclosed_problem<T>& p) {
  const mpfr_float scale = mt::upper(p.sigma[0]) > 0 ? mpfr_float(mt::upper(p.sigma[0])) : mpfr_float(1);
  mpfr_float floor = scale;
  mpfr_mul_2si(floor.backend().data(), floor.backend().data(), -static_cast<long>(mt::precision_bits()) + 8, MPFR_RNDU);
  const auto wide = [&](const std::optional<enclosure>& e, bool relative) {
    if (!e) return false;
    const mpfr_float w = e->hi - e->lo;
    if (w <= floor) return false;
    if (relative) {
      const mpfr_float m = abs(e->hi) < abs(e->lo) ? abs(e->lo) : abs(e->hi);
      return w > m / 20;
    }
    return w > scale / 1000;
  };
  for (const auto& e : v.error)
    if (wide(e, true)) return true;
  for (const auto& e : v.eigenvalues)
    if (wide(e, false)) return true;
  return false;
}

bool complete_values(const trace_values& v) {
  for (const auto& e : v.error)
    if (!e) return false;
  for (const auto& e : v.eigenvalues)
    if (!e) return false;
  return true;
}

}  // namespace

bool trace_result::complete() const {
  for (const auto& s : samples)
    if (!complete_values(s.values)) return false;
  for (const auto& r : ranges)
    if (!complete_values(r.values)) return false;
  return true;
}

std::vector<mpq_class> trace_grid(const mpq_class& from, const mpq_class& to, std::size_t points) {
  if (from < 0) throw std::invalid_argument("trace: the first time must be >= 0");
  if (to <= from) throw std::invalid_argument("trace: the last time must be above the first");
  if (points < 2 || points > 100000) throw std::invalid_argument("trace: the number of points must be in 2..100000");
  std::vector<mpq_class> ts{from};
  for (std::size_t j = 1; j + 1 < points; ++j) {
    mpq_class t = from + (to - from) * mpq_class(static_cast<unsigned long>(j), static_cast<unsigned long>(points - 1));
    t.canonicalize();
    ts.push_back(parse_exact(format_nearest(t, 17)));
  }
  ts.push_back(to);
  for (std::size_t j = 1; j < ts.size(); ++j)
    if (ts[j] <= ts[j - 1]) throw std::invalid_argument("trace: too many points for the range (two times coincide at 17 digits)");
  return ts;
}

trace_result trace_at_precision(const instance& in, const trace_options& o, unsigned bits) {
  const auto start = std::chrono::steady_clock::now();
  const std::vector<mpq_class> ts = trace_grid(o.from, o.to, o.points);
  check_options what;
  what.over_interval = false;  // the figure shades I_k and the eps-windows; no conclusion over I_k
  what.bits = {bits, bits};
  trace_result r;
  if (o.with_check) r.check = check_at_precision(in, what, bits);
  precision_scope scope(bits);
  const enclosed_problem<T> p = enclose_problem<T>(in);
  r.instance = in.source;
  r.alpha = in.alpha.text;
  r.precision_bits = bits;
  r.n = p.n;
  r.K = p.K;
  for (const T& s : p.sigma) r.targets.push_back(enclosure_of(s));
  r.epsilon = enclosure_of(p.epsilon);
  // ||A||_2 for every symmetric A in W - D_k and every k at once (error_to_every_rank; over a range
  // the double-steered enclosures, each intersected with the working-precision one unless
  // narrow_for_range, see values_of), the lower end raised to max_j |(W - D_k)_jj| (a lower bound
  // for every such A): for a sample and a range alike.
  const auto norms = [&](const matrix<T>& W, band_kind kind) -> std::vector<std::optional<T>> {
    std::vector<std::optional<T>> out;
    if (kind == band_kind::sample) out = error_to_every_rank(W, p.sigma, p.K);
    else out = enclose_symmetric_norm2_fast_prefix_shifts(W, p.sigma, p.K);
    for (std::size_t k = 1; k <= p.K; ++k) {
      std::optional<T>& e = out[k - 1];
      const matrix<T> D = detail::minus_target(W, p.sigma, k);
      if (kind == band_kind::range && (!e || !narrow_for_range(*e, W))) {
        const std::optional<T> full = enclose_symmetric_norm2(D);
        if (!e) e = full;
        else if (full) e = mt::symmetrize(*e, *full);
      }
      if (!e) continue;
      mpfr_float lo = mt::lower(*e);
      const mpfr_float d = detail::diagonal_lower(D);
      if (lo < d) lo = d;
      e = mt::interval(lo, mt::upper(*e));
    }
    return out;
  };
  std::vector<T> te;
  for (const mpq_class& t : ts) te.push_back(enclose_mpfi(t));
  for (std::size_t j = 0; j < ts.size(); ++j) {
    std::optional<matrix<T>> W;
    if (auto Wt = closed_form_eigenbasis(p, te[j])) W = Wt->materialize();
    r.samples.push_back({ts[j], format_exact(ts[j]), values_of(p, W, norms, band_kind::sample)});
  }
  // A range [a, b] is the hull of the enclosures over the pieces of a subdivision of it (each
  // piece's enclosure holds for every t of the piece, so the hull holds for every t of [a, b]);
  // a piece is bisected while one of its bands is wider than wanted (trace_band_wanted), up to
  // o.max_depth halvings and o.max_pieces pieces in all.
  std::size_t budget = o.max_pieces;
  std::function<trace_values(const mpq_class&, const mpq_class&, const T&, const T&, unsigned)> over =
      [&](const mpq_class& a, const mpq_class& b, const T& ta, const T& tb, unsigned depth) {
        const std::optional<matrix<T>> W = closed_form_over_times(p, ta, std::optional<T>(tb));
        trace_values v = values_of(p, W, norms, band_kind::range);
        if (depth >= o.max_depth || budget < 2 || !wider_than_wanted(v, p)) return v;
        budget -= 2;
        mpq_class m = (a + b) / 2;
        m.canonicalize();
        const T tm = enclose_mpfi(m);
        return hull_values(over(a, m, ta, tm, depth + 1), over(m, b, tm, tb, depth + 1));
      };
  for (std::size_t j = 0; j + 1 < ts.size(); ++j)
    r.ranges.push_back({ts[j], ts[j + 1], r.samples[j].t_text, r.samples[j + 1].t_text, over(ts[j], ts[j + 1], te[j], te[j + 1], 0)});
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return r;
}

trace_result trace(const instance& in, const trace_options& o) {
  if (o.bits.precision < 24) throw std::invalid_argument("precision must be at least 24 bits");
  if (o.bits.max_precision < o.bits.precision) throw std::invalid_argument("max_precision is below precision");
  return escalate<trace_result>(
      o.bits, false, [&](unsigned b) { return trace_at_precision(in, o, b); }, [](const trace_result& r) { return !r.complete(); },
      [](const trace_result& a, trace_result b) {
        b.seconds += a.seconds;
        return b;
      });
}

}  // namespace incert
