// incert/theory/parallel_tasks.hpp
//
// run_tasks(count, threads, task): task(i) for every i in 0..count-1, each exactly once, on up to
// `threads` threads (the calling thread is one of them), the next index to whichever thread is
// free (tasks differ in cost by orders of magnitude). A task writes only its own result slot, so
// the outcome does not depend on the schedule: the same results as one thread.
//
// Why the library's arithmetic may run on several threads at once:
//   - MPFR is built thread-safe (mpfr_buildopt_tls_p() = 1 in Debian's build): flags, exponent
//     range and constant caches are per thread. Each worker widens its exponent range as the
//     calling thread did (widen_mpfr_exponent_range is per thread) and frees its caches on exit.
//   - The working precision (Boost 1.74's default_precision(), one process-wide static) is only
//     read while tasks run: the theory code never sets it (precision_scope is used around whole
//     checks, in the loader and in the target's eigenbasis, none of which runs inside a task).
//   - The double-interval type switches the rounding mode of its own thread and restores it.
//   - The caller's deadline (work_deadline.hpp, thread-local) is set on every worker too.
// Exceptions: after every thread has stopped, the one of the lowest index is rethrown (the same
// one a single thread would have met first); once a task has failed, no further task is started.
#pragma once

#include "incert/scalar/types.hpp"
#include "incert/theory/work_deadline.hpp"

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <functional>
#include <system_error>
#include <thread>
#include <vector>

namespace incert {

inline void run_tasks(std::size_t count, unsigned threads, const std::function<void(std::size_t)>& task) {
  const std::size_t workers = std::min<std::size_t>(threads == 0 ? 1 : threads, count);
  if (workers <= 1) {
    for (std::size_t i = 0; i < count; ++i) task(i);
    return;
  }
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  std::vector<std::exception_ptr> errors(count);
  const auto deadline = detail::current_deadline;
  const auto work = [&] {
    for (std::size_t i; !failed.load() && (i = next.fetch_add(1)) < count;) {
      try {
        task(i);
      } catch (...) {
        errors[i] = std::current_exception();
        failed.store(true);
      }
    }
  };
  std::vector<std::thread> pool;
  pool.reserve(workers - 1);
  for (std::size_t w = 1; w < workers; ++w) {
    try {
      pool.emplace_back([&] {
        widen_mpfr_exponent_range();
        detail::current_deadline = deadline;
        work();
        mpfr_free_cache2(MPFR_FREE_LOCAL_CACHE);
      });
    } catch (const std::system_error&) {  // no more threads to be had: those started share the work
      break;
    }
  }
  work();
  for (std::thread& t : pool) t.join();
  for (const std::exception_ptr& e : errors)
    if (e) std::rethrow_exception(e);
}

}  // namespace incert
