// incert/linalg/midrad_product.hpp
//
// Fast products of double_interval matrices: Rump's midpoint-radius product with directed
// rounding, the floating-point work done by Eigen's double GEMM (proofs/fast_products.md,
// section 1).
//
// With every operation rounded upward (RU), for finite double matrices:
//   Chi = RU(Am Bm) >= Am Bm, Nlo = RU((-Am) Bm) >= -(Am Bm),
//   Rad = RU(|Am| Br + Ar (|Bm| + Br)) >= |Am| Br + Ar |Bm| + Ar Br   (nonnegative data),
// whatever the summation order, FMA or not, underflow or not: each rounded operation is >=
// its exact result, and + (and * on nonnegative operands) is monotone. Then every matrix in [Am +- Ar] x [Bm +- Br] has its product in
//   [-RU(Nlo + Rad), RU(Chi + Rad)].
// Only the rounding direction upward is used (the lower bound is a negated upper bound), so
// there is one mode switch per product.
//
// Keeping the mode switch effective under -O2 -frounding-math:
//  * all floating-point work runs inside functions marked INCERT_OPAQUE (GCC: noinline +
//    noipa: the compiler may neither inline them, nor clone/specialise them on constant
//    arguments, nor assume anything about what they read or write; Clang: noinline, and
//    -frounding-math makes every operation honour the dynamic mode), called between the
//    fesetround that sets FE_UPWARD and the one that restores the caller's mode. A call
//    cannot be moved across another call with unknown side effects, so the GEMMs run in the
//    upward mode, and no constant folding of their operands is possible (the data are in
//    memory only);
//  * the scope also clears the SSE flush-to-zero / denormals-are-zero bits (which would
//    turn an upward-rounded tiny result into 0) and restores MXCSR afterwards;
//  * the negated midpoint matrix is materialised (Eigen would otherwise pull the factor -1
//    out of the product and apply it after rounding, which reverses the direction).
#pragma once

#include "incert/scalar/eigen_support.hpp"

#include <cfenv>
#include <cmath>
#include <optional>

#if defined(__x86_64__) || defined(__i386__) || defined(_M_X64)
#include <xmmintrin.h>
#define INCERT_HAVE_MXCSR 1
#else
#define INCERT_HAVE_MXCSR 0
#endif

#if defined(__GNUC__) && !defined(__clang__)
#define INCERT_OPAQUE __attribute__((noinline, noipa))
#elif defined(__clang__)
#define INCERT_OPAQUE __attribute__((noinline))
#else
#define INCERT_OPAQUE
#endif

namespace incert {
namespace detail {

// RAII: round upward (and no flush-to-zero) until the end of the scope, then the caller's
// rounding mode and MXCSR again.
class upward_rounding_scope {
 public:
  upward_rounding_scope() : old_mode_(std::fegetround()) {
#if INCERT_HAVE_MXCSR
    old_csr_ = _mm_getcsr();
    _mm_setcsr(old_csr_ & ~0x8040u);  // FTZ (bit 15) and DAZ (bit 6) off
#endif
    ok_ = std::fesetround(FE_UPWARD) == 0 && std::fegetround() == FE_UPWARD;
  }
  ~upward_rounding_scope() {
#if INCERT_HAVE_MXCSR
    _mm_setcsr(old_csr_);
#endif
    std::fesetround(old_mode_);
  }
  upward_rounding_scope(const upward_rounding_scope&) = delete;
  upward_rounding_scope& operator=(const upward_rounding_scope&) = delete;
  bool ok() const { return ok_; }

 private:
  int old_mode_;
#if INCERT_HAVE_MXCSR
  unsigned old_csr_ = 0;
#endif
  bool ok_ = false;
};

namespace midrad {

using dmat = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic>;

// Upward mode. Midpoints (any double of the interval will do), radii rounded up, |mid|.
// Returns whether some radius is nonzero.
INCERT_OPAQUE inline bool split(const matrix<double_interval>& X, dmat& mid, dmat& neg_mid, dmat& abs_mid, dmat& rad) {
  const Eigen::Index r = X.rows(), c = X.cols();
  mid.resize(r, c);
  neg_mid.resize(r, c);
  abs_mid.resize(r, c);
  rad.resize(r, c);
  bool any = false;
  for (Eigen::Index j = 0; j < c; ++j)
    for (Eigen::Index i = 0; i < r; ++i) {
      const double lo = X(i, j).lower(), hi = X(i, j).upper();
      double m = lo == hi ? lo : 0.5 * lo + 0.5 * hi;  // rounded up; clamped into [lo, hi]
      if (m > hi) m = hi;
      if (m < lo) m = lo;
      const double d1 = hi - m, d2 = m - lo;  // rounded up: >= the exact distances
      const double rr = d1 < d2 ? d2 : d1;
      mid(i, j) = m;
      neg_mid(i, j) = -m;
      abs_mid(i, j) = std::fabs(m);
      rad(i, j) = rr;
      any = any || rr != 0;
    }
  return any;
}

// Upward mode: sum = |M| + R.
INCERT_OPAQUE inline void add_up(const dmat& a, const dmat& b, dmat& sum) { sum = a + b; }

// Upward mode: C = X Y (a GEMM whose every rounding is upward).
INCERT_OPAQUE inline void gemm_up(const dmat& X, const dmat& Y, dmat& C) { C.noalias() = X * Y; }
// Upward mode: C += X Y.
INCERT_OPAQUE inline void gemm_up_acc(const dmat& X, const dmat& Y, dmat& C) { C.noalias() += X * Y; }

// Upward mode: the bounds [-(Nlo + Rad), Chi + Rad].
INCERT_OPAQUE inline void assemble(const dmat& chi, const dmat& nlo, const dmat* rad, matrix<double_interval>& C) {
  const Eigen::Index r = chi.rows(), c = chi.cols();
  for (Eigen::Index j = 0; j < c; ++j)
    for (Eigen::Index i = 0; i < r; ++i) {
      double up = chi(i, j), dn = nlo(i, j);
      if (rad) {
        up = up + (*rad)(i, j);
        dn = dn + (*rad)(i, j);
      }
      C(i, j) = double_interval(-dn, up, true);
    }
}

}  // namespace midrad

// Enclosure of A B for double_interval matrices, or nothing when some bound is not finite
// or the rounding mode cannot be set (the caller then uses the generic kernel).
inline std::optional<matrix<double_interval>> midrad_product(const matrix<double_interval>& A,
                                                              const matrix<double_interval>& B) {
  for (Eigen::Index j = 0; j < A.cols(); ++j)
    for (Eigen::Index i = 0; i < A.rows(); ++i)
      if (!std::isfinite(A(i, j).lower()) || !std::isfinite(A(i, j).upper())) return std::nullopt;
  for (Eigen::Index j = 0; j < B.cols(); ++j)
    for (Eigen::Index i = 0; i < B.rows(); ++i)
      if (!std::isfinite(B(i, j).lower()) || !std::isfinite(B(i, j).upper())) return std::nullopt;
  using midrad::dmat;
  dmat am, an, aa, ar, bm, bn, ba, br, chi, nlo, rad, tmp;
  matrix<double_interval> C(A.rows(), B.cols());
  {
    upward_rounding_scope up;
    if (!up.ok()) return std::nullopt;
    const bool a_rad = midrad::split(A, am, an, aa, ar);
    const bool b_rad = midrad::split(B, bm, bn, ba, br);
    midrad::gemm_up(am, bm, chi);
    midrad::gemm_up(an, bm, nlo);
    const dmat* radp = nullptr;
    if (a_rad && b_rad) {  // |Am| Br + Ar (|Bm| + Br)
      midrad::gemm_up(aa, br, rad);
      midrad::add_up(ba, br, tmp);
      midrad::gemm_up_acc(ar, tmp, rad);
      radp = &rad;
    } else if (a_rad) {
      midrad::gemm_up(ar, ba, rad);
      radp = &rad;
    } else if (b_rad) {
      midrad::gemm_up(aa, br, rad);
      radp = &rad;
    }
    midrad::assemble(chi, nlo, radp, C);
  }
  return C;
}

}  // namespace detail
}  // namespace incert
