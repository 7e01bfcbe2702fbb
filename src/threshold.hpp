// src/threshold.hpp: `incert threshold`, the certified threshold of incremental learning.
//
//   incert threshold FILE [--k K] [--eps E] [--rel-width R] [--alpha-min A] [--precision BITS] [--json]
//
// For each k a bracket alpha_true(k) in [alpha_lo, alpha_hi]: E_k(alpha) certified non-empty for
// every alpha in (0, alpha_lo] (or [alpha_min, alpha_lo], said so), E_k(alpha_hi) certified empty (api/threshold.hpp,
// proofs/threshold.md), beside alpha*_hyp. This file only formats: the mathematics is in
// lib/threshold.cpp.
#pragma once

#include "incert/api/threshold.hpp"

#include <ostream>
#include <string>

namespace incert::cli {

struct threshold_command_options {
  std::string file;
  threshold_options threshold;
  bool json = false;
};

void run_threshold_command(const threshold_command_options& o, std::ostream& os);

}  // namespace incert::cli
