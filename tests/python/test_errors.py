"""Bad input raises incert.InputError (a ValueError) naming the field, with the CLI's message."""
import json
import math
import subprocess
from decimal import Decimal

import numpy as np
import pytest

import incert
from conftest import SOURCE

Y = ["3", "2", "1"]
W0 = [["2", "0.5", "0.3"], ["0.5", "1.5", "0.2"], ["0.3", "0.2", "1"]]
GOOD = dict(Y=Y, W0=W0, alpha="1e-30", epsilon="0.1")


def with_(**kw):
    d = dict(GOOD)
    d.update(kw)
    return {k: v for k, v in d.items() if v is not None}


CASES = [
    # (keyword arguments, field)
    (with_(W0=[["2", "0.5", "0.3"], ["0.5", "1.5", "0.2"], ["0.3", "0.2", "x"]]), "init.W0[2][2]"),
    (with_(W0=[["2", "0.5", "0.3"], ["0.4", "1.5", "0.2"], ["0.3", "0.2", "1"]]), "init.W0"),
    (with_(W0=[["-2", "0", "0"], ["0", "1.5", "0"], ["0", "0", "1"]]), "init.W0"),
    (with_(W0=[["2", "0.5"], ["0.5", "1.5", "0.2"], ["0.3", "0.2", "1"]]), "init.W0[1]"),
    (with_(W0=[["2", "0"], ["0", "1"]]), "init.W0"),
    (with_(alpha="0"), "alpha"),
    (with_(alpha="-1e-30"), "alpha"),
    (with_(alpha="1/0"), "alpha"),
    (with_(alpha="1e-99999999"), "alpha"),
    (with_(epsilon="0"), "epsilon"),
    (with_(epsilon=None), "epsilon"),
    (with_(alpha=None), "alpha"),
    (with_(Y=["3", "-2", "1"]), "Y.eigenvalues[1]"),
    (with_(Y=["0", "0", "0"]), "Y.eigenvalues"),
    (with_(Y=["3", "2", "1e99999"]), "Y.eigenvalues[2]"),
    (with_(W0=None), "init"),
    (with_(spectral=["1", "1", "1"]), "init"),
    (with_(eigenvectors=[["1", "1", "0"], ["1", "0", "0"], ["0", "0", "1"]]), "Y.eigenvectors"),
    (with_(W0=None, spectral=["1", "-1", "1"]), "init.spectral[1]"),
    (with_(W0=None, gaussian=dict(r=0, seed=1)), "init.gaussian.r"),
    (with_(W0=None, gaussian=dict(r=2, seed=-1)), "init.gaussian.seed"),
    (with_(W0=None, gaussian=dict(r=2, seed=1, scale="0")), "init.gaussian.scale"),
    (with_(W0=None, gaussian=dict(r=2, seed=1, colour="red")), "init.gaussian.colour"),
    (with_(Y=None, Y_matrix=[["1", "2"], ["2", "1"]], W0=[["1", "0"], ["0", "1"]]), "Y.matrix"),
]


def document(kw):
    """The instance file the keywords stand for (for the CLI)."""
    doc = {}
    target = {}
    if "Y" in kw:
        target["eigenvalues"] = kw["Y"]
    if "eigenvectors" in kw:
        target["eigenvectors"] = kw["eigenvectors"]
    if "Y_matrix" in kw:
        target["matrix"] = kw["Y_matrix"]
    doc["Y"] = target
    init = {k: kw[k] for k in ("W0", "U0", "spectral", "gaussian") if k in kw}
    if init:
        doc["init"] = init
    for k in ("alpha", "epsilon"):
        if k in kw:
            doc[k] = kw[k]
    return doc


@pytest.mark.parametrize("kw, field", CASES)
def test_bad_instance_names_field(kw, field, tmp_path, cli):
    with pytest.raises(incert.InputError) as e:
        incert.Instance(**kw)
    assert e.value.field == field, str(e.value)
    assert isinstance(e.value, ValueError)
    assert str(e.value).startswith(field + ": ")
    # the same document through the CLI: exit 2 and the same one-line message
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document(kw)))
    p = subprocess.run([cli, "check", str(path)], capture_output=True, text=True)
    assert p.returncode == 2
    assert p.stdout == ""
    assert p.stderr.strip() == f"incert: bad input: {e.value}"
    # from_json(dict) and from_json(path) say the same
    with pytest.raises(incert.InputError) as e2:
        incert.Instance.from_json(document(kw))
    assert str(e2.value) == str(e.value)
    with pytest.raises(incert.InputError) as e3:
        incert.Instance.from_json(path)
    assert str(e3.value) == str(e.value)


@pytest.mark.parametrize("value, field", [
    (math.nan, "alpha"), (math.inf, "alpha"), (Decimal("NaN"), "alpha"), (True, "alpha"), (object(), "alpha"), ([1], "alpha"),
])
def test_bad_python_numbers(value, field):
    with pytest.raises(incert.InputError) as e:
        incert.Instance(**with_(alpha=value))
    assert e.value.field == field


def test_bad_entry_in_numpy_matrix_names_indices():
    W = np.array([[2.0, 0.5, 0.3], [0.5, 1.5, 0.2], [0.3, 0.2, np.nan]])
    with pytest.raises(incert.InputError) as e:
        incert.Instance(**with_(W0=W))
    assert e.value.field == "init.W0[2][2]"


def test_alpha_and_log10_alpha_exclusive():
    with pytest.raises(incert.InputError) as e:
        incert.Instance(**with_(log10_alpha="-30"))
    assert e.value.field == "alpha"


def test_files_and_replace():
    with pytest.raises(incert.InputError) as e:
        incert.Instance.from_json("/nonexistent/instance.json")
    assert e.value.field == "/nonexistent/instance.json" and "cannot read file" in str(e.value)
    inst = incert.Instance(**GOOD)
    for kw, field in [(dict(alpha="-1"), "alpha"), (dict(epsilon="0"), "epsilon"), (dict(log10_alpha="x"), "alpha.log10"),
                      (dict(alpha=0.0), "alpha")]:
        with pytest.raises(incert.InputError) as e:
            inst.replace(**kw)
        assert e.value.field == field


def test_bad_call_arguments():
    inst = incert.Instance(**GOOD)
    bad = [
        (dict(precision=10), "precision"), (dict(precision=256, max_precision=128), "max_precision"), (dict(scalar="float"), "scalar"),
        (dict(times=["-1"]), "times[0]"), (dict(times=["1", "x"]), "times[1]"), (dict(taus=[math.nan]), "taus[0]"),
        (dict(intervals=[(4, "1", "2")]), "intervals[0]"), (dict(intervals=[(1, "2", "1")]), "intervals[0].hi"),
        (dict(intervals=[(1, "-1", None)]), "intervals[0].lo"), (dict(intervals=[(1, "1", "2")], scalar="double"), "intervals"),
        (dict(jobs=0), "jobs"), (dict(jobs=4097), "jobs"), (dict(jobs=1.5), "jobs"), (dict(jobs=True), "jobs"),
    ]
    for kw, field in bad:
        with pytest.raises(incert.InputError) as e:
            incert.check(inst, over_interval=False, eps_windows=False, **kw)
        assert e.value.field == field, (kw, str(e.value))
    with pytest.raises(incert.InputError) as e:
        incert.eval(inst)
    assert e.value.field == "t"
    with pytest.raises(incert.InputError) as e:
        incert.random_init(inst, seeds=[1])
    assert e.value.field == "init"
    with pytest.raises(incert.InputError) as e:
        incert.sweep(inst, "1e-1", "0", 3)
    assert e.value.field == "alpha_to"


def test_bad_grid_names_field(tmp_path, cli):
    good = {"instances": [str(SOURCE / "data/default.json")], "alphas": ["1e-6"], "eps": ["0.1"]}
    cases = [
        (dict(alphas=["1e-6", "-1"]), "alphas[1]"), (dict(alphas=["1e-6", "1e-6"]), "alphas[1]"), (dict(eps=[]), "eps"),
        (dict(alphas={"log10_from": "-1", "log10_to": "-1", "points": 3}), "alphas.log10_to"),
        (dict(alphas={"log10_from": "-1", "log10_to": "-3", "points": 1}), "alphas.points"), (dict(colour="red"), "colour"),
        (dict(precision=10), "precision"), (dict(scalar="float"), "scalar"), (dict(instances=[5]), "instances[0]"),
    ]
    for change, field in cases:
        grid = dict(good)
        grid.update(change)
        path = tmp_path / "grid.json"
        path.write_text(json.dumps(grid))
        with pytest.raises(incert.InputError) as e:
            incert.table(path)
        assert e.value.field == f"{path}: {field}", str(e.value)
        p = subprocess.run([cli, "table", str(path)], capture_output=True, text=True)
        assert p.returncode == 2 and p.stderr.strip() == f"incert: bad input: {e.value}"
    path = tmp_path / "grid.json"
    path.write_text("{\"instances\": [")
    with pytest.raises(incert.InputError) as e:
        incert.table(path)
    p = subprocess.run([cli, "table", str(path)], capture_output=True, text=True)
    assert p.stderr.strip() == f"incert: bad input: {e.value}"


def test_check_jobs_same_result(data):
    """check(jobs=N): the conclusions over I_k and the eps-windows on N threads, the same result."""
    for name in ("default.json", "thm4_eigenvectors_3x3.json"):
        one = incert.check(str(data / name)).to_dict()
        three = incert.check(str(data / name), jobs=3).to_dict()
        one.pop("seconds")
        three.pop("seconds")
        assert one == three, name
