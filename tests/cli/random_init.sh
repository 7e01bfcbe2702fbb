#!/usr/bin/env bash
# incert random-init FILE --seeds A..B (issue 5, Remark III-C1): per seed the certified M of the
# Gaussian draw and Theorem 4's hypotheses; the fraction of draws where all hold with a
# Clopper-Pearson interval; per draw also whether every eps-window E_k is certified non-empty at
# the instance's alpha (incremental learning observed, issue 15 item 6) with its own interval. Checks: counts add up, the interval contains the estimate and a known
# closed-form value, runs are deterministic, M agrees with `incert check` on the same seed, a
# failing alpha and a singular (r < n) factor give "fails", bad arguments exit 2.
source "$(dirname "${BASH_SOURCE[0]}")/lib.bash" "$@"
F=data/gaussian_5x8.json

run random-init "$F" --seeds 1..20 --json
expect_ok "random-init 1..20"
cp "$OUT" "$TMP/first.json"
check_json "random-init structure" '
check(d["count"]["draws"] == 20 and len(d["draws"]) == 20, "20 draws expected")
check([x["seed"] for x in d["draws"]] == list(range(1, 21)), "seeds in order")
c = d["count"]
check(c["holds"] + c["fails"] + c["undecided"] == 20, "counts %r" % c)
check(c["holds"] == 20, "at alpha = 1e-60 every 5 x 8 draw should satisfy the hypotheses: %r" % c)
for x in d["draws"]:
    lo, hi = enc(x["M"])
    check(D("1") <= lo and hi - lo <= lo * D("1e-30"), "M of seed %d: %r" % (x["seed"], x["M"]))
    check(x["verdict"] == "holds" and x["failed"] == [] and x["undecided"] == [], "seed %d: %r" % (x["seed"], x))
cp = d["fraction_all_hold"]["clopper_pearson_95"]
# 20 successes of 20: the exact lower limit is (0.025)^(1/20) = 0.831566528...
check(D(cp["lo"]) <= D("0.8315665290169") and D(cp["hi"]) == 1, "Clopper-Pearson %r" % cp)
check(D(cp["lo"]) >= D("0.8315665"), "Clopper-Pearson lower limit too loose: %r" % cp)
check(d["epsilon"] == "0.1", "epsilon printed as %r" % d["epsilon"])
# incremental learning observed: every E_k non-empty at alpha = 1e-60 (the theorem applies: I_k inside E_k)
for x in d["draws"]:
    check(x["eps_window_nonempty"] == ["holds"] * 5 and x["incremental"] == "holds", "seed %d: %r" % (x["seed"], x))
check(d["count_incremental"] == d["count"], "count_incremental %r" % d["count_incremental"])
check(d["fraction_incremental"] == d["fraction_all_hold"], "fraction_incremental %r" % d["fraction_incremental"])
'
run random-init "$F" --seeds 1..20 --json
grep -v '"seconds"' "$OUT" >"$TMP/second.txt"
grep -v '"seconds"' "$TMP/first.json" | cmp -s - "$TMP/second.txt" || fail "two runs of random-init differ"
# --jobs: the seeds shared by worker processes give the same output as one process, JSON and text.
for j in 1 3; do
  run random-init "$F" --seeds 1..20 --json --jobs $j
  expect_ok "random-init --jobs $j"
  grep -v '"seconds"' "$OUT" | cmp -s - "$TMP/second.txt" || fail "random-init --jobs $j differs from the default run"
  run random-init "$F" --seeds 1..20 --jobs $j
  expect_ok "random-init text --jobs $j"
  cp "$OUT" "$TMP/text$j.txt"
done
cmp -s "$TMP/text1.txt" "$TMP/text3.txt" || fail "random-init text output differs between --jobs 1 and 3"
pass

# M of seed 7 equals that of `incert check` on the instance with "seed": 7.
sed 's/"seed": 42/"seed": 7/' "$F" >"$TMP/seed7.json"
run check "$TMP/seed7.json" --json
expect_ok "check seed 7"
check_json "M of seed 7: random-init and check agree" "
ref = [x for x in json.load(open('$TMP/first.json'))['draws'] if x['seed'] == 7][0]['M']
m = d['constants']['M']
check(enc(m)[0] <= enc(ref)[1] and enc(ref)[0] <= enc(m)[1], 'M %r vs %r' % (m, ref))
"

# alpha too large: alpha_small fails for every draw; the interval is then [0, 1 - 0.025^(1/20)].
sed 's/"alpha": "1e-60"/"alpha": "1e-5"/' "$F" >"$TMP/large_alpha.json"
run random-init "$TMP/large_alpha.json" --seeds 1..20 --json
expect_ok "random-init at alpha 1e-5"
check_json "alpha 1e-5: fails" '
check(d["count"]["fails"] == 20, "counts %r" % d["count"])
for x in d["draws"]:
    check(x["verdict"] == "fails" and "alpha_small" in x["failed"], "seed %d: %r" % (x["seed"], x))
cp = d["fraction_all_hold"]["clopper_pearson_95"]
check(D(cp["lo"]) == 0 and D("0.16843347") <= D(cp["hi"]) <= D("0.1684335"), "Clopper-Pearson %r" % cp)
# incremental learning is decided per draw whatever the hypotheses: the conjunction of the k verdicts
order = {"fails": 0, "undecided": 1, "holds": 2}
for x in d["draws"]:
    v = min(x["eps_window_nonempty"], key=lambda s: order[s])
    check(x["incremental"] == v, "seed %d: incremental %r from %r" % (x["seed"], x["incremental"], x["eps_window_nonempty"]))
c = d["count_incremental"]
check(c["holds"] + c["fails"] + c["undecided"] == 20, "count_incremental %r" % c)
'

# r = 3 < n = 5: W~0 singular for every draw, M undefined.
sed 's/"r": 8/"r": 3/' "$F" >"$TMP/r3.json"
run random-init "$TMP/r3.json" --seeds 1..5 --json
expect_ok "random-init r = 3"
check_json "r < n: W0_invertible fails" '
for x in d["draws"]:
    check(x["verdict"] == "fails" and "W0_invertible" in x["failed"] and x["M"] is None, "seed %d: %r" % (x["seed"], x))
    check(x["precision_bits"] == 128, "no escalation for a singular draw: %r" % x)
    # rank U0 = 3: E_4, E_5 empty at every alpha (sigma_4 = 2 > eps, the rank obstruction)
    check(x["eps_window_nonempty"][3:] == ["fails", "fails"] and x["incremental"] == "fails", "seed %d: %r" % (x["seed"], x))
check(d["count_incremental"]["fails"] == 5, "count_incremental %r" % d["count_incremental"])
'

# Text output.
run random-init "$F" --seeds 3..4
expect_ok "random-init text"
grep -q "Clopper-Pearson 95% interval" "$OUT" || fail "text output lacks the Clopper-Pearson interval"
grep -q "^Incremental learning of every k observed" "$OUT" || fail "text output lacks the incremental-learning count"
pass

# Bad arguments.
run random-init "$F"
expect_usage_error "no --seeds" "--seeds"
for s in "5..1" "a..b" "1-5" "1..100000000" "..3" "-1..3"; do
  run random-init "$F" --seeds "$s"
  expect_usage_error "--seeds $s" "--seeds"
done
run random-init data/default.json --seeds 1..3
expect_usage_error "not a Gaussian instance" "init"
run random-init "$F" --seeds 1..3 --bogus
expect_usage_error "unknown option" "--bogus"
done_ok
