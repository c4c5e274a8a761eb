"""Runs a notebook's code cells in order on one Jupyter kernel and writes the notebook with the outputs.

Usage (scripts/run-notebook.sh calls it): python3 scripts/run-notebook.py NOTEBOOK OUT KERNEL_NAME

Why not `jupyter nbconvert --execute`: the Deno kernel (deno 2.x) now and then sends a cell's
execute_result after its "idle" status; nbconvert/nbclient stop listening at "idle", so that output
is lost without an error (about one cell per run of examples/notebook.ipynb). Here every cell's
messages are read until "idle" and then for a short grace period, so late outputs are kept.
"""
import os
import queue
import sys

import nbformat
from jupyter_client.manager import start_new_kernel
from nbformat.v4 import output_from_msg

CELL_TIMEOUT = 600  # seconds for one cell
GRACE = 1.5  # seconds to keep listening after "idle" for outputs sent late

source, target, kernel_name = sys.argv[1:4]
nb = nbformat.read(source, as_version=4)
km, kc = start_new_kernel(kernel_name=kernel_name, cwd=os.path.dirname(os.path.abspath(source)))
try:
    for n, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        cell.outputs = []
        msg_id = kc.execute(cell.source, store_history=True)
        idle = False
        while True:
            try:
                msg = kc.get_iopub_msg(timeout=GRACE if idle else CELL_TIMEOUT)
            except queue.Empty:
                if idle:
                    break
                sys.exit(f"run-notebook: cell {cell.get('id', n)} did not finish in {CELL_TIMEOUT} s")
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            kind = msg["msg_type"]
            if kind == "status":
                idle = idle or msg["content"]["execution_state"] == "idle"
            elif kind == "clear_output":
                cell.outputs = []
            elif kind in ("execute_result", "display_data", "stream", "error"):
                cell.outputs.append(output_from_msg(msg))
        reply = kc.get_shell_msg(timeout=CELL_TIMEOUT)
        while reply["parent_header"].get("msg_id") != msg_id:
            reply = kc.get_shell_msg(timeout=CELL_TIMEOUT)
        cell.execution_count = reply["content"].get("execution_count")
        for out in cell.outputs:
            if out.get("output_type") == "execute_result":
                out["execution_count"] = cell.execution_count
        if reply["content"]["status"] != "ok":
            content = reply["content"]
            print("\n".join(content.get("traceback", [])) or f"{content.get('ename')}: {content.get('evalue')}", file=sys.stderr)
            sys.exit(f"run-notebook: cell {cell.get('id', n)} failed: {content.get('ename')}: {content.get('evalue')}")
finally:
    kc.stop_channels()
    km.shutdown_kernel(now=True)

nbformat.validate(nb)
with open(target, "w", encoding="utf-8") as out:
    out.write(nbformat.writes(nb))
    out.write("\n")
