// src/sweep.cpp: the alpha-sweep table (CSV or JSON).
#include "sweep.hpp"

#include "csv_output.hpp"
#include "incert/api/alpha_grid.hpp"
#include "incert/api/format.hpp"
#include "grid_engine.hpp"
#include "json_output.hpp"
#include "report.hpp"
#include "sha256.hpp"

#include "incert/io/decimal_format.hpp"
#include "incert/scalar/types.hpp"

#include <chrono>
#include <iomanip>
#include <map>
#include <sstream>

namespace incert::cli {


namespace {

constexpr int sweep_digits = 16;

// A grid point as a decimal a parser reads (17 significant digits, nearest): exact when it terminates.
std::string decimal_17(const mpq_class& q) {
  if (auto exact = format_exact_decimal(q)) return *exact;
  return format_nearest(q, 17);
}

std::string rounded_3(double x) {
  std::ostringstream s;
  s << std::setprecision(3) << x;
  return s.str();
}

std::string csv_cell(const std::optional<enclosure>& e, bool hi) {
  if (!e) return "";
  const enclosure_text t = format_enclosure(*e, sweep_digits);
  return hi ? t.hi : t.lo;
}

}  // namespace

namespace {

// The record of one alpha (one line of JSON): its row's cells and its check.
std::string sweep_record(const check_result& c, std::size_t K) {
  json_doc j = json_doc::object();
  j["theorem"] = std::to_string(c.theorem);
  j["precision_bits"] = std::to_string(c.precision_bits);
  j["seconds"] = rounded_3(c.seconds);
  j["max_relative_width"] = rounded_3(c.max_relative_width);
  j["log10_alpha_star_hyp"] = {csv_cell(c.log10_alpha_star_hyp, false), csv_cell(c.log10_alpha_star_hyp, true)};
  j["hypotheses"] = json_doc::array();
  for (const auto& h : c.hypotheses) j["hypotheses"].push_back({h.name, to_string(h.value)});
  j["k"] = json_doc::array();
  for (std::size_t k = 1; k <= K; ++k) {
    const interval_result* I = nullptr;
    for (const auto& r : c.intervals)
      if (r.k == k) I = &r;
    const conclusion_result* mid = nullptr;
    for (const auto& r : c.conclusions)
      if (r.k == k && r.where == "mid") mid = &r;
    const range_conclusion_result* over = nullptr;  // the conclusion for every t of I_k
    for (const auto& r : c.over_interval)
      if (r.k == k && r.where == "interval") over = &r;
    if (!I) {
      j["k"].push_back(nullptr);
      continue;
    }
    j["k"].push_back({csv_cell(I->lo, false), csv_cell(I->lo, true), I->unbounded ? "inf" : csv_cell(I->hi, false),
                      I->unbounded ? "inf" : csv_cell(I->hi, true), csv_cell(I->lo_over_log_inv_alpha, false),
                      csv_cell(I->lo_over_log_inv_alpha, true), I->unbounded ? "inf" : csv_cell(I->hi_over_log_inv_alpha, false),
                      I->unbounded ? "inf" : csv_cell(I->hi_over_log_inv_alpha, true), to_string(I->nonempty),
                      mid ? csv_cell(mid->error, true) : "", mid ? to_string(mid->value) : "",
                      over && over->error_upper ? format_up(*over->error_upper, sweep_digits) : "", over ? to_string(over->value) : ""});
  }
  j["check"] = to_json(c, sweep_digits);
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

void run_sweep(const instance& in_base, const sweep_options& o, std::ostream& os) {
  if (o.points < 2) throw std::invalid_argument("--points must be at least 2");
  const mpq_class l0 = log10_grid_point(o.alpha_from), l1 = log10_grid_point(o.alpha_to);
  std::vector<mpq_class> grid;
  for (unsigned j = 0; j < o.points; ++j) {
    mpq_class l = l0 + (l1 - l0) * mpq_class(j, o.points - 1);
    l.canonicalize();
    grid.push_back(l);
  }
  const std::size_t K = in_base.K;

  grid_cells cells;
  cells.count = grid.size();
  cells.compute = [&](std::size_t j) {
    instance in = in_base;
    in.alpha = alpha_spec{std::nullopt, grid[j], "10^(" + format_exact(grid[j]) + ")"};
    return sweep_record(check(in, o.check), K);
  };
  cells.label = [&](std::size_t j) { return "alpha=10^(" + format_exact(grid[j]) + ")"; };

  json_doc inputs = json_doc::object();
  inputs["instance"] = in_base.source;
  inputs["instance_sha256"] = sha256_file(in_base.source);
  inputs["options"] = {{"alpha_from", o.alpha_from.get_str()}, {"alpha_to", o.alpha_to.get_str()}, {"points", o.points},
                       {"scalar", scalar_info_of(o.check.scalar).name}, {"precision", o.check.bits.precision},
                       {"max_precision", o.check.bits.max_precision}};
  const grid_schedule schedule = grid_schedule_for("incert sweep cells", inputs, cells.count, o.jobs,
                                                   o.resume ? std::optional(o.outputs.journal) : std::nullopt);
  grid_outcome result = run_grid(cells, schedule);
  if (!result.writes_output) return;  // an MPI worker rank
  std::vector<json_doc> rows;
  rows.reserve(cells.count);
  for (const std::string& line : result.records) rows.push_back(json_doc::parse(line));

  const auto render = [&](const std::string& format) {
    std::ostringstream out;
    if (format == "json") {
      json_doc doc;
      doc["command"] = o.command_line;
      doc["instance"] = in_base.source;
      doc["rows"] = json_doc::array();
      for (std::size_t j = 0; j < rows.size(); ++j)
        doc["rows"].push_back({{"log10_alpha", decimal_17(grid[j])}, {"log10_alpha_exact", format_exact(grid[j])}, {"check", rows[j]["check"]}});
      write_json(out, doc);
      return out.str();
    }
    // CSV: header comments, one column header line, one line per alpha.
    write_csv_comment(out, o.command_line);
    write_csv_comment(out, "instance " + in_base.source +
                               "; enclosures as _lo/_hi columns (outward rounded); log10_alpha: the grid point as a decimal "
                               "(17 digits), log10_alpha_exact: the exact rational used; t_over_log = t / ln(1/alpha); "
                               "error_mid = ||W(t) - Y^_k||_2 at the midpoint of I_k; error_max = certified upper bound of "
                               "||W(t) - Y^_k||_2 over the whole of I_k, verdict_over: is it <= epsilon on all of I_k");
    std::vector<std::string> header{"log10_alpha", "log10_alpha_exact", "theorem", "precision_bits", "seconds", "max_relative_width",
                                    "epsilon", "log10_alpha_star_hyp_lo", "log10_alpha_star_hyp_hi"};
    std::vector<std::string> hyp_names;
    for (const auto& h : rows.front()["hypotheses"]) hyp_names.push_back(h[0].get<std::string>());
    header.insert(header.end(), hyp_names.begin(), hyp_names.end());
    for (std::size_t k = 1; k <= K; ++k) {
      const std::string p = "I" + std::to_string(k) + "_";
      for (const char* c : {"start_lo", "start_hi", "end_lo", "end_hi", "start_over_log_lo", "start_over_log_hi", "end_over_log_lo",
                            "end_over_log_hi", "nonempty", "error_mid_hi", "verdict_mid", "error_max_hi", "verdict_over"})
        header.push_back(p + c);
    }
    write_csv_row(out, header);
    for (std::size_t j = 0; j < rows.size(); ++j) {
      const json_doc& r = rows[j];
      std::vector<std::string> row{decimal_17(grid[j]), format_exact(grid[j]), r["theorem"].get<std::string>(),
                                   r["precision_bits"].get<std::string>(), r["seconds"].get<std::string>(),
                                   r["max_relative_width"].get<std::string>(), format_exact(in_base.epsilon),
                                   r["log10_alpha_star_hyp"][0].get<std::string>(), r["log10_alpha_star_hyp"][1].get<std::string>()};
      std::map<std::string, std::string> hv;
      for (const auto& h : r["hypotheses"]) hv[h[0].get<std::string>()] = h[1].get<std::string>();
      for (const auto& h : hyp_names) row.push_back(hv.count(h) ? hv[h] : "");
      for (const auto& k : r["k"]) {
        if (k.is_null()) row.insert(row.end(), 13, "");
        else
          for (const auto& cell : k) row.push_back(cell.get<std::string>());
      }
      write_csv_row(out, row);
    }
    return out.str();
  };
  write_outputs(o.outputs, render, os);
  result.finish();
}

}  // namespace incert::cli
