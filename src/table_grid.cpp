// src/table_grid.cpp: reading and validating a table grid file.
#include "table_grid.hpp"

#include "incert/api/alpha_grid.hpp"
#include "incert/api/format.hpp"
#include "incert/instance/load_instance.hpp"

#include <filesystem>
#include <map>
#include <set>

namespace incert::cli {

namespace {

struct grid_reader {
  std::string file;

  [[noreturn]] void bad(const std::string& field, const std::string& problem) const {
    throw input_error(file + ": " + field, problem);
  }

  mpq_class number(const json::value& v, const std::string& field) const {
    try {
      return detail::read_number(v, field);
    } catch (const input_error& e) {
      std::string what = e.what();
      bad(field, what.substr(e.field().size() + 2));
    }
  }

  static std::string text_of(const json::value& v) { return v.is_string() ? v.as_string() : v.number_text(); }

  long whole(const json::value& v, const std::string& field, long lo, long hi) const {
    mpq_class q = number(v, field);
    if (q.get_den() != 1 || q < lo || q > hi)
      bad(field, "expected a whole number from " + std::to_string(lo) + " to " + std::to_string(hi) + ", got " + text_of(v));
    return q.get_num().get_si();
  }

  const json::value& array(const json::value& root, const char* key) const {
    const json::value* v = root.find(key);
    if (!v) bad(key, "missing field");
    if (!v->is_array()) bad(key, std::string("expected an array, found ") + json::kind_name(v->kind()));
    if (v->items().empty()) bad(key, "must not be empty");
    return *v;
  }
};

}  // namespace

table_grid read_grid(const std::string& path) {
  grid_reader rd{path};
  const json::value root = read_json_file(path);
  if (!root.is_object()) rd.bad("(top level)", std::string("expected an object, found ") + json::kind_name(root.kind()));
  for (const auto& kv : root.members()) {
    static const std::set<std::string> known{"instances", "alphas", "eps", "scalar", "precision",
                                             "max_precision", "digits", "name", "description"};
    if (!known.count(kv.first)) rd.bad(kv.first, "unknown field");
  }

  table_grid g;
  g.path = path;

  // instances
  const std::filesystem::path base = std::filesystem::path(path).parent_path();
  const json::value& inst = rd.array(root, "instances");
  std::map<std::string, int> stems;
  for (std::size_t i = 0; i < inst.items().size(); ++i) {
    const json::value& v = inst.items()[i];
    const std::string field = "instances[" + std::to_string(i) + "]";
    if (!v.is_string() || v.as_string().empty()) rd.bad(field, "expected a file path (string)");
    std::filesystem::path p(v.as_string());
    if (p.is_relative()) p = base / p;
    std::string resolved = p.lexically_normal().generic_string();
    for (const auto& earlier : g.instance_paths)
      if (earlier == resolved) rd.bad(field, "duplicate instance " + resolved);
    g.instance_paths.push_back(resolved);
    g.instance_labels.push_back(p.stem().generic_string());
    ++stems[g.instance_labels.back()];
  }
  for (std::size_t i = 0; i < g.instance_labels.size(); ++i)
    if (stems[g.instance_labels[i]] > 1) g.instance_labels[i] = g.instance_paths[i];

  // alphas
  const json::value* a = root.find("alphas");
  if (!a) rd.bad("alphas", "missing field");
  if (a->is_object()) {
    g.log_grid = true;
    for (const auto& kv : a->members())
      if (kv.first != "log10_from" && kv.first != "log10_to" && kv.first != "points") rd.bad("alphas." + kv.first, "unknown field");
    for (const char* key : {"log10_from", "log10_to", "points"})
      if (!a->find(key)) rd.bad(std::string("alphas.") + key, "missing field");
    const mpq_class from = rd.number(*a->find("log10_from"), "alphas.log10_from");
    const mpq_class to = rd.number(*a->find("log10_to"), "alphas.log10_to");
    const long points = rd.whole(*a->find("points"), "alphas.points", 2, 10000);
    if (from == to) rd.bad("alphas.log10_to", "equals log10_from: the grid would repeat one alpha");
    std::vector<mpq_class> ls;
    for (long j = 0; j < points; ++j) {
      mpq_class l = from + (to - from) * mpq_class(j, points - 1);
      l.canonicalize();
      ls.push_back(l);
    }
    const std::vector<std::string> labels = log_grid_labels(ls);  // decimals: 10^l to nearest
    for (std::size_t j = 0; j < ls.size(); ++j) {
      grid_alpha ga;
      ga.spec.log10 = ls[j];
      ga.spec.text = "10^(" + format_exact(ls[j]) + ")";
      ga.label = labels[j];
      ga.order = ls[j];
      g.alphas.push_back(ga);
    }
  } else if (a->is_array()) {
    const json::value& arr = rd.array(root, "alphas");
    for (std::size_t i = 0; i < arr.items().size(); ++i) {
      const std::string field = "alphas[" + std::to_string(i) + "]";
      const json::value& v = arr.items()[i];
      grid_alpha ga;
      ga.order = rd.number(v, field);
      if (ga.order <= 0) rd.bad(field, "must be positive, got " + grid_reader::text_of(v));
      for (std::size_t j = 0; j < g.alphas.size(); ++j)
        if (g.alphas[j].order == ga.order) rd.bad(field, "duplicate of alphas[" + std::to_string(j) + "]");
      ga.spec.value = ga.order;
      ga.spec.text = ga.label = grid_reader::text_of(v);
      g.alphas.push_back(ga);
    }
  } else {
    rd.bad("alphas", std::string("expected an array of exact decimals or {\"log10_from\", \"log10_to\", \"points\"}, found ") +
                         json::kind_name(a->kind()));
  }

  // eps
  const json::value& e = rd.array(root, "eps");
  for (std::size_t i = 0; i < e.items().size(); ++i) {
    const std::string field = "eps[" + std::to_string(i) + "]";
    grid_eps ge;
    ge.value = rd.number(e.items()[i], field);
    ge.label = grid_reader::text_of(e.items()[i]);
    if (ge.value <= 0) rd.bad(field, "must be positive, got " + ge.label);
    for (std::size_t j = 0; j < g.eps.size(); ++j)
      if (g.eps[j].value == ge.value) rd.bad(field, "duplicate of eps[" + std::to_string(j) + "]");
    g.eps.push_back(ge);
  }

  // options
  if (const json::value* s = root.find("scalar")) {
    static const std::set<std::string> names{"mpfi", "interval", "mpfr", "double", "long-double"};
    if (!s->is_string() || !names.count(s->as_string()))
      rd.bad("scalar", "expected one of \"mpfi\", \"interval\", \"mpfr\", \"double\", \"long-double\"");
    g.scalar = s->as_string();
  }
  bool max_given = false;
  if (const json::value* p = root.find("precision")) g.precision = static_cast<unsigned>(rd.whole(*p, "precision", 24, 1000000));
  if (const json::value* p = root.find("max_precision")) {
    g.max_precision = static_cast<unsigned>(rd.whole(*p, "max_precision", 24, 1000000));
    max_given = true;
  }
  if (!max_given && g.max_precision < g.precision) g.max_precision = g.precision;
  if (g.max_precision < g.precision) rd.bad("max_precision", "is below precision");
  if (const json::value* d = root.find("digits")) g.digits = static_cast<int>(rd.whole(*d, "digits", 2, 100));
  for (const char* key : {"name", "description"})
    if (const json::value* v = root.find(key); v && !v->is_string()) rd.bad(key, "expected a string");
  return g;
}

}  // namespace incert::cli
