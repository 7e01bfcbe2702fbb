// incert/instance/instance.hpp
//
// An instance in exact arithmetic: what the input file says, parsed into rationals and
// normalised (eigenvalues sorted decreasingly, eigenvectors and spectral data permuted with
// them), before any rounding. Every later enclosure starts from these exact numbers.
#pragma once

#include "incert/exact/rational_matrix.hpp"
#include "incert/io/input_error.hpp"

#include <gmpxx.h>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace incert {

// Largest dimension n of Y accepted. A certified evaluation costs O(n^3) interval operations (about
// 60 ms at n = 100 and 128 bits, README "Performance"), and a check makes hundreds of them; the
// loader's exact work is O(n^2) rationals at least. 500 keeps both in reach (minutes, seconds).
inline constexpr std::size_t max_dimension = 500;

enum class init_kind { W0, U0, spectral };

// "init": {"gaussian": {"r", "seed", "scale"}}: U0 (n x r) = scale * standard normal draws of the
// seed (random/gaussian.hpp), exact binary numbers; the instance then has init U0.
struct gaussian_spec {
  std::size_t r = 0;
  std::uint64_t seed = 0;
  mpq_class scale = 1;
  std::string scale_text = "1";  // as written, for reports
};

// alpha is given either exactly or by its decimal logarithm (for scales such as 10^-(10^9)).
struct alpha_spec {
  std::optional<mpq_class> value;
  std::optional<mpq_class> log10;
  std::string text;  // as written, for reports
};

struct instance {
  std::size_t n = 0;
  std::vector<mpq_class> sigma;       // eigenvalues of Y, decreasing; the zeros last
  std::size_t K = 0;                  // number of non-zero eigenvalues (rank of Y)
  bool identity_basis = true;         // no eigenvectors given: Phi = I
  rational_matrix P;                  // eigenvector columns (orthogonal, not normalised), permuted with sigma
  std::vector<mpq_class> column_norm2;  // |P e_j|^2, so Phi = P diag(column_norm2)^(-1/2)
  init_kind init = init_kind::W0;
  rational_matrix U0;                 // when init is U0 (n x r)
  std::optional<gaussian_spec> gaussian;  // when U0 was drawn from a Gaussian init
  rational_matrix W0;                 // standard basis, when init is W0 or U0 (W0 = U0 U0^T)
  rational_matrix Wt0_scaled;         // P^T W0 P: W~0_ij = Wt0_scaled_ij / sqrt(n2_i n2_j)
  std::vector<mpq_class> spectral;    // diagonal of W~0 when init is spectral, permuted with sigma
  // Y given as a dense matrix: its eigenvalues and eigenvectors are only known through the verified
  // decomposition done at each precision (flow/target_eigenbasis.hpp), so sigma, P, column_norm2
  // and Wt0_scaled stay empty (identity_basis is false) and these exact facts stand in for them.
  bool dense_target = false;
  rational_matrix Y;                  // the matrix, when dense_target
  // det(x I - Y), coefficients of x^0 .. x^n: computed on first use by target_charpoly
  // (instance/exact_spectrum.hpp), since its coefficients can have n times the bits of Y's entries
  // and most instances never need it (only unseparated eigenvalue enclosures do).
  mutable std::optional<std::vector<mpq_class>> Y_charpoly_cache;
  mpz_class Y_denominator = 1;        // lcm of Y's denominators: rational eigenvalues are integers / it
  bool distinct_nonzero = true;       // sigma_1 > ... > sigma_K, decided exactly (both forms)
  alpha_spec alpha;
  mpq_class epsilon;
  std::string source;                 // file name, for reports
};

}  // namespace incert
