// src/plot.hpp: `incert plot` and `incert plot-sweep`.
//
//   incert plot FILE --out PATH.svg|PATH.png [--alphas A,B,C] [--eps E]
//     Four panels: the diagonal of W~(t) (Y's eigenbasis) against t at the instance's alpha, then
//     against t/ln(1/alpha) at three decreasing alphas (default 1e-4,1e-30,1e-300), with the
//     targets sigma_i (dashed), their eps-bands and the certified non-empty I_k shaded. Curves
//     are MPFI enclosures at 128 bits (a band is drawn where an enclosure is visibly wide).
//   incert plot-sweep TABLE.csv --out PATH
//     From an `incert sweep` CSV: I_k start/end over ln(1/alpha) and the certified error at the
//     middle of I_k against log10(1/alpha).
// Bad inputs throw incert::input_error (exit code 2); the flags are parsed and checked by
// src/cli_app.cpp (usage errors).
#pragma once

#include <gmpxx.h>

#include <optional>
#include <string>
#include <vector>

namespace incert::cli {

struct plot_options {
  std::string file, out;
  std::vector<std::string> alphas = {"1e-4", "1e-30", "1e-300"};
  std::optional<mpq_class> eps;
  bool alphas_given = false;  // --alphas given (else a default equal to the instance's alpha is replaced)
  bool log_y = false;         // W~_ii(t) on a log scale
};

// Splits "A,B,C" into exactly three exact decimals in (0, 1) (input_error on field "--alphas"
// otherwise, which src/cli_app.cpp reports as a usage error).
std::vector<std::string> parse_alpha_list(const std::string& text);

void run_plot(const plot_options& o);
void run_plot_sweep(const std::string& table, const std::string& out);

}  // namespace incert::cli
