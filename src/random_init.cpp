// src/random_init.cpp: incert random-init (see random_init.hpp).
#include "random_init.hpp"

#include "json_output.hpp"

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

}  // namespace

void run_random_init_command(const random_init_options& o) {
  const auto start = std::chrono::steady_clock::now();
  const instance base = load_instance_file(o.file);
  const random_init_result res = random_init(base, o.from, o.to, {o.precision, o.max_precision});
  const std::uint64_t m = res.draws.size(), holds = res.holds, fails = res.fails, undecided = res.undecided;
  const int cp_digits = 10;
  const std::string cp_lo = format_down(res.clopper_pearson_lower.lo, cp_digits), cp_hi = format_up(res.clopper_pearson_upper.hi, cp_digits);
  const std::string estimate = format_nearest(res.estimate, 10);
  // M: every bit in JSON, 12 digits in text, outward.
  const auto M_text = [&](const draw_result& d) -> std::optional<std::pair<std::string, std::string>> {
    if (!d.M) return std::nullopt;
    const enclosure_text t = format_enclosure(*d.M, digits_or_all(o.json ? 0 : 12, d.precision_bits));
    return std::make_pair(t.lo, t.hi);
  };
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
    for (const draw_result& r : res.draws) {
      const auto M = M_text(r);
      doc["draws"].push_back({{"seed", r.seed},
                              {"M", M ? json_doc{{"lo", M->first}, {"hi", M->second}} : json_doc(nullptr)},
                              {"verdict", to_string(r.value)},
                              {"failed", r.failed},
                              {"undecided", r.undecided},
                              {"precision_bits", r.precision_bits}});
    }
    doc["count"] = {{"draws", m}, {"holds", holds}, {"fails", fails}, {"undecided", undecided}};
    doc["fraction_all_hold"] = {{"estimate", estimate},
                                {"clopper_pearson_95", {{"lo", cp_lo}, {"hi", cp_hi}}},
                                {"undecided_counted", undecided_rule}};
    doc["seconds"] = json_rounded(seconds);
    write_json(out, doc);
  } else {
    out << "  Theorem 4 hypotheses over Gaussian initializations, " << o.file << "\n"
        << "  n = " << base.n << ", r = " << g.r << ", scale " << g.scale_text << ", alpha = " << base.alpha.text
        << ", eps = " << format_exact(base.epsilon) << ", seeds " << o.from << ".." << o.to << " (" << m << " draws)\n"
        << "  scalar mpfi, " << o.precision << " bits (escalating to " << o.max_precision
        << " while undecided), certified enclosures (rounded outward)\n";
    out << "  seed  M  verdict  (failed | undecided hypotheses)  bits\n";
    for (const draw_result& r : res.draws) {
      const auto M = M_text(r);
      out << "  " << r.seed << "  ";
      if (M) out << "[" << M->first << ", " << M->second << "]";
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
