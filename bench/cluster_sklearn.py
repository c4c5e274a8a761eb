"""scikit-learn on the matrix bench/cluster.ts wrote (run that first):
    OMP_NUM_THREADS=1 /usr/bin/python3 bench/cluster_sklearn.py [customers]
Times KMeans(k=4, algorithm="lloyd") with one start and with 10, single-threaded, and prints inertias."""
import sys
import time

import numpy as np
from sklearn.cluster import KMeans

n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
X = np.fromfile(f"bench/out/cluster-{n}.f64", dtype=np.float64).reshape(n, 3)
for n_init in (1, 10):
    times, inertia = [], None
    for seed in range(3):
        t = time.perf_counter()
        km = KMeans(n_clusters=4, n_init=n_init, algorithm="lloyd", random_state=seed).fit(X)
        times.append(time.perf_counter() - t)
        inertia = km.inertia_
    print(f"scikit-learn lloyd, {n:,} x 3, k = 4, {n_init} start(s): {', '.join(f'{s:.2f}' for s in times)} s; inertia (last seed) {inertia:.1f}")
