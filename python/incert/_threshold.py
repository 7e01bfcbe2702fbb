"""incert.threshold: the true threshold of incremental learning, certified for every alpha
(``incert threshold``; api/threshold.hpp, proofs/threshold.md).

    r = incert.threshold("data/default.json")
    for row in r.thresholds:
        print(row.k, row.alpha_lo, row.alpha_hi)   # exact Fractions; *_text: the CLI's decimals
    r.to_dict()                                      # the structure of ``incert threshold FILE --json``

E_k(alpha) = {t >= 0 : ||W_alpha(t) - Y^_k||_2 <= eps} is certified non-empty for EVERY alpha in
(0, alpha_lo] and empty at alpha_hi; where the tail alpha -> 0 is not certified (a singular W~0,
U0 with r < n), for every alpha in [alpha_min, alpha_lo] only: row.lower_end is then alpha_min.
"""
from collections import OrderedDict
from fractions import Fraction

from . import _incert
from ._errors import InputError
from ._instance import as_instance
from ._interval import wrap
from ._numbers import exact_text
from ._results import Verdict, _json_rounded, _enc_json


def _fraction(text):
    return None if text is None else Fraction(text)


class ThresholdRow:
    """The bracket of one k: nonempty_below (Verdict), every_alpha, alpha_lo, alpha_hi (Fractions
    or None; *_text the exact decimals), lower_end ("0": every alpha in (0, alpha_lo]; else the
    decimal alpha_min: every alpha in [alpha_min, alpha_lo] only), method,
    log_rel_width, ratio_to_alpha_star (Interval or None), nonempty_above (texts), points,
    pieces, reason."""

    def __init__(self, d):
        self.k = d["k"]
        self.nonempty_below = Verdict(d["nonempty_below"])
        self.every_alpha = d["every_alpha"]
        self.alpha_lo_text, self.alpha_hi_text = d["alpha_lo"], d["alpha_hi"]
        self.alpha_lo, self.alpha_hi = _fraction(d["alpha_lo"]), _fraction(d["alpha_hi"])
        self.lower_end = d["lower_end"]
        self.method = d["method"]
        self.log_rel_width = d["log_rel_width"]
        self.ratio_to_alpha_star = wrap(d["ratio_to_alpha_star"])
        self.log10_ratio_to_alpha_star = wrap(d["log10_ratio_to_alpha_star"])
        self.nonempty_above = list(d["nonempty_above"])
        self.points, self.pieces = d["points"], d["pieces"]
        self.reason = d["reason"] or None

    def __repr__(self):
        return (f"<incert.ThresholdRow k={self.k} {self.nonempty_below.value} alpha_lo={self.alpha_lo_text} "
                f"alpha_hi={self.alpha_hi_text}{' every alpha' if self.every_alpha else ''}>")


class ThresholdResult:
    """The result of :func:`incert.threshold`: thresholds ([ThresholdRow]), alpha_star_hyp,
    log10_alpha_star_hyp (Intervals or None), epsilon (text), theorem, precision_bits, rel_width,
    alpha_min (text), seconds; to_dict() the CLI's JSON."""

    def __init__(self, d, rel_width):
        self.instance, self.theorem, self.epsilon = d["instance"], d["theorem"], d["epsilon"]
        self.alpha_min = d["alpha_min"]
        self.precision_bits, self.seconds, self.rel_width = d["precision_bits"], d["seconds"], rel_width
        self.alpha_star_hyp = wrap(d["alpha_star_hyp"])
        self.log10_alpha_star_hyp = wrap(d["log10_alpha_star_hyp"])
        self.thresholds = [ThresholdRow(x) for x in d["thresholds"]]

    def row(self, k):
        for x in self.thresholds:
            if x.k == k:
                return x
        return None

    def to_dict(self):
        """The structure of ``incert threshold FILE --json`` (same fields, same order)."""
        d = 10
        j = OrderedDict()
        j["instance"] = self.instance
        j["theorem"] = self.theorem
        j["epsilon"] = self.epsilon
        j["precision_bits"] = self.precision_bits
        j["rel_width"] = _json_rounded(self.rel_width)
        j["alpha_min"] = self.alpha_min
        j["alpha_star_hyp"] = _enc_json(self.alpha_star_hyp, d)
        j["log10_alpha_star_hyp"] = _enc_json(self.log10_alpha_star_hyp, d)
        rows = []
        for x in self.thresholds:
            r = OrderedDict()
            r["k"] = x.k
            r["nonempty_below"] = x.nonempty_below.value
            r["every_alpha"] = x.every_alpha
            r["alpha_lo"] = x.alpha_lo_text
            r["alpha_hi"] = x.alpha_hi_text
            r["lower_end"] = x.lower_end
            r["method"] = x.method
            r["log_rel_width"] = _json_rounded(x.log_rel_width)
            r["ratio_to_alpha_star"] = _enc_json(x.ratio_to_alpha_star, d)
            r["log10_ratio_to_alpha_star"] = _enc_json(x.log10_ratio_to_alpha_star, d)
            r["nonempty_above"] = list(x.nonempty_above)
            r["points"] = x.points
            r["pieces"] = x.pieces
            if x.reason:
                r["reason"] = x.reason
            rows.append(r)
        j["thresholds"] = rows
        j["seconds"] = _json_rounded(self.seconds)
        return j

    def __repr__(self):
        return f"<incert.ThresholdResult {len(self.thresholds)} k, {self.seconds:.3g} s>"


def threshold(inst, k=None, eps=None, rel_width=1e-6, precision=128, alpha_min=None):
    """For each k (or only `k`), a certified bracket alpha_true(k) in [alpha_lo, alpha_hi]:
    ``incert threshold FILE [--k K] [--eps E] [--rel-width R] [--alpha-min A] [--precision BITS]``
    (alpha_min: an exact number in (0, 1), default 1e-1000)."""
    inst = as_instance(inst)
    if k is not None and (isinstance(k, bool) or not isinstance(k, int)):
        raise InputError.of("k", f"expected a whole number, got {k!r}")
    if isinstance(precision, bool) or not isinstance(precision, int) or not 24 <= precision <= 1000000:
        raise InputError.of("precision", f"must be a whole number of bits from 24 to 1000000, got {precision!r}")
    e = None if eps is None else exact_text(eps, "epsilon")
    a = None if alpha_min is None else exact_text(alpha_min, "alpha_min")
    return ThresholdResult(_incert.threshold(inst._c, k, e, float(rel_width), precision, a), float(rel_width))


def eps_window_nonempty(inst, k, alpha, precision=128):
    """E_k(alpha) at one alpha: Verdict.HOLDS when a time with error <= eps is certified, FAILS
    when E_k(alpha) is certified empty, UNDECIDED otherwise."""
    inst = as_instance(inst)
    return Verdict(_incert.eps_window_nonempty_at(inst._c, int(k), exact_text(alpha, "alpha"), precision))


__all__ = ["ThresholdResult", "ThresholdRow", "eps_window_nonempty", "threshold"]
