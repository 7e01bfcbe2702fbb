#!/usr/bin/env python3
"""Figure 1 of the paper and a certified table, with the incert Python package.

    python3 examples/python/figure1_and_table.py [OUT.png]

Builds the paper's Theorem 4 instance in code (Y = diag(3, 2, 1), the general W0 of
data/default.json, alpha = 1e-30, eps = 0.1), checks it, saves Figure 1 (certified enclosures of
diag W~(t) at alpha = 1e-30 and on a t / ln(1/alpha) axis at 1e-4, 1e-30, 1e-300) to OUT.png (default:
a temporary directory) and prints a certified table over alpha as a pandas DataFrame: per alpha,
the hypotheses, the intervals I_k and the certified maximum of ||W(t) - Y^_k||_2 over each I_k.
After `./dev.sh build`, `import incert` works with no further set-up (python/README.md).
"""
import os
import sys
import tempfile

import matplotlib

matplotlib.use("Agg")

import pandas as pd  # noqa: E402

import incert  # noqa: E402


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(tempfile.mkdtemp(prefix="incert-"), "figure1.png")

    inst = incert.Instance(
        Y=["3", "2", "1"],
        W0=[["2", "0.5", "0.3"], ["0.5", "1.5", "0.2"], ["0.3", "0.2", "1"]],
        alpha="1e-30",
        epsilon="0.1",
        source="Theorem 4 example (Y = diag(3,2,1))",
    )
    r = incert.check(inst)
    print(f"incert {incert.__version__}: Theorem {r.theorem}, {r.scalar} {r.precision_bits} bits")
    print(f"  c_eps = {r.constants.c_eps}\n  C_eps = {r.constants.C_eps}\n  M     = {r.constants.M}")
    print(f"  alpha*_hyp = {r.alpha_star_hyp}")
    for name, h in r.hypotheses.items():
        print(f"  {name:30s} {h.verdict.value} ({h.precision_bits} bits)")

    fig = incert.plot.figure1(inst, alphas=("1e-4", "1e-30", "1e-300"))
    fig.savefig(out, dpi=110)
    print(f"Figure 1 written to {out}")

    # A certified table: the check at each alpha, one row per (alpha, k).
    rows = []
    for alpha in ["1e-4", "1e-7", "1e-17", "1e-30", "1e-300", "1e-100000"]:
        c = incert.check(inst.replace(alpha=alpha))
        hyp = "all hold" if c.all_hypotheses_hold() else "not: " + ", ".join(n for n, h in c.hypotheses.items() if h != incert.Verdict.HOLDS)
        over = {o.k: o for o in c.over_interval if o.over == "interval"}
        for I in c.intervals:
            o = over.get(I.k)
            w = c.eps_window(I.k)
            inside = w.inside_text(6) if w is not None else None
            rows.append({
                "alpha": alpha,
                "k": I.k,
                "hypotheses": hyp,
                "I_k start": I.lo.display(6),
                "I_k end": "inf" if I.unbounded else I.hi.display(6),
                "I_k non-empty": I.nonempty.value,
                "max error on I_k <=": o.error_upper_text(4) if o is not None and o.error_upper is not None else "n/a",
                "<= eps on I_k": o.verdict.value if o is not None else "n/a",
                "<= eps certified on": f"[{inside[0]}, {inside[1]}{')' if inside[1] == 'inf' else ']'}" if inside else "n/a",
            })
    df = pd.DataFrame(rows)
    with pd.option_context("display.max_columns", None, "display.width", 250, "display.max_colwidth", 40):
        print(df.to_string(index=False))
    ok = r.all_hypotheses_hold() and all(o.verdict == incert.Verdict.HOLDS for o in r.over_interval)
    return 0 if ok and os.path.getsize(out) > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
