// lib/instantiate_mpfr.cpp: the library's templates compiled for ::incert::mpfr_float (lib/instantiate_scalar.inc).
#define INCERT_SCALAR ::incert::mpfr_float
#define INCERT_SCALAR_RIGOROUS 0
#include "instantiate_scalar.inc"
