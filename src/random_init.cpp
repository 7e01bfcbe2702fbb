// src/random_init.cpp: incert random-init (see random_init.hpp).
#include "random_init.hpp"

#include "grid_engine.hpp"
#include "json_output.hpp"
#include "sha256.hpp"

#include "incert/api/check.hpp"
#include "incert/api/random_init.hpp"
#include "incert/api/format.hpp"
#include "incert/instance/load_instance.hpp"
#include "incert/io/decimal_format.hpp"

#include <chrono>
#include <iostream>
#include <map>
#include <sstream>

namespace incert::cli {

namespace {

std::string joined(const std::vector<std::string>& v) {
  std::string s;
  for (std::size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + v[i];
  return s;
}

// One draw as the grid engine's record: everything the output needs, M already printed (every
// bit for JSON, 12 digits for text, outward).
std::string draw_record(const draw_result& d) {
  json_doc r;
  r["seed"] = d.seed;
  r["verdict"] = to_string(d.value);
  r["failed"] = d.failed;
  r["undecided"] = d.undecided;
  r["precision_bits"] = d.precision_bits;
  r["eps_window_nonempty"] = json_doc::array();
  for (verdict v : d.eps_window_nonempty) r["eps_window_nonempty"].push_back(to_string(v));
  r["incremental"] = to_string(d.incremental);
  if (d.M) {
    const enclosure_text all = format_enclosure(*d.M, digits_or_all(0, d.precision_bits));
    const enclosure_text short12 = format_enclosure(*d.M, digits_or_all(12, d.precision_bits));
    r["M"] = {{"lo", all.lo}, {"hi", all.hi}, {"lo12", short12.lo}, {"hi12", short12.hi}};
  } else {
    r["M"] = nullptr;
  }
  return r.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

verdict verdict_of(const std::string& name) {
  return name == "holds" ? verdict::holds : name == "fails" ? verdict::fails : verdict::undecided;
}

}  // namespace

void run_random_init_command(const random_init_options& o) {
  const auto start = std::chrono::steady_clock::now();
  const instance base = load_instance_file(o.file);
  if (!base.gaussian) check_gaussian_draw(base, o.from, {o.precision, o.max_precision});  // the input_error naming "init"
  const precision_options bits{o.precision, o.max_precision};

  // Each seed is a cell of the grid engine: --jobs worker processes or MPI ranks, the same bytes.
  grid_cells cells;
  cells.count = static_cast<std::size_t>(o.to - o.from) + 1;
  cells.compute = [&](std::size_t i) { return draw_record(check_gaussian_draw(base, o.from + i, bits)); };
  cells.label = [&](std::size_t i) { return "seed " + std::to_string(o.from + i); };
  json_doc inputs = json_doc::object();
  inputs["instance"] = o.file;
  inputs["instance_sha256"] = sha256_file(o.file);
  inputs["options"] = {{"from", o.from}, {"to", o.to}, {"precision", o.precision}, {"max_precision", o.max_precision}};
  grid_outcome result = run_grid(cells, grid_schedule_for("incert random-init cells", inputs, cells.count, o.jobs, std::nullopt));
  if (!result.writes_output) return;  // an MPI worker rank

  std::vector<json_doc> draws;
  std::vector<verdict> verdicts, incremental;
  for (const std::string& line : result.records) {
    draws.push_back(json_doc::parse(line));
    verdicts.push_back(verdict_of(draws.back()["verdict"].get<std::string>()));
    incremental.push_back(verdict_of(draws.back()["incremental"].get<std::string>()));
  }
  const draw_summary sum = summarize_draws(verdicts), inc = summarize_draws(incremental);
  const std::string inc_lo = format_down(inc.clopper_pearson_lower.lo, 10), inc_hi = format_up(inc.clopper_pearson_upper.hi, 10);
  const std::string inc_estimate = format_nearest(inc.estimate, 10);
  const std::uint64_t m = draws.size(), holds = sum.holds, fails = sum.fails, undecided = sum.undecided;
  const int cp_digits = 10;
  const std::string cp_lo = format_down(sum.clopper_pearson_lower.lo, cp_digits), cp_hi = format_up(sum.clopper_pearson_upper.hi, cp_digits);
  const std::string estimate = format_nearest(sum.estimate, 10);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const std::string undecided_rule = "undecided draws counted as failures for lo and as successes for hi";

  std::ostringstream out;
  const gaussian_spec& g = *base.gaussian;
  if (o.json) {
    json_doc doc;
    doc["command"] = "random-init";
    doc["instance"] = o.file;
    doc["theorem"] = 4;
    doc["alpha"] = base.alpha.text;
    doc["epsilon"] = format_exact(base.epsilon);
    doc["n"] = base.n;
    doc["r"] = g.r;
    doc["scale"] = g.scale_text;
    doc["seeds"] = {{"from", o.from}, {"to", o.to}};
    doc["scalar"] = "mpfi";
    doc["certified"] = true;
    doc["precision_bits"] = o.precision;
    doc["max_precision_bits"] = o.max_precision;
    doc["draws"] = json_doc::array();
    for (const json_doc& r : draws) {
      const json_doc& M = r["M"];
      doc["draws"].push_back({{"seed", r["seed"]},
                              {"M", M.is_null() ? json_doc(nullptr) : json_doc{{"lo", M["lo"]}, {"hi", M["hi"]}}},
                              {"verdict", r["verdict"]},
                              {"failed", r["failed"]},
                              {"undecided", r["undecided"]},
                              {"precision_bits", r["precision_bits"]},
                              {"eps_window_nonempty", r["eps_window_nonempty"]},
                              {"incremental", r["incremental"]}});
    }
    doc["count"] = {{"draws", m}, {"holds", holds}, {"fails", fails}, {"undecided", undecided}};
    doc["fraction_all_hold"] = {{"estimate", estimate},
                                {"clopper_pearson_95", {{"lo", cp_lo}, {"hi", cp_hi}}},
                                {"undecided_counted", undecided_rule}};
    doc["count_incremental"] = {{"draws", m}, {"holds", inc.holds}, {"fails", inc.fails}, {"undecided", inc.undecided}};
    doc["fraction_incremental"] = {{"estimate", inc_estimate},
                                   {"clopper_pearson_95", {{"lo", inc_lo}, {"hi", inc_hi}}},
                                   {"undecided_counted", undecided_rule}};
    doc["seconds"] = json_rounded(seconds);
    write_json(out, doc);
  } else {
    out << "  Theorem 4 hypotheses over Gaussian initializations, " << o.file << "\n"
        << "  n = " << base.n << ", r = " << g.r << ", scale " << g.scale_text << ", alpha = " << base.alpha.text
        << ", eps = " << format_exact(base.epsilon) << ", seeds " << o.from << ".." << o.to << " (" << m << " draws)\n"
        << "  scalar mpfi, " << o.precision << " bits (escalating to " << o.max_precision
        << " while undecided), certified enclosures (rounded outward)\n";
    out << "  seed  M  verdict  (failed | undecided hypotheses)  bits  incremental (every E_k non-empty)\n";
    for (const json_doc& r : draws) {
      const json_doc& M = r["M"];
      out << "  " << r["seed"].get<std::uint64_t>() << "  ";
      if (!M.is_null()) out << "[" << M["lo12"].get<std::string>() << ", " << M["hi12"].get<std::string>() << "]";
      else out << "none";
      out << "  " << r["verdict"].get<std::string>();
      const auto failed = r["failed"].get<std::vector<std::string>>(), open = r["undecided"].get<std::vector<std::string>>();
      if (!failed.empty()) out << "  failed: " << joined(failed);
      if (!open.empty()) out << "  undecided: " << joined(open);
      out << "  " << r["precision_bits"].get<unsigned>() << "  incremental " << r["incremental"].get<std::string>() << "\n";
    }
    out << "All hypotheses hold: " << holds << " of " << m << " draws (fail: " << fails << ", undecided: " << undecided << ")\n"
        << "Fraction: " << estimate << "; Clopper-Pearson 95% interval [" << cp_lo << ", " << cp_hi << "]\n"
        << "  (" << undecided_rule << ")\n"
        << "Incremental learning of every k observed (E_k certified non-empty at alpha for k = 1..K): " << inc.holds << " of " << m
        << " draws (fail: " << inc.fails << ", undecided: " << inc.undecided << ")\n"
        << "Fraction: " << inc_estimate << "; Clopper-Pearson 95% interval [" << inc_lo << ", " << inc_hi << "]\n";
  }
  std::cout << out.str();
}

}  // namespace incert::cli
