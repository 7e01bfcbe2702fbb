// src/table.cpp: incert table, the certified grid tables.
#include "table.hpp"

#include "incert/api/threshold.hpp"

#include "grid_engine.hpp"
#include "json_output.hpp"
#include "table_grid.hpp"
#include "table_write.hpp"

#include "incert/api/alpha_grid.hpp"
#include "incert/api/check.hpp"
#include "incert/api/format.hpp"
#include "incert/exact/exact_real.hpp"
#include "incert/instance/load_instance.hpp"
#include "incert/io/decimal_rounding.hpp"
#include "sha256.hpp"

#include <iostream>
#include <map>
#include <optional>
#include <sstream>

namespace incert::cli {

namespace {

// ---- printing -----------------------------------------------------------------------------

std::string verdict_cell(verdict v, bool certified) {
  std::string s = to_string(v);
  if (!certified && v != verdict::undecided) s = "approx_" + s;
  return s;
}

// The one form of an enclosure everywhere: "[lo, hi]" rounded outward to D digits.
std::string enclosure_cell(const std::optional<enclosure>& e, int D) {
  if (!e) return "n/a";
  const enclosure_text t = format_enclosure(*e, D);
  if (t.approx) return "~" + t.lo;
  return "[" + t.lo + ", " + t.hi + "]";
}

std::string hypotheses_cell(const check_result& r) {
  std::string fails, undecided;
  for (const auto& h : r.hypotheses) {
    std::string& list = h.value == verdict::fails ? fails : undecided;
    if (h.value == verdict::holds) continue;
    list += (list.empty() ? "" : ", ") + h.name;
  }
  if (fails.empty() && undecided.empty()) return r.certified ? "all hold" : "all approx_hold";
  std::string s;
  if (!fails.empty()) s += (r.certified ? "fails: " : "approx_fails: ") + fails;
  if (!undecided.empty()) s += (s.empty() ? "" : "; ") + std::string("undecided: ") + undecided;
  return s;
}

// A certified time interval "[lo, hi]" / "[lo, inf)" printed INWARD (lo up, hi down) to D
// digits, or more when D would make lo > hi: a sub-interval of a certified one stays certified.
std::string inside_cell(const mpfr_float& lo, const std::optional<mpfr_float>& hi, int D) {
  if (!hi) return "[" + format_up(lo, D) + ", inf)";
  for (int d = D; d <= 80; ++d) {
    const std::string a = format_up(lo, d), b = format_down(*hi, d);
    if (parse_exact(a) <= parse_exact(b)) return "[" + a + ", " + b + "]";
  }
  return "n/a";
}

// ---- the over-interval conclusion and the eps-window of one k ----------------------------

struct k_extras {
  std::string error_upper = "n/a", value = "n/a", pieces = "n/a";
  std::string window_found = "n/a", window_first = "n/a", window_last = "n/a", window_inside = "n/a";
  bool window_certified = false;  // a time interval with error <= eps is certified for this k
  bool window_open = true;        // neither such an interval certified nor the window certified empty
};

k_extras extras_for(const check_result& r, std::size_t k, int D) {
  k_extras x;
  for (const auto& o : r.over_interval) {
    if (o.k != k) continue;
    if (o.error_upper) x.error_upper = format_up(*o.error_upper, D);
    x.value = verdict_cell(o.value, r.certified);
    x.pieces = std::to_string(o.pieces);
  }
  for (const auto& w : r.eps_windows) {
    if (w.k != k) continue;
    x.window_found = verdict_cell(w.found, r.certified);
    x.window_certified = r.certified && w.inside_lo.has_value();
    x.window_open = !x.window_certified && !(r.certified && w.found == verdict::fails);
    if (w.found == verdict::holds) {
      x.window_first = enclosure_cell(w.first, D);
      x.window_last = w.last_infinite ? "inf" : enclosure_cell(w.last, D);
    }
    if (w.inside_lo) x.window_inside = inside_cell(*w.inside_lo, w.inside_hi, D);
  }
  return x;
}

// ---- one cell (instance, eps, alpha): its record ------------------------------------------
//
// What the output needs from one check, as one line of JSON (grid_engine.hpp): the cells of its
// rows from "k" on (the instance, eps and alpha columns come from the grid), and for the summary
// the verdicts, alpha*_hyp as printed, and log10 alpha*_hyp exactly (binary endpoints in hex, with
// their precision) for the ratio alpha_true / alpha*_hyp.

struct cell_record {
  std::vector<std::vector<std::string>> rows;  // per k, the columns from "k" to "alpha_star_hyp"
  int theorem = 4;
  bool certified = true;
  bool all_windows = false;    // every k has a certified eps-window
  bool any_undecided = false;  // some k's eps-window is neither certified nor refuted
  bool has_star = false;       // alpha*_hyp and its log10 enclosed
  std::string star_alpha, star_log10;  // as printed
  bool star_approx = false;
  std::string star_log10_lo, star_log10_hi;  // exact (exact_text)
};

// An mpfr number exactly: "PREC:HEX" ("128:0x1.8p-3") (kept in the journal record).
std::string exact_text(const mpfr_float& x) {
  char* s = nullptr;
  mpfr_asprintf(&s, "%Ra", x.backend().data());
  std::string out = std::to_string(mpfr_get_prec(x.backend().data())) + ":" + s;
  mpfr_free_str(s);
  return out;
}

std::string to_line(const cell_record& c) {
  json_doc j = json_doc::object();
  j["rows"] = c.rows;
  j["theorem"] = c.theorem;
  j["certified"] = c.certified;
  j["all_windows"] = c.all_windows;
  j["any_undecided"] = c.any_undecided;
  if (c.has_star)
    j["star"] = {{"alpha_star_hyp", c.star_alpha}, {"log10_alpha_star_hyp", c.star_log10}, {"approx", c.star_approx},
                 {"log10_lo", c.star_log10_lo}, {"log10_hi", c.star_log10_hi}};
  else
    j["star"] = nullptr;
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

cell_record from_line(const std::string& line) {
  const json_doc j = json_doc::parse(line);
  cell_record c;
  c.rows = j.at("rows").get<std::vector<std::vector<std::string>>>();
  c.theorem = j.at("theorem").get<int>();
  c.certified = j.at("certified").get<bool>();
  c.all_windows = j.at("all_windows").get<bool>();
  c.any_undecided = j.at("any_undecided").get<bool>();
  const json_doc& star = j.at("star");
  if (!star.is_null()) {
    c.has_star = true;
    c.star_alpha = star.at("alpha_star_hyp").get<std::string>();
    c.star_log10 = star.at("log10_alpha_star_hyp").get<std::string>();
    c.star_approx = star.at("approx").get<bool>();
    c.star_log10_lo = star.at("log10_lo").get<std::string>();
    c.star_log10_hi = star.at("log10_hi").get<std::string>();
  }
  return c;
}

cell_record compute_cell(const instance& base, const grid_alpha& alpha, const grid_eps& eps, const check_options& what, int D) {
  instance in = base;
  in.alpha = alpha.spec;
  in.epsilon = eps.value;
  const check_result rep = check(in, what);
  cell_record c;
  c.theorem = rep.theorem;
  c.certified = rep.certified;
  std::map<std::size_t, const interval_result*> by_k;
  for (const auto& I : rep.intervals) by_k[I.k] = &I;
  c.all_windows = rep.certified && in.K > 0;
  for (std::size_t k = 1; k <= in.K; ++k) {
    const interval_result* I = by_k.count(k) ? by_k[k] : nullptr;
    const k_extras x = extras_for(rep, k, D);
    c.all_windows = c.all_windows && x.window_certified;
    c.any_undecided = c.any_undecided || x.window_open;
    c.rows.push_back({std::to_string(k), std::to_string(rep.theorem), std::to_string(rep.precision_bits), hypotheses_cell(rep),
                      I ? enclosure_cell(I->lo, D) : "n/a", I && I->unbounded ? "inf" : I ? enclosure_cell(I->hi, D) : "n/a",
                      I ? verdict_cell(I->nonempty, rep.certified) : "n/a", x.error_upper, x.value, x.pieces, x.window_found,
                      x.window_first, x.window_last, x.window_inside, enclosure_cell(rep.alpha_star_hyp, D)});
  }
  if (rep.log10_alpha_star_hyp && rep.alpha_star_hyp) {
    c.has_star = true;
    c.star_alpha = enclosure_cell(rep.alpha_star_hyp, D);
    c.star_log10 = enclosure_cell(rep.log10_alpha_star_hyp, D);
    c.star_approx = rep.log10_alpha_star_hyp->approx;
    c.star_log10_lo = exact_text(rep.log10_alpha_star_hyp->lo);
    c.star_log10_hi = exact_text(rep.log10_alpha_star_hyp->hi);
  }
  return c;
}

// ---- one (instance, eps): its summary, from its cells ---------------------------------------

struct summary_cell {
  const grid_alpha* alpha;
  const cell_record* record;
};


// The certified threshold of one (instance, eps) as the summary prints it: its own grid cell (after
// the (instance, eps, alpha) cells), so that --jobs, MPI and --resume share it like the checks.
struct threshold_cells {
  std::string bracket, log10_ratio, ratio, note;
};

threshold_cells compute_threshold_cells(const instance& in, const grid_eps& eps, unsigned grid_precision, int D) {
  threshold_options to;
  to.epsilon = eps.value;
  to.precision = std::max(grid_precision, 128u);  // it does not escalate: below 128 bits it only spends its budgets
  const every_k_threshold th = threshold_of_every_k(threshold(in, to));
  return {format_every_k_bracket(th, D), enclosure_cell(th.log10_ratio_to_alpha_star, D),
          enclosure_cell(th.ratio_to_alpha_star, D), th.note};
}

std::string threshold_to_line(const threshold_cells& t) {
  return json_doc{{"bracket", t.bracket}, {"log10_ratio", t.log10_ratio}, {"ratio", t.ratio}, {"note", t.note}}.dump();
}

threshold_cells threshold_from_line(const std::string& line) {
  const json_doc j = json_doc::parse(line);
  return {j.at("bracket").get<std::string>(), j.at("log10_ratio").get<std::string>(), j.at("ratio").get<std::string>(),
          j.at("note").get<std::string>()};
}

std::vector<std::string> summary_row(const std::string& instance, const grid_eps& eps, const std::vector<summary_cell>& cells,
                                     const std::optional<threshold_cells>& threshold) {
  const cell_record* star = nullptr;  // the first check that enclosed alpha*_hyp
  for (const auto& c : cells)
    if (!star && c.record->has_star) star = c.record;
  const summary_cell* best = nullptr;
  std::size_t certified = 0;
  for (const auto& c : cells)
    if (c.record->all_windows) {
      ++certified;
      if (!best || best->alpha->order < c.alpha->order) best = &c;
    }
  bool larger_undecided = false, is_largest = best != nullptr;
  for (const auto& c : cells) {
    if (best && best->alpha->order < c.alpha->order) {
      is_largest = false;
      larger_undecided = larger_undecided || c.record->any_undecided;
    }
    if (!best) larger_undecided = larger_undecided || c.record->any_undecided;
  }
  const bool rigorous = !cells.empty() && cells.front().record->certified;

  std::vector<std::string> row{instance, eps.label, cells.empty() ? "n/a" : std::to_string(cells.front().record->theorem)};
  row.push_back(star ? star->star_alpha : "n/a");
  row.push_back(star ? star->star_log10 : "n/a");
  // The certified threshold (api/threshold.hpp), not a grid point.
  row.push_back(threshold ? threshold->bracket : "n/a");
  row.push_back(threshold ? threshold->log10_ratio : "n/a");
  row.push_back(threshold ? threshold->ratio : "n/a");
  row.push_back(!rigorous ? "n/a" : best ? best->alpha->label : "none");
  row.push_back(rigorous ? std::to_string(certified) + " of " + std::to_string(cells.size()) : "n/a");
  std::string note;
  if (!rigorous) note = "not certified (non-rigorous scalar)";
  else if (!best) note = larger_undecided ? "no grid alpha certified; some undecided" : "no grid alpha certified";
  else if (is_largest) note = "largest grid alpha certified";
  else if (larger_undecided) note = "undecided at a larger grid alpha";
  if (threshold && !threshold->note.empty()) note += (note.empty() ? "" : "; ") + threshold->note;
  row.push_back(note.empty() ? "-" : note);
  return row;
}

table_section rows_section() {
  table_section s;
  s.title = "one row per (instance, eps, alpha, k)";
  s.columns = {{"instance", "instance", "instance"},
               {"eps", "eps", "$\\varepsilon$", false, false, true},
               {"alpha", "alpha", "$\\alpha$", false, false, true},
               {"k", "k", "$k$", true},
               {"theorem", "thm", "thm", true},
               {"precision_bits", "bits", "bits", true},
               {"hypotheses", "hypotheses", "hypotheses"},
               {"I_start", "I_k start", "$I_k$ start", false, true},
               {"I_end", "I_k end", "$I_k$ end", false, true},
               {"I_nonempty", "I_k non-empty", "$I_k \\neq \\emptyset$"},
               {"error_upper", "max error over I_k <=", "$\\max_{t \\in I_k} \\|W(t) - \\hat Y_k\\|_2 \\le$", false, false, true},
               {"verdict", "error <= eps on I_k", "$\\le \\varepsilon$ on $I_k$"},
               {"pieces", "pieces", "pieces", true},
               {"window_found", "eps-window", "window"},
               {"window_first", "window first", "window first", false, true},
               {"window_last", "window last", "window last", false, true},
               {"window_inside", "<= eps certified on", "$\\le \\varepsilon$ certified on", false, true},
               {"alpha_star_hyp", "alpha*_hyp", "$\\alpha^*_{\\mathrm{hyp}}$", false, true}};
  return s;
}

table_section summary_section() {
  table_section s;
  s.title = "per (instance, eps): the certified threshold alpha_true against alpha*_hyp";
  s.columns = {{"instance", "instance", "instance"},
               {"eps", "eps", "$\\varepsilon$", false, false, true},
               {"theorem", "thm", "thm", true},
               {"alpha_star_hyp", "alpha*_hyp", "$\\alpha^*_{\\mathrm{hyp}}$", false, true},
               {"log10_alpha_star_hyp", "log10 alpha*_hyp", "$\\log_{10} \\alpha^*_{\\mathrm{hyp}}$", false, true},
               {"alpha_true", "alpha_true in", "$\\alpha_{\\mathrm{true}} \\in$", false, true},
               {"log10_ratio", "log10(alpha_lo / alpha*_hyp)", "$\\log_{10}(\\alpha_{\\mathrm{lo}} / \\alpha^*_{\\mathrm{hyp}})$", false, true},
               {"ratio", "alpha_lo / alpha*_hyp", "$\\alpha_{\\mathrm{lo}} / \\alpha^*_{\\mathrm{hyp}}$", false, true},
               {"alpha_grid", "largest certified grid alpha", "largest certified grid $\\alpha$", false, false, true},
               {"certified_alphas", "certified alphas", "certified $\\alpha$"},
               {"note", "note", "note"}};
  return s;
}

std::vector<std::string> notes(int D) {
  return {
      "enclosures are printed as [lo, hi], lo rounded down and hi rounded up to " + std::to_string(D) +
          " significant digits: the exact value lies in between; ~x is an approximation (non-rigorous scalar); n/a: not available",
      "each instance file's alpha and epsilon are replaced by the grid's",
      "hypotheses: all hold, or those that fail / are undecided (names as in incert check)",
      "I_start, I_end: the endpoints of the theorem's interval I_k (paper eq. 16); I_end = inf for k = K",
      "error_upper: certified upper bound (rounded up) on max over t in I_k of ||W(t) - Y^_k||_2; verdict: is it <= eps on "
      "the whole of I_k; pieces: the subintervals of I_k used",
      "window_found: holds when a time t with ||W(t) - Y^_k||_2 <= eps is certified, fails when it is certified that there is "
      "none; window_first, window_last: enclosures of the first and last such time (inf: the set is unbounded); "
      "window_inside: a time interval on which ||W(t) - Y^_k||_2 <= eps is certified at every t, printed inward (lo rounded up, "
      "hi rounded down)",
      "alpha_star_hyp: the largest alpha at which every hypothesis of the theorem holds",
      "alpha_true in [alpha_lo, alpha_hi] (incert threshold, for every k at once): every eps-window E_k(alpha) = {t : "
      "||W_alpha(t) - Y^_k||_2 <= eps} is certified non-empty for EVERY alpha in (0, alpha_lo], and some E_k is certified "
      "empty at alpha_hi (inf: none is); ratio = alpha_lo / alpha_star_hyp, a certified lower bound of how conservative the "
      "theorem's hypotheses are; alpha_grid: the largest grid alpha at which every k has a window_inside",
      "alpha: as the grid gives it; a log-grid alpha 10^l is printed as 10^l rounded to nearest (6 or more significant digits, "
      "enough to tell the grid points apart); the computation uses 10^l exactly",
      "CSV: an enclosure column X is written as two columns X_lo, X_hi (inf for an unbounded end), and n/a or none in a "
      "numeric column as an empty cell"};
}

}  // namespace

void run_table_command(const table_options& o) {
  for (const auto& c : o.columns) {
    std::string known;
    bool found = false;
    for (const auto& col : rows_section().columns) {
      found = found || col.key == c;
      known += (known.empty() ? "" : ", ") + col.key;
    }
    if (!found) throw input_error("--columns", "unknown column \"" + c + "\" (the rows section has " + known + ")");
  }
  const table_grid g = read_grid(o.grid);
  const int D = o.digits ? *o.digits : g.digits;
  check_options what;
  what.scalar = *scalar_kind_from_name(g.scalar);
  what.bits = {g.precision, g.max_precision};

  table_document doc;
  doc.metadata = {{"generator", "incert table"},
                  {"incert_version", INCERT_VERSION},
                  {"git_commit", o.pin_commit ? *o.pin_commit : std::string(INCERT_GIT_COMMIT)},
                  {"command", o.command_line},
                  {"grid", g.path},
                  {"scalar", g.scalar},
                  {"precision_bits", std::to_string(g.precision)},
                  {"max_precision_bits", std::to_string(g.max_precision)},
                  {"digits", std::to_string(D)}};
  doc.notes = notes(D);
  doc.rows = rows_section();
  doc.summary = summary_section();

  std::vector<instance> instances;
  doc.inputs.push_back({g.path, sha256_file(g.path)});
  for (std::size_t i = 0; i < g.instance_paths.size(); ++i) {
    const std::string& p = g.instance_paths[i];
    try {
      instances.push_back(load_instance_file(p));
    } catch (const input_error& e) {
      const std::string what = e.what();
      const std::string problem = what.substr(std::min(what.size(), e.field().size() + 2));
      throw input_error(g.path + ": instances[" + std::to_string(i) + "] " + (e.field() == p ? p : p + ": " + e.field()), problem);
    }
    doc.inputs.push_back({p, sha256_file(p)});
  }

  // The cells, in output order: instance, then eps, then alpha.
  const std::size_t n_eps = g.eps.size(), n_alpha = g.alphas.size();
  struct cell_index {
    std::size_t instance, eps, alpha;
  };
  const auto index_of = [&](std::size_t c) { return cell_index{c / (n_eps * n_alpha), c / n_alpha % n_eps, c % n_alpha}; };
  // Then, with a rigorous scalar, one threshold cell per (instance, eps), in the same order.
  const std::size_t n_checks = instances.size() * n_eps * n_alpha;
  const bool with_thresholds = scalar_info_of(what.scalar).rigorous;
  grid_cells cells;
  cells.count = n_checks + (with_thresholds ? instances.size() * n_eps : 0);
  cells.compute = [&](std::size_t c) {
    if (c >= n_checks) {
      const std::size_t i = (c - n_checks) / n_eps, e = (c - n_checks) % n_eps;
      return threshold_to_line(compute_threshold_cells(instances[i], g.eps[e], g.precision, D));
    }
    const cell_index x = index_of(c);
    return to_line(compute_cell(instances[x.instance], g.alphas[x.alpha], g.eps[x.eps], what, D));
  };
  cells.label = [&](std::size_t c) {
    if (c >= n_checks)
      return g.instance_labels[(c - n_checks) / n_eps] + " eps=" + g.eps[(c - n_checks) % n_eps].label + " threshold";
    const cell_index x = index_of(c);
    return g.instance_labels[x.instance] + " eps=" + g.eps[x.eps].label + " alpha=" + g.alphas[x.alpha].label;
  };

  // What every record depends on: the journal's header (and what MPI ranks compare).
  json_doc inputs = json_doc::object();
  inputs["grid"] = g.path;
  inputs["inputs"] = json_doc::array();
  for (const auto& in : doc.inputs) inputs["inputs"].push_back({in.first, in.second});
  inputs["options"] = {{"digits", D}};
  const grid_schedule schedule = grid_schedule_for("incert table cells", inputs, cells.count, o.jobs,
                                                   o.resume ? std::optional(o.outputs.journal) : std::nullopt);
  grid_outcome result = run_grid(cells, schedule);
  if (!result.writes_output) return;  // an MPI worker rank

  std::vector<cell_record> records;
  records.reserve(n_checks);
  for (std::size_t c = 0; c < n_checks; ++c) records.push_back(from_line(result.records[c]));
  for (std::size_t c = 0; c < n_checks; ++c) {
    const cell_index x = index_of(c);
    for (const auto& k_row : records[c].rows) {
      std::vector<std::string> row{g.instance_labels[x.instance], g.eps[x.eps].label, g.alphas[x.alpha].label};
      row.insert(row.end(), k_row.begin(), k_row.end());
      doc.rows.rows.push_back(std::move(row));
    }
  }
  for (std::size_t i = 0; i < instances.size(); ++i)
    for (std::size_t e = 0; e < n_eps; ++e) {
      std::vector<summary_cell> group;
      for (std::size_t a = 0; a < n_alpha; ++a) group.push_back({&g.alphas[a], &records[(i * n_eps + e) * n_alpha + a]});
      std::optional<threshold_cells> th;
      if (with_thresholds) th = threshold_from_line(result.records[n_checks + i * n_eps + e]);
      doc.summary.rows.push_back(summary_row(g.instance_labels[i], g.eps[e], group, th));
    }

  table_layout layout;
  layout.columns = o.columns;
  layout.summary_only = o.summary_only;
  layout.landscape = o.landscape;
  write_outputs(o.outputs, [&](const std::string& format) {
    std::ostringstream text;
    write_table(text, doc, format, layout);
    return text.str();
  }, std::cout);
  result.finish();
}

}  // namespace incert::cli
