"""incert.plot: the paper's Figure 1 and the sweep picture with matplotlib, from certified enclosures.

figure1(inst, alphas=("1e-4", "1e-30", "1e-300"), eps=None)   -> matplotlib Figure
sweep(df)                                                       -> matplotlib Figure

Curves are drawn as bands from the certified lower to the certified upper end of each sampled
enclosure (lo..hi, outward floats), with the midpoint as a line; where the band is thinner than a
pixel it looks like a line. The shaded I_k are the certified non-empty ones, and the bars along the
bottom the true eps-windows (from the certified first to the last time with
||W(t) - Y^_k||_2 <= eps). The same drawing as ``incert plot`` / ``incert plot-sweep`` (SVG), here
as a Figure you can restyle or save (``fig.savefig("figure1.png")``). Figures are made with the
object API (no pyplot state): they work under any backend, Agg included.
"""

import math

from ._instance import as_instance
from ._results import Verdict, check, eval_many

_PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"]


def _colour(i):
    return _PALETTE[i % len(_PALETTE)]


def _mid(iv):
    lo, hi = iv.float_bounds()
    return (lo + hi) / 2


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
        windows.append((w.k, x_first, x_last))
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
        windows = [(k, a * scale, b * scale) for k, a, b in windows]
    failing = [f"{h.name} {'fails' if h.verdict is Verdict.FAILS else 'undecided'}"
               for h in chk.hypotheses.values() if h.verdict is not Verdict.HOLDS]
    return {
        "title": f"\u03b1 = {inst.alpha_text}" + ("" if alpha is not None else " (instance)"),
        "subtitle": f"Theorem {chk.theorem}: " + (", ".join(failing) if failing else "all hypotheses hold"),
        "x_label": "t / ln(1/\u03b1)" if normalised else "t",
        "x_max": tau_max * (1.0 if normalised else scale),
        "x": xs, "lo": lo, "hi": hi, "intervals": intervals, "windows": windows, "check": chk,
    }


def _draw_panel(ax, P, sigma, eps):
    import numpy as np
    from matplotlib.transforms import blended_transform_factory

    y_max = 1.1 * sigma[0]
    x_max = P["x_max"]
    for k, a, b in P["intervals"]:
        b = x_max if not math.isfinite(b) else b
        face, edge = ("#fff2cc", "#e0c060") if k % 2 else ("#e2efd9", "#88b070")
        ax.axvspan(a, b, facecolor=face, edgecolor=edge, linewidth=0.8, zorder=0)
        if b - a > 0.03 * x_max:
            ax.text((a + min(b, x_max)) / 2, 0.97 * y_max, f"$I_{k}$", ha="center", va="top", fontsize=10, zorder=5)
    for i, s in enumerate(sigma):
        ax.axhspan(s - eps, s + eps, color=_colour(i), alpha=0.10, linewidth=0, zorder=1)
        ax.axhline(s, color=_colour(i), linestyle=(0, (6, 4)), linewidth=1.2, zorder=2)
    x = np.asarray(P["x"])
    for i in range(len(P["lo"])):
        lo, hi = np.asarray(P["lo"][i]), np.asarray(P["hi"][i])
        ok = np.isfinite(lo) & np.isfinite(hi)
        ax.fill_between(x, np.clip(lo, 0, y_max), np.clip(hi, 0, y_max), where=ok, color=_colour(i), alpha=0.45, linewidth=0.8,
                        zorder=3)
        mid = np.where(ok, (lo + hi) / 2, np.nan)
        ax.plot(x, mid, color=_colour(i), linewidth=2, zorder=4, label=f"$\\tilde W_{{{i + 1}{i + 1}}}(t)$, $\\sigma_{i + 1}$ = {sigma[i]:.4g}")
    trans = blended_transform_factory(ax.transData, ax.transAxes)
    for k, a, b in P["windows"]:
        y = 0.02 + 0.022 * (k - 1)
        open_end = not math.isfinite(b)
        end = x_max if open_end else b
        ax.plot([a, end], [y, y], transform=trans, color=_colour(k - 1), linewidth=3, solid_capstyle="butt",
                linestyle=":" if math.isnan(b) else "-", zorder=6)
        ax.plot([a, a], [y - 0.01, y + 0.01], transform=trans, color=_colour(k - 1), linewidth=1.5, zorder=6)
        if not open_end:
            ax.plot([end, end], [y - 0.01, y + 0.01], transform=trans, color=_colour(k - 1), linewidth=1.5, zorder=6)
    ax.set_xlim(0, x_max)
    ax.set_ylim(0, y_max)
    ax.set_xlabel(P["x_label"])
    ax.set_ylabel(r"diag $\tilde W(t)$")
    ax.set_title(P["title"] + "\n" + P["subtitle"], fontsize=10, loc="left")


def figure1(inst, alphas=("1e-4", "1e-30", "1e-300"), eps=None, samples=200, precision=128, figsize=(14, 10)):
    """The paper's Figure 1, certified: diag W~(t) (Y's eigenbasis) against t at the instance's
    alpha, and against t/ln(1/alpha) at the three `alphas`, with the targets sigma_i (dashed),
    their eps-bands, the certified non-empty I_k (shaded) and the true eps-window of each k
    (bars along the bottom). Each sample is a certified enclosure of W~(t) (MPFI, `precision`
    bits), drawn as a band lo..hi. Returns a matplotlib Figure (``fig.savefig(path)``).

    inst: Instance, path or dict; alphas: three exact numbers in (0, 1); eps: the tolerance
    (default: the instance's); samples: sample intervals per panel (201 points).
    """
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    inst = as_instance(inst)
    if eps is not None:
        inst = inst.replace(epsilon=eps)
    alphas = list(alphas)
    panels = [_panel(inst, None, False, samples, precision)] + [_panel(inst, a, True, samples, precision) for a in alphas]
    sigma = inst.approx_sigma()
    e = float(inst.epsilon)
    fig = Figure(figsize=figsize, layout="constrained")
    rows = (len(panels) + 1) // 2
    gs = fig.add_gridspec(rows, 3, width_ratios=[1, 1, 0.42])
    axes = [fig.add_subplot(gs[i // 2, i % 2]) for i in range(len(panels))]
    for ax, P in zip(axes, panels):
        _draw_panel(ax, P, sigma, e)
    handles = [Line2D([], [], color=_colour(i), linewidth=2, label=f"$\\tilde W_{{{i + 1}{i + 1}}}(t)$, $\\sigma_{i + 1}$ = {s:.4g}")
               for i, s in enumerate(sigma[:12])]
    handles += [Line2D([], [], color="#555555", linestyle=(0, (6, 4)), label=r"target $\sigma_i$"),
                Patch(facecolor="#555555", alpha=0.15, label=r"$\sigma_i \pm \varepsilon$"),
                Patch(facecolor="#fff2cc", edgecolor="#e0c060", label="$I_k$, certified non-empty\n($||W(t) - \\hat Y_k|| \\leq \\varepsilon$ there\nwhen the hypotheses hold)"),
                Line2D([], [], color=_colour(0), linewidth=3, label="true $\\varepsilon$-window of k:\ncertified first and last time\nwith $||W(t) - \\hat Y_k|| \\leq \\varepsilon$"),
                Patch(facecolor=_colour(0), alpha=0.45, label="certified enclosure,\nband lo..hi (MPFI)")]
    legend_ax = fig.add_subplot(gs[:, 2])
    legend_ax.axis("off")
    legend_ax.legend(handles=handles, loc="upper left", fontsize=9, frameon=False)
    fig.suptitle(f"Gradient flow of symmetric matrix factorization: diag $\\tilde W(t)$ in the eigenbasis of Y "
                 f"({inst.source or 'instance'}, $\\varepsilon$ = {e:.4g})", fontsize=12)
    fig.incert_panels = panels  # the data drawn (checks, enclosure bounds), for inspection
    return fig


def sweep(df, title=None, figsize=(11, 9)):
    """A sweep table (:func:`incert.sweep`, numeric or text cells, or the CLI's CSV read with
    pandas.read_csv(comment="#")) as a picture, like ``incert plot-sweep``: the start (solid)
    and end (dashed) of each certified non-empty I_k divided by ln(1/alpha), and the certified
    error at the middle of I_k (log scale), against log10(1/alpha). Markers are hollow where a
    hypothesis fails. Returns a matplotlib Figure."""
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
    fig = Figure(figsize=figsize, layout="constrained")
    ax1, ax2 = fig.subplots(2, 1)
    for k in range(1, K + 1):
        p = f"I{k}_"
        ok = df[p + "nonempty"].astype(str).to_numpy() == "holds"
        for which, style in (("start", "-"), ("end", "--")):
            v = (num(p + which + "_over_log_lo") + num(p + which + "_over_log_hi")) / 2
            good = ok & np.isfinite(v)
            ax1.plot(np.where(good & hold, x, np.nan), np.where(good & hold, v, np.nan), style, color=_colour(k - 1), marker="o",
                     markersize=3, linewidth=2, label=f"I{k} {which}")
            bad = good & ~hold
            if bad.any():
                ax1.plot(x[bad], v[bad], "o", markerfacecolor="white", markeredgecolor=_colour(k - 1), markersize=5)
        err = num(p + "error_mid_hi")
        good = np.isfinite(err) & (err > 0)
        if good.any():
            ax2.plot(x[good], err[good], "-o", color=_colour(k - 1), markersize=3, linewidth=1.5, label=f"I{k}")
    for ax in (ax1, ax2):
        if log_x:
            ax.set_xscale("log")
        ax.set_xlabel("log10(1/\u03b1)" + ("  (log scale)" if log_x else ""))
        ax.grid(True, color="#eeeeee")
        ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1))
    ax1.set_ylabel("t / ln(1/\u03b1)")
    ax1.set_title("Start (solid) and end (dashed) of I_k over ln(1/\u03b1), where I_k is certified non-empty "
                  "(hollow: a hypothesis fails)", fontsize=10, loc="left")
    ax2.set_yscale("log")
    ax2.set_ylabel("error at mid of I_k")
    ax2.set_title("Certified upper bound of ||W(t) - Y^_k||_2 at the middle of I_k", fontsize=10, loc="left")
    fig.suptitle(title or f"incert sweep: intervals I_k and certified error against log10(1/\u03b1) ({df.attrs.get('instance', '')})",
                 fontsize=12)
    return fig
