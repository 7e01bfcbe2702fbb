// incert/api/threshold.hpp
//
// The true threshold of incremental learning, certified for EVERY alpha below it (issue 15):
// for each rank k, with E_k(alpha) = {t >= 0 : ||W_alpha(t) - Y^_k||_2 <= eps},
//   alpha_lo:  E_k(alpha) is certified non-empty for every alpha in (0, alpha_lo];
//   alpha_hi:  E_k(alpha_hi) is certified empty;
// so alpha_true(k) = sup{a : E_k(alpha) non-empty for all alpha in (0, a]} lies in [alpha_lo, alpha_hi].
// Both are exact decimals; the bracket is refined to a relative width `rel_width` in ln(1/alpha).
// Method and proofs: proofs/threshold.md (range certificates at scaled times t = tau ln(1/alpha),
// flow/closed_form_alpha_range.hpp; the compactified tail ln(1/alpha) in [L, inf); the limit
// t -> inf for k = K; the rank obstruction, theory/rank_obstruction.hpp). A singular W~0 (a factor
// U0 with r < n) uses the r x r factor form over the same pieces (proofs/threshold.md, section 8);
// where the tail alpha -> 0 is not certified, the certificate covers [alpha_min, alpha_lo] only
// (lower_end = alpha_min, default 1e-1000) and says so.
//
//   incert::threshold_result r = incert::threshold(incert::load_instance_file("data/default.json"));
//   for (const auto& row : r.rows) std::cout << row.k << " " << *row.alpha_lo << " " << *row.alpha_hi << "\n";
#pragma once

#include "incert/api/results.hpp"
#include "incert/instance/instance.hpp"

#include <gmpxx.h>

#include <optional>
#include <string>
#include <vector>

namespace incert {

// 10^-1000, the stated lower end of a range certificate without the tail (issue 15, item 2).
mpq_class default_threshold_alpha_min();

struct threshold_options {
  std::optional<std::size_t> k;       // one rank k, else every k = 1..K
  std::optional<mpq_class> epsilon;   // else the instance's eps
  double rel_width = 1e-6;            // target relative width of [ln(1/alpha_hi), ln(1/alpha_lo)]
  unsigned precision = 128;           // MPFI bits (rigorous only)
  // Budgets (every loop has one): point decisions (scan and bisection) and range pieces per k.
  std::size_t max_points = 160;
  std::size_t max_pieces = 3000;
  // Where the tail alpha -> 0 is not certified: the range certificate stops at alpha_min (in (0, 1)).
  mpq_class alpha_min = default_threshold_alpha_min();
};

struct threshold_row {
  std::size_t k = 0;
  // holds: E_k non-empty for every alpha in (lower end, alpha_lo] (or every alpha > 0 when
  // every_alpha); fails: E_k empty for every alpha (rank obstruction); undecided: no range certified.
  verdict nonempty_below = verdict::undecided;
  bool every_alpha = false;            // E_k(alpha) non-empty for every alpha > 0 (k = K, limit t -> inf)
  std::optional<mpq_class> alpha_lo;   // exact decimal
  std::optional<mpq_class> alpha_hi;   // exact decimal, E_k(alpha_hi) certified empty; absent: none found
  // Absent: the certificate reaches alpha -> 0, (0, alpha_lo]; else it covers [lower_end, alpha_lo]
  // only (= alpha_min: the tail was not certified).
  std::optional<mpq_class> lower_end;
  std::string method;                  // how the range below alpha_lo was certified
  double log_rel_width = 0;            // (ln(1/alpha_lo) - ln(1/alpha_hi)) / ln(1/alpha_lo), rounded up
  std::optional<enclosure> ratio_to_alpha_star;   // alpha_lo / alpha*_hyp (Theorem's hypotheses)
  std::optional<enclosure> log10_ratio_to_alpha_star;
  // Non-monotone non-emptiness: alphas ABOVE alpha_hi where E_k was certified non-empty at a point.
  std::vector<mpq_class> nonempty_above;
  std::size_t points = 0, pieces = 0;  // work done (point decisions, range pieces)
  std::string reason;                  // a rank obstruction, a budget spent, ...
};

struct threshold_result {
  std::string instance;
  int theorem = 4;
  unsigned precision_bits = 0;
  mpq_class epsilon;
  mpq_class alpha_min;  // threshold_options::alpha_min
  std::optional<enclosure> alpha_star_hyp, log10_alpha_star_hyp;
  std::vector<threshold_row> rows;
  double seconds = 0;
};

// Throws std::invalid_argument for a wrong call (k out of 1..K, eps <= 0, rel_width not in (0, 1)).
threshold_result threshold(const instance& in, const threshold_options& options = {});

// Incremental learning of EVERY k (the table's summary): alpha_true = sup{a : E_k(alpha) non-empty
// for every k and every alpha in (0, a]} = min_k alpha_true(k), so from the rows of threshold()
// (every k): alpha_lo = min_k alpha_lo(k) (every k certified on (0, alpha_lo]; a k non-empty for
// every alpha does not bound it) and alpha_hi = min_k alpha_hi(k) over the k with one (alpha_true
// <= alpha_true(k) <= alpha_hi(k)). The ratio to alpha*_hyp is that of the k giving alpha_lo.
// A row certified on [alpha_min, alpha_lo] only makes the whole summary so: lower_end = the
// largest lower end, and "alpha_true" is then the same supremum over alphas >= lower_end.
struct every_k_threshold {
  verdict nonempty_below = verdict::undecided;  // holds: alpha_lo (or every alpha); fails: some E_k empty for every alpha
  bool every_alpha = false;                     // every k non-empty for every alpha > 0
  std::optional<mpq_class> alpha_lo, alpha_hi;  // exact decimals
  std::optional<mpq_class> lower_end;           // absent: every alpha in (0, alpha_lo]; else [lower_end, alpha_lo]
  std::optional<enclosure> ratio_to_alpha_star, log10_ratio_to_alpha_star;
  std::string note;  // why there is no bracket, or non-monotone non-emptiness; empty otherwise
};
every_k_threshold threshold_of_every_k(const threshold_result& r);
// Its bracket as table text: "[alpha_lo, alpha_hi]" rounded outward to `digits` ("[alpha_lo, inf)"
// without alpha_hi; " for alpha >= 1e-1000" appended with a lower end), "every alpha", "none" (some
// E_k empty for every alpha) or "n/a".
std::string format_every_k_bracket(const every_k_threshold& t, int digits);

// E_k(alpha) at one alpha: holds when a time with error <= eps is certified, fails when
// E_k(alpha) is certified empty, undecided otherwise (used by threshold and random-init).
verdict eps_window_nonempty_at(const instance& in, std::size_t k, const mpq_class& alpha, unsigned precision = 128);
// The same at the instance's own alpha (given exactly or by its log10).
verdict eps_window_nonempty(const instance& in, std::size_t k, unsigned precision = 128);

// alpha as an exact decimal with `digits` significant digits, nearest to 10^log10_alpha.
mpq_class decimal_alpha_near(const mpfr_float& log10_alpha, int digits);
// A positive decimal m / 10^j or m 10^j exactly, in scientific notation ("1.234e-7", "5e3");
// q.get_str() ("p/q") when q is not a decimal.
std::string format_scientific_exact(const mpq_class& q);

}  // namespace incert
