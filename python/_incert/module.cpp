// python/_incert/module.cpp: incert._incert, the compiled half of the Python package.
//
// A thin layer over the library's public API (include/incert/api/, instance/load_instance.hpp,
// random/clopper_pearson.hpp): it loads instances, runs check / eval / the Gaussian draws on the
// worker thread (worker.hpp: GIL released, Ctrl-C raises KeyboardInterrupt), and hands the typed
// results to Python as plain dicts and lists whose numbers are `Enclosure` objects (the library's
// `enclosure`, exact binary endpoints). Everything else (classes, docstrings, DataFrames, plots)
// is the pure Python package python/incert/.
//
// Rule kept throughout: library code runs only on the worker thread. The Python-facing thread
// only converts finished results (copies of MPFR numbers, their exact mantissa and exponent,
// decimal text by incert::format_enclosure / format_decimal), which use explicit precisions and
// never Boost's process-wide default precision.
#include "worker.hpp"

#include "incert/api/alpha_grid.hpp"
#include "incert/api/check.hpp"
#include "incert/api/random_init.hpp"
#include "incert/api/threshold.hpp"
#include "incert/api/trace.hpp"
#include "incert/api/format.hpp"
#include "incert/exact/exact_real.hpp"
#include "incert/instance/load_instance.hpp"
#include "incert/io/decimal_format.hpp"

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <chrono>
#include <cmath>
#include <cstring>
#include <limits>
#include <map>
#include <string>
#include <vector>

namespace py = pybind11;
using namespace incert;
using incert_python::ensure_wide_exponent_range;

namespace {

// ---- numbers ------------------------------------------------------------------------------

py::int_ to_py(const mpz_class& z) {
  char* s = mpz_get_str(nullptr, 16, z.get_mpz_t());
  PyObject* o = PyLong_FromString(s, nullptr, 16);
  void (*free_function)(void*, std::size_t) = nullptr;
  mp_get_memory_functions(nullptr, nullptr, &free_function);
  free_function(s, std::strlen(s) + 1);
  if (!o) throw py::error_already_set();
  return py::reinterpret_steal<py::int_>(o);
}

// (numerator, denominator) as Python ints (canonical: coprime, denominator > 0).
py::tuple to_py(const mpq_class& q) { return py::make_tuple(to_py(q.get_num()), to_py(q.get_den())); }

mpz_class mpz_from_hex(const std::string& hex) {
  mpz_class z;
  if (mpz_set_str(z.get_mpz_t(), hex.c_str(), 16) != 0) throw std::invalid_argument("bad hexadecimal integer");
  return z;
}

mpq_class mpq_from_hex(const std::string& num, const std::string& den) {
  mpq_class q(mpz_from_hex(num), mpz_from_hex(den));
  if (q.get_den() == 0) throw std::invalid_argument("zero denominator");
  q.canonicalize();
  return q;
}

// One endpoint exactly: (mantissa, exponent) with value mantissa * 2^exponent, or a float for
// +-inf and nan.
py::object endpoint(const mpfr_float& x) {
  mpfr_srcptr p = x.backend().data();
  if (mpfr_nan_p(p)) return py::float_(std::numeric_limits<double>::quiet_NaN());
  if (mpfr_inf_p(p)) return py::float_(mpfr_sgn(p) > 0 ? std::numeric_limits<double>::infinity() : -std::numeric_limits<double>::infinity());
  if (mpfr_zero_p(p)) return py::make_tuple(py::int_(0), py::int_(0));
  mpz_class m;
  const mpfr_exp_t e = mpfr_get_z_2exp(m.get_mpz_t(), p);
  return py::make_tuple(to_py(m), py::int_(static_cast<long long>(e)));
}

// m * 2^e exactly, at the precision of m (at least 2 bits).
mpfr_float mpfr_exact(const mpz_class& m, long e) {
  const std::size_t bits = std::max<std::size_t>(2, mpz_sizeinbase(m.get_mpz_t(), 2));
  mpfr_t raw;
  mpfr_init2(raw, static_cast<mpfr_prec_t>(bits));
  mpfr_set_z_2exp(raw, m.get_mpz_t(), e, MPFR_RNDN);  // exact: bits >= size of m
  mpfr_float v{boost::multiprecision::mpfr_float_backend<0>(raw)};
  mpfr_clear(raw);
  return v;
}

mpfr_float mpfr_special(double x) {
  mpfr_t raw;
  mpfr_init2(raw, 2);
  mpfr_set_d(raw, x, MPFR_RNDN);
  mpfr_float v{boost::multiprecision::mpfr_float_backend<0>(raw)};
  mpfr_clear(raw);
  return v;
}

mpfr_float endpoint_from_py(const py::object& o) {
  if (py::isinstance<py::float_>(o)) return mpfr_special(o.cast<double>());
  const py::tuple t = o.cast<py::tuple>();
  return mpfr_exact(mpz_from_hex(t[0].cast<std::string>()), t[1].cast<long>());
}

unsigned precision_of(const enclosure& e) {
  return static_cast<unsigned>(std::max(mpfr_get_prec(e.lo.backend().data()), mpfr_get_prec(e.hi.backend().data())));
}

double to_double(const mpfr_float& x, mpfr_rnd_t rnd) { return mpfr_get_d(x.backend().data(), rnd); }

enclosure point(const mpfr_float& x) { return enclosure{x, x, false}; }

// ---- errors -------------------------------------------------------------------------------

// incert.InputError, the Python class (python/incert/_errors.py), registered at import.
py::object& input_error_class() {
  static py::object* c = new py::object();  // never destroyed (no GIL at exit)
  return *c;
}

[[noreturn]] void bad_input(const std::string& field, const std::string& problem) { throw input_error(field, problem); }

mpq_class parse_field(const std::string& text, const std::string& field, long max_exponent = max_decimal_exponent) {
  try {
    return parse_exact(text, max_exponent);
  } catch (const number_format_error& e) {
    bad_input(field, e.what());
  }
}

// ---- running on the worker ----------------------------------------------------------------

// Runs f(cancel) on the worker and waits with the GIL released; a signal (Ctrl-C) raises its
// Python exception here at once, the job left to finish (or stop at its next item) in the
// background.
template <class R, class F>
R run(F f) {
  ensure_wide_exponent_range();
  auto j = incert_python::start_job<R>(std::move(f));
  for (;;) {
    bool done = false;
    {
      py::gil_scoped_release nogil;
      std::unique_lock<std::mutex> lock(j.state->m);
      done = j.state->cv.wait_for(lock, std::chrono::milliseconds(50), [&] { return j.state->done; });
    }
    if (done) break;
    if (PyErr_CheckSignals() != 0) {
      j.state->cancel = true;
      throw py::error_already_set();
    }
  }
  if (j.state->error) std::rethrow_exception(j.state->error);
  return std::move(**j.result);
}

struct cancelled : std::runtime_error {
  cancelled() : std::runtime_error("cancelled") {}
};

// ---- instances ----------------------------------------------------------------------------

using instance_ptr = std::shared_ptr<const instance>;

instance_ptr load_document(const std::string& text, const std::string& source) {
  return run<instance_ptr>([text, source](const std::atomic<bool>&) {
    json::value root;
    try {
      root = json::parse(text);
    } catch (const json::parse_error& e) {
      throw input_error(source, json::parse_error(e.line(), e.column(), e.detail()).what());
    }
    return std::make_shared<const instance>(load_instance(root, source));
  });
}

instance_ptr load_file(const std::string& path) {
  return run<instance_ptr>([path](const std::atomic<bool>&) { return std::make_shared<const instance>(load_instance_file(path)); });
}

// alpha (exact text) or log10 alpha (exact text), and epsilon, replaced: validated as the loader
// validates "alpha", "alpha.log10" and "epsilon" (same fields, same messages). label: the text
// reports show for alpha (default: as the loader would write it).
instance_ptr replace_scalars(const instance_ptr& base, const std::optional<std::string>& alpha, const std::optional<std::string>& log10,
                             const std::optional<std::string>& epsilon, const std::optional<std::string>& label) {
  using detail::number_role;
  using detail::read_number;
  auto in = std::make_shared<instance>(*base);
  if (alpha && log10) bad_input("alpha", "give alpha or log10_alpha, not both");
  if (alpha) {
    alpha_spec a;
    a.value = read_number(json::value::from_string(*alpha), "alpha", number_role::scalar);
    if (*a.value <= 0) bad_input("alpha", "must be positive");
    a.text = label ? *label : *alpha;
    in->alpha = a;
  } else if (log10) {
    alpha_spec a;
    a.log10 = read_number(json::value::from_string(*log10), "alpha.log10", number_role::scalar);
    a.text = label ? *label : "10^(" + *log10 + ")";
    in->alpha = a;
  }
  if (epsilon) {
    const mpq_class e = read_number(json::value::from_string(*epsilon), "epsilon", number_role::scalar);
    if (e <= 0) bad_input("epsilon", "must be positive");
    in->epsilon = e;
  }
  return in;
}

py::list matrix_to_py(const rational_matrix& M) {
  py::list rows;
  for (std::size_t i = 0; i < M.rows; ++i) {
    py::list row;
    for (std::size_t j = 0; j < M.cols; ++j) row.append(to_py(M(i, j)));
    rows.append(row);
  }
  return rows;
}

py::list vector_to_py(const std::vector<mpq_class>& v) {
  py::list out;
  for (const auto& q : v) out.append(to_py(q));
  return out;
}

// Everything the instance holds, exact (rationals as (num, den)).
py::dict describe(const instance& in) {
  py::dict d;
  d["n"] = in.n;
  d["K"] = in.K;
  d["source"] = in.source;
  d["dense_target"] = in.dense_target;
  d["identity_basis"] = in.identity_basis;
  d["distinct_nonzero"] = in.distinct_nonzero;
  d["sigma"] = in.dense_target ? py::object(py::none()) : py::object(vector_to_py(in.sigma));
  d["eigenvectors"] = in.dense_target || in.identity_basis ? py::object(py::none()) : py::object(matrix_to_py(in.P));
  d["Y_matrix"] = in.dense_target ? py::object(matrix_to_py(in.Y)) : py::object(py::none());
  d["init"] = in.init == init_kind::W0 ? "W0" : in.init == init_kind::U0 ? "U0" : "spectral";
  d["W0"] = in.init == init_kind::spectral ? py::object(py::none()) : py::object(matrix_to_py(in.W0));
  d["U0"] = in.init == init_kind::U0 ? py::object(matrix_to_py(in.U0)) : py::object(py::none());
  d["spectral"] = in.init == init_kind::spectral ? py::object(vector_to_py(in.spectral)) : py::object(py::none());
  if (in.gaussian) {
    py::dict g;
    g["r"] = in.gaussian->r;
    g["seed"] = in.gaussian->seed;
    g["scale"] = to_py(in.gaussian->scale);
    g["scale_text"] = in.gaussian->scale_text;
    d["gaussian"] = g;
  } else {
    d["gaussian"] = py::none();
  }
  d["alpha"] = in.alpha.value ? py::object(to_py(*in.alpha.value)) : py::object(py::none());
  d["log10_alpha"] = in.alpha.log10 ? py::object(to_py(*in.alpha.log10)) : py::object(py::none());
  d["alpha_text"] = in.alpha.text;
  d["epsilon"] = to_py(in.epsilon);
  return d;
}

// ---- options ------------------------------------------------------------------------------

scalar_kind scalar_from(const std::string& name) {
  if (auto k = scalar_kind_from_name(name)) return *k;
  bad_input("scalar", "unknown type \"" + name + "\" (mpfi, interval, mpfr, double, long-double)");
}

precision_options bits_from(unsigned precision, unsigned max_precision) {
  if (precision < 24 || precision > 1000000) bad_input("precision", "must be between 24 and 1000000 bits, got " + std::to_string(precision));
  if (max_precision < 24 || max_precision > 1000000)
    bad_input("max_precision", "must be between 24 and 1000000 bits, got " + std::to_string(max_precision));
  if (max_precision < precision) bad_input("max_precision", "is below precision");
  return {precision, max_precision};
}

std::vector<time_point> times_from(const std::vector<std::string>& ts, const std::vector<std::string>& taus) {
  std::vector<time_point> out;
  for (int which = 0; which < 2; ++which) {
    const auto& v = which == 0 ? ts : taus;
    for (std::size_t i = 0; i < v.size(); ++i) {
      const std::string field = std::string(which == 0 ? "times" : "taus") + "[" + std::to_string(i) + "]";
      time_point p;
      p.text = v[i];
      const mpq_class q = parse_field(v[i], field);
      if (q < 0) bad_input(field, "must be non-negative, got " + v[i]);
      (which == 0 ? p.t : p.tau) = q;
      out.push_back(p);
    }
  }
  return out;
}

// (k, lo, hi or None) for [lo, hi] (hi None: [lo, inf)).
std::vector<time_range> ranges_from(const std::vector<std::tuple<long, std::string, std::optional<std::string>>>& v, std::size_t n) {
  std::vector<time_range> out;
  for (std::size_t i = 0; i < v.size(); ++i) {
    const std::string field = "intervals[" + std::to_string(i) + "]";
    const auto& [k, lo, hi] = v[i];
    if (k < 1 || static_cast<std::size_t>(k) > n) bad_input(field, "k = " + std::to_string(k) + " is not in 1.." + std::to_string(n) + " (n = " + std::to_string(n) + ")");
    time_range r;
    r.k = static_cast<std::size_t>(k);
    r.lo_text = lo;
    r.lo = parse_field(lo, field + ".lo");
    if (r.lo < 0) bad_input(field + ".lo", "must be >= 0 (the flow starts at t = 0), got " + lo);
    if (hi) {
      r.hi_text = *hi;
      r.hi = parse_field(*hi, field + ".hi");
      if (*r.hi < r.lo) bad_input(field + ".hi", "is below lo");
    } else {
      r.hi_text = "inf";
    }
    out.push_back(r);
  }
  return out;
}

// ---- results to Python --------------------------------------------------------------------

py::object enc(const std::optional<enclosure>& e) { return e ? py::cast(*e) : py::object(py::none()); }
py::object enc(const enclosure& e) { return py::cast(e); }

py::dict to_py(const check_result& r);

py::dict to_py(const trace_values& v) {
  py::dict d;
  for (const char* name : {"error", "eigenvalues", "diagonal"}) {
    const auto& list = std::string(name) == "error" ? v.error : std::string(name) == "eigenvalues" ? v.eigenvalues : v.diagonal;
    py::list l;
    for (const auto& e : list) l.append(enc(e));
    d[name] = l;
  }
  return d;
}

py::dict to_py(const trace_result& r) {
  py::dict d;
  d["instance"] = r.instance;
  d["alpha"] = r.alpha;
  d["precision_bits"] = r.precision_bits;
  d["n"] = r.n;
  d["K"] = r.K;
  py::list targets;
  for (const auto& t : r.targets) targets.append(enc(t));
  d["targets"] = targets;
  d["epsilon"] = enc(r.epsilon);
  py::list samples, ranges;
  for (const auto& s : r.samples) {
    py::dict x = to_py(s.values);
    x["t"] = s.t_text;
    samples.append(x);
  }
  for (const auto& R : r.ranges) {
    py::dict x = to_py(R.values);
    x["from"] = R.from_text;
    x["to"] = R.to_text;
    ranges.append(x);
  }
  d["samples"] = samples;
  d["ranges"] = ranges;
  d["check"] = to_py(r.check);
  d["seconds"] = r.seconds;
  return d;
}

py::dict to_py(const check_result& r) {
  py::dict d;
  d["instance"] = r.instance;
  d["scalar"] = r.scalar;
  d["certified"] = r.certified;
  d["theorem"] = r.theorem;
  d["precision_bits"] = r.precision_bits;
  d["c_eps"] = enc(r.c_eps);
  d["C_eps"] = enc(r.C_eps);
  d["M"] = enc(r.M);
  d["log_alpha"] = enc(r.log_alpha);
  d["alpha_star_hyp"] = enc(r.alpha_star_hyp);
  d["log10_alpha_star_hyp"] = enc(r.log10_alpha_star_hyp);
  py::list hyps;
  for (const auto& h : r.hypotheses) hyps.append(py::make_tuple(h.name, to_string(h.value), h.precision_bits));
  d["hypotheses"] = hyps;
  py::list intervals;
  for (const auto& I : r.intervals) {
    py::dict row;
    row["k"] = I.k;
    row["lo"] = enc(I.lo);
    row["hi"] = enc(I.hi);
    row["unbounded"] = I.unbounded;
    row["lo_over_log_inv_alpha"] = enc(I.lo_over_log_inv_alpha);
    row["hi_over_log_inv_alpha"] = enc(I.hi_over_log_inv_alpha);
    row["nonempty"] = to_string(I.nonempty);
    row["precision_bits"] = I.precision_bits;
    intervals.append(row);
  }
  d["intervals"] = intervals;
  py::list conclusions;
  for (const auto& c : r.conclusions) {
    py::dict row;
    row["k"] = c.k;
    row["where"] = c.where;
    row["t"] = enc(c.t);
    row["error"] = enc(c.error);
    row["verdict"] = to_string(c.value);
    row["precision_bits"] = c.precision_bits;
    row["reason"] = c.reason;
    conclusions.append(row);
  }
  d["conclusions"] = conclusions;
  py::list over;
  for (const auto& o : r.over_interval) {
    py::dict row;
    row["k"] = o.k;
    row["where"] = o.where;
    row["ordinal"] = o.ordinal;
    row["range_lo"] = o.range_lo;
    row["range_hi"] = o.range_hi ? py::object(py::str(*o.range_hi)) : py::object(py::none());
    row["tail_unavailable"] = o.tail_unavailable;
    row["error_upper"] = o.error_upper ? enc(point(*o.error_upper)) : py::object(py::none());
    row["verdict"] = to_string(o.value);
    row["pieces"] = o.pieces;
    row["precision_bits"] = o.precision_bits;
    row["reason"] = o.reason;
    over.append(row);
  }
  d["over_interval"] = over;
  py::list windows;
  for (const auto& w : r.eps_windows) {
    py::dict row;
    row["k"] = w.k;
    row["found"] = to_string(w.found);
    row["first"] = enc(w.first);
    row["last"] = enc(w.last);
    row["last_infinite"] = w.last_infinite;
    row["inside_lo"] = w.inside_lo ? enc(point(*w.inside_lo)) : py::object(py::none());
    row["inside_hi"] = w.inside_hi ? enc(point(*w.inside_hi)) : py::object(py::none());
    row["reason"] = w.reason;
    windows.append(row);
  }
  d["eps_windows"] = windows;
  d["max_relative_width"] = r.max_relative_width;
  d["seconds"] = r.seconds;
  d["reason"] = r.reason ? py::object(py::str(*r.reason)) : py::object(py::none());
  return d;
}

// A matrix of enclosures, kept in C++ (n^2 Python objects only on demand).
struct enclosure_matrix {
  std::vector<std::vector<enclosure>> rows;
  std::size_t n_rows() const { return rows.size(); }
  std::size_t n_cols() const { return rows.empty() ? 0 : rows.front().size(); }
  py::array_t<double> bound(bool upper) const {
    ensure_wide_exponent_range();
    py::array_t<double> a({n_rows(), n_cols()});
    auto m = a.mutable_unchecked<2>();
    for (std::size_t i = 0; i < n_rows(); ++i)
      for (std::size_t j = 0; j < n_cols(); ++j) {
        const enclosure& e = rows[i][j];
        const mpfr_rnd_t rnd = e.approx ? MPFR_RNDN : upper ? MPFR_RNDU : MPFR_RNDD;
        m(static_cast<py::ssize_t>(i), static_cast<py::ssize_t>(j)) = to_double(upper ? e.hi : e.lo, rnd);
      }
    return a;
  }
};

py::dict to_py(eval_result&& r) {
  py::dict d;
  d["instance"] = r.instance;
  d["scalar"] = r.scalar;
  d["certified"] = r.certified;
  d["precision_bits"] = r.precision_bits;
  d["method"] = r.method;
  d["t"] = enc(r.t);
  d["resolved"] = r.resolved();
  d["W"] = enclosure_matrix{std::move(r.W)};
  d["W_eigenbasis"] = enclosure_matrix{std::move(r.W_eigenbasis)};
  py::list errors;
  for (const auto& e : r.error_to_rank) errors.append(py::make_tuple(e.k, enc(e.value)));
  d["error_to_rank"] = errors;
  d["seconds"] = r.seconds;
  d["reason"] = r.reason ? py::object(py::str(*r.reason)) : py::object(py::none());
  return d;
}

// ---- random initialization ----------------------------------------------------------------

// The library's per-draw check and Clopper-Pearson limits (api/random_init.hpp); the loop is
// here so that Ctrl-C stops it between draws.
struct py_draw_summary {
  std::uint64_t holds = 0, fails = 0, undecided = 0;
  enclosure cp_lower, cp_upper;  // enclosures of the Clopper-Pearson limits
  std::string estimate;          // holds / draws to 10 digits (nearest)
};

struct py_random_init_result {
  std::vector<draw_result> draws;
  py_draw_summary hypotheses, incremental;  // all hypotheses hold / every E_k non-empty
  double seconds = 0;
};

py_draw_summary py_summary(const std::vector<verdict>& verdicts) {
  const draw_summary sum = summarize_draws(verdicts);
  return {sum.holds, sum.fails, sum.undecided, sum.clopper_pearson_lower, sum.clopper_pearson_upper, format_nearest(sum.estimate, 10)};
}

py_random_init_result run_random_init(const instance& base, const std::vector<std::uint64_t>& seeds, const precision_options& bits,
                                      const std::atomic<bool>& cancel) {
  const auto start = std::chrono::steady_clock::now();
  py_random_init_result out;
  for (std::uint64_t s : seeds) {
    if (cancel) throw cancelled();
    out.draws.push_back(check_gaussian_draw(base, s, bits));
  }
  std::vector<verdict> verdicts, incremental;
  for (const draw_result& d : out.draws) verdicts.push_back(d.value), incremental.push_back(d.incremental);
  out.hypotheses = py_summary(verdicts);
  out.incremental = py_summary(incremental);
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return out;
}

py::dict to_py(const py_draw_summary& s) {
  py::dict d;
  d["holds"] = s.holds;
  d["fails"] = s.fails;
  d["undecided"] = s.undecided;
  d["cp_lower"] = enc(s.cp_lower);
  d["cp_upper"] = enc(s.cp_upper);
  d["estimate"] = s.estimate;
  return d;
}

py::dict to_py(const py_random_init_result& r) {
  py::dict d;
  py::list draws;
  for (const auto& w : r.draws) {
    py::dict row;
    row["seed"] = w.seed;
    row["M"] = enc(w.M);
    row["verdict"] = to_string(w.value);
    row["failed"] = w.failed;
    row["undecided"] = w.undecided;
    row["precision_bits"] = w.precision_bits;
    py::list windows;
    for (verdict v : w.eps_window_nonempty) windows.append(to_string(v));
    row["eps_window_nonempty"] = windows;
    row["incremental"] = to_string(w.incremental);
    draws.append(row);
  }
  d["draws"] = draws;
  d["hypotheses"] = to_py(r.hypotheses);
  d["incremental"] = to_py(r.incremental);
  d["seconds"] = r.seconds;
  return d;
}

// ---- exact text and grid helpers ----------------------------------------------------------

// q as exact text the loader reads: an integer, m e-k for a denominator 2^a 5^b, else p/q.
std::string exact_text(const mpq_class& q) {
  if (q.get_den() == 1) return q.get_num().get_str();
  mpz_class d = q.get_den(), two(2), five(5);
  const unsigned long a = mpz_remove(d.get_mpz_t(), d.get_mpz_t(), two.get_mpz_t());
  const unsigned long b = mpz_remove(d.get_mpz_t(), d.get_mpz_t(), five.get_mpz_t());
  if (d != 1) return q.get_num().get_str() + "/" + q.get_den().get_str();
  const unsigned long k = std::max(a, b);
  mpz_class m = q.get_num(), f;
  mpz_ui_pow_ui(f.get_mpz_t(), 2, k - a);
  m *= f;
  mpz_ui_pow_ui(f.get_mpz_t(), 5, k - b);
  m *= f;
  std::string digits = mpz_class(abs(m)).get_str();
  const std::string sign = m < 0 ? "-" : "";
  if (k > 400) return sign + digits + "e-" + std::to_string(k);  // compact for tiny binary numbers
  if (digits.size() <= k) digits = std::string(k + 1 - digits.size(), '0') + digits;
  digits.insert(digits.size() - k, ".");
  return sign + digits;  // a plain decimal: 0.1000000000000000055511151231257827021181583404541015625
}


// q rounded to `bits` (direction), then printed with `digits` significant digits (direction).
std::string format_rational(const mpq_class& q, int digits, const std::string& direction, unsigned bits) {
  const rounding_direction dir = direction == "down" ? rounding_direction::down : direction == "up" ? rounding_direction::up : rounding_direction::nearest;
  const mpfr_rnd_t rnd = dir == rounding_direction::down ? MPFR_RNDD : dir == rounding_direction::up ? MPFR_RNDU : MPFR_RNDN;
  mpfr_t raw;
  mpfr_init2(raw, static_cast<mpfr_prec_t>(bits));
  mpfr_set_q(raw, q.get_mpq_t(), rnd);
  mpfr_float v{boost::multiprecision::mpfr_float_backend<0>(raw)};
  mpfr_clear(raw);
  return format_decimal(v, digits, dir);
}

}  // namespace

PYBIND11_MODULE(_incert, m) {
  m.doc() = "incert's compiled core for Python (use the package `incert`, not this module directly).";
  m.attr("__version__") = INCERT_VERSION;
  m.attr("__git_commit__") = INCERT_GIT_COMMIT;
  ensure_wide_exponent_range();

  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const input_error& e) {
      py::object& cls = input_error_class();
      if (!cls) {
        PyErr_SetString(PyExc_ValueError, e.what());
        return;
      }
      py::object exc = cls(py::str(e.what()), py::str(e.field()));
      PyErr_SetObject(cls.ptr(), exc.ptr());
    } catch (const cancelled&) {
      PyErr_SetString(PyExc_KeyboardInterrupt, "cancelled");
    }
  });
  m.def("_set_input_error_class", [](py::object cls) { input_error_class() = std::move(cls); });

  // ---- Enclosure
  py::class_<enclosure>(m, "Enclosure", "incert::enclosure: [lo, hi] with exact binary endpoints (approx: a point approximation).")
      .def_readonly("approx", &enclosure::approx)
      .def_property_readonly("precision", [](const enclosure& e) { return precision_of(e); })
      .def("endpoints",
           [](const enclosure& e) {
             ensure_wide_exponent_range();
             return py::make_tuple(endpoint(e.lo), endpoint(e.hi));
           },
           "((mantissa, exponent) or float inf/nan) for lo and hi: value = mantissa * 2**exponent")
      .def("format",
           [](const enclosure& e, int digits) {
             ensure_wide_exponent_range();
             const enclosure_text t = format_enclosure(e, digits_or_all(digits, precision_of(e)));
             return py::make_tuple(t.lo, t.hi);
           },
           py::arg("digits") = 0, "(lo rounded down, hi rounded up) as decimal text (nearest for an approximation); 0: every bit")
      .def("format_up",
           [](const enclosure& e, int digits) {
             ensure_wide_exponent_range();
             return format_up(e.hi, digits_or_all(digits, precision_of(e)));
           },
           py::arg("digits") = 0)
      .def("format_down",
           [](const enclosure& e, int digits) {
             ensure_wide_exponent_range();
             return format_down(e.lo, digits_or_all(digits, precision_of(e)));
           },
           py::arg("digits") = 0)
      .def("float_bounds",
           [](const enclosure& e) {
             ensure_wide_exponent_range();
             if (e.approx) return py::make_tuple(to_double(e.lo, MPFR_RNDN), to_double(e.hi, MPFR_RNDN));
             return py::make_tuple(to_double(e.lo, MPFR_RNDD), to_double(e.hi, MPFR_RNDU));
           },
           "(lo rounded down, hi rounded up) as floats")
      .def_static("from_endpoints",
                  [](const py::object& lo, const py::object& hi, bool approx) {
                    ensure_wide_exponent_range();
                    return enclosure{endpoint_from_py(lo), endpoint_from_py(hi), approx};
                  },
                  py::arg("lo"), py::arg("hi"), py::arg("approx") = false,
                  "lo, hi: (mantissa as hex text, exponent) or a float (inf, nan)");
  m.def("format_inside",
        [](const enclosure& a, const enclosure& b, int digits) -> py::object {
          ensure_wide_exponent_range();
          auto r = format_inside(a.lo, b.hi, digits);
          if (!r) return py::none();
          return py::make_tuple(r->first, r->second);
        },
        "a sub-interval [a, b] printed inward (a rounded up, b down), or None");

  py::class_<enclosure_matrix>(m, "EnclosureMatrix")
      .def_property_readonly("shape", [](const enclosure_matrix& M) { return py::make_tuple(M.n_rows(), M.n_cols()); })
      .def("get",
           [](const enclosure_matrix& M, std::size_t i, std::size_t j) {
             ensure_wide_exponent_range();
             return M.rows.at(i).at(j);
           })
      .def("lower", [](const enclosure_matrix& M) { return M.bound(false); })
      .def("upper", [](const enclosure_matrix& M) { return M.bound(true); })
      .def("approx", [](const enclosure_matrix& M) {
        for (const auto& r : M.rows)
          for (const auto& e : r)
            if (e.approx) return true;
        return false;
      });

  // ---- instances
  py::class_<instance, std::shared_ptr<instance>>(m, "Instance", "incert::instance, exact and validated (immutable)")
      .def("describe", [](const instance& in) { return describe(in); })
      .def_property_readonly("n", [](const instance& in) { return in.n; })
      .def_property_readonly("source", [](const instance& in) { return in.source; });
  m.def("load_document", [](const std::string& text, const std::string& source) { return std::const_pointer_cast<instance>(load_document(text, source)); },
        py::arg("text"), py::arg("source"));
  m.def("load_file", [](const std::string& path) { return std::const_pointer_cast<instance>(load_file(path)); }, py::arg("path"));
  m.def("replace_scalars",
        [](const std::shared_ptr<instance>& in, std::optional<std::string> alpha, std::optional<std::string> log10,
           std::optional<std::string> epsilon, std::optional<std::string> label) {
          return std::const_pointer_cast<instance>(replace_scalars(in, alpha, log10, epsilon, label));
        },
        py::arg("instance"), py::arg("alpha") = py::none(), py::arg("log10_alpha") = py::none(), py::arg("epsilon") = py::none(),
        py::arg("label") = py::none());

  // ---- check / eval
  m.def("check",
        [](const std::shared_ptr<instance>& in, const std::string& scalar, unsigned precision, unsigned max_precision,
           const std::vector<std::string>& times, const std::vector<std::string>& taus,
           const std::vector<std::tuple<long, std::string, std::optional<std::string>>>& ranges, bool over_interval, bool eps_windows,
           std::optional<double> time_limit, unsigned jobs) {
          check_options o;
          o.time_limit = time_limit;
          o.threads = jobs;
          o.scalar = scalar_from(scalar);
          o.bits = bits_from(precision, max_precision);
          o.times = times_from(times, taus);
          o.ranges = ranges_from(ranges, in->n);
          if (!o.ranges.empty() && !scalar_info_of(o.scalar).rigorous)
            bad_input("intervals", "the conclusion over a time range needs a rigorous scalar (mpfi or interval), not " + scalar);
          o.over_interval = over_interval;
          o.eps_windows = eps_windows;
          instance_ptr keep = in;
          return to_py(run<check_result>([keep, o](const std::atomic<bool>&) { return check(*keep, o); }));
        },
        py::arg("instance"), py::arg("scalar"), py::arg("precision"), py::arg("max_precision"), py::arg("times"), py::arg("taus"),
        py::arg("ranges"), py::arg("over_interval"), py::arg("eps_windows"), py::arg("time_limit") = py::none(),
        py::arg("jobs") = 1u);

  m.def("eval",
        [](const std::shared_ptr<instance>& in, const std::string& scalar, unsigned precision, unsigned max_precision,
           const std::vector<std::string>& times, const std::vector<std::string>& taus) {
          eval_options base;
          base.scalar = scalar_from(scalar);
          base.bits = bits_from(precision, max_precision);
          const std::vector<time_point> points = times_from(times, taus);
          instance_ptr keep = in;
          std::vector<eval_result> results = run<std::vector<eval_result>>([keep, base, points](const std::atomic<bool>& cancel) {
            std::vector<eval_result> out;
            for (const auto& p : points) {
              if (cancel) throw cancelled();
              eval_options o = base;
              o.time = p;
              out.push_back(eval(*keep, o));
            }
            return out;
          });
          py::list out;
          for (auto& r : results) out.append(to_py(std::move(r)));
          return out;
        },
        py::arg("instance"), py::arg("scalar"), py::arg("precision"), py::arg("max_precision"), py::arg("times"), py::arg("taus"),
        "one result per time (times first, then taus), evaluated in one job");

  m.def("trace",
        [](const std::shared_ptr<instance>& in, const std::string& from, const std::string& to, std::size_t points, unsigned precision,
           unsigned max_precision) {
          trace_options o;
          o.from = parse_field(from, "t_from");
          o.to = parse_field(to, "t_to");
          o.points = points;
          o.bits = bits_from(precision, max_precision);
          try {
            (void)trace_grid(o.from, o.to, o.points);
          } catch (const std::invalid_argument& e) {
            const std::string what = e.what();
            bad_input("points", what.substr(what.find(": ") + 2));
          }
          instance_ptr keep = in;
          return to_py(run<trace_result>([keep, o](const std::atomic<bool>&) { return trace(*keep, o); }));
        },
        py::arg("instance"), py::arg("t_from"), py::arg("t_to"), py::arg("points"), py::arg("precision"), py::arg("max_precision"));

  m.def("threshold",
        [](const std::shared_ptr<instance>& in, std::optional<std::size_t> k, std::optional<std::string> epsilon, double rel_width,
           unsigned precision, std::optional<std::string> alpha_min) {
          threshold_options o;
          o.k = k;
          if (alpha_min) {
            o.alpha_min = parse_field(*alpha_min, "alpha_min", 1000000);
            if (o.alpha_min <= 0 || o.alpha_min >= 1) bad_input("alpha_min", "must be in (0, 1), got " + *alpha_min);
          }
          if (epsilon) {
            o.epsilon = parse_field(*epsilon, "epsilon");
            if (*o.epsilon <= 0) bad_input("epsilon", "must be positive, got " + *epsilon);
          }
          if (k && (*k < 1 || *k > in->K)) bad_input("k", std::to_string(*k) + " is not in 1..K = " + std::to_string(in->K));
          if (!(rel_width > 1e-12 && rel_width <= 0.5)) bad_input("rel_width", "must be in (1e-12, 0.5]");
          o.rel_width = rel_width;
          o.precision = precision;
          instance_ptr keep = in;
          const threshold_result r = run<threshold_result>([keep, o](const std::atomic<bool>&) { return threshold(*keep, o); });
          auto alpha = [](const std::optional<mpq_class>& a) { return a ? py::object(py::str(format_scientific_exact(*a))) : py::object(py::none()); };
          py::dict d;
          d["instance"] = r.instance;
          d["theorem"] = r.theorem;
          d["epsilon"] = format_exact(r.epsilon);
          d["precision_bits"] = r.precision_bits;
          d["alpha_min"] = format_scientific_exact(r.alpha_min);
          d["alpha_star_hyp"] = enc(r.alpha_star_hyp);
          d["log10_alpha_star_hyp"] = enc(r.log10_alpha_star_hyp);
          py::list rows;
          for (const auto& x : r.rows) {
            py::dict row;
            row["k"] = x.k;
            row["nonempty_below"] = to_string(x.nonempty_below);
            row["every_alpha"] = x.every_alpha;
            row["alpha_lo"] = alpha(x.alpha_lo);
            row["alpha_hi"] = alpha(x.alpha_hi);
            row["lower_end"] = x.lower_end ? alpha(x.lower_end) : py::object(py::str("0"));
            row["method"] = x.method;
            row["log_rel_width"] = x.log_rel_width;
            row["ratio_to_alpha_star"] = enc(x.ratio_to_alpha_star);
            row["log10_ratio_to_alpha_star"] = enc(x.log10_ratio_to_alpha_star);
            py::list above;
            for (const auto& a : x.nonempty_above) above.append(format_scientific_exact(a));
            row["nonempty_above"] = above;
            row["points"] = x.points;
            row["pieces"] = x.pieces;
            row["reason"] = x.reason;
            rows.append(row);
          }
          d["thresholds"] = rows;
          d["seconds"] = r.seconds;
          return d;
        },
        py::arg("instance"), py::arg("k"), py::arg("epsilon"), py::arg("rel_width"), py::arg("precision"), py::arg("alpha_min"));

  // The certified threshold of every k as the table's summary cells (src/table.cpp writes the same):
  // (alpha_true bracket text, log10 ratio enclosure, ratio enclosure, note).
  m.def("every_k_threshold",
        [](const std::shared_ptr<instance>& in, const std::string& epsilon, unsigned precision, int digits) {
          threshold_options o;
          o.epsilon = parse_field(epsilon, "epsilon");
          o.precision = precision;
          instance_ptr keep = in;
          const every_k_threshold t =
              run<every_k_threshold>([keep, o](const std::atomic<bool>&) { return threshold_of_every_k(threshold(*keep, o)); });
          return py::make_tuple(format_every_k_bracket(t, digits), enc(t.log10_ratio_to_alpha_star), enc(t.ratio_to_alpha_star), t.note);
        },
        py::arg("instance"), py::arg("epsilon"), py::arg("precision"), py::arg("digits"));

  m.def("eps_window_nonempty_at",
        [](const std::shared_ptr<instance>& in, std::size_t k, const std::string& alpha, unsigned precision) {
          const mpq_class a = parse_field(alpha, "alpha", 1000000);
          if (a <= 0) bad_input("alpha", "must be positive, got " + alpha);
          if (k < 1 || k > in->n) bad_input("k", std::to_string(k) + " is not in 1..n = " + std::to_string(in->n));
          instance_ptr keep = in;
          return std::string(to_string(run<verdict>([keep, k, a, precision](const std::atomic<bool>&) { return eps_window_nonempty_at(*keep, k, a, precision); })));
        },
        py::arg("instance"), py::arg("k"), py::arg("alpha"), py::arg("precision"));

  m.def("random_init",
        [](const std::shared_ptr<instance>& in, const std::vector<std::uint64_t>& seeds, unsigned precision, unsigned max_precision) {
          if (!in->gaussian)
            bad_input("init", "random-init needs a Gaussian initialization, {\"gaussian\": {\"r\": R, \"seed\": S, \"scale\": X}}");
          if (seeds.empty()) bad_input("seeds", "no seeds");
          const precision_options bits = bits_from(precision, max_precision);
          instance_ptr keep = in;
          return to_py(run<py_random_init_result>(
              [keep, seeds, bits](const std::atomic<bool>& cancel) { return run_random_init(*keep, seeds, bits, cancel); }));
        },
        py::arg("instance"), py::arg("seeds"), py::arg("precision"), py::arg("max_precision"));

  // ---- helpers
  m.def("exact_text", [](const std::string& num, const std::string& den) { return exact_text(mpq_from_hex(num, den)); },
        "exact decimal or p/q text of num/den (hex)");
  m.def("log10_for_grid",
        [](const std::string& num, const std::string& den) {
          ensure_wide_exponent_range();
          return to_py(log10_grid_point(mpq_from_hex(num, den)));
        });
  m.def("format_rational",
        [](const std::string& num, const std::string& den, int digits, const std::string& direction, unsigned bits) {
          ensure_wide_exponent_range();
          return format_rational(mpq_from_hex(num, den), digits, direction, bits);
        });
  m.def("digits_or_all", &digits_or_all);
  m.def("read_number",
        [](const std::string& text, bool is_string, const std::string& field, bool entry) {
          const json::value v = is_string ? json::value::from_string(text) : json::value::from_number_text(text);
          return to_py(detail::read_number(v, field, entry ? detail::number_role::entry : detail::number_role::scalar));
        },
        py::arg("text"), py::arg("is_string"), py::arg("field"), py::arg("entry"),
        "(num, den) as the instance loader reads a JSON string or number (InputError naming field)");
  m.def("check_json",
        [](const std::string& text, const std::string& source) {
          try {
            (void)json::parse(text);
          } catch (const json::parse_error& e) {
            throw input_error(source, json::parse_error(e.line(), e.column(), e.detail()).what());
          }
        },
        "InputError(source, 'JSON syntax error at ...') as the loader words it, when text is not JSON");
  m.def("parse_exact",
        [](const std::string& text, const std::string& field) { return to_py(parse_field(text, field)); },
        "(num, den) of an exact decimal or p/q text; InputError naming field otherwise");

  // ---- worker
  m.def("_wait_idle",
        [](double seconds) {
          // Polls signals like run(): a Ctrl-C while waiting at exit gives up the wait.
          const auto start = std::chrono::steady_clock::now();
          for (;;) {
            bool idle;
            {
              py::gil_scoped_release nogil;
              idle = incert_python::worker::get().wait_idle(0.05);
            }
            if (idle) return true;
            if (seconds >= 0 && std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() >= seconds) return false;
            if (PyErr_CheckSignals() != 0) throw py::error_already_set();
          }
        },
        py::arg("seconds") = -1.0, "wait until no abandoned job is running on the worker (at most seconds; < 0: no limit)");
  m.def("_busy", [] { return incert_python::worker::get().busy(); });
  m.def("_after_fork_in_child", [] { incert_python::worker::forget_after_fork(); },
        "start a new worker thread in a forked child (os.register_at_fork)");
  m.def("_sleep_job",
        [](double seconds) {
          // A job that only waits (polling its cancel flag): for testing interruption.
          return run<bool>([seconds](const std::atomic<bool>& cancel) {
            const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
            while (std::chrono::steady_clock::now() < end) {
              if (cancel) return false;
              std::this_thread::sleep_for(std::chrono::milliseconds(5));
            }
            return true;
          });
        });

  // ---- benchmark: converting one check result to Python objects (the extension's share of the overhead)
  m.def("_bench_convert",
        [](const std::shared_ptr<instance>& in, int reps) {
          if (reps < 1) throw std::invalid_argument("reps must be >= 1");
          instance_ptr keep = in;
          const check_result r = run<check_result>([keep](const std::atomic<bool>&) { return check(*keep, check_options{}); });
          const auto start = std::chrono::steady_clock::now();
          for (int i = 0; i < reps; ++i) {
            py::dict d = to_py(r);
            (void)d;
          }
          return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() / reps;
        },
        py::arg("instance"), py::arg("reps"), "seconds per conversion of a check result into Python dicts and Enclosures");

  // ---- benchmark: the library alone, `reps` checks in a C++ loop on the worker
  m.def("_bench_check",
        [](const std::string& path, int reps, const std::string& scalar, unsigned precision) {
          if (reps < 1) throw std::invalid_argument("reps must be >= 1");
          check_options o;
          o.scalar = scalar_from(scalar);
          o.bits = bits_from(precision, std::max(4096u, precision));
          return run<double>([path, reps, o](const std::atomic<bool>& cancel) {
            const instance in = load_instance_file(path);
            check_result warm = check(in, o);
            (void)warm;
            const auto start = std::chrono::steady_clock::now();
            for (int i = 0; i < reps; ++i) {
              if (cancel) throw cancelled();
              check_result r = check(in, o);
              (void)r;
            }
            return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() / reps;
          });
        },
        py::arg("path"), py::arg("reps"), py::arg("scalar") = "mpfi", py::arg("precision") = 128,
        "seconds per call of incert::check on the file's instance, C++ loop on the worker thread");
}
