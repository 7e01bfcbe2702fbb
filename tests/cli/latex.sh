#!/usr/bin/env bash
# LaTeX tables that fit (issue 16, part 2): every .tex this test writes with `incert table`
# (grid_small: the default layout, --landscape, --summary-only, --columns; the committed
# data/tables/paper.tex and paper_summary.tex) compiles with pdflatex (tools/compile_table.sh:
# twice, in a minimal article) with no overfull box; no column is missing: the union of the
# header cells of a section's parts is every column of the section (or exactly the --columns
# given, in order); numbers are set in math ($10^{-7}$, $[a, b] \times 10^{e}$, no 0.0000...);
# bad --columns exit 2. Skipped (with a note) when pdflatex is not installed.
source "$(dirname "${BASH_SOURCE[0]}")/lib.bash" "$@"
command -v pdflatex >/dev/null 2>&1 || { echo "note: pdflatex not installed (Debian: texlive-latex-base texlive-latex-recommended); LaTeX not compiled" >&2; done_ok; }

G=data/tables/grid_small.json
run table "$G" --format tex --out "$TMP/default.tex"
expect_rc 0 "tex default"
run table "$G" --format tex --landscape --out "$TMP/landscape.tex"
expect_rc 0 "tex --landscape"
run table "$G" --format tex --summary-only --out "$TMP/summary.tex"
expect_rc 0 "tex --summary-only"
run table "$G" --format tex,md --columns instance,alpha,k,I_start,I_end,error_upper,window_inside --out "$TMP/columns"
expect_rc 0 "tex --columns"
cp data/tables/paper.tex data/tables/paper_summary.tex "$TMP/"

for f in default landscape summary columns paper paper_summary; do
  "$ROOT/tools/compile_table.sh" "$TMP/$f.tex" "$TMP/$f.pdf" 2>"$TMP/err" || { cat "$TMP/err" >&2; fail "$f.tex does not compile cleanly"; }
  pass
done

python3 - "$TMP" <<'PY' || fail "a column is missing from the LaTeX (see above)"
import re, sys
tmp = sys.argv[1]
ROWS = 18  # columns of the rows section (src/table.cpp rows_section)
SUMMARY = 11
def sections(path):
    """{section name: [header cells of each part]}"""
    out, name, expect = {}, None, False
    for line in open(path):
        m = re.match(r"% (rows|summary): ", line)
        if m:
            name = m.group(1)
            out[name] = []
        if line.startswith("\\toprule"):
            expect = True
            continue
        if expect:
            out[name].append([c.strip() for c in line.rstrip().rstrip("\\").split(" & ")])
            expect = False
    return out
def union(parts):
    seen = []
    for p in parts:
        for c in p:
            if c not in seen:
                seen.append(c)
    return seen
for f in ("default", "landscape", "paper"):
    s = sections(f"{tmp}/{f}.tex")
    assert len(union(s["rows"])) == ROWS, (f, union(s["rows"]))
    assert len(union(s["summary"])) == SUMMARY, (f, union(s["summary"]))
s = sections(f"{tmp}/summary.tex")
assert "rows" not in s and len(union(s["summary"])) == SUMMARY, s
s = sections(f"{tmp}/columns.tex")
assert union(s["rows"]) == ["instance", "$\\alpha$", "$k$", "$I_k$ start", "$I_k$ end",
                            "$\\max_{t \\in I_k} \\|W(t) - \\hat Y_k\\|_2 \\le$", "$\\le \\varepsilon$ certified on"], union(s["rows"])
md = open(f"{tmp}/columns.md").read()
assert "| instance | alpha | k | I_k start | I_k end | max error over I_k <= | <= eps certified on |" in md, md[:2000]
tex = open(f"{tmp}/paper.tex").read()
assert "$10^{-7}$" in tex and "\\times 10^{-17}$" in tex, "math numbers"
assert not re.search(r"\b0\.0000", tex.split("\\toprule", 1)[1]), "a small number in fixed notation"
PY
pass

run table "$G" --format tex --columns instance,nope
expect_usage_error "unknown column" "--columns"
run table "$G" --format tex --columns instance,,k
expect_usage_error "empty column" "--columns"
done_ok
