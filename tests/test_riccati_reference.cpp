// Checks the independent Taylor-series reference integrator for the Riccati ODE
//   dW/dt = W S + S W - 2 W^2,  S = diag(sigma)
// (tests/support/riccati_reference.hpp) against facts that do not come from the
// project's code: the scalar logistic solution, the semigroup property, exact
// symmetry, and the linear ODE satisfied by W^{-1}.
#include <catch2/catch.hpp>

#include "support/riccati_reference.hpp"

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

using incert_test::integrate_riccati;
using incert_test::ref_float;
using incert_test::ref_matrix;

namespace {

// Sets ref_float's default precision for the lifetime of the object.
struct ref_precision_guard {
  explicit ref_precision_guard(unsigned d10) : old_(ref_float::default_precision()) {
    ref_float::default_precision(d10);
  }
  ~ref_precision_guard() { ref_float::default_precision(old_); }
  ref_precision_guard(const ref_precision_guard&) = delete;
  ref_precision_guard& operator=(const ref_precision_guard&) = delete;

 private:
  unsigned old_;
};

ref_float num(const char* s) { return ref_float(s); }

std::string str(const ref_float& x) { return x.str(5, std::ios_base::scientific); }

ref_matrix zeros(std::size_t n) {
  ref_matrix m(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(n));
  for (Eigen::Index i = 0; i < m.rows(); ++i)
    for (Eigen::Index j = 0; j < m.cols(); ++j) m(i, j) = 0;
  return m;
}

ref_float max_abs_diff(const ref_matrix& a, const ref_matrix& b) {
  ref_float r = 0;
  for (Eigen::Index i = 0; i < a.rows(); ++i)
    for (Eigen::Index j = 0; j < a.cols(); ++j) r = (std::max)(r, ref_float(abs(a(i, j) - b(i, j))));
  return r;
}

bool exactly_symmetric(const ref_matrix& a) {
  for (Eigen::Index i = 0; i < a.rows(); ++i)
    for (Eigen::Index j = 0; j < i; ++j)
      if (a(i, j) != a(j, i)) return false;
  return true;
}

// Gauss-Jordan inverse with partial pivoting, in ref_float (loops only).
ref_matrix inverse(const ref_matrix& a) {
  const Eigen::Index n = a.rows();
  ref_matrix m = a;
  ref_matrix inv = zeros(static_cast<std::size_t>(n));
  for (Eigen::Index i = 0; i < n; ++i) inv(i, i) = 1;
  for (Eigen::Index c = 0; c < n; ++c) {
    Eigen::Index p = c;
    for (Eigen::Index r = c + 1; r < n; ++r)
      if (abs(m(r, c)) > abs(m(p, c))) p = r;
    REQUIRE(m(p, c) != 0);
    if (p != c)
      for (Eigen::Index j = 0; j < n; ++j) {
        std::swap(m(p, j), m(c, j));
        std::swap(inv(p, j), inv(c, j));
      }
    const ref_float d = m(c, c);
    for (Eigen::Index j = 0; j < n; ++j) {
      m(c, j) /= d;
      inv(c, j) /= d;
    }
    for (Eigen::Index r = 0; r < n; ++r) {
      if (r == c) continue;
      const ref_float f = m(r, c);
      if (f == 0) continue;
      for (Eigen::Index j = 0; j < n; ++j) {
        m(r, j) -= f * m(c, j);
        inv(r, j) -= f * inv(c, j);
      }
    }
  }
  return inv;
}

// integrate_riccati, recording the slowest call (reported, not checked: wall-clock time depends on the
// machine's load, and speed is the benchmarks' business, not the tests').
double g_max_seconds = 0.0;
ref_matrix timed_integrate(const std::vector<ref_float>& sigma, const ref_matrix& w0, const ref_float& t) {
  const auto start = std::chrono::steady_clock::now();
  ref_matrix w = integrate_riccati(sigma, w0, t);
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  g_max_seconds = (std::max)(g_max_seconds, secs);
  return w;
}

// The scalar logistic equation w' = 2 s w - 2 w^2, w(0) = a, has the solution
//   w(t) = a s e^{2st} / (s + a (e^{2st} - 1))   (s != 0),   w(t) = a / (1 + 2 a t)   (s = 0).
// (Derivation: v = 1/w solves the linear v' = -2 s v + 2.)
ref_float logistic(const ref_float& a, const ref_float& s, const ref_float& t) {
  if (s == 0) return a / (1 + 2 * a * t);
  const ref_float e = exp(2 * s * t);
  return a * s * e / (s + a * (e - 1));
}

}  // namespace

TEST_CASE("riccati reference: diagonal case follows the scalar logistic solution", "[riccati_reference]") {
  ref_precision_guard guard(60);
  const std::vector<ref_float> sigma = {num("3"), num("2"), num("1"), num("0"), num("-1.5")};
  const std::size_t n = sigma.size();
  const ref_float tol = num("1e-40");
  for (const char* a_str : {"1e-3", "0.5"}) {
    for (const char* t_str : {"0.5", "2", "5"}) {
      const ref_float a = num(a_str);
      const ref_float t = num(t_str);
      ref_matrix w0 = zeros(n);
      for (std::size_t i = 0; i < n; ++i) w0(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(i)) = a;
      const ref_matrix w = timed_integrate(sigma, w0, t);
      for (std::size_t i = 0; i < n; ++i) {
        const auto ii = static_cast<Eigen::Index>(i);
        const ref_float exact = logistic(a, sigma[i], t);
        const ref_float err = abs(w(ii, ii) - exact);
        INFO("a = " << a_str << ", t = " << t_str << ", s = " << str(sigma[i]) << ": w = " << str(w(ii, ii))
                    << ", |err| = " << str(err));
        CHECK(err < tol);
        CHECK(err <= tol * abs(exact));  // also relative (exact is O(1e-3) .. 3)
        for (std::size_t j = 0; j < n; ++j)
          if (j != i) CHECK(w(ii, static_cast<Eigen::Index>(j)) == 0);
      }
    }
  }
}

TEST_CASE("riccati reference: accuracy follows the working precision", "[riccati_reference]") {
  // At 30 digits the target is ~1e-20; the logistic formula is evaluated at 80 digits.
  for (const char* t_str : {"0.5", "5"}) {
    ref_matrix w;
    {
      ref_precision_guard guard(30);
      const std::vector<ref_float> sigma = {num("3")};
      ref_matrix w0 = zeros(1);
      w0(0, 0) = num("1e-3");
      w = timed_integrate(sigma, w0, num(t_str));
    }
    ref_precision_guard guard(80);
    const ref_float exact = logistic(num("1e-3"), num("3"), num(t_str));
    ref_float w80 = 0;
    w80 = w(0, 0);
    const ref_float err = abs(w80 - exact);
    INFO("t = " << t_str << ", |err| = " << str(err));
    CHECK(err < num("1e-20") * abs(exact));
  }
}

TEST_CASE("riccati reference: t = 0 and equilibria", "[riccati_reference]") {
  ref_precision_guard guard(60);
  const std::vector<ref_float> sigma = {num("3"), num("2"), num("1")};
  ref_matrix w0 = zeros(3);
  w0(0, 0) = num("0.25");
  w0(0, 1) = w0(1, 0) = num("0.125");
  w0(1, 1) = num("0.5");
  w0(2, 2) = num("0.75");
  CHECK(max_abs_diff(integrate_riccati(sigma, w0, num("0")), w0) == 0);
  // W = 0 and W = diag(sigma) are exact equilibria of W S + S W - 2 W^2.
  CHECK(max_abs_diff(integrate_riccati(sigma, zeros(3), num("2")), zeros(3)) == 0);
  ref_matrix ws = zeros(3);
  for (Eigen::Index i = 0; i < 3; ++i) ws(i, i) = sigma[static_cast<std::size_t>(i)];
  CHECK(max_abs_diff(integrate_riccati(sigma, ws, num("2")), ws) < num("1e-55"));
}

TEST_CASE("riccati reference: semigroup property and exact symmetry", "[riccati_reference]") {
  ref_precision_guard guard(60);
  const ref_float tol = num("1e-40");

  // 3x3 case of the brief, and a 4x4 case with a zero and a negative sigma and a
  // full PSD start W = B B^T.
  std::vector<std::vector<ref_float>> sigmas;
  std::vector<ref_matrix> starts;
  {
    sigmas.push_back({num("3"), num("2"), num("1")});
    ref_matrix w = zeros(3);
    const char* e[3][3] = {{"2", "0.5", "0.3"}, {"0.5", "1.5", "0.2"}, {"0.3", "0.2", "1"}};
    for (Eigen::Index i = 0; i < 3; ++i)
      for (Eigen::Index j = 0; j < 3; ++j) w(i, j) = num("0.01") * num(e[i][j]);
    starts.push_back(w);
  }
  {
    sigmas.push_back({num("2.5"), num("1"), num("0"), num("-0.5")});
    const char* b[4][4] = {{"1", "0.2", "-0.3", "0"}, {"0.1", "0.7", "0.25", "-0.4"},
                           {"-0.2", "0.3", "0.9", "0.1"}, {"0.05", "-0.1", "0.2", "0.6"}};
    ref_matrix w = zeros(4);
    for (Eigen::Index i = 0; i < 4; ++i)
      for (Eigen::Index j = 0; j < 4; ++j)
        for (Eigen::Index k = 0; k < 4; ++k) w(i, j) += num(b[i][k]) * num(b[j][k]);
    starts.push_back(w);
  }

  struct split {
    const char* t1;
    const char* t2;
  };
  for (std::size_t c = 0; c < sigmas.size(); ++c) {
    for (const split& s : {split{"0.5", "2"}, split{"1.25", "5"}, split{"0.3", "0.7"}}) {
      const ref_float t1 = num(s.t1);
      const ref_float t2 = num(s.t2);
      const ref_matrix w1 = timed_integrate(sigmas[c], starts[c], t1);
      const ref_matrix w12 = timed_integrate(sigmas[c], w1, t2 - t1);
      const ref_matrix w2 = timed_integrate(sigmas[c], starts[c], t2);
      const ref_float err = max_abs_diff(w12, w2);
      INFO("case " << c << ", t1 = " << s.t1 << ", t2 = " << s.t2 << ": |err| = " << str(err));
      CHECK(err < tol);
      CHECK(exactly_symmetric(w1));
      CHECK(exactly_symmetric(w12));
      CHECK(exactly_symmetric(w2));
    }
  }
}

TEST_CASE("riccati reference: W^{-1} solves the linear ODE (3x3, non-diagonal)", "[riccati_reference]") {
  // Derivation: V = W^{-1} gives dV/dt = -V (dW/dt) V = -V (W S + S W - 2 W^2) V = -S V - V S + 2 I,
  // a linear ODE whose solution is V(t) = e^{-St} V0 e^{-St} + 2 int_0^t e^{-2S(t-u)} du
  //                                     = e^{-St} V0 e^{-St} + diag((1 - e^{-2 s_i t}) / s_i).
  ref_precision_guard guard(60);
  const std::vector<ref_float> sigma = {num("3"), num("2"), num("1")};
  ref_matrix w0 = zeros(3);
  const char* e[3][3] = {{"2", "0.5", "0.3"}, {"0.5", "1.5", "0.2"}, {"0.3", "0.2", "1"}};
  for (Eigen::Index i = 0; i < 3; ++i)
    for (Eigen::Index j = 0; j < 3; ++j) w0(i, j) = num("0.01") * num(e[i][j]);
  const ref_matrix v0 = inverse(w0);
  const ref_float tol = num("1e-35");

  for (const char* t_str : {"0.5", "2"}) {
    const ref_float t = num(t_str);
    ref_matrix v_exact = zeros(3);
    for (Eigen::Index i = 0; i < 3; ++i)
      for (Eigen::Index j = 0; j < 3; ++j) {
        const auto si = sigma[static_cast<std::size_t>(i)];
        const auto sj = sigma[static_cast<std::size_t>(j)];
        v_exact(i, j) = exp(-si * t) * v0(i, j) * exp(-sj * t);
        if (i == j) v_exact(i, j) += (1 - exp(-2 * si * t)) / si;
      }
    const ref_matrix w = timed_integrate(sigma, w0, t);
    const ref_float err_v = max_abs_diff(inverse(w), v_exact);
    const ref_float err_w = max_abs_diff(w, inverse(v_exact));
    INFO("t = " << t_str << ": |V - V_exact| = " << str(err_v) << ", |W - V_exact^{-1}| = " << str(err_w));
    CHECK(err_v < tol);
    CHECK(err_w < tol);
    CHECK(exactly_symmetric(w));
  }
}

TEST_CASE("riccati reference: runtime summary", "[riccati_reference]") {
  // Runs after the cases above when the whole file is run (declaration order).
  WARN("slowest single integrate_riccati call so far: " << g_max_seconds << " s");
}
