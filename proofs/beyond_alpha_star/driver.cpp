// proofs/beyond_alpha_star/driver.cpp
//
// Claim (statement.md): for Y = diag(3,2,1), W0 = [[2,0.5,0.3],[0.5,1.5,0.2],[0.3,0.2,1]],
// eps = 0.1 and the alpha of instance.json,
//   (A) Theorem 4 does not apply: alpha > alpha*_hyp (certified) and some hypothesis fails;
//   (B) yet for every k = 1..K there is an explicit interval [a_k, b_k] (b_K = inf) with
//       ||W(t) - Y^_k||_2 <= eps for every t in [a_k, b_k].
// The intervals are chosen by a fixed rule from the certified eps-window of each k (the first and
// last time with error <= eps), then certified on their own by adaptive subdivision: the window
// only guides the choice, the claim rests on the covers. Exit 0 only if (A) and (B) are certified.
#include "support/theorem_claim.hpp"

#include "incert/theory/eps_window.hpp"

namespace {

using namespace incert;
using proof::attempt;
using proof::json_writer;

mpq_class exact_of(const mpfr_float& x) {
  mpq_class q;
  mpfr_get_q(q.get_mpq_t(), x.backend().data());  // exact (x is finite)
  return q;
}

// Largest power of ten 10^e <= x (x > 0), exactly.
int floor_log10(const mpq_class& x) {
  int e = 0;
  mpq_class g = 1;
  while (g > x) g /= 10, --e;
  while (g * 10 <= x) g *= 10, ++e;
  return e;
}

mpq_class pow10(int e) {
  mpz_class z;
  mpz_ui_pow_ui(z.get_mpz_t(), 10, static_cast<unsigned long>(e < 0 ? -e : e));
  return e < 0 ? mpq_class(1, z) : mpq_class(z);
}

// The multiple m * 10^e as an exact decimal text.
std::string decimal_text(const mpz_class& m, int e) {
  std::string s = mpz_class(abs(m)).get_str();
  if (e >= 0) s += std::string(static_cast<std::size_t>(e), '0');
  else {
    const std::size_t frac = static_cast<std::size_t>(-e);
    if (s.size() <= frac) s = std::string(frac - s.size() + 1, '0') + s;
    s.insert(s.size() - frac, ".");
    while (s.back() == '0') s.pop_back();  // same value, shorter text
    if (s.back() == '.') s.pop_back();
  }
  return (m < 0 ? "-" : "") + s;
}

struct grid_point {
  mpz_class m;
  int e = 0;
  mpq_class value() const { return mpq_class(m) * pow10(e); }
  std::string text() const { return decimal_text(m, e); }
};

// Smallest multiple of 10^e that is >= x + 10^e (up) or largest <= x - 10^e (down).
grid_point on_grid(const mpq_class& x, int e, bool up) {
  const mpq_class g = pow10(e);
  mpq_class y = up ? mpq_class(x / g + 1) : mpq_class(x / g - 1);
  mpz_class m;
  if (up) mpz_cdiv_q(m.get_mpz_t(), y.get_num_mpz_t(), y.get_den_mpz_t());
  else mpz_fdiv_q(m.get_mpz_t(), y.get_num_mpz_t(), y.get_den_mpz_t());
  return {m, e};
}

attempt certify(const instance& in, unsigned bits, const std::string& file_name) {
  precision_scope scope(bits);
  using T = mpfi_float;
  using traits = scalar_traits<T>;
  const enclosed_problem<T> p = enclose_problem<T>(in);
  theorem_check_options hypotheses_and_intervals;  // windows and conclusions are computed below
  hypotheses_and_intervals.over_interval = hypotheses_and_intervals.eps_windows = false;
  const theorem_check<T> c = check_theorem(in, p, {}, hypotheses_and_intervals);

  attempt a;
  a.value = verdict::holds;
  json_writer w;
  w.object();
  w.str("claim",
        "(A) alpha > alpha*_hyp and some hypothesis of Theorem 4 fails, so the theorem does not apply; "
        "(B) for every k = 1..K, ||W(t) - Y^_k||_2 <= eps for every t in [a_k, b_k] (b_K = inf)");
  proof::write_instance(w, in, file_name);
  w.num("precision_bits", bits);
  w.num("digits", proof::certificate_digits);
  w.num("theorem", static_cast<unsigned>(c.constants.theorem));
  proof::record(a, from_bool(c.constants.theorem == 4), "the instance falls under Theorem 4 (general initialization)");

  // (A) alpha*_hyp < alpha, and a hypothesis fails at alpha.
  w.object("part_A");
  proof::write_constants(w, c.constants);
  w.raw("ln_alpha", proof::enclosure(p.log_alpha));
  proof::write_alpha_star(w, c.log_alpha_star);
  verdict above = verdict::undecided;
  if (c.log_alpha_star) above = decide_lt(*c.log_alpha_star, p.log_alpha);
  w.str("alpha_above_alpha_star_hyp", to_string(above));
  proof::record(a, above, "alpha > alpha*_hyp");
  attempt hyp;  // verdicts of the hypotheses at this alpha: one of them must fail
  hyp.value = verdict::holds;
  proof::write_hypotheses(w, c.hypotheses, hyp);
  const verdict some_fails = hyp.value == verdict::fails ? verdict::holds : verdict::undecided;
  w.str("some_hypothesis_fails", to_string(some_fails));
  proof::record(a, some_fails, "some hypothesis of Theorem 4 fails at this alpha");
  // For comparison only (not relied on): eq. (16) evaluated at this alpha.
  w.array("theorem_intervals_eq16");
  for (const auto& I : c.intervals)
    w.raw("", "{\"k\": " + std::to_string(I.k) + ", \"lo\": " + proof::enclosure(*I.lo) +
                  ", \"hi\": " + (I.unbounded ? std::string("\"inf\"") : proof::enclosure(*I.hi)) +
                  ", \"nonempty\": " + json_writer::quote(to_string(I.nonempty)) + "}");
  w.end_array();
  w.end_object();

  // (B) per k: the eps-window (guide), the chosen [a_k, b_k], and the certified cover of it.
  std::string summary_intervals;
  w.array("part_B");
  for (std::size_t k = 1; k <= p.K; ++k) {
    const std::string what = "k = " + std::to_string(k);
    w.object();
    w.num("k", k);
    // Hint: the middle of the theorem's formula for I_k (which may be empty at this alpha).
    mpfi_float hint(0);
    if (!c.intervals.empty()) {
      const auto& I = c.intervals[k - 1];
      hint = I.unbounded ? mpfi_float(2 * *I.lo) : mpfi_float((*I.lo + *I.hi) / 2);
    }
    const eps_window win = eps_window_of(p, k, hint);
    w.object("eps_window");
    w.str("found", to_string(win.found));
    w.raw("first", win.first ? proof::enclosure(*win.first) : "null");
    w.raw("last", win.last_infinite ? "\"inf\"" : win.last ? proof::enclosure(*win.last) : "null");
    w.end_object();
    if (win.found != verdict::holds || !win.first || !(win.last || win.last_infinite)) {
      if (win.found == verdict::fails) proof::record(a, verdict::fails, what + ": some time with error <= eps exists");
      else proof::record(a, verdict::undecided, what + ": eps-window enclosed");
      w.end_object();
      continue;
    }
    // The rule: g = the largest power of ten <= (window length) / 100 (for b = inf: <= first / 100);
    // a_k = the smallest multiple of g >= upper(first) + g, b_k = the largest multiple of g <=
    // lower(last) - g. So [a_k, b_k] lies inside the window with margins in [g, 2g).
    const mpq_class F = exact_of(traits::upper(*win.first));
    std::optional<mpq_class> L;
    if (!win.last_infinite) L = exact_of(traits::lower(*win.last));
    const mpq_class span = L ? mpq_class(*L - F) : F;
    if (span <= 0) {
      proof::record(a, verdict::undecided, what + ": eps-window too narrow to place an interval");
      w.end_object();
      continue;
    }
    const int e = floor_log10(span / 100);
    const grid_point ak = on_grid(F, e, true);
    std::optional<grid_point> bk;
    if (L) bk = on_grid(*L, e, false);
    w.str("a", ak.text());
    w.str("b", bk ? bk->text() : "inf");
    if (bk && !(ak.value() < bk->value())) {
      proof::record(a, verdict::undecided, what + ": [a_k, b_k] empty");
      w.end_object();
      continue;
    }
    std::optional<mpfi_float> hi;
    if (bk) hi = enclose_mpfi(bk->value());
    const interval_conclusion<T> r = conclusion_over_interval(p, k, enclose_mpfi(ak.value()), hi);
    w.object("conclusion");
    w.str("over", "interval");
    w.raw("error_upper", r.error_bound ? proof::upper_bound(*r.error_bound) : "null");
    w.raw("error_bound", r.error_bound ? proof::enclosure(*r.error_bound) : "null");
    w.str("verdict", to_string(r.value));
    w.num("pieces", r.pieces);
    w.end_object();
    proof::record(a, r.value, "||W(t) - Y^_" + std::to_string(k) + "||_2 <= eps for every t in [" + ak.text() + ", " +
                                  (bk ? bk->text() : std::string("inf")) + "]");
    summary_intervals += (summary_intervals.empty() ? "" : ", ") + std::string("[") + ak.text() + ", " +
                         (bk ? bk->text() + "]" : std::string("inf)"));
    w.end_object();
  }
  w.end_array();
  w.str("verdict", to_string(a.value));
  w.end_object();
  a.certificate = w.text();
  a.summary = "alpha = " + in.alpha.text + " > alpha*_hyp (Theorem 4 does not apply), yet ||W(t) - Y^_k||_2 <= eps on " +
              summary_intervals + ", at " + std::to_string(bits) + " bits";
  return a;
}

}  // namespace

int main(int argc, char** argv) {
  const proof::options o = proof::parse_args(argc, argv, INCERT_PROOF_DIR "/instance.json");
  const instance in = proof::load_or_exit(o.instance);
  return proof::run_ladder(o, [&](unsigned bits) { return certify(in, bits, proof::base_name(o.instance)); });
}
