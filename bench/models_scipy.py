"""The models' realistic-summary objectives in numpy/scipy, for the ratio in bench/RESULTS.md.

    npx tsx bench/models.ts --realistic     # writes bench/out/realistic-summary.bin (and times the library)
    /usr/bin/python3 bench/models_scipy.py  # Debian's python3-scipy / python3-numpy
    /usr/bin/python3 bench/models_scipy.py bench/out/churn-summary.bin   # the churn data (bench/models.ts churn)
    SCIPY_MODELS=bg,gg SCIPY_FIT_SECONDS=60 /usr/bin/python3 bench/models_scipy.py   # some models, each capped at 60 s

Reads the same 1M-customer summary (frequency, recency, T, monetary value as four float64 blocks),
groups identical (x, t_x, T) triples with their counts as the library does, and minimises the same
objectives (mean negative log-likelihood per customer over log-parameters, times scaled by 1/max(T),
the same starting points) with scipy.optimize.minimize(method="BFGS") and its finite-difference
gradient, as lifetimes does: BG/NBD (note 027's log-sum-exp form), Pareto/NBD (lifetimes' form with
scipy.special.hyp2f1) and Gamma-Gamma. Prints the time of one likelihood pass and of each fit.
"""
import os
import sys
import time

import numpy as np
from scipy.optimize import minimize
from scipy.special import gammaln, hyp2f1, logsumexp

HERE = os.path.dirname(os.path.abspath(__file__))
# the realistic summary by default; bench/models.ts passes bench/out/churn-summary.bin for the churn data
path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "out", "realistic-summary.bin")
if not os.path.exists(path):
    sys.exit(f"{path} is missing: run `npx tsx bench/models.ts --realistic` first")
allv = np.fromfile(path, dtype="<f8")
n = allv.size // 4
freq, rec, T, mon = allv[:n], allv[n : 2 * n], allv[2 * n : 3 * n], allv[3 * n :]
t0 = time.perf_counter()
trip, w = np.unique(np.stack([freq, rec, T], axis=1), axis=0, return_counts=True)
x, tx, TT = trip[:, 0], trip[:, 1], trip[:, 2]
w = w.astype(float)
s = 1 / TT.max()
txs, Ts = tx * s, TT * s
print(f"{n:,} customers, {len(w):,} distinct triples (grouping {time.perf_counter() - t0:.2f} s)")


def bg_nll(phi):
    r, alpha, a, b = np.exp(phi)
    head = gammaln(r + x) - gammaln(r) + gammaln(a + b) + gammaln(b + x) - gammaln(b) - gammaln(a + b + x)
    alive = r * np.log(alpha) - (r + x) * np.log(alpha + Ts)
    with np.errstate(divide="ignore"):
        died = np.where(x > 0, np.log(a) - np.log(np.maximum(b + x - 1, 1e-300)) + r * np.log(alpha) - (r + x) * np.log(alpha + txs), -np.inf)
    return -np.sum(w * (head + logsumexp([alive, died], axis=0))) / n


def pareto_nll(phi):
    r, alpha, s_, beta = np.exp(phi)
    # lifetimes' ParetoNBDFitter._conditional_log_likelihood
    x_, t_x, T_ = x, txs, Ts
    max_ab = max(alpha, beta)
    min_ab = min(alpha, beta)
    abs_ab = max_ab - min_ab
    rsx = r + s_ + x_
    p_1 = s_ + 1 if alpha >= beta else r + x_
    p_2 = gammaln(r + x_) + r * np.log(alpha) + s_ * np.log(beta) - gammaln(r)
    with np.errstate(all="ignore"):
        log_A_0 = np.where(
            abs_ab == 0,
            np.log(np.where(t_x < T_, (max_ab + t_x) ** -rsx - (max_ab + T_) ** -rsx, 1.0)) - np.log(rsx),
            np.log(hyp2f1(rsx, p_1, rsx + 1, abs_ab / (max_ab + t_x)) * (max_ab + t_x) ** -rsx - hyp2f1(rsx, p_1, rsx + 1, abs_ab / (max_ab + T_)) * (max_ab + T_) ** -rsx) - np.log(rsx),
        )
        A1 = -(r + x_) * np.log(alpha + T_) - s_ * np.log(beta + T_)
        A2 = np.log(s_) + log_A_0
        ll = p_2 + np.logaddexp(A1, np.where(t_x < T_, A2, -np.inf))
    return -np.sum(w * ll) / n


buyers = freq > 0
gg_pairs, gw = np.unique(np.stack([freq[buyers], mon[buyers]], axis=1), axis=0, return_counts=True)
gx, gm, gw = gg_pairs[:, 0], gg_pairs[:, 1], gw.astype(float)
gn = int(buyers.sum())


def gg_nll(phi):
    p, q, v = np.exp(phi)
    px = p * gx
    ll = gammaln(px + q) - gammaln(px) - gammaln(q) + q * np.log(v) + (px - 1) * np.log(gm) + px * np.log(gx) - (px + q) * np.log(px * 0 + gx * gm + v)
    return -np.sum(gw * ll) / gn


LIMIT = float(os.environ.get("SCIPY_FIT_SECONDS", "300"))


class OutOfTime(Exception):
    pass


# SCIPY_MODELS=bg,gg,pn (default all) picks the models, to keep a locked run short
MODELS = os.environ.get("SCIPY_MODELS", "bg,gg,pn").split(",")
for key, name, f, start in [("bg", "BG/NBD", bg_nll, [0.1] * 4), ("gg", "Gamma-Gamma", gg_nll, [0.1] * 3), ("pn", "Pareto/NBD", pareto_nll, [0.0] * 4)]:
    if key not in MODELS:
        continue
    t = time.perf_counter()
    f(np.array(start))
    one = time.perf_counter() - t
    t = time.perf_counter()
    seen = {"nit": 0, "x": np.array(start)}

    def stop_when_late(xk):
        seen["nit"] += 1
        seen["x"] = xk
        if time.perf_counter() - t > LIMIT:
            raise OutOfTime()

    try:
        with np.errstate(all="ignore"):
            res = minimize(f, np.array(start), method="BFGS", callback=stop_when_late)
        dt = time.perf_counter() - t
        print(f"{name}: one pass {one:.3f} s; scipy BFGS {dt:.2f} s, {res.nit} iterations, {res.nfev} evaluations, success {res.success} ({res.message}); params {np.exp(res.x)} (alpha, beta / v in the scaled time unit); mean NLL {res.fun:.10f}")
    except OutOfTime:
        print(f"{name}: one pass {one:.3f} s; scipy BFGS stopped unfinished after {LIMIT:.0f} s (SCIPY_FIT_SECONDS), {seen['nit']} iterations; params then {np.exp(seen['x'])}, mean NLL {f(seen['x']):.10f}")
