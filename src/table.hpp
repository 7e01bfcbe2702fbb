// src/table.hpp
//
// incert table GRID.json [--format csv|json|md|tex] [--digits D] [--out PATH] [--pin-commit TEXT]
//
// Runs the theorem check (with precision escalation) at every (instance, eps, alpha) of a grid
// (table_grid.hpp) and writes one row per (instance, eps, alpha, k) plus a summary per
// (instance, eps) with alpha_true against alpha*_hyp (table_write.hpp renders them). Output
// depends only on the inputs, the build and the options: no time stamps, no timings.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace incert::cli {

// The arguments of `incert table`, already checked (src/cli_app.hpp parses the command line).
struct table_options {
  std::string grid, format = "csv", out;  // format: csv, json, md or tex; out empty: stdout
  std::optional<int> digits;              // 2..100; otherwise the grid's
  std::optional<std::string> pin_commit;  // recorded as the git commit (byte-for-byte tests)
  std::string command_line;               // "incert table ..." as typed, for the metadata header
};

// Writes the table to o.out or to stdout, only once all of it is computed. Throws input_error
// (bad grid or instance, naming the field; an unwritable --out).
void run_table_command(const table_options& o);

}  // namespace incert::cli
