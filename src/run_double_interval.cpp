// src/run_double_interval.cpp: the check/eval runner instantiated for double_interval.
#include "runner_impl.hpp"

namespace incert::cli {
runner runner_double_interval() { return make_runner<double_interval>(true); }
}  // namespace incert::cli
