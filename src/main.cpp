// src/main.cpp: the incert command-line program.
//
// The command line is parsed and checked by src/cli_app.hpp (one CLI11 app, a subcommand per
// command: `incert --help`, `incert COMMAND --help`); this file runs the command.
//
//   incert check FILE [--json] [--precision BITS] [--max-precision BITS] [--scalar TYPE] [--t T]... [--tau X]...
//                     [--interval K:LO:HI]...
//   incert eval  FILE (--t T | --tau X) [--json] [--precision BITS] [--max-precision BITS] [--scalar TYPE]
//   incert sweep FILE --alpha-from A --alpha-to B --points N [--format csv|json] [--precision BITS] ...
//   incert plot FILE --out PATH.svg|PATH.png|PATH.pdf [--alphas A,B,C] [--eps E] [--log-y]
//   incert plot-sweep TABLE.csv --out PATH.svg|PATH.png|PATH.pdf
//   incert trace FILE --from T0 --to T1 --points N [--format csv|json] [--plot PATH] [--log-y]
//   incert threshold FILE [--k K] [--eps E] [--rel-width R] [--alpha-min A] [--precision BITS] [--json]   (src/threshold.hpp)
//   incert table GRID.json [--format csv|json|md|tex] [--digits D] [--out PATH] [--pin-commit TEXT]   (src/table.hpp)
//   incert random-init FILE --seeds A..B [--json] [--precision BITS] [--max-precision BITS]   (src/random_init.hpp)
//
// Exit codes: 0 success, 2 bad input or usage (one line naming the field and the problem),
// 1 internal error. Nothing is printed on stdout unless the whole command succeeded.
#include "cli_app.hpp"
#include "plot.hpp"
#include "random_init.hpp"
#include "report.hpp"
#include "sweep.hpp"
#include "table.hpp"
#include "threshold.hpp"
#include "trace.hpp"

#include "incert/api/check.hpp"
#include "incert/instance/load_instance.hpp"

#include <gmp.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <new>
#include <sstream>

namespace {

using namespace incert;
using namespace incert::cli;

constexpr int exit_ok = 0, exit_internal = 1, exit_usage = 2;

int run_command(const command_line& o);

// --time-limit: one deadline for the whole command; grid worker processes inherit it. check and
// eval say in their output when it cut refinement short (the result's reason); the grid commands
// (sweep, table, random-init, trace) say it on stderr.
int run(const command_line& o) {
  const deadline_scope limit(o.time_limit);
  const int rc = run_command(o);
  if (o.time_limit && deadline_passed() && o.which != command::check && o.which != command::eval)
    std::cerr << "incert: " << time_limit_reason() << "; verdicts not decided by then are reported undecided\n";
  return rc;
}

int run_command(const command_line& o) {
  switch (o.which) {
    case command::table:
      run_table_command(o.table);
      return exit_ok;
    case command::random_init:
      run_random_init_command(o.random_init);
      return exit_ok;
    case command::plot:
      run_plot(o.plot);
      std::cout << "wrote " << o.plot.out << "\n";
      return exit_ok;
    case command::trace: {
      std::ostringstream out;
      run_trace_command(o.trace, out);
      std::cout << out.str();
      return exit_ok;
    }
    case command::threshold: {
      std::ostringstream out;
      run_threshold_command(o.threshold, out);
      std::cout << out.str();
      return exit_ok;
    }
    case command::plot_sweep:
      run_plot_sweep(o.plot_sweep_table, o.plot_sweep_out);
      std::cout << "wrote " << o.plot_sweep_out << "\n";
      return exit_ok;
    default:
      break;
  }
  instance in = load_instance_file(o.file);
  const bool alpha_above_one = in.alpha.value ? *in.alpha.value > 1 : *in.alpha.log10 > 0;
  for (const auto& ts : o.check.times)
    if (ts.tau && *ts.tau > 0 && alpha_above_one)
      throw usage_error("--tau: t = tau ln(1/alpha) would be negative since alpha > 1; the flow is only defined for t >= 0");
  std::ostringstream out;
  if (o.which == command::sweep) {
    run_sweep(in, o.sweep, out);
  } else if (o.which == command::check) {
    const check_result rep = check(in, o.check);
    if (o.json) write_json(out, to_json(rep));
    else write_text(out, rep);
  } else {
    eval_options eo;
    eo.scalar = o.check.scalar;
    eo.bits = o.check.bits;
    eo.time = o.check.times.front();
    const eval_result rep = eval(in, eo);
    if (o.json) write_json(out, to_json(rep));
    else write_text(out, rep);
  }
  std::cout << out.str();
  return exit_ok;
}

}  // namespace

namespace {

// Out of memory inside GMP/MPFR/MPFI (which allocate through GMP's functions and cannot unwind
// a C++ exception): one line and exit 1, never SIGABRT.
[[noreturn]] void out_of_memory() {
  static const char message[] = "incert: out of memory\n";
  [[maybe_unused]] const ssize_t written = ::write(2, message, sizeof message - 1);
  std::_Exit(exit_internal);
}
void* gmp_alloc(std::size_t n) {
  void* p = std::malloc(n);
  if (!p && n) out_of_memory();
  return p;
}
void* gmp_realloc(void* old, std::size_t, std::size_t n) {
  void* p = std::realloc(old, n);
  if (!p && n) out_of_memory();
  return p;
}
void gmp_free(void* p, std::size_t) { std::free(p); }

}  // namespace

int main(int argc, char** argv) {
  mp_set_memory_functions(gmp_alloc, gmp_realloc, gmp_free);
  try {
    const command_line o = parse_command_line(argc, argv);
    if (o.which == command::none) {  // help, version, or no command: the list of commands
      std::cout << o.text;
      return exit_ok;
    }
    return run(o);
  } catch (const usage_error& e) {
    std::cerr << "incert: usage: " << incert::input_error::printable(e.what()) << "\n";
    return exit_usage;
  } catch (const incert::input_error& e) {
    std::cerr << "incert: bad input: " << e.what() << "\n";
    return exit_usage;
  } catch (const std::bad_alloc&) {
    out_of_memory();
  } catch (const std::exception& e) {
    std::cerr << "incert: internal error: " << e.what() << "\n";
    return exit_internal;
  }
}
