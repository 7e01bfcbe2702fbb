// src/sweep.hpp
//
// incert sweep: the theorem check over log-spaced alphas, one row per alpha.
#pragma once

#include "incert/api/check.hpp"

#include <gmpxx.h>

#include <ostream>

namespace incert::cli {

struct sweep_options {
  mpq_class alpha_from, alpha_to;
  unsigned points = 0;
  std::string format = "csv";  // csv or json
  check_options check;  // scalar and precisions (times, ranges unused)
  std::string command_line;  // recorded in the table's header
};

// log10 of an exact positive rational: exact when it is a power of ten, else rounded to 40
// significant digits (the row then reports exactly the alpha = 10^(that rational) it used).
mpq_class log10_for_grid(const mpq_class& a);

void run_sweep(const instance& in, const sweep_options& o, std::ostream& os);

}  // namespace incert::cli
