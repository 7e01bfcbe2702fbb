// incert/instance/load_instance_impl.hpp
//
// The implementation of instance/load_instance.hpp: compiled once into the library
// (lib/load_instance.cpp), or included by load_instance.hpp itself under INCERT_HEADER_ONLY.
// Not to be included directly.
#pragma once

#include "incert/instance/load_instance.hpp"

#include "incert/exact/dyadic_gram.hpp"
#include "incert/exact/exact_real.hpp"
#include "incert/instance/exact_spectrum.hpp"
#include "incert/instance/instance.hpp"
#include "incert/io/json.hpp"
#include "incert/random/gaussian.hpp"
#include "incert/linalg/symmetric_eigenvalues.hpp"

#include <algorithm>
#include <numeric>

namespace incert {

namespace detail {

inline std::string index_path(const std::string& base, std::size_t i) { return base + "[" + std::to_string(i) + "]"; }

inline const json::value& require(const json::value& obj, const std::string& path, const char* key) {
  const json::value* v = obj.find(key);
  if (!v) throw input_error(path.empty() ? std::string(key) : path + "." + key, "missing field");
  return *v;
}

inline void require_kind(const json::value& v, json::kind k, const std::string& path) {
  if (v.kind() != k)
    throw input_error(path, std::string("expected ") + json::kind_name(k) + ", found " + json::kind_name(v.kind()));
}

inline void allow_only(const json::value& obj, const std::string& path, std::initializer_list<const char*> keys) {
  for (const auto& kv : obj.members()) {
    bool known = false;
    for (const char* k : keys) known = known || kv.first == k;
    if (!known) throw input_error(path.empty() ? kv.first : path + "." + kv.first, "unknown field");
  }
}

inline std::vector<mpq_class> read_vector(const json::value& v, const std::string& path) {
  require_kind(v, json::kind::array, path);
  std::vector<mpq_class> out;
  for (std::size_t i = 0; i < v.items().size(); ++i) out.push_back(read_number(v.items()[i], index_path(path, i)));
  if (out.empty()) throw input_error(path, "empty array");
  return out;
}

inline rational_matrix read_matrix(const json::value& v, const std::string& path) {
  require_kind(v, json::kind::array, path);
  const auto& rows = v.items();
  if (rows.empty()) throw input_error(path, "empty matrix");
  std::size_t cols = 0;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    require_kind(rows[i], json::kind::array, index_path(path, i));
    if (i == 0) cols = rows[i].items().size();
    if (rows[i].items().empty()) throw input_error(index_path(path, i), "empty row");
    if (rows[i].items().size() != cols)
      throw input_error(index_path(path, i), "row has " + std::to_string(rows[i].items().size()) + " entries, row 0 has " + std::to_string(cols));
  }
  rational_matrix M(rows.size(), cols);
  for (std::size_t i = 0; i < rows.size(); ++i)
    for (std::size_t j = 0; j < cols; ++j) M(i, j) = read_number(rows[i].items()[j], index_path(index_path(path, i), j));
  return M;
}

// Exact PSD test by symmetric elimination: a zero pivot must have a zero row; a negative pivot
// disproves. Returns true iff A (symmetric) is positive semi-definite.
inline bool rational_psd(rational_matrix A) {
  const std::size_t n = A.rows;
  for (std::size_t c = 0; c < n; ++c) {
    if (A(c, c) < 0) return false;
    if (A(c, c) == 0) {
      for (std::size_t j = c + 1; j < n; ++j)
        if (A(c, j) != 0) return false;
      continue;
    }
    for (std::size_t r = c + 1; r < n; ++r) {
      if (A(r, c) == 0) continue;
      mpq_class f = A(r, c) / A(c, c);
      for (std::size_t j = c; j < n; ++j) A(r, j) -= f * A(c, j);
    }
  }
  return true;
}

// Verified enclosures of the eigenvalues of A (symmetric), ascending, in T (MPFI at 128 bits);
// nothing when the verification fails. They decide most questions on the input at once (PSD, rank,
// distinctness); the exact rational algorithms, whose numbers can grow to n times the input's size,
// run only when an enclosure cannot decide. Each entry is enclosed outward in T (an entry outside
// double's range becomes a wide but valid double interval).
template <class T>
std::optional<std::vector<T>> eigenvalue_enclosures_in(const rational_matrix& A) {
  precision_scope scope(128);
  matrix<T> M(static_cast<Eigen::Index>(A.rows), static_cast<Eigen::Index>(A.cols));
  for (std::size_t i = 0; i < A.rows; ++i)
    for (std::size_t j = 0; j < A.cols; ++j)
      M(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = scalar_traits<T>::from_mpfi(enclose_mpfi(A(i, j)));
  return enclose_symmetric_eigenvalues(M);
}

inline std::optional<std::vector<mpfi_float>> eigenvalue_enclosures(const rational_matrix& A) {
  return eigenvalue_enclosures_in<mpfi_float>(A);
}

// PSD read off the smallest eigenvalue's enclosure: nothing when it touches zero (or is missing).
template <class T>
std::optional<bool> psd_from_eigenvalues(const std::optional<std::vector<T>>& eig) {
  if (!eig || eig->empty()) return std::nullopt;
  if (certainly_positive(eig->front())) return true;
  if (scalar_traits<T>::certainly_lt(eig->front(), T(0))) return false;
  return std::nullopt;
}

// PSD decision: the smallest eigenvalue's enclosure first, exact elimination when it touches zero.
inline bool is_psd(const rational_matrix& A, const std::optional<std::vector<mpfi_float>>& eig) {
  if (auto d = psd_from_eigenvalues(eig)) return *d;
  return rational_psd(A);
}

// The same with the enclosure in double intervals first, at 128 bits only when that touches zero
// (n = 400 dense W0: 0.42 s to validate, where the 128-bit enclosure alone took 14.9 s;
// bench/incert_bench_eval --load).
inline bool is_psd(const rational_matrix& A) {
  if (auto d = psd_from_eigenvalues(eigenvalue_enclosures_in<double_interval>(A))) return *d;
  return is_psd(A, eigenvalue_enclosures(A));
}

// n <= max_dimension (instance.hpp), checked before any entry is read.
inline void require_dimension(std::size_t n, const std::string& path) {
  if (n > max_dimension)
    throw input_error(path, "dimension " + std::to_string(n) + " is beyond incert's limit n <= " + std::to_string(max_dimension));
}

inline void require_symmetric(const rational_matrix& A, const std::string& path) {
  if (A.rows != A.cols)
    throw input_error(path, "must be square, is " + std::to_string(A.rows) + " x " + std::to_string(A.cols));
  for (std::size_t i = 0; i < A.rows; ++i)
    for (std::size_t j = i + 1; j < A.cols; ++j)
      if (A(i, j) != A(j, i))
        throw input_error(path, "not symmetric: entry [" + std::to_string(i) + "][" + std::to_string(j) + "] differs from [" +
                                    std::to_string(j) + "][" + std::to_string(i) + "]");
}

inline alpha_spec read_alpha(const json::value& v) {
  alpha_spec a;
  if (v.kind() == json::kind::object) {
    allow_only(v, "alpha", {"log10"});
    a.log10 = read_number(require(v, "alpha", "log10"), "alpha.log10", number_role::scalar);
    a.text = "10^(" + (require(v, "alpha", "log10").is_string() ? require(v, "alpha", "log10").as_string()
                                                                 : require(v, "alpha", "log10").number_text()) + ")";
    return a;
  }
  a.value = read_number(v, "alpha", number_role::scalar);
  if (*a.value <= 0) throw input_error("alpha", "must be positive");
  a.text = v.is_string() ? v.as_string() : v.number_text();
  return a;
}

// Y by its eigenvalues and (optionally) eigenvectors; returns the permutation that sorts them.
inline std::vector<std::size_t> read_eigen_target(const json::value& Y, instance& in) {
  allow_only(Y, "Y", {"eigenvalues", "eigenvectors"});
  const json::value& eig_json = require(Y, "Y", "eigenvalues");
  if (eig_json.is_array()) require_dimension(eig_json.items().size(), "Y.eigenvalues");
  std::vector<mpq_class> eig = read_vector(eig_json, "Y.eigenvalues");
  const std::size_t n = eig.size();
  for (std::size_t i = 0; i < n; ++i)
    if (eig[i] < 0)
      throw input_error(index_path("Y.eigenvalues", i), "negative eigenvalue: Y must be positive semi-definite");
  rational_matrix P = rational_matrix::identity(n);
  bool given_vectors = false;
  if (const json::value* ev = Y.find("eigenvectors")) {
    P = read_matrix(*ev, "Y.eigenvectors");
    if (P.rows != n || P.cols != n)
      throw input_error("Y.eigenvectors", "must be " + std::to_string(n) + " x " + std::to_string(n) + " (one column per eigenvalue), is " +
                                              std::to_string(P.rows) + " x " + std::to_string(P.cols));
    // Each column times the lcm L_j of its denominators is an integer vector with the same zero
    // and orthogonality pattern, so the dot products are integer ones (no gcd per term).
    std::vector<mpz_class> L(n, mpz_class(1));
    std::vector<mpz_class> C(n * n);  // C[j n + i] = L_j P_ij
    for (std::size_t j = 0; j < n; ++j) {
      for (std::size_t i = 0; i < n; ++i) mpz_lcm(L[j].get_mpz_t(), L[j].get_mpz_t(), P(i, j).get_den_mpz_t());
      for (std::size_t i = 0; i < n; ++i) C[j * n + i] = P(i, j).get_num() * (L[j] / P(i, j).get_den());
    }
    auto integer_dot = [&](std::size_t a, std::size_t b) {
      mpz_class s = 0;
      for (std::size_t k = 0; k < n; ++k) mpz_addmul(s.get_mpz_t(), C[a * n + k].get_mpz_t(), C[b * n + k].get_mpz_t());
      return s;
    };
    for (std::size_t i = 0; i < n; ++i) {
      if (integer_dot(i, i) == 0) throw input_error("Y.eigenvectors", "column " + std::to_string(i) + " is zero");
      for (std::size_t j = i + 1; j < n; ++j) {
        const mpz_class d = integer_dot(i, j);
        if (d == 0) continue;
        mpq_class dot(d, L[i] * L[j]);
        dot.canonicalize();
        throw input_error("Y.eigenvectors", "columns " + std::to_string(i) + " and " + std::to_string(j) +
                                                " are not orthogonal (exact dot product " + dot.get_str() + ")");
      }
    }
    given_vectors = true;
  }

  // Decreasing order; the permutation is applied to the eigenvectors and the spectral data.
  std::vector<std::size_t> perm(n);
  std::iota(perm.begin(), perm.end(), 0);
  std::stable_sort(perm.begin(), perm.end(), [&](std::size_t a, std::size_t b) { return eig[a] > eig[b]; });
  bool permuted = false;
  for (std::size_t i = 0; i < n; ++i) permuted = permuted || perm[i] != i;
  in.n = n;
  in.P = rational_matrix(n, n);
  for (std::size_t j = 0; j < n; ++j) {
    in.sigma.push_back(eig[perm[j]]);
    for (std::size_t i = 0; i < n; ++i) in.P(i, j) = P(i, perm[j]);
  }
  in.identity_basis = !given_vectors && !permuted;
  for (std::size_t j = 0; j < n; ++j) {
    mpq_class s = 0;
    for (std::size_t i = 0; i < n; ++i) s += in.P(i, j) * in.P(i, j);
    in.column_norm2.push_back(s);
  }
  in.K = 0;
  while (in.K < n && in.sigma[in.K] != 0) ++in.K;
  if (in.K == 0) throw input_error("Y.eigenvalues", "all eigenvalues are zero: there is nothing to learn");
  for (std::size_t k = 1; k < in.K; ++k) in.distinct_nonzero = in.distinct_nonzero && in.sigma[k - 1] > in.sigma[k];
  return perm;
}

// Y as a dense matrix: square, exactly symmetric, positive semi-definite (decided exactly), not
// zero; and the exact facts about its spectrum used later: K = rank (the number of non-zero
// eigenvalues, Y being symmetric) and whether the non-zero eigenvalues are distinct, each read off
// verified eigenvalue enclosures when they decide it, else exactly (elimination; det(x I - Y) /
// x^(n - K) squarefree). Eigenvalues and eigenvectors themselves are
// enclosed at each precision (flow/target_eigenbasis.hpp); their order is decreasing.
inline std::vector<std::size_t> read_dense_target(const json::value& Y, instance& in) {
  if (Y.find("eigenvalues") || Y.find("eigenvectors"))
    throw input_error("Y", "give either matrix or eigenvalues (with optional eigenvectors), not both");
  allow_only(Y, "Y", {"matrix"});
  if (Y.find("matrix")->is_array()) require_dimension(Y.find("matrix")->items().size(), "Y.matrix");
  in.Y = read_matrix(*Y.find("matrix"), "Y.matrix");
  require_symmetric(in.Y, "Y.matrix");
  // Each question is asked of double-interval enclosures first, of 128-bit ones (computed once,
  // when first needed) when those cannot decide, exactly when neither can.
  const auto fast = eigenvalue_enclosures_in<double_interval>(in.Y);
  std::optional<std::optional<std::vector<mpfi_float>>> slow;
  auto high = [&]() -> const std::optional<std::vector<mpfi_float>>& {
    if (!slow) slow = eigenvalue_enclosures(in.Y);
    return *slow;
  };
  std::optional<bool> psd = psd_from_eigenvalues(fast);
  if (!psd) psd = is_psd(in.Y, high());
  if (!*psd) throw input_error("Y.matrix", "not positive semi-definite");
  const std::size_t n = in.Y.rows;
  in.n = n;
  in.dense_target = true;
  in.identity_basis = false;
  // Rank: n when every eigenvalue is certainly positive, else by exact elimination.
  auto all_positive = [n](const auto& eig) {
    if (!eig) return false;
    for (std::size_t i = 0; i < n; ++i)
      if (!certainly_positive((*eig)[i])) return false;
    return true;
  };
  in.K = all_positive(fast) || all_positive(high()) ? n : rational_rank(in.Y);
  if (in.K == 0) throw input_error("Y.matrix", "zero matrix: all eigenvalues are zero, there is nothing to learn");
  // Distinct non-zero eigenvalues: the K largest enclosures pairwise disjoint (each encloses its
  // own eigenvalue, in order), else det(x I - Y) / x^(n - K) squarefree.
  auto separated = [n, K = in.K](const auto& eig) {
    if (!eig) return false;
    using S = typename std::decay_t<decltype(*eig)>::value_type;
    for (std::size_t i = n - K; i + 1 < n; ++i)
      if (!scalar_traits<S>::certainly_lt((*eig)[i], (*eig)[i + 1])) return false;
    return true;
  };
  if (separated(fast) || separated(high())) {
    in.distinct_nonzero = true;
  } else {
    const rational_polynomial nonzero_part = divide_by_power_of_x(target_charpoly(in), n - in.K);
    if (nonzero_part.front() == 0) throw std::logic_error("incert: rank and characteristic polynomial of Y.matrix disagree");
    in.distinct_nonzero = is_squarefree(nonzero_part);
  }
  in.Y_denominator = common_denominator(in.Y);
  std::vector<std::size_t> perm(n);
  std::iota(perm.begin(), perm.end(), 0);
  return perm;
}

// A whole number in [lo, hi] (JSON number or string, read exactly: "1e3" is 1000).
inline mpz_class read_whole_number(const json::value& v, const std::string& path, const mpz_class& lo, const mpz_class& hi) {
  mpq_class q = read_number(v, path);
  if (q.get_den() != 1) throw input_error(path, "must be a whole number, is " + q.get_str());
  if (q.get_num() < lo || q.get_num() > hi)
    throw input_error(path, "must be between " + lo.get_str() + " and " + hi.get_str() + ", is " + q.get_num().get_str());
  return q.get_num();
}

// "init": {"gaussian": {"r": R, "seed": S, "scale": "X"}}: r in [1, 10000] with n r <= 10^5 draws
// (about 10 microseconds each, every one correctly rounded) and n^2 r <= 10^7 terms of the exact
// W0 = U0 U0^T; seed in [0, 2^64 - 1], scale > 0 (optional, default 1).
inline gaussian_spec read_gaussian_init(const json::value& g, std::size_t n) {
  require_kind(g, json::kind::object, "init.gaussian");
  allow_only(g, "init.gaussian", {"r", "seed", "scale"});
  gaussian_spec spec;
  const unsigned long max_r = std::min({10000ul, 100000ul / n, 10000000ul / (n * n)});
  if (max_r < 1) throw input_error("init.gaussian.r", "Y is too large for a Gaussian init (n r <= 10^5 and n^2 r <= 10^7)");
  const json::value& r = require(g, "init.gaussian", "r");
  const mpz_class r_value = read_whole_number(r, "init.gaussian.r", 1, mpz_class(10000));
  if (r_value > max_r)
    throw input_error("init.gaussian.r", "is " + r_value.get_str() + ", at most " + std::to_string(max_r) + " for n = " + std::to_string(n) +
                                             " (n r <= 10^5 draws and n^2 r <= 10^7 terms of W0 = U0 U0^T)");
  spec.r = r_value.get_ui();
  const mpz_class seed = read_whole_number(require(g, "init.gaussian", "seed"), "init.gaussian.seed", 0, (mpz_class(1) << 64) - 1);
  spec.seed = (std::uint64_t(mpz_class(seed >> 32).get_ui()) << 32) | std::uint64_t(mpz_class(seed & mpz_class(0xffffffffu)).get_ui());
  if (const json::value* sc = g.find("scale")) {
    spec.scale = read_number(*sc, "init.gaussian.scale");
    if (spec.scale <= 0) throw input_error("init.gaussian.scale", "must be positive");
    spec.scale_text = sc->is_string() ? sc->as_string() : sc->number_text();
  }
  return spec;
}

}  // namespace detail

// Draws U0 = scale * Z (n x r) from the Gaussian init g (random/gaussian.hpp) into the instance,
// with W0 = U0 U0^T and, for a target given by eigenvectors, W~0's exact bracket P^T W0 P.
// `incert random-init` calls it once per seed on a loaded instance.
INCERT_LOADER_INLINE void draw_gaussian_init(instance& in, const gaussian_spec& g) {
  in.init = init_kind::U0;
  in.gaussian = g;
  const std::vector<double> z = gaussian_draws(in.n, g.r, g.seed);
  in.U0 = gaussian_factor(z, in.n, g.r, g.scale);
  in.W0 = dyadic_gram(z, in.n, g.r);  // Z Z^T exactly, then scale^2: the same as U0 U0^T
  const mpq_class scale2 = g.scale * g.scale;
  if (scale2 != 1)
    for (auto& w : in.W0.entries) w *= scale2;
  if (!in.dense_target) in.Wt0_scaled = congruence(in.P, in.W0);
}

INCERT_LOADER_INLINE instance load_instance(const json::value& root, const std::string& source) {
  using namespace detail;
  instance in;
  in.source = source;
  require_kind(root, json::kind::object, "(top level)");
  allow_only(root, "", {"Y", "init", "alpha", "epsilon", "name", "description"});

  // Y
  const json::value& Y = require(root, "", "Y");
  require_kind(Y, json::kind::object, "Y");
  const std::vector<std::size_t> perm = Y.find("matrix") ? read_dense_target(Y, in) : read_eigen_target(Y, in);
  const std::size_t n = in.n;

  // init
  const json::value& init = require(root, "", "init");
  require_kind(init, json::kind::object, "init");
  allow_only(init, "init", {"W0", "U0", "spectral", "gaussian"});
  if (init.members().size() != 1) throw input_error("init", "give exactly one of W0, U0, spectral, gaussian");
  if (const json::value* g = init.find("gaussian")) {
    draw_gaussian_init(in, read_gaussian_init(*g, n));
  } else if (const json::value* w = init.find("W0")) {
    in.init = init_kind::W0;
    in.W0 = read_matrix(*w, "init.W0");
    require_symmetric(in.W0, "init.W0");
    if (in.W0.rows != n)
      throw input_error("init.W0", "must be " + std::to_string(n) + " x " + std::to_string(n) + " like Y, is " +
                                       std::to_string(in.W0.rows) + " x " + std::to_string(in.W0.cols));
    if (!is_psd(in.W0)) throw input_error("init.W0", "not positive semi-definite");
  } else if (const json::value* u = init.find("U0")) {
    in.init = init_kind::U0;
    in.U0 = read_matrix(*u, "init.U0");
    if (in.U0.rows != n)
      throw input_error("init.U0", "must have " + std::to_string(n) + " rows like Y, has " + std::to_string(in.U0.rows));
    in.W0 = in.U0 * transpose(in.U0);
  } else {
    in.init = init_kind::spectral;
    std::vector<mpq_class> s = read_vector(*init.find("spectral"), "init.spectral");
    if (s.size() != n)
      throw input_error("init.spectral", "must have " + std::to_string(n) + " entries like Y.eigenvalues, has " + std::to_string(s.size()));
    for (std::size_t i = 0; i < n; ++i)
      if (s[i] < 0) throw input_error(index_path("init.spectral", i), "negative: W0 must be positive semi-definite");
    for (std::size_t j = 0; j < n; ++j) in.spectral.push_back(s[perm[j]]);
    if (in.dense_target) {  // W0 = Phi diag(s) Phi^T must not depend on the choice of the eigenbasis
      if (!in.distinct_nonzero)
        throw input_error("init.spectral", "Y.matrix has a repeated non-zero eigenvalue, so its eigenbasis is not unique; give W0 or U0");
      for (std::size_t i = in.K + 1; i < n; ++i)
        if (s[i] != s[in.K])
          throw input_error(index_path("init.spectral", i), "differs from entry " + std::to_string(in.K) +
                                                                ": the kernel of Y.matrix has no preferred basis, its entries must be equal");
    }
  }
  if (in.init != init_kind::spectral && !in.dense_target) in.Wt0_scaled = congruence(in.P, in.W0);

  in.alpha = read_alpha(require(root, "", "alpha"));
  in.epsilon = read_number(require(root, "", "epsilon"), "epsilon", number_role::scalar);
  if (in.epsilon <= 0) throw input_error("epsilon", "must be positive");
  return in;
}

// Reads a file; syntax errors become input_errors too, the field being the file's path.
INCERT_LOADER_INLINE json::value read_json_file(const std::string& path) {
  try {
    return json::parse_file(path);
  } catch (const json::parse_error& e) {
    throw input_error(path, json::parse_error(e.line(), e.column(), e.detail()).what());
  } catch (const std::runtime_error& e) {
    throw input_error(path, e.what());
  }
}

INCERT_LOADER_INLINE instance load_instance_file(const std::string& path) {
  return load_instance(read_json_file(path), path);
}

}  // namespace incert
