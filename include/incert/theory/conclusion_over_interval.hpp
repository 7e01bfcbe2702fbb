// incert/theory/conclusion_over_interval.hpp
//
// The conclusion of Theorems 3/4 over a whole time interval:
//   ||W(t) - Y^_k||_2 <= eps   for EVERY t in [lo, hi]   (hi empty: [lo, inf)).
// Adaptive subdivision: each piece [a, b] (or the tail [a, inf)) gets ONE enclosure of W~(t)
// for all its t (flow/closed_form_range.hpp: monotone scale factors, the compactified tail,
// the mean-value form), hence one enclosure E of e(t) = ||W~(t) - diag(sigma_1..sigma_k, 0..)||_2
// over the piece (verified eigenvalues, lower end raised to max_j |(W~ - D_k)_jj|). A piece with
// upper(E) <= eps is done; otherwise it is bisected (a tail [a, inf) splits into [a, a + max(a, 1)]
// and [a + max(a, 1), inf)), until every piece is done ("holds"), a time certainly inside the
// range has e(t) certainly > eps ("fails": the piece midpoints are evaluated as points), or the
// budget of pieces is spent ("undecided"). Proof: proofs/conclusion_over_interval.md.
#pragma once

#include "incert/scalar/scalar_list.hpp"

#include "incert/flow/closed_form_range.hpp"
#include "incert/theory/error_to_rank.hpp"
#include "incert/theory/verdict.hpp"
#include "incert/theory/work_deadline.hpp"

#include <Eigen/Eigenvalues>
#include <cmath>
#include <optional>
#include <string>
#include <vector>

namespace incert {

struct subdivision_options {
  std::size_t max_pieces = 2048;
};

template <class T>
struct interval_conclusion {
  std::size_t k = 0;
  // Encloses [.., max over the time range of the error]: the upper end bounds the error at every
  // t of the range; the lower end is a certified value of the error at some time of the range.
  std::optional<T> error_bound;
  verdict value = verdict::undecided;  // holds: error <= eps at every t; fails: some t proved > eps
  std::size_t pieces = 0;              // pieces used (including a tail piece)
  // The range reaches to infinity but no enclosure over a tail [a, inf) exists for this problem
  // (singular W~0, not spectral: closed_form_hull has no compactified form): undecided at any
  // precision, so not worth a precision escalation.
  bool tail_unavailable = false;
  std::string reason;  // set when decided without a cover (theory/rank_obstruction.hpp)
};

namespace detail {

inline double approx_double(double x) { return x; }
inline double approx_double(const mpfr_float& x) { return mpfr_get_d(x.backend().data(), MPFR_RNDN); }

// An approximate eigendecomposition of mid(A) in double (any approximately orthogonal Q will
// do: it only steers the rigorous bounds below). Empty when mid(A) does not fit in double.
template <class T>
std::optional<Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>> approx_eigen_double(const matrix<T>& A) {
  const Eigen::Index n = A.rows();
  Eigen::MatrixXd M(n, n);
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index j = 0; j < n; ++j) {
      M(i, j) = approx_double(scalar_traits<T>::mid(A(i, j)));
      if (!std::isfinite(M(i, j))) return std::nullopt;
    }
  M = ((M + M.transpose()) / 2).eval();
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(M);
  if (es.info() != Eigen::Success) return std::nullopt;
  return es;
}

// max_j |A_jj|, a lower bound of ||A||_2 for every symmetric A in A (Rayleigh quotient at e_j).
template <class T>
typename scalar_traits<T>::mid_type diagonal_lower(const matrix<T>& A) {
  using traits = scalar_traits<T>;
  typename traits::mid_type lo(0);
  for (Eigen::Index j = 0; j < A.rows(); ++j) {
    auto dj = traits::lower(A(j, j));
    auto mdj = -traits::upper(A(j, j));
    if (lo < dj) lo = dj;
    if (lo < mdj) lo = mdj;
  }
  return lo;
}

// ||W - D_k||_2 for every W~ in the interval matrix W, lower end raised to the diagonal bound.
template <class T>
std::optional<T> error_to_rank_over(const matrix<T>& W, const std::vector<T>& sigma, std::size_t k) {
  using traits = scalar_traits<T>;
  matrix<T> D = minus_target(W, sigma, k);
  std::optional<T> e = enclose_symmetric_norm2_fast(D);
  if (!e) return std::nullopt;
  auto lo = traits::lower(*e), d = diagonal_lower(D);
  if (lo < d) lo = d;
  if (traits::upper(*e) < lo) throw std::logic_error("error_to_rank_over: disjoint bounds on one norm");
  return traits::interval(lo, traits::upper(*e));
}

// q^T M q for a point vector q, as q . (M q): the matrix-vector product by the fast interval
// kernel (matrix_ops.hpp), n interval products after it instead of 2 n^2.
template <class T>
T quadratic_form(const std::vector<T>& q, const matrix<T>& M) {
  const Eigen::Index n = M.rows();
  matrix<T> Q(n, 1);
  for (Eigen::Index i = 0; i < n; ++i) Q(i, 0) = q[static_cast<std::size_t>(i)];
  const matrix<T> Mq = multiply(M, Q);
  T s(0);
  for (Eigen::Index i = 0; i < n; ++i) s += q[static_cast<std::size_t>(i)] * Mq(i, 0);
  return s;
}

// A lower bound of e(t) = ||W~(t) - D_k||_2 over a piece by one Rayleigh quotient,
// e(t) >= |phi(t)| / q^T q with phi(t) = q^T (W~(t) - D_k) q, q ~ the top eigenvector at the probe m.
// Finite piece: phi(t) in phi(m) + (t - m) q^T W~'(m) q + (t - m)^2/2 q^T W~''([a, b]) q (Taylor,
// W~' = W~ Sigma + Sigma W~ - 2 W~^2, W~'' = W~' Sigma + Sigma W~' - 2 (W~' W~ + W~ W~')), the
// affine part taken at the two ends: second order, so pieces next to a crossing stay long.
// Tail (no W_m_range offsets): phi over the range enclosure itself.
// D1m, D2: riccati_rhs(p, W_m) and an enclosure of W~'' over the piece (used with offsets only).
template <class T>
typename scalar_traits<T>::mid_type rayleigh_lower(const enclosed_problem<T>& p, std::size_t k, const matrix<T>& W_range,
                                                    const matrix<T>& W_m, const matrix<T>* D1m, const matrix<T>* D2,
                                                    const std::optional<std::pair<T, T>>& offsets) {
  using traits = scalar_traits<T>;
  using Tm = typename traits::mid_type;
  matrix<T> A_m = minus_target(W_m, p.sigma, k);
  auto es = approx_eigen_double(A_m);
  if (!es) return Tm(0);
  const Eigen::Index n = A_m.rows();
  Eigen::Index top = std::abs(es->eigenvalues()(0)) < std::abs(es->eigenvalues()(n - 1)) ? n - 1 : 0;
  std::vector<T> q(static_cast<std::size_t>(n));
  T qq(0);
  for (Eigen::Index i = 0; i < n; ++i) {
    q[static_cast<std::size_t>(i)] = T(es->eigenvectors()(i, top));
    qq += traits::square(q[static_cast<std::size_t>(i)]);
  }
  T phi;
  if (offsets && D1m && D2) {
    T phi0 = quadratic_form(q, A_m);
    T phi1 = quadratic_form(q, *D1m);
    T phi2 = quadratic_form(q, *D2);
    const T& da = offsets->first;
    const T& db = offsets->second;
    Tm reach = traits::upper_abs(da);
    if (reach < traits::upper_abs(db)) reach = traits::upper_abs(db);
    T half_sq = traits::square(traits::point(reach)) / T(2);
    T rem = traits::hull(T(0), half_sq) * phi2;
    phi = T(traits::hull(T(phi0 + da * phi1), T(phi0 + db * phi1)) + rem);
  } else {
    phi = quadratic_form(q, minus_target(W_range, p.sigma, k));
  }
  T r = traits::abs(phi) / qq;
  Tm lo = traits::lower(r);
  return lo < Tm(0) ? Tm(0) : lo;
}

enum class cover_goal { at_most_eps, above_eps };
enum class hard_end { none, left, right };  // where a cover's pieces must get short

// One piece [a, b] (b empty: the tail [a, inf)) with exact endpoints; `probe` is a time of the
// piece evaluated as a point (the midpoint; a + max(a, 1) for a tail).
template <class T>
struct piece_result {
  bool done = false;          // the goal is certified on the whole piece
  bool enclosed = false;      // an enclosure of W~ over the whole piece was available
  std::optional<T> over;      // e(t) for every t of the piece (goal at_most_eps)
  std::optional<T> at_probe;  // e(probe) (always for at_most_eps, else only when not done)
  bool screened = false;      // from the double-interval screen (at_probe is a double-interval value)
  // When not done: by how much the goal was missed (upper(over) - lower(eps), or upper(eps) - the
  // lower bound), and the width of at_probe (what rounding costs at this precision). Approximate:
  // they only steer where a higher precision is worth trying.
  std::optional<double> missed_by, probe_width;
};

template <class T>
piece_result<T> evaluate_piece_in(const enclosed_problem<T>& p, std::size_t k, const mpfr_float& a, const std::optional<mpfr_float>& b,
                                  const mpfr_float& probe, cover_goal goal) {
  using traits = scalar_traits<T>;
  using mt = scalar_traits<mpfi_float>;
  piece_result<T> r;
  const mpfi_float ta = mt::point(a), tp = mt::point(probe);
  std::optional<mpfi_float> tb;
  if (b) tb = mt::point(*b);
  std::optional<matrix<T>> Wpm;
  if (auto Wp = closed_form_eigenbasis(p, tp)) Wpm = Wp->materialize();
  auto probe_error = [&] {
    if (Wpm) r.at_probe = enclose_symmetric_norm2_fast(minus_target(*Wpm, p.sigma, k));
    if (r.at_probe) r.probe_width = approx_double(traits::upper(*r.at_probe) - traits::lower(*r.at_probe));
  };
  std::optional<matrix<T>> W, D1m;
  matrix<T> D2;
  if (auto H = closed_form_hull(p, ta, tb)) {
    r.enclosed = true;
    W = H->materialize();
    if (tb && Wpm) {
      D1m = riccati_rhs(p, *Wpm);
      W = mean_value_enclosure(p, *W, ta, *tb, tp, *Wpm, *D1m, &D2);
    }
  }
  if (goal == cover_goal::at_most_eps) {
    if (W) r.over = error_to_rank_over(*W, p.sigma, k);
    r.done = r.over && traits::certainly_le(*r.over, p.epsilon);
    if (r.over && !r.done) r.missed_by = approx_double(traits::upper(*r.over) - traits::lower(p.epsilon));
    probe_error();
    return r;
  }
  if (W) {
    auto lo = diagonal_lower(minus_target(*W, p.sigma, k));
    if (Wpm) {
      std::optional<std::pair<T, T>> offsets;
      if (tb) offsets = std::make_pair(traits::from_mpfi(mpfi_float(ta - tp)), traits::from_mpfi(mpfi_float(*tb - tp)));
      auto ray = rayleigh_lower(p, k, *W, *Wpm, D1m ? &*D1m : nullptr, D1m ? &D2 : nullptr, offsets);
      if (lo < ray) lo = ray;
    }
    r.done = traits::upper(p.epsilon) < lo;
    if (!r.done) r.missed_by = approx_double(traits::upper(p.epsilon) - lo);
  }
  if (!r.done) probe_error();
  return r;
}

// A double-interval enclosure as T (outward; exact for MPFI at 53 bits or more).
template <class T>
T from_screen(const double_interval& x) {
  return scalar_traits<T>::from_mpfi(scalar_traits<double_interval>::to_mpfi(x));
}

// evaluate_piece_in, first in the double-interval screen (usable_screen(p)), then in T when the
// screen encloses W~ over the piece but leaves it undecided by a margin that rounding could
// explain (at most 16 times the width of the screen's point value at the probe); a piece the
// screen cannot enclose, or misses by more than that, is returned undecided without T, whose
// enclosure over the piece would fail or miss too (the width comes from the length of the piece,
// not from rounding); the cover tries it in T when it stays a leaf. Sound either way: both are
// enclosures of the same problem.
template <class T>
piece_result<T> evaluate_piece(const enclosed_problem<T>& p, const enclosed_problem<double_interval>* screen, std::size_t k,
                               const mpfr_float& a, const std::optional<mpfr_float>& b, const mpfr_float& probe, cover_goal goal) {
  if (screen) {
    piece_result<double_interval> s = evaluate_piece_in(*screen, k, a, b, probe, goal);
    if (s.done) {
      piece_result<T> r;
      r.done = true;
      r.enclosed = s.enclosed;
      r.screened = true;
      if (s.over) r.over = from_screen<T>(*s.over);
      if (s.at_probe) r.at_probe = from_screen<T>(*s.at_probe);
      return r;
    }
    // Hopeless for T as well: no enclosure over the piece in the screen (its verified inverse of
    // the core failed: over a long piece the core varies too widely at any precision), or a miss
    // that rounding cannot explain. The cover splits such a piece without T unless it stays a leaf.
    if (!s.enclosed || (s.missed_by && s.probe_width && *s.missed_by > 16 * *s.probe_width)) {
      piece_result<T> r;
      r.enclosed = s.enclosed;
      r.screened = true;
      if (s.over) r.over = from_screen<T>(*s.over);
      if (s.at_probe) r.at_probe = from_screen<T>(*s.at_probe);
      return r;
    }
  }
  return evaluate_piece_in(p, k, a, b, probe, goal);
}

// e(t) at one time in T (nothing when the closed form is not certified there).
template <class T>
std::optional<T> error_at_time(const enclosed_problem<T>& p, std::size_t k, const mpfr_float& t) {
  auto W = closed_form_eigenbasis(p, scalar_traits<mpfi_float>::point(t));
  if (!W) return std::nullopt;
  return enclose_symmetric_norm2_fast(minus_target(W->materialize(), p.sigma, k));
}

template <class T>
struct cover_result {
  verdict value = verdict::undecided;  // holds: the goal holds at every t of [a, b]
  std::size_t pieces = 0;
  std::optional<T> bound;              // [.., max e] over [a, b] (goal at_most_eps; see interval_conclusion)
  std::optional<mpfr_float> witness;   // a time in [inner_lo, inner_hi] where the goal certainly fails
  bool tail_unavailable = false;       // a tail piece had no enclosure (see interval_conclusion)
};

// Covers [a, b] (b empty: [a, inf)), 0 <= a <= b, by pieces on which the goal is certified.
// A witness is only accepted inside [inner_lo, inner_hi] (inner_hi empty: no upper limit).
// keep_going: after a witness, still enclose the rest without splitting (for `bound`).
// Pieces touching the hard end are split 15:1 towards it (the margin to eps vanishes there).
template <class T>
cover_result<T> cover(const enclosed_problem<T>& p, const enclosed_problem<double_interval>* screen, std::size_t k,
                      const mpfr_float& a, const std::optional<mpfr_float>& b,
                      cover_goal goal, const mpfr_float& inner_lo, const std::optional<mpfr_float>& inner_hi,
                      std::size_t max_pieces, bool keep_going, hard_end hard = hard_end::none) {
  using traits = scalar_traits<T>;
  using Tm = typename traits::mid_type;
  struct piece {
    mpfr_float a;
    std::optional<mpfr_float> b;
  };
  cover_result<T> out;
  std::vector<piece> stack{{a, b}};
  bool splitting = true, all_done = true, bound_ok = true, have_probe_low = false, first_leaf = true, best_screened = false;
  Tm hi_max = Tm(0), lo_min = Tm(0), probe_low = Tm(0);
  mpfr_float best_probe;  // where probe_low was found
  if (max_pieces == 0) max_pieces = 1;
  while (!stack.empty()) {
    if (deadline_passed()) {  // the pieces left are not covered: no "holds", no bound
      all_done = false;
      bound_ok = false;
      out.pieces += stack.size();
      break;
    }
    piece pc = std::move(stack.back());
    stack.pop_back();
    mpfr_float probe;
    if (pc.b) {
      probe = (pc.a + *pc.b) / 2;
      if (probe < pc.a) probe = pc.a;  // rounding at adjacent floats
      if (*pc.b < probe) probe = *pc.b;
    } else {
      probe = pc.a + (pc.a < 1 ? mpfr_float(1) : pc.a);
    }
    piece_result<T> r = evaluate_piece(p, screen, k, pc.a, pc.b, probe, goal);
    mpfr_float split = probe;
    if (pc.b) {
      if (hard == hard_end::right && *pc.b == *b) split = *pc.b - (*pc.b - pc.a) / 16;
      if (hard == hard_end::left && pc.a == a) split = pc.a + (*pc.b - pc.a) / 16;
    }
    // Without a compactified form (singular W~0, not spectral, no usable factor tail) a tail never
    // gets an enclosure however it is split: stop there. With one, the verified inverse over [a, inf)
    // can fail while a mode is being learned at a; a later start succeeds, so the tail is split on.
    const bool dead_tail = !pc.b && !r.enclosed && !p.spectral && !p.V && !factor_time_tail_possible(p);
    if (dead_tail) out.tail_unavailable = true;
    const bool can_split = !dead_tail && (!pc.b || (pc.a < split && split < *pc.b));
    const bool room = out.pieces + stack.size() + 2 <= max_pieces;
    // A piece that stays a leaf is always tried in T: the screen only ever saves work.
    if (r.screened && !r.done && !(splitting && can_split && room)) r = evaluate_piece_in(p, k, pc.a, pc.b, probe, goal);
    const bool probe_inside = inner_lo <= probe && (!inner_hi || probe <= *inner_hi);
    if (r.at_probe && probe_inside) {
      if (!have_probe_low || probe_low < traits::lower(*r.at_probe)) {
        probe_low = traits::lower(*r.at_probe);
        best_probe = probe;
        best_screened = r.screened;
      }
      have_probe_low = true;
      const verdict v = decide_le(*r.at_probe, p.epsilon);
      const bool goal_fails = goal == cover_goal::at_most_eps ? v == verdict::fails : v == verdict::holds;
      if (goal_fails && !out.witness) {
        out.witness = probe;
        splitting = false;
        if (!keep_going) {
          out.value = verdict::fails;
          out.pieces += 1 + stack.size();
          return out;
        }
      }
    }
    if (!r.done && splitting && can_split && room) {
      stack.push_back({split, pc.b});  // right part first: the left one is processed next
      stack.push_back({pc.a, split});
      continue;
    }
    ++out.pieces;
    all_done = all_done && r.done;
    if (goal != cover_goal::at_most_eps) continue;
    if (!r.over) {
      bound_ok = false;
      continue;
    }
    Tm h = traits::upper(*r.over), l = traits::lower(*r.over);
    if (first_leaf || hi_max < h) hi_max = h;
    if (first_leaf || l < lo_min) lo_min = l;
    first_leaf = false;
  }
  if (goal == cover_goal::at_most_eps && bound_ok && !first_leaf) {
    if (have_probe_low && best_screened && !deadline_passed())  // the lower end as tight as without the screen
      if (std::optional<T> e = error_at_time(p, k, best_probe); e && probe_low < traits::lower(*e)) probe_low = traits::lower(*e);
    Tm lo = have_probe_low ? probe_low : lo_min;
    if (hi_max < lo) lo = lo_min;  // cannot happen for sound enclosures; stay safe
    out.bound = traits::interval(lo, hi_max);
  }
  if (out.witness) out.value = verdict::fails;
  else if (all_done) out.value = verdict::holds;
  return out;
}

inline mpfr_float clamp_time(const mpfr_float& t) { return t < 0 ? mpfr_float(0) : t; }

}  // namespace detail

// Over [lo, hi] (hi == nullopt: [lo, +inf)). lo/hi are enclosures of the endpoints: "holds"
// covers the hull [lower(lo), upper(hi)]; "fails" needs a time certainly inside
// [upper(lo), lower(hi)]. Times below 0 are clamped to 0 (the flow starts at t = 0).
template <class T>
interval_conclusion<T> conclusion_over_interval(const enclosed_problem<T>& p, std::size_t k, const mpfi_float& lo,
                                                const std::optional<mpfi_float>& hi, const subdivision_options& opt = {}) {
  INCERT_REQUIRE_RIGOROUS(T);
  using mt = scalar_traits<mpfi_float>;
  if (k < 1 || k > p.n) throw std::invalid_argument("conclusion_over_interval: k must be in 1..n");
  interval_conclusion<T> out;
  out.k = k;
  mpfr_float a = detail::clamp_time(mt::lower(lo)), inner_lo = detail::clamp_time(mt::upper(lo));
  std::optional<mpfr_float> b, inner_hi;
  if (hi) {
    b = detail::clamp_time(mt::upper(*hi));
    inner_hi = detail::clamp_time(mt::lower(*hi));
    if (*b < a) throw std::invalid_argument("conclusion_over_interval: the time range is empty (hi < lo)");
  }
  detail::cover_result<T> c = detail::cover(p, usable_screen(p), k, a, b, detail::cover_goal::at_most_eps, inner_lo, inner_hi,
                                            opt.max_pieces, /*keep_going=*/true);
  out.error_bound = c.bound;
  out.value = c.value;
  out.pieces = c.pieces;
  out.tail_unavailable = c.tail_unavailable && c.value == verdict::undecided;
  return out;
}

// Compiled once per scalar into the library (lib/instantiate_<scalar>.cpp, scalar/scalar_list.hpp).
#define INCERT_INSTANTIATE_CONCLUSION_OVER_INTERVAL(EXTERN, T) \
  EXTERN template interval_conclusion<T> conclusion_over_interval<T>(const enclosed_problem<T>&, std::size_t, const mpfi_float&, const std::optional<mpfi_float>&, const subdivision_options&);
#if INCERT_EXTERN_TEMPLATES
#define INCERT_X(T) INCERT_INSTANTIATE_CONCLUSION_OVER_INTERVAL(extern, T)
INCERT_FOR_EACH_RIGOROUS_SCALAR(INCERT_X)
#undef INCERT_X
#endif

}  // namespace incert
