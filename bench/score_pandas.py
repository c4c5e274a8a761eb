"""pandas anchor for bench/score.ts: qcut (quintiles) and rank-based quintiles on the same customers.

Reads a binary file of n float64 recency, frequency, monetary values written by bench/score.ts
(argv[1]), times 3 passes of each method (argv[3], comma-separated, default both) and prints one JSON line. The methods mirror scoreRfm:
"quantile" = pd.qcut(..., 5, labels=False, duplicates="drop") per column; "rank" =
pd.qcut(col.rank(method="first"), 5, labels=False) per column (equal-count bins, ties by position).
"""
import json
import sys
import time

import numpy as np
import pandas as pd

path, n = sys.argv[1], int(sys.argv[2])
methods = sys.argv[3].split(",") if len(sys.argv) > 3 else ["quantile", "rank"]
raw = np.fromfile(path, dtype=np.float64)
df = pd.DataFrame({"recency": raw[:n], "frequency": raw[n:2 * n], "monetary": raw[2 * n:3 * n]})
df.index = pd.Index([f"C{i:07d}" for i in range(n)])


def quantile():
    return [pd.qcut(df[c], 5, labels=False, duplicates="drop") for c in df.columns]


def rank():
    return [pd.qcut(df[c].rank(method="first"), 5, labels=False) for c in df.columns]


out = {}
for name, f in [("quantile", quantile), ("rank", rank)]:
    if name not in methods:
        continue
    f()
    times = []
    for _ in range(3):
        t = time.perf_counter()
        f()
        times.append(time.perf_counter() - t)
    out[name] = times
print(json.dumps(out))
