// src/main.cpp: the incert command-line program.
//
//   incert check FILE [--json] [--precision BITS] [--max-precision BITS] [--scalar TYPE] [--t T]... [--tau X]...
//                     [--interval K:LO:HI]...
//   incert eval  FILE (--t T | --tau X) [--json] [--precision BITS] [--max-precision BITS] [--scalar TYPE]
//   incert plot FILE --out PATH.svg|PATH.png [--alphas A,B,C] [--eps E]
//   incert plot-sweep TABLE.csv --out PATH.svg|PATH.png
//   incert table GRID.json [--format csv|json|md|tex] [--digits D] [--out PATH] [--pin-commit TEXT]   (src/table.hpp)
//   incert random-init FILE --seeds A..B [--json] [--precision BITS] [--max-precision BITS]   (src/random_init.hpp)
//
// Exit codes: 0 success, 2 bad input or usage (one line naming the field and the problem),
// 1 internal error. Nothing is printed on stdout unless the whole command succeeded.
#include "plot.hpp"
#include "random_init.hpp"
#include "report.hpp"
#include "sweep.hpp"
#include "table.hpp"

#include "incert/api/check.hpp"
#include "incert/exact/exact_real.hpp"
#include "incert/instance/load_instance.hpp"

#include <cstring>
#include <iostream>
#include <sstream>

namespace {

using namespace incert;
using namespace incert::cli;

constexpr int exit_ok = 0, exit_internal = 1, exit_usage = 2;

const char* usage_text =
    "usage:\n"
    "  incert check FILE [--json] [--precision BITS] [--max-precision BITS] [--scalar TYPE] [--t T]... [--tau X]...\n"
    "               [--interval K:LO:HI]...\n"
    "  incert eval  FILE (--t T | --tau X) [--json] [--precision BITS] [--max-precision BITS] [--scalar TYPE]\n"
    "  incert sweep FILE --alpha-from A --alpha-to B --points N [--format csv|json] [--precision BITS] [--max-precision BITS] [--scalar TYPE]\n"
    "  incert plot FILE --out PATH.svg|PATH.png [--alphas A,B,C] [--eps E]\n"
    "  incert plot-sweep TABLE.csv --out PATH.svg|PATH.png\n"
    "  incert table GRID.json [--format csv|json|md|tex] [--digits D] [--out PATH] [--pin-commit TEXT]\n"
    "  incert random-init FILE --seeds A..B [--json] [--precision BITS] [--max-precision BITS]\n"
    "\n"
    "  check   Theorem 3 (spectral init) or 4 (general init): constants, hypotheses, intervals I_k,\n"
    "          and the conclusion at sample times in each I_k (and at every --t / --tau given)\n"
    "  eval    W(t) and W~(t) = Phi^T W(t) Phi, and ||W(t) - Y^_k||_2 for every k\n"
    "  sweep   check at N log-spaced alphas from A to B (the file's alpha is ignored), one table row each\n"
    "  plot    diag W~(t) against t at the file's alpha and against t/ln(1/alpha) at three alphas\n"
    "          (default 1e-4,1e-30,1e-300), with targets, eps-bands and the certified I_k; PNG needs rsvg-convert\n"
    "  plot-sweep  I_k and the certified error from a `incert sweep` CSV table\n"
    "  table   certified table over a grid of instances x alphas x eps (one row per k), with alpha_true\n"
    "          against alpha*_hyp; --pin-commit records TEXT as the git commit (for byte-for-byte tests)\n"
    "  random-init  FILE with a Gaussian init: for each seed A..B, M of the draw and Theorem 4's hypotheses,\n"
    "          and a Clopper-Pearson 95% interval for the fraction of draws where all hold\n"
    "\n"
    "  --t T              time, an exact decimal such as 13.5\n"
    "  --tau X            time t = X ln(1/alpha), X an exact decimal\n"
    "  --interval K:LO:HI check ||W(t) - Y^_k||_2 <= eps for every t in [LO, HI] (k = K; HI may be inf),\n"
    "                     LO, HI exact decimals; needs a rigorous scalar\n"
    "  --scalar TYPE      mpfi (default, rigorous), interval (Boost interval<double>, rigorous),\n"
    "                     mpfr, double, long-double (approximations, nothing certified)\n"
    "  --precision BITS   working precision of mpfi/mpfr (default 128)\n"
    "  --max-precision B  undecided verdicts are retried at doubled precision up to B bits (default 4096)\n"
    "  --json             machine-readable output\n";

struct usage_error : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

struct options {
  std::string command, file, scalar = "mpfi", format = "csv";
  std::optional<mpq_class> alpha_from, alpha_to;
  unsigned points = 0;
  std::string command_line;
  bool json = false;
  unsigned precision = 128, max_precision = 4096;
  std::vector<time_point> times;
  std::vector<time_range> intervals;
  std::string out;
  std::optional<std::string> alphas, eps;
};

unsigned parse_bits(const std::string& flag, const std::string& value) {
  if (value.empty() || value.size() > 7 || value.find_first_not_of("0123456789") != std::string::npos)
    throw usage_error(flag + ": expected a whole number of bits, got \"" + value + "\"");
  unsigned long b = std::stoul(value);
  if (b < 24 || b > 1000000) throw usage_error(flag + ": must be between 24 and 1000000 bits, got " + value);
  return static_cast<unsigned>(b);
}

time_point parse_time(const std::string& flag, const std::string& value) {
  time_point ts;
  ts.text = value;
  try {
    mpq_class q = parse_exact(value);
    if (q < 0) throw usage_error(flag + ": must be non-negative, got " + value);
    if (flag == "--t") ts.t = q;
    else ts.tau = q;
  } catch (const number_format_error& e) {
    throw usage_error(flag + ": " + e.what());
  }
  return ts;
}

// K:LO:HI, K a whole number >= 1, LO and HI exact decimals with 0 <= LO <= HI, HI may be "inf".
time_range parse_interval(const std::string& value) {
  const std::string flag = "--interval";
  const std::size_t c1 = value.find(':'), c2 = c1 == std::string::npos ? c1 : value.find(':', c1 + 1);
  if (c2 == std::string::npos || value.find(':', c2 + 1) != std::string::npos)
    throw usage_error(flag + ": expected K:LO:HI (e.g. 1:13.5:15 or 3:40:inf), got \"" + value + "\"");
  time_range s;
  const std::string k = value.substr(0, c1);
  s.lo_text = value.substr(c1 + 1, c2 - c1 - 1);
  s.hi_text = value.substr(c2 + 1);
  if (k.empty() || k.size() > 6 || k.find_first_not_of("0123456789") != std::string::npos || std::stoul(k) < 1)
    throw usage_error(flag + ": K must be a whole number >= 1, got \"" + k + "\" in \"" + value + "\"");
  s.k = std::stoul(k);
  try {
    s.lo = parse_exact(s.lo_text);
    if (s.hi_text != "inf") s.hi = parse_exact(s.hi_text);
  } catch (const number_format_error& e) {
    throw usage_error(flag + ": " + e.what() + " in \"" + value + "\"");
  }
  if (s.lo < 0) throw usage_error(flag + ": LO must be >= 0 (the flow starts at t = 0), got \"" + value + "\"");
  if (s.hi && *s.hi < s.lo) throw usage_error(flag + ": HI is below LO in \"" + value + "\"");
  return s;
}

options parse_options(int argc, char** argv) {
  options o;
  if (argc < 2) throw usage_error("missing command (check or eval)");
  o.command = argv[1];
  if (o.command != "check" && o.command != "eval" && o.command != "sweep" && o.command != "plot" &&
      o.command != "plot-sweep")
    throw usage_error("unknown command \"" + o.command + "\" (expected check, eval, sweep, plot, plot-sweep, table or random-init)");
  const bool plotting = o.command == "plot" || o.command == "plot-sweep";
  o.command_line = "incert";
  for (int i = 1; i < argc; ++i) o.command_line += std::string(" ") + argv[i];
  bool max_given = false;
  for (int i = 2; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) throw usage_error(a + ": missing value");
      return argv[++i];
    };
    if (plotting && a == "--out") o.out = value();
    else if (o.command == "plot" && a == "--alphas") o.alphas = value();
    else if (o.command == "plot" && a == "--eps") o.eps = value();
    else if (plotting && a.size() > 1 && a[0] == '-') throw usage_error("unknown option " + a + " for " + o.command);
    else if (a == "--json") o.json = true;
    else if (a == "--precision") o.precision = parse_bits(a, value());
    else if (a == "--max-precision") { o.max_precision = parse_bits(a, value()); max_given = true; }
    else if (a == "--scalar") o.scalar = value();
    else if (a == "--t" || a == "--tau") o.times.push_back(parse_time(a, value()));
    else if (a == "--interval" && o.command == "check") o.intervals.push_back(parse_interval(value()));
    else if (a == "--alpha-from" || a == "--alpha-to") {
      std::string v = value();
      mpq_class q;
      try {
        q = parse_exact(v);
      } catch (const number_format_error& e) {
        throw usage_error(a + ": " + e.what());
      }
      if (q <= 0) throw usage_error(a + ": must be positive, got " + v);
      (a == "--alpha-from" ? o.alpha_from : o.alpha_to) = q;
    } else if (a == "--points") {
      std::string v = value();
      if (v.empty() || v.size() > 6 || v.find_first_not_of("0123456789") != std::string::npos || std::stoul(v) < 2)
        throw usage_error("--points: expected a whole number >= 2, got \"" + v + "\"");
      o.points = static_cast<unsigned>(std::stoul(v));
    } else if (a == "--format") {
      o.format = value();
      if (o.format != "csv" && o.format != "json") throw usage_error("--format: expected csv or json, got \"" + o.format + "\"");
    }
    else if (!a.empty() && a[0] == '-') throw usage_error("unknown option " + a);
    else if (o.file.empty()) o.file = a;
    else throw usage_error("unexpected argument \"" + a + "\"");
  }
  if (o.file.empty()) throw usage_error(o.command == "plot-sweep" ? "missing TABLE.csv" : "missing instance FILE");
  if (plotting && o.out.empty()) throw usage_error(o.command + " needs --out PATH.svg|PATH.png");
  if (o.command == "eval" && o.times.size() != 1) throw usage_error("eval needs exactly one --t T or --tau X");
  if (o.command == "sweep" && (!o.alpha_from || !o.alpha_to || o.points == 0))
    throw usage_error("sweep needs --alpha-from A --alpha-to B --points N");
  if (!max_given && o.max_precision < o.precision) o.max_precision = o.precision;
  if (o.max_precision < o.precision) throw usage_error("--max-precision is below --precision");
  return o;
}

scalar_kind select_scalar(const std::string& name) {
  if (auto k = scalar_kind_from_name(name)) return *k;
  throw usage_error("--scalar: unknown type \"" + name + "\" (mpfi, interval, mpfr, double, long-double)");
}

int run_plot_command(const options& o) {
  if (o.command == "plot-sweep") {
    run_plot_sweep(o.file, o.out);
  } else {
    plot_options po;
    po.file = o.file;
    po.out = o.out;
    if (o.alphas) po.alphas = parse_alpha_list(*o.alphas);
    if (o.eps) {
      try {
        po.eps = parse_exact(*o.eps);
      } catch (const number_format_error& e) {
        throw usage_error(std::string("--eps: ") + e.what());
      }
      if (*po.eps <= 0) throw usage_error("--eps: must be positive, got " + *o.eps);
    }
    run_plot(po);
  }
  std::cout << "wrote " << o.out << "\n";
  return exit_ok;
}

int run(const options& o) {
  if (o.command == "plot" || o.command == "plot-sweep") return run_plot_command(o);
  const scalar_kind scalar = select_scalar(o.scalar);
  if (!o.intervals.empty() && !scalar_info_of(scalar).rigorous)
    throw usage_error("--interval needs a rigorous scalar (mpfi or interval), not " + o.scalar);
  instance in = load_instance_file(o.file);
  const bool alpha_above_one = in.alpha.value ? *in.alpha.value > 1 : *in.alpha.log10 > 0;
  for (const auto& ts : o.times)
    if (ts.tau && *ts.tau > 0 && alpha_above_one && o.command != "sweep")
      throw usage_error("--tau: t = tau ln(1/alpha) would be negative since alpha > 1; the flow is only defined for t >= 0");
  std::ostringstream out;
  const precision_options bits{o.precision, o.max_precision};
  if (o.command == "sweep") {
    sweep_options so;
    so.alpha_from = *o.alpha_from;
    so.alpha_to = *o.alpha_to;
    so.points = o.points;
    so.format = o.format;
    so.check.scalar = scalar;
    so.check.bits = bits;
    so.command_line = o.command_line;
    run_sweep(in, so, out);
  } else if (o.command == "check") {
    check_options co;
    co.scalar = scalar;
    co.bits = bits;
    co.times = o.times;
    co.ranges = o.intervals;
    const check_result rep = check(in, co);
    if (o.json) write_json(out, to_json(rep));
    else write_text(out, rep);
  } else {
    eval_options eo;
    eo.scalar = scalar;
    eo.bits = bits;
    eo.time = o.times.front();
    const eval_result rep = eval(in, eo);
    if (o.json) write_json(out, to_json(rep));
    else write_text(out, rep);
  }
  std::cout << out.str();
  return exit_ok;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc >= 2 && (std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0)) {
    std::cout << usage_text;
    return exit_ok;
  }
  if (argc >= 2 && std::strcmp(argv[1], "--version") == 0) {
    std::cout << "incert " << INCERT_VERSION << " (" << INCERT_GIT_COMMIT << ")\n";
    return exit_ok;
  }
  try {
    if (argc >= 2 && std::strcmp(argv[1], "table") == 0) {
      incert::cli::run_table_command(argc, argv);
      return exit_ok;
    }
    if (argc >= 2 && std::strcmp(argv[1], "random-init") == 0) {
      incert::cli::run_random_init_command(argc, argv);
      return exit_ok;
    }
    return run(parse_options(argc, argv));
  } catch (const usage_error& e) {
    std::cerr << "incert: usage: " << e.what() << "\n";
    return exit_usage;
  } catch (const incert::cli::table_usage_error& e) {
    std::cerr << "incert: usage: " << e.what() << "\n";
    return exit_usage;
  } catch (const incert::cli::random_init_usage_error& e) {
    std::cerr << "incert: usage: " << e.what() << "\n";
    return exit_usage;
  } catch (const incert::input_error& e) {
    std::cerr << "incert: bad input: " << e.what() << "\n";
    return exit_usage;
  } catch (const std::exception& e) {
    std::cerr << "incert: internal error: " << e.what() << "\n";
    return exit_internal;
  }
}
