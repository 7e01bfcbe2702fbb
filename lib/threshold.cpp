// lib/threshold.cpp: the certified threshold of incremental learning (api/threshold.hpp,
// proofs/threshold.md). Everything certified is computed in MPFI; approximate (midpoint) values
// only choose where to look.
#include "incert/api/threshold.hpp"
#include "incert/api/format.hpp"

#include "incert/api/check.hpp"
#include "incert/flow/closed_form.hpp"
#include "incert/flow/closed_form_alpha_range.hpp"
#include "incert/theory/eps_window.hpp"
#include "incert/theory/error_to_rank.hpp"
#include "incert/theory/rank_obstruction.hpp"

#include <chrono>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace incert {

namespace {

using P = enclosed_problem<mpfi_float>;
using mt = scalar_traits<mpfi_float>;

mpfi_float ln10() {
  mpfi_float l;
  mpfi_set_ui(l.backend().data(), 10);
  mpfi_log(l.backend().data(), l.backend().data());
  return l;
}

// ln(1/alpha) enclosed.
mpfi_float log_inv(const mpq_class& alpha) {
  mpfi_float l = enclose_mpfi(alpha);
  mpfi_log(l.backend().data(), l.backend().data());
  return mpfi_float(-l);
}

// The problem at another alpha: only alpha and ln(alpha) depend on it (W~0, V, sigma, Phi do not).
void set_alpha(P& p, const mpq_class& alpha) { incert::set_alpha(p, enclose_mpfi(alpha), mpfi_float(-log_inv(alpha))); }

// ||W~(t) - Y~^_k||_2 at time t (nothing when the closed form is not certified).
std::optional<mpfi_float> error_at(const P& p, std::size_t k, const mpfr_float& t) {
  auto W = closed_form_eigenbasis(p, mt::point(t));
  if (!W) return std::nullopt;
  return error_to_rank(W->materialize(), p.sigma, k);
}

// An approximation of the error at t, to steer the search only: computed in double from p's
// midpoints (approx; the 2-norm by Eigen's symmetric eigensolver, about half the cost of the
// MPFI evaluation), when that gives a finite value; else the midpoint of the MPFI enclosure, else +inf.
mpfr_float approx_error_at(const P& p, const enclosed_problem<double>* approx, std::size_t k, const mpfr_float& t) {
  if (approx) {
    if (auto W = closed_form_eigenbasis(*approx, mt::point(t)))
      if (const auto eig = detail::approx_eigen_double(detail::minus_target(W->materialize(), approx->sigma, k))) {
        const double e = eig->eigenvalues().cwiseAbs().maxCoeff();
        if (std::isfinite(e)) return mpfr_float(e);
      }
  }
  auto e = error_at(p, k, t);
  return e ? mt::mid(*e) : mpfr_float(std::numeric_limits<double>::infinity());
}

// Where the error of k is smallest at this alpha, approximately: a grid over the times where
// direction k is learned and k + 1 not yet (ln(1/alpha) / (2 sigma)), then golden-section search
// around the best grid point. Only steers the certified evaluations.
mpfr_float approx_best_time(const P& p, std::size_t k, const mpfr_float& l) {
  const auto approx_problem = approx_double_problem(p);
  const enclosed_problem<double>* approx = approx_problem.get();
  const mpfr_float sk = mt::mid(p.wide.sigma[k - 1]);
  const bool next = k < p.n && !p.sigma_is_zero[k];
  const mpfr_float s = l > 1 ? l : mpfr_float(1);  // alpha >= 1/e: times of order 1
  const mpfr_float lo = l > 1 ? mpfr_float(l / (4 * sk)) : mpfr_float(0);
  const mpfr_float hi = next ? mpfr_float(s * 3 / (4 * mt::mid(p.wide.sigma[k])) + 1) : mpfr_float(s * 4 / sk + 4 / sk);
  constexpr int grid = 24;
  mpfr_float best_t = lo, best_e = approx_error_at(p, approx, k, lo);
  int best_i = 0;
  for (int i = 1; i <= grid; ++i) {
    const mpfr_float t = lo + (hi - lo) * i / grid;
    const mpfr_float e = approx_error_at(p, approx, k, t);
    if (e < best_e) best_e = e, best_t = t, best_i = i;
  }
  mpfr_float a = lo + (hi - lo) * std::max(best_i - 1, 0) / grid, b = lo + (hi - lo) * std::min(best_i + 1, grid) / grid;
  const mpfr_float g = (sqrt(mpfr_float(5)) - 1) / 2;
  mpfr_float c = b - g * (b - a), d = a + g * (b - a);
  mpfr_float ec = approx_error_at(p, approx, k, c), ed = approx_error_at(p, approx, k, d);
  for (int it = 0; it < 48; ++it) {
    if (ec < ed) {
      b = d, d = c, ed = ec;
      c = b - g * (b - a);
      ec = approx_error_at(p, approx, k, c);
    } else {
      a = c, c = d, ec = ed;
      d = a + g * (b - a);
      ed = approx_error_at(p, approx, k, d);
    }
  }
  const mpfr_float m = ec < ed ? c : d, em = ec < ed ? ec : ed;
  return em < best_e ? m : best_t;
}

struct point_decision {
  verdict value = verdict::undecided;
  mpfr_float tau;  // best t / ln(1/alpha), to seed the range certificates
};

// E_k(alpha) non-empty (holds), empty (fails) or undecided, at the alpha p was set to.
point_decision decide_at(const P& p, std::size_t k) {
  point_decision out;
  const mpfr_float l = mt::mid(mpfi_float(-p.wide.log_alpha));
  const mpfr_float t = approx_best_time(p, k, l);
  out.tau = t / l;
  if (auto e = error_at(p, k, t); e && mt::certainly_le(*e, p.epsilon)) {
    out.value = verdict::holds;
    return out;
  }
  out.value = eps_window_of(p, k, mt::point(t)).found;  // fails: a certified cover of [0, inf) above eps
  return out;
}

// E_k non-empty for every alpha with ln(1/alpha) in [a, b] (b empty: [a, inf)), at t = tau ln(1/alpha);
// the scaled form with a certified V, else the r x r factor form (singular W~0, r < n).
bool range_certified(const P& p, std::size_t k, const mpfr_float& tau, const mpfr_float& a, const std::optional<mpfr_float>& b) {
  auto W = closed_form_over_log_alpha_any(p, mt::point(tau), a, b);
  if (!W) return false;
  auto e = error_to_rank(W->materialize(), p.sigma, k);
  return e && mt::certainly_le(*e, p.epsilon);
}

mpfr_float approx_tau_at(P& p, std::size_t k, const mpfr_float& l, int digits) {
  const mpq_class alpha = decimal_alpha_near(mpfr_float(-l / mt::mid(ln10())), digits);
  set_alpha(p, alpha);
  const mpfr_float lm = mt::mid(log_inv(alpha));
  return approx_best_time(p, k, lm) / lm;
}

// Certifies E_k non-empty for every alpha with ln(1/alpha) >= l0: a compactified tail [L, inf) at
// tau = 1/(sigma_k + sigma_{k+1}), then pieces of [l0, L] from the top down, each at the tau of
// its middle (or of the piece above), bisected when not decided. When the tail is not certified
// (a zero eigenvalue with a singular W~0, say), the pieces cover [l0, l_max] only, l_max >=
// ln(1/alpha_min): every alpha in [alpha_min, alpha_lo] (up_to_alpha_min). Returns the lowest l
// certified from (l0 when all went well) and the pieces used; nothing when no range was certified.
struct range_outcome {
  std::optional<mpfr_float> certified_from;
  bool up_to_alpha_min = false;  // certified on [certified_from, l_max], not [certified_from, inf)
  std::size_t pieces = 0;
  std::string note;
};

range_outcome certify_below(P p, std::size_t k, const mpfr_float& l0, const mpfr_float& l_max, const mpfr_float& min_width, std::size_t max_pieces,
                            int digits) {
  range_outcome out;
  mpfr_float tau_tail;
  if (k < p.n && !p.sigma_is_zero[k]) tau_tail = 1 / (mt::mid(p.wide.sigma[k - 1]) + mt::mid(p.wide.sigma[k]));
  else tau_tail = 2 / mt::mid(p.wide.sigma[k - 1]);
  std::optional<mpfr_float> L;
  for (mpfr_float c = l0 * 2 + 1; !L && c < l0 * 1e12 + 1e6; c *= 2) {
    ++out.pieces;
    if (range_certified(p, k, tau_tail, c, std::nullopt)) L = c;
  }
  if (!L) {
    if (!(l0 < l_max)) {
      out.note = "the compactified tail ln(1/alpha) in [L, inf) was not certified, and alpha_lo is not above alpha_min";
      return out;
    }
    out.note = "the compactified tail ln(1/alpha) in [L, inf) was not certified: certified down to alpha_min only";
    out.up_to_alpha_min = true;
    L = l_max;
  }
  // Pieces [l0 + delta 2^(j-1), l0 + delta 2^j] up to L, processed from the top down.
  std::vector<std::pair<mpfr_float, mpfr_float>> stack;
  const mpfr_float delta = min_width * 64;
  stack.push_back({l0, std::min<mpfr_float>(mpfr_float(l0 + delta), *L)});
  for (mpfr_float a = l0 + delta; a < *L; a = l0 + (a - l0) * 2) stack.push_back({a, std::min<mpfr_float>(mpfr_float(l0 + (a - l0) * 2), *L)});
  mpfr_float tau = tau_tail, lowest = *L;
  bool any_piece = false;
  while (!stack.empty()) {
    auto [a, b] = stack.back();
    stack.pop_back();
    if (out.pieces >= max_pieces) {
      out.note = "piece budget spent";
      break;
    }
    ++out.pieces;
    bool ok = range_certified(p, k, tau, a, b);
    if (!ok) {
      const mpfr_float fresh = approx_tau_at(p, k, (a + b) / 2, digits);
      ++out.pieces;
      if (range_certified(p, k, fresh, a, b)) ok = true;
      tau = fresh;
    }
    if (ok) {
      lowest = a;
      any_piece = true;
      continue;
    }
    if (b - a <= min_width) {
      out.note = "a piece of ln(1/alpha) at the minimum width was not certified";
      break;
    }
    const mpfr_float m = (a + b) / 2;
    stack.push_back({a, m});
    stack.push_back({m, b});
  }
  if (out.up_to_alpha_min && !any_piece) return out;  // [l_max, l_max]: nothing certified
  out.certified_from = lowest;
  return out;
}

mpq_class pow10(long e) {
  mpz_class p;
  mpz_ui_pow_ui(p.get_mpz_t(), 10, static_cast<unsigned long>(e < 0 ? -e : e));
  return e < 0 ? mpq_class(mpz_class(1), p) : mpq_class(p);
}

std::optional<enclosure> to_enclosure(const mpfi_float& x) {
  if (!mt::is_finite(x)) return std::nullopt;
  return enclosure{mt::lower(x), mt::upper(x), false};
}

}  // namespace

mpq_class default_threshold_alpha_min() { return pow10(-1000); }

mpq_class decimal_alpha_near(const mpfr_float& log10_alpha, int digits) {
  const mpfr_float e_floor = floor(log10_alpha);
  const long e = e_floor.convert_to<long>();
  mpfr_float mant = pow(mpfr_float(10), mpfr_float(log10_alpha - e_floor + digits - 1));  // in [10^(d-1), 10^d)
  mpz_class m;
  mpfr_get_z(m.get_mpz_t(), mant.backend().data(), MPFR_RNDN);
  if (m <= 0) m = 1;
  mpq_class a = mpq_class(m) * pow10(e - digits + 1);
  a.canonicalize();
  return a;
}

std::string format_scientific_exact(const mpq_class& q) {
  if (q <= 0) return q.get_str();
  mpz_class num = q.get_num(), den = q.get_den();
  unsigned long twos = 0, fives = 0;
  while (den % 2 == 0) den /= 2, ++twos;
  while (den % 5 == 0) den /= 5, ++fives;
  if (den != 1) return q.get_str();  // not a decimal
  // q = num / (2^twos 5^fives) = num 2^(e - twos) 5^(e - fives) / 10^e, e = max(twos, fives).
  const unsigned long e10 = std::max(twos, fives);
  mpz_class scale;
  mpz_ui_pow_ui(scale.get_mpz_t(), 2, e10 - twos);
  num *= scale;
  mpz_ui_pow_ui(scale.get_mpz_t(), 5, e10 - fives);
  num *= scale;
  long e = -static_cast<long>(e10);
  while (num % 10 == 0) num /= 10, ++e;
  const std::string m = num.get_str();
  const long exponent = e + static_cast<long>(m.size()) - 1;
  std::string out = m.substr(0, 1);
  if (m.size() > 1) out += "." + m.substr(1);
  if (exponent != 0) out += "e" + std::to_string(exponent);
  return out;
}

verdict eps_window_nonempty(const instance& in, std::size_t k, unsigned precision) {
  precision_scope scope(precision);
  const P p = enclose_problem<mpfi_float>(in);
  if (k < 1 || k > p.n) throw std::invalid_argument("eps_window_nonempty: k must be in 1..n");
  if (rank_obstruction_verdict(p, initialization_rank(in), k) == verdict::holds) return verdict::fails;
  return decide_at(p, k).value;
}

verdict eps_window_nonempty_at(const instance& in, std::size_t k, const mpq_class& alpha, unsigned precision) {
  instance at = in;
  at.alpha = alpha_spec{alpha, std::nullopt, alpha.get_str()};
  return eps_window_nonempty(at, k, precision);
}

threshold_result threshold(const instance& in_given, const threshold_options& options) {
  const auto start = std::chrono::steady_clock::now();
  if (!(options.rel_width > 0 && options.rel_width < 1)) throw std::invalid_argument("rel_width must be in (0, 1)");
  instance in = in_given;
  if (options.epsilon) {
    if (*options.epsilon <= 0) throw std::invalid_argument("epsilon must be > 0");
    in.epsilon = *options.epsilon;
  }
  if (!(options.alpha_min > 0 && options.alpha_min < 1)) throw std::invalid_argument("alpha_min must be in (0, 1)");
  if (options.k && (*options.k < 1 || *options.k > in.K))
    throw std::invalid_argument("k = " + std::to_string(*options.k) + " is not in 1..K = " + std::to_string(in.K));

  threshold_result r;
  r.instance = in.source;
  r.epsilon = in.epsilon;
  r.alpha_min = options.alpha_min;
  {  // alpha*_hyp from the theorem check (hypotheses only)
    check_options c;
    c.bits.precision = options.precision;
    c.bits.max_precision = options.precision;
    c.over_interval = false;
    c.eps_windows = false;
    const check_result cr = check_at_precision(in, c, options.precision);
    r.theorem = cr.theorem;
    r.alpha_star_hyp = cr.alpha_star_hyp;
    r.log10_alpha_star_hyp = cr.log10_alpha_star_hyp;
  }
  precision_scope scope(options.precision);
  r.precision_bits = mt::precision_bits();
  P p = enclose_problem<mpfi_float>(in);
  const std::size_t rank = initialization_rank(in);
  const int digits = std::max(12, static_cast<int>(std::ceil(-std::log10(options.rel_width))) + 6);
  const mpfr_float rel_width = options.rel_width;
  const mpfr_float l_max = mt::upper(log_inv(options.alpha_min));  // >= ln(1/alpha_min)

  for (std::size_t k = 1; k <= in.K; ++k) {
    if (options.k && k != *options.k) continue;
    threshold_row row;
    row.k = k;
    if (rank_obstruction_verdict(p, rank, k) == verdict::holds) {
      row.nonempty_below = verdict::fails;
      row.method = "rank obstruction";
      row.reason = rank_obstruction_reason(rank);
      r.rows.push_back(row);
      continue;
    }
    if (k == in.K && p.V) {  // W~(t) -> diag(sigma) as t -> inf for every alpha > 0 (proofs/threshold.md, section 4)
      row.nonempty_below = verdict::holds;
      row.every_alpha = true;
      row.method = "limit t -> inf";
      r.rows.push_back(row);
      continue;
    }
    // 1. Scan log10(alpha) = -1, -2, -4, ..., at least down to 10^-256 and on until E_k is
    // certified non-empty; lo_alpha starts the last run of certified non-empty points (so a
    // non-empty E_k at large alpha above an empty stretch is seen, not taken for the threshold).
    auto decide_q = [&](const mpfr_float& q, mpq_class& alpha) {
      alpha = decimal_alpha_near(q, digits);
      set_alpha(p, alpha);
      ++row.points;
      return decide_at(p, k).value;
    };
    std::optional<mpq_class> lo_alpha, hi_alpha;  // certified non-empty / certified empty
    std::optional<mpfr_float> lo_q, hi_q;
    std::vector<std::pair<mpq_class, verdict>> seen;  // every alpha scanned, decreasing
    constexpr long min_scan = -256;
    for (long q = -1; q >= -(1L << 20) && row.points < options.max_points; q *= 2) {
      mpq_class a;
      const verdict v = decide_q(mpfr_float(q), a);
      seen.push_back({a, v});
      if (v != verdict::holds) lo_alpha.reset();
      else if (!lo_alpha) lo_alpha = a, lo_q = mpfr_float(q);
      if (lo_alpha && q <= min_scan) break;
    }
    while (!seen.empty() && lo_alpha && seen.back().first < *lo_alpha) seen.pop_back();  // the run below lo_alpha
    if (!lo_alpha) {
      row.reason = "no alpha down to 1e-" + std::to_string(1L << 20) + " with E_k certified non-empty";
      r.rows.push_back(row);
      continue;
    }
    // The scanned alpha just above lo_alpha bounds the bisection (hi_q); alpha_hi is the smallest
    // alpha certified empty (undecided points narrow the search for alpha_lo, never alpha_hi).
    std::optional<mpq_class> top_alpha;  // upper end of the bisection: not certified non-empty
    if (seen.size() >= 2) {
      top_alpha = seen[seen.size() - 2].first;
      hi_q = mpfr_float(-(1L << (seen.size() - 2)));
      for (std::size_t i = seen.size() - 1; i-- > 0;)
        if (seen[i].second == verdict::fails) {
          hi_alpha = seen[i].first;
          break;
        }
    }
    if (!hi_alpha)
      for (long q = 0; q <= 3 && !hi_alpha; ++q) {
        mpq_class a;
        const verdict v = decide_q(mpfr_float(q), a);
        seen.push_back({a, v});
        if (v == verdict::fails) hi_alpha = a;
        if (!top_alpha && v != verdict::holds) top_alpha = a, hi_q = mpfr_float(q);
      }
    for (const auto& [a, v] : seen)
      if (v == verdict::holds && hi_alpha && a > *hi_alpha) row.nonempty_above.push_back(a);
    // 2. Bisection in log10(alpha) between lo_alpha (certified non-empty) and top_alpha.
    if (top_alpha) {
      while (row.points < options.max_points) {
        const mpfr_float l_lo = mt::lower(log_inv(*lo_alpha)), l_hi = mt::upper(log_inv(*top_alpha));
        if ((l_lo - l_hi) <= rel_width * l_lo / 2) break;
        mpq_class a;
        const mpfr_float mid_q = (*lo_q + *hi_q) / 2;
        const verdict v = decide_q(mid_q, a);
        if (a >= *top_alpha || a <= *lo_alpha) break;  // the decimals cannot split the bracket further
        if (v == verdict::holds) {
          lo_alpha = a, lo_q = mid_q;
        } else {
          top_alpha = a, hi_q = mid_q;
          if (v == verdict::fails && (!hi_alpha || a < *hi_alpha)) hi_alpha = a;
        }
      }
    }
    // 3. Every alpha below lo_alpha: range certificates.
    const mpfr_float l0 = mt::lower(log_inv(*lo_alpha));
    range_outcome cert = certify_below(p, k, l0, l_max, mpfr_float(rel_width * l0 / 64), options.max_pieces, digits);
    row.pieces = cert.pieces;
    row.reason = cert.note;
    if (cert.certified_from) {
      mpq_class a = *lo_alpha;
      if (*cert.certified_from > l0) {  // the top pieces failed: a smaller alpha_lo, decimal, inside the certified range
        mpfr_float q = -*cert.certified_from / mt::mid(ln10());
        for (int i = 0; i < 8; ++i, q -= ldexp(abs(q) + 1, -digits - 20 + 4 * i)) {
          a = decimal_alpha_near(q, digits);
          if (mt::lower(log_inv(a)) >= *cert.certified_from) break;
        }
      }
      // [alpha_min, alpha_lo] only: alpha_lo must lie above alpha_min (l_max >= ln(1/alpha_min)).
      if (mt::lower(log_inv(a)) >= *cert.certified_from && (!cert.up_to_alpha_min || a > options.alpha_min)) {
        row.alpha_lo = a;
        row.nonempty_below = verdict::holds;
        if (cert.up_to_alpha_min) {
          row.lower_end = options.alpha_min;
          row.method = "range certificates at t = tau ln(1/alpha) over [alpha_min, alpha_lo]";
        } else {
          row.method = "range certificates at t = tau ln(1/alpha) and a compactified tail";
        }
      }
    }
    row.alpha_hi = hi_alpha;
    if (row.alpha_lo && row.alpha_hi) {
      const mpfr_float l_lo = mt::upper(log_inv(*row.alpha_lo)), l_hi = mt::lower(log_inv(*row.alpha_hi));
      mpfr_float w = (l_lo - l_hi) / l_lo;
      row.log_rel_width = mpfr_get_d(w.backend().data(), MPFR_RNDU);
    }
    if (row.alpha_lo && r.alpha_star_hyp) {
      const mpfi_float star = mt::interval(r.alpha_star_hyp->lo, r.alpha_star_hyp->hi);
      const mpfi_float ratio = enclose_mpfi(*row.alpha_lo) / star;
      row.ratio_to_alpha_star = to_enclosure(ratio);
      mpfi_float lr = ratio;
      mpfi_log10(lr.backend().data(), ratio.backend().data());
      row.log10_ratio_to_alpha_star = to_enclosure(lr);
    }
    r.rows.push_back(row);
  }
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return r;
}

every_k_threshold threshold_of_every_k(const threshold_result& r) {
  every_k_threshold out;
  std::string undecided_k, above_k;
  const threshold_row* lowest = nullptr;
  bool all_every_alpha = true;
  for (const auto& row : r.rows) {
    const std::string k = std::to_string(row.k);
    if (row.nonempty_below == verdict::fails) {
      out.nonempty_below = verdict::fails;
      out.lower_end.reset();
      out.note = "E_" + k + " is empty for every alpha" + (row.reason.empty() ? std::string() : " (" + row.reason + ")");
      return out;
    }
    if (!row.nonempty_above.empty()) above_k += (above_k.empty() ? "" : ", ") + k;
    if (row.alpha_hi && (!out.alpha_hi || *row.alpha_hi < *out.alpha_hi)) out.alpha_hi = row.alpha_hi;
    if (row.nonempty_below != verdict::holds || (!row.every_alpha && !row.alpha_lo)) {
      undecided_k += (undecided_k.empty() ? "" : ", ") + k;
      continue;
    }
    if (row.every_alpha) continue;
    // A certificate that stops at alpha_min makes the whole summary one over [lower_end, alpha_lo].
    if (row.lower_end && (!out.lower_end || *row.lower_end > *out.lower_end)) out.lower_end = row.lower_end;
    all_every_alpha = false;
    if (!lowest || *row.alpha_lo < *lowest->alpha_lo) lowest = &row;
  }
  if (r.rows.empty()) undecided_k = "(none computed)";
  if (undecided_k.empty()) {
    out.nonempty_below = verdict::holds;
    out.every_alpha = all_every_alpha;
    if (lowest) {
      out.alpha_lo = lowest->alpha_lo;
      out.ratio_to_alpha_star = lowest->ratio_to_alpha_star;
      out.log10_ratio_to_alpha_star = lowest->log10_ratio_to_alpha_star;
    }
  } else {
    out.note = "not certified for every alpha below a bound: k = " + undecided_k;
  }
  if (out.nonempty_below == verdict::holds && out.lower_end && out.alpha_lo)
    out.note = "certified for alpha in [" + format_scientific_exact(*out.lower_end) + ", alpha_lo] only (alpha_min: the tail alpha -> 0 not certified)";
  else
    out.lower_end.reset();
  if (!above_k.empty())
    out.note += (out.note.empty() ? "" : "; ") + std::string("not monotone in alpha: E_k non-empty again above alpha_hi for k = ") + above_k;
  return out;
}

std::string format_every_k_bracket(const every_k_threshold& t, int digits) {
  if (t.nonempty_below == verdict::fails) return "none";
  if (t.nonempty_below != verdict::holds) return "n/a";
  if (!t.alpha_lo) return "every alpha";
  const std::string bracket = format_exact_bracket(*t.alpha_lo, t.alpha_hi, digits);
  return t.lower_end ? bracket + " for alpha >= " + format_scientific_exact(*t.lower_end) : bracket;
}

}  // namespace incert
