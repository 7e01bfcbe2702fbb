// lib/instantiate_long_double.cpp: the library's templates compiled for long double (lib/instantiate_scalar.inc).
#define INCERT_SCALAR long double
#define INCERT_SCALAR_RIGOROUS 0
#include "instantiate_scalar.inc"
