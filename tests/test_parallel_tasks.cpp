// incert/theory/parallel_tasks.hpp: run_tasks runs every index exactly once on any number of
// threads; the exception of the lowest index is the one rethrown (as one thread would meet it);
// the caller's deadline and a widened MPFR exponent range hold on every worker; MPFI arithmetic
// on the workers gives the same bits as on the calling thread. The check itself on several
// threads against one thread: tests/cli/check_jobs.sh.

#include <catch2/catch.hpp>

#include "incert/theory/parallel_tasks.hpp"
#include "incert/scalar/traits.hpp"

#include <atomic>
#include <stdexcept>
#include <string>
#include <vector>

using namespace incert;

TEST_CASE("run_tasks: every index once, for every thread count", "[parallel]") {
  for (unsigned threads : {0u, 1u, 2u, 3u, 8u, 64u})
    for (std::size_t count : {std::size_t(0), std::size_t(1), std::size_t(2), std::size_t(7), std::size_t(100)}) {
      std::vector<std::atomic<int>> seen(count);
      run_tasks(count, threads, [&](std::size_t i) { seen[i].fetch_add(1); });
      for (std::size_t i = 0; i < count; ++i) {
        INFO("threads " << threads << " count " << count << " index " << i);
        CHECK(seen[i].load() == 1);
      }
    }
}

TEST_CASE("run_tasks: the lowest failing index is rethrown, the ones before it all ran", "[parallel]") {
  for (unsigned threads : {1u, 2u, 4u}) {
    std::vector<std::atomic<int>> seen(50);
    try {
      run_tasks(50, threads, [&](std::size_t i) {
        seen[i].fetch_add(1);
        if (i == 17 || i == 30) throw std::runtime_error("task " + std::to_string(i));
      });
      FAIL("no exception");
    } catch (const std::runtime_error& e) {
      INFO("threads " << threads);
      CHECK(std::string(e.what()) == "task 17");
    }
    for (std::size_t i = 0; i <= 17; ++i) {
      INFO("threads " << threads << " index " << i);
      CHECK(seen[i].load() == 1);
    }
  }
}

TEST_CASE("run_tasks: the deadline and the exponent range of the caller hold on every worker", "[parallel]") {
  widen_mpfr_exponent_range();
  std::vector<int> deadline_seen(16, -1), range_wide(16, -1);
  {
    deadline_scope none_left(0.0);
    run_tasks(16, 4, [&](std::size_t i) {
      deadline_seen[i] = deadline_passed() ? 1 : 0;
      range_wide[i] = mpfr_get_emax() == mpfr_get_emax_max() && mpfr_get_emin() == mpfr_get_emin_min() ? 1 : 0;
    });
  }
  for (std::size_t i = 0; i < 16; ++i) {
    INFO("task " << i);
    CHECK(deadline_seen[i] == 1);
    CHECK(range_wide[i] == 1);
  }
  std::vector<int> no_deadline(8, -1);
  run_tasks(8, 4, [&](std::size_t i) { no_deadline[i] = deadline_set() ? 1 : 0; });
  for (int v : no_deadline) CHECK(v == 0);
}

TEST_CASE("run_tasks: MPFI on the workers, the same bits as on the calling thread", "[parallel]") {
  using mt = scalar_traits<mpfi_float>;
  precision_scope scope(200);
  const auto value = [](std::size_t i) {
    mpfi_float x = mpfi_float(static_cast<int>(i) + 1) / 7;
    mpfi_float e;
    mpfi_exp(e.backend().data(), x.backend().data());  // uses MPFR's per-thread constant caches
    mpfi_float l;
    mpfi_const_log2(l.backend().data());
    return mpfi_float(e * l + mpfi_float(1e-300) * mpfi_float(1e-300));
  };
  std::vector<mpfi_float> serial(40), parallel(40);
  for (std::size_t i = 0; i < 40; ++i) serial[i] = value(i);
  run_tasks(40, 4, [&](std::size_t i) { parallel[i] = value(i); });
  for (std::size_t i = 0; i < 40; ++i) {
    INFO("index " << i);
    CHECK(mt::precision_bits() >= 200);
    CHECK(mpfi_get_prec(parallel[i].backend().data()) == mpfi_get_prec(serial[i].backend().data()));
    CHECK(mt::lower(parallel[i]) == mt::lower(serial[i]));
    CHECK(mt::upper(parallel[i]) == mt::upper(serial[i]));
  }
}
