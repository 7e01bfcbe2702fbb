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


def test_version_and_docstrings():
    assert incert.__version__ == "0.1.0"
    public = [getattr(incert, n) for n in incert.__all__ if n != "__version__"]
    for obj in public + [incert.plot.figure1, incert.plot.sweep, incert.Interval.contains, incert.Interval.to_mpmath,
                         incert.Interval.float_bounds, incert.Instance.from_json, incert.Instance.replace, incert.CheckResult.to_dict]:
        assert inspect.getdoc(obj), obj
    doc = inspect.getdoc(incert.check)
    for word in ("precision", "max_precision", "scalar", "times", "taus", "intervals", "over_interval", "eps_windows", "Returns",
                 "KeyboardInterrupt"):
        assert word in doc


def test_verdict_has_no_truth_value():
    with pytest.raises(TypeError):
        bool(incert.Verdict.UNDECIDED)
