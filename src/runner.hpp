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

// A user time range for the conclusion over a whole interval (--interval k:LO:HI): every t in
// [lo, hi], hi empty for [lo, inf). lo, hi are exact.
struct interval_spec {
  std::size_t k = 0;
  mpq_class lo;
  std::optional<mpq_class> hi;
  std::string lo_text, hi_text;  // as the user wrote them (exact decimals; hi_text "inf" for none)
};

// What `check` evaluates beyond the theorem itself.
struct check_request {
  std::vector<time_spec> times;          // the conclusion at these times (--t, --tau)
  std::vector<interval_spec> intervals;  // the conclusion over these ranges (--interval)
};

struct runner {
  // digits: significant decimal digits of printed enclosures (0: all that the precision carries)
  check_report (*check)(const instance&, unsigned bits, const check_request& request, int digits);
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
