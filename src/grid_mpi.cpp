// src/grid_mpi.cpp: the MPI transport of the grid engine (grid_mpi.hpp). Without INCERT_MPI it
// only refuses a run started by an MPI launcher with several ranks (each would compute the whole
// grid and write the same output).
#include "grid_mpi.hpp"

#include "incert/io/input_error.hpp"

#include <cstdlib>
#include <string>

#ifdef INCERT_MPI
#define OMPI_SKIP_MPICXX 1
#define MPICH_SKIP_MPICXX 1
#include <mpi.h>

#include "grid_engine.hpp"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <stdexcept>
#include <thread>
#endif

namespace incert::cli {

long launcher_world_size() {
  // Open MPI; MPICH, Intel MPI and Slurm's PMI-2; MVAPICH; Slurm's PMIx (no size variable of its own).
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "MV2_COMM_WORLD_SIZE"})
    if (const char* v = std::getenv(name)) return std::max(1L, std::atol(v));
  if (std::getenv("PMIX_RANK"))
    if (const char* v = std::getenv("SLURM_STEP_NUM_TASKS")) return std::max(1L, std::atol(v));
  return 1;
}

#ifndef INCERT_MPI

mpi_role mpi_run_grid(const std::function<std::string(std::size_t)>&, const std::string&, const mpi_coordinator_hooks&) {
  const long n = launcher_world_size();
  if (n > 1)
    throw input_error("mpirun", "this incert was built without MPI (configure with -DINCERT_MPI=ON), so its " + std::to_string(n) +
                                    " processes would each compute the whole grid; run it without mpirun (--jobs N uses the cores of one machine)");
  return mpi_role::none;
}

#else

namespace {

constexpr int tag_report = 1;  // worker -> 0: "READY", "R <record>", "E <error json>", "F <message>"
constexpr int tag_assign = 2;  // 0 -> worker: long long cell index, -1: stop

bool launched_by_mpi() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMI_RANK", "PMIX_RANK", "MV2_COMM_WORLD_SIZE"})
    if (std::getenv(name)) return true;
  return false;
}

std::string host_name() {
  char buf[256] = {0};
  if (::gethostname(buf, sizeof buf - 1) != 0) return "?";
  return buf;
}

void send_text(const std::string& s, int to, int tag) {
  MPI_Send(s.data(), static_cast<int>(s.size()), MPI_CHAR, to, tag, MPI_COMM_WORLD);
}

// Waits for the next report from any worker without spinning a core (rank 0 shares the machine
// with workers): MPI_Iprobe with a short sleep that grows to 2 ms while nothing arrives.
std::string receive_report(int& from) {
  MPI_Status st;
  int flag = 0;
  auto pause = std::chrono::microseconds(50);
  for (;;) {
    MPI_Iprobe(MPI_ANY_SOURCE, tag_report, MPI_COMM_WORLD, &flag, &st);
    if (flag) break;
    std::this_thread::sleep_for(pause);
    pause = std::min(pause * 2, std::chrono::microseconds(2000));
  }
  int count = 0;
  MPI_Get_count(&st, MPI_CHAR, &count);
  std::string s(static_cast<std::size_t>(count), '\0');
  from = st.MPI_SOURCE;
  MPI_Recv(s.data(), count, MPI_CHAR, from, tag_report, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  return s;
}

void worker_loop(const std::function<std::string(std::size_t)>& compute, const std::string& fingerprint, const std::string& root_fingerprint) {
  std::string report = fingerprint == root_fingerprint
                           ? std::string("READY")
                           : "F the grid, its input files or the options differ on rank " + std::to_string([] {
                               int r = 0;
                               MPI_Comm_rank(MPI_COMM_WORLD, &r);
                               return r;
                             }()) + " (" + host_name() + ") from rank 0: every rank must read the same files";
  const bool same = report == "READY";
  for (;;) {
    send_text(report, 0, tag_report);
    long long cell = -1;
    MPI_Recv(&cell, 1, MPI_LONG_LONG, 0, tag_assign, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    if (cell < 0 || !same) return;
    try {
      report = "R " + std::to_string(cell) + " " + compute(static_cast<std::size_t>(cell));
    } catch (...) {
      report = "E " + std::to_string(cell) + " " + encode_cell_error(std::current_exception());
    }
  }
}

}  // namespace

mpi_role mpi_run_grid(const std::function<std::string(std::size_t)>& compute, const std::string& fingerprint,
                      const mpi_coordinator_hooks& hooks) {
  if (!launched_by_mpi()) return mpi_role::none;
  int initialized = 0;
  MPI_Initialized(&initialized);
  if (!initialized) MPI_Init(nullptr, nullptr);
  int rank = 0, size = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  if (size == 1) {  // a world of one: no one to share with; finalize now so that --jobs may fork
    MPI_Finalize();
    return mpi_role::none;
  }

  // 1. rank 0 prepares and tells everyone whether to go on, with its fingerprint.
  std::vector<std::size_t> todo;
  std::exception_ptr failure;
  if (rank == 0) {
    try {
      todo = hooks.prepare();
    } catch (...) {
      failure = std::current_exception();
    }
  }
  long long header[2] = {failure ? 1LL : 0LL, static_cast<long long>(fingerprint.size())};
  MPI_Bcast(header, 2, MPI_LONG_LONG, 0, MPI_COMM_WORLD);
  std::string root_fingerprint = rank == 0 ? fingerprint : std::string(static_cast<std::size_t>(header[1]), '\0');
  MPI_Bcast(root_fingerprint.data(), static_cast<int>(header[1]), MPI_CHAR, 0, MPI_COMM_WORLD);
  if (header[0] != 0) {
    MPI_Finalize();
    if (rank == 0) std::rethrow_exception(failure);
    return mpi_role::worker;
  }

  if (rank != 0) {
    worker_loop(compute, fingerprint, root_fingerprint);
    MPI_Finalize();
    return mpi_role::worker;
  }

  // 2. rank 0: hand out cells in order as workers ask; after a failure, stop everyone.
  try {
    hooks.start(static_cast<std::size_t>(size - 1));
  } catch (...) {
    failure = std::current_exception();
  }
  std::size_t next = 0;
  int stopped = 0;
  while (stopped < size - 1) {
    int from = 0;
    const std::string report = receive_report(from);
    if (!failure) {
      try {
        if (report.compare(0, 2, "R ") == 0) {
          const std::size_t sp = report.find(' ', 2);
          const std::size_t i = std::stoull(report.substr(2, sp - 2));
          hooks.record(i, report.substr(sp + 1));
        } else if (report.compare(0, 2, "E ") == 0) {
          const std::size_t sp = report.find(' ', 2);
          failure = decode_cell_error(report.substr(sp + 1), "rank " + std::to_string(from));
        } else if (report.compare(0, 2, "F ") == 0) {
          failure = std::make_exception_ptr(input_error("mpirun", report.substr(2)));
        }
      } catch (...) {
        failure = std::current_exception();
      }
    }
    long long cell = -1;
    if (!failure && next < todo.size()) cell = static_cast<long long>(todo[next++]);
    if (cell < 0) ++stopped;
    MPI_Send(&cell, 1, MPI_LONG_LONG, from, tag_assign, MPI_COMM_WORLD);
  }
  MPI_Finalize();
  if (failure) std::rethrow_exception(failure);
  return mpi_role::coordinator;
}

#endif

}  // namespace incert::cli
