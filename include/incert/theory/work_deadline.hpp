// incert/theory/work_deadline.hpp
//
// A wall-clock deadline for the certification work of the current thread (`--time-limit`,
// check_options::time_limit). The loops that refine an answer (the subdivision of a time range,
// the bisection of an eps-window end, precision escalation) poll deadline_passed() and, once it
// is true, stop refining and return what they have certified so far. Soundness does not depend on
// it: stopping early only leaves verdicts undecided or enclosures wider, never changes a holds or
// fails (every verdict is still decided from enclosures as before).
//
// The deadline is thread-local and scoped: deadline_scope sets it for its lifetime and keeps an
// earlier, tighter one (a grid run's overall limit stays in force inside each cell). A process
// forked by the grid engine inherits the forking thread's deadline.
#pragma once

#include <algorithm>
#include <chrono>
#include <optional>

namespace incert {

namespace detail {
inline thread_local std::optional<std::chrono::steady_clock::time_point> current_deadline;
}  // namespace detail

// True once the current thread's deadline (if any) has passed.
inline bool deadline_passed() {
  return detail::current_deadline && std::chrono::steady_clock::now() >= *detail::current_deadline;
}

// True when a deadline is set for the current thread (passed or not).
inline bool deadline_set() { return detail::current_deadline.has_value(); }

class deadline_scope {
 public:
  // seconds: from now; nullopt leaves the current deadline as it is. Negative counts as 0.
  explicit deadline_scope(std::optional<double> seconds) : saved_(detail::current_deadline) {
    if (!seconds) return;
    const auto limit = std::chrono::steady_clock::now() +
                       std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                           std::chrono::duration<double>(std::max(0.0, std::min(*seconds, 1e9))));
    detail::current_deadline = saved_ ? std::min(*saved_, limit) : limit;
  }
  ~deadline_scope() { detail::current_deadline = saved_; }
  deadline_scope(const deadline_scope&) = delete;
  deadline_scope& operator=(const deadline_scope&) = delete;

 private:
  std::optional<std::chrono::steady_clock::time_point> saved_;
};

// The "reason" of a result whose undecided verdicts were left unrefined by the deadline.
inline const char* time_limit_reason() {
  return "time limit reached: undecided verdicts were not refined further (subdivision, bisection and precision "
         "escalation stopped)";
}

}  // namespace incert
