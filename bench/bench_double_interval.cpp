// bench/bench_double_interval.cpp: element-wise double-interval arithmetic, incert's
// exact_directed_rounding (no rounding-mode switch; include/incert/scalar/double_interval.hpp)
// against the Boost policy incert used before, save_state<rounded_arith_opp<double>> (upward mode
// set and the caller's mode restored around every operation), in one run.
//
// Kernels, n x n, the shapes of the hot element-wise loops of a check (closed_form_range.hpp,
// conclusion_over_interval.hpp):
//   rhs:   R_ij = (s_i + s_j) W_ij - 2 P_ij                     (riccati_rhs after its product)
//   taylor: W_ij meet (M_ij + o D_ij) meet (M_ij + o E_ij + h F_ij)  (mean_value_enclosure)
//   quad:  sum_ij q_i A_ij q_j                                   (a quadratic form, entry by entry)
// Each kernel is timed REPEAT times per policy, alternating, and the minimum CPU time is kept.
// Both policies must give identical bounds (both are the exact directed roundings); the program
// exits 1 if they differ.
//
//   incert_bench_double_interval [--n N] [--repeat R]
#include "incert/scalar/double_interval.hpp"

#include <boost/numeric/interval.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <random>
#include <string>
#include <vector>

namespace {

namespace bi = boost::numeric::interval_lib;
using mode_switching = boost::numeric::interval<double, bi::policies<bi::save_state<bi::rounded_arith_opp<double>>, bi::checking_base<double>>>;
using incert_di = incert::double_interval;

double cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

struct data {
  int n = 0;
  std::vector<double> lo, hi, s, q;  // n*n matrix entries as [lo, hi]; s, q: n values
};

data make_data(int n) {
  data d;
  d.n = n;
  std::mt19937_64 rng(42);
  std::uniform_real_distribution<double> u(-1.0, 1.0), w(0.0, 1e-12);
  for (int i = 0; i < n * n; ++i) {
    const double m = u(rng), r = w(rng);
    d.lo.push_back(m - r);
    d.hi.push_back(m + r);
  }
  for (int i = 0; i < n; ++i) {
    d.s.push_back(static_cast<double>(n - i));
    d.q.push_back(u(rng));
  }
  return d;
}

template <class I>
std::vector<I> matrix_of(const data& d, int shift) {
  std::vector<I> m;
  m.reserve(d.lo.size());
  for (std::size_t k = 0; k < d.lo.size(); ++k) {
    const std::size_t j = (k + static_cast<std::size_t>(shift)) % d.lo.size();
    m.emplace_back(d.lo[j], d.hi[j]);
  }
  return m;
}

template <class I>
std::vector<I> rhs(const data& d) {
  const std::vector<I> W = matrix_of<I>(d, 0), P = matrix_of<I>(d, 7);
  std::vector<I> R(W.size());
  for (int i = 0; i < d.n; ++i)
    for (int j = 0; j < d.n; ++j) {
      const std::size_t k = static_cast<std::size_t>(i * d.n + j);
      R[k] = (I(d.s[static_cast<std::size_t>(i)]) + I(d.s[static_cast<std::size_t>(j)])) * W[k] - I(2) * P[k];
    }
  return R;
}

template <class I>
std::vector<I> taylor(const data& d) {
  const std::vector<I> M = matrix_of<I>(d, 1), D = matrix_of<I>(d, 2), E = matrix_of<I>(d, 3), F = matrix_of<I>(d, 4);
  std::vector<I> W(M.size(), I(-4, 4));
  const I o(-1e-3, 1e-3), h(0, 5e-7);
  for (std::size_t k = 0; k < W.size(); ++k) {
    W[k] = intersect(W[k], I(M[k] + o * D[k]));
    W[k] = intersect(W[k], I(M[k] + o * E[k] + h * F[k]));
  }
  return W;
}

template <class I>
std::vector<I> quad(const data& d) {
  const std::vector<I> A = matrix_of<I>(d, 5);
  I s(0);
  for (int i = 0; i < d.n; ++i)
    for (int j = 0; j < d.n; ++j)
      s += I(d.q[static_cast<std::size_t>(i)]) * A[static_cast<std::size_t>(i * d.n + j)] * I(d.q[static_cast<std::size_t>(j)]);
  return {s};
}

template <class I, class F>
double timed(F kernel, const data& d, std::vector<I>& out) {
  const double t0 = cpu_seconds();
  out = kernel(d);
  return cpu_seconds() - t0;
}

template <class A, class B>
bool same_bounds(const std::vector<A>& a, const std::vector<B>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t k = 0; k < a.size(); ++k)
    if (a[k].lower() != b[k].lower() || a[k].upper() != b[k].upper()) return false;
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  int n = 100, repeat = 20;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if ((a == "--n" || a == "--repeat") && i + 1 < argc) {
      const int v = std::atoi(argv[++i]);
      if (v < 1 || v > 2000) {
        std::fprintf(stderr, "incert_bench_double_interval: %s must be in 1..2000\n", a.c_str());
        return 2;
      }
      (a == "--n" ? n : repeat) = v;
    } else {
      std::fprintf(stderr, "usage: incert_bench_double_interval [--n N] [--repeat R]\n");
      return 2;
    }
  }
  const data d = make_data(n);
  std::printf("element-wise double-interval kernels, n = %d (n^2 = %d entries), minimum CPU time of %d runs\n\n", n, n * n, repeat);
  std::printf("| kernel | Boost save_state<rounded_arith_opp> (ms) | incert exact_directed_rounding (ms) | speed-up |\n|---|---:|---:|---:|\n");
  bool ok = true;
  auto row = [&](const char* name, auto old_kernel, auto new_kernel) {
    std::vector<mode_switching> a;
    std::vector<incert_di> b;
    double ta = 1e300, tb = 1e300;
    for (int r = 0; r < repeat; ++r) {  // alternate, so that both see the same machine state
      ta = std::min(ta, timed<mode_switching>(old_kernel, d, a));
      tb = std::min(tb, timed<incert_di>(new_kernel, d, b));
    }
    const bool same = same_bounds(a, b);
    ok = ok && same;
    std::printf("| %s | %.3f | %.3f | %.2f%s |\n", name, 1e3 * ta, 1e3 * tb, ta / tb, same ? "" : " (BOUNDS DIFFER)");
  };
  row("rhs", rhs<mode_switching>, rhs<incert_di>);
  row("taylor", taylor<mode_switching>, taylor<incert_di>);
  row("quad", quad<mode_switching>, quad<incert_di>);
  if (!ok) {
    std::fprintf(stderr, "incert_bench_double_interval: the two policies gave different bounds (both should be the exact directed roundings)\n");
    return 1;
  }
  return 0;
}
