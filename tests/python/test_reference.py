"""Enclosures contain independent high-precision references (mpmath at 60+ digits, the closed
form of Proposition 1 evaluated directly), for general, spectral, dense, underparameterized and
tiny-alpha instances; and they are narrow (128-bit)."""
from fractions import Fraction

import pytest
from mpmath import mp

import incert
from reference import closed_form, closed_form_tiny_alpha, contains, eigenbasis, mpf, to_matrix

W0_DEFAULT = [["2", "0.5", "0.3"], ["0.5", "1.5", "0.2"], ["0.3", "0.2", "1"]]


def check_matrix(enclosure, reference, max_rel_width=1e-30):
    n, m = enclosure.shape
    for i in range(n):
        for j in range(m):
            iv = enclosure[i, j]
            assert not iv.approx
            assert contains(iv, reference[i, j]), (i, j, iv, reference[i, j])
            scale = max(abs(reference[k, k]) for k in range(n))
            assert iv.width <= Fraction(max_rel_width) * Fraction(str(mp.nstr(scale, 30))) + Fraction(1, 10**300), (i, j, iv)
            lo, hi = enclosure.lower[i, j], enclosure.upper[i, j]
            assert Fraction(lo) <= iv.lo and iv.hi <= Fraction(hi)


def eigen_reference(inst, t):
    """W~(t) and W(t) references for an instance given by eigenvalues (identity or rational basis)."""
    sigma = [mpf(s) for s in inst.sigma]
    n = inst.n
    if inst.eigenvectors is None:
        Phi = mp.eye(n)
    else:
        P = to_matrix(inst.eigenvectors.tolist())
        Phi = mp.matrix(n, n)
        for c in range(n):
            norm = mp.sqrt(sum(P[r, c] ** 2 for r in range(n)))
            for r in range(n):
                Phi[r, c] = P[r, c] / norm
    if inst.init == "spectral":
        Wt0 = mp.diag([mpf(s) for s in inst.spectral])
    else:
        Wt0 = Phi.T * to_matrix(inst.W0.tolist()) * Phi
    return sigma, Phi, Wt0


@pytest.mark.parametrize("name, times", [
    ("default.json", ["5", "14.3", "40"]),
    ("thm4_eigenvectors_3x3.json", ["13.5", "30"]),
    ("thm3_spectral_3x3.json", ["0", "20.25"]),
    ("rank_deficient_target.json", ["10", "30"]),
])
def test_closed_form_contains_mpmath(data, name, times):
    mp.dps = 60
    inst = incert.Instance.from_json(data / name)
    sigma, Phi, Wt0 = eigen_reference(inst, None)
    alpha = mpf(inst.alpha)
    for t in times:
        r = incert.eval(inst, t=t)
        assert r.certified and r.resolved
        assert r.t.contains(t)
        Wt = closed_form(sigma, Wt0, alpha, mpf(t))
        check_matrix(r.W_eigenbasis, Wt)
        check_matrix(r.W, Phi * Wt * Phi.T)


def test_dense_target_contains_mpmath(data):
    mp.dps = 60
    inst = incert.Instance.from_json(data / "dense_cayley_3x3.json")
    assert inst.dense_target and inst.sigma is None
    sigma, Phi = eigenbasis(to_matrix(inst.Y_matrix.tolist()))
    W0 = to_matrix(inst.W0.tolist())
    Wt0 = Phi.T * W0 * Phi
    for t in ["14", "33.5"]:
        r = incert.eval(inst, t=t)
        W = Phi * closed_form(sigma, Wt0, mpf(inst.alpha), mpf(t)) * Phi.T  # independent of Phi's signs
        check_matrix(r.W, W)


def test_underparameterized_U0_contains_mpmath():
    """r < n: W0 = U0 U0^T singular (the r x r factor form inside incert)."""
    mp.dps = 60
    U0 = [["1", "0.5"], ["0.25", "-1"], ["0.5", "0.125"]]
    inst = incert.Instance(Y=["3", "2", "1"], U0=U0, alpha="1e-12", epsilon="0.1")
    assert inst.init == "U0" and inst.U0.shape == (3, 2)
    U = to_matrix(U0)
    Wt0 = U * U.T
    sigma = [mp.mpf(3), mp.mpf(2), mp.mpf(1)]
    for t in ["3", "9.5", "25"]:
        r = incert.eval(inst, t=t)
        check_matrix(r.W, closed_form(sigma, Wt0, mp.mpf("1e-12"), mpf(t)))
    c = incert.check(inst, over_interval=False, eps_windows=False)
    assert c.hypotheses["W0_invertible"] == incert.Verdict.FAILS


def test_tiny_alpha_1e_minus_100000():
    """alpha = 1e-100000 (far below double's range): t = tau ln(1/alpha) ~ 7e4, W~(t) against the
    same closed form in mpmath (scale-robust rewriting, 80 digits); scale invariant: the
    normalised times of I_k do not depend on alpha to first order."""
    mp.dps = 80
    inst = incert.Instance(Y=["3", "2", "1"], W0=W0_DEFAULT, alpha="1e-100000", epsilon="0.1")
    assert inst.alpha == Fraction(1, 10**100000)
    sigma = [mp.mpf(3), mp.mpf(2), mp.mpf(1)]
    Wt0 = to_matrix(W0_DEFAULT)
    alpha = mp.mpf(10) ** -100000
    for tau in ["0.2", "0.3", "0.45", "0.7"]:
        r = incert.eval(inst, tau=tau)
        t = mpf(tau) * 100000 * mp.log(10)
        assert contains(r.t, t)
        check_matrix(r.W, closed_form_tiny_alpha(sigma, Wt0, alpha, t))
    # I_k / ln(1/alpha) tends to [1/(2 sigma_k), 1/(2 sigma_{k+1})]: 1/6, 1/4, 1/2.
    c = incert.check(inst, over_interval=False, eps_windows=False)
    assert c.all_hypotheses_hold()
    for I, lo in zip(c.intervals, [Fraction(1, 6), Fraction(1, 4), Fraction(1, 2)]):
        assert abs(I.lo_over_log_inv_alpha.mid - lo) < Fraction(1, 10**4)


def test_spectral_scalar_curves_tiny_alpha():
    """Spectral init decouples: W~_ii(t) = alpha s e^(2 sigma t) / (1 + alpha s G) exactly (Cor. 2)."""
    mp.dps = 80
    inst = incert.Instance(Y=["1", "0.99"], spectral=["1", "1"], log10_alpha="-500", epsilon="0.01")
    assert inst.alpha is None and inst.log10_alpha == -500
    for t in ["500", "578", "600"]:
        r = incert.eval(inst, t=t)
        for i, s in enumerate([mp.mpf(1), mp.mpf("0.99")]):
            x = mp.exp(2 * s * mpf(t))
            ref = mp.mpf(10) ** -500 * x / (1 + mp.mpf(10) ** -500 * mp.expm1(2 * s * mpf(t)) / s)
            assert contains(r.W_eigenbasis[i, i], ref)


def test_error_to_rank_contains_reference(data):
    """||W(t) - Y^_k||_2 against mpmath's spectral norm of the reference."""
    mp.dps = 60
    inst = incert.Instance.from_json(data / "default.json")
    r = incert.eval(inst, t="14.3")
    Wt = closed_form([mp.mpf(3), mp.mpf(2), mp.mpf(1)], to_matrix(W0_DEFAULT), mp.mpf("1e-30"), mp.mpf("14.3"))
    for k in (1, 2, 3):
        D = Wt - mp.diag([mp.mpf(3) if i == 0 else mp.mpf(2) if i == 1 and k >= 2 else mp.mpf(1) if i == 2 and k >= 3 else 0
                          for i in range(3)])
        E, _ = mp.eigsy(D)
        ref = max(abs(e) for e in E)
        assert contains(r.error_to_rank[k], ref, rel=mp.mpf("1e-40"))
