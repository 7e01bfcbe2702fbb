// src/random_init.cpp: incert random-init (see random_init.hpp).
#include "random_init.hpp"

#include "table_grid.hpp"

#include "incert/flow/enclosed_problem.hpp"
#include "incert/instance/load_instance.hpp"
#include "incert/io/decimal_format.hpp"
#include "incert/io/json_quote.hpp"
#include "incert/random/clopper_pearson.hpp"
#include "incert/theory/theorem_check.hpp"

#include <chrono>
#include <iostream>
#include <map>
#include <sstream>

namespace incert::cli {

namespace {

constexpr std::uint64_t max_draws = 100000;  // the Clopper-Pearson tails cost O(draws) per step

struct random_init_options {
  std::string file;
  std::uint64_t from = 0, to = 0;
  bool json = false;
  unsigned precision = 128, max_precision = 4096;
};

struct draw_row {
  std::uint64_t seed = 0;
  std::optional<std::pair<std::string, std::string>> M;  // outward-rounded decimal bounds
  verdict value = verdict::undecided;
  std::vector<std::string> failed, undecided;
  unsigned precision_bits = 0;
};

// A whole decimal number (digits only) up to 2^64 - 1.
std::optional<std::uint64_t> parse_u64(const std::string& s) {
  if (s.empty() || s.size() > 20 || s.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  mpz_class z(s, 10);
  if (z > (mpz_class(1) << 64) - 1) return std::nullopt;
  return (std::uint64_t(mpz_class(z >> 32).get_ui()) << 32) | std::uint64_t(mpz_class(z & mpz_class(0xffffffffu)).get_ui());
}

unsigned parse_bits(const std::string& flag, const std::string& value) {
  if (value.empty() || value.size() > 7 || value.find_first_not_of("0123456789") != std::string::npos)
    throw random_init_usage_error(flag + ": expected a whole number of bits, got \"" + value + "\"");
  const unsigned long b = std::stoul(value);
  if (b < 24 || b > 1000000) throw random_init_usage_error(flag + ": must be between 24 and 1000000 bits, got " + value);
  return static_cast<unsigned>(b);
}

random_init_options parse(int argc, char** argv) {
  random_init_options o;
  bool seeds_given = false, max_given = false;
  for (int i = 2; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) throw random_init_usage_error(a + ": missing value");
      return argv[++i];
    };
    if (a == "--seeds") {
      const std::string v = value();
      const std::size_t dots = v.find("..");
      std::optional<std::uint64_t> lo, hi;
      if (dots != std::string::npos) {
        lo = parse_u64(v.substr(0, dots));
        hi = parse_u64(v.substr(dots + 2));
      }
      if (!lo || !hi)
        throw random_init_usage_error("--seeds: expected A..B with whole numbers 0 <= A <= B <= 18446744073709551615, got \"" + v + "\"");
      if (*lo > *hi) throw random_init_usage_error("--seeds: the first seed is above the last, got \"" + v + "\"");
      if (*hi - *lo >= max_draws)
        throw random_init_usage_error("--seeds: at most " + std::to_string(max_draws) + " seeds per run, got \"" + v + "\"");
      o.from = *lo;
      o.to = *hi;
      seeds_given = true;
    } else if (a == "--json") {
      o.json = true;
    } else if (a == "--precision") {
      o.precision = parse_bits(a, value());
    } else if (a == "--max-precision") {
      o.max_precision = parse_bits(a, value());
      max_given = true;
    } else if (!a.empty() && a[0] == '-') {
      throw random_init_usage_error("unknown option " + a + " for random-init");
    } else if (o.file.empty()) {
      o.file = a;
    } else {
      throw random_init_usage_error("unexpected argument \"" + a + "\"");
    }
  }
  if (o.file.empty()) throw random_init_usage_error("missing instance FILE");
  if (!seeds_given) throw random_init_usage_error("random-init needs --seeds A..B");
  if (!max_given && o.max_precision < o.precision) o.max_precision = o.precision;
  if (o.max_precision < o.precision) throw random_init_usage_error("--max-precision is below --precision");
  return o;
}

// Theorem 4's hypotheses for one draw, the precision doubled while some verdict (or M) is
// undecided; a verdict keeps the precision at which it was first decided.
draw_row check_draw(const instance& base, std::uint64_t seed, const random_init_options& o) {
  instance in = base;
  gaussian_spec g = *base.gaussian;
  g.seed = seed;
  draw_gaussian_init(in, g);
  draw_row row;
  row.seed = seed;
  std::map<std::string, std::pair<verdict, unsigned>> decided;
  std::vector<std::string> order;
  theorem_check_options only_hypotheses;
  only_hypotheses.over_interval = false;
  only_hypotheses.eps_windows = false;
  for (unsigned bits = o.precision;; bits *= 2) {
    precision_scope scope(bits);
    const enclosed_problem<mpfi_float> p = enclose_problem<mpfi_float>(in);
    const theorem_check<mpfi_float> c = check_theorem(in, p, {}, only_hypotheses);
    bool open = false;
    for (const auto& h : c.hypotheses) {
      if (!decided.count(h.name)) order.push_back(h.name);
      auto& d = decided.emplace(h.name, std::make_pair(verdict::undecided, 0u)).first->second;
      if (d.first == verdict::undecided) d = {h.value, bits};
      open = open || d.first == verdict::undecided;
    }
    if (c.constants.M) {
      const int digits = o.json ? digits_for_bits(bits) : 12;
      row.M = std::make_pair(format_lower(*c.constants.M, digits), format_upper(*c.constants.M, digits));
    }
    // M is only missing for a W~0 not certified positive definite: retry unless it is singular.
    const bool singular = decided.count("W0_invertible") && decided["W0_invertible"].first == verdict::fails;
    open = open || (!c.constants.M && !singular);
    row.precision_bits = bits;
    if (!open || bits * 2 > o.max_precision) break;
  }
  row.value = verdict::holds;
  for (const std::string& name : order) {
    const auto& d = decided[name];
    row.value = conjunction(row.value, d.first);
    if (d.first == verdict::fails) row.failed.push_back(name);
    if (d.first == verdict::undecided) row.undecided.push_back(name);
  }
  return row;
}

std::string json_string(const std::string& s) { return json::quote(s); }

std::string names_json(const std::vector<std::string>& v) {
  std::string s = "[";
  for (std::size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + json_string(v[i]);
  return s + "]";
}

std::string joined(const std::vector<std::string>& v) {
  std::string s;
  for (std::size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + v[i];
  return s;
}

}  // namespace

void run_random_init_command(int argc, char** argv) {
  const auto start = std::chrono::steady_clock::now();
  const random_init_options o = parse(argc, argv);
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
    out << "{\"command\": \"random-init\", \"instance\": " << json_string(o.file) << ", \"theorem\": 4"
        << ", \"alpha\": " << json_string(base.alpha.text) << ", \"epsilon\": " << json_string(rational_text(base.epsilon))
        << ", \"n\": " << base.n << ", \"r\": " << g.r << ", \"scale\": " << json_string(g.scale_text)
        << ", \"seeds\": {\"from\": " << o.from << ", \"to\": " << o.to << "}"
        << ", \"scalar\": \"mpfi\", \"certified\": true, \"precision_bits\": " << o.precision
        << ", \"max_precision_bits\": " << o.max_precision << ",\n \"draws\": [";
    for (std::size_t i = 0; i < rows.size(); ++i) {
      const draw_row& r = rows[i];
      out << (i ? ",\n  " : "\n  ") << "{\"seed\": " << r.seed << ", \"M\": ";
      if (r.M) out << "{\"lo\": " << json_string(r.M->first) << ", \"hi\": " << json_string(r.M->second) << "}";
      else out << "null";
      out << ", \"verdict\": \"" << to_string(r.value) << "\", \"failed\": " << names_json(r.failed)
          << ", \"undecided\": " << names_json(r.undecided) << ", \"precision_bits\": " << r.precision_bits << "}";
    }
    out << "],\n \"count\": {\"draws\": " << m << ", \"holds\": " << holds << ", \"fails\": " << fails
        << ", \"undecided\": " << undecided << "},\n \"fraction_all_hold\": {\"estimate\": " << json_string(estimate)
        << ", \"clopper_pearson_95\": {\"lo\": " << json_string(cp_lo) << ", \"hi\": " << json_string(cp_hi) << "}"
        << ", \"undecided_counted\": " << json_string(undecided_rule) << "},\n \"seconds\": " << seconds << "}\n";
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
