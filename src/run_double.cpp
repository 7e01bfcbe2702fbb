// src/run_double.cpp: the check/eval runner instantiated for double.
#include "runner_impl.hpp"

namespace incert::cli {
runner runner_double() { return make_runner<double>(true); }
}  // namespace incert::cli
