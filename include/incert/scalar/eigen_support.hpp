// incert/scalar/eigen_support.hpp
//
// Eigen::NumTraits for the multiprecision and interval scalars, and the matrix alias.
// Boost's own glue (boost/multiprecision/eigen.hpp) is not used: its epsilon() does not
// follow a precision chosen at run time. Interval types only ever go through Eigen as
// containers and in products; factorizations (which pivot, i.e. compare) run on the
// midpoint type (docs/measured_facts.md section 2).
#pragma once

#include "incert/scalar/traits.hpp"

#include <Eigen/Dense>

namespace Eigen {

template <>
struct NumTraits<incert::mpfr_float> : GenericNumTraits<incert::mpfr_float> {
  using Real = incert::mpfr_float;
  using NonInteger = incert::mpfr_float;
  using Nested = incert::mpfr_float;
  using Literal = incert::mpfr_float;
  enum {
    IsComplex = 0, IsInteger = 0, IsSigned = 1, RequireInitialization = 1,
    ReadCost = HugeCost, AddCost = HugeCost, MulCost = HugeCost
  };
  static Real epsilon() { return ldexp(Real(1), 1 - static_cast<int>(incert::current_precision_bits())); }
  static Real dummy_precision() { return ldexp(Real(1), 8 - static_cast<int>(incert::current_precision_bits())); }
  static Real highest() { return (std::numeric_limits<Real>::max)(); }
  static Real lowest() { return -(std::numeric_limits<Real>::max)(); }
  static int digits10() { return static_cast<int>(incert::current_precision_bits() * 0.30103); }
  static int digits() { return static_cast<int>(incert::current_precision_bits()); }
};

template <>
struct NumTraits<incert::mpfi_float> : GenericNumTraits<incert::mpfi_float> {
  using Real = incert::mpfi_float;
  using NonInteger = incert::mpfi_float;
  using Nested = incert::mpfi_float;
  using Literal = incert::mpfi_float;
  enum {
    IsComplex = 0, IsInteger = 0, IsSigned = 1, RequireInitialization = 1,
    ReadCost = HugeCost, AddCost = HugeCost, MulCost = HugeCost
  };
};

template <>
struct NumTraits<incert::double_interval> : GenericNumTraits<incert::double_interval> {
  using Real = incert::double_interval;
  using NonInteger = incert::double_interval;
  using Nested = incert::double_interval;
  using Literal = incert::double_interval;
  enum {
    IsComplex = 0, IsInteger = 0, IsSigned = 1, RequireInitialization = 1,  // not memcpy-able: has a constructor
    ReadCost = 2, AddCost = 8, MulCost = 16
  };
};

}  // namespace Eigen

namespace incert {

template <class T>
using matrix = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>;
template <class T>
using vector = Eigen::Matrix<T, Eigen::Dynamic, 1>;

}  // namespace incert
