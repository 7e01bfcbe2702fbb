"""The Python results are the CLI's: check --json field for field (constants, verdicts, I_k,
conclusions, eps-windows; everything but the timing) on every shipped instance, with options;
eval --json; the sweep CSV cell for cell; the table CSV; random-init --json."""
import csv
import io
import json
import subprocess
from fractions import Fraction

import pytest

import incert
from conftest import SOURCE, instance_files


def run_cli(cli, *args):
    p = subprocess.run([cli, *map(str, args)], capture_output=True, text=True, cwd=SOURCE)
    assert p.returncode == 0, p.stderr
    return p.stdout


def without_seconds(d):
    d = json.loads(json.dumps(d))
    d.pop("seconds", None)
    return d


@pytest.mark.parametrize("name", instance_files())
def test_check_json_equals_cli(cli, name):
    path = f"data/{name}"
    expected = without_seconds(json.loads(run_cli(cli, "check", path, "--json")))
    r = incert.check(SOURCE / path)
    got = without_seconds(r.to_dict())
    got["instance"] = path  # the source name is the path as given
    assert got == expected
    # the typed view agrees with the JSON: constants and verdicts
    assert r.constants.c_eps.format(0) == (expected["constants"]["c_eps"]["lo"], expected["constants"]["c_eps"]["hi"])
    assert {n: h.verdict.value for n, h in r.hypotheses.items()} == {h["name"]: h["verdict"] for h in expected["hypotheses"]}
    assert [I.nonempty.value for I in r.intervals] == [I["nonempty"] for I in expected["intervals"]]


def test_check_with_times_ranges_and_scalars_equals_cli(cli):
    path = "data/default.json"
    expected = without_seconds(json.loads(run_cli(cli, "check", path, "--json", "--t", "14.5", "--tau", "0.3", "--interval", "1:13.5:15",
                                                  "--interval", "3:40:inf", "--precision", "200")))
    got = without_seconds(incert.check(SOURCE / path, precision=200, times=["14.5"], taus=["0.3"], intervals=[(1, "13.5", "15"), (3, "40", None)]).to_dict())
    got["instance"] = path
    assert got == expected
    for scalar in ("interval", "mpfr", "double"):
        expected = without_seconds(json.loads(run_cli(cli, "check", path, "--json", "--scalar", scalar)))
        got = without_seconds(incert.check(SOURCE / path, scalar=scalar).to_dict())
        got["instance"] = path
        assert got == expected, scalar
        assert got["certified"] == (scalar == "interval")


def test_eval_json_equals_cli(cli):
    for path, flag, value in [("data/default.json", "--tau", "0.22"), ("data/thm4_eigenvectors_3x3.json", "--t", "13.5"),
                              ("data/dense_cayley_3x3.json", "--t", "20")]:
        expected = without_seconds(json.loads(run_cli(cli, "eval", path, flag, value, "--json")))
        r = incert.eval(SOURCE / path, **{flag[2:]: value})
        got = without_seconds(r.to_dict())
        got["instance"] = path
        assert got == expected


def test_sweep_equals_cli_csv(cli):
    args = ["data/default.json", "--alpha-from", "1e-1", "--alpha-to", "1e-1000000", "--points", "7"]
    lines = [l for l in run_cli(cli, "sweep", *args).splitlines() if not l.startswith("#")]
    rows = list(csv.reader(io.StringIO("\n".join(lines))))
    header, body = rows[0], rows[1:]
    df = incert.sweep(SOURCE / "data/default.json", "1e-1", "1e-1000000", 7, as_text=True)
    assert list(df.columns) == header
    for got, want in zip(df.itertuples(index=False), body):
        for col, g, w in zip(header, got, want):
            if col != "seconds":
                assert g == w, col
    # numeric form: outward floats (checked against the exact enclosures), exact grid points
    num = incert.sweep(SOURCE / "data/default.json", "1e-1", "1e-1000000", 7)
    assert num["log10_alpha_exact"].iloc[-1] == -1000000
    for col in header:
        if col.endswith("_lo") or col.endswith("_hi"):
            for x, text in zip(num[col], df[col]):
                if text in ("", "inf"):
                    continue
                assert abs(x - float(text)) <= 1e-14 * abs(x) + 1e-300, col
    for j, c in enumerate(num.attrs["checks"]):
        for I in c.intervals:
            assert Fraction(num[f"I{I.k}_start_lo"][j]) <= I.lo.lo and I.lo.hi <= Fraction(num[f"I{I.k}_start_hi"][j])


def test_table_equals_cli_csv(cli):
    grid = "data/tables/grid_small.json"
    text = run_cli(cli, "table", grid, "--format", "csv")
    sections, current = [], None
    for line in text.splitlines():
        if line.startswith("# rows:") or line.startswith("# summary:"):
            current = []
            sections.append(current)
        elif not line.startswith("#") and current is not None:
            current.append(line)
    rows = list(csv.reader(io.StringIO("\n".join(sections[0]))))
    summary = list(csv.reader(io.StringIO("\n".join(sections[1]))))
    df = incert.table(SOURCE / grid)
    df_rows = [[str(x) for x in r] for r in df.itertuples(index=False)]
    assert list(df.columns) == rows[0]
    # the CLI prints paths relative to where it ran: compare the label columns by value
    assert df_rows == rows[1:]
    s = df.attrs["summary"]
    assert list(s.columns) == summary[0]
    assert [[str(x) for x in r] for r in s.itertuples(index=False)] == summary[1:]


def test_random_init_equals_cli_json(cli):
    expected = json.loads(run_cli(cli, "random-init", "data/gaussian_5x8.json", "--seeds", "3..14", "--json"))
    r = incert.random_init(SOURCE / "data/gaussian_5x8.json", seeds=range(3, 15))
    got = json.loads(json.dumps(r.to_dict()))
    for d in (expected, got):
        d.pop("seconds")
        d.pop("instance")
    assert got == expected
    assert r.holds == expected["count"]["holds"]
    assert r.clopper_pearson.contains(r.estimate)
