"""incert: verified numerics for gradient flow on overparameterized symmetric matrix factorization.

Gradient flow on L(U) = 1/4 ||Y - U U^T||_F^2 from U(0) = alpha^(1/2) U0 drives W = U U^T along
the matrix Riccati equation dW/dt = WY + YW - 2W^2, W(0) = alpha W0 (Min & Vidal, 2025). incert
evaluates its closed form and decides the hypotheses and conclusions of Theorems 3 and 4
**rigorously**: every number is an :class:`Interval` that provably contains the true value, and
every yes/no question is a :class:`Verdict` HOLDS, FAILS or UNDECIDED (never HOLDS for something
false). The Python package is a layer over the compiled C++ library (the same results as the
``incert`` program; see python/README.md).

Quick start::

    import incert
    inst = incert.Instance(Y=["3", "2", "1"],
                           W0=[["2", "0.5", "0.3"], ["0.5", "1.5", "0.2"], ["0.3", "0.2", "1"]],
                           alpha="1e-30", epsilon="0.1")          # or incert.Instance.from_json("data/default.json")
    r = incert.check(inst)                                        # Theorem 4, certified
    r.hypotheses["alpha_small"] == incert.Verdict.HOLDS           # True
    print(r.constants.c_eps, r.intervals[0].lo)                   # [0.0010835677153149924, 0.0010835677153149925] ...
    w = incert.eval(inst, tau="0.22")                             # W(t) at t = 0.22 ln(1/alpha)
    w.W.lower, w.W.upper                                          # outward float bounds (numpy)
    df = incert.sweep(inst, "1e-1", "1e-1000", 10)                # pandas DataFrame, the CLI's columns
    fig = incert.plot.figure1(inst)                               # matplotlib Figure

Functions: :func:`check`, :func:`eval`, :func:`eval_many`, :func:`sweep`, :func:`table`, :func:`trace`, :func:`threshold`,
:func:`random_init`; module :mod:`incert.plot` (figure1, sweep, trace). Classes: :class:`Instance`,
:class:`Interval`, :class:`Verdict`, :class:`InputError`, :class:`CheckResult`,
:class:`EvalResult`, :class:`MatrixEnclosure`, :class:`RandomInitResult`.

Exact input: numbers are str ("0.1", "1e-100000", "105/151"), int, Fraction, Decimal, or float
taken as the exact binary number it is (0.1 is 3602879701896397/36028797018963968).

Long calls release the GIL and run on one worker thread; Ctrl-C raises KeyboardInterrupt at once
(the abandoned computation finishes in the background; loops stop at their next item; the next
call waits for it).
"""

import atexit as _atexit
import sys as _sys

try:
    from . import _incert
except ImportError as _e:  # pragma: no cover
    raise ImportError(
        f"incert: the compiled extension incert._incert is missing next to {__file__}: this is the source tree's "
        "package; build it (./dev.sh build) and import the built one (incert.pth does that; or "
        "PYTHONPATH=<build>/python), not python/ of the sources") from _e
from ._errors import InputError

_incert._set_input_error_class(InputError)

from ._instance import Instance  # noqa: E402
from ._interval import Interval  # noqa: E402
from ._results import (  # noqa: E402
    CheckResult,
    Conclusion,
    Constants,
    Decided,
    EpsWindow,
    EvalResult,
    IntervalK,
    MatrixEnclosure,
    RangeConclusion,
    Verdict,
    check,
    eval,
    eval_many,
)
from ._tables import RandomInitResult, log10_for_grid, random_init, sweep, table  # noqa: E402
from ._threshold import ThresholdResult, ThresholdRow, eps_window_nonempty, threshold  # noqa: E402
from ._trace import TraceResult, TraceValues, trace  # noqa: E402
from . import plot  # noqa: E402

__version__ = _incert.__version__
__git_commit__ = _incert.__git_commit__

__all__ = [
    "CheckResult", "Conclusion", "Constants", "Decided", "EpsWindow", "EvalResult", "InputError", "Instance", "Interval",
    "IntervalK", "MatrixEnclosure", "RandomInitResult", "RangeConclusion", "Verdict", "check", "eval", "eval_many",
    "log10_for_grid", "plot", "random_init", "sweep", "table", "trace", "TraceResult", "TraceValues", "__version__",
    "ThresholdResult", "ThresholdRow", "eps_window_nonempty", "threshold",
]


def _wait_at_exit():
    """No library job may be running while the process exits (C++ static destructors): wait for an
    abandoned (interrupted) computation to finish. Ctrl-C again gives up the wait."""
    if not _incert._busy():
        return
    print("incert: waiting for an interrupted computation to finish (Ctrl-C to stop waiting)", file=_sys.stderr)
    try:
        _incert._wait_idle(-1.0)
    except KeyboardInterrupt:
        pass


_atexit.register(_wait_at_exit)

# multiprocessing's fork: the child has no worker thread; it starts its own on first use.
import os as _os  # noqa: E402

if hasattr(_os, "register_at_fork"):
    _os.register_at_fork(after_in_child=_incert._after_fork_in_child)
