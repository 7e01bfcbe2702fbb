#!/usr/bin/env python3
"""Writes tests/support/factor_alpha_range_reference.json: W~_alpha(tau ln(1/alpha)) for factor
initializations W0 = U0 U0^T of rank r < n, by mpmath alone (no incert code), for the test of
closed_form_factor_over_log_alpha (tests/test_closed_form_factor_alpha_range.cpp).

Formula (proofs/closed_form_factor.md, eq. (1)), in Y's eigenbasis (the instances give Y by its
eigenvalues, so Phi = I and U~ = U0):
    W~ = alpha S U0 (I_r + alpha U0^T G U0)^{-1} U0^T S,  S = diag(e^{sigma_i t}),
    G = diag((e^{2 sigma_i t} - 1) / sigma_i) (2t on a zero eigenvalue),
evaluated as written with enough digits for its cancellation: log10 of the largest alpha G_ii
(the condition of the r x r matrix) plus log10(1/alpha), plus 60. Entries printed to 40 digits.
usage: tools/make_factor_alpha_range_reference.py > tests/support/factor_alpha_range_reference.json"""
import json
import sys
from fractions import Fraction

from mpmath import mp

INSTANCES = ["tests/data/rank_one_u0_5x1.json", "tests/data/factor_r2_zero_eigenvalue.json"]
TAUS = ["0.1", "0.2", "0.23", "0.4", "0.9"]
# (alpha_hi, alpha_lo, samples): ln(1/alpha) over [ln(1/alpha_hi), ln(1/alpha_lo)]
RANGES = [
    ("1e-5", "1e-6", ["1e-5", "7e-6", "3.3e-6", "1e-6"]),
    ("2e-30", "1e-30", ["2e-30", "1.23e-30", "1e-30"]),
    ("1e-100", "1e-200", ["1e-100", "3e-151", "1e-200"]),
    ("1e-500", "1e-1000", ["1e-500", "1e-777", "1e-1000"]),
]


def mpf(text):
    q = Fraction(text)
    return mp.mpf(q.numerator) / q.denominator


def reference_W(sigma, U0, alpha, tau):
    n, r = len(U0), len(U0[0])
    with mp.workdps(30):
        l = -mp.log(alpha)
        t = tau * l
        big = max(abs(mp.log10(alpha)) + 2 * s * t / mp.log(10) for s in sigma)
    with mp.workdps(int(big + abs(mp.log10(alpha))) + 60):
        l = -mp.log(alpha)
        t = tau * l
        S = [mp.exp(s * t) for s in sigma]
        G = [mp.expm1(2 * s * t) / s if s != 0 else 2 * t for s in sigma]
        U = mp.matrix(U0)
        M = mp.eye(r) + alpha * U.T * mp.diag(G) * U
        SU = mp.diag(S) * U
        W = alpha * SU * mp.inverse(M) * SU.T
    return [[mp.nstr(+W[i, j], 40, min_fixed=1, max_fixed=0) for j in range(n)] for i in range(n)]


def main():
    mp.dps = 50
    out = {"description": "W~_alpha(tau ln(1/alpha)) entries (40 digits) by mpmath; made by tools/make_factor_alpha_range_reference.py",
           "cases": []}
    for path in INSTANCES:
        doc = json.load(open(path))
        sigma = [mpf(s) for s in doc["Y"]["eigenvalues"]]
        U0 = [[mpf(x) for x in row] for row in doc["init"]["U0"]]
        for tau in TAUS:
            for hi, lo, samples in RANGES:
                case = {"instance": path, "tau": tau, "alpha_hi": hi, "alpha_lo": lo, "samples": []}
                for a in samples:
                    case["samples"].append({"alpha": a, "W": reference_W(sigma, U0, mpf(a), mpf(tau))})
                out["cases"].append(case)
    json.dump(out, sys.stdout, indent=0)
    sys.stdout.write("\n")


main()
