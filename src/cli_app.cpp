// src/cli_app.cpp: the command line of incert as one CLI11 app (see cli_app.hpp).
//
// CLI11 only splits the command line: every option is registered without a variable, as text,
// and all values are checked here afterwards (exact numbers through parse_exact, ranges, the
// combinations a command needs), so that every problem is one line worded by incert, whatever
// CLI11 would have said. Unknown options and stray arguments are collected (allow_extras) and
// reported here too, naming the command and whether the flag belongs to another command.
#include "cli_app.hpp"

#include "grid_engine.hpp"
#include "grid_output.hpp"

#include "incert/exact/exact_real.hpp"
#include "incert/instance/instance.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <map>
#include <memory>
#include <set>
#include <sstream>

namespace incert::cli {

namespace {

// ---- the flags: each defined once, added to every command it applies to ------------------

struct flag_def {
  std::string name;   // "--precision"
  std::string value;  // "BITS"; empty for a switch
  std::string help;   // may hold newlines (continued under the description column)
};

const flag_def flag_json{"--json", "", "machine-readable output (JSON) instead of text"};
const flag_def flag_precision{"--precision", "BITS", "working precision of mpfi/mpfr, 24 to 1000000 bits (default 128)"};
const flag_def flag_max_precision{"--max-precision", "BITS",
                                  "undecided verdicts are retried at doubled precision up to BITS\n"
                                  "(default 4096, or --precision when that is higher)"};
const flag_def flag_scalar{"--scalar", "TYPE",
                           "mpfi (default, rigorous), interval (Boost interval<double>, rigorous),\n"
                           "mpfr, double, long-double (approximations, nothing certified)"};
const flag_def flag_t_repeatable{"--t", "T", "also the conclusion at time T, an exact decimal such as 13.5 (repeatable)"};
const flag_def flag_tau_repeatable{"--tau", "X", "also the conclusion at t = X ln(1/alpha), X an exact decimal (repeatable)"};
const flag_def flag_t_one{"--t", "T", "the time t, an exact decimal such as 13.5"};
const flag_def flag_tau_one{"--tau", "X", "the time t = X ln(1/alpha), X an exact decimal (exact at any alpha)"};
const flag_def flag_interval{"--interval", "K:LO:HI",
                             "is ||W(t) - Y^_K||_2 <= eps for every t in [LO, HI]? LO, HI exact decimals,\n"
                             "HI may be inf; needs a rigorous scalar (repeatable)"};
const flag_def flag_alpha_from{"--alpha-from", "A", "the first alpha, an exact positive number (the file's alpha is ignored)"};
const flag_def flag_alpha_to{"--alpha-to", "B", "the last alpha, an exact positive number"};
const flag_def flag_points{"--points", "N", "the number of log-spaced alphas from A to B, a whole number from 2 to 100000"};
const flag_def flag_sweep_format{"--format", "FMT", "csv (default) or json; csv,json writes both (with --out PREFIX)"};
const flag_def flag_table_format{"--format", "FMT",
                                 "csv (default), json, md (Markdown) or tex (LaTeX, booktabs);\n"
                                 "several, comma-separated, with --out PREFIX: PREFIX.csv, PREFIX.json, ..."};
const flag_def flag_digits{"--digits", "D", "significant digits of printed enclosures, 2 to 100 (default: the grid's, else 5)"};
const flag_def flag_grid_out{"--out", "PATH",
                             "write to PATH instead of stdout (atomically: a temporary renamed into place);\n"
                             "repeatable, each PATH's suffix (.csv, .json, ...) giving its format; with\n"
                             "several --format, PATH is a prefix"};
const flag_def flag_jobs{"--jobs", "N",
                         "worker processes sharing the cells, 1 to 4096 (default: all cores, here " +
                             std::to_string(default_jobs()) + ");\n"
                             "the output is the same bytes for every N. Under mpirun/srun (an MPI build)\n"
                             "the ranks share the cells instead"};
const flag_def flag_check_jobs{"--jobs", "N",
                               "threads sharing the conclusions over I_k and the eps-windows, 1 to 4096\n"
                               "(default: all cores, here " + std::to_string(default_jobs()) + "); the same output for every N"};
const flag_def flag_resume{"--resume", "",
                           "keep a journal of finished cells in OUT.journal (needs --out) and, when one\n"
                           "is there, compute only the cells it lacks; removed once the output is written"};
const flag_def flag_pin_commit{"--pin-commit", "TEXT", "record TEXT as the git commit in the header (for byte-for-byte tests)"};
const flag_def flag_seeds{"--seeds", "A..B",
                          "draw U0 for every seed from A to B, whole numbers 0 <= A <= B < 2^64,\n"
                          "at most " + std::to_string(random_init_max_draws) + " seeds"};
const flag_def flag_plot_out{"--out", "PATH", "PATH.svg, or PATH.png or PATH.pdf (converted with rsvg-convert)"};
const flag_def flag_alphas{"--alphas", "A,B,C",
                           "the three alphas of the t/ln(1/alpha) panels, each in (0, 1)\n"
                           "(default 1e-4,1e-30,1e-300)"};
const flag_def flag_eps{"--eps", "E", "the tolerance eps, an exact positive decimal (default: the file's)"};
const flag_def flag_columns{"--columns", "C1,C2,...",
                            "Markdown and LaTeX: only these columns of the rows section, in this order\n"
                            "(keys as in the CSV header: instance,eps,alpha,k,I_start,...); CSV and JSON keep all"};
const flag_def flag_summary_only{"--summary-only", "", "Markdown and LaTeX: only the summary (alpha_true against alpha*_hyp)"};
const flag_def flag_landscape{"--landscape", "", "LaTeX: tables on landscape pages (\\usepackage{pdflscape}), fewer parts"};
const flag_def flag_log_y{"--log-y", "", "the W~(t) / eigenvalue axis on a log scale (shows the early, exponentially small phase)"};
const flag_def flag_from{"--from", "T0", "the first time, an exact decimal >= 0"};
const flag_def flag_to{"--to", "T1", "the last time, an exact decimal > T0"};
const flag_def flag_trace_points{"--points", "N", "grid times from T0 to T1 (equally spaced), 2 to 100000"};
const flag_def flag_trace_format{"--format", "FMT", "csv (default) or json"};
const flag_def flag_time_limit{"--time-limit", "SECONDS",
                               "stop refining after SECONDS of wall time (a decimal, 0 to 10^6): verdicts\n"
                               "not decided by then are reported undecided, with the reason"};
const flag_def flag_threshold_k{"--k", "K", "only rank K, a whole number in 1..K of the instance (default: every k)"};
const flag_def flag_alpha_min{"--alpha-min", "A",
                              "where the tail alpha -> 0 is not certified (singular W~0, r < n), certify\n"
                              "over [A, alpha_lo] only: an exact decimal in (0, 1) (default 1e-1000)"};
const flag_def flag_rel_width{"--rel-width", "R", "relative width of the bracket in ln(1/alpha), a decimal in (1e-12, 0.5] (default 1e-6)"};
const flag_def flag_trace_plot{"--plot", "PATH", "also draw the figure: PATH.svg, PATH.png or PATH.pdf (PNG/PDF via rsvg-convert)"};

struct command_def {
  command which;
  std::string name;
  std::string summary;      // one line, in the list of commands
  std::string usage;        // the synopsis
  std::string description;  // the command's own help, above its options
  std::string argument, argument_help;
  std::vector<flag_def> flags;
  std::string notes;  // after the options (may be empty)
};

const std::string instance_help = "the instance, a JSON file (README, \"Instances\")";

const std::vector<command_def>& commands() {
  static const std::vector<command_def> defs = {
      {command::check, "check",
       "Theorem 3 or 4: constants, hypotheses, I_k, the conclusion over each I_k, eps-windows",
       "incert check FILE [--json] [--precision BITS] [--max-precision BITS] [--scalar TYPE]\n"
       "                    [--t T]... [--tau X]... [--interval K:LO:HI]... [--jobs N]",
       "Theorem 3 (spectral init) or 4 (general init) on the instance: enclosures of c_eps, C_eps, M\n"
       "and alpha*_hyp, a verdict per hypothesis, the intervals I_k, the conclusion at the start,\n"
       "middle and end of each I_k and for every t in it, and the true eps-window of each k.",
       "FILE", instance_help,
       {flag_json, flag_precision, flag_max_precision, flag_scalar, flag_t_repeatable, flag_tau_repeatable, flag_interval,
        flag_time_limit, flag_check_jobs},
       "Verdicts are holds, fails or undecided; an undecided verdict is retried at doubled precision."},
      {command::eval, "eval", "W(t), W~(t) = Phi^T W(t) Phi and ||W(t) - Y^_k||_2 for every k, at one time",
       "incert eval FILE (--t T | --tau X) [--json] [--precision BITS] [--max-precision BITS] [--scalar TYPE]",
       "The closed form at one time t (exactly one of --t and --tau): W(t), W~(t) = Phi^T W(t) Phi in\n"
       "the eigenbasis of Y, and ||W(t) - Y^_k||_2 for every k.",
       "FILE", instance_help, {flag_t_one, flag_tau_one, flag_json, flag_precision, flag_max_precision, flag_scalar, flag_time_limit}, ""},
      {command::sweep, "sweep", "the check at N log-spaced alphas from A to B, one table row each",
       "incert sweep FILE --alpha-from A --alpha-to B --points N [--format csv|json] [--precision BITS]\n"
       "                    [--max-precision BITS] [--scalar TYPE] [--out PATH]... [--jobs N] [--resume]",
       "The check at N log-spaced alphas from A to B (the file's alpha is ignored), one row each:\n"
       "verdicts, I_k endpoints and the same over ln(1/alpha), the certified error at the middle of\n"
       "each I_k, the widest relative width, the precision used, the time.",
       "FILE", instance_help,
       {flag_alpha_from, flag_alpha_to, flag_points, flag_sweep_format, flag_precision, flag_max_precision, flag_scalar,
        flag_grid_out, flag_jobs, flag_resume, flag_time_limit},
       "The seconds column (each check's time) is the only part that differs between runs."},
      {command::table, "table", "certified tables over a grid of instances x alphas x eps, alpha_true vs alpha*_hyp",
       "incert table GRID.json [--format csv|json|md|tex] [--digits D] [--out PATH]... [--pin-commit TEXT]\n"
       "                    [--jobs N] [--resume] [--columns C1,C2,...] [--summary-only] [--landscape]",
       "The check at every instance x alpha x eps of a grid file, one row per (instance, eps, alpha, k),\n"
       "and per (instance, eps) alpha_true, the largest grid alpha at which every k is certified to\n"
       "tolerance eps, against alpha*_hyp. The output is the same bytes on every run.",
       "GRID.json", "the grid, a JSON file (README, \"Tables\")",
       {flag_table_format, flag_digits, flag_grid_out, flag_pin_commit, flag_jobs, flag_resume, flag_columns, flag_summary_only,
        flag_landscape, flag_time_limit},
       "Scalar type and precisions are the grid file's. A progress bar goes to stderr when it is a terminal.\n"
       "Cluster: mpirun -n R incert table GRID.json --out PREFIX (an MPI build; examples/slurm/table.sbatch)."},
      {command::random_init, "random-init",
       "Theorem 4's hypotheses over Gaussian initializations, with a Clopper-Pearson interval",
       "incert random-init FILE --seeds A..B [--json] [--precision BITS] [--max-precision BITS] [--jobs N]",
       "For every seed, the Gaussian U0 of the instance drawn with that seed, the certified M of the\n"
       "draw and Theorem 4's hypotheses; then a Clopper-Pearson 95% interval for the fraction of\n"
       "draws where all hold (undecided draws count against its lower and for its upper end).",
       "FILE", "an instance with \"init\": {\"gaussian\": {\"r\": R, \"seed\": S, \"scale\": X}}",
       {flag_seeds, flag_json, flag_precision, flag_max_precision, flag_jobs, flag_time_limit},
       "The seeds are shared by --jobs worker processes (or MPI ranks under mpirun); the seconds field\n"
       "is the only part of the output that depends on it."},
      {command::plot, "plot", "Figure 1 of the paper (SVG or PNG) from certified enclosures",
       "incert plot FILE --out PATH.svg|PATH.png|PATH.pdf [--alphas A,B,C] [--eps E] [--log-y]",
       "diag W~(t) against t at the file's alpha and against t/ln(1/alpha) at three alphas, with the\n"
       "targets, eps-bands, the certified non-empty I_k and the true eps-window of each k.",
       "FILE", instance_help, {flag_plot_out, flag_alphas, flag_eps, flag_log_y}, "PNG and PDF need rsvg-convert (Debian: librsvg2-bin)."},
      {command::plot_sweep, "plot-sweep", "a sweep table as a picture: I_k and certified errors against alpha",
       "incert plot-sweep TABLE.csv --out PATH.svg|PATH.png|PATH.pdf",
       "The normalised I_k endpoints and the certified error at the middle of each I_k of an\n"
       "`incert sweep` CSV table, against log10(1/alpha).",
       "TABLE.csv", "a CSV table written by incert sweep", {flag_plot_out}, "PNG and PDF need rsvg-convert (Debian: librsvg2-bin)."},
      {command::trace, "trace", "certified bands of ||W(t) - Y^_k||_2 and of the eigenvalues of W(t) over a time range",
       "incert trace FILE --from T0 --to T1 --points N [--format csv|json] [--plot PATH] [--log-y]\n"
       "                    [--precision BITS] [--max-precision BITS]",
       "Enclosures of ||W(t) - Y^_k||_2 for every k and of the eigenvalues of W(t) at N grid times from\n"
       "T0 to T1 (sample rows) and for EVERY t between two grid times (range rows), with the figure of\n"
       "the paper's left panel drawn from them (--plot: certified bands, I_k and eps-windows shaded).",
       "FILE", instance_help,
       {flag_from, flag_to, flag_trace_points, flag_trace_format, flag_trace_plot, flag_log_y, flag_precision, flag_max_precision,
        flag_time_limit},
       "Interior grid times are rounded to 17 significant digits (exact decimals); more points, thinner bands."},
      {command::threshold, "threshold", "the true threshold of incremental learning: E_k non-empty for EVERY alpha below alpha_lo",
       "incert threshold FILE [--k K] [--eps E] [--rel-width R] [--alpha-min A] [--precision BITS] [--json]",
       "For each k, a certified bracket alpha_true(k) in [alpha_lo, alpha_hi]: the eps-window\n"
       "E_k(alpha) = {t >= 0 : ||W_alpha(t) - Y^_k||_2 <= eps} is non-empty for every alpha in (0, alpha_lo]\n"
       "(range certificates at t = tau ln(1/alpha) and a compactified tail, proofs/threshold.md) and\n"
       "empty at alpha_hi; beside alpha*_hyp of the theorem and the ratio alpha_lo / alpha*_hyp.",
       "FILE", instance_help, {flag_threshold_k, flag_eps, flag_rel_width, flag_alpha_min, flag_precision, flag_json},
       "k > rank W0 with sigma_{r+1} > eps fails for every alpha (rank obstruction); k = K with an\n"
       "invertible W~0 holds for every alpha (W(t) -> Y). A singular W~0 (U0 with r < n) uses the\n"
       "r x r factor form; where the tail alpha -> 0 is not certified the range is [alpha_min, alpha_lo],\n"
       "said so in the output (lower_end). The alphas printed are exact decimals."},
  };
  return defs;
}

const char* main_description =
    "incert " INCERT_VERSION ": verified numerics for gradient flow on overparameterized symmetric\n"
    "matrix factorization (Theorems 3 and 4 of Min & Vidal, certified enclosures at any alpha).";
const char* main_usage =
    "incert COMMAND ARGUMENT [OPTIONS]\n"
    "       incert COMMAND --help      the command's usage, arguments and options\n"
    "       incert --version";
const char* main_notes =
    "Exit codes: 0 success; 2 bad input or usage (one line on stderr naming the field or flag and\n"
    "the problem, nothing on stdout); 1 internal error.";

// ---- help text ---------------------------------------------------------------------------

class help_formatter : public CLI::Formatter {
 public:
  help_formatter() {
    column_width(24);
    label("Positionals", "Arguments");
  }

  std::string make_help(const CLI::App* app, std::string, CLI::AppFormatMode mode) const override {
    std::ostringstream out;
    const command_def* def = find(app->get_name());
    if (!def) {  // the main app: the list of commands
      out << main_description << "\n\nusage: " << main_usage << "\n\nCommands:\n";
      for (const command_def& c : commands()) {
        std::ostringstream line;
        CLI::detail::format_help(line, c.name, c.summary, 15);
        out << line.str();
      }
      out << make_groups(app, mode) << "\n" << main_notes << "\n";
      return out.str();
    }
    out << "usage: " << def->usage << "\n\n" << def->description << "\n";
    out << make_positionals(app) << make_groups(app, mode);
    if (!def->notes.empty()) out << "\n" << def->notes << "\n";
    return out.str();
  }

  static const command_def* find(const std::string& name) {
    for (const command_def& c : commands())
      if (c.name == name) return &c;
    return nullptr;
  }
};

// ---- checking the values -----------------------------------------------------------------

// The values given to the selected command: every occurrence of every option, as text, in order.
struct given_values {
  std::map<std::string, std::vector<std::string>> values;
  std::vector<std::pair<std::string, std::string>> in_order;  // (option, value) as on the command line

  bool has(const std::string& flag) const { return values.count(flag) && !values.at(flag).empty(); }
  // The last value given (an option given twice takes the last, as before CLI11).
  std::optional<std::string> last(const std::string& flag) const {
    if (!has(flag)) return std::nullopt;
    return values.at(flag).back();
  }
  // Checks and applies every value given, in order (so the last wins, and each is checked).
  template <class F>
  void each(const std::string& flag, F apply) const {
    if (has(flag))
      for (const std::string& v : values.at(flag)) apply(v);
  }
};

bool whole_number(const std::string& s, std::size_t max_digits) {
  return !s.empty() && s.size() <= max_digits && s.find_first_not_of("0123456789") == std::string::npos;
}

mpq_class exact_value(const std::string& flag, const std::string& value) {
  try {
    return parse_exact(value);
  } catch (const number_format_error& e) {
    throw usage_error(flag + ": " + e.what());
  }
}

unsigned parse_bits(const std::string& flag, const std::string& value) {
  const auto out_of_range = [&] { return usage_error(flag + ": expected a whole number of bits from 24 to 1000000, got \"" + value + "\""); };
  if (!whole_number(value, 7)) throw out_of_range();
  const unsigned long b = std::stoul(value);
  if (b < 24 || b > 1000000) throw out_of_range();
  return static_cast<unsigned>(b);
}

// --precision and --max-precision (check, eval, sweep, random-init).
precision_options read_bits(const given_values& g) {
  precision_options bits;
  g.each("--precision", [&](const std::string& v) { bits.precision = parse_bits("--precision", v); });
  g.each("--max-precision", [&](const std::string& v) { bits.max_precision = parse_bits("--max-precision", v); });
  if (!g.has("--max-precision") && bits.max_precision < bits.precision) bits.max_precision = bits.precision;
  if (bits.max_precision < bits.precision) throw usage_error("--max-precision is below --precision");
  return bits;
}

time_point parse_time(const std::string& flag, const std::string& value) {
  time_point ts;
  ts.text = value;
  const mpq_class q = exact_value(flag, value);
  if (q < 0) throw usage_error(flag + ": must be non-negative, got " + value);
  if (flag == "--t") ts.t = q;
  else ts.tau = q;
  return ts;
}

// Every --t and --tau, in the order given (check reports them in that order).
std::vector<time_point> read_times(const given_values& g) {
  std::vector<time_point> times;
  for (const auto& [flag, value] : g.in_order)
    if (flag == "--t" || flag == "--tau") times.push_back(parse_time(flag, value));
  return times;
}

// K:LO:HI, K a whole number >= 1, LO and HI exact decimals with 0 <= LO <= HI, HI may be "inf".
time_range parse_interval(const std::string& value) {
  const std::string flag = "--interval";
  const std::size_t c1 = value.find(':'), c2 = c1 == std::string::npos ? c1 : value.find(':', c1 + 1);
  if (c2 == std::string::npos || value.find(':', c2 + 1) != std::string::npos)
    throw usage_error(flag + ": expected K:LO:HI (e.g. 1:13.5:15 or 3:40:inf), got \"" + value + "\"");
  time_range s;
  const std::string k = value.substr(0, c1);
  s.lo_text = value.substr(c1 + 1, c2 - c1 - 1);
  s.hi_text = value.substr(c2 + 1);
  if (!whole_number(k, 6) || std::stoul(k) < 1)
    throw usage_error(flag + ": K must be a whole number >= 1, got \"" + k + "\" in \"" + value + "\"");
  s.k = std::stoul(k);
  try {
    s.lo = parse_exact(s.lo_text);
    if (s.hi_text != "inf") s.hi = parse_exact(s.hi_text);
  } catch (const number_format_error& e) {
    throw usage_error(flag + ": " + e.what() + " in \"" + value + "\"");
  }
  if (s.lo < 0) throw usage_error(flag + ": LO must be >= 0 (the flow starts at t = 0), got \"" + value + "\"");
  if (s.hi && *s.hi < s.lo) throw usage_error(flag + ": HI is below LO in \"" + value + "\"");
  return s;
}

scalar_kind read_scalar(const given_values& g, std::string& name) {
  const auto kind = [](const std::string& v) {
    if (auto k = scalar_kind_from_name(v)) return *k;
    throw usage_error("--scalar: unknown type \"" + v + "\" (mpfi, interval, mpfr, double, long-double)");
  };
  scalar_kind k = kind(name);
  g.each("--scalar", [&](const std::string& v) { k = kind(name = v); });
  return k;
}

mpq_class positive_alpha(const std::string& flag, const std::string& value) {
  const mpq_class q = exact_value(flag, value);
  if (q <= 0) throw usage_error(flag + ": must be positive, got " + value);
  return q;
}

// A whole decimal number (digits only) up to 2^64 - 1.
std::optional<std::uint64_t> parse_u64(const std::string& s) {
  if (!whole_number(s, 20)) return std::nullopt;
  const mpz_class z(s, 10);
  if (z > (mpz_class(1) << 64) - 1) return std::nullopt;
  return (std::uint64_t(mpz_class(z >> 32).get_ui()) << 32) | std::uint64_t(mpz_class(z & mpz_class(0xffffffffu)).get_ui());
}

void read_seeds(const std::string& v, random_init_options& o) {
  const std::size_t dots = v.find("..");
  std::optional<std::uint64_t> lo, hi;
  if (dots != std::string::npos) {
    lo = parse_u64(v.substr(0, dots));
    hi = parse_u64(v.substr(dots + 2));
  }
  if (!lo || !hi)
    throw usage_error("--seeds: expected A..B with whole numbers 0 <= A <= B <= 18446744073709551615, got \"" + v + "\"");
  if (*lo > *hi) throw usage_error("--seeds: the first seed is above the last, got \"" + v + "\"");
  if (*hi - *lo >= random_init_max_draws)
    throw usage_error("--seeds: at most " + std::to_string(random_init_max_draws) + " seeds per run, got \"" + v + "\"");
  o.from = *lo;
  o.to = *hi;
}

// --jobs N (table, sweep, random-init: worker processes; check: threads).
void read_jobs(const given_values& g, unsigned& jobs) {
  g.each("--jobs", [&](const std::string& v) {
    if (!whole_number(v, 4) || std::stoul(v) < 1 || std::stoul(v) > 4096)
      throw usage_error("--jobs: expected a whole number from 1 to 4096, got \"" + v + "\"");
    jobs = static_cast<unsigned>(std::stoul(v));
  });
}

// table and sweep: --format, --out (grid_output.hpp), --jobs, --resume.
void read_grid_run(const given_values& g, const std::vector<std::string>& formats, output_plan& plan, unsigned& jobs, bool& resume) {
  const std::vector<std::string> none;
  const std::string problem = plan_outputs(g.has("--format") ? g.values.at("--format") : none, g.has("--out") ? g.values.at("--out") : none,
                                           formats, plan);
  if (!problem.empty()) throw usage_error(problem);
  read_jobs(g, jobs);
  resume = g.has("--resume");
  if (resume && plan.journal.empty()) throw usage_error("--resume needs --out (the journal is kept beside the output, as OUT.journal)");
}

// The command line as recorded in a table's or sweep's metadata: as typed, without the options
// that only decide how the work is scheduled (--jobs N, --resume), so that the output is the same
// bytes however it was computed.
std::string recorded_command(int argc, char** argv) {
  std::string typed = "incert";
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--") {
      for (; i < argc; ++i) typed += std::string(" ") + argv[i];
      break;
    }
    if (a == "--resume" || a.compare(0, 7, "--jobs=") == 0) continue;
    if (a == "--jobs") {
      ++i;
      continue;
    }
    typed += " " + a;
  }
  return typed;
}

// The selected command's fields from its values; every problem is a usage_error.
void finish(const command_def& def, const given_values& g, command_line& c) {
  const auto file = g.last(def.argument);
  g.each("--time-limit", [&](const std::string& v) {
    const mpq_class q = exact_value("--time-limit", v);
    if (q < 0 || q > 1000000) throw usage_error("--time-limit: expected seconds from 0 to 1000000, got \"" + v + "\"");
    c.time_limit = q.get_d();
  });
  switch (def.which) {
    case command::check:
    case command::eval:
    case command::sweep: {
      if (!file) throw usage_error("missing instance FILE");
      c.file = *file;
      c.json = g.has("--json");
      c.check.scalar = read_scalar(g, c.scalar_name);
      c.check.bits = read_bits(g);
      if (def.which == command::check) {
        c.check.times = read_times(g);
        c.check.threads = default_jobs();
        read_jobs(g, c.check.threads);
        if (g.has("--interval")) {
          for (const std::string& v : g.values.at("--interval")) c.check.ranges.push_back(parse_interval(v));
          if (!scalar_info_of(c.check.scalar).rigorous)
            throw usage_error("--interval needs a rigorous scalar (mpfi or interval), not " + c.scalar_name);
        }
      } else if (def.which == command::eval) {
        c.check.times = read_times(g);
        if (c.check.times.size() != 1) throw usage_error("eval needs exactly one --t T or --tau X");
      } else {
        sweep_options& s = c.sweep;
        g.each("--alpha-from", [&](const std::string& v) { s.alpha_from = positive_alpha("--alpha-from", v); });
        g.each("--alpha-to", [&](const std::string& v) { s.alpha_to = positive_alpha("--alpha-to", v); });
        g.each("--points", [&](const std::string& v) {
          if (!whole_number(v, 6) || std::stoul(v) < 2 || std::stoul(v) > 100000)
            throw usage_error("--points: expected a whole number from 2 to 100000, got \"" + v + "\"");
          s.points = static_cast<unsigned>(std::stoul(v));
        });
        read_grid_run(g, {"csv", "json"}, s.outputs, s.jobs, s.resume);
        if (!g.has("--alpha-from") || !g.has("--alpha-to") || !g.has("--points")) throw usage_error("sweep needs --alpha-from A --alpha-to B --points N");
        s.check.scalar = c.check.scalar;
        s.check.bits = c.check.bits;
      }
      return;
    }
    case command::table: {
      table_options& t = c.table;
      read_grid_run(g, {"csv", "json", "md", "tex"}, t.outputs, t.jobs, t.resume);
      g.each("--digits", [&](const std::string& v) {
        if (!whole_number(v, 3) || std::stoi(v) < 2 || std::stoi(v) > 100)
          throw usage_error("--digits: expected a whole number from 2 to 100, got \"" + v + "\"");
        t.digits = std::stoi(v);
      });
      t.pin_commit = g.last("--pin-commit");
      g.each("--columns", [&](const std::string& v) {
        t.columns.clear();
        std::size_t start = 0;
        while (true) {
          const std::size_t comma = v.find(',', start);
          const std::string c = v.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
          if (c.empty()) throw usage_error("--columns: expected column keys separated by commas, got \"" + v + "\"");
          t.columns.push_back(c);
          if (comma == std::string::npos) break;
          start = comma + 1;
        }
      });
      t.summary_only = g.has("--summary-only");
      t.landscape = g.has("--landscape");
      if (!file) throw usage_error("table needs a GRID.json file");
      t.grid = *file;
      return;
    }
    case command::random_init: {
      random_init_options& r = c.random_init;
      g.each("--seeds", [&](const std::string& v) { read_seeds(v, r); });
      r.json = g.has("--json");
      const precision_options bits = read_bits(g);
      r.precision = bits.precision;
      r.max_precision = bits.max_precision;
      read_jobs(g, r.jobs);
      if (!file) throw usage_error("missing instance FILE");
      if (!g.has("--seeds")) throw usage_error("random-init needs --seeds A..B");
      r.file = *file;
      return;
    }
    case command::plot: {
      plot_options& p = c.plot;
      g.each("--alphas", [&](const std::string& v) {
        try {
          p.alphas = parse_alpha_list(v);
          p.alphas_given = true;
        } catch (const input_error& e) {  // plot.cpp names the flag: "--alphas: ..."
          throw usage_error(e.what());
        }
      });
      g.each("--eps", [&](const std::string& v) {
        p.eps = exact_value("--eps", v);
        if (*p.eps <= 0) throw usage_error("--eps: must be positive, got " + v);
      });
      if (!file) throw usage_error("missing instance FILE");
      p.file = *file;
      if (!g.has("--out")) throw usage_error("plot needs --out PATH.svg|PATH.png|PATH.pdf");
      p.out = *g.last("--out");
      p.log_y = g.has("--log-y");
      return;
    }
    case command::threshold: {
      threshold_command_options& t = c.threshold;
      g.each("--k", [&](const std::string& v) {
        if (!whole_number(v, 6) || std::stoul(v) < 1) throw usage_error("--k: expected a whole number >= 1, got \"" + v + "\"");
        t.threshold.k = std::stoul(v);
      });
      g.each("--eps", [&](const std::string& v) {
        t.threshold.epsilon = exact_value("--eps", v);
        if (*t.threshold.epsilon <= 0) throw usage_error("--eps: must be positive, got " + v);
      });
      g.each("--rel-width", [&](const std::string& v) {
        const mpq_class r = exact_value("--rel-width", v);
        if (r <= mpq_class(1, 1000000000000) || r > mpq_class(1, 2)) throw usage_error("--rel-width: must be in (1e-12, 0.5], got " + v);
        t.threshold.rel_width = r.get_d();
      });
      g.each("--alpha-min", [&](const std::string& v) {
        t.threshold.alpha_min = positive_alpha("--alpha-min", v);
        if (t.threshold.alpha_min >= 1) throw usage_error("--alpha-min: must be below 1, got " + v);
      });
      t.threshold.precision = read_bits(g).precision;
      t.json = g.has("--json");
      if (!file) throw usage_error("missing instance FILE");
      t.file = *file;
      return;
    }
    case command::trace: {
      trace_command_options& t = c.trace;
      g.each("--from", [&](const std::string& v) { t.trace.from = exact_value("--from", v); });
      g.each("--to", [&](const std::string& v) { t.trace.to = exact_value("--to", v); });
      g.each("--points", [&](const std::string& v) {
        if (!whole_number(v, 6) || std::stoul(v) < 2 || std::stoul(v) > 100000)
          throw usage_error("--points: expected a whole number from 2 to 100000, got \"" + v + "\"");
        t.trace.points = std::stoul(v);
      });
      g.each("--format", [&](const std::string& v) {
        if (v != "csv" && v != "json") throw usage_error("--format: expected csv or json, got \"" + v + "\"");
        t.format = v;
      });
      if (g.has("--plot")) t.plot = *g.last("--plot");
      t.log_y = g.has("--log-y");
      t.trace.bits = read_bits(g);
      if (!file) throw usage_error("missing instance FILE");
      t.file = *file;
      if (!g.has("--from") || !g.has("--to") || !g.has("--points")) throw usage_error("trace needs --from T0 --to T1 --points N");
      if (t.trace.from < 0) throw usage_error("--from: must be >= 0 (the flow starts at t = 0), got " + *g.last("--from"));
      if (t.trace.to <= t.trace.from) throw usage_error("--to: must be above --from");
      return;
    }
    case command::plot_sweep: {
      if (!file) throw usage_error("missing TABLE.csv");
      c.plot_sweep_table = *file;
      if (!g.has("--out")) throw usage_error("plot-sweep needs --out PATH.svg|PATH.png|PATH.pdf");
      c.plot_sweep_out = *g.last("--out");
      return;
    }
    case command::none:
      break;
  }
}

// ---- extras: unknown options, flags of other commands, stray arguments --------------------

bool looks_like_option(const std::string& a) {
  return a.size() > 1 && a[0] == '-' && !(std::isdigit(static_cast<unsigned char>(a[1])) || a[1] == '.');
}

std::string command_list() {
  std::string s;
  const auto& defs = commands();
  for (std::size_t i = 0; i < defs.size(); ++i)
    s += (i == 0 ? "" : i + 1 == defs.size() ? " or " : ", ") + defs[i].name;
  return s;
}

// The commands that have this flag ("--json" -> check, eval, random-init).
std::vector<std::string> commands_with(const std::string& flag) {
  std::vector<std::string> out;
  for (const command_def& c : commands())
    for (const flag_def& f : c.flags)
      if (f.name == flag && std::find(out.begin(), out.end(), c.name) == out.end()) out.push_back(c.name);
  return out;
}

void reject_extra(const std::string& a, const command_def& def, bool after_dashes) {
  if (after_dashes || !looks_like_option(a)) throw usage_error("unexpected argument \"" + a + "\" for " + def.name + " (see incert " + def.name + " --help)");
  const std::string flag = a.substr(0, a.find('='));
  const std::vector<std::string> others = commands_with(flag);
  if (others.empty()) throw usage_error("unknown option " + flag + " for " + def.name + " (see incert " + def.name + " --help)");
  std::string list;
  for (std::size_t i = 0; i < others.size(); ++i) list += (i ? ", " : "") + others[i];
  throw usage_error(flag + " does not apply to " + def.name + " (only to " + list + "; see incert " + def.name + " --help)");
}

// One line from a CLI11 error, in incert's words where the case is known.
std::string one_line(const CLI::ParseError& e) {
  std::string what = e.what();
  if (dynamic_cast<const CLI::ArgumentMismatch*>(&e)) {
    const std::size_t colon = what.find(": ");
    const std::string name = what.substr(0, colon);
    if (colon != std::string::npos && looks_like_option(name) && what.find("missing") != std::string::npos)
      return name + ": missing value";
    const std::size_t given = what.find(" was given a disallowed flag override");
    if (given != std::string::npos) {  // --json=VALUE
      const std::string flag = what.substr(0, given);
      return (looks_like_option(flag) ? flag : "--" + flag) + ": takes no value";
    }
  }
  for (char& ch : what)
    if (ch == '\n') ch = ' ';
  return what;
}

}  // namespace

command_line parse_command_line(int argc, char** argv) {
  CLI::App app(main_description, "incert");
  app.formatter(std::make_shared<help_formatter>());
  app.set_help_flag("-h,--help", "print this help and exit");
  app.set_version_flag("--version", std::string("incert ") + INCERT_VERSION + " (" + INCERT_GIT_COMMIT + ")",
                       "print the version and git commit and exit");
  app.require_subcommand(0, 1);
  app.allow_extras();
  app.option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);

  std::map<const CLI::App*, const command_def*> def_of;
  for (const command_def& def : commands()) {
    CLI::App* sub = app.add_subcommand(def.name, def.summary);
    sub->allow_extras();
    sub->set_help_flag("-h,--help", "print this help and exit");
    sub->add_option(def.argument)->description(def.argument_help);
    for (const flag_def& f : def.flags) {
      CLI::Option* o = f.value.empty() ? sub->add_flag(f.name, f.help)->disable_flag_override()
                                       : sub->add_option(f.name)->description(f.help)->option_text(f.value);
      o->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    }
    def_of[sub] = &def;
  }

  command_line c;
  if (argc >= 2 && argv[1][0] != '-' && !help_formatter::find(argv[1]))
    throw usage_error("unknown command \"" + std::string(argv[1]) + "\" (expected " + command_list() + "; see incert --help)");
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    c.text = app.help();
    return c;
  } catch (const CLI::CallForAllHelp&) {
    c.text = app.help();
    return c;
  } catch (const CLI::CallForVersion& e) {
    c.text = std::string(e.what()) + "\n";
    return c;
  } catch (const CLI::ParseError& e) {
    throw usage_error(one_line(e));
  }

  const std::vector<CLI::App*> selected = app.get_subcommands();
  for (const std::string& a : app.remaining()) {
    if (a == "--") continue;
    if (looks_like_option(a))
      throw usage_error("option " + a.substr(0, a.find('=')) + " before the command: write incert COMMAND ARGUMENT [OPTIONS] (see incert --help)");
    if (!selected.empty())  // before the command, or after "--" once its argument is given
      throw usage_error("unexpected argument \"" + a + "\" for " + selected.front()->get_name() + " (see incert " +
                        selected.front()->get_name() + " --help)");
    throw usage_error("unknown command \"" + a + "\" (expected " + command_list() + "; see incert --help)");
  }
  if (selected.empty()) {  // bare `incert`: the list of commands
    c.text = app.help();
    return c;
  }
  const CLI::App* sub = selected.front();
  const command_def& def = *def_of.at(sub);
  bool after_dashes = false;  // after "--" everything is an argument, not an option
  for (const std::string& a : sub->remaining()) {
    if (a == "--" && !after_dashes) after_dashes = true;
    else reject_extra(a, def, after_dashes);
  }

  given_values g;
  std::map<const CLI::Option*, std::size_t> next;
  for (const CLI::Option* o : sub->parse_order()) {
    const std::string name = o->get_name(o->get_positional(), false);
    const std::vector<std::string>& res = o->results();
    const std::size_t i = next[o]++;
    if (i < res.size()) {
      g.values[name].push_back(res[i]);
      g.in_order.emplace_back(name, res[i]);
    }
  }
  c.which = def.which;
  c.name = def.name;
  c.check.scalar = scalar_kind::mpfi;
  finish(def, g, c);
  c.sweep.command_line = recorded_command(argc, argv);
  c.table.command_line = c.sweep.command_line;
  return c;
}

}  // namespace incert::cli
