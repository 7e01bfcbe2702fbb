// src/random_init.cpp: incert random-init (see random_init.hpp).
#include "random_init.hpp"

#include "json_output.hpp"
#include "table_grid.hpp"

#include "incert/api/check.hpp"
#include "incert/api/format.hpp"
#include "incert/instance/load_instance.hpp"
#include "incert/io/decimal_format.hpp"
#include "incert/random/clopper_pearson.hpp"

#include <chrono>
#include <iostream>
#include <map>
#include <sstream>

namespace incert::cli {

namespace {

struct draw_row {
  std::uint64_t seed = 0;
  std::optional<std::pair<std::string, std::string>> M;  // outward-rounded decimal bounds
  verdict value = verdict::undecided;
  std::vector<std::string> failed, undecided;
  unsigned precision_bits = 0;
};

// Theorem 4's hypotheses for one draw, the precision doubled while some verdict (or M) is
// undecided (api/check.hpp's escalation); a verdict keeps the precision at which it was first decided.
draw_row check_draw(const instance& base, std::uint64_t seed, const random_init_options& o) {
  instance in = base;
  gaussian_spec g = *base.gaussian;
  g.seed = seed;
  draw_gaussian_init(in, g);
  check_options only_hypotheses;
  only_hypotheses.over_interval = false;
  only_hypotheses.eps_windows = false;
  only_hypotheses.bits = {o.precision, o.max_precision};
  // M is only missing for a W~0 not certified positive definite: retry unless it is singular.
  const auto open = [](const check_result& c) {
    bool undecided = false;
    for (const auto& h : c.hypotheses) undecided = undecided || h.value == verdict::undecided;
    const hypothesis_result* inv = c.hypothesis("W0_invertible");
    return undecided || (!c.M && !(inv && inv->value == verdict::fails));
  };
  const check_result c = escalate<check_result>(
      only_hypotheses.bits, false, [&](unsigned bits) { return check_at_precision(in, only_hypotheses, bits); }, open,
      [](const check_result& a, check_result b) { return merge_escalated(a, std::move(b)); });
  draw_row row;
  row.seed = seed;
  if (c.M) {
    const enclosure_text t = format_enclosure(*c.M, digits_or_all(o.json ? 0 : 12, c.precision_bits));
    row.M = std::make_pair(t.lo, t.hi);
  }
  row.precision_bits = c.precision_bits;
  row.value = verdict::holds;
  for (const auto& h : c.hypotheses) {
    row.value = conjunction(row.value, h.value);
    if (h.value == verdict::fails) row.failed.push_back(h.name);
    if (h.value == verdict::undecided) row.undecided.push_back(h.name);
  }
  return row;
}

std::string joined(const std::vector<std::string>& v) {
  std::string s;
  for (std::size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + v[i];
  return s;
}

}  // namespace

void run_random_init_command(const random_init_options& o) {
  const auto start = std::chrono::steady_clock::now();
  const instance base = load_instance_file(o.file);
  if (!base.gaussian)
    throw input_error("init", "random-init needs a Gaussian initialization, {\"gaussian\": {\"r\": R, \"seed\": S, \"scale\": X}}");

  std::vector<draw_row> rows;
  std::uint64_t holds = 0, fails = 0, undecided = 0;
  for (std::uint64_t s = o.from;; ++s) {
    rows.push_back(check_draw(base, s, o));
    const verdict v = rows.back().value;
    (v == verdict::holds ? holds : v == verdict::fails ? fails : undecided) += 1;
    if (s == o.to) break;
  }
  const std::uint64_t m = rows.size();
  // Conservative: undecided draws count as failures for the lower limit, as successes for the upper.
  const clopper_pearson_limits lower = clopper_pearson(holds, m), upper = clopper_pearson(holds + undecided, m);
  const int cp_digits = 10;
  const std::string cp_lo = format_lower(lower.lower, cp_digits), cp_hi = format_upper(upper.upper, cp_digits);
  std::string estimate;
  {
    precision_scope scope(128);
    const mpfi_float e = enclose_mpfi(mpq_class(static_cast<unsigned long>(holds)) / mpq_class(static_cast<unsigned long>(m)));
    estimate = format_decimal(scalar_traits<mpfi_float>::mid(e), 10, rounding_direction::nearest);
  }
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
    doc["epsilon"] = rational_text(base.epsilon);
    doc["n"] = base.n;
    doc["r"] = g.r;
    doc["scale"] = g.scale_text;
    doc["seeds"] = {{"from", o.from}, {"to", o.to}};
    doc["scalar"] = "mpfi";
    doc["certified"] = true;
    doc["precision_bits"] = o.precision;
    doc["max_precision_bits"] = o.max_precision;
    doc["draws"] = json_doc::array();
    for (const draw_row& r : rows)
      doc["draws"].push_back({{"seed", r.seed},
                              {"M", r.M ? json_doc{{"lo", r.M->first}, {"hi", r.M->second}} : json_doc(nullptr)},
                              {"verdict", to_string(r.value)},
                              {"failed", r.failed},
                              {"undecided", r.undecided},
                              {"precision_bits", r.precision_bits}});
    doc["count"] = {{"draws", m}, {"holds", holds}, {"fails", fails}, {"undecided", undecided}};
    doc["fraction_all_hold"] = {{"estimate", estimate},
                                {"clopper_pearson_95", {{"lo", cp_lo}, {"hi", cp_hi}}},
                                {"undecided_counted", undecided_rule}};
    doc["seconds"] = json_rounded(seconds);
    write_json(out, doc);
  } else {
    out << "  Theorem 4 hypotheses over Gaussian initializations, " << o.file << "\n"
        << "  n = " << base.n << ", r = " << g.r << ", scale " << g.scale_text << ", alpha = " << base.alpha.text
        << ", eps = " << rational_text(base.epsilon) << ", seeds " << o.from << ".." << o.to << " (" << m << " draws)\n"
        << "  scalar mpfi, " << o.precision << " bits (escalating to " << o.max_precision
        << " while undecided), certified enclosures (rounded outward)\n";
    out << "  seed  M  verdict  (failed | undecided hypotheses)  bits\n";
    for (const draw_row& r : rows) {
      out << "  " << r.seed << "  ";
      if (r.M) out << "[" << r.M->first << ", " << r.M->second << "]";
      else out << "none";
      out << "  " << to_string(r.value);
      if (!r.failed.empty()) out << "  failed: " << joined(r.failed);
      if (!r.undecided.empty()) out << "  undecided: " << joined(r.undecided);
      out << "  " << r.precision_bits << "\n";
    }
    out << "All hypotheses hold: " << holds << " of " << m << " draws (fail: " << fails << ", undecided: " << undecided << ")\n"
        << "Fraction: " << estimate << "; Clopper-Pearson 95% interval [" << cp_lo << ", " << cp_hi << "]\n"
        << "  (" << undecided_rule << ")\n";
  }
  std::cout << out.str();
}

}  // namespace incert::cli
