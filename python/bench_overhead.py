#!/usr/bin/env python3
"""Per-call overhead of the Python package over the C++ library (target: under 1 ms per call).

    python3 python/bench_overhead.py [INSTANCE.json] [--pairs N]

For the instance (default data/default.json) it times N pairs of calls, alternating:
  C++      incert::check(instance) timed in C++ on the extension's worker thread
           (_incert._bench_check: the library alone, no Python in the timing)
  Python   incert.check(inst): argument checks, the job hand-off to the worker thread (GIL
           released, Ctrl-C polling), the result converted to Python objects (CheckResult)
  Python+  the same plus r.to_dict() (every enclosure formatted as the CLI's JSON)
  hop      an empty job through the worker (the thread hand-off alone)
  convert  the C++ result turned into Python dicts and Enclosure objects (the extension's share)
  wrap     those dicts turned into a CheckResult (the pure Python layer's share)
and reports the medians, the median of the paired differences (Python - C++), the ratio, and
the overhead by parts. Both sides run the same check (mpfi, 128 bits, over_interval and
eps-windows on). On a shared machine the difference of two ~40 ms calls is noisy; the parts,
each timed alone, are not.
"""
import argparse
import os
import statistics
import sys
import time

# This file sits next to the source package python/incert (no compiled extension): import the
# built one (incert.pth or PYTHONPATH), not that.
_here = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [d for d in sys.path if os.path.abspath(d or os.curdir) != _here]

import incert  # noqa: E402
from incert import _incert  # noqa: E402


def per_call(f, reps):
    start = time.perf_counter()
    for _ in range(reps):
        f()
    return (time.perf_counter() - start) / reps


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("instance", nargs="?", default=os.path.join(here, "..", "data", "default.json"))
    p.add_argument("--pairs", type=int, default=100, help="paired C++/Python calls (default 100)")
    a = p.parse_args()
    path = os.path.normpath(a.instance)
    inst = incert.Instance.from_json(path)
    incert.check(inst)  # warm up (MPFR caches, the worker thread)
    raw = _incert.check(inst._c, "mpfi", 128, 4096, [], [], [], True, True)
    cpp, py, py_dict, diff = [], [], [], []
    for _ in range(a.pairs):
        # one C++ call (timed inside the C++ loop) right next to one Python call: paired, so that
        # the load of a shared machine affects both alike; the median of the differences is kept
        c = _incert._bench_check(path, 1, "mpfi", 128)
        t = per_call(lambda: incert.check(inst), 1)
        td = per_call(lambda: incert.check(inst).to_dict(), 1)
        cpp.append(c)
        py.append(t)
        py_dict.append(td)
        diff.append(t - c)
    hop = statistics.median(per_call(lambda: _incert._sleep_job(0.0), 200) for _ in range(5))
    convert = statistics.median(_incert._bench_convert(inst._c, 200) for _ in range(5))
    wrap = statistics.median(per_call(lambda: incert.CheckResult(raw), 200) for _ in range(5))
    med = statistics.median
    q = statistics.quantiles(diff, n=4)
    ms = lambda x: f"{x * 1e3:8.3f} ms"  # noqa: E731
    print(f"incert {incert.__version__}: check on {path} (mpfi, 128 bits, full check), {a.pairs} paired calls, medians")
    print(f"  C++ library (incert::check)       {ms(med(cpp))}")
    print(f"  incert.check                      {ms(med(py))}   ratio {med(py) / med(cpp):.4f}")
    print(f"  incert.check + to_dict()          {ms(med(py_dict))}   ratio {med(py_dict) / med(cpp):.4f}")
    print(f"  difference of the medians         {ms(med(py) - med(cpp))}")
    print(f"  median of paired differences      {ms(med(diff))}   (quartiles {q[0] * 1e3:.3f} .. {q[2] * 1e3:.3f} ms: the noise)")
    print("overhead by parts (each timed alone in a loop):")
    print(f"  worker hand-off (empty job)            {ms(hop)}")
    print(f"  C++ result -> Python dicts, Enclosures {ms(convert)}")
    print(f"  dicts -> CheckResult (Python classes)  {ms(wrap)}")
    parts = hop + convert + wrap
    print(f"  sum                                    {ms(parts)}   ({parts / med(cpp) * 100:.2f}% of the C++ call)")
    print(f"target: overhead of incert.check under 1 ms per call: {'met' if parts < 1e-3 else 'NOT met'} by the parts "
          f"({parts * 1e3:.3f} ms); end to end {(med(py) - med(cpp)) * 1e3:.3f} ms, within a noise of "
          f"{(q[2] - q[0]) * 1e3:.3f} ms (interquartile range of the paired differences)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
