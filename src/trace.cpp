// src/trace.cpp: `incert trace` (trace.hpp): the library's trace_result as CSV or JSON.
#include "trace.hpp"

#include "csv_output.hpp"
#include "json_output.hpp"
#include "plot_svg.hpp"

#include "incert/instance/load_instance.hpp"

namespace incert::cli {

namespace {

constexpr int trace_digits = 17;

json_doc values_json(const trace_values& v) {
  json_doc j = json_doc::object();
  j["error"] = json_doc::array();
  for (const auto& e : v.error) j["error"].push_back(json_enclosure(e, trace_digits));
  j["eigenvalues"] = json_doc::array();
  for (const auto& e : v.eigenvalues) j["eigenvalues"].push_back(json_enclosure(e, trace_digits));
  return j;
}

json_doc trace_json(const trace_result& r, const trace_command_options& o) {
  json_doc d = json_doc::object();
  d["command"] = "trace";
  d["instance"] = r.instance;
  d["scalar"] = "mpfi";
  d["certified"] = true;
  d["precision_bits"] = r.precision_bits;
  d["n"] = r.n;
  d["K"] = r.K;
  d["from"] = format_exact(o.trace.from);
  d["to"] = format_exact(o.trace.to);
  d["points"] = o.trace.points;
  d["epsilon"] = json_enclosure(r.epsilon, trace_digits);
  d["targets"] = json_doc::array();
  for (const auto& s : r.targets) d["targets"].push_back(json_enclosure(s, trace_digits));
  d["hypotheses"] = json_doc::array();
  for (const auto& h : r.check.hypotheses) d["hypotheses"].push_back({{"name", h.name}, {"verdict", json_verdict(h.value, true)}});
  d["intervals"] = json_doc::array();
  for (const auto& I : r.check.intervals)
    d["intervals"].push_back({{"k", I.k},
                              {"lo", json_enclosure(I.lo, trace_digits)},
                              {"hi", I.unbounded ? json_doc("inf") : json_enclosure(I.hi, trace_digits)},
                              {"nonempty", json_verdict(I.nonempty, true)}});
  d["eps_windows"] = json_doc::array();
  for (const auto& w : r.check.eps_windows) {
    json_doc j = json_doc::object();
    j["k"] = w.k;
    j["found"] = json_verdict(w.found, true);
    j["first"] = json_enclosure(w.first, trace_digits);
    j["last"] = w.last_infinite ? json_doc("inf") : json_enclosure(w.last, trace_digits);
    const auto inside = w.inside_lo && w.inside_hi ? format_inside(*w.inside_lo, *w.inside_hi, trace_digits) : std::nullopt;
    if (inside) j["inside"] = {{"lo", inside->first}, {"hi", inside->second}};
    else if (w.inside_lo && !w.inside_hi) j["inside"] = {{"lo", format_up(*w.inside_lo, trace_digits)}, {"hi", "inf"}};
    else j["inside"] = nullptr;
    d["eps_windows"].push_back(j);
  }
  d["samples"] = json_doc::array();
  for (const auto& s : r.samples) {
    json_doc j = json_doc::object();
    j["t"] = s.t_text;
    const json_doc v = values_json(s.values);
    j["error"] = v["error"];
    j["eigenvalues"] = v["eigenvalues"];
    d["samples"].push_back(j);
  }
  d["ranges"] = json_doc::array();
  for (const auto& R : r.ranges) {
    json_doc j = json_doc::object();
    j["from"] = R.from_text;
    j["to"] = R.to_text;
    const json_doc v = values_json(R.values);
    j["error"] = v["error"];
    j["eigenvalues"] = v["eigenvalues"];
    d["ranges"].push_back(j);
  }
  d["seconds"] = json_rounded(r.seconds);
  return d;
}

void csv_values(std::vector<std::string>& row, const trace_values& v) {
  for (const auto* list : {&v.error, &v.eigenvalues})
    for (const auto& e : *list) {
      if (!e) {
        row.push_back("");
        row.push_back("");
        continue;
      }
      const enclosure_text t = format_enclosure(*e, trace_digits);
      row.push_back(t.lo);
      row.push_back(t.hi);
    }
}

void trace_csv(std::ostream& os, const trace_result& r, const trace_command_options& o) {
  write_csv_comment(os, "incert trace " + r.instance + " --from " + format_exact(o.trace.from) + " --to " +
                            format_exact(o.trace.to) + " --points " + std::to_string(o.trace.points));
  write_csv_comment(os, "mpfi, " + std::to_string(r.precision_bits) +
                            " bits, certified; enclosures as _lo/_hi columns rounded outward to 17 digits. kind sample: at the "
                            "time t_from = t_to; kind range: valid for EVERY t in [t_from, t_to]. error_k = ||W(t) - Y^_k||_2, "
                            "lambda_i = the i-th largest eigenvalue of W(t); empty: not certified");
  std::vector<std::string> header{"kind", "t_from", "t_to"};
  for (std::size_t k = 1; k <= r.K; ++k) {
    header.push_back("error" + std::to_string(k) + "_lo");
    header.push_back("error" + std::to_string(k) + "_hi");
  }
  for (std::size_t i = 1; i <= r.n; ++i) {
    header.push_back("lambda" + std::to_string(i) + "_lo");
    header.push_back("lambda" + std::to_string(i) + "_hi");
  }
  write_csv_row(os, header);
  // In time order: sample t_0, range [t_0, t_1], sample t_1, ...
  for (std::size_t j = 0; j < r.samples.size(); ++j) {
    std::vector<std::string> row{"sample", r.samples[j].t_text, r.samples[j].t_text};
    csv_values(row, r.samples[j].values);
    write_csv_row(os, row);
    if (j < r.ranges.size()) {
      std::vector<std::string> range{"range", r.ranges[j].from_text, r.ranges[j].to_text};
      csv_values(range, r.ranges[j].values);
      write_csv_row(os, range);
    }
  }
}

}  // namespace

void run_trace_command(const trace_command_options& o, std::ostream& os) {
  if (o.plot) check_output_path(*o.plot, "--plot");
  try {
    (void)trace_grid(o.trace.from, o.trace.to, o.trace.points);  // a grid the library refuses is a usage problem
  } catch (const std::invalid_argument& e) {
    const std::string what = e.what();
    throw input_error("--points", what.substr(what.find(": ") + 2));
  }
  const instance in = load_instance_file(o.file);
  const trace_result r = trace(in, o.trace);
  if (o.plot) write_figure(trace_figure_svg(r, o.log_y), *o.plot, "--plot");
  if (o.format == "json") write_json(os, trace_json(r, o));
  else trace_csv(os, r, o);
}

}  // namespace incert::cli
