"""scikit-learn on the matrix bench/cluster.ts wrote (run that first):
    OMP_NUM_THREADS=1 /usr/bin/python3 bench/cluster_sklearn.py [customers]
Times KMeans(k=4, algorithm="lloyd") with one start and with 10, single-threaded (wall and CPU time: on a
loaded machine the CPU time is the steadier figure), and prints inertias and n_iter_ of the kept start."""
import sys
import time

import numpy as np
from sklearn.cluster import KMeans

n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
X = np.fromfile(f"bench/out/cluster-{n}.f64", dtype=np.float64).reshape(n, 3)
for n_init in (1, 10):
    times, cpus, iters, inertia = [], [], [], None
    for seed in range(3):
        t = time.perf_counter()
        c = time.process_time()
        km = KMeans(n_clusters=4, n_init=n_init, algorithm="lloyd", random_state=seed).fit(X)
        cpus.append(time.process_time() - c)
        times.append(time.perf_counter() - t)
        inertia = km.inertia_
        iters.append(km.n_iter_)
    print(
        f"scikit-learn lloyd, {n:,} x 3, k = 4, {n_init} start(s): wall {', '.join(f'{s:.2f}' for s in times)} s; "
        f"CPU {', '.join(f'{s:.2f}' for s in cpus)} s; iterations of the kept start {', '.join(map(str, iters))}; "
        f"inertia (last seed) {inertia:.1f}"
    )
