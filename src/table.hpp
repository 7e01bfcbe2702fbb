// src/table.hpp
//
// incert table GRID.json [--format csv|json|md|tex] [--digits D] [--out PATH] [--pin-commit TEXT]
//
// Runs the theorem check (with precision escalation) at every (instance, eps, alpha) of a grid
// (table_grid.hpp) and writes one row per (instance, eps, alpha, k) plus a summary per
// (instance, eps) with alpha_true against alpha*_hyp (table_write.hpp renders them). Output
// depends only on the inputs, the build and the options: no time stamps, no timings.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace incert::cli {

// A usage error of `incert table` (exit code 2, like the other commands' usage errors).
struct table_usage_error : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

// argv[1] is "table". Writes the table to --out PATH or to stdout, only once all of it is
// computed. Throws table_usage_error, input_error (bad grid or instance, naming the field).
void run_table_command(int argc, char** argv);

}  // namespace incert::cli
