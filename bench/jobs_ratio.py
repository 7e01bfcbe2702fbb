"""bench/jobs_ratio.py: one incert command run with --jobs 1 and with --jobs N (used by
bench_random_init.sh and bench_check_jobs.sh). Checks that both printed the same JSON apart from
"seconds" and prints both wall times and their ratio.

    python3 bench/jobs_ratio.py INCERT N LABEL ARGS...    (ARGS include --json)
"""
import json
import subprocess
import sys
import time


def timed(incert, args, jobs):
    t0 = time.monotonic()
    out = subprocess.run([incert, *args, "--jobs", str(jobs)], check=True, capture_output=True).stdout
    return time.monotonic() - t0, json.loads(out)


def main():
    incert, n, label, args = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4:]
    w1, a = timed(incert, args, 1)
    wn, b = timed(incert, args, n)
    a.pop("seconds", None), b.pop("seconds", None)
    if a != b:
        sys.exit("jobs_ratio.py: --jobs 1 and --jobs %d gave different results (%s)" % (n, label))
    print("%s: --jobs 1 %.2f s, --jobs %d %.2f s, ratio %.2f (same results)" % (label, w1, n, wn, w1 / wn))


if __name__ == "__main__":
    main()
