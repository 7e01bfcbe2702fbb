// lib/instantiate_mpfi.cpp: the library's templates compiled for ::incert::mpfi_float (lib/instantiate_scalar.inc).
#define INCERT_SCALAR ::incert::mpfi_float
#define INCERT_SCALAR_RIGOROUS 1
#include "instantiate_scalar.inc"
