"""incert.trace: the flow over time, certified (``incert trace``; api/trace.hpp, proofs/trace.md).

    r = incert.trace("data/default.json", 0, 80, 201)
    r.table                # pandas DataFrame, the CLI's CSV: kind (sample|range), t_from, t_to,
                           # error{k}_lo/_hi, lambda{i}_lo/_hi (outward floats; as_text: the CLI's text)
    r.samples, r.ranges    # lists of TraceValues (exact Interval enclosures)
    r.check                # CheckResult: hypotheses, I_k, eps-windows at the instance's alpha

A range row holds for EVERY t of [t_from, t_to], not only at the grid times.
"""
from fractions import Fraction

from . import _incert
from ._errors import InputError
from ._instance import as_instance
from ._interval import wrap
from ._numbers import exact_text
from ._results import CheckResult, _precisions

_DIGITS = 17


class TraceValues:
    """Enclosures at one time (a sample: t_from == t_to) or for every t of [t_from, t_to] (a range):
    error[k-1] of ||W(t) - Y^_k||_2, eigenvalues[i-1] of W(t) (largest first), diagonal[i-1] of
    W~(t) = Phi^T W(t) Phi; each an Interval, or None where not certified."""

    __slots__ = ("t_from", "t_to", "error", "eigenvalues", "diagonal")

    def __init__(self, t_from, t_to, d):
        self.t_from, self.t_to = Fraction(t_from), Fraction(t_to)
        self.error = [wrap(e) for e in d["error"]]
        self.eigenvalues = [wrap(e) for e in d["eigenvalues"]]
        self.diagonal = [wrap(e) for e in d["diagonal"]]

    def __repr__(self):
        where = f"t = {self.t_from}" if self.t_from == self.t_to else f"t in [{self.t_from}, {self.t_to}]"
        return f"<incert.TraceValues {where}: error {self.error}, eigenvalues {self.eigenvalues}>"


class TraceResult:
    """The result of :func:`incert.trace`: samples, ranges (TraceValues), check (CheckResult),
    targets (Intervals sigma_i), epsilon, precision_bits, n, K, seconds; table(as_text=False) the
    CLI's CSV rows as a DataFrame."""

    def __init__(self, d):
        self.instance, self.alpha = d["instance"], d["alpha"]
        self.precision_bits, self.n, self.K, self.seconds = d["precision_bits"], d["n"], d["K"], d["seconds"]
        self.targets = [wrap(e) for e in d["targets"]]
        self.epsilon = wrap(d["epsilon"])
        self._t_text = [s["t"] for s in d["samples"]]
        self._range_text = [(r["from"], r["to"]) for r in d["ranges"]]
        self.samples = [TraceValues(s["t"], s["t"], s) for s in d["samples"]]
        self.ranges = [TraceValues(r["from"], r["to"], r) for r in d["ranges"]]
        self.check = CheckResult(d["check"])

    def table(self, as_text=False):
        """One row per sample and per range, in time order, with the columns of ``incert trace``'s CSV;
        bounds as outward floats (as_text: the CLI's 17-digit outward decimals, "" where missing)."""
        import math

        import pandas as pd

        columns = ["kind", "t_from", "t_to"]
        columns += [f"error{k}_{e}" for k in range(1, self.K + 1) for e in ("lo", "hi")]
        columns += [f"lambda{i}_{e}" for i in range(1, self.n + 1) for e in ("lo", "hi")]

        def cells(v):
            out = []
            for iv in v.error + v.eigenvalues:
                if iv is None:
                    out += ["", ""] if as_text else [math.nan, math.nan]
                else:
                    out += list(iv.format(_DIGITS)) if as_text else list(iv.float_bounds())
            return out

        rows = []
        for j, s in enumerate(self.samples):
            t = self._t_text[j] if as_text else float(s.t_from)
            rows.append(["sample", t, t] + cells(s))
            if j < len(self.ranges):
                a, b = self._range_text[j] if as_text else (float(self.ranges[j].t_from), float(self.ranges[j].t_to))
                rows.append(["range", a, b] + cells(self.ranges[j]))
        return pd.DataFrame(rows, columns=columns)

    def __repr__(self):
        return (f"<incert.TraceResult {self.instance}: {len(self.samples)} samples, {len(self.ranges)} ranges, "
                f"{self.precision_bits} bits>")


def trace(inst, t_from, t_to, points, precision=128, max_precision=None):
    """Certified enclosures of ||W(t) - Y^_k||_2 (every k) and of the eigenvalues of W(t) at
    `points` grid times from t_from to t_to and for every t between two of them: ``incert trace
    FILE --from T0 --to T1 --points N``. Times are exact numbers (str, int, Fraction, Decimal, or a
    float taken as the binary number it is). Returns a TraceResult."""
    inst = as_instance(inst)
    if isinstance(points, bool) or not isinstance(points, int) or not 2 <= points <= 100000:
        raise InputError.of("points", f"expected a whole number from 2 to 100000, got {points!r}")
    precision, max_precision = _precisions(precision, max_precision)
    a, b = exact_text(t_from, "t_from"), exact_text(t_to, "t_to")
    return TraceResult(_incert.trace(inst._c, a, b, points, precision, max_precision))
