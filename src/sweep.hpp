// src/sweep.hpp
//
// incert sweep: the theorem check over log-spaced alphas, one row per alpha. Each alpha is one
// cell of the grid engine (grid_engine.hpp: --jobs worker processes, MPI ranks, --resume), its
// record holding its row's cells and its check as JSON; the table is assembled in grid order.
#pragma once

#include "grid_output.hpp"

#include "incert/api/check.hpp"

#include <gmpxx.h>

#include <ostream>

namespace incert::cli {

struct sweep_options {
  mpq_class alpha_from, alpha_to;
  unsigned points = 0;
  output_plan outputs{{{"csv", ""}}, ""};  // csv and/or json, files or stdout (grid_output.hpp)
  check_options check;  // scalar and precisions (times, ranges unused)
  std::string command_line;  // recorded in the table's header (without --jobs/--resume)
  unsigned jobs = 0;         // worker processes; 0: all cores
  bool resume = false;       // keep/continue outputs.journal
};


// Writes the table to o.outputs' files (os untouched) or, without --out, to os.
void run_sweep(const instance& in, const sweep_options& o, std::ostream& os);

}  // namespace incert::cli
