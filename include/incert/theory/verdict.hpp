// incert/theory/verdict.hpp
//
// Three-valued answers. "holds" is returned only when the enclosures prove the statement,
// "fails" only when they prove its negation; everything else is "undecided" (at this
// precision). With a point scalar type the same functions give approximate answers, which
// callers label as such.
#pragma once

#include "incert/scalar/traits.hpp"

namespace incert {

enum class verdict { holds, fails, undecided };

inline const char* to_string(verdict v) {
  switch (v) {
    case verdict::holds: return "holds";
    case verdict::fails: return "fails";
    default: return "undecided";
  }
}

inline verdict from_bool(bool b) { return b ? verdict::holds : verdict::fails; }

// a <= b ?
template <class T>
verdict decide_le(const T& a, const T& b) {
  if (scalar_traits<T>::certainly_le(a, b)) return verdict::holds;
  if (scalar_traits<T>::certainly_lt(b, a)) return verdict::fails;
  return verdict::undecided;
}

// a < b ?
template <class T>
verdict decide_lt(const T& a, const T& b) {
  if (scalar_traits<T>::certainly_lt(a, b)) return verdict::holds;
  if (scalar_traits<T>::certainly_le(b, a)) return verdict::fails;
  return verdict::undecided;
}

// Logical "and" of two verdicts.
inline verdict conjunction(verdict a, verdict b) {
  if (a == verdict::fails || b == verdict::fails) return verdict::fails;
  if (a == verdict::holds && b == verdict::holds) return verdict::holds;
  return verdict::undecided;
}

}  // namespace incert
