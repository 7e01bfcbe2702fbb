// incert/api/alpha_grid.hpp
//
// The alpha axis of sweeps and tables: grid points in log10(alpha), and the comparison of a grid
// alpha with alpha*_hyp. Used by every client (the CLI's sweep and table, the Python package).
#pragma once

#include "incert/api/results.hpp"
#include "incert/instance/instance.hpp"

#include <gmpxx.h>

namespace incert {

// log10(a) of an exact positive rational: exact when a is a power of ten, else rounded to 40
// significant digits (160-bit MPFR, nearest); the grid then uses exactly alpha = 10^(that rational).
mpq_class log10_grid_point(const mpq_class& a);

struct alpha_ratio {
  enclosure log10_ratio;  // log10(alpha / alpha*_hyp)
  enclosure ratio;        // alpha / alpha*_hyp
};

// alpha / alpha*_hyp for a grid alpha and an enclosure of log10(alpha*_hyp), both enclosed at
// 256 bits (alpha given exactly or by its log10).
alpha_ratio ratio_to_alpha_star(const alpha_spec& alpha, const enclosure& log10_alpha_star);

}  // namespace incert
