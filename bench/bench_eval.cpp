// bench/bench_eval.cpp: incert_bench_eval, the speed of one closed-form evaluation W~(t).
//
// A benchmark, not a test (it is not registered with CTest). What is timed is the core of
// `incert eval`: closed_form_eigenbasis(p, t) on an enclosed_problem built once beforehand
// (file parsing, load_instance and enclose_problem are excluded). The rows:
//   double, long_double, mpfr_128, mpfi_128, double_interval   incert's closed_form_eigenbasis<T>
//                                                               (the scaled form, since W~0 is invertible)
//   mpfi_128_naive                                             incert's closed_form_naive<mpfi_float>
//   naive_double                                               alpha S W0 (I + alpha G W0)^{-1} S written
//                                                               here with Eigen's partialPivLu (baseline)
//   arb_128                                                    the same naive formula in Arb ball arithmetic
//                                                               (arb_mat_inv, arb_mat_mul), when built with Arb
// Every result is compared with a reference (incert's scaled closed form in MPFI at 256 bits):
// "digits" = min over (i, j) of -log10(|error_ij| / sqrt(W~_ii W~_jj)), the correct decimal
// digits of the worst entry relative to its row and column scale (for an interval, of its
// worst point, i.e. guaranteed digits). See measure() below.
//
// Usage:
//   incert_bench_eval [--quick] [--n N] [--tau X] [--min-time S] [--only NAME[,NAME...]]
//   incert_bench_eval --alpha-ratio [--quick]
//   incert_bench_eval --breakdown [--n N] [--only mpfi_128,mpfr_128,double_interval,double]
//   incert_bench_eval --verdicts [--n N] [--tau X] [--check-100]   eval / check against one Arb closed form
//   incert_bench_eval --load                                       loading a dense n x n W0, n = 100 .. 500
// See bench/README.md.

#include "incert/api/check.hpp"
#include "incert/exact/exact_real.hpp"
#include "incert/flow/closed_form.hpp"
#include "incert/flow/enclosed_problem.hpp"
#include "incert/instance/load_instance.hpp"
#include "incert/io/json.hpp"
#include "incert/linalg/matrix_ops.hpp"
#include "incert/linalg/symmetric_eigenvalues.hpp"
#include "incert/linalg/verified_inverse.hpp"
#include "incert/theory/error_to_rank.hpp"

#include <Eigen/Dense>
#include <gmpxx.h>
#include <mpfr.h>

#if INCERT_BENCH_WITH_ARB
#include <arb.h>
#include <arb_mat.h>
#include <flint/fmpq.h>
#endif

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <functional>
#include <iostream>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace {

using clock_type = std::chrono::steady_clock;

// CPU time of this thread, in seconds. The machine may be shared: CPU time does not count the
// time other processes hold the core, wall time does; the table shows both.
double cpu_seconds() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}
constexpr unsigned working_bits = 128;
constexpr unsigned reference_bits = 256;

// Keeps a value alive in the optimizer's eyes.
template <class T>
inline void do_not_optimize(const T& v) {
  asm volatile("" : : "g"(&v) : "memory");
}

// ------------------------------------------------------------------ options
struct options {
  bool quick = false;
  bool alpha_ratio = false;
  bool breakdown = false;
  bool verdicts = false;
  bool check_100 = false;  // --verdicts: also the whole check at n = 100
  bool load = false;
  int only_n = 0;
  std::string tau = "0.22";
  double min_time = 0.3;
  int min_reps = 3;
  std::set<std::string> only;  // empty: every row
};

[[noreturn]] void usage(const std::string& msg) {
  std::cerr << "incert_bench_eval: " << msg << "\n"
            << "usage: incert_bench_eval [--quick] [--n N] [--tau X] [--min-time S] [--only NAME,...]\n"
            << "       incert_bench_eval --alpha-ratio [--quick]\n"
            << "       incert_bench_eval --breakdown [--n N] [--only mpfi_128,mpfr_128,double_interval,double]\n"
            << "       incert_bench_eval --verdicts [--n N] [--tau X] [--check-100]\n"
            << "       incert_bench_eval --load\n";
  std::exit(2);
}

options parse_options(int argc, char** argv) {
  options o;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) usage("missing value after " + a);
      return argv[++i];
    };
    if (a == "--quick") o.quick = true;
    else if (a == "--alpha-ratio") o.alpha_ratio = true;
    else if (a == "--breakdown") o.breakdown = true;
    else if (a == "--verdicts") o.verdicts = true;
    else if (a == "--check-100") o.check_100 = true;
    else if (a == "--load") o.load = true;
    else if (a == "--n") {
      o.only_n = std::atoi(next().c_str());
      if (o.only_n != 3 && o.only_n != 10 && o.only_n != 100) usage("--n must be 3, 10 or 100");
    } else if (a == "--tau") o.tau = next();
    else if (a == "--min-time") o.min_time = std::atof(next().c_str());
    else if (a == "--only") {
      std::stringstream ss(next());
      std::string item;
      while (std::getline(ss, item, ',')) o.only.insert(item);
    } else if (a == "--help" || a == "-h") usage("help");
    else usage("unknown option " + a);
  }
  if (o.quick) {
    o.min_time = std::min(o.min_time, 0.05);
  }
  return o;
}

// ------------------------------------------------------------------ instances
// Decimal text of x with 45 significant digits (an exact decimal, read exactly by load_instance).
std::string decimal45(const mpfr_t x) {
  char* s = nullptr;
  mpfr_asprintf(&s, "%.44Re", x);
  std::string r(s);
  mpfr_free_str(s);
  return r;
}

// The instances of the table. n = 3: the Theorem 4 instance. n = 10, 100: sigma as below,
// W0 = B B^T / n + I/2 with B_ij = sin(i + 2j) (0-based), computed in MPFR at 200 bits and
// written with 45 significant digits.
std::string instance_json(int n, const std::string& alpha) {
  std::ostringstream js;
  js << "{\"name\": \"bench n=" << n << "\", \"alpha\": \"" << alpha << "\", \"epsilon\": \"0.1\",\n";
  if (n == 3) {
    js << "\"Y\": {\"eigenvalues\": [\"3\", \"2\", \"1\"]},\n"
       << "\"init\": {\"W0\": [[\"2\", \"0.5\", \"0.3\"], [\"0.5\", \"1.5\", \"0.2\"], [\"0.3\", \"0.2\", \"1\"]]}}";
    return js.str();
  }
  js << "\"Y\": {\"eigenvalues\": [";
  for (int i = 0; i < n; ++i) {
    if (i) js << ", ";
    if (n == 10) js << "\"" << (10 - i) << "\"";
    else js << "\"" << (n - i) << "/10\"";  // sigma_i = (n - i)/10 (n = 100: the benchmark instance)
  }
  js << "]},\n\"init\": {\"W0\": [";
  const mpfr_prec_t prec = 200;
  std::vector<mpfr_t> B(static_cast<std::size_t>(n) * n);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) {
      mpfr_t& b = B[static_cast<std::size_t>(i) * n + j];
      mpfr_init2(b, prec);
      mpfr_set_si(b, i + 2 * j, MPFR_RNDN);
      mpfr_sin(b, b, MPFR_RNDN);
    }
  std::vector<std::string> W(static_cast<std::size_t>(n) * n);
  mpfr_t acc, term;
  mpfr_init2(acc, prec);
  mpfr_init2(term, prec);
  for (int i = 0; i < n; ++i)
    for (int j = i; j < n; ++j) {
      mpfr_set_zero(acc, 1);
      for (int k = 0; k < n; ++k) {
        mpfr_mul(term, B[static_cast<std::size_t>(i) * n + k], B[static_cast<std::size_t>(j) * n + k], MPFR_RNDN);
        mpfr_add(acc, acc, term, MPFR_RNDN);
      }
      mpfr_div_si(acc, acc, n, MPFR_RNDN);
      if (i == j) mpfr_add_d(acc, acc, 0.5, MPFR_RNDN);
      std::string s = decimal45(acc);
      W[static_cast<std::size_t>(i) * n + j] = s;  // the same text both sides: exactly symmetric
      W[static_cast<std::size_t>(j) * n + i] = s;
    }
  mpfr_clear(acc);
  mpfr_clear(term);
  for (auto& b : B) mpfr_clear(b);
  for (int i = 0; i < n; ++i) {
    js << (i ? ",\n  [" : "\n  [");
    for (int j = 0; j < n; ++j) js << (j ? ", \"" : "\"") << W[static_cast<std::size_t>(i) * n + j] << "\"";
    js << "]";
  }
  js << "]}}";
  return js.str();
}

incert::instance make_instance(int n, const std::string& alpha) {
  return incert::load_instance(incert::json::parse(instance_json(n, alpha)), "bench n=" + std::to_string(n));
}

// ------------------------------------------------------------------ timing
struct timing {
  double median_ms = 0;       // thread CPU time per evaluation, median over batches
  double median_wall_ms = 0;  // wall-clock time per evaluation, median over batches
  long evals = 0;
};

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  std::size_t m = v.size();
  return m % 2 ? v[m / 2] : (v[m / 2 - 1] + v[m / 2]) / 2;
}

// Runs f once to warm up and calibrate, then in batches (each about 1 ms or one call, whichever
// is longer) until min_time seconds of CPU time and min_reps batches are reached; the median
// per call.
timing time_it(const std::function<void()>& f, double min_time, int min_reps) {
  double c0 = cpu_seconds();
  f();
  double one = cpu_seconds() - c0;
  long batch = std::max<long>(1, static_cast<long>(std::ceil(1e-3 / std::max(one, 1e-9))));
  std::vector<double> cpu, wall;
  double total = 0;
  long evals = 0;
  while (total < min_time || static_cast<int>(cpu.size()) < min_reps) {
    auto w = clock_type::now();
    double c = cpu_seconds();
    for (long k = 0; k < batch; ++k) f();
    double sc = cpu_seconds() - c;
    double sw = std::chrono::duration<double>(clock_type::now() - w).count();
    total += sc;
    evals += batch;
    cpu.push_back(sc / static_cast<double>(batch));
    wall.push_back(sw / static_cast<double>(batch));
  }
  return {median(cpu) * 1e3, median(wall) * 1e3, evals};
}

// ------------------------------------------------------------------ results and accuracy
std::string fmt(double v, const char* f) {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}

// A result as exact lower/upper bounds per entry (equal for point types), in MPFR.
struct bounds_matrix {
  bool ok = false;      // evaluation returned a matrix
  bool finite = false;  // every bound finite
  bool interval = false;
  std::size_t n = 0;
  std::vector<incert::mpfr_float> lo, hi;
};

template <class T>
bounds_matrix to_bounds(const incert::matrix<T>& W) {
  using traits = incert::scalar_traits<T>;
  bounds_matrix b;
  b.interval = traits::is_interval;
  b.ok = true;
  b.finite = true;
  b.n = static_cast<std::size_t>(W.rows());
  for (Eigen::Index i = 0; i < W.rows(); ++i)
    for (Eigen::Index j = 0; j < W.cols(); ++j) {
      b.lo.push_back(traits::lower_exact(W(i, j)));
      b.hi.push_back(traits::upper_exact(W(i, j)));
      b.finite = b.finite && mpfr_number_p(b.lo.back().backend().data()) && mpfr_number_p(b.hi.back().backend().data());
    }
  return b;
}

// A closed-form result W~_ij = f_i f_j X_ij: every entry as an MPFI product at the reference
// precision (so the bounds are those of the result, not of a later rounding).
template <class T>
bounds_matrix to_bounds(const std::optional<incert::scaled_symmetric_matrix<T>>& W) {
  if (!W) {
    bounds_matrix b;
    b.interval = incert::scalar_traits<T>::is_interval;
    return b;
  }
  incert::precision_scope scope(reference_bits);
  const Eigen::Index n = W->size();
  incert::matrix<incert::mpfi_float> E(n, n);
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index j = 0; j < n; ++j) E(i, j) = W->entry(i, j);
  bounds_matrix b = to_bounds<incert::mpfi_float>(E);
  b.interval = incert::scalar_traits<T>::is_interval;
  return b;
}

bounds_matrix to_bounds(const Eigen::MatrixXd& W) { return to_bounds<double>(incert::matrix<double>(W)); }

// Accuracy against the reference. The entries of W~(t) differ by many orders of magnitude
// (W~_ij ~ f_i f_j) and some off-diagonal ones are tiny next to their row and column, so the
// error of entry (i, j) is measured against sqrt(W~_ii W~_jj) (>= |W~_ij|, W~ being positive
// semi-definite): "digits" = min over (i, j) of -log10(|error_ij| / sqrt(W~_ii W~_jj)), with
// |error_ij| the largest distance from a point of the result (either bound of an interval) to
// the reference value plus the reference's own radius. An interval result must also overlap
// the reference enclosure (both enclose the exact value), otherwise it is flagged unsound.
struct accuracy {
  std::string digits = "-";
  bool sound = true;
};

accuracy measure(const bounds_matrix& r, const bounds_matrix& ref) {
  accuracy a;
  if (!r.ok || !r.finite || !ref.ok || r.n != ref.n) return a;
  incert::precision_scope scope(reference_bits);
  const std::size_t n = ref.n;
  std::vector<incert::mpfr_float> diag(n);
  for (std::size_t i = 0; i < n; ++i) diag[i] = abs((ref.lo[i * n + i] + ref.hi[i * n + i]) / 2);
  double worst = 1e300;
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j) {
      const std::size_t k = i * n + j;
      incert::mpfr_float rmid = (ref.lo[k] + ref.hi[k]) / 2, rrad = (ref.hi[k] - ref.lo[k]) / 2;
      if (r.interval && (r.hi[k] < ref.lo[k] || ref.hi[k] < r.lo[k])) a.sound = false;
      incert::mpfr_float scale = sqrt(diag[i] * diag[j]);
      if (scale == 0) continue;
      incert::mpfr_float e1 = abs(r.lo[k] - rmid), e2 = abs(r.hi[k] - rmid);
      incert::mpfr_float err = (e1 < e2 ? e2 : e1) + rrad;
      double d = err == 0 ? 1e300 : -static_cast<double>(log10(err / scale));
      worst = std::min(worst, d);
    }
  a.digits = worst <= 0 ? std::string("0") : fmt(worst, "%.1f");
  return a;
}

// ------------------------------------------------------------------ the evaluations
// The enclosed problem (built once, not timed) and t = tau ln(1/alpha) as an MPFI enclosure at
// the working precision, as `incert eval --tau` does (src/runner_impl.hpp, enclose_time).
template <class T>
incert::enclosed_problem<T> prepare(const incert::instance& in, const std::string& tau, incert::mpfi_float& t) {
  incert::enclosed_problem<T> p = incert::enclose_problem<T>(in);
  t = incert::enclose_mpfi(incert::parse_exact(tau)) * (-p.wide.log_alpha);
  return p;
}

struct row {
  int n = 0;
  std::string name, precision;
  timing time;
  bool timed = false;
  std::string status;  // "ok", "no result", "non-finite", "skipped"
  accuracy acc;
};

template <class T>
row bench_incert(const std::string& name, const incert::instance& in, const options& o, const bounds_matrix& ref,
                 bool naive = false) {
  incert::precision_scope scope(working_bits);
  row r;
  r.n = static_cast<int>(in.n);
  r.name = name;
  r.precision = std::to_string(incert::scalar_traits<T>::precision_bits()) + " bits";
  incert::mpfi_float t;
  incert::enclosed_problem<T> p = prepare<T>(in, o.tau, t);
  bounds_matrix b = to_bounds<T>(naive ? incert::closed_form_naive(p, t) : incert::closed_form_eigenbasis(p, t));
  r.status = !b.ok ? "no result" : !b.finite ? "non-finite" : "ok";
  r.acc = measure(b, ref);
  r.time = time_it(
      [&] {
        auto w = naive ? incert::closed_form_naive(p, t) : incert::closed_form_eigenbasis(p, t);
        do_not_optimize(w);
      },
      o.min_time, o.min_reps);
  r.timed = true;
  return r;
}

// The plain-double baseline: alpha S W0 (I + alpha G W0)^{-1} S. With M = I + alpha G W0,
// W0 M^{-1} = (M^{-T} W0)^T (W0 symmetric), one partialPivLu of M^T and a solve.
struct naive_double_data {
  std::vector<double> sigma;
  Eigen::MatrixXd W0;
  double alpha = 0, t = 0;
};

Eigen::MatrixXd naive_double(const naive_double_data& d) {
  const Eigen::Index n = d.W0.rows();
  Eigen::VectorXd s(n), g(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    double sg = d.sigma[static_cast<std::size_t>(i)];
    s(i) = std::exp(sg * d.t);
    g(i) = sg == 0 ? 2 * d.t : std::expm1(2 * sg * d.t) / sg;
  }
  Eigen::MatrixXd M = Eigen::MatrixXd::Identity(n, n) + d.alpha * g.asDiagonal() * d.W0;
  Eigen::MatrixXd X = M.transpose().partialPivLu().solve(d.W0);  // = (W0 M^{-1})^T
  Eigen::MatrixXd W = d.alpha * s.asDiagonal() * X.transpose() * s.asDiagonal();
  return W;
}

row bench_naive_double(const incert::instance& in, const options& o, const bounds_matrix& ref) {
  row r;
  r.n = static_cast<int>(in.n);
  r.name = "naive_double";
  r.precision = "53 bits";
  naive_double_data d;
  {
    incert::precision_scope scope(working_bits);
    for (const auto& s : in.sigma) d.sigma.push_back(s.get_d());
    d.W0.resize(static_cast<Eigen::Index>(in.n), static_cast<Eigen::Index>(in.n));
    for (std::size_t i = 0; i < in.n; ++i)
      for (std::size_t j = 0; j < in.n; ++j) d.W0(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = in.Wt0_scaled(i, j).get_d();
    incert::mpfi_float t;
    incert::enclosed_problem<double> p = prepare<double>(in, o.tau, t);
    d.alpha = p.alpha;
    d.t = incert::scalar_traits<double>::from_mpfi(t);
  }
  Eigen::MatrixXd W = naive_double(d);
  bounds_matrix b = to_bounds(W);
  r.status = !b.finite ? "non-finite" : "ok";
  r.acc = measure(b, ref);
  r.time = time_it([&] { auto w = naive_double(d); do_not_optimize(w); }, o.min_time, o.min_reps);
  r.timed = true;
  return r;
}

#if INCERT_BENCH_WITH_ARB
// ------------------------------------------------------------------ the Arb peer
struct arb_data {
  slong prec = working_bits;
  slong n = 0;
  arb_ptr sigma = nullptr;
  arb_mat_t W0;
  arb_t alpha, t;
  arb_data(const incert::instance& in, const std::string& tau) : n(static_cast<slong>(in.n)) {
    sigma = _arb_vec_init(n);
    arb_mat_init(W0, n, n);
    arb_init(alpha);
    arb_init(t);
    fmpq_t q;
    fmpq_init(q);
    for (slong i = 0; i < n; ++i) {
      fmpq_set_mpq(q, in.sigma[static_cast<std::size_t>(i)].get_mpq_t());
      arb_set_fmpq(sigma + i, q, prec);
    }
    // identity basis: W~0 = W0 (Wt0_scaled with unit column norms)
    for (slong i = 0; i < n; ++i)
      for (slong j = 0; j < n; ++j) {
        fmpq_set_mpq(q, in.Wt0_scaled(static_cast<std::size_t>(i), static_cast<std::size_t>(j)).get_mpq_t());
        arb_set_fmpq(arb_mat_entry(W0, i, j), q, prec);
      }
    fmpq_set_mpq(q, in.alpha.value->get_mpq_t());
    arb_set_fmpq(alpha, q, prec);
    mpq_class tq = incert::parse_exact(tau);
    fmpq_set_mpq(q, tq.get_mpq_t());
    arb_log(t, alpha, prec);
    arb_neg(t, t);
    arb_t tauv;
    arb_init(tauv);
    arb_set_fmpq(tauv, q, prec);
    arb_mul(t, t, tauv, prec);
    arb_clear(tauv);
    fmpq_clear(q);
  }
  ~arb_data() {
    _arb_vec_clear(sigma, n);
    arb_mat_clear(W0);
    arb_clear(alpha);
    arb_clear(t);
  }
};

// W = alpha S W0 (I + alpha G W0)^{-1} S in Arb; false when arb_mat_inv cannot certify.
bool arb_closed_form(arb_mat_t W, const arb_data& d) {
  const slong n = d.n, prec = d.prec;
  arb_ptr s = _arb_vec_init(n), g = _arb_vec_init(n);
  arb_t u;
  arb_init(u);
  for (slong i = 0; i < n; ++i) {
    arb_mul(u, d.sigma + i, d.t, prec);
    arb_exp(s + i, u, prec);
    arb_mul_2exp_si(u, u, 1);
    arb_expm1(g + i, u, prec);
    arb_div(g + i, g + i, d.sigma + i, prec);
    arb_mul(g + i, g + i, d.alpha, prec);  // alpha g_i
  }
  arb_mat_t M, X;
  arb_mat_init(M, n, n);
  arb_mat_init(X, n, n);
  for (slong i = 0; i < n; ++i)
    for (slong j = 0; j < n; ++j) {
      arb_mul(arb_mat_entry(M, i, j), g + i, arb_mat_entry(d.W0, i, j), prec);
      if (i == j) arb_add_ui(arb_mat_entry(M, i, j), arb_mat_entry(M, i, j), 1, prec);
    }
  int ok = arb_mat_inv(X, M, prec);
  if (ok) {
    arb_mat_mul(W, d.W0, X, prec);
    for (slong i = 0; i < n; ++i)
      for (slong j = 0; j < n; ++j) {
        arb_ptr w = arb_mat_entry(W, i, j);
        arb_mul(w, w, s + i, prec);
        arb_mul(w, w, s + j, prec);
        arb_mul(w, w, d.alpha, prec);
      }
  }
  arb_mat_clear(M);
  arb_mat_clear(X);
  arb_clear(u);
  _arb_vec_clear(s, n);
  _arb_vec_clear(g, n);
  return ok != 0;
}

row bench_arb(const incert::instance& in, const options& o, const bounds_matrix& ref) {
  row r;
  r.n = static_cast<int>(in.n);
  r.name = "arb_128";
  r.precision = "128 bits";
  arb_data d(in, o.tau);
  arb_mat_t W;
  arb_mat_init(W, d.n, d.n);
  bool ok = arb_closed_form(W, d);
  bounds_matrix b;
  b.interval = true;
  b.ok = ok;
  b.n = in.n;
  if (ok) {
    b.finite = true;
    for (slong i = 0; i < d.n; ++i)
      for (slong j = 0; j < d.n; ++j) {
        incert::mpfr_float lo = incert::detail::mpfr_with_precision(reference_bits + 64);
        incert::mpfr_float hi = incert::detail::mpfr_with_precision(reference_bits + 64);
        arb_get_interval_mpfr(lo.backend().data(), hi.backend().data(), arb_mat_entry(W, i, j));
        b.finite = b.finite && mpfr_number_p(lo.backend().data()) && mpfr_number_p(hi.backend().data());
        b.lo.push_back(lo);
        b.hi.push_back(hi);
      }
  }
  arb_mat_clear(W);
  r.status = !b.ok ? "no result" : !b.finite ? "non-finite" : "ok";
  r.acc = measure(b, ref);
  r.time = time_it(
      [&] {
        arb_mat_t Wk;
        arb_mat_init(Wk, d.n, d.n);
        arb_closed_form(Wk, d);
        do_not_optimize(Wk);
        arb_mat_clear(Wk);
      },
      o.min_time, o.min_reps);
  r.timed = true;
  return r;
}
#endif

// Reference: incert's scaled closed form in MPFI at 256 bits.
bounds_matrix reference(const incert::instance& in, const std::string& tau) {
  incert::precision_scope scope(reference_bits);
  incert::mpfi_float t;
  auto p = prepare<incert::mpfi_float>(in, tau, t);
  return to_bounds<incert::mpfi_float>(incert::closed_form_eigenbasis(p, t));
}

std::string load_average() {
  std::ifstream f("/proc/loadavg");
  std::string a, b, c;
  f >> a >> b >> c;
  return a + " " + b + " " + c;
}

std::string fmt_ms(double ms) {
  if (ms >= 100) return fmt(ms, "%.0f");
  if (ms >= 1) return fmt(ms, "%.2f");
  if (ms >= 0.01) return fmt(ms, "%.4f");
  return fmt(ms, "%.2e");
}

const row* find_row(const std::vector<row>& rows, int n, const std::string& name) {
  for (const auto& r : rows)
    if (r.n == n && r.name == name && r.timed) return &r;
  return nullptr;
}

// ------------------------------------------------------------------ the table
int run_table(const options& o) {
  std::vector<int> sizes = {3, 10, 100};
  if (o.only_n) sizes = {o.only_n};
  auto wanted = [&](const std::string& name) { return o.only.empty() || o.only.count(name) > 0; };
  std::cout << "# incert_bench_eval: one closed-form evaluation W~(t), alpha = 1e-10, t = " << o.tau
            << " ln(1/alpha)\n"
            << "# load average before: " << load_average() << (o.quick ? "   (--quick)" : "") << "\n\n";
  std::vector<row> rows;
  for (int n : sizes) {
    auto prep_start = clock_type::now();
    incert::instance in = make_instance(n, "1e-10");
    bounds_matrix ref = reference(in, o.tau);
    double prep = std::chrono::duration<double>(clock_type::now() - prep_start).count();
    std::cerr << "n = " << n << ": instance and 256-bit reference in " << fmt(prep, "%.2f") << " s\n";
    const bool skip_slow = o.quick && n >= 100;
    auto add = [&](row r) {
      std::cerr << "  " << r.name << ": " << (r.timed ? fmt_ms(r.time.median_ms) + " ms" : r.status) << "\n";
      rows.push_back(std::move(r));
    };
    auto skipped = [&](const std::string& name) {
      row r;
      r.n = n;
      r.name = name;
      r.status = "skipped (--quick)";
      add(r);
    };
    if (wanted("double")) add(bench_incert<double>("double", in, o, ref));
    if (wanted("long_double")) add(bench_incert<long double>("long_double", in, o, ref));
    if (wanted("mpfr_128")) {
      if (skip_slow) skipped("mpfr_128");
      else add(bench_incert<incert::mpfr_float>("mpfr_128", in, o, ref));
    }
    if (wanted("mpfi_128")) {
      if (skip_slow) skipped("mpfi_128");
      else add(bench_incert<incert::mpfi_float>("mpfi_128", in, o, ref));
    }
    if (wanted("double_interval")) add(bench_incert<incert::double_interval>("double_interval", in, o, ref));
    if (wanted("mpfi_128_naive")) {
      if (skip_slow) skipped("mpfi_128_naive");
      else add(bench_incert<incert::mpfi_float>("mpfi_128_naive", in, o, ref, true));
    }
    if (wanted("naive_double")) add(bench_naive_double(in, o, ref));
#if INCERT_BENCH_WITH_ARB
    if (wanted("arb_128")) add(bench_arb(in, o, ref));
#endif
  }

  std::cout << "| n | method | precision | ms / eval (CPU) | ms / eval (wall) | evals timed | x double | digits | status |\n"
            << "|---:|---|---|---:|---:|---:|---:|---:|---|\n";
  for (const auto& r : rows) {
    const row* base = find_row(rows, r.n, "double");
    std::string ratio = r.timed && base ? fmt(r.time.median_ms / base->time.median_ms, "%.3g") : "-";
    std::string status = r.status;
    if (!r.acc.sound) status += ", NOT OVERLAPPING THE REFERENCE (unsound!)";
    std::cout << "| " << r.n << " | " << r.name << " | " << (r.timed ? r.precision : "-") << " | "
              << (r.timed ? fmt_ms(r.time.median_ms) : "-") << " | " << (r.timed ? fmt_ms(r.time.median_wall_ms) : "-") << " | "
              << (r.timed ? std::to_string(r.time.evals) : "-")
              << " | " << ratio << " | " << r.acc.digits << " | " << status << " |\n";
  }
  std::cout << "\n| n | mpfi_128 / arb_128 | double_interval / double | mpfi_128_naive / arb_128 |\n|---:|---:|---:|---:|\n";
  for (int n : sizes) {
    auto ratio = [&](const char* a, const char* b) {
      const row *ra = find_row(rows, n, a), *rb = find_row(rows, n, b);
      return ra && rb ? fmt(ra->time.median_ms / rb->time.median_ms, "%.1f") : std::string("-");
    };
    std::cout << "| " << n << " | " << ratio("mpfi_128", "arb_128") << " | " << ratio("double_interval", "double") << " | "
              << ratio("mpfi_128_naive", "arb_128") << " |\n";
  }
  std::cout << "\n# load average after: " << load_average() << "\n";
  bool sound = true;
  for (const auto& r : rows) sound = sound && r.acc.sound;
  return sound ? 0 : 1;
}

// ------------------------------------------------------------------ --alpha-ratio
template <class T>
row bench_alpha(const std::string& name, const incert::instance& in, const options& o) {
  incert::precision_scope scope(working_bits);
  row r;
  r.n = static_cast<int>(in.n);
  r.name = name;
  r.precision = std::to_string(incert::scalar_traits<T>::precision_bits()) + " bits";
  incert::mpfi_float t;
  incert::enclosed_problem<T> p = prepare<T>(in, "1/6", t);
  bounds_matrix b = to_bounds<T>(incert::closed_form_eigenbasis(p, t));
  r.status = !b.ok ? "no result" : !b.finite ? "non-finite" : "ok";
  // guaranteed digits, from the interval alone: min over (i, j) of -log10(rad_ij / sqrt(mid_ii mid_jj))
  if (b.ok && b.finite) {
    incert::precision_scope s2(reference_bits);
    const std::size_t n = b.n;
    double worst = 1e300;
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t j = 0; j < n; ++j) {
        const std::size_t k = i * n + j, ii = i * n + i, jj = j * n + j;
        incert::mpfr_float rad = (b.hi[k] - b.lo[k]) / 2;
        incert::mpfr_float scale = sqrt(abs((b.lo[ii] + b.hi[ii]) / 2) * abs((b.lo[jj] + b.hi[jj]) / 2));
        if (scale == 0) continue;
        worst = std::min(worst, rad == 0 ? 1e300 : -static_cast<double>(log10(rad / scale)));
      }
    r.acc.digits = worst <= 0 ? std::string("0") : fmt(worst, "%.1f");
  }
  r.time = time_it([&] { auto w = incert::closed_form_eigenbasis(p, t); do_not_optimize(w); }, o.min_time, o.min_reps);
  r.timed = true;
  return r;
}

int run_alpha_ratio(const options& o) {
  std::cout << "# incert_bench_eval --alpha-ratio: n = 10 instance, t = ln(1/alpha)/6, closed_form_eigenbasis\n"
            << "# load average before: " << load_average() << "\n\n"
            << "| scalar | ms (CPU), alpha = 1e-10 | ms (CPU), alpha = 1e-1000000 | ratio | digits (1e-10) | digits (1e-1000000) | status (1e-1000000) |\n"
            << "|---|---:|---:|---:|---:|---:|---|\n";
  incert::instance small = make_instance(10, "1e-10");
  incert::instance tiny = make_instance(10, "1e-1000000");
  auto line = [&](const row& a, const row& b) {
    std::cout << "| " << a.name << " (" << a.precision << ") | " << fmt_ms(a.time.median_ms) << " | " << fmt_ms(b.time.median_ms)
              << " | " << fmt(b.time.median_ms / a.time.median_ms, "%.2f") << " | " << a.acc.digits << " | "
              << b.acc.digits << " | " << b.status << " |\n";
  };
  line(bench_alpha<incert::mpfi_float>("mpfi_128", small, o), bench_alpha<incert::mpfi_float>("mpfi_128", tiny, o));
  line(bench_alpha<incert::double_interval>("double_interval", small, o),
       bench_alpha<incert::double_interval>("double_interval", tiny, o));
  std::cout << "\n# digits: guaranteed digits of the worst entry, min over (i, j) of -log10(radius_ij / sqrt(W~_ii W~_jj))\n"
            << "# load average after: " << load_average() << "\n";
  return 0;
}

// ------------------------------------------------------------------ --breakdown
// Where the time of closed_form_eigenbasis goes. "closed_form_eigenbasis" is the library call
// itself. The verified inverse is then re-run step by step with the same library primitives
// (mid_matrix, partialPivLu in the midpoint type, point_matrix, multiply, inf_norm_upper), in
// the order of include/incert/linalg/verified_inverse.hpp, on C' = D' V D' with D' =
// diag(V_ii^{-1/2}): the same size and structure as the C of closed_form_scaled (which uses
// B_ii = V_ii + alpha g_i), so the same cost. "rest" = call - verified_inverse: the MPFI scale
// factors, building C, symmetrize.
template <class T>
void breakdown(const std::string& name, const incert::instance& in, const options& o) {
  using traits = incert::scalar_traits<T>;
  using Tm = incert::mid_t<T>;
  incert::precision_scope scope(working_bits);
  incert::mpfi_float t;
  incert::enclosed_problem<T> p = prepare<T>(in, o.tau, t);
  const Eigen::Index n = static_cast<Eigen::Index>(p.n);
  auto now = [] { return cpu_seconds(); };
  auto since = [](double a) { return (cpu_seconds() - a) * 1e3; };
  const int reps = o.quick ? 1 : 5;
  const incert::matrix<T>& V = *p.V;
  incert::matrix<T> C(n, n);
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index j = 0; j < n; ++j)
      C(i, j) = i == j ? T(1) : V(i, j) / traits::sqrt(V(i, i) * V(j, j));
  std::vector<std::pair<std::string, double>> steps;
  double call = 1e300, inverse = 1e300, growth_ms = 1e300, products_ms = 1e300;
  for (int rep = 0; rep < reps; ++rep) {
    auto a = now();
    auto w = incert::closed_form_eigenbasis(p, t);
    do_not_optimize(w);
    call = std::min(call, since(a));
    a = now();
    auto x = incert::verified_inverse(C);
    do_not_optimize(x);
    inverse = std::min(inverse, since(a));
    // two ingredients of "rest", timed alone: the n growth factors (MPFI exp, expm1) and the
    // n^2 MPFI products d_i d_j converted to T that scale V into C
    a = now();
    std::vector<incert::mpfi_float> dd(p.n);
    for (std::size_t k = 0; k < p.n; ++k) {
      auto g = incert::growth(p.wide.sigma[k], p.sigma_is_zero[k], p.wide.log_alpha, p.wide.alpha, t);
      dd[k] = incert::mpfi_float(1) / sqrt(g.x);
    }
    growth_ms = std::min(growth_ms, since(a));
    a = now();
    incert::matrix<T> C2(n, n);
    for (Eigen::Index i = 0; i < n; ++i)
      for (Eigen::Index j = 0; j < n; ++j)
        C2(i, j) = traits::from_mpfi(dd[static_cast<std::size_t>(i)] * dd[static_cast<std::size_t>(j)]);
    do_not_optimize(C2);
    products_ms = std::min(products_ms, since(a));

    std::vector<std::pair<std::string, double>> s;
    a = now();
    incert::matrix<Tm> Cm = incert::mid_matrix(C);
    s.push_back({"mid_matrix(C)", since(a)});
    a = now();
    incert::matrix<Tm> Rm = incert::approximate_inverse(Cm);
    s.push_back({"R = approximate_inverse(mid C) in the midpoint type (n^3)", since(a)});
    a = now();
    incert::matrix<T> R = incert::point_matrix<T>(Rm);
    s.push_back({"point_matrix(R)", since(a)});
    a = now();
    incert::matrix<T> E = incert::multiply(R, C, incert::product_accuracy::relaxed_radius);
    s.push_back({"multiply(R, C) (n^3)", since(a)});
    a = now();
    E = -E;
    for (Eigen::Index i = 0; i < n; ++i) E(i, i) += T(1);
    T beta = traits::point(incert::inf_norm_upper(E));
    T r_norm = traits::point(incert::inf_norm_upper(R));
    T delta = beta * beta * r_norm / (T(1) - beta);
    T tail = traits::remainder(traits::upper(delta));
    s.push_back({"E = I - RC, inf_norm_upper(E), (R), tail (n^2)", since(a)});
    a = now();
    incert::matrix<T> X = incert::multiply(E, R, incert::product_accuracy::relaxed_radius);
    s.push_back({"multiply(E, R) (n^3)", since(a)});
    a = now();
    for (Eigen::Index i = 0; i < n; ++i)
      for (Eigen::Index j = 0; j < n; ++j) X(i, j) += R(i, j) + tail;
    s.push_back({"X = R + ER + tail (n^2)", since(a)});
    do_not_optimize(X);
    if (rep == 0) steps = s;
    else
      for (std::size_t k = 0; k < s.size(); ++k) steps[k].second = std::min(steps[k].second, s[k].second);
  }
  std::cout << "\n" << name << ", n = " << n << " (best of " << reps << "):\n"
            << "| part | ms | share of the call |\n|---|---:|---:|\n"
            << "| closed_form_eigenbasis (the call) | " << fmt_ms(call) << " | 100 % |\n"
            << "| rest: MPFI scale factors, C, symmetrize (call - verified_inverse) | " << fmt_ms(std::max(0.0, call - inverse))
            << " | " << fmt(100 * std::max(0.0, call - inverse) / call, "%.1f") << " % |\n"
            << "| - n x growth() in MPFI (exp, expm1) and a sqrt | " << fmt_ms(growth_ms) << " | "
            << fmt(100 * growth_ms / call, "%.1f") << " % |\n"
            << "| - n^2 x MPFI product d_i d_j + from_mpfi to T | " << fmt_ms(products_ms) << " | "
            << fmt(100 * products_ms / call, "%.1f") << " % |\n"
            << "| verified_inverse(C) | " << fmt_ms(inverse) << " | " << fmt(100 * inverse / call, "%.1f") << " % |\n";
  for (const auto& st : steps)
    std::cout << "| - " << st.first << " | " << fmt_ms(st.second) << " | " << fmt(100 * st.second / call, "%.1f") << " % |\n";
}

int run_breakdown(const options& o) {
  int n = o.only_n ? o.only_n : 100;
  incert::instance in = make_instance(n, "1e-10");
  std::cout << "# incert_bench_eval --breakdown, alpha = 1e-10, t = " << o.tau << " ln(1/alpha); load average "
            << load_average() << "\n";
  if (o.only.empty() || o.only.count("mpfi_128")) breakdown<incert::mpfi_float>("mpfi_128", in, o);
  if (o.only.empty() || o.only.count("mpfr_128")) breakdown<incert::mpfr_float>("mpfr_128", in, o);
  if (o.only.empty() || o.only.count("double_interval")) breakdown<incert::double_interval>("double_interval", in, o);
  if (o.only.empty() || o.only.count("double")) breakdown<double>("double", in, o);
  return 0;
}


// ------------------------------------------------------------------ --verdicts
// What `incert eval` and `incert check` cost next to one Arb closed-form evaluation, in one run.
// eval = W~(t) and ||W(t) - Y^_k||_2 for every k at 128 bits: "before" with the working-precision
// eigenvalue enclosure per k (linalg/symmetric_eigenvalues.hpp, what error_to_rank used until
// 2026-12-05), "after" with the fast enclosure (linalg/symmetric_norm2.hpp); `incert eval` is the
// whole library call (also W in the standard basis). check = incert::check with its defaults.
int run_verdicts(const options& o) {
#if INCERT_BENCH_WITH_ARB
  std::cout << "# incert_bench_eval --verdicts: alpha = 1e-10, t = " << o.tau << " ln(1/alpha), 128 bits, CPU ms; load average "
            << load_average() << "\n\n"
            << "| n | arb_128 closed form | eval before (eigen-solver per k) | eval after (fast norm) | incert eval | incert check "
               "| before / arb | after / arb | incert eval / arb | check / arb | before / after |\n"
            << "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|" << std::endl;
  for (int n : {3, 10, 100}) {
    if (o.only_n && n != o.only_n) continue;
    const incert::instance in = make_instance(n, "1e-10");
    const bounds_matrix ref = reference(in, o.tau);
    const row arb = bench_arb(in, o, ref);
    incert::precision_scope scope(working_bits);
    incert::mpfi_float t;
    const auto p = prepare<incert::mpfi_float>(in, o.tau, t);
    const auto errors = [&](bool fast) {
      auto W = incert::closed_form_eigenbasis(p, t);
      if (!W) throw std::runtime_error("--verdicts: closed form not certified");
      const incert::matrix<incert::mpfi_float> Wm = W->materialize();
      for (std::size_t k = 1; k <= p.K; ++k) {
        const auto D = incert::detail::minus_target(Wm, p.sigma, k);
        auto e = fast ? incert::enclose_symmetric_norm2_fast(D) : incert::enclose_symmetric_norm2(D);
        if (!e) throw std::runtime_error("--verdicts: norm not certified");
        do_not_optimize(e);
      }
    };
    // One call of "before" or of check at n = 100 takes seconds: timed once.
    const auto slow = [&](const std::function<void()>& f) {
      if (n < 100) return time_it(f, o.min_time, o.min_reps);
      const double c0 = cpu_seconds();
      f();
      timing one;
      one.median_ms = (cpu_seconds() - c0) * 1e3;
      one.evals = 1;
      return one;
    };
    const timing before = slow([&] { errors(false); });
    const timing after = time_it([&] { errors(true); }, o.min_time, o.min_reps);
    incert::eval_options eo;
    eo.time.tau = incert::parse_exact(o.tau);
    eo.time.text = o.tau;
    const timing ev = time_it([&] { do_not_optimize(incert::eval(in, eo)); }, o.min_time, o.min_reps);
    // The whole check at n = 100 runs for many minutes (its eps-window searches): only on request.
    const bool with_check = n < 100 || o.check_100;
    timing ch;
    if (with_check) ch = slow([&] { do_not_optimize(incert::check(in)); });
    const double a = arb.time.median_ms;
    std::cout << "| " << n << " | " << fmt_ms(a) << " | " << fmt_ms(before.median_ms) << " | " << fmt_ms(after.median_ms) << " | "
              << fmt_ms(ev.median_ms) << " | " << (with_check ? fmt_ms(ch.median_ms) : "-") << " | " << fmt(before.median_ms / a, "%.1f")
              << " | " << fmt(after.median_ms / a, "%.1f") << " | " << fmt(ev.median_ms / a, "%.1f") << " | "
              << (with_check ? fmt(ch.median_ms / a, "%.1f") : "-")
              << " | " << fmt(before.median_ms / after.median_ms, "%.1f") << " |" << std::endl;
  }
  return 0;
#else
  (void)o;
  std::cerr << "incert_bench_eval --verdicts needs the Arb peer (INCERT_WITH_ARB, libflint-arb-dev)\n";
  return 1;
#endif
}
// ------------------------------------------------------------------ --load
// Loading and exact validation of a dense n x n W0 (the sin instance), parsing excluded, against
// what W0's PSD decision alone cost before it ran in double intervals first: the verified
// eigenvalue enclosure at 128 bits (n <= 400; about 13 s there).
int run_load() {
  std::cout << "# incert_bench_eval --load: dense W0 (sin instance, 45-digit entries), CPU s; load average "
            << load_average() << "\n"
            << "# n  parse  load_instance  128-bit PSD stage alone  ratio\n";
  for (int n : {100, 200, 400, 500}) {
    const std::string text = instance_json(n, "1e-10");
    double c0 = cpu_seconds();
    const incert::json::value doc = incert::json::parse(text);
    double c1 = cpu_seconds();
    const incert::instance in = incert::load_instance(doc, "bench");
    double c2 = cpu_seconds();
    std::cout << n << "  " << c1 - c0 << "  " << c2 - c1;
    if (n <= 400) {
      incert::precision_scope scope(128);
      incert::matrix<incert::mpfi_float> M(n, n);
      for (int i = 0; i < n; ++i)
        for (int j = 0; j < n; ++j) M(i, j) = incert::enclose_mpfi(in.W0(static_cast<std::size_t>(i), static_cast<std::size_t>(j)));
      double c3 = cpu_seconds();
      if (!incert::enclose_symmetric_eigenvalues(M)) throw std::runtime_error("--load: 128-bit enclosure failed");
      double old = cpu_seconds() - c3;
      std::cout << "  " << old << "  " << old / (c2 - c1);
    }
    std::cout << std::endl;
  }
  return 0;
}
}  // namespace

int main(int argc, char** argv) {
  try {
    options o = parse_options(argc, argv);
    if (o.alpha_ratio) return run_alpha_ratio(o);
    if (o.breakdown) return run_breakdown(o);
    if (o.verdicts) return run_verdicts(o);
    if (o.load) return run_load();
    return run_table(o);
  } catch (const std::exception& e) {
    std::cerr << "incert_bench_eval: " << e.what() << "\n";
    return 1;
  }
}
