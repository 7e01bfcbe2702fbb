// python/_incert/worker.hpp: the one thread on which the extension runs library code.
//
// Why one thread, and not the caller's:
//  - Ctrl-C. The caller (the Python main thread) waits for the job with the GIL released and
//    wakes every 50 ms to run PyErr_CheckSignals; a pending KeyboardInterrupt is raised at once
//    while the job is abandoned: it finishes in the background (loops written here stop at the
//    next item, through the job's cancel flag) and its result is dropped. Jobs own their inputs
//    (copies, shared_ptr), so nothing they touch dies with the caller's frame.
//  - Global state. Boost.Multiprecision 1.74 keeps the default precision of mpfr_float/mpfi_float
//    in a process-wide static (precision_scope writes it), and MPFR's exponent range is
//    per-thread while incert widens it once per process (scalar/types.hpp). So library calls
//    must not overlap, and the thread that makes them must have the wide exponent range: one
//    worker thread, jobs run one at a time, range widened when it starts. An abandoned job
//    therefore delays the next call until it ends (the next call stays interruptible).
// The worker is created on first use and never destroyed (it may be blocked in a wait when the
// process exits); Python's atexit calls wait_idle so that no job is running during exit.
#pragma once

#include <mpfr.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

namespace incert_python {

// MPFR's exponent range is thread-local: widened in every thread that touches incert's numbers
// (the worker, and any Python thread that converts or formats them), as incert itself does once.
inline void ensure_wide_exponent_range() {
  thread_local const bool done = [] {
    mpfr_set_emin(mpfr_get_emin_min());
    mpfr_set_emax(mpfr_get_emax_max());
    return true;
  }();
  (void)done;
}

class worker {
 public:
  static worker& get() {
    worker* w = instance().load();
    if (!w) {
      static std::mutex create;
      std::lock_guard<std::mutex> lock(create);
      w = instance().load();
      if (!w) {
        w = new worker();  // never destroyed: see the header comment
        instance().store(w);
      }
    }
    return *w;
  }

  // In the child of fork(): the parent's worker thread does not exist there (and its mutexes may
  // be held by it): forget it (leaked) and start a new one on the next call.
  static void forget_after_fork() { instance().store(nullptr); }

  void submit(std::function<void()> job) {
    {
      std::lock_guard<std::mutex> lock(m_);
      queue_.push_back(std::move(job));
      ++pending_;
    }
    cv_.notify_all();
  }

  // Waits until no job is queued or running, at most `seconds` (negative: no limit).
  bool wait_idle(double seconds) {
    std::unique_lock<std::mutex> lock(m_);
    auto idle = [&] { return pending_ == 0; };
    if (seconds < 0) {
      idle_cv_.wait(lock, idle);
      return true;
    }
    return idle_cv_.wait_for(lock, std::chrono::duration<double>(seconds), idle);
  }

  bool busy() {
    std::lock_guard<std::mutex> lock(m_);
    return pending_ != 0;
  }

 private:
  worker() {
    std::thread([this] { loop(); }).detach();
  }

  void loop() {
    ensure_wide_exponent_range();
    for (;;) {
      std::function<void()> job;
      {
        std::unique_lock<std::mutex> lock(m_);
        cv_.wait(lock, [&] { return !queue_.empty(); });
        job = std::move(queue_.front());
        queue_.pop_front();
      }
      job();       // never throws: start_job's wrapper catches everything and calls finished()
      job = nullptr;
    }
  }

 public:
  // Called by a job when its work is over and its inputs are freed (before it reports done), so
  // that wait_idle() returns once nothing of the library is running.
  void finished() {
    {
      std::lock_guard<std::mutex> lock(m_);
      --pending_;
    }
    idle_cv_.notify_all();
  }

 private:
  static std::atomic<worker*>& instance() {
    static std::atomic<worker*> w{nullptr};
    return w;
  }

  std::mutex m_;
  std::condition_variable cv_, idle_cv_;
  std::deque<std::function<void()>> queue_;
  std::size_t pending_ = 0;
};

// The shared state of one job: its completion, its exception and the cancel flag that loops
// inside the job poll between items.
struct job_state {
  std::mutex m;
  std::condition_variable cv;
  bool done = false;
  std::exception_ptr error;
  std::atomic<bool> cancel{false};
};

// Submits f(cancel flag) -> R to the worker; returns a handle to wait on.
template <class R>
struct job {
  std::shared_ptr<job_state> state = std::make_shared<job_state>();
  std::shared_ptr<std::optional<R>> result = std::make_shared<std::optional<R>>();
};

template <class R, class F>
job<R> start_job(F f) {
  job<R> j;
  auto fn = std::make_shared<std::optional<F>>(std::move(f));
  worker::get().submit([state = j.state, result = j.result, fn]() {
    try {
      *result = (**fn)(static_cast<const std::atomic<bool>&>(state->cancel));
    } catch (...) {
      state->error = std::current_exception();
    }
    fn->reset();                        // the job's inputs are freed here, on the worker
    if (state->cancel) result->reset();  // abandoned by its caller: nobody will read it
    worker::get().finished();
    {
      std::lock_guard<std::mutex> lock(state->m);
      state->done = true;
    }
    state->cv.notify_all();
  });
  return j;
}

}  // namespace incert_python
