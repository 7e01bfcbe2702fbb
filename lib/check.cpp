// lib/check.cpp: the run-time scalar registry, dispatch to the compiled runs, and precision
// escalation (api/check.hpp).
#include "incert/api/check.hpp"

#include <algorithm>
#include <stdexcept>

namespace incert {

namespace detail {
template <class T>
check_result run_check_at(const instance& in, const check_options& options, unsigned bits);
template <class T>
eval_result run_eval_at(const instance& in, const eval_options& options, unsigned bits);
}  // namespace detail

const std::vector<scalar_info>& scalar_registry() {
  static const std::vector<scalar_info> registry = {
      {scalar_kind::mpfi, "mpfi", true, false},
      {scalar_kind::interval, "interval", true, true},
      {scalar_kind::mpfr, "mpfr", false, false},
      {scalar_kind::double_precision, "double", false, true},
      {scalar_kind::long_double, "long-double", false, true},
  };
  return registry;
}

const scalar_info& scalar_info_of(scalar_kind kind) {
  for (const auto& s : scalar_registry())
    if (s.kind == kind) return s;
  throw std::invalid_argument("unknown scalar kind");
}

std::optional<scalar_kind> scalar_kind_from_name(const std::string& name) {
  for (const auto& s : scalar_registry())
    if (name == s.name) return s.kind;
  return std::nullopt;
}

namespace {

// f<T>() for the scalar type of `kind` (the only place that maps kinds to types).
template <class F>
auto with_scalar(scalar_kind kind, F&& f) {
  switch (kind) {
    case scalar_kind::mpfi: return f(mpfi_float{});
    case scalar_kind::interval: return f(double_interval{});
    case scalar_kind::mpfr: return f(mpfr_float{});
    case scalar_kind::double_precision: return f(double{});
    case scalar_kind::long_double: return f((long double){});
  }
  throw std::invalid_argument("unknown scalar kind");
}

void require_valid(const precision_options& bits) {
  if (bits.precision < 24) throw std::invalid_argument("precision must be at least 24 bits");
  if (bits.max_precision < bits.precision) throw std::invalid_argument("max_precision is below precision");
}

}  // namespace

check_result check_at_precision(const instance& in, const check_options& options, unsigned bits) {
  if (!options.ranges.empty() && !scalar_info_of(options.scalar).rigorous)
    throw std::invalid_argument(std::string("the conclusion over a time range needs a rigorous scalar (mpfi or interval), not ") +
                                scalar_info_of(options.scalar).name);
  return with_scalar(options.scalar, [&](auto x) { return detail::run_check_at<decltype(x)>(in, options, bits); });
}

check_result check(const instance& in, const check_options& options) {
  require_valid(options.bits);
  deadline_scope limit(options.time_limit);
  check_result r = escalate<check_result>(
      options.bits, scalar_info_of(options.scalar).fixed_precision,
      [&](unsigned bits) { return check_at_precision(in, options, bits); },
      [](const check_result& r) { return r.any_undecided(); },
      [](const check_result& a, check_result b) { return merge_escalated(a, std::move(b)); });
  if (r.any_undecided() && deadline_passed()) r.reason = time_limit_reason();
  return r;
}

eval_result eval_at_precision(const instance& in, const eval_options& options, unsigned bits) {
  if (!options.time.t && !options.time.tau) throw std::invalid_argument("eval needs a time (t or tau)");
  return with_scalar(options.scalar, [&](auto x) { return detail::run_eval_at<decltype(x)>(in, options, bits); });
}

eval_result eval(const instance& in, const eval_options& options) {
  require_valid(options.bits);
  deadline_scope limit(options.time_limit);
  eval_result r = escalate<eval_result>(
      options.bits, scalar_info_of(options.scalar).fixed_precision,
      [&](unsigned bits) { return eval_at_precision(in, options, bits); },
      [](const eval_result& r) { return !r.resolved(); },
      [](const eval_result& a, eval_result b) {
        b.seconds += a.seconds;
        return b;
      });
  const bool every_error = std::all_of(r.error_to_rank.begin(), r.error_to_rank.end(), [](const rank_error& e) { return e.value.has_value(); });
  if ((!r.resolved() || !every_error) && deadline_passed()) r.reason = time_limit_reason();
  return r;
}

}  // namespace incert
