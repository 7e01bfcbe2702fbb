// src/run_long_double.cpp: the check/eval runner instantiated for long double.
#include "runner_impl.hpp"

namespace incert::cli {
runner runner_long_double() { return make_runner<long double>(true); }
}  // namespace incert::cli
