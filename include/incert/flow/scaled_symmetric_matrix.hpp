// incert/flow/scaled_symmetric_matrix.hpp
//
// The result type of every closed-form evaluation, W~_ij = f_i f_j X_ij: scale factors f_i as
// MPFI enclosures (any exponent), the O(1) core X in T (flow/closed_form.hpp explains why).
#pragma once

#include "incert/linalg/matrix_ops.hpp"
#include "incert/scalar/traits.hpp"

#include <stdexcept>
#include <vector>

namespace incert {

// The closed form is the ODE solution only for t >= 0: there I + alpha G(s) W~0 is invertible for
// every s in [0, t] (W~0 PSD). For t < 0 it can pass a singularity and still return a finite matrix.
inline void require_nonnegative_time(const mpfi_float& t) {
  if (scalar_traits<mpfi_float>::lower(t) < 0)
    throw std::domain_error("closed form: the time must be >= 0 (the flow is only defined forward from W(0))");
}

namespace detail {

// s_i s_j as an enclosure in T, for all i, j. When every s_i is nonzero with a binary exponent
// within traits::product_exponent_limit, each s_i is converted to T once and the products are
// formed in T (they stay normal there, so relative accuracy is kept: a few ulps of T); otherwise
// each product is formed in MPFI and converted (n^2 MPFI products: the slow path, needed when
// the scales leave T's exponent range, e.g. double_interval at alpha = 1e-5000). For T = MPFI
// both give the same bits (the conversion is exact at the working precision).
template <class T>
class scale_products {
 public:
  explicit scale_products(const std::vector<mpfi_float>& s) : s_(s) {
    const long limit = scalar_traits<T>::product_exponent_limit;
    for (const mpfi_float& v : s) {
      mpfi_srcptr x = v.backend().data();
      if (!mpfr_regular_p(&x->left) || !mpfr_regular_p(&x->right)) return;
      for (mpfr_srcptr e : {&x->left, &x->right})
        if (mpfr_get_exp(e) > limit || mpfr_get_exp(e) < -limit) return;
    }
    converted_.reserve(s.size());
    for (const mpfi_float& v : s) converted_.push_back(scalar_traits<T>::from_mpfi(v));
  }
  T operator()(std::size_t i, std::size_t j) const {
    if (!converted_.empty()) return converted_[i] * converted_[j];
    return scalar_traits<T>::from_mpfi(s_[i] * s_[j]);
  }

 private:
  const std::vector<mpfi_float>& s_;
  std::vector<T> converted_;
};

}  // namespace detail

template <class T>
struct scaled_symmetric_matrix {
  std::vector<mpfi_float> scale;  // f_i
  matrix<T> core;                 // X

  Eigen::Index size() const { return core.rows(); }
  // f_i f_j X_ij as an MPFI enclosure (exact conversion of X_ij, then interval products).
  mpfi_float entry(Eigen::Index i, Eigen::Index j) const {
    return scale[static_cast<std::size_t>(i)] * scale[static_cast<std::size_t>(j)] * scalar_traits<T>::to_mpfi(core(i, j));
  }
  // The matrix in T. Entries whose magnitude leaves T's exponent range keep an absolute
  // (not relative) enclosure, e.g. [0, 2^-1074] for double_interval.
  matrix<T> materialize() const {
    matrix<T> W(core.rows(), core.cols());
    const detail::scale_products<T> ff(scale);
    for (Eigen::Index i = 0; i < core.rows(); ++i)
      for (Eigen::Index j = 0; j < core.cols(); ++j) W(i, j) = ff(static_cast<std::size_t>(i), static_cast<std::size_t>(j)) * core(i, j);
    symmetrize(W);
    return W;
  }
};

}  // namespace incert
