#!/usr/bin/env python3
"""Writes a pair of instances with the same target Y = Q diag(sigma) Q^T, exactly:
Q = (I - A)(I + A)^{-1} is the Cayley transform of a skew-symmetric rational A, so Q is a
rational orthogonal matrix and Y is rational. One instance gives Y as a dense matrix, the other
by its eigenvalues and the eigenvectors Q (columns). W0, alpha and epsilon are copied.
usage: tools/make_dense_cayley.py SKEW_JSON SIGMA_JSON W0_JSON ALPHA EPS DENSE_OUT EIGEN_OUT [NAME]
   e.g. tools/make_dense_cayley.py '[["0","1/2","-1/4"],["-1/2","0","1/3"],["1/4","-1/3","0"]]' \
        '["3","2","1"]' '[["2","0.5","0.3"],["0.5","1.5","0.2"],["0.3","0.2","1"]]' 1e-30 0.1 \
        tests/data/dense_cayley_3x3.json tests/data/dense_cayley_3x3_eigen.json"""
import json
import sys
from fractions import Fraction


def frac(s):
    return Fraction(s)


def text(q):
    return str(q.numerator) if q.denominator == 1 else f"{q.numerator}/{q.denominator}"


def mul(A, B):
    return [[sum(A[i][k] * B[k][j] for k in range(len(B))) for j in range(len(B[0]))] for i in range(len(A))]


def inverse(M):
    n = len(M)
    A = [row[:] + [Fraction(int(i == j)) for j in range(n)] for i, row in enumerate(M)]
    for c in range(n):
        p = next(r for r in range(c, n) if A[r][c] != 0)
        A[c], A[p] = A[p], A[c]
        piv = A[c][c]
        A[c] = [x / piv for x in A[c]]
        for r in range(n):
            if r != c and A[r][c] != 0:
                f = A[r][c]
                A[r] = [x - f * y for x, y in zip(A[r], A[c])]
    return [row[n:] for row in A]


def dumps(inst):
    """JSON with one matrix row per line."""
    def value(v, indent):
        if isinstance(v, dict):
            pad = " " * (indent + 1)
            return "{\n" + ",\n".join(pad + json.dumps(k) + ": " + value(x, indent + 1) for k, x in v.items()) + "}"
        if isinstance(v, list) and v and isinstance(v[0], list):
            pad = " " * (indent + 2)
            return "[" + (",\n" + pad).join(json.dumps(r) for r in v) + "]"
        return json.dumps(v)
    return value(inst, 0)


def main():
    skew = [[frac(x) for x in row] for row in json.loads(sys.argv[1])]
    sigma = [frac(x) for x in json.loads(sys.argv[2])]
    W0 = json.loads(sys.argv[3])
    alpha, eps, dense_out, eigen_out = sys.argv[4:8]
    name = sys.argv[8] if len(sys.argv) > 8 else "Cayley target"
    n = len(skew)
    assert all(skew[i][j] == -skew[j][i] for i in range(n) for j in range(n)), "A must be skew-symmetric"
    I = [[Fraction(int(i == j)) for j in range(n)] for i in range(n)]
    Q = mul([[I[i][j] - skew[i][j] for j in range(n)] for i in range(n)],
            inverse([[I[i][j] + skew[i][j] for j in range(n)] for i in range(n)]))
    assert mul([list(r) for r in zip(*Q)], Q) == I, "Q is not orthogonal"
    D = [[sigma[i] if i == j else Fraction(0) for j in range(n)] for i in range(n)]
    Y = mul(mul(Q, D), [list(r) for r in zip(*Q)])
    skew_text = json.dumps([[text(x) for x in row] for row in skew])
    desc = (f"Y = Q diag({', '.join(text(s) for s in sigma)}) Q^T, Q = (I - A)(I + A)^(-1), A = {skew_text}; "
            "made by tools/make_dense_cayley.py")
    common = {"init": {"W0": W0}, "alpha": alpha, "epsilon": eps}
    dense = {"name": name + " (dense Y)", "description": desc,
             "Y": {"matrix": [[text(x) for x in row] for row in Y]}, **common}
    eigen = {"name": name + " (eigenvalues and eigenvectors)", "description": desc,
             "Y": {"eigenvalues": [text(s) for s in sigma], "eigenvectors": [[text(x) for x in row] for row in Q]},
             **common}
    for path, inst in ((dense_out, dense), (eigen_out, eigen)):
        with open(path, "w") as f:
            f.write(dumps(inst) + "\n")


if __name__ == "__main__":
    main()
