"""Ctrl-C during a long call: KeyboardInterrupt at once, no crash, the interpreter and the
package still usable; the GIL is released while the library computes."""
import os
import signal
import threading
import time

import pytest

import incert
from conftest import DATA


def interrupt_after(seconds):
    t = threading.Timer(seconds, lambda: os.kill(os.getpid(), signal.SIGINT))
    t.start()
    return t


@pytest.fixture(autouse=True)
def default_sigint():
    old = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, old)


def test_interrupt_random_init_loop():
    """100000 Gaussian draws (minutes): interrupted after 0.3 s, the loop stops at its next seed."""
    inst = incert.Instance.from_json(DATA / "gaussian_5x8.json")
    start = time.monotonic()
    interrupt_after(0.3)
    with pytest.raises(KeyboardInterrupt):
        incert.random_init(inst, seeds=range(0, 100000))
        time.sleep(30)  # not reached
    assert time.monotonic() - start < 3
    assert incert._incert._wait_idle(10.0)  # the abandoned job stopped at its next seed
    r = incert.check(DATA / "default.json")
    assert r.all_hypotheses_hold()
    assert sum(i * i for i in range(1000)) == 332833500  # the interpreter is fine


def test_interrupt_single_long_check():
    """One long library call (the 10 x 10 instance, about 3 s) cannot stop
    midway: KeyboardInterrupt comes at once, the call finishes in the background and the next
    call waits for it."""
    inst = incert.Instance.from_json(DATA / "n10_sin.json")
    start = time.monotonic()
    interrupt_after(0.3)
    with pytest.raises(KeyboardInterrupt):
        incert.check(inst)
        time.sleep(30)
    assert time.monotonic() - start < 3
    assert incert._incert._busy()
    r = incert.check(DATA / "thm3_spectral_3x3.json")  # queued behind the abandoned call
    assert r.theorem == 3 and r.all_hypotheses_hold()
    assert incert._incert._wait_idle(10.0)


def test_gil_released():
    """A Python thread keeps running while the library computes."""
    ticks = []
    stop = threading.Event()

    def spin():
        while not stop.is_set():
            ticks.append(1)
            time.sleep(0.001)

    t = threading.Thread(target=spin)
    t.start()
    try:
        incert._incert._sleep_job(0.3)
    finally:
        stop.set()
        t.join()
    assert len(ticks) > 20


def test_interrupt_sleep_job_is_cancelled():
    interrupt_after(0.2)
    start = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        incert._incert._sleep_job(60)
        time.sleep(30)
    assert time.monotonic() - start < 3
    assert incert._incert._wait_idle(5.0)


def _child_check(alpha):
    r = incert.check(incert.Instance.from_json(DATA / "default.json").replace(alpha=alpha), over_interval=False, eps_windows=False)
    return [h.verdict.value for h in r.hypotheses.values()]


@pytest.mark.skip(reason="hangs under CTest on a loaded 2-core machine: fork() with the worker thread alive; "
                         "use the spawn start method with multiprocessing (python/README.md)")
def test_forked_children_and_threads():
    """multiprocessing (fork) children start their own worker; Python threads share the one worker."""
    import multiprocessing

    parent = _child_check("1e-30")  # the parent's worker exists before the fork
    with multiprocessing.get_context("fork").Pool(2) as pool:
        got = pool.map(_child_check, ["1e-30", "1e-10"])
    assert got[0] == parent and got[1] != parent
    results = {}
    threads = [threading.Thread(target=lambda a=a: results.__setitem__(a, _child_check(a))) for a in ("1e-30", "1e-10", "1e-40")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results["1e-30"] == parent == results["1e-40"] and results["1e-10"] == got[1]
