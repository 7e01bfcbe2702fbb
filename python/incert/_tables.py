"""incert.sweep, incert.table, incert.random_init: the CLI's tables as pandas DataFrames.

Each is the library's check per row (per cell), assembled here with the columns of the CLI's
CSV: `incert sweep` (src/sweep.cpp), `incert table` (src/table.cpp, src/table_grid.cpp) and
`incert random-init` (src/random_init.cpp). Ctrl-C stops between rows (and within a row, see
incert.check).
"""

import hashlib
import json
import math
import os
from collections import OrderedDict
from fractions import Fraction

from . import _incert
from ._errors import InputError
from ._instance import Instance, _exact_document, as_instance
from ._interval import Interval, wrap
from ._numbers import decimal_text, exact_text, fraction, hex_pair, to_fraction
from ._results import Verdict, _precisions, check, digits_or_all

# ---- sweep ------------------------------------------------------------------------------

_SWEEP_DIGITS = 16
_SWEEP_K_COLUMNS = ("start_lo", "start_hi", "end_lo", "end_hi", "start_over_log_lo", "start_over_log_hi", "end_over_log_lo",
                    "end_over_log_hi", "nonempty", "error_mid_hi", "verdict_mid", "error_max_hi", "verdict_over")


def _positive(x, field):
    q = to_fraction(exact_text(x, field), field)
    if q <= 0:
        raise InputError.of(field, f"must be positive, got {exact_text(x, field)}")
    return q


def log10_for_grid(a):
    """log10 of a positive rational as `incert sweep` takes it: exact for a power of ten, else
    rounded to 40 significant digits (an exact rational)."""
    return fraction(_incert.log10_for_grid(*hex_pair(Fraction(a))))


def _decimal_17(q):
    exact = decimal_text(q)
    if "/" not in exact:
        return exact
    return _incert.format_rational(*hex_pair(q), 17, "nearest", 128)


def _rounded_3(x):
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    if math.isnan(x):
        return "nan"
    return f"{x:.3g}"


def _sweep_cell(iv, hi, as_text):
    if iv is None:
        return "" if as_text else math.nan
    if as_text:
        lo_s, hi_s = iv.format(_SWEEP_DIGITS)
        return hi_s if hi else lo_s
    return iv.float_bounds()[1 if hi else 0]


def sweep(inst, alpha_from, alpha_to, points, precision=128, max_precision=None, scalar="mpfi", as_text=False):
    """The check at `points` log-spaced alphas from alpha_from to alpha_to (the instance's own
    alpha is ignored), one row per alpha: ``incert sweep FILE --alpha-from A --alpha-to B
    --points N`` as a pandas DataFrame with the same columns as its CSV:

    log10_alpha, log10_alpha_exact, theorem, precision_bits, seconds, max_relative_width, epsilon,
    log10_alpha_star_hyp_lo/_hi, one column per hypothesis (its verdict), and per k:
    I{k}_start_lo/_hi, I{k}_end_lo/_hi, I{k}_start_over_log_lo/_hi, I{k}_end_over_log_lo/_hi (the
    ends of I_k and the same over ln(1/alpha)), I{k}_nonempty, I{k}_error_mid_hi (certified upper
    bound of ||W(t) - Y^_k||_2 at the middle of I_k), I{k}_verdict_mid, I{k}_error_max_hi (certified
    upper bound over the whole of I_k), I{k}_verdict_over.

    Values: with ``as_text=False`` (default) bounds are floats rounded outward (_lo down, _hi
    up; inf for the unbounded end of I_K, NaN where I_k is not available), log10_alpha a float
    and log10_alpha_exact the exact Fraction used, verdicts strings; with ``as_text=True`` every
    cell is the CLI's CSV text (outward decimals with 16 digits). ``df.attrs["checks"]`` holds
    the CheckResult of every row (exact enclosures).

    The grid is the CLI's: log10 of each end exact when it is a power of ten, else rounded to
    40 digits; alpha = 10^(l) exactly for each grid point l.
    """
    import pandas as pd

    inst = as_instance(inst)
    a0, a1 = _positive(alpha_from, "alpha_from"), _positive(alpha_to, "alpha_to")
    if isinstance(points, bool) or not isinstance(points, int) or points < 2:
        raise InputError.of("points", f"expected a whole number >= 2, got {points!r}")
    precision, max_precision = _precisions(precision, max_precision)
    l0, l1 = log10_for_grid(a0), log10_for_grid(a1)
    grid, results = [], []
    for j in range(points):
        l = l0 + (l1 - l0) * Fraction(j, points - 1)
        grid.append(l)
        point = inst._with_log10_alpha(l, "10^(" + decimal_text(l) + ")")
        results.append(check(point, precision=precision, max_precision=max_precision, scalar=scalar))
    K = inst.K
    hyp_names = list(results[0].hypotheses)
    columns = ["log10_alpha", "log10_alpha_exact", "theorem", "precision_bits", "seconds", "max_relative_width", "epsilon",
               "log10_alpha_star_hyp_lo", "log10_alpha_star_hyp_hi"] + hyp_names
    for k in range(1, K + 1):
        columns += [f"I{k}_{c}" for c in _SWEEP_K_COLUMNS]
    rows = []
    for l, c in zip(grid, results):
        if as_text:
            row = [_decimal_17(l), decimal_text(l), str(c.theorem), str(c.precision_bits), _rounded_3(c.seconds),
                   _rounded_3(c.max_relative_width)]
        else:
            row = [float(l), l, c.theorem, c.precision_bits, c.seconds, c.max_relative_width]
        row += [decimal_text(inst.epsilon) if as_text else float(inst.epsilon),
                _sweep_cell(c.log10_alpha_star_hyp, False, as_text), _sweep_cell(c.log10_alpha_star_hyp, True, as_text)]
        row += [c.hypotheses[h].verdict.value if h in c.hypotheses else ("" if as_text else None) for h in hyp_names]
        for k in range(1, K + 1):
            I = c.interval(k)
            mid = next((x for x in c.conclusions if x.k == k and x.where == "mid"), None)
            over = next((x for x in c.over_interval if x.k == k and x.over == "interval"), None)
            if over is None or over.error_upper_text(_SWEEP_DIGITS) is None:
                error_max = "" if as_text else math.nan
            else:
                error_max = (over.error_upper_text(_SWEEP_DIGITS) if as_text  # numeric: a float >= the printed bound
                             else math.nextafter(float(Fraction(over.error_upper_text(_SWEEP_DIGITS))), math.inf))
            if I is None:
                row += ["" if as_text else (None if name in ("nonempty", "verdict_mid") else math.nan) for name in _SWEEP_K_COLUMNS]
                continue
            inf = "inf" if as_text else math.inf
            row += [_sweep_cell(I.lo, False, as_text), _sweep_cell(I.lo, True, as_text),
                    inf if I.unbounded else _sweep_cell(I.hi, False, as_text), inf if I.unbounded else _sweep_cell(I.hi, True, as_text),
                    _sweep_cell(I.lo_over_log_inv_alpha, False, as_text), _sweep_cell(I.lo_over_log_inv_alpha, True, as_text),
                    inf if I.unbounded else _sweep_cell(I.hi_over_log_inv_alpha, False, as_text),
                    inf if I.unbounded else _sweep_cell(I.hi_over_log_inv_alpha, True, as_text),
                    I.nonempty.value,
                    _sweep_cell(mid.error, True, as_text) if mid is not None else ("" if as_text else math.nan),
                    mid.verdict.value if mid is not None else ("" if as_text else None),
                    error_max, over.verdict.value if over is not None else ("" if as_text else None)]
        rows.append(row)
    df = pd.DataFrame(rows, columns=columns)
    df.attrs["instance"] = inst.source
    df.attrs["checks"] = results
    return df


# ---- table ------------------------------------------------------------------------------

class _Num(str):
    """A JSON number, kept as its text."""


def _kind(v):
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "boolean"
    if isinstance(v, _Num) or isinstance(v, (int, float)):
        return "number"
    if isinstance(v, str):
        return "string"
    if isinstance(v, list):
        return "array"
    if isinstance(v, dict):
        return "object"
    return type(v).__name__


class _GridReader:
    """src/table_grid.cpp's reader: the same fields, checks and messages."""

    def __init__(self, file):
        self.file = file

    def bad(self, field, problem):
        raise InputError.of(f"{self.file}: {field}", problem)

    def text_of(self, v):
        return str(v) if isinstance(v, str) else exact_text(v, "value")

    def number(self, v, field):
        if isinstance(v, _Num):
            text, is_string = str(v), False
        elif isinstance(v, str):
            text, is_string = v, True
        elif isinstance(v, (int, float, Fraction)) and not isinstance(v, bool):
            text, is_string = exact_text(v, field), True
        else:
            self.bad(field, f"expected a number (string such as \"0.1\" or \"105/151\"), found {_kind(v)}")
        try:
            return fraction(_incert.read_number(text, is_string, field, True))
        except InputError as e:
            self.bad(field, e.problem)

    def whole(self, v, field, lo, hi):
        q = self.number(v, field)
        if q.denominator != 1 or q < lo or q > hi:
            self.bad(field, f"expected a whole number from {lo} to {hi}, got {self.text_of(v)}")
        return int(q)

    def array(self, root, key):
        if key not in root:
            self.bad(key, "missing field")
        v = root[key]
        if not isinstance(v, list):
            self.bad(key, f"expected an array, found {_kind(v)}")
        if not v:
            self.bad(key, "must not be empty")
        return v


class _GridAlpha:
    __slots__ = ("value", "log10", "label", "order", "text")


def _read_grid(grid, base_dir=None):
    """The grid of `incert table`: dict with instance paths, alphas, eps, options."""
    if isinstance(grid, dict):
        path = "(dict)"
        root = json.loads(json.dumps(_exact_document(grid)), parse_float=_Num, parse_int=_Num)
        base = base_dir if base_dir is not None else ""
    else:
        path = os.fsdecode(grid)
        try:
            with open(path, "rb") as f:
                raw = f.read()
        except OSError:
            raise InputError.of(path, "cannot read file") from None
        text = raw.decode("utf-8", errors="surrogateescape")
        try:
            _incert.check_json(raw.decode("utf-8", errors="replace"), path)
            root = json.loads(text, parse_float=_Num, parse_int=_Num)
        except ValueError as e:
            if isinstance(e, InputError):
                raise
            raise InputError.of(path, f"JSON syntax error: {e}") from None
        base = base_dir if base_dir is not None else os.path.dirname(path)
    rd = _GridReader(path)
    if not isinstance(root, dict):
        rd.bad("(top level)", f"expected an object, found {_kind(root)}")
    known = {"instances", "alphas", "eps", "scalar", "precision", "max_precision", "digits", "name", "description"}
    for key in root:
        if key not in known:
            rd.bad(key, "unknown field")
    g = {"path": path, "instance_paths": [], "instance_labels": [], "alphas": [], "log_grid": False, "eps": [],
         "scalar": "mpfi", "precision": 128, "max_precision": 4096, "digits": 5}
    stems = {}
    for i, v in enumerate(rd.array(root, "instances")):
        field = f"instances[{i}]"
        if not isinstance(v, str) or isinstance(v, _Num) or not v:
            rd.bad(field, "expected a file path (string)")
        p = v if os.path.isabs(v) else os.path.join(base, v)
        resolved = os.path.normpath(p).replace(os.sep, "/") if p else p
        if resolved in g["instance_paths"]:
            rd.bad(field, "duplicate instance " + resolved)
        g["instance_paths"].append(resolved)
        stem = os.path.splitext(os.path.basename(p))[0]
        g["instance_labels"].append(stem)
        stems[stem] = stems.get(stem, 0) + 1
    g["instance_labels"] = [p if stems[s] > 1 else s for s, p in zip(g["instance_labels"], g["instance_paths"])]

    if "alphas" not in root:
        rd.bad("alphas", "missing field")
    a = root["alphas"]
    if isinstance(a, dict):
        g["log_grid"] = True
        for key in a:
            if key not in ("log10_from", "log10_to", "points"):
                rd.bad("alphas." + key, "unknown field")
        for key in ("log10_from", "log10_to", "points"):
            if key not in a:
                rd.bad("alphas." + key, "missing field")
        lo = rd.number(a["log10_from"], "alphas.log10_from")
        hi = rd.number(a["log10_to"], "alphas.log10_to")
        points = rd.whole(a["points"], "alphas.points", 2, 10000)
        if lo == hi:
            rd.bad("alphas.log10_to", "equals log10_from: the grid would repeat one alpha")
        ls = [lo + (hi - lo) * Fraction(j, points - 1) for j in range(points)]
        for l, label in zip(ls, _log_grid_labels(ls)):
            ga = _GridAlpha()
            ga.value, ga.log10 = None, l
            ga.text = "10^(" + decimal_text(l) + ")"
            ga.label = label
            ga.order = l
            g["alphas"].append(ga)
    elif isinstance(a, list):
        arr = rd.array(root, "alphas")
        for i, v in enumerate(arr):
            field = f"alphas[{i}]"
            ga = _GridAlpha()
            ga.order = rd.number(v, field)
            if ga.order <= 0:
                rd.bad(field, "must be positive, got " + rd.text_of(v))
            for j, other in enumerate(g["alphas"]):
                if other.order == ga.order:
                    rd.bad(field, f"duplicate of alphas[{j}]")
            ga.value, ga.log10 = ga.order, None
            ga.text = ga.label = rd.text_of(v)
            g["alphas"].append(ga)
    else:
        rd.bad("alphas", "expected an array of exact decimals or {\"log10_from\", \"log10_to\", \"points\"}, found " + _kind(a))

    for i, v in enumerate(rd.array(root, "eps")):
        field = f"eps[{i}]"
        value = rd.number(v, field)
        label = rd.text_of(v)
        if value <= 0:
            rd.bad(field, "must be positive, got " + label)
        for j, (other, _) in enumerate(g["eps"]):
            if other == value:
                rd.bad(field, f"duplicate of eps[{j}]")
        g["eps"].append((value, label))

    if "scalar" in root:
        s = root["scalar"]
        if not isinstance(s, str) or isinstance(s, _Num) or s not in ("mpfi", "interval", "mpfr", "double", "long-double"):
            rd.bad("scalar", "expected one of \"mpfi\", \"interval\", \"mpfr\", \"double\", \"long-double\"")
        g["scalar"] = s
    max_given = False
    if "precision" in root:
        g["precision"] = rd.whole(root["precision"], "precision", 24, 1000000)
    if "max_precision" in root:
        g["max_precision"] = rd.whole(root["max_precision"], "max_precision", 24, 1000000)
        max_given = True
    if not max_given and g["max_precision"] < g["precision"]:
        g["max_precision"] = g["precision"]
    if g["max_precision"] < g["precision"]:
        rd.bad("max_precision", "is below precision")
    if "digits" in root:
        g["digits"] = rd.whole(root["digits"], "digits", 2, 100)
    for key in ("name", "description"):
        if key in root and (not isinstance(root[key], str) or isinstance(root[key], _Num)):
            rd.bad(key, "expected a string")
    return g


def _verdict_cell(v, certified):
    return v.json(certified)


def _enclosure_cell(iv, D):
    if iv is None:
        return "n/a"
    lo, hi = iv.format(D)
    return "~" + lo if iv.approx else f"[{lo}, {hi}]"


def _hypotheses_cell(r):
    fails = [h.name for h in r.hypotheses.values() if h.verdict is Verdict.FAILS]
    undecided = [h.name for h in r.hypotheses.values() if h.verdict is Verdict.UNDECIDED]
    if not fails and not undecided:
        return "all hold" if r.certified else "all approx_hold"
    s = ""
    if fails:
        s += ("fails: " if r.certified else "approx_fails: ") + ", ".join(fails)
    if undecided:
        s += ("; " if s else "") + "undecided: " + ", ".join(undecided)
    return s


def _inside_cell(w, D):
    lo, hi = w._inside_lo, w._inside_hi
    if hi is None:
        return "[" + lo.format_up(D) + ", inf)"
    for d in range(D, 81):
        a, b = lo.format_up(d), hi.format_down(d)
        if Fraction(a) <= Fraction(b):
            return f"[{a}, {b}]"
    return "n/a"


def _extras(r, k, D):
    x = dict(error_upper="n/a", value="n/a", pieces="n/a", window_found="n/a", window_first="n/a", window_last="n/a",
             window_inside="n/a", window_certified=False, window_open=True)
    for o in r.over_interval:
        if o.k != k:
            continue
        if o.error_upper is not None:
            x["error_upper"] = o.error_upper_text(D)
        x["value"] = _verdict_cell(o.verdict, r.certified)
        x["pieces"] = str(o.pieces)
    for w in r.eps_windows:
        if w.k != k:
            continue
        x["window_found"] = _verdict_cell(w.found, r.certified)
        x["window_certified"] = r.certified and w._inside_lo is not None
        x["window_open"] = not x["window_certified"] and not (r.certified and w.found is Verdict.FAILS)
        if w.found is Verdict.HOLDS:
            x["window_first"] = _enclosure_cell(w.first, D)
            x["window_last"] = "inf" if w.last_infinite else _enclosure_cell(w.last, D)
        if w._inside_lo is not None:
            x["window_inside"] = _inside_cell(w, D)
    return x


_ROW_COLUMNS = ["instance", "eps", "alpha", "k", "theorem", "precision_bits", "hypotheses", "I_start", "I_end", "I_nonempty",
                "error_upper", "verdict", "pieces", "window_found", "window_first", "window_last", "window_inside", "alpha_star_hyp"]
_SUMMARY_COLUMNS = ["instance", "eps", "theorem", "alpha_star_hyp", "log10_alpha_star_hyp", "alpha_true", "log10_ratio", "ratio",
                    "alpha_grid", "certified_alphas", "note"]


def _summary_row(label, eps_label, cells, threshold, D):
    """threshold: (alpha_true bracket text, log10 ratio, ratio, note) of _incert.every_k_threshold, or None."""
    star = next((c["report"] for c in cells if c["report"].log10_alpha_star_hyp is not None and c["report"].alpha_star_hyp is not None), None)
    best, certified = None, 0
    for c in cells:
        if c["all_windows"]:
            certified += 1
            if best is None or best["alpha"].order < c["alpha"].order:
                best = c
    larger_undecided, is_largest = False, best is not None
    for c in cells:
        if best is not None and best["alpha"].order < c["alpha"].order:
            is_largest = False
            larger_undecided = larger_undecided or c["any_undecided"]
        if best is None:
            larger_undecided = larger_undecided or c["any_undecided"]
    rigorous = bool(cells) and cells[0]["report"].certified
    row = [label, eps_label, str(cells[0]["report"].theorem) if cells else "n/a",
           _enclosure_cell(star.alpha_star_hyp, D) if star else "n/a",
           _enclosure_cell(star.log10_alpha_star_hyp, D) if star else "n/a"]
    if threshold is not None:
        bracket, log10_ratio, ratio, threshold_note = threshold
        row += [bracket, _enclosure_cell(wrap(log10_ratio), D), _enclosure_cell(wrap(ratio), D)]
    else:
        row += ["n/a", "n/a", "n/a"]
        threshold_note = ""
    row += ["n/a" if not rigorous else best["alpha"].label if best else "none",
            f"{certified} of {len(cells)}" if rigorous else "n/a"]
    if not rigorous:
        note = "not certified (non-rigorous scalar)"
    elif best is None:
        note = "no grid alpha certified; some undecided" if larger_undecided else "no grid alpha certified"
    elif is_largest:
        note = "largest grid alpha certified"
    elif larger_undecided:
        note = "undecided at a larger grid alpha"
    else:
        note = ""
    if threshold_note:
        note = (note + "; " if note else "") + threshold_note
    row.append(note or "-")
    return row


_NOTES = [
    "enclosures are printed as [lo, hi], lo rounded down and hi rounded up to {D} significant digits: the exact value lies in "
    "between; ~x is an approximation (non-rigorous scalar); n/a: not available",
    "each instance file's alpha and epsilon are replaced by the grid's",
    "hypotheses: all hold, or those that fail / are undecided (names as in incert check)",
    "I_start, I_end: the endpoints of the theorem's interval I_k (paper eq. 16); I_end = inf for k = K",
    "error_upper: certified upper bound (rounded up) on max over t in I_k of ||W(t) - Y^_k||_2; verdict: is it <= eps on "
    "the whole of I_k; pieces: the subintervals of I_k used",
    "window_found: holds when a time t with ||W(t) - Y^_k||_2 <= eps is certified, fails when it is certified that there is "
    "none; window_first, window_last: enclosures of the first and last such time (inf: the set is unbounded); "
    "window_inside: a time interval on which ||W(t) - Y^_k||_2 <= eps is certified at every t, printed inward (lo rounded up, "
    "hi rounded down)",
    "alpha_star_hyp: the largest alpha at which every hypothesis of the theorem holds",
    "alpha_true in [alpha_lo, alpha_hi] (incert threshold, for every k at once): every eps-window E_k(alpha) = {t : "
    "||W_alpha(t) - Y^_k||_2 <= eps} is certified non-empty for EVERY alpha in (0, alpha_lo], and some E_k is certified "
    "empty at alpha_hi (inf: none is); ratio = alpha_lo / alpha_star_hyp, a certified lower bound of how conservative the "
    "theorem's hypotheses are; alpha_grid: the largest grid alpha at which every k has a window_inside",
    "alpha: as the grid gives it; a log-grid alpha 10^l is printed as 10^l rounded to nearest (6 or more significant digits, "
    "enough to tell the grid points apart); the computation uses 10^l exactly",
    "CSV: an enclosure column X is written as two columns X_lo, X_hi (inf for an unbounded end), and n/a or none in a "
    "numeric column as an empty cell",
]

# The CSV form of the columns (src/table.cpp, src/table_write.cpp csv_section): enclosure columns
# split into _lo/_hi, words in numeric columns emptied.
_ROW_ENCLOSURES = {"I_start", "I_end", "window_first", "window_last", "window_inside", "alpha_star_hyp"}
_ROW_NUMBERS = {"eps", "alpha", "k", "theorem", "precision_bits", "error_upper", "pieces"}
_SUMMARY_ENCLOSURES = {"alpha_star_hyp", "log10_alpha_star_hyp", "alpha_true", "log10_ratio", "ratio"}
_SUMMARY_NUMBERS = {"eps", "theorem", "alpha_grid"}


def _numeric_text(s):
    try:
        float(s)
    except (TypeError, ValueError):
        return False
    return bool(s) and s.strip() == s and s.lower() not in ("nan", "-nan", "+nan", "infinity", "-infinity", "+infinity")


def _enclosure_ends(cell):
    if cell == "inf":
        return "inf", "inf"
    if len(cell) > 1 and cell[0] == "~" and _numeric_text(cell[1:]):
        return cell[1:], cell[1:]
    comma = cell.find(", ")
    if len(cell) > 4 and cell[0] == "[" and comma >= 0 and cell[-1] in "])":
        lo, hi = cell[1:comma], cell[comma + 2:-1]
        if _numeric_text(lo) and _numeric_text(hi):
            return lo, hi
    return "", ""


def _csv_form(columns, rows, enclosures, numbers):
    header = []
    for c in columns:
        header += [c + "_lo", c + "_hi"] if c in enclosures else [c]
    out = []
    for row in rows:
        cells = []
        for c, x in zip(columns, row):
            if c in enclosures:
                cells += list(_enclosure_ends(str(x)))
            elif c in numbers and not isinstance(x, int) and not _numeric_text(str(x)):
                cells.append("")
            else:
                cells.append(x)
        out.append(cells)
    return header, out


def _log_grid_labels(ls):
    """lib/alpha_grid.cpp log_grid_labels: "1eN" for whole N, else 10^l to nearest with the fewest
    digits from 6 to 17 that keep distinct points apart."""
    for digits in range(6, 18):
        out = [f"1e{l.numerator}" if l.denominator == 1 else _power_of_ten_text(l, digits) for l in ls]
        seen = {}
        if all(seen.setdefault(t, l) == l for t, l in zip(out, ls)) or digits == 17:
            return out


def _power_of_ten_text(l, digits):
    """10^l rounded to nearest to `digits` significant digits, scientific notation (lib/alpha_grid.cpp)."""
    import decimal
    e = l.numerator // l.denominator
    f = l - e
    with decimal.localcontext() as ctx:
        ctx.prec = 80
        m = decimal.Decimal(10) ** (decimal.Decimal(f.numerator) / decimal.Decimal(f.denominator))
        ctx.prec = digits
        ctx.rounding = decimal.ROUND_HALF_EVEN
        m = +m
    sign, ds, exp = m.as_tuple()
    s = "".join(map(str, ds)).rstrip("0") or "0"
    e10 = len(ds) + exp  # m = 0.ds * 10^e10
    return s[0] + ("." + s[1:] if len(s) > 1 else "") + "e" + str(e + e10 - 1)


def table(grid, digits=None, base_dir=None):
    """Certified tables over a grid of instances x alphas x eps: ``incert table GRID.json``.

    `grid` is a grid file (path) or its dict: {"instances": [paths], "alphas": [...] or
    {"log10_from", "log10_to", "points"}, "eps": [...], "scalar", "precision", "max_precision",
    "digits"} (README "Tables"); instance paths are relative to the grid file (to `base_dir`, or
    the current directory, for a dict); each instance's alpha and epsilon are replaced. The grid
    is validated as the CLI validates it (InputError naming "GRID: field").

    Returns the rows DataFrame, one row per (instance, eps, alpha, k), with the columns and
    cells of the CSV's rows section (text, rounded outward to the grid's digits, or `digits`;
    each enclosure as two columns X_lo, X_hi, empty when not available):
    instance, eps, alpha, k, theorem, precision_bits, hypotheses, I_start_lo/_hi, I_end_lo/_hi,
    I_nonempty, error_upper, verdict, pieces, window_found, window_first_lo/_hi, window_last_lo/_hi,
    window_inside_lo/_hi, alpha_star_hyp_lo/_hi. ``df.attrs``: "summary" (DataFrame per (instance, eps): alpha_star_hyp,
    alpha_true_lo/_hi (the certified threshold of every k, incert.threshold), log10_ratio, ratio (alpha_lo / alpha*_hyp),
    alpha_grid, certified_alphas, note; the CSV's summary section),
    "metadata", "notes", "checks" (the CheckResult of every cell, keyed (instance, eps, alpha)).
    """
    import pandas as pd

    g = _read_grid(grid, base_dir)
    D = g["digits"] if digits is None else int(digits)
    if not 2 <= D <= 100:
        raise InputError.of("digits", f"expected a whole number from 2 to 100, got {digits!r}")
    instances = []
    for i, p in enumerate(g["instance_paths"]):
        try:
            instances.append(Instance.from_json(p))
        except InputError as e:
            field = p if e.field == p else f"{p}: {e.field}"
            raise InputError.of(f"{g['path']}: instances[{i}] {field}", e.problem) from None
    rows, summary, checks = [], [], OrderedDict()
    for inst, label in zip(instances, g["instance_labels"]):
        for eps_value, eps_label in g["eps"]:
            cells = []
            for a in g["alphas"]:
                if a.log10 is not None:
                    point = Instance._wrap(_incert.replace_scalars(inst._c, None, f"{a.log10.numerator}/{a.log10.denominator}",
                                                                   exact_text(eps_value, "eps"), a.text))
                else:
                    point = Instance._wrap(_incert.replace_scalars(inst._c, exact_text(a.value, "alpha"), None,
                                                                   exact_text(eps_value, "eps"), a.text))
                rep = check(point, precision=g["precision"], max_precision=g["max_precision"], scalar=g["scalar"])
                checks[(label, eps_label, a.label)] = rep
                all_windows = rep.certified and inst.K > 0
                any_undecided = False
                for k in range(1, inst.K + 1):
                    I = rep.interval(k)
                    x = _extras(rep, k, D)
                    all_windows = all_windows and x["window_certified"]
                    any_undecided = any_undecided or x["window_open"]
                    rows.append([label, eps_label, a.label, k, rep.theorem, rep.precision_bits, _hypotheses_cell(rep),
                                 _enclosure_cell(I.lo, D) if I else "n/a",
                                 "inf" if I and I.unbounded else _enclosure_cell(I.hi, D) if I else "n/a",
                                 _verdict_cell(I.nonempty, rep.certified) if I else "n/a", x["error_upper"], x["value"],
                                 x["pieces"], x["window_found"], x["window_first"], x["window_last"], x["window_inside"],
                                 _enclosure_cell(rep.alpha_star_hyp, D)])
                cells.append({"alpha": a, "report": rep, "all_windows": all_windows, "any_undecided": any_undecided})
            rigorous = bool(cells) and cells[0]["report"].certified
            threshold = _incert.every_k_threshold(inst._c, exact_text(eps_value, "eps"), max(g["precision"], 128), D) if rigorous else None
            summary.append(_summary_row(label, eps_label, cells, threshold, D))
    header, rows = _csv_form(_ROW_COLUMNS, rows, _ROW_ENCLOSURES, _ROW_NUMBERS)
    df = pd.DataFrame(rows, columns=header)
    summary_header, summary = _csv_form(_SUMMARY_COLUMNS, summary, _SUMMARY_ENCLOSURES, _SUMMARY_NUMBERS)
    inputs = []
    for p in ([g["path"]] if g["path"] != "(dict)" else []) + g["instance_paths"]:
        with open(p, "rb") as f:
            inputs.append((p, hashlib.sha256(f.read()).hexdigest()))
    df.attrs["summary"] = pd.DataFrame(summary, columns=summary_header)
    df.attrs["metadata"] = OrderedDict([("generator", "incert.table (Python)"), ("incert_version", _incert.__version__),
                                        ("git_commit", _incert.__git_commit__), ("grid", g["path"]), ("scalar", g["scalar"]),
                                        ("precision_bits", str(g["precision"])), ("max_precision_bits", str(g["max_precision"])),
                                        ("digits", str(D)), ("inputs", inputs)])
    df.attrs["notes"] = [n.replace("{D}", str(D)) for n in _NOTES]
    df.attrs["checks"] = checks
    return df


# ---- random initialization ----------------------------------------------------------------

_MAX_DRAWS = 100000


class _DrawCount:
    """Counts of one per-draw verdict and its certified Clopper-Pearson 95% interval."""

    def __init__(self, d, n_draws):
        self.holds, self.fails, self.undecided = d["holds"], d["fails"], d["undecided"]
        self.estimate = Fraction(self.holds, n_draws)
        self.estimate_text = d["estimate"]
        lo, hi = wrap(d["cp_lower"]), wrap(d["cp_upper"])
        self.clopper_pearson = Interval._wrap(_incert.Enclosure.from_endpoints(
            _enc_endpoint(lo._e.endpoints()[0]), _enc_endpoint(hi._e.endpoints()[1]), False))
        self.clopper_pearson_text = (lo._e.format_down(10), hi._e.format_up(10))

    def count_dict(self, n_draws):
        return OrderedDict([("draws", n_draws), ("holds", self.holds), ("fails", self.fails), ("undecided", self.undecided)])

    def fraction_dict(self):
        return OrderedDict([("estimate", self.estimate_text),
                            ("clopper_pearson_95", OrderedDict(lo=self.clopper_pearson_text[0], hi=self.clopper_pearson_text[1])),
                            ("undecided_counted", "undecided draws counted as failures for lo and as successes for hi")])


class RandomInitResult:
    """The result of :func:`incert.random_init`.

    draws         DataFrame, one row per seed: seed, M (Interval or None), M_lo, M_hi (outward
                  floats), verdict ("holds" when every hypothesis of Theorem 4 holds for that
                  draw), failed, undecided (hypothesis names), precision_bits,
                  eps_window_nonempty (per k: E_k non-empty at the instance's alpha), incremental
                  (every E_k non-empty: incremental learning observed)
    holds, fails, undecided   counts of draws (hypotheses)
    estimate      Fraction holds / draws
    clopper_pearson   Interval containing the certified 95% Clopper-Pearson interval for the
                  fraction of draws where all hypotheses hold (undecided draws counted as failures
                  for its lower end and as successes for its upper end)
    clopper_pearson_text   (lo rounded down, hi rounded up) to 10 digits, as the CLI prints it
    incremental   the same for incremental learning of every k observed (.holds, .fails,
                  .undecided, .estimate, .clopper_pearson, .clopper_pearson_text)
    to_dict()     the structure of ``incert random-init FILE --seeds A..B --json``
    """

    def __init__(self, inst, seeds, precision, max_precision, d):
        import pandas as pd

        self._inst, self._seeds, self._precision, self._max_precision = inst, seeds, precision, max_precision
        self._raw = d
        rows = []
        for w in d["draws"]:
            M = wrap(w["M"])
            lo, hi = M.float_bounds() if M is not None else (math.nan, math.nan)
            rows.append([w["seed"], M, lo, hi, w["verdict"], list(w["failed"]), list(w["undecided"]), w["precision_bits"],
                         list(w["eps_window_nonempty"]), w["incremental"]])
        self.draws = pd.DataFrame(rows, columns=["seed", "M", "M_lo", "M_hi", "verdict", "failed", "undecided", "precision_bits",
                                                 "eps_window_nonempty", "incremental"])
        self.n_draws = len(rows)
        self._hypotheses = _DrawCount(d["hypotheses"], self.n_draws)
        self.incremental = _DrawCount(d["incremental"], self.n_draws)
        h = self._hypotheses
        self.holds, self.fails, self.undecided = h.holds, h.fails, h.undecided
        self.estimate, self.clopper_pearson, self.clopper_pearson_text = h.estimate, h.clopper_pearson, h.clopper_pearson_text
        self.seconds = d["seconds"]

    def to_dict(self):
        """The structure of ``incert random-init FILE --seeds A..B --json`` (seeds: from/to of
        the seeds given, which need not be contiguous here)."""
        inst = self._inst
        g = inst.gaussian
        draws = []
        for w in self._raw["draws"]:
            M = wrap(w["M"])
            if M is not None:
                lo, hi = M.format(digits_or_all(0, w["precision_bits"]))
            draws.append(OrderedDict(seed=w["seed"], M=OrderedDict(lo=lo, hi=hi) if M is not None else None, verdict=w["verdict"],
                                     failed=list(w["failed"]), undecided=list(w["undecided"]), precision_bits=w["precision_bits"],
                                     eps_window_nonempty=list(w["eps_window_nonempty"]), incremental=w["incremental"]))
        return OrderedDict([
            ("command", "random-init"), ("instance", inst.source), ("theorem", 4), ("alpha", inst.alpha_text),
            ("epsilon", decimal_text(inst.epsilon)), ("n", inst.n), ("r", g["r"]), ("scale", g["scale_text"]),
            ("seeds", OrderedDict([("from", min(self._seeds)), ("to", max(self._seeds))])), ("scalar", "mpfi"), ("certified", True),
            ("precision_bits", self._precision), ("max_precision_bits", self._max_precision), ("draws", draws),
            ("count", self._hypotheses.count_dict(self.n_draws)),
            ("fraction_all_hold", self._hypotheses.fraction_dict()),
            ("count_incremental", self.incremental.count_dict(self.n_draws)),
            ("fraction_incremental", self.incremental.fraction_dict()),
            ("seconds", float(f"{self.seconds:.3g}")),
        ])

    def __repr__(self):
        lo, hi = self.clopper_pearson_text
        ilo, ihi = self.incremental.clopper_pearson_text
        return (f"<incert.RandomInitResult {self.n_draws} draws: all hypotheses hold in {self.holds} (fail {self.fails}, "
                f"undecided {self.undecided}); Clopper-Pearson 95% [{lo}, {hi}]; incremental learning observed in "
                f"{self.incremental.holds}, Clopper-Pearson 95% [{ilo}, {ihi}]>")


def _enc_endpoint(ep):
    return ep if isinstance(ep, float) else (format(ep[0], "x"), ep[1])


def random_init(inst, seeds=range(1, 101), precision=128, max_precision=None):
    """Theorem 4's hypotheses over Gaussian initializations: ``incert random-init FILE --seeds A..B``.

    `inst` must have ``gaussian=dict(r=, seed=, scale=)`` as its init; for every seed in `seeds`
    (any iterable of whole numbers 0 <= seed < 2**64, at most 100000) U0 is drawn with that seed
    (portable: the same U0 on every platform), M of the draw certified and the hypotheses decided
    (precision doubled per draw while undecided). Returns a :class:`RandomInitResult` (draws as a
    DataFrame, counts, the certified Clopper-Pearson 95% interval). Runs as one job: Ctrl-C
    stops it at the next seed.
    """
    inst = as_instance(inst)
    precision, max_precision = _precisions(precision, max_precision)
    seed_list = []
    for i, s in enumerate(seeds):
        if isinstance(s, bool) or not isinstance(s, int) or not 0 <= int(s) < 2 ** 64:
            raise InputError.of("seeds", f"expected whole numbers 0 <= seed <= 18446744073709551615, got {s!r} at position {i}")
        seed_list.append(int(s))
        if len(seed_list) > _MAX_DRAWS:
            raise InputError.of("seeds", f"at most {_MAX_DRAWS} seeds per call")
    if not seed_list:
        raise InputError.of("seeds", "no seeds")
    d = _incert.random_init(inst._c, seed_list, precision, max_precision)
    return RandomInitResult(inst, seed_list, precision, max_precision, d)
