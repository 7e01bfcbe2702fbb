"""Exact numbers in and out of the library.

In: every number the user gives becomes exact text the instance loader reads ("0.1", "1e-100000",
"105/151"). A str is passed as written (the loader validates it and names the field); int,
fractions.Fraction and decimal.Decimal are exact; a float (and a numpy float) is taken as the
exact binary number it is, Fraction(0.1) = 3602879701896397/36028797018963968, not as the
decimal it prints as. Write "0.1" (a string) or Fraction(1, 10) for one tenth.

Out: rationals arrive as (numerator, denominator) Python ints, built from hexadecimal text
(no limit on their size: Python's int <-> decimal str conversion limit does not apply).
"""

import decimal
import numbers
from fractions import Fraction

from . import _incert
from ._errors import InputError

try:  # numpy is a dependency of the package, but keep the number layer usable without it
    import numpy as _np
except ImportError:  # pragma: no cover
    _np = None


def fraction(pair):
    """Fraction from a canonical (numerator, denominator) pair."""
    num, den = pair
    try:
        return Fraction(num, den, _normalize=False)  # Python <= 3.11
    except TypeError:  # pragma: no cover
        return Fraction(num, den)


def _hex(n):
    return format(n, "x")


def _ratio_text(num, den):
    if den == 1 and num.bit_length() < 4000:
        return str(num)
    return _incert.exact_text(_hex(num), _hex(den))


def to_fraction(x, field="value"):
    """The exact rational value of x (str, int, Fraction, Decimal, float, numpy scalars)."""
    if isinstance(x, Fraction):
        return x
    if isinstance(x, str):
        num, den = _incert.parse_exact(x, field)
        return fraction((num, den))
    text = exact_text(x, field)
    return fraction(_incert.parse_exact(text, field))


def exact_text(x, field):
    """x as exact text for the loader; floats exactly (as binary numbers).

    Non-finite floats and Decimals become "nan"/"inf" text, which the loader rejects naming the
    field; an object that is no number raises InputError here, naming the field too.
    """
    if isinstance(x, str):
        return x
    if isinstance(x, bool) or (_np is not None and isinstance(x, _np.bool_)):
        raise InputError.of(field, f"expected a number, found a bool ({x!r})")
    if isinstance(x, numbers.Integral):
        n = int(x)
        return _ratio_text(n, 1)
    if isinstance(x, Fraction):
        return _ratio_text(x.numerator, x.denominator)
    if isinstance(x, float) or (_np is not None and isinstance(x, _np.floating)):
        try:
            num, den = x.as_integer_ratio()  # exact, numpy long double included
        except (OverflowError, ValueError):
            return repr(float(x))  # "nan", "inf", "-inf": the loader rejects them naming the field
        return _ratio_text(int(num), int(den))
    if isinstance(x, decimal.Decimal):
        return str(x)  # exact ("1E-100000"); NaN / Infinity rejected by the loader
    if isinstance(x, numbers.Rational):
        return _ratio_text(int(x.numerator), int(x.denominator))
    if type(x).__module__.startswith("mpmath") and hasattr(x, "_mpf_"):  # mpmath.mpf, exactly
        import mpmath

        if mpmath.isnan(x) or mpmath.isinf(x):
            return repr(float(x))
        man, exp = (int(v) for v in x.man_exp)
        return _ratio_text(man << exp, 1) if exp >= 0 else _ratio_text(man, 1 << -exp)
    raise InputError.of(field, f"expected an exact number (str, int, Fraction, Decimal or float), found {type(x).__name__}")


def _is_sequence(v):
    if isinstance(v, (str, bytes, dict)):
        return False
    if _np is not None and isinstance(v, _np.ndarray):
        return v.ndim >= 1
    return isinstance(v, (list, tuple)) or (hasattr(v, "__len__") and hasattr(v, "__getitem__"))


def vector_text(v, field):
    """A vector (list, tuple, 1-D array) as a list of exact texts; anything else as one number
    (the loader then says it expected an array)."""
    if not _is_sequence(v):
        return exact_text(v, field)
    return [exact_text(x, f"{field}[{i}]") if not _is_sequence(x) else vector_text(x, f"{field}[{i}]") for i, x in enumerate(v)]


def matrix_text(M, field):
    """A matrix (nested lists, 2-D array) as nested lists of exact texts."""
    if not _is_sequence(M):
        return exact_text(M, field)
    return [vector_text(row, f"{field}[{i}]") for i, row in enumerate(M)]


def decimal_text(q):
    """An exact decimal when q's expansion terminates within 30 digits, else "p/q" (the tables'
    and sweeps' format_exact)."""
    x = q
    for d in range(31):
        if x.denominator == 1:
            s = str(x.numerator)
            neg = s.startswith("-")
            if neg:
                s = s[1:]
            if d > 0:
                if len(s) <= d:
                    s = "0" * (d + 1 - len(s)) + s
                s = s[: len(s) - d] + "." + s[len(s) - d:]
            return ("-" if neg else "") + s
        x *= 10
    return f"{q.numerator}/{q.denominator}"


def hex_pair(q):
    """(numerator, denominator) of a Fraction as hexadecimal text, for the extension."""
    return (_hex(q.numerator), _hex(q.denominator))
