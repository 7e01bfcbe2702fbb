"""incert.Interval: a certified enclosure with exact binary endpoints."""

import math
from fractions import Fraction

from . import _incert
from ._numbers import fraction, to_fraction

_UNSET = object()


def _endpoint_value(ep):
    """(mantissa, exponent) -> Fraction; inf / nan floats as they are."""
    if isinstance(ep, float):
        return ep
    man, exp = ep
    if man == 0:
        return Fraction(0)
    if exp >= 0:
        return Fraction(man << exp)
    tz = (man & -man).bit_length() - 1  # strip trailing zero bits: the fraction is then canonical
    shift = min(tz, -exp)
    man >>= shift
    exp += shift
    return fraction((man, 1 << -exp)) if exp < 0 else Fraction(man << exp)


def _endpoint_from_number(x, what):
    """An exact binary number (int, float, Fraction with a power-of-two denominator) as the
    extension's (mantissa hex, exponent), or a float for +-inf."""
    if isinstance(x, float) and math.isinf(x):
        return x
    if isinstance(x, float) and math.isnan(x):
        raise ValueError(f"Interval: {what} is nan")
    q = x if isinstance(x, Fraction) else to_fraction(x, what)
    den = q.denominator
    if den & (den - 1):
        raise ValueError(f"Interval: {what} = {q} is not an exact binary number (its denominator is not a power of two); "
                         "round it outward yourself")
    return (format(q.numerator, "x"), -(den.bit_length() - 1))


class Interval:
    """A certified enclosure [lo, hi] computed by incert: the true value lies in between.

    The endpoints are exact binary numbers, the bounds of the interval the library computed
    (MPFR numbers converted exactly: mantissa * 2**exponent); nothing is rounded until you print
    or convert with an outward method.

    Attributes and methods:
        lo, hi          exact endpoints, fractions.Fraction (float('inf') for an unbounded end)
        mid, width      (lo + hi) / 2 and hi - lo, exact Fractions
        approx          True when computed in a non-rigorous scalar type ("mpfr", "double",
                        "long-double"): then lo == hi is an approximation, nothing is certified
        precision       bits of the endpoints
        contains(x)     lo <= x <= hi, decided exactly (x: str "0.1", int, Fraction, Decimal,
                        float as its exact binary value, or an Interval)
        format(digits)  (lo rounded down, hi rounded up) as decimal text (incert::format_enclosure)
        lo_str, hi_str  the same with every bit (outward)
        float_bounds()  (lo rounded down, hi rounded up) as floats: [a, b] still contains the value
        to_mpmath()     mpmath.mpi with the exact endpoints (enough precision: nothing lost)

    str(iv) is "[lo, hi]" to 17 digits, outward ("~v" for an approximation), like the CLI.

    Interval(lo, hi) builds one from exact binary numbers (int, float, Fraction with a
    power-of-two denominator); other rationals must be rounded outward by the caller.
    """

    __slots__ = ("_e", "_lo", "_hi")

    def __init__(self, lo, hi=None, *, approx=False):
        if hi is None:
            hi = lo
        a, b = _endpoint_from_number(lo, "lo"), _endpoint_from_number(hi, "hi")
        self._e = _incert.Enclosure.from_endpoints(a, b, approx)
        self._lo = self._hi = _UNSET
        if not approx and self.lo > self.hi:
            raise ValueError(f"Interval: lo = {self.lo} > hi = {self.hi}")

    @classmethod
    def _wrap(cls, e):
        obj = object.__new__(cls)
        obj._e = e
        obj._lo = obj._hi = _UNSET
        return obj

    def _endpoints(self):
        if self._lo is _UNSET:
            a, b = self._e.endpoints()
            self._lo, self._hi = _endpoint_value(a), _endpoint_value(b)

    @property
    def lo(self):
        """Lower endpoint, exact (fractions.Fraction; -inf as a float)."""
        self._endpoints()
        return self._lo

    @property
    def hi(self):
        """Upper endpoint, exact (fractions.Fraction; inf as a float)."""
        self._endpoints()
        return self._hi

    @property
    def approx(self):
        """True for an approximation from a non-rigorous scalar type (nothing certified)."""
        return self._e.approx

    @property
    def certified(self):
        return not self._e.approx

    @property
    def precision(self):
        """Bits of the endpoints' mantissas."""
        return self._e.precision

    @property
    def mid(self):
        """(lo + hi) / 2, exact."""
        return (self.lo + self.hi) / 2

    @property
    def width(self):
        """hi - lo, exact."""
        return self.hi - self.lo

    def relative_width(self):
        """width / |mid| as a float (0 for a point, inf when mid is 0 and the width is not)."""
        w = self.width
        if w == 0:
            return 0.0
        m = abs(self.mid)
        return float("inf") if m == 0 else float(w / m)

    def contains(self, x):
        """lo <= x <= hi, decided exactly; x an exact number (see to_fraction) or an Interval
        (then: x is inside). For an approximation, True only when x equals it."""
        if isinstance(x, Interval):
            return self.lo <= x.lo and x.hi <= self.hi
        q = x if isinstance(x, (Fraction, int)) else to_fraction(x, "x")
        if self.approx:
            return q == self.lo
        return self.lo <= q <= self.hi

    __contains__ = contains

    def overlaps(self, other):
        """Do the two intervals share a point?"""
        return self.lo <= other.hi and other.lo <= self.hi

    def format(self, digits=17):
        """(lo, hi) as decimal text with `digits` significant digits, lo rounded down and hi up
        (incert::format_enclosure; both rounded to nearest for an approximation). digits=0:
        every bit."""
        return tuple(self._e.format(int(digits)))

    @property
    def lo_str(self):
        """lo rounded down, with every bit."""
        return self._e.format(0)[0]

    @property
    def hi_str(self):
        """hi rounded up, with every bit."""
        return self._e.format(0)[1]

    def display(self, digits=17):
        """"[lo, hi]" outward, "v" when both ends print alike, "~v" for an approximation (as
        incert::display and the CLI's text output)."""
        lo, hi = self.format(digits)
        if self.approx:
            return "~" + lo
        return lo if lo == hi else f"[{lo}, {hi}]"

    def float_bounds(self):
        """(lo rounded down, hi rounded up) as Python floats (outward: the value stays inside;
        -inf/inf beyond the float range)."""
        return tuple(self._e.float_bounds())

    def to_mpmath(self):
        """mpmath.mpi with exactly these endpoints (no rounding: the mpi keeps every bit)."""
        from mpmath import iv, libmp

        def raw(ep):
            if isinstance(ep, float):
                return libmp.finf if ep > 0 else libmp.fninf if ep < 0 else libmp.fnan
            return libmp.from_man_exp(ep[0], ep[1])

        a, b = self._e.endpoints()
        return iv.make_mpf((raw(a), raw(b)))

    def __str__(self):
        return self.display(17)

    def __repr__(self):
        lo, hi = self.format(17)
        if self.approx:
            return f"Interval(~{lo})"
        return f"Interval([{lo}, {hi}])"

    def __eq__(self, other):
        if not isinstance(other, Interval):
            return NotImplemented
        return self.approx == other.approx and self.lo == other.lo and self.hi == other.hi

    def __hash__(self):
        return hash((self.lo, self.hi, self.approx))

    def __reduce__(self):
        a, b = self._e.endpoints()
        enc = lambda ep: ep if isinstance(ep, float) else (format(ep[0], "x"), ep[1])  # noqa: E731
        return (_from_endpoints, (enc(a), enc(b), self.approx))


def _from_endpoints(a, b, approx):
    return Interval._wrap(_incert.Enclosure.from_endpoints(a, b, approx))


def wrap(e):
    """Interval from an extension Enclosure, None from None."""
    return None if e is None else Interval._wrap(e)
