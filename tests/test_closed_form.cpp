// The closed form of Proposition 1 (include/incert/flow/closed_form.hpp), checked against
// facts that do not come from its code:
//  (1) containment of an independent Taylor integration of dW/dt = WS + SW - 2W^2
//      (tests/support/riccati_reference.hpp, 200 bits) started from alpha W~0, with
//      W~0 = Phi^T W0 Phi computed here at 200 bits from the exact data; by
//      closed_form_eigenbasis / _scaled / _naive (and _spectral, to_standard_basis),
//      for MPFI at 128 bits and double_interval, on several instances: the paper's
//      Y = diag(3,2,1) instance, random SPD rational W0 (3x3, 4x4), a zero eigenvalue of Y,
//      eigenvectors given (Cayley-transform rational orthogonal matrices with unnormalised
//      columns, eigenvalues listed out of order), a spectral initialization;
//  (2) width: relative width of diagonal entries <= 2^-(precision - 30), off-diagonal
//      entries within 2^-(precision - 30) sqrt(W_ii W_jj);
//  (3) scaled and naive enclosures overlap (where the naive one is certified);
//  (4) 128- and 256-bit enclosures overlap;
//  (5) the closed form satisfies the ODE: central difference at t +- 2^-66 (256 bits)
//      overlaps WS + SW - 2W^2 at t within 1e-30 (the O(h^2) term is ~1e-38 here);
//  (6) acceptance values at alpha = 1e-10, t = 0.22 ln(1e10), to their stated digits;
//  (7) small alpha (1e-100, 1e-1000) at 128 bits: tight and containing reference digits
//      (computed independently with mpmath at 3000 digits);
//  (8) point types (double, long double, mpfr) agree with a 256-bit MPFI enclosure to a few
//      hundred unit roundoffs.
#include <catch2/catch.hpp>

#include "incert/scalar/scalar_list.hpp"
#include "incert/flow/closed_form.hpp"
#include "incert/instance/load_instance.hpp"
#include "incert/io/json.hpp"
#include "support/riccati_reference.hpp"

#include <mpfr.h>

#include <algorithm>
#include <numeric>
#include <optional>
#include <sstream>
#include <string>
#include <type_traits>
#include <vector>

namespace {

using incert::double_interval;
using incert::matrix;
using incert::mpfi_float;
using incert::mpfr_float;
using incert::rational_matrix;

template <class T>
using Tr = incert::scalar_traits<T>;

constexpr mpfr_prec_t work_bits = 1024;  // precision of the checks' own arithmetic (directed)

// ------------------------------------------------------------------ raw MPFR carrier

struct Mp {
  mpfr_t v;
  explicit Mp(mpfr_prec_t p = work_bits) {
    mpfr_init2(v, p);
    mpfr_set_zero(v, 1);
  }
  ~Mp() {
    if (v->_mpfr_d) mpfr_clear(v);
  }
  Mp(Mp&& o) noexcept {
    *v = *o.v;
    o.v->_mpfr_d = nullptr;
  }
  Mp(const Mp&) = delete;
  Mp& operator=(const Mp&) = delete;
  Mp& operator=(Mp&&) = delete;
};

Mp exact(mpfr_srcptr x) {
  Mp r(std::max<mpfr_prec_t>(mpfr_get_prec(x), 64));
  mpfr_set(r.v, x, MPFR_RNDN);
  return r;
}
Mp exact(const mpfr_float& x) { return exact(x.backend().data()); }

std::string str(mpfr_srcptr x) {
  char* s = nullptr;
  mpfr_asprintf(&s, "%.20Rg", x);
  std::string out(s);
  mpfr_free_str(s);
  return out;
}
std::string str(const Mp& x) { return str(x.v); }

// An enclosure, by its exact bounds (independent of the precision in force later).
struct Box {
  Mp lo, hi;
};
std::string str(const Box& b) { return "[" + str(b.lo) + ", " + str(b.hi) + "]"; }

struct BoxMatrix {
  Eigen::Index n = 0;
  std::vector<Box> e;
  const Box& operator()(Eigen::Index i, Eigen::Index j) const { return e[static_cast<std::size_t>(i * n + j)]; }
};

template <class T>
Box box(const T& x) {
  return Box{exact(Tr<T>::lower_exact(x)), exact(Tr<T>::upper_exact(x))};
}

template <class T>
BoxMatrix boxes(const matrix<T>& W) {
  BoxMatrix B;
  B.n = W.rows();
  for (Eigen::Index i = 0; i < W.rows(); ++i)
    for (Eigen::Index j = 0; j < W.cols(); ++j) B.e.push_back(box(W(i, j)));
  return B;
}

// A closed-form result W~_ij = f_i f_j X_ij, by its MPFI entries (any exponent).
template <class T>
BoxMatrix boxes(const incert::scaled_symmetric_matrix<T>& W) {
  BoxMatrix B;
  B.n = W.size();
  for (Eigen::Index i = 0; i < B.n; ++i)
    for (Eigen::Index j = 0; j < B.n; ++j) B.e.push_back(box(W.entry(i, j)));
  return B;
}

// A reference matrix (approximate, high precision).
struct RefMatrix {
  Eigen::Index n = 0;
  std::vector<Mp> e;
  const Mp& operator()(Eigen::Index i, Eigen::Index j) const { return e[static_cast<std::size_t>(i * n + j)]; }
};

RefMatrix to_ref(const incert_test::ref_matrix& M) {
  RefMatrix R;
  R.n = M.rows();
  for (Eigen::Index i = 0; i < M.rows(); ++i)
    for (Eigen::Index j = 0; j < M.cols(); ++j) R.e.push_back(exact(M(i, j)));
  return R;
}

Mp max_abs(const RefMatrix& R) {
  Mp m(64);
  for (const Mp& x : R.e)
    if (mpfr_cmpabs(x.v, m.v) > 0) mpfr_abs(m.v, x.v, MPFR_RNDU);
  return m;
}

// lo - allow <= v <= hi + allow.
bool contains_within(const Box& b, mpfr_srcptr v, const Mp& allow) {
  if (!mpfr_number_p(b.lo.v) || !mpfr_number_p(b.hi.v)) return false;
  Mp lo, hi;
  mpfr_sub(lo.v, b.lo.v, allow.v, MPFR_RNDD);
  mpfr_add(hi.v, b.hi.v, allow.v, MPFR_RNDU);
  return mpfr_cmp(lo.v, v) <= 0 && mpfr_cmp(v, hi.v) <= 0;
}

bool overlap(const Box& a, const Box& b) { return mpfr_cmp(a.lo.v, b.hi.v) <= 0 && mpfr_cmp(b.lo.v, a.hi.v) <= 0; }

// (hi - lo) <= 2^-bits * scale.
bool width_le(const Box& b, long bits, mpfr_srcptr scale) {
  if (!mpfr_number_p(b.lo.v) || !mpfr_number_p(b.hi.v)) return false;
  Mp w(64), s(64);
  mpfr_sub(w.v, b.hi.v, b.lo.v, MPFR_RNDU);
  mpfr_mul_2si(s.v, scale, -bits, MPFR_RNDD);
  return mpfr_cmp(w.v, s.v) <= 0;
}

// Smallest |x| over the box (0 if it contains zero).
Mp min_abs(const Box& b) {
  Mp m(64);
  if (mpfr_sgn(b.lo.v) > 0) mpfr_set(m.v, b.lo.v, MPFR_RNDD);
  else if (mpfr_sgn(b.hi.v) < 0) mpfr_neg(m.v, b.hi.v, MPFR_RNDD);
  return m;
}

// Relative width of a box not containing zero: (hi - lo) <= 2^-bits min|x|.
bool relative_width_le(const Box& b, long bits) {
  Mp m = min_abs(b);
  if (mpfr_zero_p(m.v)) return false;
  return width_le(b, bits, m.v);
}

// sqrt(min(W_ii) min(W_jj)) from the boxes of the diagonal, rounded down.
Mp diag_scale(const BoxMatrix& B, Eigen::Index i, Eigen::Index j) {
  Mp a = min_abs(B(i, i)), b = min_abs(B(j, j)), r(64);
  mpfr_mul(r.v, a.v, b.v, MPFR_RNDD);
  mpfr_sqrt(r.v, r.v, MPFR_RNDD);
  return r;
}

// The interval [v - h, v + h] of a decimal text v "to its stated digits": h is half a unit
// of its last digit (e.g. "2.3977646096282e-6" -> h = 0.5e-19). Intersection test.
bool matches_digits(const Box& b, const std::string& text) {
  mpq_class v = incert::parse_exact(text);
  std::size_t epos = text.find_first_of("eE");
  std::string mant = text.substr(0, epos);
  long exponent = epos == std::string::npos ? 0 : std::stol(text.substr(epos + 1));
  std::size_t dot = mant.find('.');
  long frac = dot == std::string::npos ? 0 : static_cast<long>(mant.size() - dot - 1);
  long place = exponent - frac;  // the last digit is worth 10^place
  mpz_class p;
  mpz_ui_pow_ui(p.get_mpz_t(), 10, static_cast<unsigned long>(place < 0 ? -place : place));
  mpq_class h = place < 0 ? mpq_class(1, 1) / mpq_class(p) : mpq_class(p);
  h /= 2;
  mpq_class lo = v - h, hi = v + h;
  return mpfr_cmp_q(b.lo.v, hi.get_mpq_t()) <= 0 && mpfr_cmp_q(b.hi.v, lo.get_mpq_t()) >= 0;
}

// ------------------------------------------------------------------ exact instance data

rational_matrix rational_inverse(rational_matrix A) {
  const std::size_t n = A.rows;
  rational_matrix X = rational_matrix::identity(n);
  for (std::size_t c = 0; c < n; ++c) {
    std::size_t p = c;
    while (A(p, c) == 0) ++p;  // A invertible
    for (std::size_t j = 0; j < n; ++j) {
      std::swap(A(p, j), A(c, j));
      std::swap(X(p, j), X(c, j));
    }
    mpq_class d = A(c, c);
    for (std::size_t j = 0; j < n; ++j) {
      A(c, j) /= d;
      X(c, j) /= d;
    }
    for (std::size_t r = 0; r < n; ++r) {
      if (r == c || A(r, c) == 0) continue;
      mpq_class f = A(r, c);
      for (std::size_t j = 0; j < n; ++j) {
        A(r, j) -= f * A(c, j);
        X(r, j) -= f * X(c, j);
      }
    }
  }
  return X;
}

// Cayley transform Q = (I - A)(I + A)^{-1} of a skew-symmetric A: a rational orthogonal
// matrix; its columns are then scaled by `scale` (unnormalised eigenvectors).
rational_matrix cayley_columns(const rational_matrix& A, const std::vector<mpq_class>& scale) {
  const std::size_t n = A.rows;
  rational_matrix I = rational_matrix::identity(n), Im(n, n), Ip(n, n);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j) {
      Im(i, j) = I(i, j) - A(i, j);
      Ip(i, j) = I(i, j) + A(i, j);
    }
  rational_matrix Q = Im * rational_inverse(Ip);
  rational_matrix G = transpose(Q) * Q;
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j) REQUIRE((G(i, j) == (i == j ? 1 : 0)));  // the construction is right (no mpq streaming: gmpxx is not linked)
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j) Q(i, j) *= scale[j];
  return Q;
}

// B B^T + I/10 with entries of B in {-4/5, ..., 4/5} from a fixed LCG: symmetric positive definite.
rational_matrix random_spd(std::size_t n, unsigned seed) {
  unsigned long x = seed;
  auto next = [&x]() {
    x = (x * 1103515245ul + 12345ul) % 2147483648ul;
    return static_cast<long>((x >> 16) % 9) - 4;
  };
  rational_matrix B(n, n);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j) B(i, j) = mpq_class(next(), 5);
  rational_matrix W = B * transpose(B);
  for (std::size_t i = 0; i < n; ++i) W(i, i) += mpq_class(1, 10);
  return W;
}

rational_matrix from_strings(const std::vector<std::vector<std::string>>& rows) {
  rational_matrix M(rows.size(), rows[0].size());
  for (std::size_t i = 0; i < rows.size(); ++i)
    for (std::size_t j = 0; j < rows[i].size(); ++j) M(i, j) = incert::parse_exact(rows[i][j]);
  return M;
}

struct test_instance {
  std::string name;
  std::vector<mpq_class> eig;        // as given to the loader (maybe unsorted)
  std::optional<rational_matrix> P;  // eigenvector columns as given
  rational_matrix W0;                // standard basis (when not spectral)
  std::vector<mpq_class> spectral;   // as given, parallel to eig (when spectral)
};

std::string q_text(const mpq_class& q) { return "\"" + q.get_str() + "\""; }

std::string matrix_json(const rational_matrix& M) {
  std::string s = "[";
  for (std::size_t i = 0; i < M.rows; ++i) {
    s += i ? ", [" : "[";
    for (std::size_t j = 0; j < M.cols; ++j) s += (j ? ", " : "") + q_text(M(i, j));
    s += "]";
  }
  return s + "]";
}

std::string vector_json(const std::vector<mpq_class>& v) {
  std::string s = "[";
  for (std::size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + q_text(v[i]);
  return s + "]";
}

std::string instance_json(const test_instance& ti, const std::string& alpha) {
  std::string s = "{\"Y\": {\"eigenvalues\": " + vector_json(ti.eig);
  if (ti.P) s += ", \"eigenvectors\": " + matrix_json(*ti.P);
  s += "}, \"init\": ";
  if (!ti.spectral.empty()) s += "{\"spectral\": " + vector_json(ti.spectral) + "}";
  else s += "{\"W0\": " + matrix_json(ti.W0) + "}";
  s += ", \"alpha\": \"" + alpha + "\", \"epsilon\": \"0.1\", \"name\": \"" + ti.name + "\"}";
  return s;
}

incert::instance load(const test_instance& ti, const std::string& alpha) {
  return incert::load_instance(incert::json::parse(instance_json(ti, alpha)));
}

// Decreasing order of the eigenvalues (stable), as the paper orders them.
std::vector<std::size_t> decreasing_order(const std::vector<mpq_class>& eig) {
  std::vector<std::size_t> perm(eig.size());
  std::iota(perm.begin(), perm.end(), 0);
  std::stable_sort(perm.begin(), perm.end(), [&](std::size_t a, std::size_t b) { return eig[a] > eig[b]; });
  return perm;
}

test_instance paper_instance() {
  test_instance ti;
  ti.name = "paper Y=diag(3,2,1)";
  ti.eig = {3, 2, 1};
  ti.W0 = from_strings({{"2", "0.5", "0.3"}, {"0.5", "1.5", "0.2"}, {"0.3", "0.2", "1"}});
  return ti;
}

std::vector<test_instance> all_instances() {
  std::vector<test_instance> out;
  out.push_back(paper_instance());
  {
    test_instance ti;
    ti.name = "random SPD 3x3";
    ti.eig = {mpq_class(5, 2), 1, mpq_class(1, 3)};
    ti.W0 = random_spd(3, 7);
    out.push_back(ti);
  }
  {
    test_instance ti;
    ti.name = "random SPD 4x4";
    ti.eig = {4, 3, mpq_class(3, 2), mpq_class(1, 2)};
    ti.W0 = random_spd(4, 11);
    out.push_back(ti);
  }
  {
    test_instance ti;
    ti.name = "zero eigenvalue (2,1,0)";
    ti.eig = {2, 1, 0};
    ti.W0 = random_spd(3, 23);
    out.push_back(ti);
  }
  {
    test_instance ti;
    ti.name = "eigenvectors 3x3 (Cayley, unnormalised, eigenvalues 1,3,2)";
    ti.eig = {1, 3, 2};
    ti.P = cayley_columns(from_strings({{"0", "1/2", "-1/3"}, {"-1/2", "0", "1/4"}, {"1/3", "-1/4", "0"}}),
                          {2, mpq_class(1, 3), 5});
    ti.W0 = from_strings({{"2", "0.5", "0.3"}, {"0.5", "1.5", "0.2"}, {"0.3", "0.2", "1"}});
    out.push_back(ti);
  }
  {
    test_instance ti;
    ti.name = "eigenvectors 4x4 (Cayley, unnormalised, eigenvalues 0,2,1,3)";
    ti.eig = {0, 2, 1, 3};
    ti.P = cayley_columns(from_strings({{"0", "1", "-2/3", "1/5"},
                                        {"-1", "0", "1/2", "-3/7"},
                                        {"2/3", "-1/2", "0", "2"},
                                        {"-1/5", "3/7", "-2", "0"}}),
                          {mpq_class(3, 2), 1, mpq_class(2, 7), 4});
    ti.W0 = random_spd(4, 5);
    out.push_back(ti);
  }
  {
    test_instance ti;
    ti.name = "spectral (3,2,1) <- (1, 0.5, 2)";
    ti.eig = {3, 2, 1};
    ti.spectral = {1, mpq_class(1, 2), 2};
    out.push_back(ti);
  }
  return out;
}

// ------------------------------------------------------------------ the ODE reference

constexpr unsigned ref_bits = 200;

struct reference_path {
  std::vector<RefMatrix> eigenbasis;  // W~(t_k)
  std::vector<RefMatrix> standard;    // Phi W~(t_k) Phi^T (when eigenvectors are given)
  std::vector<Mp> scale;              // max |W~(t_k)|
};

// W~0 = Phi^T W0 Phi at 200 bits (Phi = the given columns, sorted, normalised), then the
// Taylor integration from alpha W~0 through the times (increasing, first may be 0).
reference_path reference(const test_instance& ti, const mpq_class& alpha, const std::vector<mpq_class>& times) {
  using incert_test::ref_float;
  using incert_test::ref_matrix;
  incert::precision_scope scope(ref_bits);  // ref_float is incert::mpfr_float: 60 digits
  const std::size_t n = ti.eig.size();
  const Eigen::Index N = static_cast<Eigen::Index>(n);
  const std::vector<std::size_t> perm = decreasing_order(ti.eig);
  auto mp = [](const mpq_class& q) {
    ref_float r;
    mpfr_set_q(r.backend().data(), q.get_mpq_t(), MPFR_RNDN);
    return r;
  };
  std::vector<ref_float> sigma;
  for (std::size_t j = 0; j < n; ++j) sigma.push_back(mp(ti.eig[perm[j]]));
  ref_matrix Phi(N, N), Wt0(N, N);
  for (Eigen::Index i = 0; i < N; ++i)
    for (Eigen::Index j = 0; j < N; ++j) {
      if (!ti.P) {
        Phi(i, j) = perm[static_cast<std::size_t>(j)] == static_cast<std::size_t>(i) ? 1 : 0;
      } else {
        const std::size_t c = perm[static_cast<std::size_t>(j)];
        mpq_class n2 = 0;
        for (std::size_t r = 0; r < n; ++r) n2 += (*ti.P)(r, c) * (*ti.P)(r, c);
        Phi(i, j) = mp((*ti.P)(static_cast<std::size_t>(i), c)) / sqrt(mp(n2));
      }
    }
  if (!ti.spectral.empty()) {
    for (Eigen::Index i = 0; i < N; ++i)
      for (Eigen::Index j = 0; j < N; ++j) Wt0(i, j) = i == j ? mp(ti.spectral[perm[static_cast<std::size_t>(i)]]) : ref_float(0);
  } else {
    ref_matrix W0(N, N);
    for (Eigen::Index i = 0; i < N; ++i)
      for (Eigen::Index j = 0; j < N; ++j) W0(i, j) = mp(ti.W0(static_cast<std::size_t>(i), static_cast<std::size_t>(j)));
    ref_matrix tmp = W0 * Phi;
    Wt0 = Phi.transpose() * tmp;
  }
  ref_matrix W = mp(alpha) * Wt0;
  reference_path out;
  ref_float t_prev = 0;
  for (const mpq_class& tq : times) {
    ref_float t = mp(tq);
    ref_float dt = t - t_prev;
    if (dt > 0) W = incert_test::integrate_riccati(sigma, W, dt);
    t_prev = t;
    out.eigenbasis.push_back(to_ref(W));
    out.scale.push_back(max_abs(out.eigenbasis.back()));
    if (ti.P) {
      ref_matrix tmp = W * Phi.transpose();
      ref_matrix S = Phi * tmp;
      out.standard.push_back(to_ref(S));
    }
  }
  return out;
}

// Allowance for the reference's own error: 1e-45 max|W~| (it is ~1e-50 accurate at 60 digits).
Mp reference_allowance(const Mp& scale) {
  Mp a(64);
  mpfr_set_str(a.v, "1e-45", 10, MPFR_RNDU);
  mpfr_mul(a.v, a.v, scale.v, MPFR_RNDU);
  return a;
}

// ------------------------------------------------------------------ checks on one result

struct context {
  std::string instance, alpha, t, type, method;
};
std::string str(const context& c) {
  return c.instance + ", alpha " + c.alpha + ", t " + c.t + ", " + c.type + ", " + c.method;
}

void check_contains(const BoxMatrix& B, const RefMatrix& R, const Mp& allow, const context& c) {
  for (Eigen::Index i = 0; i < B.n; ++i)
    for (Eigen::Index j = 0; j < B.n; ++j) {
      INFO(str(c) << ": entry (" << i << "," << j << ") enclosure " << str(B(i, j)) << ", ODE reference "
                  << str(R(i, j)) << " +- " << str(allow));
      CHECK(contains_within(B(i, j), R(i, j).v, allow));
    }
}

// Diagonal: relative width <= 2^-bits; off-diagonal: width <= 2^-bits sqrt(W_ii W_jj).
void check_width(const BoxMatrix& B, long bits, const context& c) {
  for (Eigen::Index i = 0; i < B.n; ++i)
    for (Eigen::Index j = 0; j < B.n; ++j) {
      INFO(str(c) << ": entry (" << i << "," << j << ") enclosure " << str(B(i, j)) << ", bound 2^-" << bits);
      if (i == j) {
        CHECK(relative_width_le(B(i, i), bits));
      } else {
        Mp s = diag_scale(B, i, j);
        CHECK(width_le(B(i, j), bits, s.v));
      }
    }
}

void check_overlap(const BoxMatrix& A, const BoxMatrix& B, const context& c, const char* what) {
  for (Eigen::Index i = 0; i < A.n; ++i)
    for (Eigen::Index j = 0; j < A.n; ++j) {
      INFO(str(c) << ", " << what << ": entry (" << i << "," << j << ") " << str(A(i, j)) << " vs " << str(B(i, j)));
      CHECK(overlap(A(i, j), B(i, j)));
    }
}

template <class T>
std::string type_name() {
  return Tr<T>::name();
}

template <class T>
constexpr long width_bits() {
  return static_cast<long>(std::is_same<T, mpfi_float>::value ? 128 : 53) - 30;
}

template <class T>
struct method_counts {
  int naive_certified = 0, naive_total = 0;
};

// Every closed-form evaluation of one instance at one alpha, all times, type T.
template <class T>
void check_against_reference(const test_instance& ti, const std::string& alpha_text, const std::vector<mpq_class>& times,
                             const reference_path& ref, method_counts<T>& counts) {
  const incert::instance in = load(ti, alpha_text);
  const incert::enclosed_problem<T> p = incert::enclose_problem<T>(in);
  // The loader's normalisation agrees with the test's own.
  const std::vector<std::size_t> perm = decreasing_order(ti.eig);
  for (std::size_t j = 0; j < perm.size(); ++j) REQUIRE((in.sigma[j] == ti.eig[perm[j]]));
  REQUIRE(p.V.has_value() == true);  // every instance here has W~0 positive definite
  for (std::size_t k = 0; k < times.size(); ++k) {
    const mpfi_float t = incert::enclose_mpfi(times[k]);
    const Mp allow = reference_allowance(ref.scale[k]);
    context c{ti.name, alpha_text, times[k].get_str(), type_name<T>(), ""};

    c.method = "closed_form_eigenbasis";
    auto We = incert::closed_form_eigenbasis(p, t);
    INFO(str(c));
    REQUIRE(We.has_value());
    const BoxMatrix Be = boxes(*We);
    check_contains(Be, ref.eigenbasis[k], allow, c);
    check_width(Be, width_bits<T>(), c);
    c.method = "closed_form_eigenbasis, materialized in T";
    check_contains(boxes(We->materialize()), ref.eigenbasis[k], allow, c);

    if (ti.spectral.empty()) {
      c.method = "closed_form_scaled";
      auto Ws = incert::closed_form_scaled(p, t);
      REQUIRE(Ws.has_value());
      const BoxMatrix Bs = boxes(*Ws);
      check_contains(Bs, ref.eigenbasis[k], allow, c);
      check_width(Bs, width_bits<T>(), c);

      c.method = "closed_form_naive";
      auto Wn = incert::closed_form_naive(p, t);
      ++counts.naive_total;
      if (Wn) {
        ++counts.naive_certified;
        const BoxMatrix Bn = boxes(*Wn);
        check_contains(Bn, ref.eigenbasis[k], allow, c);
        check_overlap(Bs, Bn, c, "scaled vs naive");
      }
    } else {
      c.method = "closed_form_spectral";
      const BoxMatrix Bsp = boxes(incert::closed_form_spectral(p, t));
      check_contains(Bsp, ref.eigenbasis[k], allow, c);
      for (Eigen::Index i = 0; i < Bsp.n; ++i) CHECK(relative_width_le(Bsp(i, i), width_bits<T>()));
      c.method = "closed_form_naive (spectral)";
      auto Wn = incert::closed_form_naive(p, t);
      ++counts.naive_total;
      if (Wn) {
        ++counts.naive_certified;
        check_contains(boxes(*Wn), ref.eigenbasis[k], allow, c);
      }
    }

    if (ti.P) {
      c.method = "to_standard_basis(closed_form_eigenbasis)";
      const BoxMatrix Bstd = boxes(incert::to_standard_basis(p, We->materialize()));
      check_contains(Bstd, ref.standard[k], allow, c);
      for (Eigen::Index i = 0; i < Bstd.n; ++i) {
        INFO(str(c) << ": diagonal entry " << i << " " << str(Bstd(i, i)));
        CHECK(relative_width_le(Bstd(i, i), width_bits<T>()));
      }
      c.method = "to_standard_basis(closed_form_eigenbasis), in MPFI from the scaled entries";
      const BoxMatrix Bmp = boxes(incert::to_standard_basis(p, *We));
      check_contains(Bmp, ref.standard[k], allow, c);
      check_overlap(Bstd, Bmp, c, "standard basis: materialized in T vs MPFI");
      for (Eigen::Index i = 0; i < Bmp.n; ++i) {
        INFO(str(c) << ": diagonal entry " << i << " " << str(Bmp(i, i)));
        CHECK(relative_width_le(Bmp(i, i), width_bits<T>()));
      }
    }
  }
}

const std::vector<std::string> alpha_texts = {"1e-2", "1e-4"};

std::vector<mpq_class> sample_times() {
  std::vector<mpq_class> t;
  for (const char* s : {"0", "0.5", "1.3", "3", "5.5", "8"}) t.push_back(incert::parse_exact(s));
  return t;
}

// t = c ln(1/alpha), enclosed in MPFI at the working precision.
mpfi_float time_from_log(const std::string& c, const std::string& alpha) {
  mpfi_float l = incert::enclose_mpfi(incert::parse_exact(alpha));
  mpfi_log(l.backend().data(), l.backend().data());
  return -l * incert::enclose_mpfi(incert::parse_exact(c));
}

template <class T>
incert::scaled_symmetric_matrix<T> eigenbasis_at(const test_instance& ti, const std::string& alpha, const mpfi_float& t) {
  const incert::instance in = load(ti, alpha);
  const incert::enclosed_problem<T> p = incert::enclose_problem<T>(in);
  auto W = incert::closed_form_eigenbasis(p, t);
  REQUIRE(W.has_value());
  return *W;
}

}  // namespace

// ------------------------------------------------------------------ (1) (2) (3)

TEST_CASE("closed forms contain the ODE reference, are tight, and agree with each other", "[closed_form]") {
  const std::vector<mpq_class> times = sample_times();
  method_counts<mpfi_float> mpfi_counts;
  method_counts<double_interval> di_counts;
  for (const test_instance& ti : all_instances()) {
    for (const std::string& a : alpha_texts) {
      const reference_path ref = reference(ti, incert::parse_exact(a), times);
      {
        incert::precision_scope scope(128);
        check_against_reference<mpfi_float>(ti, a, times, ref, mpfi_counts);
      }
      {
        incert::precision_scope scope(128);  // for the MPFI enclosures converted to double_interval
        check_against_reference<double_interval>(ti, a, times, ref, di_counts);
      }
    }
  }
  // At these scales (alpha e^{2 sigma_1 t} <= 1e-2 e^{64}) 128 bits are plenty for the naive form.
  CHECK(mpfi_counts.naive_certified == mpfi_counts.naive_total);
  CHECK(di_counts.naive_certified > 0);
}

// ------------------------------------------------------------------ (4)

TEST_CASE("closed form at 128 and 256 bits: the enclosures overlap and 256 bits is tighter", "[closed_form]") {
  const std::vector<mpq_class> times = sample_times();
  for (const test_instance& ti : all_instances()) {
    for (const std::string& a : {std::string("1e-2"), std::string("1e-4"), std::string("1e-40")}) {
      for (const mpq_class& tq : times) {
        std::optional<BoxMatrix> lo_e, lo_n, hi_e, hi_n;
        {
          incert::precision_scope scope(128);
          const auto p = incert::enclose_problem<mpfi_float>(load(ti, a));
          const mpfi_float t = incert::enclose_mpfi(tq);
          lo_e = boxes(*incert::closed_form_eigenbasis(p, t));
          if (auto W = incert::closed_form_naive(p, t)) lo_n = boxes(*W);
        }
        {
          incert::precision_scope scope(256);
          const auto p = incert::enclose_problem<mpfi_float>(load(ti, a));
          const mpfi_float t = incert::enclose_mpfi(tq);
          hi_e = boxes(*incert::closed_form_eigenbasis(p, t));
          if (auto W = incert::closed_form_naive(p, t)) hi_n = boxes(*W);
        }
        context c{ti.name, a, tq.get_str(), "mpfi", "eigenbasis 128 vs 256"};
        check_overlap(*lo_e, *hi_e, c, "precisions");
        check_width(*hi_e, 256 - 30, c);
        if (lo_n && hi_n) check_overlap(*lo_n, *hi_n, c, "naive precisions");
        if (hi_n) check_overlap(*hi_e, *hi_n, c, "eigenbasis vs naive at 256 bits");
      }
    }
  }
}

// ------------------------------------------------------------------ (5)

TEST_CASE("the closed form satisfies dW/dt = WS + SW - 2W^2 (central difference, 256 bits)", "[closed_form]") {
  incert::precision_scope scope(256);
  const mpq_class h = mpq_class(1) / mpq_class(mpz_class(1) << 66);  // 2^-66 ~ 1.4e-20
  Mp allowance(64);
  mpfr_set_str(allowance.v, "1e-30", 10, MPFR_RNDU);
  for (const test_instance& ti : all_instances()) {
    for (const std::string& a : {std::string("1e-2"), std::string("1e-6")}) {
      const incert::instance in = load(ti, a);
      const auto p = incert::enclose_problem<mpfi_float>(in);
      for (const char* ts : {"0.5", "3", "7.25"}) {
        const mpq_class tq = incert::parse_exact(ts);
        const auto W = incert::closed_form_eigenbasis(p, incert::enclose_mpfi(tq))->materialize();
        const auto Wp = incert::closed_form_eigenbasis(p, incert::enclose_mpfi(tq + h))->materialize();
        const auto Wm = incert::closed_form_eigenbasis(p, incert::enclose_mpfi(tq - h))->materialize();
        // Right-hand side in the eigenbasis, S = diag(sigma).
        const matrix<mpfi_float> W2 = incert::multiply(W, W);
        matrix<mpfi_float> rhs(W.rows(), W.cols());
        for (Eigen::Index i = 0; i < W.rows(); ++i)
          for (Eigen::Index j = 0; j < W.cols(); ++j)
            rhs(i, j) = W(i, j) * (p.sigma[static_cast<std::size_t>(i)] + p.sigma[static_cast<std::size_t>(j)]) -
                        mpfi_float(2) * W2(i, j);
        const BoxMatrix R = boxes(rhs), P = boxes(Wp), M = boxes(Wm);
        Mp two_h(64);
        mpfr_set_q(two_h.v, mpq_class(2 * h).get_mpq_t(), MPFR_RNDN);  // exact power of two
        for (Eigen::Index i = 0; i < R.n; ++i)
          for (Eigen::Index j = 0; j < R.n; ++j) {
            Box cd{Mp(), Mp()};
            mpfr_sub(cd.lo.v, P(i, j).lo.v, M(i, j).hi.v, MPFR_RNDD);
            mpfr_div(cd.lo.v, cd.lo.v, two_h.v, MPFR_RNDD);
            mpfr_sub(cd.hi.v, P(i, j).hi.v, M(i, j).lo.v, MPFR_RNDU);
            mpfr_div(cd.hi.v, cd.hi.v, two_h.v, MPFR_RNDU);
            INFO(ti.name << ", alpha " << a << ", t " << ts << ", entry (" << i << "," << j << "): central difference "
                         << str(cd) << ", WS + SW - 2W^2 = " << str(R(i, j)));
            // The central difference is itself tight (so the comparison has teeth) ...
            Mp w(64);
            mpfr_sub(w.v, cd.hi.v, cd.lo.v, MPFR_RNDU);
            CHECK(mpfr_cmp_d(w.v, 1e-35) < 0);
            // ... and within the O(h^2) allowance of the right-hand side.
            CHECK(contains_within(cd, R(i, j).lo.v, allowance));
            CHECK(contains_within(cd, R(i, j).hi.v, allowance));
          }
        if (ti.P) {
          // The same identity in the standard basis, dW/dt = WY + YW - 2W^2, Y = Phi diag(sigma) Phi^T.
          const auto Ws = incert::to_standard_basis(p, W);
          const auto Wsp = boxes(incert::to_standard_basis(p, Wp));
          const auto Wsm = boxes(incert::to_standard_basis(p, Wm));
          matrix<mpfi_float> D = matrix<mpfi_float>::Zero(W.rows(), W.cols());
          for (Eigen::Index i = 0; i < W.rows(); ++i) D(i, i) = p.sigma[static_cast<std::size_t>(i)];
          const matrix<mpfi_float> Y = incert::to_standard_basis(p, D);
          const matrix<mpfi_float> WY = incert::multiply(Ws, Y), YW = incert::multiply(Y, Ws), WW = incert::multiply(Ws, Ws);
          matrix<mpfi_float> rs(W.rows(), W.cols());
          for (Eigen::Index i = 0; i < W.rows(); ++i)
            for (Eigen::Index j = 0; j < W.cols(); ++j) rs(i, j) = WY(i, j) + YW(i, j) - mpfi_float(2) * WW(i, j);
          const BoxMatrix Rs = boxes(rs);
          for (Eigen::Index i = 0; i < Rs.n; ++i)
            for (Eigen::Index j = 0; j < Rs.n; ++j) {
              Box cd{Mp(), Mp()};
              mpfr_sub(cd.lo.v, Wsp(i, j).lo.v, Wsm(i, j).hi.v, MPFR_RNDD);
              mpfr_div(cd.lo.v, cd.lo.v, two_h.v, MPFR_RNDD);
              mpfr_sub(cd.hi.v, Wsp(i, j).hi.v, Wsm(i, j).lo.v, MPFR_RNDU);
              mpfr_div(cd.hi.v, cd.hi.v, two_h.v, MPFR_RNDU);
              INFO(ti.name << " (standard basis), alpha " << a << ", t " << ts << ", entry (" << i << "," << j
                           << "): central difference " << str(cd) << ", WY + YW - 2W^2 = " << str(Rs(i, j)));
              CHECK(contains_within(cd, Rs(i, j).lo.v, allowance));
              CHECK(contains_within(cd, Rs(i, j).hi.v, allowance));
            }
        }
      }
    }
  }
}

// ------------------------------------------------------------------ (6)

TEMPLATE_LIST_TEST_CASE("acceptance values: Y = diag(3,2,1), alpha = 1e-10, t = 0.22 ln(1e10)", "[closed_form]", incert::rigorous_scalar_types) {
  using T = TestType;
  incert::precision_scope scope(128);
  const mpfi_float t = time_from_log("0.22", "1e-10");
  const BoxMatrix B = boxes(eigenbasis_at<T>(paper_instance(), "1e-10", t));
  // The materialized matrix in T holds the same values (O(1) entries here).
  check_overlap(B, boxes(eigenbasis_at<T>(paper_instance(), "1e-10", t).materialize()),
                context{"paper", "1e-10", "0.22 ln(1e10)", Tr<T>::name(), "eigenbasis"}, "entry vs materialize");
  const std::vector<std::string> diag = {"2.99715266537849", "0.083156587049387", "2.3977646096282e-6"};
  for (Eigen::Index i = 0; i < 3; ++i) {
    INFO(Tr<T>::name() << ": W~_" << i << i << " = " << str(B(i, i)) << ", expected " << diag[static_cast<std::size_t>(i)]);
    CHECK(matches_digits(B(i, i), diag[static_cast<std::size_t>(i)]));
  }
  INFO(Tr<T>::name() << ": W~_01 = " << str(B(0, 1)) << ", expected 0.00453113482730478");
  CHECK(matches_digits(B(0, 1), "0.00453113482730478"));
  CHECK(matches_digits(B(1, 0), "0.00453113482730478"));
  // Further digits from an independent 3000-digit evaluation (mpmath).
  CHECK(matches_digits(B(0, 2), "1.77850345190868e-5"));
  CHECK(matches_digits(B(1, 2), "4.77212629108363e-5"));
  // The digit test is not vacuous: a wrong value in the 13th digit is rejected.
  CHECK_FALSE(matches_digits(B(0, 0), "2.99715266537859"));
  check_width(B, width_bits<T>(), context{"paper", "1e-10", "0.22 ln(1e10)", Tr<T>::name(), "eigenbasis"});
}

// ------------------------------------------------------------------ (7)

TEST_CASE("small alpha at 128 bits: tight, and the reference digits", "[closed_form]") {
  incert::precision_scope scope(128);
  struct expected {
    std::string alpha;
    std::vector<std::string> diag;
    std::string w01, w02, w12;
  };
  // 1e-100: the brief's values; the off-diagonal (0,2), (1,2) and all of 1e-1000 from an
  // independent mpmath evaluation of the naive formula at 3000 digits.
  const std::vector<expected> cases = {
      {"1e-100", {"3.0", "1.37499999999905e-12", "9.54999999999992e-57"}, "7.49999999999484e-23",
       "4.49999999999953e-45", "1.24999999999914e-35"},
      {"1e-1000", {"3.0", "1.375e-120", "9.55e-561"}, "7.5e-221", "4.5e-441", "1.25e-341"},
  };
  for (const expected& e : cases) {
    const mpfi_float t = time_from_log("0.22", e.alpha);
    const BoxMatrix B = boxes(eigenbasis_at<mpfi_float>(paper_instance(), e.alpha, t));
    // ||W~||_2 >= max_i W~_ii >= lower bound of W~_00.
    Mp norm_lb = min_abs(B(0, 0)), bound(64);
    mpfr_mul_d(bound.v, norm_lb.v, 1e-30, MPFR_RNDD);
    for (Eigen::Index i = 0; i < 3; ++i)
      for (Eigen::Index j = 0; j < 3; ++j) {
        INFO("alpha " << e.alpha << ", entry (" << i << "," << j << ") " << str(B(i, j)));
        Mp w(64);
        mpfr_sub(w.v, B(i, j).hi.v, B(i, j).lo.v, MPFR_RNDU);
        CHECK(mpfr_cmp(w.v, bound.v) <= 0);
        if (i == j) {
          Mp m = min_abs(B(i, i));
          REQUIRE(mpfr_sgn(m.v) > 0);
          Mp rel(64);
          mpfr_div(rel.v, w.v, m.v, MPFR_RNDU);
          CHECK(mpfr_cmp_d(rel.v, 1e-30) <= 0);
          CHECK(matches_digits(B(i, i), e.diag[static_cast<std::size_t>(i)]));
        }
      }
    INFO("alpha " << e.alpha << ": W~_01 " << str(B(0, 1)) << ", W~_02 " << str(B(0, 2)) << ", W~_12 " << str(B(1, 2)));
    CHECK(matches_digits(B(0, 1), e.w01));
    CHECK(matches_digits(B(0, 2), e.w02));
    CHECK(matches_digits(B(1, 2), e.w12));
    // Off-diagonal entries are known to many digits too, not just to 1e-30 ||W~||.
    check_width(B, 128 - 30, context{"paper", e.alpha, "0.22 ln(1/alpha)", "mpfi", "eigenbasis"});
  }
}

// ------------------------------------------------------------------ (8)

TEMPLATE_LIST_TEST_CASE("point types approximate the closed form to a few hundred unit roundoffs", "[closed_form]", incert::point_scalar_types) {
  using T = TestType;
  const std::string alpha = "1e-10";
  // Reference: MPFI at 256 bits, converted to exact bounds before leaving the scope.
  std::optional<BoxMatrix> ref;
  {
    incert::precision_scope scope(256);
    ref = boxes(eigenbasis_at<mpfi_float>(paper_instance(), alpha, time_from_log("0.22", alpha)));
  }
  incert::precision_scope scope(128);  // mpfr_float works at 128 bits
  const mpfi_float t = time_from_log("0.22", alpha);
  const incert::instance in = load(paper_instance(), alpha);
  const auto p = incert::enclose_problem<T>(in);
  const Mp u = exact(Tr<T>::lower_exact(Tr<T>::unit_roundoff()));
  struct method {
    const char* name;
    std::optional<matrix<T>> W;
    double ulps;
  };
  // The naive form's error grows with cond(I + alpha G W~0) ~ alpha e^{6t} ~ 1e3 here.
  std::vector<method> methods;
  auto mat = [](const auto& W) -> std::optional<matrix<T>> {
    if (!W) return std::nullopt;
    return W->materialize();
  };
  methods.push_back({"eigenbasis", mat(incert::closed_form_eigenbasis(p, t)), 300});
  methods.push_back({"scaled", mat(incert::closed_form_scaled(p, t)), 300});
  methods.push_back({"naive", mat(incert::closed_form_naive(p, t)), 3e5});
  for (const method& m : methods) {
    REQUIRE(m.W.has_value());
    for (Eigen::Index i = 0; i < 3; ++i)
      for (Eigen::Index j = 0; j < 3; ++j) {
        const Mp v = exact(Tr<T>::lower_exact((*m.W)(i, j)));
        const Box& b = (*ref)(i, j);
        // distance from v to the reference box, versus ulps * u * sqrt(W_ii W_jj)
        Mp d, tol(64);
        if (mpfr_cmp(v.v, b.lo.v) < 0) mpfr_sub(d.v, b.lo.v, v.v, MPFR_RNDU);
        else if (mpfr_cmp(v.v, b.hi.v) > 0) mpfr_sub(d.v, v.v, b.hi.v, MPFR_RNDU);
        Mp s = diag_scale(*ref, i, j);
        mpfr_mul(tol.v, s.v, u.v, MPFR_RNDD);
        mpfr_mul_d(tol.v, tol.v, m.ulps, MPFR_RNDD);
        INFO(Tr<T>::name() << " " << m.name << ": entry (" << i << "," << j << ") " << str(v) << ", reference "
                           << str(b) << ", distance " << str(d) << ", tolerance " << str(tol));
        CHECK(mpfr_cmp(d.v, tol.v) <= 0);
      }
  }
}

// detail::scale_products (scaled_symmetric_matrix.hpp): s_i s_j in T, by converting each s_i
// once when the exponents allow it, else per product in MPFI. Containment of the 256-bit product
// of the same MPFI inputs; width within 4 ulps of T (relative) when the scales are in range.
TEMPLATE_LIST_TEST_CASE("scale products contain s_i s_j, and are tight inside T's range", "[closed_form][scale_products]", incert::rigorous_scalar_types) {
  using T = TestType;
  using traits = incert::scalar_traits<T>;
  incert::precision_scope prec(128);
  for (const std::vector<int>& exponents : {std::vector<int>{0, 3, -7, 500, -509}, std::vector<int>{0, 2000, -3000}, std::vector<int>{-100000, 5}}) {
    std::vector<incert::mpfi_float> s;
    for (std::size_t i = 0; i < exponents.size(); ++i) {
      incert::mpfi_float v = incert::mpfi_float(1) / incert::mpfi_float(3 + 2 * static_cast<int>(i));  // a non-point interval
      s.push_back(incert::mpfi_float(ldexp(v, exponents[i])));
    }
    const incert::detail::scale_products<T> ss(s);
    const bool in_range = *std::max_element(exponents.begin(), exponents.end()) < traits::product_exponent_limit &&
                          *std::min_element(exponents.begin(), exponents.end()) > -traits::product_exponent_limit;
    for (std::size_t i = 0; i < s.size(); ++i)
      for (std::size_t j = 0; j < s.size(); ++j) {
        incert::mpfi_float exact;
        {
          incert::precision_scope wide(256);
          exact = s[i] * s[j];
        }
        const T got = ss(i, j);
        const incert::mpfi_float g = traits::to_mpfi(got);
        INFO("T = " << traits::name() << ", exponents " << exponents[i] << " and " << exponents[j] << ": got " << g << ", exact " << exact);
        CHECK(incert::scalar_traits<incert::mpfi_float>::lower(g) <= incert::scalar_traits<incert::mpfi_float>::lower(exact));
        CHECK(incert::scalar_traits<incert::mpfi_float>::upper(exact) <= incert::scalar_traits<incert::mpfi_float>::upper(g));
        if (in_range) {
          const incert::mpfr_float w = incert::scalar_traits<incert::mpfi_float>::upper(g) - incert::scalar_traits<incert::mpfi_float>::lower(g);
          CHECK(w <= ldexp(incert::scalar_traits<incert::mpfi_float>::upper(g), 4 - static_cast<int>(traits::precision_bits())));
        }
      }
  }
}
