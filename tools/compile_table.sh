#!/usr/bin/env bash
# tools/compile_table.sh TABLE.tex [OUT.pdf]: compiles a table written by `incert table --format tex`
# (a fragment) inside a minimal article document (booktabs, longtable, pdflscape) with pdflatex,
# twice (longtable settles its column widths on the second run), in a temporary directory, and
# writes OUT.pdf (default: TABLE.pdf beside it). Exit 1 when pdflatex fails, or the log reports an
# overfull box or asks for another run (a table that does not fit the page, or unstable widths);
# the offending log lines go to stderr. Needs pdflatex (Debian: texlive-latex-base,
# texlive-latex-recommended).
set -u
[ $# -ge 1 ] || { echo "usage: tools/compile_table.sh TABLE.tex [OUT.pdf]" >&2; exit 2; }
src=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
out=${2:-${1%.tex}.pdf}
command -v pdflatex >/dev/null || { echo "compile_table.sh: pdflatex not found (Debian: texlive-latex-base)" >&2; exit 2; }
work=$(mktemp -d "${TMPDIR:-/tmp}/incert_tex.XXXXXX")
trap 'rm -rf "$work"' EXIT
cp "$src" "$work/table.tex"
cat >"$work/doc.tex" <<'TEX'
\documentclass{article}
\usepackage[T1]{fontenc}
\usepackage{booktabs,longtable,pdflscape}
\begin{document}
\input{table.tex}
\end{document}
TEX
for run in 1 2; do
  (cd "$work" && pdflatex -interaction=nonstopmode -halt-on-error doc.tex >pdflatex.out 2>&1) || {
    echo "compile_table.sh: pdflatex failed on $1:" >&2
    grep -A3 '^!' "$work/doc.log" >&2
    exit 1
  }
done
if grep -E 'Overfull|Rerun|Label\(s\) may have changed' "$work/doc.log" >&2; then
  echo "compile_table.sh: $1 does not fit the page (lines above from the LaTeX log)" >&2
  exit 1
fi
cp "$work/doc.pdf" "$out.tmp.$$" && mv "$out.tmp.$$" "$out"
