// incert/api/random_init.hpp
//
// Theorem 4's hypotheses over Gaussian initializations (the paper's Remark III-C1, M_delta): each
// seed's draw U0 (random/gaussian.hpp, exact binary entries) is checked with precision
// escalation, and the fraction of draws where every hypothesis holds gets a Clopper-Pearson
// interval (random/clopper_pearson.hpp); so does the fraction where every eps-window E_k is
// certified non-empty at the instance's alpha (incremental learning observed). Undecided draws count against the lower limit and for
// the upper one, so the interval is conservative. Derivation: proofs/random_init.md.
#pragma once

#include "incert/api/check.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace incert {

struct draw_result {
  std::uint64_t seed = 0;
  verdict value = verdict::undecided;         // every hypothesis holds / some fails / else undecided
  std::vector<std::string> failed, undecided;  // hypothesis names
  std::optional<enclosure> M;                  // M = max(||V||, ||V^-1||) of the draw, when enclosed
  unsigned precision_bits = 0;                 // the last precision tried
  // E_k = {t >= 0 : ||W(t) - Y^_k||_2 <= eps} non-empty at the instance's alpha, k = 1..K (index
  // k - 1; api/threshold.hpp, at `precision`), and their conjunction: incremental learning of
  // every k observed for this draw, whatever the hypotheses say.
  std::vector<verdict> eps_window_nonempty;
  verdict incremental = verdict::undecided;
};

struct draw_summary {
  std::uint64_t holds = 0, fails = 0, undecided = 0;
  mpq_class estimate;                // holds / draws, exact
  enclosure clopper_pearson_lower;   // of the 95% lower limit for `holds` successes
  enclosure clopper_pearson_upper;   // of the 95% upper limit for `holds + undecided` successes
};

struct random_init_result : draw_summary {
  std::vector<draw_result> draws;
  double seconds = 0;
};

// One draw: base's Gaussian init redrawn with `seed`, Theorem 4's hypotheses and M, escalating
// while a verdict or M is undecided (not for a singular draw: M is then infinite at any precision).
// Throws input_error when base has no Gaussian initialization.
draw_result check_gaussian_draw(const instance& base, std::uint64_t seed, const precision_options& bits = {});

// The counts of the draws' verdicts, the estimate and the Clopper-Pearson 95% limits, undecided
// draws counted against the lower limit and for the upper one (conservative both ways). Every
// client that checks draws itself (the CLI's worker processes, Python's interruptible loop)
// summarizes through this. Throws std::invalid_argument for no draws.
draw_summary summarize_draws(const std::vector<verdict>& verdicts);

// Seeds from..to (inclusive).
random_init_result random_init(const instance& base, std::uint64_t from, std::uint64_t to, const precision_options& bits = {});

}  // namespace incert
