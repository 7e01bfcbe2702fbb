// src/table.hpp
//
// incert table GRID.json [--format csv|json|md|tex[,...]] [--digits D] [--out PATH]... [--pin-commit TEXT]
//                        [--jobs N] [--resume] [--columns C1,C2,...] [--summary-only] [--landscape]
//
// Runs the theorem check (with precision escalation) at every (instance, eps, alpha) of a grid
// (table_grid.hpp) and writes one row per (instance, eps, alpha, k) plus a summary per
// (instance, eps) with alpha_true against alpha*_hyp (table_write.hpp renders them). Output
// depends only on the inputs, the build and the options: no time stamps, no timings, nothing of
// the scheduling. Each (instance, eps, alpha) is one cell of the grid engine (grid_engine.hpp:
// worker processes, MPI ranks, the --resume journal); its record holds its formatted rows and
// what the summary needs, and the summary is computed from the assembled records.
#pragma once

#include "grid_output.hpp"

#include <optional>
#include <string>
#include <vector>

namespace incert::cli {

// The arguments of `incert table`, already checked (src/cli_app.hpp parses the command line).
struct table_options {
  std::string grid;
  output_plan outputs{{{"csv", ""}}, ""};  // formats and files (grid_output.hpp); default: CSV on stdout
  std::optional<int> digits;              // 2..100; otherwise the grid's
  std::optional<std::string> pin_commit;  // recorded as the git commit (byte-for-byte tests)
  std::string command_line;               // "incert table ..." as typed, without --jobs/--resume, for the metadata
  unsigned jobs = 0;                      // worker processes; 0: all cores
  bool resume = false;                    // keep/continue outputs.journal
  std::vector<std::string> columns;       // --columns: the rows section's columns in md/tex (empty: all)
  bool summary_only = false;              // --summary-only: md/tex hold only the summary
  bool landscape = false;                 // --landscape: LaTeX tables on landscape pages
};

// Writes the table to its files or to stdout, only once all of it is computed. Throws input_error
// (bad grid or instance, naming the field; an unwritable --out; a journal of another grid).
void run_table_command(const table_options& o);

}  // namespace incert::cli
