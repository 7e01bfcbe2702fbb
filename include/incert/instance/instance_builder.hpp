// incert/instance/instance_builder.hpp
//
// An instance built in code rather than read from a file. Numbers are exact: strings as in the
// file format ("0.1", "1e-100000", "105/151"), integers or mpq_class values; never doubles
// (write std::to_string yourself only if you mean the decimal it prints).
//
//   incert::instance in = incert::instance_builder()
//       .target_eigenvalues({"3", "2", "1"})
//       .init_W0({{"2", "0.5", "0.3"}, {"0.5", "1.5", "0.2"}, {"0.3", "0.2", "1"}})
//       .alpha("1e-30").epsilon("0.1")
//       .build();
//
// build() validates exactly as the file loader does (instance/load_instance.hpp: the builder
// assembles the same document and hands it to load_instance), so an invalid instance throws
// incert::input_error naming the field ("init.W0[1][2]: ...") whichever way it was made.
#pragma once

#include "incert/instance/load_instance.hpp"
#include "incert/io/json.hpp"

#include <gmpxx.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace incert {

class instance_builder {
 public:
  // An exact number: a decimal or "p/q" string, an integer, or a rational.
  struct number {
    std::string text;
    number(const char* s) : text(s) {}
    number(std::string s) : text(std::move(s)) {}
    number(long v) : text(std::to_string(v)) {}
    number(int v) : text(std::to_string(v)) {}
    number(const mpq_class& q) : text(q.get_str()) {}
    number(double) = delete;  // a double is not exact input: pass a string or an mpq_class
  };
  using vector = std::vector<number>;
  using matrix = std::vector<std::vector<number>>;

  // Y by its eigenvalues (optionally with orthogonal eigenvector columns), or as a dense matrix.
  instance_builder& target_eigenvalues(vector eigenvalues) { return set_target("eigenvalues", vec(eigenvalues)); }
  // P: the eigenvectors as its columns (orthogonal, any lengths), written row by row as in the file.
  instance_builder& target_eigenvectors(const matrix& P) { return set_target("eigenvectors", mat(P)); }
  instance_builder& target_matrix(const matrix& Y) { return set_target("matrix", mat(Y)); }

  // Exactly one initialization.
  instance_builder& init_W0(const matrix& W0) { return set_init("W0", mat(W0)); }
  instance_builder& init_U0(const matrix& U0) { return set_init("U0", mat(U0)); }
  instance_builder& init_spectral(const vector& s) { return set_init("spectral", vec(s)); }
  instance_builder& init_gaussian(unsigned long r, unsigned long seed, const number& scale = number("1")) {
    return set_init("gaussian", json::value::from_members({{"r", num(std::to_string(r))},
                                                           {"seed", num(std::to_string(seed))},
                                                           {"scale", str(scale.text)}}));
  }

  instance_builder& alpha(const number& a) {
    alpha_ = str(a.text);
    return *this;
  }
  // alpha = 10^x, for scales beyond what a decimal string should spell out.
  instance_builder& log10_alpha(const number& x) {
    alpha_ = json::value::from_members({{"log10", str(x.text)}});
    return *this;
  }
  instance_builder& epsilon(const number& e) {
    epsilon_ = str(e.text);
    return *this;
  }

  // The instance file's document (what build() validates).
  json::value document() const {
    std::vector<json::member> root;
    root.push_back({"Y", json::value::from_members(target_)});
    if (init_) root.push_back({"init", json::value::from_members({*init_})});
    if (alpha_) root.push_back({"alpha", *alpha_});
    if (epsilon_) root.push_back({"epsilon", *epsilon_});
    return json::value::from_members(std::move(root));
  }

  // Throws input_error naming the field when the instance is invalid.
  instance build(const std::string& source = "(built in code)") const {
    if (!init_) throw input_error("init", "missing: give one of init_W0, init_U0, init_spectral, init_gaussian");
    return load_instance(document(), source);
  }

 private:
  static json::value str(const std::string& s) { return json::value::from_string(s); }
  static json::value num(const std::string& s) { return json::value::from_number_text(s); }
  static json::value vec(const vector& v) {
    std::vector<json::value> items;
    for (const auto& x : v) items.push_back(str(x.text));
    return json::value::from_items(std::move(items));
  }
  static json::value mat(const matrix& m) {
    std::vector<json::value> rows;
    for (const auto& r : m) rows.push_back(vec(r));
    return json::value::from_items(std::move(rows));
  }
  instance_builder& set_target(const char* key, json::value v) {
    for (auto& m : target_)
      if (m.first == key) {
        m.second = std::move(v);
        return *this;
      }
    target_.push_back({key, std::move(v)});
    return *this;
  }
  instance_builder& set_init(const char* key, json::value v) {
    if (init_) throw input_error("init", "give exactly one of W0, U0, spectral, gaussian");
    init_ = json::member{key, std::move(v)};
    return *this;
  }

  std::vector<json::member> target_;
  std::optional<json::member> init_;
  std::optional<json::value> alpha_, epsilon_;
};

}  // namespace incert
