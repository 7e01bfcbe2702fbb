"""incert.Instance: an exact, validated instance (the file format of the README, in Python)."""

import json
import os

from . import _incert
from ._errors import InputError
from ._numbers import exact_text, fraction, matrix_text, vector_text

_INIT_KINDS = ("W0", "U0", "spectral", "gaussian")


def _object_array(rows):
    import numpy as np

    a = np.empty((len(rows), len(rows[0]) if rows else 0), dtype=object)
    for i, row in enumerate(rows):
        for j, q in enumerate(row):
            a[i, j] = fraction(q)
    return a


def _exact_document(value, path=""):
    """A JSON-like value with every non-JSON number (float, Fraction, Decimal, numpy) turned into
    exact text; ints stay JSON numbers, strings stay strings."""
    if isinstance(value, dict):
        return {str(k): _exact_document(v, f"{path}.{k}" if path else str(k)) for k, v in value.items()}
    if isinstance(value, (list, tuple)) or (hasattr(value, "tolist") and hasattr(value, "ndim") and value.ndim >= 1):
        return [_exact_document(v, f"{path}[{i}]") for i, v in enumerate(list(value))]
    if value is None or isinstance(value, (str, bool)):
        return value
    if isinstance(value, int):
        return value
    return exact_text(value, path or "(top level)")


class Instance:
    """An instance of the gradient flow, exact and validated: target Y, initialization W0,
    scale alpha and tolerance epsilon (README "Instances").

    Instance(Y=eigenvalues, eigenvectors=None, W0=... | U0=... | spectral=... | gaussian=dict(r=, seed=, scale=),
             alpha=... | log10_alpha=..., epsilon=..., Y_matrix=None, name=None, description=None)

    - ``Y``: the eigenvalues of Y (any order; sorted with their vectors); ``eigenvectors``: their
      columns (orthogonal, any lengths), identity by default. Or ``Y_matrix``: Y as a dense
      symmetric PSD matrix.
    - exactly one initialization, in the standard basis: ``W0`` (n x n, PSD), ``U0`` (n x r,
      W0 = U0 U0^T), ``spectral`` (the diagonal of W~0 in Y's eigenbasis: Theorem 3) or
      ``gaussian=dict(r=R, seed=S, scale="1")`` (U0 of standard normal draws, portable).
    - ``alpha`` (exact, > 0) or ``log10_alpha`` (alpha = 10**x, for scales like 10^(-10^9)).
    - ``epsilon`` > 0.

    Numbers are exact: str ("0.1", "1e-100000", "105/151"), int, fractions.Fraction,
    decimal.Decimal, numpy arrays of these. **A float is taken as the exact binary number it
    is** (``Instance(..., alpha=0.1)`` has alpha == Fraction(0.1) ==
    3602879701896397/36028797018963968, not 1/10): write "0.1" for one tenth.

    Validation is the library's own (the instance is assembled as the file's JSON document and
    loaded by incert::load_instance, exactly as incert::instance_builder does), so an invalid
    instance raises :class:`incert.InputError` naming the field like the command line
    (``init.W0[1][2]: ...``, ``alpha: must be positive``).

    ``Instance.from_json(path_or_dict)`` reads an instance file (or its dict).
    ``inst.replace(alpha=..., log10_alpha=..., epsilon=...)`` gives a copy with those changed.

    Read-only attributes (exact): n, K (rank of Y), sigma (eigenvalues, decreasing; None for a
    dense Y), eigenvectors, Y_matrix, init ("W0", "U0" or "spectral"; a Gaussian init is "U0"
    with ``gaussian`` set), W0, U0 (numpy object arrays of Fractions), spectral, gaussian,
    alpha (Fraction, or None when given by its logarithm), log10_alpha, alpha_text, epsilon, source.
    """

    __slots__ = ("_c", "_info")

    def __init__(self, Y=None, *, eigenvectors=None, Y_matrix=None, W0=None, U0=None, spectral=None, gaussian=None,
                 alpha=None, log10_alpha=None, epsilon=None, name=None, description=None, source="(built in Python)"):
        doc = {}
        target = {}
        if Y is not None:
            target["eigenvalues"] = vector_text(Y, "Y.eigenvalues")
        if eigenvectors is not None:
            target["eigenvectors"] = matrix_text(eigenvectors, "Y.eigenvectors")
        if Y_matrix is not None:
            target["matrix"] = matrix_text(Y_matrix, "Y.matrix")
        if target:
            doc["Y"] = target
        init = {}
        if W0 is not None:
            init["W0"] = matrix_text(W0, "init.W0")
        if U0 is not None:
            init["U0"] = matrix_text(U0, "init.U0")
        if spectral is not None:
            init["spectral"] = vector_text(spectral, "init.spectral")
        if gaussian is not None:
            if not isinstance(gaussian, dict):
                raise InputError.of("init.gaussian", "expected a dict(r=R, seed=S, scale=X)")
            g = {}
            for key, v in gaussian.items():
                field = f"init.gaussian.{key}"
                if key in ("r", "seed") and isinstance(v, int) and not isinstance(v, bool):
                    g[key] = int(v)  # a JSON number: the loader checks the range
                else:
                    g[key] = exact_text(v, field)
            init["gaussian"] = g
        if init:
            doc["init"] = init
        if alpha is not None and log10_alpha is not None:
            raise InputError.of("alpha", "give alpha or log10_alpha, not both")
        if alpha is not None:
            doc["alpha"] = exact_text(alpha, "alpha")
        if log10_alpha is not None:
            doc["alpha"] = {"log10": exact_text(log10_alpha, "alpha.log10")}
        if epsilon is not None:
            doc["epsilon"] = exact_text(epsilon, "epsilon")
        if name is not None:
            doc["name"] = str(name)
        if description is not None:
            doc["description"] = str(description)
        self._c = _incert.load_document(json.dumps(doc), str(source))
        self._info = None

    @classmethod
    def _wrap(cls, c):
        obj = object.__new__(cls)
        obj._c = c
        obj._info = None
        return obj

    @classmethod
    def from_json(cls, path_or_dict, source=None):
        """An instance from a JSON file (path: str or os.PathLike) or from its document as a dict.

        The file is read by incert::load_instance_file (numbers exactly from their text); in a
        dict, str and int are taken as they are and floats, Fractions, Decimals exactly (a float
        as its binary value, as everywhere in this package). ``source`` names it in reports
        (default: the path, or "(dict)")."""
        if isinstance(path_or_dict, dict):
            doc = _exact_document(path_or_dict)
            return cls._wrap(_incert.load_document(json.dumps(doc), source or "(dict)"))
        if isinstance(path_or_dict, (str, bytes, os.PathLike)):
            path = os.fsdecode(path_or_dict)
            inst = cls._wrap(_incert.load_file(path))
            return inst
        raise TypeError(f"Instance.from_json: expected a path or a dict, got {type(path_or_dict).__name__}")

    def replace(self, *, alpha=None, log10_alpha=None, epsilon=None):
        """A copy with alpha (or log10_alpha) and/or epsilon replaced (validated: InputError on
        field alpha, alpha.log10 or epsilon)."""
        if alpha is not None and log10_alpha is not None:
            raise InputError.of("alpha", "give alpha or log10_alpha, not both")
        a = None if alpha is None else exact_text(alpha, "alpha")
        l10 = None if log10_alpha is None else exact_text(log10_alpha, "alpha.log10")
        e = None if epsilon is None else exact_text(epsilon, "epsilon")
        return Instance._wrap(_incert.replace_scalars(self._c, a, l10, e, None))

    def _with_log10_alpha(self, l, label):
        return Instance._wrap(_incert.replace_scalars(self._c, None, f"{l.numerator}/{l.denominator}", None, label))

    # ---- attributes ---------------------------------------------------------------------

    def _d(self):
        if self._info is None:
            self._info = self._c.describe()
        return self._info

    n = property(lambda self: self._d()["n"], doc="dimension of Y")
    K = property(lambda self: self._d()["K"], doc="rank of Y (number of non-zero eigenvalues)")
    source = property(lambda self: self._d()["source"], doc="file name (or description) used in reports")
    init = property(lambda self: self._d()["init"], doc='"W0", "U0" or "spectral" (a Gaussian init is "U0")')
    alpha_text = property(lambda self: self._d()["alpha_text"], doc="alpha as written (reports)")
    dense_target = property(lambda self: self._d()["dense_target"], doc="Y given as a dense matrix")

    @property
    def sigma(self):
        """Eigenvalues of Y, decreasing (zeros last), exact; None for a dense Y (known only
        through certified enclosures)."""
        s = self._d()["sigma"]
        return None if s is None else [fraction(q) for q in s]

    @property
    def eigenvectors(self):
        """Y's eigenvector columns as given (not normalised), permuted with sigma; None for the
        identity or a dense Y."""
        P = self._d()["eigenvectors"]
        return None if P is None else _object_array(P)

    @property
    def Y_matrix(self):
        """The dense Y, when given so."""
        Y = self._d()["Y_matrix"]
        return None if Y is None else _object_array(Y)

    @property
    def W0(self):
        """W0 in the standard basis (None for a spectral init)."""
        W = self._d()["W0"]
        return None if W is None else _object_array(W)

    @property
    def U0(self):
        """U0 (n x r) for a U0 or Gaussian init."""
        U = self._d()["U0"]
        return None if U is None else _object_array(U)

    @property
    def spectral(self):
        """The diagonal of W~0 for a spectral init."""
        s = self._d()["spectral"]
        return None if s is None else [fraction(q) for q in s]

    @property
    def gaussian(self):
        """dict(r=, seed=, scale=Fraction, scale_text=) for a Gaussian init, else None."""
        g = self._d()["gaussian"]
        if g is None:
            return None
        return {"r": g["r"], "seed": g["seed"], "scale": fraction(g["scale"]), "scale_text": g["scale_text"]}

    @property
    def alpha(self):
        """alpha exactly, or None when it is given by its logarithm (see log10_alpha)."""
        a = self._d()["alpha"]
        return None if a is None else fraction(a)

    @property
    def log10_alpha(self):
        """log10(alpha) when alpha is given by it, else None."""
        a = self._d()["log10_alpha"]
        return None if a is None else fraction(a)

    @property
    def epsilon(self):
        """The tolerance eps, exactly."""
        return fraction(self._d()["epsilon"])

    def approx_sigma(self):
        """Eigenvalues of Y as floats (for drawing only): exact ones rounded, or a dense Y's from
        numpy."""
        s = self.sigma
        if s is not None:
            return [float(q) for q in s]
        import numpy as np

        Y = np.array(self.Y_matrix, dtype=float)
        return sorted(np.linalg.eigvalsh(Y).tolist(), reverse=True)

    def __repr__(self):
        a = self.alpha_text
        return f"<incert.Instance n={self.n} K={self.K} init={self.init}{' (gaussian)' if self.gaussian else ''} alpha={a} epsilon={self.epsilon} source={self.source!r}>"


def as_instance(x):
    """An Instance from an Instance, a path or a dict."""
    if isinstance(x, Instance):
        return x
    if isinstance(x, (dict, str, bytes, os.PathLike)):
        return Instance.from_json(x)
    raise TypeError(f"expected an incert.Instance, a path or a dict, got {type(x).__name__}")


__all__ = ["Instance", "as_instance"]
