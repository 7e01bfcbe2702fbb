// src/grid_engine.hpp
//
// The one grid engine behind `incert table` and `incert sweep`. A computation is a list of cells
// in a fixed order; each cell is computed independently (through the library, incert::check) into
// a RECORD, one line of text (compact JSON) holding everything the output needs from that cell;
// the output is then assembled from the records in cell order. Records are the same whichever
// process computed them and in whatever order, so the output bytes never depend on scheduling:
//
//   one process        --jobs 1: the cells one after the other in this process
//   worker processes   --jobs N (default: std::thread::hardware_concurrency()): N forked workers,
//                      each given the next unfinished cell when it returns one (dynamic: cells
//                      differ in cost by orders of magnitude); records come back over pipes
//   MPI                started by mpirun/srun with more than one rank (a build with -DINCERT_MPI=ON):
//                      rank 0 hands out cell indices on request and receives each record; ranks
//                      1..N-1 compute (one cell at a time each: start one rank per core, plus one)
//
// Why processes and not threads: the library sets the MPFR/MPFI working precision through
// Boost.Multiprecision's default_precision(), which in Boost 1.74 is a plain function-local
// static (boost/multiprecision/mpfr.hpp and mpfi.hpp: get_default_precision()), shared by every
// thread of a process, so a check at 1024 bits on one thread changes the precision of numbers
// created by a check at 128 bits on another; and MPFR (built thread-safe, mpfr_buildopt_tls_p()
// = 1) keeps its exponent range per thread, which the library widens only once per process. Two
// threads running incert::check at once therefore give results that depend on timing. Worker
// processes each have their own precision and exponent range: the same records as one process.
//
// --resume (grid_journal.hpp): each record is also appended to OUT.journal as it arrives;
// cells found there are not computed again.
#pragma once

#include "grid_journal.hpp"
#include "json_output.hpp"

#include <cstddef>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace incert::cli {

struct grid_cells {
  std::size_t count = 0;
  // The record of cell i: one line (no '\n'). May throw input_error (exit 2) or other exceptions (exit 1).
  std::function<std::string(std::size_t)> compute;
  // What cell i is, for the progress bar ("thm4_general_3x3 eps=0.1 alpha=1e-7").
  std::function<std::string(std::size_t)> label;
};

struct grid_schedule {
  unsigned jobs = 0;                    // worker processes; 0: std::thread::hardware_concurrency()
  std::optional<std::string> journal;   // --resume: the journal's path
  std::string fingerprint;              // one line of JSON: everything the records depend on (the
                                        // journal's header; MPI ranks compare theirs with rank 0's)
};

struct grid_outcome {
  // False on an MPI rank other than 0: it computed cells for rank 0 and must write nothing.
  bool writes_output = true;
  std::vector<std::string> records;  // every cell's, in cell order (when writes_output)
  std::unique_ptr<grid_journal> journal;
  std::size_t computed = 0;          // cells computed by this run (the rest came from the journal)
  std::size_t workers = 0;           // processes that computed them

  // Call once the output is written: removes the journal.
  void finish();
};

grid_outcome run_grid(const grid_cells& cells, const grid_schedule& schedule);

// The schedule of a command's grid of `cells`: the fingerprint is {"what": what, "incert_version",
// "build", then the members of `inputs` (everything else the records depend on), "cells"}; the
// journal is used when `journal` is given (--resume).
grid_schedule grid_schedule_for(const std::string& what, const json_doc& inputs, std::size_t cells, unsigned jobs,
                                const std::optional<std::string>& journal);

// The number of worker processes --jobs 0 means.
unsigned default_jobs();

// A cell's failure as one line of JSON, for the trip from a worker (process or MPI rank) to the
// coordinator: {"exit": 2, "field": ..., "problem": ...} for an input_error (exit 2 in the CLI),
// {"exit": 1, "what": ...} otherwise; decode_cell_error gives back the same exception (`where`
// names the sender when the line cannot be read).
std::string encode_cell_error(const std::exception_ptr& e);
std::exception_ptr decode_cell_error(const std::string& line, const std::string& where);

}  // namespace incert::cli
