// lib/instantiate_double.cpp: the library's templates compiled for double (lib/instantiate_scalar.inc).
#define INCERT_SCALAR double
#define INCERT_SCALAR_RIGOROUS 0
#include "instantiate_scalar.inc"
