// incert/api/check.hpp
//
// The library's entry points: the theorem check and the evaluation of W(t) on an instance,
// in a scalar type chosen at run time, with precision escalation. Compiled once into the
// library (lib/), so a client includes this header and links incert::incert:
//
//   incert::instance in = incert::load_instance_file("data/default.json");   // or instance_builder
//   incert::check_result r = incert::check(in);                              // mpfi, 128 bits
//   for (const auto& h : r.hypotheses) std::cout << h.name << " " << incert::to_string(h.value) << "\n";
//
// Wrong calls throw (std::invalid_argument; incert::input_error names the field); "could not
// certify at this precision" is an `undecided` verdict or an absent enclosure in the result.
#pragma once

#include "incert/api/results.hpp"
#include "incert/instance/instance.hpp"
#include "incert/theory/work_deadline.hpp"

#include <gmpxx.h>

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace incert {

// The scalar types a run can use (scalar/scalar_list.hpp holds the compile-time list).
enum class scalar_kind { mpfi, interval, mpfr, double_precision, long_double };

struct scalar_info {
  scalar_kind kind;
  const char* name;      // as on the command line: mpfi, interval, mpfr, double, long-double
  bool rigorous;         // interval type: results are certified
  bool fixed_precision;  // precision cannot be raised (double, long double, double interval)
};

// Every scalar kind, the default (mpfi) first.
const std::vector<scalar_info>& scalar_registry();
const scalar_info& scalar_info_of(scalar_kind kind);
// The kind with this name, or nothing.
std::optional<scalar_kind> scalar_kind_from_name(const std::string& name);

// A time: an exact t, or tau with t = tau ln(1/alpha) (exact at any alpha). text: as written.
struct time_point {
  std::optional<mpq_class> t, tau;
  std::string text;
};

// A time range [lo, hi] (hi absent: [lo, inf)) for the conclusion at every t, for rank k.
struct time_range {
  std::size_t k = 0;
  mpq_class lo;
  std::optional<mpq_class> hi;
  std::string lo_text, hi_text;  // as written (exact decimals); hi_text "inf" for none
};

// Precision escalation: undecided verdicts are retried at twice the precision up to max_precision.
struct precision_options {
  unsigned precision = 128;
  unsigned max_precision = 4096;
};

struct check_options {
  scalar_kind scalar = scalar_kind::mpfi;
  precision_options bits;
  std::vector<time_point> times;   // the conclusion at these times too
  std::vector<time_range> ranges;  // the conclusion over these ranges too (rigorous scalars only)
  bool over_interval = true;       // the conclusion for every t in each certified non-empty I_k
  bool eps_windows = true;         // the true eps-window of every k
  // Wall-clock seconds after which refinement stops (theory/work_deadline.hpp): what is not
  // decided by then stays undecided and check_result::reason says so. nullopt: no limit of its
  // own (an enclosing deadline_scope, such as a grid run's, still applies).
  std::optional<double> time_limit;
  // Threads sharing the conclusions over I_k and the eps-windows (theory/parallel_tasks.hpp): the
  // same result for every count. Boost 1.74 keeps the working precision process-wide, so do not
  // run two checks at different precisions on two threads of one process at the same time.
  unsigned threads = 1;
};

struct eval_options {
  scalar_kind scalar = scalar_kind::mpfi;
  precision_options bits;
  time_point time;
  std::optional<double> time_limit;  // as check_options::time_limit (stops precision escalation)
};

// Theorem 3 (spectral init) or 4 (general init) on the instance: constants, hypotheses, I_k,
// the conclusion at sample times and over whole intervals, eps-windows, alpha*_hyp.
// Throws std::invalid_argument for a wrong call (ranges with a point scalar, k out of range).
check_result check(const instance& in, const check_options& options = {});
// One run at exactly `bits` (no escalation).
check_result check_at_precision(const instance& in, const check_options& options, unsigned bits);

// W(t), W~(t) = Phi^T W(t) Phi and ||W(t) - Y^_k||_2 for every k.
eval_result eval(const instance& in, const eval_options& options);
eval_result eval_at_precision(const instance& in, const eval_options& options, unsigned bits);

// The one precision-escalation loop: run(bits) at bits = precision, 2 precision, ... while
// undecided(result), the next precision is within max_precision (once only when
// fixed_precision) and the thread's deadline has not passed; each later run is merged into the
// result so far by merge(old, new).
template <class Result>
Result escalate(const precision_options& bits, bool fixed_precision, const std::function<Result(unsigned)>& run,
                const std::function<bool(const Result&)>& undecided,
                const std::function<Result(const Result&, Result)>& merge) {
  Result r = run(bits.precision);
  unsigned b = bits.precision;
  while (!fixed_precision && undecided(r) && b <= bits.max_precision / 2 && !deadline_passed()) {
    b *= 2;
    r = merge(r, run(b));
  }
  return r;
}

}  // namespace incert
