// src/run_mpfr.cpp: the check/eval runner instantiated for mpfr_float.
#include "runner_impl.hpp"

namespace incert::cli {
runner runner_mpfr() { return make_runner<mpfr_float>(false); }
}  // namespace incert::cli
