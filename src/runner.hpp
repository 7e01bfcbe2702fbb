// src/runner.hpp
//
// One run of `check` or `eval` at one precision in one scalar type. Instantiated once per
// scalar type in run_<type>.cpp, so the five instantiations compile in parallel.
#pragma once

#include "report.hpp"

#include "incert/instance/instance.hpp"

#include <gmpxx.h>
#include <optional>
#include <string>
#include <vector>

namespace incert::cli {

// A time: an exact decimal t, or tau with t = tau * ln(1/alpha).
struct time_spec {
  std::optional<mpq_class> t, tau;
  std::string text;
};

struct runner {
  // digits: significant decimal digits of printed enclosures (0: all that the precision carries)
  check_report (*check)(const instance&, unsigned bits, const std::vector<time_spec>& extra_times, int digits);
  eval_report (*eval)(const instance&, unsigned bits, const time_spec& t, int digits);
  bool rigorous;
  bool fixed_precision;  // double, long double, double_interval: precision cannot be raised
};

runner runner_mpfi();
runner runner_double_interval();
runner runner_mpfr();
runner runner_double();
runner runner_long_double();

}  // namespace incert::cli
