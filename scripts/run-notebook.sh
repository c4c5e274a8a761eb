#!/usr/bin/env bash
# Runs examples/notebook.ipynb top to bottom with the Deno Jupyter kernel and saves it with its outputs,
# so the committed notebook shows what the code gives on the real data.
#
#   scripts/run-notebook.sh /path/to/online_retail.csv.gz    # or: ONLINE_RETAIL_CSV=/path/... scripts/run-notebook.sh
#
# The data: UCI Online Retail (id 352, 541,909 rows) as CSV, plain or gzipped, with the UCI column
# names (InvoiceNo, StockCode, Description, Quantity, InvoiceDate, UnitPrice, CustomerID, Country);
# examples/README.md says how to make it from UCI's Excel file. Without an argument or ONLINE_RETAIL_CSV
# the script looks for ../shared/data/online_retail_ii/online_retail_2010-12-01_2011-12-09.csv.gz beside
# the repository, and stops with an error when that is not there either.
#
# Needs `npm install` (Deno comes from node_modules) and Python with Jupyter's client libraries
# (jupyter_client, nbformat): on Debian 12 `apt-get install -y jupyter-nbconvert python3-nbclient`, or
# `pip install nbconvert nbclient` in a venv (examples/README.md). The cells run through
# scripts/run-notebook.py (not `jupyter nbconvert --execute`, which loses outputs the Deno kernel sends
# late). The Deno kernel is registered in a temporary folder (JUPYTER_PATH) for this run only: your own
# Jupyter kernels are left as they are. The notebook is replaced only when every cell ran and showed
# its value.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
notebook="$root/examples/notebook.ipynb"
fail() {
  echo "run-notebook: $*" >&2
  exit 1
}

data="${1:-${ONLINE_RETAIL_CSV:-}}"
beside="$root/../shared/data/online_retail_ii/online_retail_2010-12-01_2011-12-09.csv.gz"
if [ -z "$data" ] && [ -f "$beside" ]; then data="$beside"; fi
[ -n "$data" ] || fail "which data? Give the path of UCI Online Retail as CSV (.csv or .csv.gz) as the argument or in ONLINE_RETAIL_CSV (examples/README.md says how to get it)"
[ -f "$data" ] || fail "$data: no such file (UCI Online Retail as CSV, .csv or .csv.gz)"
data="$(cd "$(dirname "$data")" && pwd)/$(basename "$data")"

deno="$root/node_modules/.bin/deno"
[ -x "$deno" ] || fail "no Deno at node_modules/.bin/deno: run npm install first"
# A Python with Jupyter's client libraries: the one on PATH (a venv), else Debian's.
python=""
for py in python3 /usr/bin/python3; do
  if command -v "$py" >/dev/null && "$py" -c "import nbformat, jupyter_client" 2>/dev/null; then python="$py"; break; fi
done
[ -n "$python" ] || fail "no Python with nbformat and jupyter_client: on Debian 12 apt-get install -y jupyter-nbconvert python3-nbclient, or see examples/README.md for a venv"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# The Deno kernel, for this run only (what `deno jupyter --install` writes, in a folder of our own).
mkdir -p "$work/kernels/deno"
cat >"$work/kernels/deno/kernel.json" <<EOF
{ "argv": ["$deno", "jupyter", "--kernel", "--conn", "{connection_file}"], "display_name": "Deno", "language": "typescript" }
EOF

echo "run-notebook: running examples/notebook.ipynb on $data"
ONLINE_RETAIL_CSV="$data" JUPYTER_PATH="$work${JUPYTER_PATH:+:$JUPYTER_PATH}" NO_COLOR=1 \
  "$python" "$root/scripts/run-notebook.py" "$notebook" "$work/notebook.ipynb" deno 2>"$work/log" ||
  { grep -v '"deno jupyter" is unstable' "$work/log" >&2; fail "a cell failed (the notebook was left as it was)"; }
# Every code cell but the imports ends in a value to show: one without output is an error.
missing="$("$python" - "$work/notebook.ipynb" <<'EOF'
import json, sys
nb = json.load(open(sys.argv[1], encoding="utf-8"))
code = [c for c in nb["cells"] if c["cell_type"] == "code"]
only_imports = lambda c: all(l.startswith("import ") or not l.strip() for l in "".join(c["source"]).splitlines())
print(" ".join(c["id"] for c in code if not c["outputs"] and not only_imports(c)))
EOF
)"
[ -z "$missing" ] || fail "cells without output: $missing (the notebook was left as it was)"
cp "$work/notebook.ipynb" "$notebook"
echo "run-notebook: wrote examples/notebook.ipynb with its outputs"
