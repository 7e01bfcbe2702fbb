// src/trace.hpp: `incert trace`, the flow over time.
//
//   incert trace FILE --from T0 --to T1 --points N [--format csv|json] [--plot PATH] [--log-y]
//                [--precision BITS] [--max-precision BITS]
//
// Certified enclosures (api/trace.hpp, proofs/trace.md) of ||W(t) - Y^_k||_2 for every k and of
// the eigenvalues of W(t), at N grid times from T0 to T1 ("sample" rows) and for EVERY t of each
// sub-interval between them ("range" rows). Written to stdout as CSV (default) or JSON; with
// --plot, also the figure of the paper's left panel drawn from the range rows (src/plot_trace.cpp).
// This file only formats: the mathematics is in lib/trace.cpp.
#pragma once

#include "incert/api/trace.hpp"

#include <optional>
#include <ostream>
#include <string>

namespace incert::cli {

struct trace_command_options {
  std::string file;
  trace_options trace;
  std::string format = "csv";       // csv or json
  std::optional<std::string> plot;  // PATH.svg|.png|.pdf
  bool log_y = false;               // eigenvalue panel on a log scale
};

void run_trace_command(const trace_command_options& o, std::ostream& os);

// The figure (src/plot_trace.cpp): eigenvalue bands (top) and error bands on a log scale
// (bottom), I_k and the certified eps-windows shaded, targets and eps marked.
std::string trace_figure_svg(const trace_result& r, bool log_y);

}  // namespace incert::cli
