// incert/instance/instance.hpp
//
// An instance in exact arithmetic: what the input file says, parsed into rationals and
// normalised (eigenvalues sorted decreasingly, eigenvectors and spectral data permuted with
// them), before any rounding. Every later enclosure starts from these exact numbers.
#pragma once

#include <gmpxx.h>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace incert {

// Bad input: names the field (a JSON path such as "init.W0[1][2]") and the problem.
struct input_error : std::invalid_argument {
  // Control characters (a key "a\rb" in the file, say) are shown as \xNN, so that the message
  // stays one line whatever the input holds; field() is that printable form too.
  input_error(const std::string& field, const std::string& problem)
      : std::invalid_argument(printable(field) + ": " + printable(problem)), field_(printable(field)) {}
  const std::string& field() const { return field_; }

  static std::string printable(const std::string& s) {
    static const char hex[] = "0123456789ABCDEF";  // as in parse_exact's messages (exact/exact_real.hpp)
    std::string out;
    out.reserve(s.size());
    for (unsigned char c : s) {
      if (c < 0x20 || c == 0x7f) {
        out += "\\x";
        out += hex[c >> 4];
        out += hex[c & 15];
      } else {
        out += static_cast<char>(c);
      }
    }
    return out;
  }

 private:
  std::string field_;
};

// Largest dimension n of Y accepted. A certified evaluation costs O(n^3) interval operations (about
// 60 ms at n = 100 and 128 bits, README "Performance"), and a check makes hundreds of them; the
// loader's exact work is O(n^2) rationals at least. 500 keeps both in reach (minutes, seconds).
inline constexpr std::size_t max_dimension = 500;

// Dense exact matrix, row major.
struct rational_matrix {
  std::size_t rows = 0, cols = 0;
  std::vector<mpq_class> entries;
  rational_matrix() = default;
  rational_matrix(std::size_t r, std::size_t c) : rows(r), cols(c), entries(r * c) {}
  mpq_class& operator()(std::size_t i, std::size_t j) { return entries[i * cols + j]; }
  const mpq_class& operator()(std::size_t i, std::size_t j) const { return entries[i * cols + j]; }
  static rational_matrix identity(std::size_t n) {
    rational_matrix I(n, n);
    for (std::size_t i = 0; i < n; ++i) I(i, i) = 1;
    return I;
  }
};

inline rational_matrix operator*(const rational_matrix& A, const rational_matrix& B) {
  rational_matrix C(A.rows, B.cols);
  for (std::size_t i = 0; i < A.rows; ++i)
    for (std::size_t k = 0; k < A.cols; ++k) {
      if (A(i, k) == 0) continue;
      for (std::size_t j = 0; j < B.cols; ++j) C(i, j) += A(i, k) * B(k, j);
    }
  return C;
}

inline rational_matrix transpose(const rational_matrix& A) {
  rational_matrix T(A.cols, A.rows);
  for (std::size_t i = 0; i < A.rows; ++i)
    for (std::size_t j = 0; j < A.cols; ++j) T(j, i) = A(i, j);
  return T;
}

// P^T A P. When P is a permutation matrix (the eigenbasis of a Y given by unsorted eigenvalues
// alone) this is a reindexing, A(p(i), p(j)) with p(i) the row of column i's one: n^2 copies
// instead of 2 n^3 rational products, which matters for a large Gaussian init.
inline rational_matrix congruence(const rational_matrix& P, const rational_matrix& A) {
  if (P.rows != P.cols || A.rows != A.cols || A.rows != P.rows)
    throw std::invalid_argument("congruence: P and A must be square of the same size");
  const std::size_t n = P.rows;
  std::vector<std::size_t> row_of_one(n, n);
  std::vector<bool> row_used(n, false);
  bool permutation = true;
  for (std::size_t j = 0; j < n && permutation; ++j)
    for (std::size_t i = 0; i < n && permutation; ++i) {
      if (P(i, j) == 0) continue;
      if (P(i, j) != 1 || row_of_one[j] != n || row_used[i]) permutation = false;
      else row_of_one[j] = i, row_used[i] = true;
    }
  for (std::size_t j = 0; j < n && permutation; ++j) permutation = row_of_one[j] != n;
  if (!permutation) return transpose(P) * A * P;
  rational_matrix C(n, n);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j) C(i, j) = A(row_of_one[i], row_of_one[j]);
  return C;
}

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
