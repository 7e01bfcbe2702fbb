"""Shared fixtures of the Python package's tests (tests/python, run by CTest as python_tests).

The package under test is the one on sys.path (CTest sets PYTHONPATH to the build's package
directory). The CLI used for comparisons is $INCERT_CLI (set by CTest), else build*/incert of the
source tree; tests needing it are skipped when there is none.
"""
import os
import pathlib
import shutil

import pytest

SOURCE = pathlib.Path(os.environ.get("INCERT_SOURCE_DIR", pathlib.Path(__file__).resolve().parents[2]))
DATA = SOURCE / "data"


def _find_cli():
    env = os.environ.get("INCERT_CLI")
    if env and os.access(env, os.X_OK):
        return env
    for d in ("build", "build-py", "build-cli"):
        p = SOURCE / d / "incert"
        if p.is_file() and os.access(p, os.X_OK):
            return str(p)
    return shutil.which("incert")


CLI = _find_cli()


@pytest.fixture
def data():
    return DATA


@pytest.fixture
def cli():
    if CLI is None:
        pytest.skip("the incert program is not built (set INCERT_CLI)")
    return CLI


def instance_files():
    return sorted(p.name for p in DATA.glob("*.json"))
