"""incert.trace: the bands contain an independent mpmath reference (Proposition 1 evaluated
directly at 60 digits, tests/python/reference.py) at 200 random exact times inside the range, for
||W(t) - Y^_k||_2 and the eigenvalues of W(t); each band is narrow beside the variation of the
reference over its sub-interval; the table equals the CLI's CSV cell for cell."""
import csv
import io
import random
import subprocess
from fractions import Fraction

from mpmath import mp

import incert
from conftest import SOURCE
from reference import closed_form, mpf, to_matrix

W0 = [["2", "0.5", "0.3"], ["0.5", "1.5", "0.2"], ["0.3", "0.2", "1"]]


def reference(sigma, Wt0, alpha, t, K):
    """(errors for k = 1..K, eigenvalues largest first) of W(t), 60 digits."""
    W = closed_form(sigma, Wt0, alpha, mpf(t))
    n = len(sigma)
    errors = []
    for k in range(1, K + 1):
        D = W.copy()
        for i in range(k):
            D[i, i] -= sigma[i]
        E = mp.eigsy(D, eigvals_only=True)
        errors.append(max(abs(e) for e in E))
    ev = sorted(mp.eigsy(W, eigvals_only=True), reverse=True)
    return errors, ev


def inside(iv, x, slack=mp.mpf("1e-50")):
    return mpf(iv.lo) - slack <= x <= mpf(iv.hi) + slack


def test_trace_bands_contain_mpmath_reference():
    mp.dps = 60
    inst = incert.Instance(Y=["3", "2", "1"], W0=W0, alpha="1e-12", epsilon="0.1")
    r = incert.trace(inst, "0", "30", 31)
    assert len(r.samples) == 31 and len(r.ranges) == 30
    sigma = [mpf(s) for s in ("3", "2", "1")]
    Wt0 = to_matrix(W0)
    alpha = mpf("1e-12")
    rng = random.Random(16)
    for _ in range(200):
        t = Fraction(rng.getrandbits(40), 2**40) * 30
        R = next(R for R in r.ranges if R.t_from <= t <= R.t_to)
        errors, ev = reference(sigma, Wt0, alpha, t, 3)
        for k in range(3):
            assert inside(R.error[k], errors[k]), (t, k, R.error[k], errors[k])
        for i in range(3):
            assert inside(R.eigenvalues[i], ev[i]), (t, i, R.eigenvalues[i], ev[i])
    # width: a band is at most 10 times the variation of the reference over its sub-interval
    # (value spread plus the matrix spread, the Weyl bound's width) plus 1e-30
    for R in r.ranges:
        pts = [R.t_from + (R.t_to - R.t_from) * Fraction(m, 2) for m in range(3)]
        mats = [closed_form(sigma, Wt0, alpha, mpf(t)) for t in pts]
        spread_W = max(mp.sqrt(sum((M[i, j] - mats[0][i, j]) ** 2 for i in range(3) for j in range(3))) for M in mats)
        refs = [reference(sigma, Wt0, alpha, t, 3) for t in pts]
        for k in range(3):
            vals = [e[0][k] for e in refs]
            assert mpf(R.error[k].width) <= 10 * (max(vals) - min(vals) + spread_W) + mp.mpf("1e-30"), (R, k)
        for i in range(3):
            vals = [e[1][i] for e in refs]
            assert mpf(R.eigenvalues[i].width) <= 10 * (max(vals) - min(vals) + spread_W) + mp.mpf("1e-30"), (R, i)


def test_trace_table_equals_cli_csv(cli):
    args = ["data/default.json", "--from", "0", "--to", "60", "--points", "7"]
    p = subprocess.run([cli, "trace", *args], capture_output=True, text=True, cwd=SOURCE)
    assert p.returncode == 0, p.stderr
    rows = list(csv.reader(io.StringIO("\n".join(l for l in p.stdout.splitlines() if not l.startswith("#")))))
    r = incert.trace(SOURCE / "data/default.json", "0", "60", 7)
    df = r.table(as_text=True)
    assert list(df.columns) == rows[0]
    assert [[str(x) for x in row] for row in df.itertuples(index=False)] == rows[1:]
    num = r.table()
    assert num["error1_lo"].iloc[0] <= num["error1_hi"].iloc[0]
    assert [I.nonempty.value for I in r.check.intervals] == ["holds"] * 3


def test_trace_bad_input():
    import pytest
    with pytest.raises(incert.InputError):
        incert.trace(SOURCE / "data/default.json", "1", "0", 5)
    with pytest.raises(incert.InputError):
        incert.trace(SOURCE / "data/default.json", "0", "1", 1)
