"""incert.plot: the paper's Figure 1, the sweep picture and the trace figure with matplotlib, from
certified enclosures.

figure1(inst, alphas=("1e-4", "1e-30", "1e-300"), eps=None, log_y=False)  -> matplotlib Figure
sweep(df)                                                                 -> matplotlib Figure
trace(result, log_y=False)                                                -> matplotlib Figure

The same drawing as ``incert plot`` / ``incert plot-sweep`` / ``incert trace --plot``: colours from
the Okabe-Ito palette with a dash pattern per curve (colour-blind safe, legible in grey-scale),
curves as bands from the certified lower to the certified upper end of each enclosure with a line
through the midpoints, certified non-empty I_k shaded in greys, the true eps-windows as bars in a
strip above each panel (solid where error <= eps is certified at every t; a thin line from the
certified first to the last time), math labels. Figures are made with the object API (no pyplot
state): they work under any backend, Agg included; restyle or save them (``fig.savefig("f.pdf")``).
"""

import math

from ._instance import as_instance
from ._results import Verdict, check, eval_many

# Okabe & Ito (2008), the CLI's palette (src/plot_svg.cpp), with one dash pattern per index.
_PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"]
_DASHES = ["-", (0, (9, 4)), (0, (2, 3)), (0, (9, 3, 2, 3)), (0, (5, 2)), (0, (1, 1)), (0, (12, 3, 2, 3, 2, 3)), (0, (4, 4))]
_GREYS = ("#e8e8e8", "#d4d4d4")  # I_k shading, alternating


def _colour(i):
    return _PALETTE[i % len(_PALETTE)]


def _dash(i):
    return _DASHES[i % len(_DASHES)]


def _mid(iv):
    lo, hi = iv.float_bounds()
    return (lo + hi) / 2


def _shade_intervals(ax, intervals, x_max):
    """Certified non-empty I_k as grey spans, labelled where wide enough."""
    from matplotlib.transforms import blended_transform_factory

    trans = blended_transform_factory(ax.transData, ax.transAxes)
    for k, a, b in intervals:
        b = x_max if not math.isfinite(b) else b
        ax.axvspan(a, b, facecolor=_GREYS[(k + 1) % 2], edgecolor="none", zorder=0)
        if b - a > 0.03 * x_max:
            ax.text((a + min(b, x_max)) / 2, 0.97, f"$I_{{{k}}}$", transform=trans, ha="center", va="top", fontsize=10, zorder=5)


def _window_strip(ax, windows, x_max, K):
    """The true eps-windows in a strip above the panel (not among the data): one row per k, a thin
    line from the certified first to the last time (dotted when the last is unknown), a solid bar
    where error <= eps is certified at every t. windows: (k, first, last, inside) with inside a
    (lo, hi) pair or None."""
    strip = ax.inset_axes([0, 1.02, 1, 0.035 * K + 0.02], sharex=ax)
    strip.set_ylim(K + 0.5, 0.5)
    strip.set_yticks(range(1, K + 1), [f"k = {k}" for k in range(1, K + 1)], fontsize=7)
    strip.tick_params(axis="x", labelbottom=False, bottom=False)
    strip.set_facecolor("#fafafa")
    for side in strip.spines.values():
        side.set_color("#cccccc")
    for k, first, last, inside in windows:
        end = x_max if not math.isfinite(last) else last
        strip.plot([first, end], [k, k], color=_colour(k - 1), linewidth=1.2, linestyle=":" if math.isnan(last) else "-")
        if inside is not None:
            lo, hi = inside
            hi = x_max if not math.isfinite(hi) else hi
            strip.barh(k, hi - lo, left=lo, height=0.6, color=_colour(k - 1), edgecolor="black", linewidth=0.4)
    return strip


def _band(ax, x, lo, hi, i, label, log_y, clip_hi=None):
    """One certified curve: the band lo..hi and a line through its midpoints (colour and dash of i)."""
    import numpy as np

    lo, hi = np.asarray(lo, dtype=float), np.asarray(hi, dtype=float)
    ok = np.isfinite(lo) & np.isfinite(hi)
    if log_y:
        ok &= hi > 0
        lo = np.where(lo > 0, lo, np.nan)
    if clip_hi is not None:
        lo, hi = np.clip(lo, 0, clip_hi), np.clip(hi, 0, clip_hi)
    ax.fill_between(x, np.where(ok & np.isfinite(lo), lo, hi), hi, where=ok, color=_colour(i), alpha=0.35, linewidth=0.6,
                    zorder=3)
    mid = np.where(ok, (np.nan_to_num(lo, nan=0.0) + hi) / 2 if not log_y else np.sqrt(np.where(np.isfinite(lo), lo, hi) * hi), np.nan)
    ax.plot(x, mid, color=_colour(i), linestyle=_dash(i), linewidth=1.8, zorder=4, label=label)


def _panel(inst, alpha, normalised, samples, precision):
    """The data of one panel (as src/plot.cpp computes it): curves of diag W~(t), the certified
    non-empty I_k, the eps-windows, on a t or t/ln(1/alpha) axis."""
    if alpha is not None:
        inst = inst.replace(alpha=alpha)
    chk = check(inst, precision=precision, over_interval=False)
    log_alpha_hi = chk.log_alpha.float_bounds()[1]
    L = -_mid(chk.log_alpha)
    positive_L = log_alpha_hi < 0
    normalised = normalised and positive_L
    scale = L if positive_L else 1.0
    sigma = inst.approx_sigma()
    tau_max = 1.0 / sigma[inst.K - 1]
    intervals, windows = [], []
    for I in chk.intervals:
        if I.nonempty is not Verdict.HOLDS or I.lo is None:
            continue
        x_lo = max(0.0, _mid(I.lo) / scale)
        x_hi = math.inf if I.unbounded or I.hi is None else _mid(I.hi) / scale
        x_hi = max(x_hi, x_lo)
        tau_max = max(tau_max, 1.25 * (x_hi if math.isfinite(x_hi) else x_lo))
        intervals.append((I.k, x_lo, x_hi))
    for w in chk.eps_windows:
        if w.found is not Verdict.HOLDS or w.first is None:
            continue
        x_first = _mid(w.first) / scale
        x_last = math.inf if w.last_infinite else _mid(w.last) / scale if w.last is not None else math.nan
        if math.isfinite(x_last):
            tau_max = max(tau_max, 1.1 * x_last)
        inside = None
        if w.inside is not None:
            inside = (float(w.inside[0]) / scale, float(w.inside[1]) / scale)
        windows.append((w.k, x_first, x_last, inside))
    # Sample times: t = tau ln(1/alpha) exactly (tau a float, taken exactly), or t = tau.
    taus = [tau_max * s / samples for s in range(samples + 1)]
    results = eval_many(inst, taus=taus, precision=precision) if positive_L else eval_many(inst, ts=taus, precision=precision)
    n = inst.n
    xs = [tau * (1.0 if normalised else scale) for tau in taus]
    lo = [[math.nan] * len(taus) for _ in range(n)]
    hi = [[math.nan] * len(taus) for _ in range(n)]
    for s, r in enumerate(results):
        if not r.resolved:
            continue
        L_, U_ = r.W_eigenbasis.lower, r.W_eigenbasis.upper
        for i in range(n):
            lo[i][s], hi[i][s] = float(L_[i, i]), float(U_[i, i])
    if not normalised:
        intervals = [(k, a * scale, b * scale) for k, a, b in intervals]
        windows = [(k, a * scale, b * scale, None if ins is None else (ins[0] * scale, ins[1] * scale))
                   for k, a, b, ins in windows]
    failing = [f"{h.name} {'fails' if h.verdict is Verdict.FAILS else 'undecided'}"
               for h in chk.hypotheses.values() if h.verdict is not Verdict.HOLDS]
    return {
        "title": f"\u03b1 = {inst.alpha_text}" + ("" if alpha is not None else " (instance)"),
        "subtitle": f"Theorem {chk.theorem}: " + (", ".join(failing) if failing else "all hypotheses hold"),
        "x_label": "t / ln(1/\u03b1)" if normalised else "t",
        "x_max": tau_max * (1.0 if normalised else scale),
        "x": xs, "lo": lo, "hi": hi, "intervals": intervals, "windows": windows, "check": chk,
    }


def _draw_panel(ax, P, sigma, eps, K, log_y):
    import numpy as np

    x_max = P["x_max"]
    _shade_intervals(ax, P["intervals"], x_max)
    y_max = (10 ** math.ceil(math.log10(1.5 * sigma[0]))) if log_y else 1.1 * sigma[0]
    for s in sigma:
        if log_y and s <= 0:
            continue
        ax.axhspan(max(s - eps, s / 2) if log_y else s - eps, s + eps, color="black", alpha=0.06, linewidth=0, zorder=1)
        ax.axhline(s, color="#555555", linestyle=(0, (6, 4)), linewidth=1, zorder=2)
    x = np.asarray(P["x"])
    for i in range(len(P["lo"])):
        _band(ax, x, P["lo"][i], P["hi"][i], i, None, log_y, None if log_y else y_max)
    ax.set_xlim(0, x_max)
    if log_y:
        ax.set_yscale("log")
        ax.set_ylim(top=y_max)
    else:
        ax.set_ylim(0, y_max)
    ax.set_xlabel(P["x_label"])
    ax.set_ylabel(r"diag $\tilde W(t)$" + (" (log scale)" if log_y else ""))
    strip = _window_strip(ax, P["windows"], x_max, K)
    strip.set_title(P["title"] + "\n" + P["subtitle"], fontsize=10, loc="left")


def _distinct_alphas(inst, alphas):
    """The default panel alphas with one equal to the instance's replaced by the next spare (as
    ``incert plot`` does), so no alpha is drawn twice."""
    from fractions import Fraction

    def same(a):
        try:
            return Fraction(a) == Fraction(inst.alpha_text)
        except (ValueError, ZeroDivisionError):
            return a == inst.alpha_text

    spare = [a for a in ("1e-10", "1e-100", "1e-1000") if not same(a) and a not in alphas]
    return [spare.pop(0) if same(a) and spare else a for a in alphas]


_DEFAULT_ALPHAS = ("1e-4", "1e-30", "1e-300")


def figure1(inst, alphas=None, eps=None, samples=200, precision=128, figsize=(14, 11), log_y=False):
    """The paper's Figure 1, certified: diag W~(t) (Y's eigenbasis) against t at the instance's
    alpha, and against t/ln(1/alpha) at three other alphas, with the targets sigma_i (dashed),
    their eps-bands, the certified non-empty I_k (grey) and the true eps-window of each k (a strip
    above each panel). Each sample is a certified enclosure of W~(t) (MPFI, `precision` bits),
    drawn as a band lo..hi. Returns a matplotlib Figure (``fig.savefig("figure1.pdf")``).

    inst: Instance, path or dict; alphas: three exact numbers in (0, 1) (default 1e-4, 1e-30,
    1e-300, one equal to the instance's alpha replaced by 1e-10, 1e-100 or 1e-1000); eps: the
    tolerance (default: the instance's); samples: sample intervals per panel (samples + 1 points);
    log_y: a logarithmic value axis (eps-bands of large sigma_1 stay visible).
    """
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    inst = as_instance(inst)
    if eps is not None:
        inst = inst.replace(epsilon=eps)
    alphas = _distinct_alphas(inst, list(_DEFAULT_ALPHAS)) if alphas is None else list(alphas)
    panels = [_panel(inst, None, False, samples, precision)] + [_panel(inst, a, True, samples, precision) for a in alphas]
    sigma = inst.approx_sigma()
    e = float(inst.epsilon)
    fig = Figure(figsize=figsize, layout="constrained")
    rows = (len(panels) + 1) // 2
    gs = fig.add_gridspec(rows, 3, width_ratios=[1, 1, 0.42])
    axes = [fig.add_subplot(gs[i // 2, i % 2]) for i in range(len(panels))]
    for ax, P in zip(axes, panels):
        _draw_panel(ax, P, sigma, e, inst.K, log_y)
    handles = [Line2D([], [], color=_colour(i), linestyle=_dash(i), linewidth=2,
                      label=f"$\\tilde W_{{{i + 1}{i + 1}}}(t)$, $\\sigma_{{{i + 1}}}$ = {s:.4g}")
               for i, s in enumerate(sigma[:12])]
    handles += [Line2D([], [], color="#555555", linestyle=(0, (6, 4)), label=r"target $\sigma_i$"),
                Patch(facecolor="black", alpha=0.06, label=r"$\sigma_i \pm \varepsilon$"),
                Patch(facecolor=_GREYS[0], label="$I_k$ certified non-empty\n($\\|W(t) - \\hat Y_k\\| \\leq \\varepsilon$ there\nwhen the hypotheses hold)"),
                Patch(facecolor=_colour(0), edgecolor="black", linewidth=0.4,
                      label="true $\\varepsilon$-window (strip above\neach panel, row k): first to last\ntime with "
                            "$\\|W(t) - \\hat Y_k\\| \\leq \\varepsilon$; solid:\n$\\leq \\varepsilon$ certified at every t"),
                Patch(facecolor=_colour(0), alpha=0.35, label=f"certified enclosure (MPFI,\n{precision} bits), band lo..hi")]
    legend_ax = fig.add_subplot(gs[:, 2])
    legend_ax.axis("off")
    legend_ax.legend(handles=handles, loc="upper left", fontsize=9, frameon=False)
    fig.suptitle(f"Gradient flow of symmetric matrix factorization: diag $\\tilde W(t)$ in the eigenbasis of Y "
                 f"({inst.source or 'instance'}, $\\varepsilon$ = {e:.4g})", fontsize=12)
    fig.incert_panels = panels  # the data drawn (checks, enclosure bounds), for inspection
    return fig


def sweep(df, title=None, figsize=(11, 9)):
    """A sweep table (:func:`incert.sweep`, numeric or text cells, or the CLI's CSV read with
    pandas.read_csv(comment="#")) as a picture, like ``incert plot-sweep``: the start (solid) and
    end (dashed) of each certified non-empty I_k divided by ln(1/alpha), and the certified maximum
    of ||W(t) - Y^_k||_2 over I_k (log scale; the error at the middle of I_k for tables without
    that column) with eps dotted, against log10(1/alpha); alpha*_hyp (the largest alpha at which
    every hypothesis holds) marked in both panels. Markers are hollow where a hypothesis fails.
    Returns a matplotlib Figure."""
    import numpy as np
    import pandas as pd
    from matplotlib.figure import Figure

    num = lambda col: pd.to_numeric(df[col], errors="coerce").to_numpy(dtype=float) if col in df else np.full(len(df), np.nan)  # noqa: E731
    x = -num("log10_alpha")
    K = 0
    while f"I{K + 1}_start_over_log_lo" in df.columns:
        K += 1
    if K == 0:
        raise ValueError("not a sweep table: no I1_start_over_log_lo column")
    hyp_cols = [c for c in ("distinct_nonzero_eigenvalues", "W0_invertible", "spectral_init_positive", "epsilon_range", "alpha_small",
                            "log_ratio") if c in df.columns]
    hold = np.ones(len(df), dtype=bool)
    for c in hyp_cols:
        hold &= df[c].astype(str).to_numpy() == "holds"
    log_x = np.nanmin(x) > 0 and np.nanmax(x) / np.nanmin(x) > 100
    error_column = "error_max_hi" if "I1_error_max_hi" in df.columns else "error_mid_hi"
    fig = Figure(figsize=figsize, layout="constrained")
    ax1, ax2 = fig.subplots(2, 1)
    for k in range(1, K + 1):
        p = f"I{k}_"
        ok = df[p + "nonempty"].astype(str).to_numpy() == "holds"
        for which, style in (("start", "-"), ("end", "--")):
            v = (num(p + which + "_over_log_lo") + num(p + which + "_over_log_hi")) / 2
            good = ok & np.isfinite(v)
            ax1.plot(np.where(good & hold, x, np.nan), np.where(good & hold, v, np.nan), style, color=_colour(k - 1), marker="o",
                     markersize=3, linewidth=2, label=f"$I_{{{k}}}$ {which}")
            bad = good & ~hold
            if bad.any():
                ax1.plot(x[bad], v[bad], "o", markerfacecolor="white", markeredgecolor=_colour(k - 1), markersize=5)
        err = num(p + error_column)
        good = np.isfinite(err) & (err > 0)
        if good.any():
            ax2.plot(x[good], err[good], marker="o", linestyle=_dash(k - 1), color=_colour(k - 1), markersize=3, linewidth=1.5,
                     label=f"$I_{{{k}}}$")
    eps = num("epsilon")
    if np.isfinite(eps).any():
        ax2.axhline(np.nanmax(eps), color="black", linestyle=(0, (2, 3)), linewidth=1.4, label=f"$\\varepsilon$ = {np.nanmax(eps):.4g}")
    star = (num("log10_alpha_star_hyp_lo") + num("log10_alpha_star_hyp_hi")) / 2
    if np.isfinite(star).any():
        x_star = -float(np.nanmedian(star))
        if np.nanmin(x) <= x_star <= np.nanmax(x):
            for ax in (ax1, ax2):
                ax.axvline(x_star, color="black", linestyle=(0, (8, 3, 2, 3)), linewidth=1.2, label=r"$\alpha^*_{\mathrm{hyp}}$")
    for ax in (ax1, ax2):
        if log_x:
            ax.set_xscale("log")
        ax.set_xlabel(r"$\log_{10}(1/\alpha)$" + ("  (log scale)" if log_x else ""))
        ax.grid(True, color="#eeeeee")
        ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1))
    ax1.set_ylabel(r"$t / \ln(1/\alpha)$")
    ax1.set_title(r"Start (solid) and end (dashed) of $I_k$ over $\ln(1/\alpha)$, where $I_k$ is certified non-empty "
                  "(hollow: a hypothesis fails)", fontsize=10, loc="left")
    ax2.set_yscale("log")
    if error_column == "error_max_hi":
        ax2.set_ylabel(r"max error over $I_k$")
        ax2.set_title(r"Certified max over $t \in I_k$ of $\|W(t) - \hat Y_k\|_2$ (log scale), $\varepsilon$ dotted", fontsize=10,
                      loc="left")
    else:
        ax2.set_ylabel(r"error at mid of $I_k$")
        ax2.set_title(r"Certified upper bound of $\|W(t) - \hat Y_k\|_2$ at the middle of $I_k$", fontsize=10, loc="left")
    fig.suptitle(title or r"incert sweep: intervals $I_k$ and certified error against $\log_{10}(1/\alpha)$"
                 f" ({df.attrs.get('instance', '')})", fontsize=12)
    return fig


def trace(result, log_y=False, figsize=(12, 10)):
    """The figure of ``incert trace --plot`` from a :class:`incert.TraceResult`: the eigenvalues of
    W(t) (the learned singular values, targets sigma_i dashed with eps-bands) and the error to rank
    k, ||W(t) - Y^_k||_2 (log scale, eps dotted), against t. Each curve is drawn as its certified
    band over every range between two grid times (valid for every t there, not only at the
    samples) with a line through the sample midpoints; the certified non-empty I_k in grey and the
    certified eps-windows in a strip above. log_y: eigenvalues on a log axis too. Returns a
    matplotlib Figure."""
    import numpy as np
    from matplotlib.figure import Figure

    r = result
    K = r.K

    def steps(values_of, i):
        """Step band over the ranges: x, lo, hi (two points per range)."""
        xs, lo, hi = [], [], []
        for v in r.ranges:
            iv = values_of(v)[i]
            a, b = iv.float_bounds() if iv is not None else (math.nan, math.nan)
            xs += [float(v.t_from), float(v.t_to)]
            lo += [a, a]
            hi += [b, b]
        return np.asarray(xs), np.asarray(lo), np.asarray(hi)

    def sample_mid(values_of, i):
        ts, mid = [], []
        for v in r.samples:
            iv = values_of(v)[i]
            ts.append(float(v.t_from))
            mid.append(_mid(iv) if iv is not None else math.nan)
        return ts, mid

    t0, t1 = float(r.samples[0].t_from), float(r.samples[-1].t_from)
    intervals, windows = [], []
    for I in r.check.intervals:
        if I.nonempty is Verdict.HOLDS and I.lo is not None:
            intervals.append((I.k, max(0.0, _mid(I.lo)), math.inf if I.unbounded or I.hi is None else _mid(I.hi)))
    for w in r.check.eps_windows:
        if w.found is Verdict.HOLDS and w.first is not None:
            last = math.inf if w.last_infinite else _mid(w.last) if w.last is not None else math.nan
            inside = None if w.inside is None else (float(w.inside[0]), float(w.inside[1]))
            windows.append((w.k, _mid(w.first), last, inside))
    fig = Figure(figsize=figsize, layout="constrained")
    ax1, ax2 = fig.subplots(2, 1, sharex=True)
    sigma = [_mid(s) for s in r.targets]
    e = _mid(r.epsilon)
    for ax in (ax1, ax2):
        _shade_intervals(ax, intervals, t1)
    for s in sigma:
        ax1.axhspan(s - e, s + e, color="black", alpha=0.06, linewidth=0, zorder=1)
        ax1.axhline(s, color="#555555", linestyle=(0, (6, 4)), linewidth=1, zorder=2)
    for i in range(r.n):
        xs, lo, hi = steps(lambda v: v.eigenvalues, i)
        _band(ax1, xs, lo, hi, i, None, log_y)
        ax1.lines[-1].remove()  # the band's own midline is a step; draw the sample midpoints instead
        ts, mid = sample_mid(lambda v: v.eigenvalues, i)
        ax1.plot(ts, mid, color=_colour(i), linestyle=_dash(i), linewidth=1.4, label=f"$\\lambda_{{{i + 1}}}(W(t))$")
    for k in range(K):
        xs, lo, hi = steps(lambda v: v.error, k)
        _band(ax2, xs, lo, hi, k, None, True)
        ax2.lines[-1].remove()
        ts, mid = sample_mid(lambda v: v.error, k)
        ax2.plot(ts, mid, color=_colour(k), linestyle=_dash(k), linewidth=1.4, label=f"k = {k + 1}")
    ax2.axhline(e, color="black", linestyle=(0, (2, 3)), linewidth=1.4, label=f"$\\varepsilon$ = {e:.4g}")
    ax1.set_xlim(t0, t1)
    if log_y:
        ax1.set_yscale("log")
    ax2.set_yscale("log")
    ax1.set_ylabel(r"$\lambda_i(W(t))$")
    ax2.set_ylabel(r"$\|W(t) - \hat Y_k\|_2$")
    ax2.set_xlabel("$t$")
    for ax in (ax1, ax2):
        ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1))
    ax2.set_title(r"Error to rank $k$: $\|W(t) - \hat Y_k\|_2$ (log scale), $\varepsilon$ dotted", fontsize=10, loc="left")
    strip = _window_strip(ax1, windows, t1, K)
    strip.set_title(r"Eigenvalues $\lambda_i(W(t))$ (learned singular values), targets $\sigma_i$ dashed; "
                    r"certified $\varepsilon$-windows above", fontsize=10, loc="left")
    fig.suptitle(f"Certified trace of gradient flow ({r.instance}, $\\alpha$ = {r.alpha}, {r.precision_bits} bits)", fontsize=12)
    return fig
