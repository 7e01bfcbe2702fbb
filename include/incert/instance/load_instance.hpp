// incert/instance/load_instance.hpp
//
// Reading and validating an instance file. Format (every number a string holding an exact
// decimal or rational, or a JSON number read exactly from its text):
//   {"Y": {"eigenvalues": [...], "eigenvectors": [[...], ...]},      eigenvectors optional, columns
//        | {"matrix": [[...], ...]},                                  dense, symmetric, PSD
//    "init": {"W0": [[...]]} | {"U0": [[...]]} | {"spectral": [...]},  standard basis; spectral = diag of W~0
//          | {"gaussian": {"r": 8, "seed": 42, "scale": "1"}},        U0 = scale * N(0,1) draws (random/gaussian.hpp)
//    "alpha": "1e-30" | {"log10": "-1e9"},
//    "epsilon": "0.1",
//    "name": "...", "description": "..."}                              optional
// Every problem is reported as an input_error naming the field ("init.W0[1][2]") and the problem.
// Decisions on the input are exact (rational arithmetic): symmetry, orthogonality of the
// eigenvectors, positive semi-definiteness (first by a verified eigenvalue enclosure, and by
// exact elimination when that is inconclusive), and for a dense Y its rank, characteristic
// polynomial and the distinctness of its non-zero eigenvalues (instance/exact_spectrum.hpp).
#pragma once

#include "incert/exact/exact_real.hpp"
#include "incert/instance/instance.hpp"
#include "incert/io/json.hpp"

#include <string>

// Defined in the library (lib/load_instance.cpp); inline definitions under INCERT_HEADER_ONLY.
#ifdef INCERT_HEADER_ONLY
#define INCERT_LOADER_INLINE inline
#else
#define INCERT_LOADER_INLINE
#endif

namespace incert {

// Reads and validates an instance document; source names it in reports.
instance load_instance(const json::value& root, const std::string& source = "");
// Reads a file; syntax errors become input_errors too, the field being the file's path.
instance load_instance_file(const std::string& path);
// Reads and parses a JSON file (at most the loader's size cap); a read or syntax error is an
// input_error whose field is the path. Every reader of an input file goes through it.
json::value read_json_file(const std::string& path);
// Draws U0 of a Gaussian initialization (random/gaussian.hpp) and sets W0 = U0 U0^T exactly.
void draw_gaussian_init(instance& in, const gaussian_spec& g);

namespace detail {

// A number of a matrix or vector (|decimal exponent| <= max_entry_exponent, exact_real.hpp) or,
// as number_role::scalar, alpha and epsilon (up to max_decimal_exponent).
enum class number_role { entry, scalar };

inline mpq_class read_number(const json::value& v, const std::string& path, number_role role = number_role::entry) {
  std::string text;
  if (v.is_string()) text = v.as_string();
  else if (v.is_number()) text = v.number_text();
  else throw input_error(path, std::string("expected a number (string such as \"0.1\" or \"105/151\"), found ") + json::kind_name(v.kind()));
  try {
    return parse_exact(text, role == number_role::entry ? max_entry_exponent : max_decimal_exponent);
  } catch (const exponent_range_error& e) {
    if (role == number_role::scalar) throw input_error(path, e.what());
    throw input_error(path, "exponent of " + quote_number_text(text) +
                                " is beyond the range of matrix and vector entries (|exponent| > 10^4; only alpha and epsilon go to 10^7)");
  } catch (const number_format_error& e) {
    throw input_error(path, e.what());
  }
}

}  // namespace detail

}  // namespace incert

#ifdef INCERT_HEADER_ONLY
#include "incert/instance/load_instance_impl.hpp"
#endif
