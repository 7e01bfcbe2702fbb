"""incert.check and incert.eval: the library's typed results as Python objects."""

import enum
import math
from collections import OrderedDict

from . import _incert
from ._errors import InputError
from ._instance import as_instance
from ._interval import Interval, _endpoint_value, wrap
from ._numbers import exact_text


class Verdict(enum.Enum):
    """A three-valued answer: HOLDS only when the enclosures prove the statement, FAILS only
    when they prove its negation, UNDECIDED otherwise (at the precision tried). From a
    non-rigorous scalar type (result.certified False) HOLDS/FAILS are approximations."""

    HOLDS = "holds"
    FAILS = "fails"
    UNDECIDED = "undecided"

    def __str__(self):
        return self.value

    def __bool__(self):
        raise TypeError("a Verdict has no truth value: compare it with Verdict.HOLDS (UNDECIDED is not FAILS)")

    def json(self, certified=True):
        """As in the CLI's JSON: "holds", "fails", "undecided", "approx_holds", "approx_fails"."""
        if not certified and self is not Verdict.UNDECIDED:
            return "approx_" + self.value
        return self.value


def _v(s):
    return Verdict(s)


def _digits_for_bits(bits):
    return int(bits * 0.30103) + 2


def digits_or_all(digits, bits):
    """digits > 0 as given; 0: enough for every bit of a `bits`-bit number (incert::digits_or_all)."""
    return digits if digits > 0 else _digits_for_bits(bits)


def _json_rounded(x):
    if math.isinf(x):
        return "inf"
    if math.isnan(x):
        return None
    return float(f"{x:.3g}")


def _enc_json(iv, d):
    if iv is None:
        return None
    lo, hi = iv.format(d)
    return {"approx": lo} if iv.approx else {"lo": lo, "hi": hi}


class Decided:
    """A verdict with the precision at which it was decided: ``.verdict`` (Verdict),
    ``.precision_bits``, ``.name``. Compares equal to its Verdict (``h == Verdict.HOLDS``)."""

    __slots__ = ("name", "verdict", "precision_bits")

    def __init__(self, name, verdict, precision_bits):
        self.name, self.verdict, self.precision_bits = name, verdict, precision_bits

    @property
    def holds(self):
        return self.verdict is Verdict.HOLDS

    def __eq__(self, other):
        if isinstance(other, Verdict):
            return self.verdict is other
        if isinstance(other, Decided):
            return (self.name, self.verdict, self.precision_bits) == (other.name, other.verdict, other.precision_bits)
        return NotImplemented

    def __hash__(self):
        return hash((self.name, self.verdict))

    def __repr__(self):
        return f"<{self.name}: {self.verdict.value} ({self.precision_bits} bits)>"


class _Record:
    """A small read-only record: attributes from a dict, repr listing them."""

    _fields = ()

    def __init__(self, **kw):
        for k, v in kw.items():
            object.__setattr__(self, k, v)

    def __setattr__(self, k, v):
        raise AttributeError("read-only")

    def __repr__(self):
        body = ", ".join(f"{f}={getattr(self, f)!s}" for f in self._fields if getattr(self, f, None) is not None)
        return f"{type(self).__name__}({body})"


class Constants(_Record):
    """Theorem 3/4 constants: c_eps, C_eps, M (None for Theorem 3 or when undefined)."""

    _fields = ("c_eps", "C_eps", "M")

    def __iter__(self):
        return iter((self.c_eps, self.C_eps, self.M))

    def as_dict(self):
        return {"c_eps": self.c_eps, "C_eps": self.C_eps, "M": self.M}


class EpsWindow(_Record):
    """The true eps-window {t >= 0 : ||W(t) - Y^_k||_2 <= eps} of k.

    found: Verdict (HOLDS: some time certified inside; FAILS: certified empty);
    first, last: Interval enclosures of its first and last time (last None and last_infinite
    True when it is certified unbounded); inside: (lo, hi) exact Fractions (hi = inf) of a time
    interval on which error <= eps is certified at every t, or None;
    inside_text(digits): that interval printed inward (lo rounded up, hi down)."""

    _fields = ("k", "found", "first", "last", "last_infinite", "inside")

    def __repr__(self):
        inside = self.inside_text(17)
        inside = "none" if inside is None else f"[{inside[0]}, {inside[1]}{')' if inside[1] == 'inf' else ']'}"
        last = "inf" if self.last_infinite else self.last
        return f"EpsWindow(k={self.k}, found={self.found}, first={self.first}, last={last}, certified inside {inside})"

    def inside_text(self, digits=0):
        """(lo rounded up, hi rounded down) decimal text, "inf" for an unbounded end; None when
        there is no such interval (or its decimals would cross)."""
        if self._inside_lo is None:
            return None
        if self._inside_hi is None:
            return (self._inside_lo.format_up(digits), "inf")
        r = _incert.format_inside(self._inside_lo, self._inside_hi, digits)
        return None if r is None else tuple(r)


class IntervalK(_Record):
    """The theorem's interval I_k (eq. 16): lo, hi (Interval enclosures of its ends; hi None and
    unbounded True for I_K = [lo, inf)), lo_over_log_inv_alpha, hi_over_log_inv_alpha (the ends
    divided by ln(1/alpha)), nonempty (Verdict), precision_bits, eps_window (EpsWindow or None)."""

    _fields = ("k", "lo", "hi", "unbounded", "nonempty", "precision_bits")


class Conclusion(_Record):
    """||W(t) - Y^_k||_2 <= eps at one time: k, where ("lo", "mid", "hi" of I_k, "far", or
    "user" for a time you asked for), t (Interval), error (Interval or None), verdict,
    precision_bits, reason (why, when the verdict is not read off `error`: the rank obstruction)."""

    _fields = ("k", "where", "t", "error", "verdict", "precision_bits")


class RangeConclusion(_Record):
    """||W(t) - Y^_k||_2 <= eps for every t of a range: over ("interval": all of I_k; "user": a
    range you gave, lo/hi as written, hi "inf" for unbounded), error_upper (exact Fraction >= the
    maximum of the error over the range, or None), verdict, pieces, precision_bits,
    tail_unavailable (no enclosure up to t = inf: singular W~0), note, reason (why, when
    decided without a cover: the rank obstruction)."""

    _fields = ("k", "over", "lo", "hi", "error_upper", "verdict", "pieces", "precision_bits")

    def __repr__(self):
        where = "I_k" if self.over == "interval" else f"[{self.lo}, {self.hi}{')' if self.hi == 'inf' else ']'}"
        err = self.error_upper_text(17)
        return (f"RangeConclusion(k={self.k}, t in {where}, max error <= {err if err is not None else 'n/a'}, {self.verdict}, "
                f"{self.pieces} piece{'s' if self.pieces != 1 else ''}, {self.precision_bits} bits)")

    def error_upper_text(self, digits=0):
        """error_upper rounded up to decimal text (None when not available)."""
        return None if self._error_upper is None else self._error_upper.format_up(digits)


class CheckResult:
    """The result of :func:`incert.check`: Theorem 3 (spectral init) or 4 (general init).

    theorem          3 or 4
    certified        False for a non-rigorous scalar type (everything is then approximate)
    scalar, precision_bits, seconds, max_relative_width, instance (source name)
    reason           why undecided verdicts were left so when it is not the precision (the
                     time limit), else None
    constants        Constants(c_eps, C_eps, M), each an Interval or None
    log_alpha        Interval, ln(alpha)
    alpha_star_hyp, log10_alpha_star_hyp
                     the largest alpha at which every hypothesis holds (Interval or None)
    hypotheses       OrderedDict name -> Decided (a Verdict with .precision_bits; compare with
                     ``== Verdict.HOLDS``)
    intervals        [IntervalK] for k = 1..K (I_k, lo/hi Intervals, .nonempty Verdict)
    conclusions      [Conclusion] at the start, middle and end of each I_k and at your times
    over_interval    [RangeConclusion] for every t of each certified non-empty I_k, then your ranges
    eps_windows      [EpsWindow] per k
    to_dict(digits=0)  the same structure as ``incert check FILE --json`` (field for field)
    """

    def __init__(self, d):
        self._d = d
        self.instance = d["instance"]
        self.scalar = d["scalar"]
        self.certified = d["certified"]
        self.theorem = d["theorem"]
        self.precision_bits = d["precision_bits"]
        self.constants = Constants(c_eps=wrap(d["c_eps"]), C_eps=wrap(d["C_eps"]), M=wrap(d["M"]))
        self.log_alpha = wrap(d["log_alpha"])
        self.alpha_star_hyp = wrap(d["alpha_star_hyp"])
        self.log10_alpha_star_hyp = wrap(d["log10_alpha_star_hyp"])
        self.hypotheses = OrderedDict((n, Decided(n, _v(v), b)) for n, v, b in d["hypotheses"])
        windows = {}
        self.eps_windows = []
        for w in d["eps_windows"]:
            lo, hi = w["inside_lo"], w["inside_hi"]
            inside = None
            if lo is not None:
                inside = (_endpoint_value(lo.endpoints()[0]), _endpoint_value(hi.endpoints()[0]) if hi is not None else math.inf)
            ew = EpsWindow(k=w["k"], found=_v(w["found"]), first=wrap(w["first"]), last=wrap(w["last"]),
                           last_infinite=w["last_infinite"], inside=inside, _inside_lo=lo, _inside_hi=hi,
                           reason=w["reason"] or None)
            windows[w["k"]] = ew
            self.eps_windows.append(ew)
        self.intervals = [
            IntervalK(k=I["k"], lo=wrap(I["lo"]), hi=wrap(I["hi"]), unbounded=I["unbounded"],
                      lo_over_log_inv_alpha=wrap(I["lo_over_log_inv_alpha"]), hi_over_log_inv_alpha=wrap(I["hi_over_log_inv_alpha"]),
                      nonempty=_v(I["nonempty"]), precision_bits=I["precision_bits"], eps_window=windows.get(I["k"]))
            for I in d["intervals"]
        ]
        self.conclusions = [
            Conclusion(k=c["k"], where=c["where"], t=wrap(c["t"]), error=wrap(c["error"]), verdict=_v(c["verdict"]),
                       precision_bits=c["precision_bits"], reason=c["reason"] or None)
            for c in d["conclusions"]
        ]
        self.over_interval = []
        for o in d["over_interval"]:
            e = o["error_upper"]
            self.over_interval.append(RangeConclusion(
                k=o["k"], over=o["where"], lo=o["range_lo"] if o["where"] == "user" else None,
                hi=(o["range_hi"] if o["range_hi"] is not None else "inf") if o["where"] == "user" else None,
                error_upper=None if e is None else _endpoint_value(e.endpoints()[1]), verdict=_v(o["verdict"]),
                pieces=o["pieces"], precision_bits=o["precision_bits"], tail_unavailable=o["tail_unavailable"],
                note="no enclosure of W(t) up to t = inf without an invertible W~0" if o["tail_unavailable"] else None,
                reason=o["reason"] or None, _error_upper=e))
        self.max_relative_width = d["max_relative_width"]
        self.seconds = d["seconds"]
        self.reason = d.get("reason")

    # ---- queries --------------------------------------------------------------------------

    def all_hypotheses_hold(self):
        """Every hypothesis holds (False when one fails or is undecided)."""
        return bool(self.hypotheses) and all(h.verdict is Verdict.HOLDS for h in self.hypotheses.values())

    def any_undecided(self):
        """Some verdict stayed undecided."""
        return (any(h.verdict is Verdict.UNDECIDED for h in self.hypotheses.values())
                or any(I.nonempty is Verdict.UNDECIDED for I in self.intervals)
                or any(c.verdict is Verdict.UNDECIDED for c in self.conclusions)
                or any(o.verdict is Verdict.UNDECIDED and not o.tail_unavailable for o in self.over_interval))

    def interval(self, k):
        """I_k (IntervalK) or None."""
        for I in self.intervals:
            if I.k == k:
                return I
        return None

    def eps_window(self, k):
        """The eps-window of k (EpsWindow) or None."""
        for w in self.eps_windows:
            if w.k == k:
                return w
        return None

    @property
    def c_eps(self):
        return self.constants.c_eps

    @property
    def C_eps(self):
        return self.constants.C_eps

    @property
    def M(self):
        return self.constants.M

    # ---- the CLI's JSON -------------------------------------------------------------------

    def to_dict(self, digits=0):
        """The structure of ``incert check FILE --json`` (same field names and order; enclosures
        {"lo", "hi"} as outward decimal text with `digits` significant digits, 0 = every bit of
        the result's precision, exactly as the CLI prints them)."""
        d = digits_or_all(digits, self.precision_bits)
        c = self.certified
        j = OrderedDict()
        j["instance"] = self.instance
        j["scalar"] = self.scalar
        j["certified"] = c
        j["theorem"] = self.theorem
        j["precision_bits"] = self.precision_bits
        j["log_alpha"] = _enc_json(self.log_alpha, d)
        j["constants"] = OrderedDict(c_eps=_enc_json(self.c_eps, d), C_eps=_enc_json(self.C_eps, d), M=_enc_json(self.M, d))
        j["alpha_star_hyp"] = _enc_json(self.alpha_star_hyp, d)
        j["log10_alpha_star_hyp"] = _enc_json(self.log10_alpha_star_hyp, d)
        j["hypotheses"] = [OrderedDict(name=h.name, verdict=h.verdict.json(c), precision_bits=h.precision_bits)
                           for h in self.hypotheses.values()]
        rows = []
        for I in self.intervals:
            row = OrderedDict()
            row["k"] = I.k
            row["lo"] = _enc_json(I.lo, d)
            row["hi"] = "inf" if I.unbounded else _enc_json(I.hi, d)
            row["lo_over_log_inv_alpha"] = _enc_json(I.lo_over_log_inv_alpha, d)
            row["hi_over_log_inv_alpha"] = "inf" if I.unbounded else _enc_json(I.hi_over_log_inv_alpha, d)
            row["nonempty"] = I.nonempty.json(c)
            row["precision_bits"] = I.precision_bits
            w = I.eps_window
            if w is not None:
                inside = w.inside_text(d)
                row["eps_window"] = OrderedDict(
                    found=w.found.json(c), first=_enc_json(w.first, d),
                    last="inf" if w.last_infinite else _enc_json(w.last, d),
                    certified_inside=None if inside is None else OrderedDict(lo=inside[0], hi=inside[1]))
                if w.reason:
                    row["eps_window"]["reason"] = w.reason
            rows.append(row)
        j["intervals"] = rows
        concl = []
        for x in self.conclusions:
            concl.append(OrderedDict(k=x.k, where=x.where, t=_enc_json(x.t, d), error=_enc_json(x.error, d), verdict=x.verdict.json(c),
                                     precision_bits=x.precision_bits))
            if x.reason:
                concl[-1]["reason"] = x.reason
        for o in self.over_interval:
            row = OrderedDict()
            row["k"] = o.k
            row["over"] = o.over
            if o.over == "user":
                row["lo"] = o.lo
                row["hi"] = o.hi
            row["error_upper"] = o.error_upper_text(d)
            row["verdict"] = o.verdict.json(c)
            row["pieces"] = o.pieces
            row["precision_bits"] = o.precision_bits
            if o.tail_unavailable:
                row["note"] = o.note
            if o.reason:
                row["reason"] = o.reason
            concl.append(row)
        j["conclusion"] = concl
        j["max_relative_width"] = _json_rounded(self.max_relative_width)
        j["seconds"] = _json_rounded(self.seconds)
        j["reason"] = self.reason
        return j

    def __repr__(self):
        hyp = ", ".join(f"{n} {h.verdict.value}" for n, h in self.hypotheses.items())
        return (f"<incert.CheckResult Theorem {self.theorem}, {self.scalar} {self.precision_bits} bits"
                f"{'' if self.certified else ' (APPROXIMATE)'}: {hyp}; {len(self.intervals)} intervals>")


def _precisions(precision, max_precision):
    if isinstance(precision, bool) or not isinstance(precision, int):
        raise InputError.of("precision", f"expected a whole number of bits, got {precision!r}")
    if max_precision is None:
        max_precision = max(4096, precision)
    if isinstance(max_precision, bool) or not isinstance(max_precision, int):
        raise InputError.of("max_precision", f"expected a whole number of bits, got {max_precision!r}")
    if not 24 <= precision <= 1000000:
        raise InputError.of("precision", f"must be between 24 and 1000000 bits, got {precision}")
    if not 24 <= max_precision <= 1000000:
        raise InputError.of("max_precision", f"must be between 24 and 1000000 bits, got {max_precision}")
    return precision, max_precision


def _as_list(x):
    if x is None:
        return []
    if isinstance(x, (str, bytes)) or not hasattr(x, "__iter__"):
        return [x]
    return list(x)


def check(inst, precision=128, max_precision=None, scalar="mpfi", times=(), taus=(), intervals=(),
          over_interval=True, eps_windows=True, time_limit=None, jobs=1):
    """Theorem 3 (spectral init) or 4 (general init) on an instance, certified.

    Parameters
    ----------
    inst : Instance, or a path / dict (read with Instance.from_json)
    precision : int
        working precision in bits (mpfi, mpfr), default 128
    max_precision : int
        undecided verdicts are retried at doubled precision up to this (default 4096, or
        `precision` when higher); each verdict reports where it was decided
    scalar : str
        "mpfi" (default, rigorous), "interval" (Boost interval<double>, rigorous), or the
        approximations "mpfr", "double", "long-double" (result.certified is then False)
    times : sequence of exact numbers
        also the conclusion at these times t (where = "user")
    taus : sequence of exact numbers
        also at t = tau ln(1/alpha) (exact at any alpha); reported after `times`
    intervals : sequence of (k, lo, hi)
        is ||W(t) - Y^_k||_2 <= eps for every t in [lo, hi]? hi None (or "inf", math.inf) for
        [lo, inf); rigorous scalars only
    over_interval, eps_windows : bool
        the conclusion over each whole I_k and the true eps-windows (both on; off for a
        hypotheses-only check, much faster)
    time_limit : float
        wall-clock seconds after which refinement (subdivision, bisection, precision
        escalation) stops: what is not decided by then stays undecided and result.reason says
        so (``incert check --time-limit``); None (default): no limit
    jobs : int
        threads sharing the conclusions over I_k and the eps-windows, 1 to 4096 (default 1;
        ``incert check --jobs``); the same result for every count

    Returns
    -------
    CheckResult: theorem, certified, constants (c_eps, C_eps, M), hypotheses (name -> Verdict
    with .precision_bits), intervals (I_k with lo/hi Interval, .nonempty), conclusions,
    over_interval, eps_windows, alpha_star_hyp; to_dict() is the CLI's ``check --json``.

    Raises InputError (a bad instance or argument, naming the field); KeyboardInterrupt on
    Ctrl-C (the computation is abandoned: it finishes in the background, and the next call
    waits for it). The GIL is released while the library computes.

    Example::

        >>> r = incert.check("data/default.json")
        >>> r.hypotheses["alpha_small"] == incert.Verdict.HOLDS
        True
        >>> print(r.constants.c_eps)
        [0.0010835677153149924, 0.0010835677153149925]
    """
    inst = as_instance(inst)
    precision, max_precision = _precisions(precision, max_precision)
    ts = [exact_text(t, f"times[{i}]") for i, t in enumerate(_as_list(times))]
    tau = [exact_text(t, f"taus[{i}]") for i, t in enumerate(_as_list(taus))]
    ranges = []
    for i, item in enumerate(intervals or ()):
        field = f"intervals[{i}]"
        try:
            k, lo, hi = item
        except (TypeError, ValueError):
            raise InputError.of(field, "expected (k, lo, hi) with hi None for infinity") from None
        if isinstance(k, bool) or not isinstance(k, int):
            raise InputError.of(field, f"k must be a whole number >= 1, got {k!r}")
        hi_text = None if hi is None or (isinstance(hi, str) and hi == "inf") or (isinstance(hi, float) and hi == math.inf) \
            else exact_text(hi, field + ".hi")
        ranges.append((k, exact_text(lo, field + ".lo"), hi_text))
    if time_limit is not None and (isinstance(time_limit, bool) or not isinstance(time_limit, (int, float))
                                   or not 0 <= time_limit <= 1e6):
        raise InputError.of("time_limit", f"expected seconds from 0 to 1000000, got {time_limit!r}")
    if isinstance(jobs, bool) or not isinstance(jobs, int) or not 1 <= jobs <= 4096:
        raise InputError.of("jobs", f"expected a whole number from 1 to 4096, got {jobs!r}")
    d = _incert.check(inst._c, str(scalar), precision, max_precision, ts, tau, ranges, bool(over_interval), bool(eps_windows),
                      None if time_limit is None else float(time_limit), jobs)
    return CheckResult(d)


class MatrixEnclosure:
    """An n x n matrix of certified enclosures (W(t) or W~(t)).

    lower, upper    numpy float64 arrays: every entry's lower end rounded down and upper end
                    rounded up (so lower <= true value <= upper, entrywise); nearest for an
                    approximation
    intervals       nested lists of Interval (exact endpoints)
    m[i, j]         the Interval of one entry
    contains(A)     every entry of A (exact numbers) inside its enclosure
    """

    def __init__(self, c):
        self._c = c
        self._rows = None
        self._lower = self._upper = None

    @property
    def shape(self):
        return tuple(self._c.shape)

    @property
    def lower(self):
        if self._lower is None:
            self._lower = self._c.lower()
            self._lower.setflags(write=False)
        return self._lower

    @property
    def upper(self):
        if self._upper is None:
            self._upper = self._c.upper()
            self._upper.setflags(write=False)
        return self._upper

    @property
    def intervals(self):
        if self._rows is None:
            n, m = self.shape
            self._rows = [[Interval._wrap(self._c.get(i, j)) for j in range(m)] for i in range(n)]
        return self._rows

    @property
    def approx(self):
        return self._c.approx()

    def __getitem__(self, ij):
        i, j = ij
        return self.intervals[i][j]

    def __len__(self):
        return self.shape[0]

    def contains(self, A):
        """Every A[i][j] (exact numbers; floats as their binary values) inside entry (i, j)."""
        n, m = self.shape
        return all(self.intervals[i][j].contains(A[i][j]) for i in range(n) for j in range(m))

    def __repr__(self):
        return f"<incert.MatrixEnclosure {self.shape[0]}x{self.shape[1]}>"


class EvalResult:
    """The result of :func:`incert.eval` at one time t.

    t                 Interval (t itself, or tau ln(1/alpha) enclosed)
    W                 MatrixEnclosure of W(t) (standard basis)
    W_eigenbasis      MatrixEnclosure of W~(t) = Phi^T W(t) Phi (Y's eigenbasis)
    error_to_rank     dict k -> Interval of ||W(t) - Y^_k||_2 (None when not certified)
    resolved          False when W(t) could not be certified (W and W_eigenbasis empty)
    method, scalar, certified, precision_bits, seconds
    to_dict(digits=0) the CLI's ``eval --json`` structure
    """

    def __init__(self, d):
        self.instance = d["instance"]
        self.scalar = d["scalar"]
        self.certified = d["certified"]
        self.precision_bits = d["precision_bits"]
        self.method = d["method"]
        self.t = wrap(d["t"])
        self.resolved = d["resolved"]
        self.W = MatrixEnclosure(d["W"])
        self.W_eigenbasis = MatrixEnclosure(d["W_eigenbasis"])
        self.error_to_rank = OrderedDict((k, wrap(v)) for k, v in d["error_to_rank"])
        self.seconds = d["seconds"]
        self.reason = d.get("reason")

    def to_dict(self, digits=0):
        """The structure of ``incert eval FILE --t T --json``."""
        d = digits_or_all(digits, self.precision_bits)
        mat = lambda M: [[_enc_json(x, d) for x in row] for row in M.intervals]  # noqa: E731
        j = OrderedDict()
        j["instance"] = self.instance
        j["scalar"] = self.scalar
        j["certified"] = self.certified
        j["precision_bits"] = self.precision_bits
        j["method"] = self.method
        j["t"] = _enc_json(self.t, d)
        j["W"] = mat(self.W)
        j["W_eigenbasis"] = mat(self.W_eigenbasis)
        j["error_to_rank"] = [OrderedDict(k=k, value=_enc_json(v, d)) for k, v in self.error_to_rank.items()]
        j["seconds"] = _json_rounded(self.seconds)
        j["reason"] = self.reason
        return j

    def __repr__(self):
        return f"<incert.EvalResult t={self.t} {self.scalar} {self.precision_bits} bits, {self.method}>"


def eval_many(inst, ts=(), taus=(), precision=128, max_precision=None, scalar="mpfi"):
    """:func:`eval` at many times in one call (one job: no per-call overhead); results for `ts`
    first, then for `taus`."""
    inst = as_instance(inst)
    precision, max_precision = _precisions(precision, max_precision)
    t_text = [exact_text(t, f"times[{i}]") for i, t in enumerate(_as_list(ts))]
    tau_text = [exact_text(t, f"taus[{i}]") for i, t in enumerate(_as_list(taus))]
    return [EvalResult(d) for d in _incert.eval(inst._c, str(scalar), precision, max_precision, t_text, tau_text)]


def eval(inst, t=None, tau=None, precision=128, max_precision=None, scalar="mpfi"):  # noqa: A001 (the CLI's name)
    """W(t), W~(t) = Phi^T W(t) Phi and ||W(t) - Y^_k||_2 for every k, certified.

    Give exactly one of ``t`` (an exact time: "13.5", Fraction, int; a float as its binary
    value) or ``tau`` (t = tau ln(1/alpha), exact at any alpha). Precision escalates (up to
    ``max_precision``) until W(t) is certified. Returns an :class:`EvalResult`: ``.W`` and
    ``.W_eigenbasis`` with numpy ``.lower`` / ``.upper`` (outward float bounds) and exact
    ``.intervals``; ``.error_to_rank`` {k: Interval}.

    Example::

        >>> w = incert.eval("data/default.json", tau="0.22")
        >>> w.W.lower <= w.W.upper
    """
    if (t is None) == (tau is None):
        raise InputError.of("t", "give exactly one of t and tau")
    r = eval_many(inst, ts=[] if t is None else [t], taus=[] if tau is None else [tau], precision=precision,
                  max_precision=max_precision, scalar=scalar)
    return r[0]
