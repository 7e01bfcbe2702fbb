// src/random_init.hpp
//
// incert random-init FILE --seeds A..B [--json] [--precision BITS] [--max-precision BITS] [--jobs N]
//
// FILE has a Gaussian initialization ("init": {"gaussian": {...}}). For every seed in A..B the
// init's seed is replaced, U0 drawn (random/gaussian.hpp), M of that draw certified
// (theory/theorem_constants.hpp) and Theorem 4's hypotheses decided at the instance's alpha and
// eps (theory/theorem_check.hpp, precision doubled while a verdict is undecided). Reported: one row
// per seed, the counts of draws where all hypotheses hold / some fails / some stays undecided, and
// a certified Clopper-Pearson 95% interval for the fraction where all hold
// (random/clopper_pearson.hpp), undecided draws counted as failures for its lower end and as
// successes for its upper end. This is the M_delta of the paper's Remark III-C1, estimated.
#pragma once

#include <cstdint>
#include <string>

namespace incert::cli {

// At most this many seeds per run: the Clopper-Pearson tails cost O(draws) per step.
constexpr std::uint64_t random_init_max_draws = 100000;

// The arguments of `incert random-init`, already checked (src/cli_app.hpp parses the command line).
struct random_init_options {
  std::string file;
  std::uint64_t from = 0, to = 0;  // seeds from..to, to - from < random_init_max_draws
  bool json = false;
  unsigned precision = 128, max_precision = 4096;
  unsigned jobs = 0;  // worker processes (0: all cores); the output is the same for every value
};

// Writes the report to stdout once all of it is computed. Throws input_error (bad instance, or
// no Gaussian init: field "init").
void run_random_init_command(const random_init_options& o);

}  // namespace incert::cli
