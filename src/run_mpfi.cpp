// src/run_mpfi.cpp: the check/eval runner instantiated for mpfi_float.
#include "runner_impl.hpp"

namespace incert::cli {
runner runner_mpfi() { return make_runner<mpfi_float>(false); }
}  // namespace incert::cli
