// src/escalation.hpp
//
// Precision escalation: a check whose verdicts are not all decided is run again at twice the
// precision, up to a maximum; each verdict keeps the precision at which it was first decided.
#pragma once

#include "runner.hpp"

namespace incert::cli {

inline check_report check_escalating(const runner& r, const instance& in, unsigned precision, unsigned max_precision,
                                     const check_request& request, int digits) {
  check_report rep = r.check(in, precision, request, digits);
  unsigned bits = precision;
  while (!r.fixed_precision && rep.any_undecided() && bits * 2 <= max_precision) {
    bits *= 2;
    rep = merge_escalated(rep, r.check(in, bits, request, digits));
  }
  return rep;
}

}  // namespace incert::cli
