"""incert.threshold (issue 15, proofs/threshold.md) against an independent high-precision scan.

Reference (mpmath, tests/python/reference.py, no incert code): min over t of ||W~_alpha(t) - Y~^_k||_2
by a grid and golden-section search at 40 digits, and the transition alpha where that minimum
crosses eps, located to 1e-9 in log10(alpha) by its sign just outside the certified bracket. Acceptance:
  * the certified bracket [alpha_lo, alpha_hi] contains the reference transition (Theorem 3
    spectral instance and Theorem 4 instance, k = 1, 2);
  * E_k is non-empty at 50 random alphas below alpha_lo, log-uniform down to 1e-100000 and
    including alphas below alpha*_hyp: by the mpmath reference (a time with error < eps) and by
    incert's certified point decision (incert.eps_window_nonempty);
  * k = K: every alpha; to_dict() is the CLI's JSON (schema fields).
Monotonicity is not assumed (proofs/threshold.md, section 6): on the paper's instances no alpha
above alpha_hi is non-empty, while tests/data/nonmonotone_spectral.json has E_1 non-empty at 0.1,
empty at 1e-2 .. 1e-8 (both confirmed by the reference) and non-empty again below the bracket.

A singular W~0 (factor U0 with r < n, proofs/threshold.md section 8): the reference is the r x r
formula W~ = alpha S U0 (I_r + alpha U0^T G U0)^(-1) U0^T S evaluated as written (Y diagonal), with
the digits its cancellation needs; E_k non-empty at random alphas of the certified range
((0, alpha_lo], or [alpha_min, alpha_lo] when lower_end says so), and --alpha-min.
"""
import json
import random
import subprocess
from fractions import Fraction

import pytest
from mpmath import mp

import incert
from reference import closed_form_tiny_alpha, mpf, scale_factors

mp.dps = 40


def _problem(path):
    doc = json.load(open(path))
    sigma = [mpf(Fraction(s)) for s in doc["Y"]["eigenvalues"]]
    init = doc["init"]
    if "spectral" in init:
        Wt0 = mp.diag([mpf(Fraction(s)) for s in init["spectral"]])
    else:
        Wt0 = mp.matrix([[mpf(Fraction(x)) for x in row] for row in init["W0"]])
    return sigma, Wt0, mpf(Fraction(doc["epsilon"]))


def _factor_closed_form(sigma, U0, alpha, t):
    """W~ from a factor U0 (Y diagonal, so U~ = U0): exact for r = 1 at any alpha (no cancellation);
    for r > 1 with extra digits: log10 of the largest alpha G_ii plus log10(1/alpha)."""
    r = U0.cols
    with mp.workdps(30):
        extra = 0 if r == 1 else int(max(mp.log10(alpha) + 2 * s * t / mp.log(10) for s in sigma) + abs(mp.log10(alpha))) + 20
    with mp.workdps(mp.dps + max(extra, 0)):
        S, G = scale_factors(sigma, t)
        M = mp.eye(r) + alpha * U0.T * mp.diag(G) * U0
        SU = mp.diag(S) * U0
        W = alpha * SU * mp.inverse(M) * SU.T
    return W * 1  # back at the working precision


def _error(sigma, Wt0, alpha, t, k, closed_form=closed_form_tiny_alpha):
    W = closed_form(sigma, Wt0, alpha, t)
    n = len(sigma)
    for i in range(k):
        W[i, i] -= sigma[i]
    for i in range(n):  # exact symmetry for eigsy
        for j in range(i):
            W[i, j] = W[j, i] = (W[i, j] + W[j, i]) / 2
    return max(abs(e) for e in mp.eigsy(W, eigvals_only=True))


def _min_error(sigma, Wt0, alpha, k, closed_form=closed_form_tiny_alpha):
    """min over t of the error (approximate minimiser, exact value there), and the time."""
    l = -mp.log(alpha)
    lo = mp.mpf(0)
    hi = 3 * max(l, 1) / (4 * sigma[k]) + 1 if k < len(sigma) and sigma[k] != 0 else 4 * max(l, 1) / sigma[k - 1]
    grid = [lo + (hi - lo) * i / 64 for i in range(65)]
    vals = [_error(sigma, Wt0, alpha, t, k, closed_form) for t in grid]
    i = min(range(65), key=lambda j: vals[j])
    a, b = grid[max(i - 1, 0)], grid[min(i + 1, 64)]
    g = (mp.sqrt(5) - 1) / 2
    c, d = b - g * (b - a), a + g * (b - a)
    fc, fd = _error(sigma, Wt0, alpha, c, k, closed_form), _error(sigma, Wt0, alpha, d, k, closed_form)
    for _ in range(60):
        if fc < fd:
            b, d, fd = d, c, fc
            c = b - g * (b - a)
            fc = _error(sigma, Wt0, alpha, c, k, closed_form)
        else:
            a, c, fc = c, d, fd
            d = a + g * (b - a)
            fd = _error(sigma, Wt0, alpha, d, k, closed_form)
    return min((vals[i], grid[i]), (fc, c), (fd, d))


def _assert_transition_within(sigma, Wt0, eps, k, q_lo, q_hi, what, closed_form=closed_form_tiny_alpha, width="1e-9"):
    """The reference transition lies in [q_lo - width, q_hi + width] (log10 alpha): its minimum error
    is below eps just under the bracket and above eps just over it. This is what a bisection of the
    reference to `width` would show, at two evaluations instead of about forty."""
    w = mp.mpf(width)
    below = _min_error(sigma, Wt0, mp.mpf(10) ** (q_lo - w), k, closed_form)[0]
    above = _min_error(sigma, Wt0, mp.mpf(10) ** (q_hi + w), k, closed_form)[0]
    assert below < eps, f"{what}: reference min error {below} >= eps at log10 alpha = {q_lo} - {width}"
    assert above > eps, f"{what}: reference min error {above} <= eps at log10 alpha = {q_hi} + {width}"


@pytest.mark.parametrize("name", ["thm3_spectral_3x3.json", "default.json", "../tests/data/nonmonotone_spectral.json"])
def test_bracket_contains_the_independent_transition(data, name):
    path = data / name
    sigma, Wt0, eps = _problem(path)
    r = incert.threshold(str(path), rel_width=1e-6)
    rows = {x.k: x for x in r.thresholds}
    K = len(rows)
    assert rows[K].every_alpha and rows[K].alpha_hi is None
    for k in range(1, K):
        x = rows[k]
        assert x.nonempty_below == incert.Verdict.HOLDS and x.lower_end == "0", x
        if "nonmonotone" in name:  # non-empty at 0.1, empty at 1e-2 (reference), threshold far below
            assert x.nonempty_above == ["1e-1"], x
            assert _min_error(sigma, Wt0, mp.mpf("0.1"), k)[0] < eps
            assert _min_error(sigma, Wt0, mp.mpf("0.01"), k)[0] > eps
        else:
            assert x.nonempty_above == [], x
        assert x.log_rel_width <= 1e-6
        q_lo, q_hi = mp.log10(mpf(x.alpha_lo)), mp.log10(mpf(x.alpha_hi))
        # alpha_lo <= alpha_true <= alpha_hi, up to the reference's 1e-9 in log10(alpha)
        _assert_transition_within(sigma, Wt0, eps, k, q_lo, q_hi, f"{name} k={k}")


def test_nonempty_at_random_alphas_below_alpha_lo(data):
    path = data / "default.json"
    sigma, Wt0, eps = _problem(path)
    r = incert.threshold(str(path), rel_width=1e-4)
    star = float(r.log10_alpha_star_hyp.hi)
    rnd = random.Random(15)
    for x in r.thresholds:
        if x.every_alpha:
            continue
        q0 = float(mp.log10(mpf(x.alpha_lo)))
        qs = [q0, q0 - 1e-3, star - 1, -100000.0] + [rnd.uniform(-100000.0, q0) for _ in range(16)]
        qs += [rnd.uniform(q0 - 20, q0) for _ in range(5)]
        assert any(q < star for q in qs)
        for q in qs:
            # an exact decimal alpha, used by both the reference and incert
            text = x.alpha_lo_text if q == q0 else mp.nstr(mp.mpf(10) ** mp.mpf(q), 20)
            alpha = mpf(Fraction(text))
            e, t = _min_error(sigma, Wt0, alpha, x.k)
            assert e < eps, f"k={x.k} alpha={text}: reference min error {e} at t={t}"
            v = incert.eps_window_nonempty(str(path), x.k, text)
            assert v == incert.Verdict.HOLDS, f"k={x.k} alpha={text}: {v}"


def test_rank_obstruction_and_cli_agreement(data, cli):
    r = incert.threshold(str(data.parent / "tests" / "data" / "rank_one_u0_5x1.json"))
    for x in r.thresholds:
        if x.k > 1:
            assert x.nonempty_below == incert.Verdict.FAILS and "rank obstruction" in x.reason
    path = data / "thm3_spectral_3x3.json"
    py = incert.threshold(str(path), rel_width=1e-3).to_dict()
    out = json.loads(subprocess.run([cli, "threshold", str(path), "--json", "--rel-width", "1e-3"], check=True,
                                    capture_output=True, text=True).stdout)
    for d in (py, out):
        d.pop("seconds")
        d["instance"] = "x"
    assert py == out


def _factor_problem(path):
    doc = json.load(open(path))
    sigma = [mpf(Fraction(x)) for x in doc["Y"]["eigenvalues"]]
    U0 = mp.matrix([[mpf(Fraction(x)) for x in row] for row in doc["init"]["U0"]])
    return sigma, U0, mpf(Fraction(doc["epsilon"]))


@pytest.mark.parametrize("name,k,alpha_min,lower_end",
                         [("rank_one_u0_5x1.json", None, None, "0"), ("factor_r2_zero_eigenvalue.json", None, None, "0"),
                          ("factor_parallel_rows.json", 1, "1e-50", "1e-50")])
def test_singular_initialization_certified_range(data, name, k, alpha_min, lower_end):
    """r < n: a range certificate from the factor form, over (0, alpha_lo] where the tail alpha -> 0
    is certified and over [alpha_min, alpha_lo] where not (parallel rows of U~); E_k non-empty at
    random alphas of it (reference and incert's point decision); the bracket contains the reference
    transition."""
    path = data.parent / "tests" / "data" / name
    sigma, U0, eps = _factor_problem(path)
    r = incert.threshold(str(path), k=k, rel_width=1e-4 if k is None else 0.25, alpha_min=alpha_min)
    assert r.alpha_min == (alpha_min or "1e-1000")
    rnd = random.Random(15)
    for x in r.thresholds:
        if x.k > U0.cols:
            assert x.nonempty_below == incert.Verdict.FAILS
            continue
        assert x.nonempty_below == incert.Verdict.HOLDS and x.alpha_lo is not None, x
        assert x.lower_end == lower_end, x
        q0 = float(mp.log10(mpf(x.alpha_lo)))
        if x.lower_end == "0":  # every alpha in (0, alpha_lo]; the reference (r > 1) needs digits growing with ln(1/alpha)
            q_low = -100000.0 if U0.cols == 1 else -200.0
        else:  # [alpha_min, alpha_lo] only
            q_low = float(mp.log10(mpf(x.lower_end)))
        spread = 4 if U0.cols == 1 else 2  # r > 1: each reference evaluation needs many digits
        qs = [q0, q_low] + [rnd.uniform(q_low, q0) for _ in range(spread)] + [rnd.uniform(max(q0 - 20, q_low), q0) for _ in range(spread)]
        for q in qs:
            text = x.alpha_lo_text if q == q0 else ("1e%d" % round(q) if q == q_low else mp.nstr(mp.mpf(10) ** mp.mpf(q), 20))
            alpha = mpf(Fraction(text))
            e, t = _min_error(sigma, U0, alpha, x.k, _factor_closed_form)
            assert e < eps, f"{name} k={x.k} alpha={text}: reference min error {e} at t={t}"
            v = incert.eps_window_nonempty(str(path), x.k, text)
            assert v == incert.Verdict.HOLDS, f"{name} k={x.k} alpha={text}: {v}"
        if x.alpha_hi is not None:
            q_hi = mp.log10(mpf(x.alpha_hi))
            _assert_transition_within(sigma, U0, eps, x.k, q0, q_hi, f"{name} k={x.k}", _factor_closed_form, "1e-5")
        elif x.k == U0.cols:  # no certified empty alpha: W(t) -> Y^_r as t -> inf at every alpha
            for q in (q0 + 0.5, -0.5):
                assert _error(sigma, U0, mp.mpf(10) ** q, mp.mpf(60), x.k, _factor_closed_form) < eps, (name, x.k, q)


def test_alpha_min_option(data, cli):
    path = data.parent / "tests" / "data" / "factor_parallel_rows.json"
    py = incert.threshold(str(path), k=1, rel_width=0.25, alpha_min="1e-40")
    assert py.alpha_min == "1e-40"
    assert [x.lower_end for x in py.thresholds] == ["1e-40"]
    out = json.loads(subprocess.run([cli, "threshold", str(path), "--json", "--k", "1", "--rel-width", "0.25", "--alpha-min", "1e-40"],
                                    check=True, capture_output=True, text=True).stdout)
    d = py.to_dict()
    for j in (d, out):
        j.pop("seconds")
        j["instance"] = "x"
    assert d == out
    for bad in ("0", "1", "-1e-5", "x"):
        with pytest.raises(incert.InputError, match="alpha_min"):
            incert.threshold(str(path), alpha_min=bad)
