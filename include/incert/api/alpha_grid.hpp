// incert/api/alpha_grid.hpp
//
// The alpha axis of sweeps and tables: grid points in log10(alpha), and the comparison of a grid
// alpha with alpha*_hyp. Used by every client (the CLI's sweep and table, the Python package).
#pragma once

#include "incert/api/results.hpp"
#include "incert/instance/instance.hpp"

#include <gmpxx.h>

#include <string>
#include <vector>

namespace incert {

// log10(a) of an exact positive rational: exact when a is a power of ten, else rounded to 40
// significant digits (160-bit MPFR, nearest); the grid then uses exactly alpha = 10^(that rational).
mpq_class log10_grid_point(const mpq_class& a);

// 10^l rounded to nearest to `digits` (2..40) significant digits in scientific notation,
// trailing zeros dropped ("1.2328e-93", "1e-7"): a decimal label for the grid alpha 10^l (the
// exact alpha is 10^l; the label is for readers and parsers). The mantissa 10^(l - floor(l)) is
// computed at 256 bits, so any exponent works (l = -10^9 included).
std::string power_of_ten_text(const mpq_class& l, int digits);

// Labels of log-grid points l_j: "1eN" for a whole N, else power_of_ten_text with the fewest
// digits from 6 to 17 that keeps the labels of distinct points distinct.
std::vector<std::string> log_grid_labels(const std::vector<mpq_class>& ls);

struct alpha_ratio {
  enclosure log10_ratio;  // log10(alpha / alpha*_hyp)
  enclosure ratio;        // alpha / alpha*_hyp
};

// alpha / alpha*_hyp for a grid alpha and an enclosure of log10(alpha*_hyp), both enclosed at
// 256 bits (alpha given exactly or by its log10).
alpha_ratio ratio_to_alpha_star(const alpha_spec& alpha, const enclosure& log10_alpha_star);

}  // namespace incert
