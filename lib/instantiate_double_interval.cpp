// lib/instantiate_double_interval.cpp: the library's templates compiled for ::incert::double_interval (lib/instantiate_scalar.inc).
#define INCERT_SCALAR ::incert::double_interval
#define INCERT_SCALAR_RIGOROUS 1
#include "instantiate_scalar.inc"
