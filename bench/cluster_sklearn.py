"""scikit-learn on the matrix bench/cluster.ts wrote (bench/cluster.ts runs this itself, in the same run):
    OMP_NUM_THREADS=1 /usr/bin/python3 bench/cluster_sklearn.py [customers] [--json]
Times KMeans(k=4, algorithm="lloyd") with one start and with 10, single-threaded, seeds 0-9 for one start and 0-2 for 10 (wall and
CPU time: on a loaded machine the CPU time is the steadier figure), and prints inertias and n_iter_ of the
kept start; with --json, one JSON object (what bench/cluster.ts reads) instead of the lines."""
import json
import sys
import time

import numpy as np
from sklearn.cluster import KMeans

args = [a for a in sys.argv[1:] if not a.startswith("--")]
n = int(args[0]) if args else 1_000_000
X = np.fromfile(f"bench/out/cluster-{n}.f64", dtype=np.float64).reshape(n, 3)
KMeans(n_clusters=4, n_init=1, algorithm="lloyd", random_state=0).fit(X[:10_000])  # warm-up
out = {}
for n_init in (1, 10):
    times, cpus, iters, inertias = [], [], [], []
    for seed in range(10 if n_init == 1 else 3):
        t = time.perf_counter()
        c = time.process_time()
        km = KMeans(n_clusters=4, n_init=n_init, algorithm="lloyd", random_state=seed).fit(X)
        cpus.append(time.process_time() - c)
        times.append(time.perf_counter() - t)
        inertias.append(float(km.inertia_))
        iters.append(int(km.n_iter_))
    out[str(n_init)] = {"wall": times, "cpu": cpus, "iterations": iters, "inertia": inertias}
    if "--json" not in sys.argv:
        print(
            f"scikit-learn lloyd, {n:,} x 3, k = 4, {n_init} start(s): wall {', '.join(f'{s:.2f}' for s in times)} s; "
            f"CPU {', '.join(f'{s:.2f}' for s in cpus)} s; iterations of the kept start {', '.join(map(str, iters))}; "
            f"inertia (last seed) {inertias[-1]:.1f}"
        )
if "--json" in sys.argv:
    print(json.dumps(out))
