// src/cli_app.hpp: the command line of incert, one CLI11 app with a subcommand per command.
//
//   incert                     the list of commands (as incert --help), exit 0
//   incert --help | -h         the same
//   incert --version
//   incert COMMAND --help | -h that command's usage, arguments and options, exit 0
//   incert COMMAND ARGS...     check, eval, sweep, table, random-init, plot, plot-sweep, trace, threshold
//
// Every flag is defined once (name, value, description, how its value is checked) and added to
// each command it applies to; a flag given to a command it does not apply to, an unknown option,
// a missing or malformed value and a stray argument are all one usage_error (one line, exit 2).
// Values are checked exactly: numbers through parse_exact, never through a double.
#pragma once

#include "plot.hpp"
#include "random_init.hpp"
#include "threshold.hpp"
#include "trace.hpp"
#include "sweep.hpp"
#include "table.hpp"

#include "incert/api/check.hpp"

#include <optional>
#include <stdexcept>
#include <string>

namespace incert::cli {

// Bad usage: printed as "incert: usage: WHAT" (one line), exit code 2.
struct usage_error : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

enum class command { none, check, eval, sweep, table, random_init, plot, plot_sweep, trace, threshold };

// A parsed and checked command line. command::none: print `text` on stdout and exit 0 (help,
// version, or no command at all). Otherwise the fields of that command are set.
struct command_line {
  command which = command::none;
  std::string text;
  std::string name;  // the command's name as typed ("check", "random-init", ...)
  std::string file;  // check, eval, sweep: the instance FILE
  bool json = false;                     // check, eval
  std::string scalar_name = "mpfi";      // check, eval, sweep: --scalar as given
  check_options check;                   // check (scalar, bits, times, ranges); eval, sweep: scalar, bits
  sweep_options sweep;                   // sweep
  plot_options plot;                     // plot
  std::string plot_sweep_table, plot_sweep_out;  // plot-sweep
  table_options table;                   // table
  random_init_options random_init;       // random-init
  trace_command_options trace;           // trace
  std::optional<double> time_limit;      // --time-limit (check, eval, sweep, table, random-init, trace)
  threshold_command_options threshold;   // threshold
};

// Throws usage_error for any bad usage. Does not read FILE (only the command does).
command_line parse_command_line(int argc, char** argv);

}  // namespace incert::cli
