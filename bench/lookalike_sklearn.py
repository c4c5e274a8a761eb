"""scikit-learn's exact k nearest neighbours on the matrices bench/lookalike.ts wrote (reference rows
first, then the candidates, scaled as lookalikeCustomers scaled them), for comparison:

    /usr/bin/python3 bench/lookalike_sklearn.py [candidates] [references]

Times NearestNeighbors(n_neighbors=5, algorithm="kd_tree") fit + kneighbors, three runs, one thread
(the k-d tree query of scikit-learn 1.2 runs on one core), and prints the mean of the first five and
the last of the ranked mean distances, to set beside bench/lookalike.ts' line.
"""
import sys
import time

import numpy as np
import sklearn
from sklearn.neighbors import NearestNeighbors

n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
m = int(sys.argv[2]) if len(sys.argv) > 2 else 10_000
x = np.fromfile(f"bench/out/lookalike-{n}x{m}.f64", dtype="<f8").reshape(-1, 3)
ref, cand = x[:m], x[m:]
times = []
cpu = []
for _ in range(3):
    t, c = time.perf_counter(), time.process_time()
    nn = NearestNeighbors(n_neighbors=5, algorithm="kd_tree").fit(ref)
    dist, _ = nn.kneighbors(cand)
    times.append(time.perf_counter() - t)
    cpu.append(time.process_time() - c)
mean = np.sort(dist.mean(axis=1))
print(
    f"scikit-learn {sklearn.__version__} NearestNeighbors kd_tree, {n:,} x {m:,}, k = 5: "
    f"{', '.join(f'{v:.2f}' for v in times)} s wall; CPU {', '.join(f'{v:.2f}' for v in cpu)} s; "
    f"first 5 ranked: mean distance {mean[:5].mean():.6f}; last: {mean[-1]:.6f}"
)
