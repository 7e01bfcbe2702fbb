#!/usr/bin/env python3
"""Writes the n x n test instance of the extreme-alpha study:
sigma_i = n - i (i = 0..n-1), W0 = B B^T / n + I/2 with B_ij = sin(i + 2j) (0-based),
W0's entries as exact decimals with 45 significant digits (the instance IS these decimals).
usage: tools/make_sin_instance.py N ALPHA > data/nN_sin.json"""
import json
import sys

import mpmath

mpmath.mp.dps = 80
n = int(sys.argv[1])
alpha = sys.argv[2]
B = [[mpmath.sin(i + 2 * j) for j in range(n)] for i in range(n)]
W0 = [[mpmath.fsum(B[i][k] * B[j][k] for k in range(n)) / n + (mpmath.mpf(1) / 2 if i == j else 0) for j in range(n)]
      for i in range(n)]
text = lambda x: mpmath.nstr(x, 45, min_fixed=-5, max_fixed=5)
inst = {
    "name": f"n = {n}: sigma_i = {n} - i, W0 = B B^T/{n} + I/2, B_ij = sin(i + 2j)",
    "description": f"made by: tools/make_sin_instance.py {n} {alpha}; W0 entries rounded to 45 digits (exactly symmetric)",
    "Y": {"eigenvalues": [str(n - i) for i in range(n)]},
    "init": {"W0": [[text(W0[min(i, j)][max(i, j)]) for j in range(n)] for i in range(n)]},
    "alpha": alpha,
    "epsilon": "0.1",
}
json.dump(inst, sys.stdout, indent=1)
sys.stdout.write("\n")
