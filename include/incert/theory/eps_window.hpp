// incert/theory/eps_window.hpp
//
// The true eps-window of k: with e(t) = ||W(t) - Y^_k||_2 and S = {t >= 0 : e(t) <= eps},
// enclosures of inf S ("first") and sup S ("last"), to set beside the theorem's I_k.
//
// Method (proofs/eps_window.md): from a time h with e(h) <= eps certified (the hint, or a point
// found by a covering search when the hint is not in S),
//   first: bisection with point evaluations between 0 (e > eps) and h keeps L < H with
//          e(L) > eps, e(H) <= eps certified; then ONE certified cover of [0, L] (subdivision,
//          conclusion_over_interval.hpp) proves e > eps on all of [0, L], so inf S in (L, H].
//          If the cover meets a time w in S (S not connected), the search restarts below w.
//   last:  symmetric: a time H > h with e(H) > eps (doubling steps), bisection, then a cover of
//          [H, inf) (with the compactified tail piece) proves e > eps there, so sup S in [L, H).
//          If instead e <= eps is certified on a whole tail [c, inf), S is unbounded:
//          last_infinite.
// Whatever S looks like, every returned enclosure contains inf S / sup S: each one is backed by
// a point of S and a certified cover of the complement side. When a cover cannot be finished,
// first falls back to [0, H] (still an enclosure) and last stays empty (unknown).
//   inside: a time interval on which e <= eps is CERTIFIED throughout (a cover with goal
//          e <= eps): [upper(first), lower(last)] pulled in by 2^-12 of its width at each end
//          (e = eps at the ends, so a margin is needed), else a short interval around h.
//          S need not be connected, so [first, last] alone would not prove this.
// Bisection stops at relative width 2^-min(bits - 13, 66) (about 1e-20 at 128 bits, 1e-12 for
// double_interval) or when a point evaluation is undecided.
#pragma once

#include "incert/scalar/scalar_list.hpp"

#include "incert/theory/conclusion_over_interval.hpp"

#include <algorithm>
#include <optional>
#include <string>

namespace incert {

struct eps_window {
  verdict found = verdict::undecided;  // holds: a time with error <= eps is certified; fails: S is empty
  std::optional<mpfi_float> first, last;
  bool last_infinite = false;
  // [inside_lo, inside_hi] (inside_hi empty: [inside_lo, inf)) lies in S: e <= eps certified at
  // every time of it. Empty when no such interval was certified.
  std::optional<mpfr_float> inside_lo, inside_hi;
  bool has_inside() const { return inside_lo.has_value(); }
  std::string reason;  // set when decided without a search (theory/rank_obstruction.hpp)
};

namespace detail {

// e(t) <= eps at the exact time t (holds / fails / undecided), and mid(e(t)) - mid(eps).
struct point_classification {
  verdict value = verdict::undecided;
  mpfr_float excess;
};

template <class T>
point_classification error_within_eps_in(const enclosed_problem<T>& p, std::size_t k, const mpfr_float& t) {
  using traits = scalar_traits<T>;
  point_classification out;
  auto W = closed_form_eigenbasis(p, scalar_traits<mpfi_float>::point(t));
  if (!W) return out;
  matrix<T> D = minus_target(W->materialize(), p.sigma, k);
  const std::optional<T> e = symmetric_norm2_against(D, p.epsilon);
  if (!e) return out;
  out.value = decide_le(*e, p.epsilon);
  out.excess = mpfr_float(traits::mid(*e)) - mpfr_float(traits::mid(p.epsilon));
  return out;
}

// The same, decided in the double-interval screen when it can (usable_screen), else in T.
template <class T>
point_classification error_within_eps_at(const enclosed_problem<T>& p, const enclosed_problem<double_interval>* screen, std::size_t k,
                                         const mpfr_float& t) {
  if (screen) {
    point_classification c = error_within_eps_in(*screen, k, t);
    if (c.value != verdict::undecided) return c;
  }
  return error_within_eps_in(p, k, t);
}

// Relative width at which the bisections stop: 2^-min(bits - 13, 40).
template <class T>
int window_tolerance_bits() {
  const unsigned bits = scalar_traits<T>::precision_bits();
  return static_cast<int>(std::min(bits > 21 ? bits - 13 : 8u, 40u));
}

// Shrinks [L, H], where e(L) and e(H) are certified on opposite sides of eps (v_L at L, with
// excesses fL, fH), to relative width 2^-tol_bits: Illinois (regula falsi with the stale end's
// value halved), a bisection step whenever the width did not halve over two steps. The
// classification at every new point is certified; the secant only chooses where to look.
template <class T>
void bisect_crossing(const enclosed_problem<T>& p, const enclosed_problem<double_interval>* screen, std::size_t k, mpfr_float& L, mpfr_float fL, mpfr_float& H, mpfr_float fH,
                     verdict v_L) {
  const int tol_bits = window_tolerance_bits<T>();
  int side = 0, secant_steps = 0;
  mpfr_float ref_width = H - L;
  auto update = [&](const mpfr_float& m, const point_classification& c) {
    if (c.value == v_L) {
      L = m;
      fL = c.excess;
      if (side == -1) fH /= 2;
      side = -1;
    } else {
      H = m;
      fH = c.excess;
      if (side == 1) fL /= 2;
      side = 1;
    }
  };
  for (int it = 0; it < 300 && !deadline_passed(); ++it) {  // the bracket [L, H] stays valid when stopped
    const mpfr_float width = H - L;
    if (width <= ldexp(H, -tol_bits)) return;
    bool bisect = !(fL != fH && fL * fH < 0);
    if (secant_steps == 2) {  // two secant steps must at least halve the bracket
      bisect = bisect || width * 2 > ref_width;
      ref_width = width;
      secant_steps = 0;
    }
    mpfr_float m = (L + H) / 2;
    if (!bisect) {
      mpfr_float s = H - fH * (H - L) / (fH - fL);
      const mpfr_float guard = ldexp(width, -tol_bits / 2 - 2);
      if (L + guard < s && s < H - guard) m = s;
      ++secant_steps;
    }
    if (!(L < m && m < H)) return;
    point_classification c = error_within_eps_at(p, screen, k, m);
    if (c.value == verdict::undecided) {
      if (bisect) return;
      // The secant landed within the evaluation's width of the crossing: bracket that point
      // from both sides at a distance below the target width, then go on by bisection.
      const mpfr_float d = ldexp(H, -tol_bits - 2);
      for (const mpfr_float& q : {mpfr_float(m - d), mpfr_float(m + d)})
        if (L < q && q < H) {
          point_classification cq = error_within_eps_at(p, screen, k, q);
          if (cq.value != verdict::undecided) update(q, cq);
        }
      secant_steps = 2;
      ref_width = 0;  // forces a bisection step next
      continue;
    }
    update(m, c);
  }
}

inline mpfi_float mpfi_between(const mpfr_float& lo, const mpfr_float& hi) { return scalar_traits<mpfi_float>::interval(lo, hi); }

constexpr int window_restarts = 8;

}  // namespace detail

namespace detail {

// first/last of the window (see the header comment); h receives the time of S that was used.
template <class T>
eps_window eps_window_ends(const enclosed_problem<T>& p, const enclosed_problem<double_interval>* screen, std::size_t k, const mpfi_float& hint, const subdivision_options& opt,
                           mpfr_float& h_out, std::optional<mpfr_float>& tail_start) {
  using mt = scalar_traits<mpfi_float>;
  using detail::cover_goal;
  using detail::hard_end;
  eps_window out;
  const mpfr_float zero(0);
  const int tol_bits = detail::window_tolerance_bits<T>();

  // A time h in S.
  mpfr_float h = detail::clamp_time(mt::mid(hint));
  detail::point_classification at_h = detail::error_within_eps_at(p, screen, k, h);
  if (at_h.value != verdict::holds) {
    detail::cover_result<T> c = detail::cover(p, screen, k, zero, std::nullopt, cover_goal::above_eps, zero, std::nullopt, opt.max_pieces, false);
    if (c.value == verdict::holds) {
      out.found = verdict::fails;  // e > eps at every t >= 0
      return out;
    }
    if (!c.witness) return out;
    h = *c.witness;
    at_h = detail::error_within_eps_at(p, screen, k, h);
    if (at_h.value != verdict::holds) return out;  // not expected: the cover certified e(h) <= eps
  }
  out.found = verdict::holds;
  h_out = h;

  // first: e > eps certified on [0, L'] and e(H) <= eps, so inf S in (L', H].
  {
    const detail::point_classification c0 = detail::error_within_eps_at(p, screen, k, zero);
    mpfr_float H = h, fH = at_h.excess;
    if (c0.value == verdict::holds) {
      out.first = mpfi_float(0);
    } else if (c0.value == verdict::fails) {
      for (int attempt = 0; attempt < detail::window_restarts && !out.first; ++attempt) {
        mpfr_float L = zero;
        detail::bisect_crossing(p, screen, k, L, c0.excess, H, fH, verdict::fails);
        // Step back from the crossing so that the cover has a margin to work with.
        mpfr_float Lc = L - ldexp(H, -tol_bits - 1);
        if (Lc < 0) Lc = zero;
        detail::cover_result<T> c =
            detail::cover(p, screen, k, zero, Lc, cover_goal::above_eps, zero, Lc, opt.max_pieces, false, hard_end::right);
        if (c.value == verdict::holds) {
          out.first = detail::mpfi_between(Lc, H);
        } else if (c.witness && *c.witness < H) {
          H = *c.witness;  // S has a point below L: search there
          fH = detail::error_within_eps_at(p, screen, k, H).excess;
        } else {
          break;
        }
      }
    }
    if (!out.first) out.first = detail::mpfi_between(zero, H);  // inf S in [0, H] since H is in S
  }

  // last: e(L) <= eps and e > eps certified on [H', inf), so sup S in [L, H').
  mpfr_float L = h, fL = at_h.excess;
  for (int attempt = 0; attempt < detail::window_restarts; ++attempt) {
    std::optional<mpfr_float> H;
    mpfr_float fH;
    mpfr_float step = L < 1 ? mpfr_float(1) : L;
    for (int i = 0; i < 64 && !H; ++i, step *= 2) {
      mpfr_float c = L + step;
      const detail::point_classification v = detail::error_within_eps_at(p, screen, k, c);
      if (v.value == verdict::fails) {
        H = c;
        fH = v.excess;
      } else if (v.value == verdict::holds) {
        L = c;
        fL = v.excess;
        detail::cover_result<T> tail = detail::cover(p, screen, k, c, std::nullopt, cover_goal::at_most_eps, c, std::nullopt, 1, false);
        if (tail.value == verdict::holds) {
          out.last_infinite = true;  // e <= eps on [c, inf)
          tail_start = c;
          return out;
        }
      } else {
        return out;  // undecided at this precision: last unknown
      }
    }
    if (!H) return out;
    detail::bisect_crossing(p, screen, k, L, fL, *H, fH, verdict::holds);
    mpfr_float Hc = *H + ldexp(*H, -tol_bits - 1);
    detail::cover_result<T> c =
        detail::cover(p, screen, k, Hc, std::nullopt, cover_goal::above_eps, Hc, std::nullopt, opt.max_pieces, false, hard_end::left);
    if (c.value == verdict::holds) {
      out.last = detail::mpfi_between(L, Hc);
      return out;
    }
    if (!c.witness) return out;
    L = *c.witness;  // S has a point beyond H: continue from there
    fL = detail::error_within_eps_at(p, screen, k, L).excess;
  }
  return out;
}

// e <= eps at every t of [a, b] (b empty: [a, inf)), certified by subdivision; both ends may be
// hard (e close to eps there), so the range is covered in two halves, each split towards its end.
template <class T>
bool certify_inside(const enclosed_problem<T>& p, const enclosed_problem<double_interval>* screen, std::size_t k, const mpfr_float& a, const std::optional<mpfr_float>& b,
                    std::size_t max_pieces) {
  if (!b) return cover(p, screen, k, a, b, cover_goal::at_most_eps, a, b, max_pieces, false, hard_end::left).value == verdict::holds;
  if (*b < a) return false;
  const mpfr_float m = (a + *b) / 2;
  return cover(p, screen, k, a, m, cover_goal::at_most_eps, a, m, max_pieces / 2, false, hard_end::left).value == verdict::holds &&
         cover(p, screen, k, m, *b, cover_goal::at_most_eps, m, *b, max_pieces / 2, false, hard_end::right).value == verdict::holds;
}

}  // namespace detail

template <class T>
eps_window eps_window_of(const enclosed_problem<T>& p, std::size_t k, const mpfi_float& hint, const subdivision_options& opt = {}) {
  INCERT_REQUIRE_RIGOROUS(T);
  using mt = scalar_traits<mpfi_float>;
  if (k < 1 || k > p.n) throw std::invalid_argument("eps_window_of: k must be in 1..n");
  mpfr_float h;
  std::optional<mpfr_float> tail_start;
  const enclosed_problem<double_interval>* screen = usable_screen(p);
  eps_window out = detail::eps_window_ends(p, screen, k, hint, opt, h, tail_start);
  if (out.found != verdict::holds) return out;

  // The certified inside: the whole window between the two certified points of S next to its
  // ends, pulled in by 2^-12 of its width; failing that (S not connected, or the cover ran out
  // of pieces), a short interval around h.
  const mpfr_float lo = out.first ? mpfr_float(mt::upper(*out.first)) : h;
  std::optional<mpfr_float> hi;
  if (out.last) hi = mpfr_float(mt::lower(*out.last));
  else if (out.last_infinite) hi = tail_start;
  if (!hi || *hi < lo) hi = h;
  mpfr_float a = lo, b = *hi;
  if (lo < b) {
    const mpfr_float pull = ldexp(mpfr_float(b - lo), -12);
    a = lo + pull;
    b = b - pull;
  }
  const bool open_end = out.last_infinite && tail_start && lo < *tail_start;
  std::optional<mpfr_float> b_range;
  if (!open_end) b_range = b;
  if (a <= b && detail::certify_inside(p, screen, k, a, b_range, opt.max_pieces)) {
    out.inside_lo = a;
    if (!open_end) out.inside_hi = b;
    return out;
  }
  if (out.last_infinite && tail_start) {  // the tail cover already certified [tail_start, inf)
    out.inside_lo = *tail_start;
    return out;
  }
  const mpfr_float delta = ldexp(h < 1 ? mpfr_float(1) : h, -20);
  const mpfr_float a2 = h < delta ? mpfr_float(0) : mpfr_float(h - delta), b2 = h + delta;
  if (detail::certify_inside(p, screen, k, a2, std::optional<mpfr_float>(b2), opt.max_pieces)) {
    out.inside_lo = a2;
    out.inside_hi = b2;
  }
  return out;
}

// Compiled once per scalar into the library (lib/instantiate_<scalar>.cpp, scalar/scalar_list.hpp).
#define INCERT_INSTANTIATE_EPS_WINDOW(EXTERN, T) \
  EXTERN template eps_window eps_window_of<T>(const enclosed_problem<T>&, std::size_t, const mpfi_float&, const subdivision_options&);
#if INCERT_EXTERN_TEMPLATES
#define INCERT_X(T) INCERT_INSTANTIATE_EPS_WINDOW(extern, T)
INCERT_FOR_EACH_RIGOROUS_SCALAR(INCERT_X)
#undef INCERT_X
#endif

}  // namespace incert
