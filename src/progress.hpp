// src/progress.hpp
//
// The progress bar of `incert table` and `incert sweep` (every mode: one process, --jobs N
// worker processes, MPI rank 0): cells done of the total, the rate of this run, the estimated time
// left, on stderr, only when stderr is a terminal (nothing at all otherwise), redrawn at most ten
// times a second and erased when done:
//   [############..................] 812/2000 cells  14.2 cells/s  ETA 1m24s  (3 workers)
#pragma once

#include <chrono>
#include <cstddef>
#include <string>

namespace incert::cli {

class progress_bar {
 public:
  // total: the cells of the grid; already: those finished before this run (--resume).
  progress_bar(std::size_t total, std::size_t already, std::string what = "cells");
  ~progress_bar();
  progress_bar(const progress_bar&) = delete;
  progress_bar& operator=(const progress_bar&) = delete;

  void set_workers(std::size_t n) { workers_ = n; }
  // One more cell finished (label: what it was, shown at the end of the line when room).
  void cell_done(const std::string& label = "");
  void clear();
  bool active() const { return on_; }

  // "1m24s", "3h02m", "45s", "0.4s".
  static std::string duration_text(double seconds);

 private:
  void draw(bool force);

  bool on_;
  std::size_t total_, already_, done_, workers_ = 0;
  std::string what_, label_;
  std::chrono::steady_clock::time_point start_, last_draw_;
  bool drawn_ = false;
};

}  // namespace incert::cli
