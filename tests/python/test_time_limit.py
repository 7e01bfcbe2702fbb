"""check(time_limit=...): refinement stops at the deadline; what it decided equals the unlimited run."""
import pytest

import incert
from conftest import DATA


def test_time_limit_zero_leaves_only_undecided_with_reason():
    full = incert.check(DATA / "default.json")
    cut = incert.check(DATA / "default.json", time_limit=0)
    assert full.reason is None and full.to_dict()["reason"] is None
    assert cut.reason and "time limit" in cut.reason
    assert cut.to_dict()["reason"] == cut.reason
    for a, b in zip(full.over_interval, cut.over_interval):
        assert b.verdict in (incert.Verdict.UNDECIDED, a.verdict), (a, b)
    for name, h in cut.hypotheses.items():
        assert h.verdict in (incert.Verdict.UNDECIDED, full.hypotheses[name].verdict), name


@pytest.mark.parametrize("bad", [-1, "2", True, 1e7])
def test_time_limit_checked(bad):
    with pytest.raises(incert.InputError, match="time_limit"):
        incert.check(DATA / "default.json", time_limit=bad)
