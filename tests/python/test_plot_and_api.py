"""Figures from certified enclosures, docstrings, version."""
import inspect

import matplotlib

matplotlib.use("Agg")

import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

import incert  # noqa: E402
from conftest import DATA  # noqa: E402


def test_figure1(tmp_path):
    fig = incert.plot.figure1(DATA / "default.json", samples=60)
    assert isinstance(fig, Figure)
    panels = fig.incert_panels
    assert len(panels) == 4
    # the bands are certified enclosures: lo <= hi wherever evaluated
    for P in panels:
        for lo, hi in zip(P["lo"], P["hi"]):
            assert all(a <= b for a, b in zip(lo, hi) if a == a)
    assert panels[0]["check"].all_hypotheses_hold()  # alpha = 1e-30
    out = tmp_path / "figure1.png"
    fig.savefig(out, dpi=60)
    assert out.stat().st_size > 10000


def test_sweep_figure(tmp_path):
    df = incert.sweep(DATA / "default.json", "1e-1", "1e-1000", 5)
    fig = incert.plot.sweep(df)
    assert isinstance(fig, Figure)
    fig.savefig(tmp_path / "sweep.png", dpi=50)


def test_figure1_distinct_alphas_log_y(tmp_path):
    # default.json's alpha is 1e-30, one of the default panel alphas: it is replaced, not drawn twice
    fig = incert.plot.figure1(DATA / "default.json", samples=20, log_y=True)
    titles = [P["title"] for P in fig.incert_panels]
    assert len(set(t.split(" (")[0] for t in titles)) == 4, titles
    assert fig.axes[0].get_yscale() == "log"
    out = tmp_path / "figure1.pdf"
    fig.savefig(out)
    assert out.read_bytes()[:5] == b"%PDF-"


def test_sweep_figure_plots_certified_max():
    df = incert.sweep(DATA / "default.json", "1e-1", "1e-40", 6)
    fig = incert.plot.sweep(df)
    err_ax = fig.axes[1]
    assert "max" in err_ax.get_ylabel()
    # the eps line and the alpha*_hyp marker are drawn
    labels = [line.get_label() for line in err_ax.lines]
    assert any("varepsilon" in t for t in labels) and any("alpha^*" in t for t in labels), labels
    # each plotted error is the table's certified maximum over I_k
    plotted = sorted(y for line in err_ax.lines if line.get_label() == "$I_{1}$" for y in line.get_ydata())
    expected = sorted(v for v in df["I1_error_max_hi"].astype(float) if v == v and v > 0)
    assert plotted == expected


def test_trace_figure(tmp_path):
    r = incert.trace(DATA / "default.json", 0, 60, 31)
    fig = incert.plot.trace(r)
    assert isinstance(fig, Figure)
    for ext in ("png", "pdf", "svg"):
        out = tmp_path / f"trace.{ext}"
        fig.savefig(out, dpi=50)
        assert out.stat().st_size > 5000


def test_version_and_docstrings():
    assert incert.__version__ == "0.1.0"
    public = [getattr(incert, n) for n in incert.__all__ if n != "__version__"]
    for obj in public + [incert.plot.figure1, incert.plot.sweep, incert.plot.trace, incert.Interval.contains, incert.Interval.to_mpmath,
                         incert.Interval.float_bounds, incert.Instance.from_json, incert.Instance.replace, incert.CheckResult.to_dict]:
        assert inspect.getdoc(obj), obj
    doc = inspect.getdoc(incert.check)
    for word in ("precision", "max_precision", "scalar", "times", "taus", "intervals", "over_interval", "eps_windows", "Returns",
                 "KeyboardInterrupt"):
        assert word in doc


def test_verdict_has_no_truth_value():
    with pytest.raises(TypeError):
        bool(incert.Verdict.UNDECIDED)
