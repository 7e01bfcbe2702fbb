// lib/results.cpp: enclosure queries and merging escalated runs (api/results.hpp).
#include "incert/api/results.hpp"

#include <limits>
#include <map>

namespace incert {

namespace {

int compare_q(const mpfr_float& a, const mpq_class& x) { return mpfr_cmp_q(a.backend().data(), x.get_mpq_t()); }

}  // namespace

bool enclosure::contains(const mpq_class& x) const { return compare_q(lo, x) <= 0 && compare_q(hi, x) >= 0; }

double enclosure::relative_width() const {
  if (mpfr_equal_p(lo.backend().data(), hi.backend().data())) return 0;
  mpfr_t w, c;
  const mpfr_prec_t p = 64;
  mpfr_inits2(p, w, c, static_cast<mpfr_ptr>(nullptr));
  mpfr_sub(w, hi.backend().data(), lo.backend().data(), MPFR_RNDU);
  mpfr_add(c, hi.backend().data(), lo.backend().data(), MPFR_RNDZ);
  mpfr_abs(c, c, MPFR_RNDZ);
  mpfr_div_2ui(c, c, 1, MPFR_RNDZ);
  double r = std::numeric_limits<double>::infinity();
  if (!mpfr_zero_p(c)) {
    mpfr_div(w, w, c, MPFR_RNDU);
    r = mpfr_get_d(w, MPFR_RNDU);
  }
  mpfr_clears(w, c, static_cast<mpfr_ptr>(nullptr));
  return r;
}

bool check_result::any_undecided() const {
  for (const auto& h : hypotheses)
    if (h.value == verdict::undecided) return true;
  for (const auto& i : intervals)
    if (i.nonempty == verdict::undecided) return true;
  for (const auto& c : conclusions)
    if (c.value == verdict::undecided) return true;
  for (const auto& o : over_interval)
    if (o.value == verdict::undecided && !o.tail_unavailable) return true;
  // A singular initialization (decided exactly) leaves c_eps or C_eps undefined at any precision.
  for (const auto& h : hypotheses)
    if ((h.name == "W0_invertible" || h.name == "spectral_init_positive") && h.value == verdict::fails) return false;
  return intervals.empty() || !c_eps || !C_eps;
}

bool check_result::all_hypotheses_hold() const {
  for (const auto& h : hypotheses)
    if (h.value != verdict::holds) return false;
  return !hypotheses.empty();
}

const hypothesis_result* check_result::hypothesis(const std::string& name) const {
  for (const auto& h : hypotheses)
    if (h.name == name) return &h;
  return nullptr;
}

const eps_window_result* check_result::eps_window(std::size_t k) const {
  for (const auto& w : eps_windows)
    if (w.k == k) return &w;
  return nullptr;
}

check_result merge_escalated(const check_result& earlier, check_result later) {
  std::map<std::string, const hypothesis_result*> old_h;
  for (const auto& h : earlier.hypotheses) old_h[h.name] = &h;
  for (auto& h : later.hypotheses) {
    auto it = old_h.find(h.name);
    if (it != old_h.end() && it->second->value != verdict::undecided) {
      h.value = it->second->value;
      h.precision_bits = it->second->precision_bits;
    }
  }
  std::map<std::size_t, const interval_result*> old_i;
  for (const auto& i : earlier.intervals) old_i[i.k] = &i;
  for (auto& i : later.intervals) {
    auto it = old_i.find(i.k);
    if (it != old_i.end() && it->second->nonempty != verdict::undecided) {
      i.nonempty = it->second->nonempty;
      i.precision_bits = it->second->precision_bits;
    }
  }
  auto range_key = [](const range_conclusion_result& o) { return o.where + ":" + std::to_string(o.where == "user" ? o.ordinal : o.k); };
  std::map<std::string, const range_conclusion_result*> old_o;
  for (const auto& o : earlier.over_interval) old_o[range_key(o)] = &o;
  for (auto& o : later.over_interval) {
    auto it = old_o.find(range_key(o));
    if (it != old_o.end() && it->second->value != verdict::undecided && o.value == verdict::undecided) o = *it->second;
  }
  std::map<std::size_t, const eps_window_result*> old_w;
  for (const auto& w : earlier.eps_windows) old_w[w.k] = &w;
  for (auto& w : later.eps_windows) {
    auto it = old_w.find(w.k);
    if (it == old_w.end()) continue;
    const eps_window_result& e = *it->second;
    if (w.found == verdict::undecided && e.found != verdict::undecided) {
      w = e;
      continue;
    }
    if (!w.last && !w.last_infinite && (e.last || e.last_infinite)) {
      w.last = e.last;
      w.last_infinite = e.last_infinite;
    }
    if (!w.inside_lo && e.inside_lo) {
      w.inside_lo = e.inside_lo;
      w.inside_hi = e.inside_hi;
    }
  }
  later.seconds += earlier.seconds;
  return later;
}

}  // namespace incert
