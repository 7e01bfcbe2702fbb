// src/grid_journal.hpp
//
// The journal of `incert table|sweep --resume`: OUT.journal beside the output, one line per
// finished cell, so that a run killed at any point (SIGTERM, SIGKILL, a lost node) and started
// again with --resume computes only the cells it has not finished. Format (text, one line each):
//
//   incert-journal 1 {"what": ..., "incert_version", "build", "grid"/"instance", ..._sha256, "inputs": [...],
//                     "options": {...}, "cells": N}          the header: what the cells depend on
//   INDEX CHECK RECORD                                         a finished cell: its index, the first
//                                                              16 hex digits of SHA-256(RECORD), and
//                                                              its serialized result (one line of JSON)
//
// Each line is written with one write() and fsync'd before the next cell is recorded. On resume a
// line that is torn (no newline: the run died while writing it) or whose check does not match is
// ignored, and a torn tail is cut off before appending. A journal whose header differs from this
// run's (another grid, other input bytes, other options, another build) is refused: input_error,
// one line naming what differs, exit 2. The journal is locked (flock) while a run uses it: a second
// run on the same output is refused rather than interleaved. It is removed once the output is written.
#pragma once

#include <cstddef>
#include <map>
#include <string>

namespace incert::cli {

class grid_journal {
 public:
  // Opens or creates the journal. header: one line of JSON (an object).
  grid_journal(std::string path, const std::string& header, std::size_t cells);
  ~grid_journal();
  grid_journal(const grid_journal&) = delete;
  grid_journal& operator=(const grid_journal&) = delete;

  const std::string& path() const { return path_; }
  // The cells read back from an earlier run.
  const std::map<std::size_t, std::string>& finished() const { return finished_; }
  std::size_t ignored_lines() const { return ignored_; }
  // Appends one finished cell (write + fdatasync). A failure is an input_error naming the journal.
  void append(std::size_t index, const std::string& record);
  // The output is complete: delete the journal.
  void remove();
  int fd() const { return fd_; }

  static std::string check_of(const std::string& record);

 private:
  std::string path_;
  int fd_ = -1;
  std::map<std::size_t, std::string> finished_;
  std::size_t ignored_ = 0;
};

}  // namespace incert::cli
