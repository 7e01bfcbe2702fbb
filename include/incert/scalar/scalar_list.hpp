// incert/scalar/scalar_list.hpp
//
// The one list of supported scalar types. It drives
//   - the explicit instantiations compiled into the library (lib/instantiate_<scalar>.cpp) and
//     the matching `extern template` declarations at the end of each heavy header, so that no
//     client re-instantiates the MPFI/Eigen templates;
//   - the run-time registry of scalar kinds (api/check.hpp: names, rigour, fixed precision);
//   - the tests' type lists (TEMPLATE_LIST_TEST_CASE over all_scalar_types / rigorous_scalar_types).
// Adding a scalar type means adding it here, to scalar_traits, and one instantiation file.
#pragma once

#include "incert/scalar/types.hpp"

#include <tuple>

// X(T) for every supported scalar type, and for the rigorous (interval) ones only.
#define INCERT_FOR_EACH_SCALAR(X) \
  X(double)                       \
  X(long double)                  \
  X(::incert::mpfr_float)         \
  X(::incert::mpfi_float)         \
  X(::incert::double_interval)
#define INCERT_FOR_EACH_RIGOROUS_SCALAR(X) \
  X(::incert::mpfi_float)                  \
  X(::incert::double_interval)

// Defined by the build of a client that wants every template instantiated in its own
// translation units (header-only use); the compiled library is then not needed.
#ifdef INCERT_HEADER_ONLY
#define INCERT_EXTERN_TEMPLATES 0
#else
#define INCERT_EXTERN_TEMPLATES 1
#endif

namespace incert {

using all_scalar_types = std::tuple<double, long double, mpfr_float, mpfi_float, double_interval>;
using rigorous_scalar_types = std::tuple<mpfi_float, double_interval>;
using point_scalar_types = std::tuple<double, long double, mpfr_float>;

}  // namespace incert
