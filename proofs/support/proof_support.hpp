// proofs/support/proof_support.hpp
//
// What the drivers of the computer-assisted proofs in proofs/<claim>/ share: the command line,
// the certificate (a deterministic JSON text: enclosures rounded outward to a fixed number of
// digits, no times, no dates, no absolute paths), and the exit protocol:
//   0  every part of the claim is certified (and the certificate equals --expect, if given);
//   1  some part is not certified, or is disproved, or the certificate differs from --expect;
//   2  usage error or bad instance file, or the certificate cannot be written ("cannot write PATH:
//      <strerror>"; it is written atomically, src/atomic_file.hpp: the previous file stays whole).
// Any nonzero exit prints exactly one line on stderr saying why.
#pragma once

#include "incert/instance/load_instance.hpp"
#include <nlohmann/json.hpp>
#include "incert/io/decimal_format.hpp"
#include "incert/scalar/types.hpp"
#include "incert/theory/verdict.hpp"

// The one atomic file writer of the project (src/atomic_file.hpp). A driver is one translation
// unit linked only with the library (proofs/CMakeLists.txt), so the helper's implementation is
// compiled in here; were src/atomic_file.cpp added to the proof targets, only the header would stay.
#include "../../src/atomic_file.hpp"
#include "../../src/atomic_file.cpp"

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

namespace incert::proof {

// Significant digits of every printed endpoint. Outward rounding keeps each printed interval an
// enclosure; 20 digits keep them readable and leave every verdict of the claims visible in print.
constexpr int certificate_digits = 20;

// Working precisions tried in turn: the first at which every part is certified is recorded.
inline const std::vector<unsigned>& precision_ladder() {
  static const std::vector<unsigned> bits{128, 256, 512};
  return bits;
}

struct options {
  std::string instance;     // instance file
  std::string certificate;  // where to write the certificate
  std::string expect;       // committed certificate to compare with (optional)
};

[[noreturn]] inline void exit_with(int code, const std::string& line) {
  std::cerr << line << "\n";
  std::exit(code);
}

[[noreturn]] inline void not_certified(const std::string& reason) { exit_with(1, "NOT CERTIFIED: " + reason); }

inline options parse_args(int argc, char** argv, const std::string& default_instance) {
  options o;
  o.instance = default_instance;
  o.certificate = "certificate.json";
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&](std::string& dst) {
      if (i + 1 >= argc) exit_with(2, "usage: " + a + " needs a value");
      dst = argv[++i];
    };
    if (a == "--instance") value(o.instance);
    else if (a == "--certificate") value(o.certificate);
    else if (a == "--expect") value(o.expect);
    else exit_with(2, "usage: " + std::string(argv[0]) + " [--instance FILE] [--certificate OUT] [--expect COMMITTED] (unknown argument " + a + ")");
  }
  return o;
}

inline instance load_or_exit(const std::string& path) {
  try {
    return load_instance_file(path);
  } catch (const input_error& e) {
    exit_with(2, std::string("bad instance: ") + e.what());
  }
}

// JSON text, two-space indentation, members in the order written.
class json_writer {
 public:
  json_writer& open(const std::string& key, char bracket) {
    prefix(key);
    out_ << bracket;
    first_.push_back(true);
    return *this;
  }
  json_writer& object(const std::string& key = "") { return open(key, '{'); }
  json_writer& array(const std::string& key = "") { return open(key, '['); }
  json_writer& close(char bracket) {
    const bool empty = first_.back();
    first_.pop_back();
    if (!empty) newline();
    out_ << bracket;
    return *this;
  }
  json_writer& end_object() { return close('}'); }
  json_writer& end_array() { return close(']'); }
  // A value already in JSON form.
  json_writer& raw(const std::string& key, const std::string& json) {
    prefix(key);
    out_ << json;
    return *this;
  }
  json_writer& str(const std::string& key, const std::string& s) { return raw(key, quote(s)); }
  json_writer& num(const std::string& key, unsigned long long v) { return raw(key, std::to_string(v)); }
  std::string text() const { return out_.str() + "\n"; }

  static std::string quote(const std::string& s) { return nlohmann::json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace); }

 private:
  void newline() { out_ << "\n" << std::string(2 * first_.size(), ' '); }
  void prefix(const std::string& key) {
    if (!first_.empty()) {
      if (!first_.back()) out_ << ",";
      first_.back() = false;
      newline();
    }
    if (!key.empty()) out_ << quote(key) << ": ";
  }
  std::ostringstream out_;
  std::vector<bool> first_;
};

// {"lo": "...", "hi": "..."}, lower endpoint rounded down, upper endpoint rounded up.
inline std::string enclosure(const mpfi_float& x) {
  return "{\"lo\": " + json_writer::quote(format_lower(x, certificate_digits)) +
         ", \"hi\": " + json_writer::quote(format_upper(x, certificate_digits)) + "}";
}

// Upper bound only, rounded up.
inline std::string upper_bound(const mpfi_float& x) { return json_writer::quote(format_upper(x, certificate_digits)); }

// An exact rational as "p/q" (or "p").
inline std::string exact(const mpq_class& q) { return json_writer::quote(q.get_str()); }

inline std::string exact_vector(const std::vector<mpq_class>& v) {
  std::string s = "[";
  for (std::size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + exact(v[i]);
  return s + "]";
}

inline std::string exact_matrix(const rational_matrix& A) {
  std::string s = "[";
  for (std::size_t i = 0; i < A.rows; ++i) {
    s += i ? ", [" : "[";
    for (std::size_t j = 0; j < A.cols; ++j) s += (j ? ", " : "") + exact(A(i, j));
    s += "]";
  }
  return s + "]";
}

// The instance as the proof used it: exact rationals after parsing (eigenvalues sorted
// decreasingly), alpha as written (its text is parsed exactly, never through a double).
inline void write_instance(json_writer& w, const instance& in, const std::string& file_name) {
  w.object("instance");
  w.str("file", file_name);
  w.num("n", in.n);
  w.num("K", in.K);
  w.raw("Y_eigenvalues", exact_vector(in.sigma));
  w.str("Y_eigenvectors", in.identity_basis && !in.dense_target ? "identity" : "given");
  if (in.init == init_kind::spectral) w.raw("init_spectral", exact_vector(in.spectral));
  else w.raw("init_W0", exact_matrix(in.W0));
  if (in.alpha.value) w.raw("alpha", exact(*in.alpha.value));
  else w.raw("alpha_log10", exact(*in.alpha.log10));
  w.str("alpha_as_written", in.alpha.text);
  w.raw("epsilon", exact(in.epsilon));
  w.end_object();
}

inline std::string base_name(const std::string& path) {
  const auto slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// Writes the certificate, compares it with the committed copy, and reports success on stdout.
inline int finish(const options& o, const std::string& certificate, const std::string& summary) {
  if (auto why = incert::cli::try_write_file_atomically(o.certificate, certificate)) exit_with(2, *why);
  if (!o.expect.empty()) {
    std::ifstream f(o.expect, std::ios::binary);
    if (!f) exit_with(1, "certificate check: cannot read the committed certificate " + o.expect);
    const std::string committed((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    if (committed != certificate)
      exit_with(1, "certificate check: " + o.certificate + " differs from the committed " + o.expect +
                       " (regenerate it with --certificate pointing at the committed file, and review the diff)");
  }
  std::cout << "CERTIFIED: " << summary << "\n";
  return 0;
}

}  // namespace incert::proof
