// src/random_init.hpp
//
// incert random-init FILE --seeds A..B [--json] [--precision BITS] [--max-precision BITS]
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

#include <stdexcept>

namespace incert::cli {

// A usage error of `incert random-init` (exit code 2).
struct random_init_usage_error : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

// argv[1] is "random-init". Writes the report to stdout once all of it is computed. Throws
// random_init_usage_error, input_error (bad instance, or no Gaussian init: field "init").
void run_random_init_command(int argc, char** argv);

}  // namespace incert::cli
