// src/table_grid.hpp
//
// The grid file of `incert table GRID.json`:
//   {"instances": ["../default.json", ...],        paths relative to the grid file
//    "alphas": ["1e-10", "1e-30", ...]              exact decimals, or a log-grid
//            | {"log10_from": "-10", "log10_to": "-50", "points": 5},   10^l, l evenly spaced, ends included
//    "eps": ["0.1", "0.01"],                         exact decimals
//    "scalar": "mpfi", "precision": 128, "max_precision": 4096, "digits": 5,   optional (these defaults)
//    "name": "...", "description": "..."}           optional
// Each instance file's own alpha and epsilon are replaced by the grid's. Every problem is an
// input_error naming the grid file and the field ("grid.json: alphas[2]: must be positive").
#pragma once

#include "incert/instance/instance.hpp"

#include <gmpxx.h>

#include <string>
#include <vector>

namespace incert::cli {

struct grid_alpha {
  alpha_spec spec;    // what the check uses
  std::string label;  // as printed: the grid's text ("1e-30"), or for a log-grid 1e-30 / 10^l to nearest ("2.15443e-24")
  mpq_class order;    // the value (list) or its log10 (log-grid): larger means larger alpha
};

struct grid_eps {
  mpq_class value;
  std::string label;
};

struct table_grid {
  std::string path;                       // the grid file as given
  std::vector<std::string> instance_paths;  // resolved against the grid's folder, lexically normal
  std::vector<std::string> instance_labels;  // file stems (the paths when two stems coincide)
  std::vector<grid_alpha> alphas;
  bool log_grid = false;
  std::vector<grid_eps> eps;
  std::string scalar = "mpfi";
  unsigned precision = 128, max_precision = 4096;
  int digits = 5;
};

table_grid read_grid(const std::string& path);

}  // namespace incert::cli
