"""High-precision references with mpmath (independent of incert's C++ code).

Proposition 1 in Y's eigenbasis: W~(t) = alpha S W~0 (I + alpha G W~0)^(-1) S with
S = diag(e^(sigma_i t)), G = diag((e^(2 sigma_i t) - 1) / sigma_i) (G_ii = 2t for sigma_i = 0),
W~0 = Phi^T W0 Phi; W(t) = Phi W~(t) Phi^T.
"""
from fractions import Fraction

import mpmath
from mpmath import mp


def mpf(q):
    q = Fraction(q)
    return mp.mpf(q.numerator) / q.denominator


def scale_factors(sigma, t):
    S = [mp.exp(s * t) for s in sigma]
    G = [(mp.expm1(2 * s * t) / s) if s != 0 else 2 * t for s in sigma]
    return S, G


def closed_form(sigma, Wt0, alpha, t):
    """W~(t) by the formula of Proposition 1 as written (moderate alpha). The formula cancels
    catastrophically (I + alpha G W~0 has condition number about alpha max G): it is evaluated
    with that many extra digits, and the result returned at the caller's precision."""
    n = len(sigma)
    with mp.workdps(30):
        S0, G0 = scale_factors(sigma, t)
        growth = max(abs(alpha * g) for g in G0)
        extra = int(abs(mp.log10(growth))) + int(abs(mp.log10(alpha))) if growth != 0 else 0
    with mp.workdps(mp.dps + 2 * extra + 60):
        S, G = scale_factors(sigma, t)
        A = mp.eye(n) + alpha * mp.diag(G) * Wt0
        W = alpha * mp.diag(S) * Wt0 * mp.inverse(A) * mp.diag(S)
    return W


def closed_form_tiny_alpha(sigma, Wt0, alpha, t):
    """The same for tiny alpha (1e-100000) and invertible W~0, rewritten exactly as
    W~ = S (V / alpha + G)^(-1) S with V = W~0^(-1), the symmetric matrix V / alpha + G scaled to
    unit diagonal before inverting (its entries span 10^(+-10^5): mpmath's arbitrary exponents keep
    them, the scaling keeps the inverse accurate)."""
    n = len(sigma)
    S, G = scale_factors(sigma, t)
    V = mp.inverse(Wt0)
    A = V / alpha + mp.diag(G)
    d = [mp.sqrt(A[i, i]) for i in range(n)]
    B = mp.matrix(n, n)
    for i in range(n):
        for j in range(n):
            B[i, j] = A[i, j] / (d[i] * d[j])
    Binv = mp.inverse(B)
    W = mp.matrix(n, n)
    for i in range(n):
        for j in range(n):
            W[i, j] = S[i] * Binv[i, j] / (d[i] * d[j]) * S[j]
    return W


def eigenbasis(Y):
    """Eigenvalues (decreasing) and orthonormal eigenvectors of a symmetric matrix."""
    E, Q = mp.eigsy(mp.matrix(Y))
    order = sorted(range(len(E)), key=lambda i: -E[i])
    n = len(E)
    P = mp.matrix(n, n)
    for c, i in enumerate(order):
        for r in range(n):
            P[r, c] = Q[r, i]
    return [E[i] for i in order], P


def to_matrix(rows):
    return mp.matrix([[mpf(x) for x in row] for row in rows])


def contains(interval, x, rel=mpmath.mpf("1e-45")):
    """x in the interval up to the reference's own error (relative `rel`, tiny beside the widths
    of incert's 128-bit enclosures)."""
    slack = rel * max(abs(x), mp.mpf(1e-300))
    return mpf(interval.lo) - slack <= x <= mpf(interval.hi) + slack
