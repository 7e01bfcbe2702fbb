// src/grid_mpi.hpp
//
// The MPI transport of the grid engine (grid_engine.hpp), compiled in with -DINCERT_MPI=ON.
//
// MPI is used only when the process was started by an MPI launcher (mpirun, mpiexec, srun: seen
// in its environment) with more than one rank; otherwise nothing MPI is touched (the MPI binary run
// without mpirun is an ordinary single process) and a world of one is finalized at once, so the
// run proceeds locally (with --jobs). Protocol, on MPI_COMM_WORLD:
//   1. rank 0 prepares (opens the journal: may refuse) and broadcasts its status and fingerprint;
//      a rank whose own fingerprint differs (other files on its node) reports it and stops;
//   2. each worker rank sends a message (ready, or the record of its last cell, or an error) and
//      receives the next cell index, or -1: stop; rank 0 hands out cells in order as asked;
//   3. every rank calls MPI_Finalize; rank 0 then writes the output.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace incert::cli {

enum class mpi_role { none, coordinator, worker };

struct mpi_coordinator_hooks {
  std::function<std::vector<std::size_t>()> prepare;       // the cells to compute (may throw)
  std::function<void(std::size_t workers)> start;          // before the first cell is handed out
  std::function<void(std::size_t, std::string&&)> record;  // one finished cell (may throw)
};

// The process's MPI world size as its launcher announced it in the environment (1 when none).
long launcher_world_size();

// none: not an MPI run (run locally). coordinator: rank 0, every cell recorded through hooks.
// worker: this rank computed cells for rank 0 and must write nothing.
mpi_role mpi_run_grid(const std::function<std::string(std::size_t)>& compute, const std::string& fingerprint,
                      const mpi_coordinator_hooks& hooks);

}  // namespace incert::cli
