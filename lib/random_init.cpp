// lib/random_init.cpp: Theorem 4's hypotheses over Gaussian draws (api/random_init.hpp).
#include "incert/api/random_init.hpp"

#include "incert/api/threshold.hpp"

#include "incert/instance/load_instance.hpp"
#include "incert/random/clopper_pearson.hpp"

#include <chrono>

namespace incert {

draw_result check_gaussian_draw(const instance& base, std::uint64_t seed, const precision_options& bits) {
  if (!base.gaussian)
    throw input_error("init", "random-init needs a Gaussian initialization, {\"gaussian\": {\"r\": R, \"seed\": S, \"scale\": X}}");
  instance in = base;
  gaussian_spec g = *base.gaussian;
  g.seed = seed;
  draw_gaussian_init(in, g);
  check_options only_hypotheses;
  only_hypotheses.over_interval = false;
  only_hypotheses.eps_windows = false;
  only_hypotheses.bits = bits;
  const auto open = [](const check_result& c) {
    bool undecided = false;
    for (const auto& h : c.hypotheses) undecided = undecided || h.value == verdict::undecided;
    const hypothesis_result* inv = c.hypothesis("W0_invertible");
    return undecided || (!c.M && !(inv && inv->value == verdict::fails));
  };
  const check_result c = escalate<check_result>(
      bits, false, [&](unsigned b) { return check_at_precision(in, only_hypotheses, b); }, open,
      [](const check_result& a, check_result b) { return merge_escalated(a, std::move(b)); });
  draw_result d;
  d.seed = seed;
  d.M = c.M;
  d.precision_bits = c.precision_bits;
  d.value = verdict::holds;
  for (const auto& h : c.hypotheses) {
    d.value = conjunction(d.value, h.value);
    if (h.value == verdict::fails) d.failed.push_back(h.name);
    if (h.value == verdict::undecided) d.undecided.push_back(h.name);
  }
  d.incremental = verdict::holds;
  for (std::size_t k = 1; k <= in.K; ++k) {
    d.eps_window_nonempty.push_back(eps_window_nonempty(in, k, bits.precision));
    d.incremental = conjunction(d.incremental, d.eps_window_nonempty.back());
  }
  return d;
}

draw_summary summarize_draws(const std::vector<verdict>& verdicts) {
  if (verdicts.empty()) throw std::invalid_argument("summarize_draws: no draws");
  draw_summary r;
  for (verdict v : verdicts) (v == verdict::holds ? r.holds : v == verdict::fails ? r.fails : r.undecided) += 1;
  const std::uint64_t m = verdicts.size();
  r.estimate = mpq_class(static_cast<unsigned long>(r.holds)) / mpq_class(static_cast<unsigned long>(m));
  r.estimate.canonicalize();
  const clopper_pearson_limits lower = clopper_pearson(r.holds, m), upper = clopper_pearson(r.holds + r.undecided, m);
  using W = scalar_traits<mpfi_float>;
  r.clopper_pearson_lower = enclosure{W::lower(lower.lower), W::upper(lower.lower), false};
  r.clopper_pearson_upper = enclosure{W::lower(upper.upper), W::upper(upper.upper), false};
  return r;
}

random_init_result random_init(const instance& base, std::uint64_t from, std::uint64_t to, const precision_options& bits) {
  if (to < from) throw std::invalid_argument("random_init: the last seed is below the first");
  const auto start = std::chrono::steady_clock::now();
  random_init_result r;
  std::vector<verdict> verdicts;
  for (std::uint64_t s = from;; ++s) {
    r.draws.push_back(check_gaussian_draw(base, s, bits));
    verdicts.push_back(r.draws.back().value);
    if (s == to) break;
  }
  static_cast<draw_summary&>(r) = summarize_draws(verdicts);
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return r;
}

}  // namespace incert
