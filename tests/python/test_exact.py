"""Exact input (floats as their binary values) and exact output (Interval endpoints)."""
import math
import pickle
from decimal import Decimal
from fractions import Fraction

import mpmath
import numpy as np

import incert

Y = ["3", "2", "1"]
W0 = [["2", "0.5", "0.3"], ["0.5", "1.5", "0.2"], ["0.3", "0.2", "1"]]


def test_floats_are_exact_binary_numbers():
    inst = incert.Instance(Y=Y, W0=W0, alpha=0.1, epsilon=0.1)
    assert inst.alpha == Fraction(0.1) == Fraction(3602879701896397, 36028797018963968)
    assert inst.alpha != Fraction(1, 10)
    assert inst.epsilon == Fraction(0.1)
    inst = incert.Instance(Y=np.array([3.0, 2.0, 1.0]), W0=np.array([[2, 0.5, 0.3], [0.5, 1.5, 0.2], [0.3, 0.2, 1]]), alpha=1e-300,
                           epsilon=np.float32(0.1))
    assert inst.W0[0, 2] == Fraction(0.3) and inst.alpha == Fraction(1e-300)
    assert inst.epsilon == Fraction(float(np.float32(0.1)))
    assert inst.sigma == [3, 2, 1]
    tiny = incert.Instance(Y=Y, W0=W0, alpha=5e-324, epsilon="0.1")  # the smallest subnormal
    assert tiny.alpha == Fraction(1, 2**1074)


def test_other_exact_types():
    inst = incert.Instance(Y=[3, Fraction(2), Decimal("1")], W0=[[Fraction(2), Decimal("0.5"), "3/10"], ["0.5", 1.5, "0.2"],
                                                                     ["0.3", "0.2", 1]], alpha=Decimal("1E-100000"), epsilon=Fraction(1, 10))
    assert inst.alpha == Fraction(1, 10**100000)
    assert inst.W0[0, 1] == Fraction(1, 2) and inst.W0[0, 2] == Fraction(3, 10)
    assert inst.epsilon == Fraction(1, 10)
    big = incert.Instance(Y=Y, W0=W0, log10_alpha=-10**9, epsilon="0.1")
    assert big.alpha is None and big.log10_alpha == -10**9
    assert incert.Instance(Y=Y, W0=W0, alpha=mpmath.mpf(0.25), epsilon="0.1").alpha == Fraction(1, 4)


def test_from_json_dict_floats_exact(data):
    d = {"Y": {"eigenvalues": ["3", "2", "1"]}, "init": {"W0": W0}, "alpha": 0.1, "epsilon": "0.1"}
    assert incert.Instance.from_json(d).alpha == Fraction(0.1)
    assert incert.Instance.from_json(data / "default.json").alpha == Fraction(1, 10**30)


def test_interval_endpoints_exact(data):
    r = incert.check(data / "default.json", over_interval=False, eps_windows=False)
    c = r.constants.c_eps
    assert isinstance(c.lo, Fraction) and isinstance(c.hi, Fraction)
    assert c.lo < c.hi and c.width == c.hi - c.lo and c.mid == (c.lo + c.hi) / 2
    assert c.lo.denominator & (c.lo.denominator - 1) == 0  # dyadic
    lo_s, hi_s = c.format(17)
    assert (lo_s, hi_s) == ("0.0010835677153149924", "0.0010835677153149925")
    assert Fraction(lo_s) <= c.lo and c.hi <= Fraction(hi_s)  # outward
    assert Fraction(c.lo_str) <= c.lo and c.hi <= Fraction(c.hi_str)
    assert str(c) == "[0.0010835677153149924, 0.0010835677153149925]"
    assert c.contains(c.lo) and c.contains(c.hi) and c.contains(c.mid) and c.mid in c
    assert not c.contains(c.hi + Fraction(1, 2**400)) and not c.contains("0.001")
    fl, fh = c.float_bounds()
    assert Fraction(fl) <= c.lo and c.hi <= Fraction(fh) and fh - fl <= 4 * math.ulp(fh)
    m = c.to_mpmath()
    assert isinstance(m, type(mpmath.mpi(1, 2)))
    with mpmath.mp.workprec(400):
        assert mpmath.mpf(m.a) == mpmath.mpf(c.lo.numerator) / c.lo.denominator
        assert mpmath.mpf(m.b) == mpmath.mpf(c.hi.numerator) / c.hi.denominator
    assert pickle.loads(pickle.dumps(c)) == c


def test_interval_tiny_and_float_bounds():
    inst = incert.Instance(Y=Y, W0=W0, alpha="1e-100000", epsilon="0.1")
    w = incert.eval(inst, t="1")  # W(1) ~ alpha e^(2 sigma) W0: far below double's range
    iv = w.W[0, 0]
    assert 0 < iv.lo < Fraction(1, 10**99990)
    assert iv.float_bounds() == (0.0, 5e-324)  # outward: down to 0, up to the smallest subnormal
    assert w.W.lower[0, 0] == 0.0 and w.W.upper[0, 0] == 5e-324
    with mpmath.mp.workdps(50):
        m = iv.to_mpmath()
        assert m.a > 0 and mpmath.log10(m.a) < -99990  # the mpi keeps the exponent


def test_user_intervals():
    a = incert.Interval(0.5, Fraction(3, 4))
    assert a.lo == Fraction(1, 2) and a.contains("0.6") and not a.contains("0.8")
    assert incert.Interval(1, math.inf).hi == math.inf
    try:
        incert.Interval(Fraction(1, 3))
    except ValueError:
        pass
    else:
        raise AssertionError("1/3 is not binary")


def test_approx_scalars_flagged(data):
    r = incert.check(data / "default.json", scalar="double", over_interval=False, eps_windows=False)
    assert not r.certified and r.constants.c_eps.approx
    assert r.to_dict()["hypotheses"][0]["verdict"] == "approx_holds"
    assert str(r.constants.c_eps).startswith("~")
