/**
 * Cubic interpolating spline with Forsythe, Malcolm & Moler's end conditions (the cubics through the
 * first four and last four points fix the third derivative at the ends), written as R's
 * `stats` C code (`fmm_spline`, `spline_eval`) computes it, so `spline(x, y, xout, method = "fmm")` and
 * `splinefun(x, y)(u, deriv = 1)` are reproduced to the last bit or close to it.
 *
 * @see Forsythe, G. E., Malcolm, M. A. & Moler, C. B. (1977). *Computer Methods for Mathematical
 *   Computations*. Prentice-Hall.
 */
export interface SplineCoefficients {
  x: Float64Array;
  y: Float64Array;
  b: Float64Array;
  c: Float64Array;
  d: Float64Array;
}

/** Spline coefficients through (x, y); x strictly increasing, length ≥ 2. */
export function fmmSpline(xs: ArrayLike<number>, ys: ArrayLike<number>): SplineCoefficients {
  const n = xs.length;
  // 1-based arrays as in the C original, so every index below reads as in R's source.
  const x = new Float64Array(n + 1);
  const y = new Float64Array(n + 1);
  const b = new Float64Array(n + 1);
  const c = new Float64Array(n + 1);
  const d = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) {
    x[i + 1] = xs[i];
    y[i + 1] = ys[i];
  }
  const out = (): SplineCoefficients => ({ x: x.subarray(1), y: y.subarray(1), b: b.subarray(1), c: c.subarray(1), d: d.subarray(1) });
  if (n < 3) {
    const t = y[2] - y[1];
    b[1] = t / (x[2] - x[1]);
    b[2] = b[1];
    c[1] = c[2] = d[1] = d[2] = 0;
    return out();
  }
  const nm1 = n - 1;
  d[1] = x[2] - x[1];
  c[2] = (y[2] - y[1]) / d[1];
  for (let i = 2; i < n; i++) {
    d[i] = x[i + 1] - x[i];
    b[i] = 2.0 * (d[i - 1] + d[i]);
    c[i + 1] = (y[i + 1] - y[i]) / d[i];
    c[i] = c[i + 1] - c[i];
  }
  b[1] = -d[1];
  b[n] = -d[nm1];
  c[1] = c[n] = 0.0;
  if (n > 3) {
    c[1] = c[3] / (x[4] - x[2]) - c[2] / (x[3] - x[1]);
    c[n] = c[nm1] / (x[n] - x[n - 2]) - c[n - 2] / (x[nm1] - x[n - 3]);
    c[1] = (c[1] * d[1] * d[1]) / (x[4] - x[1]);
    c[n] = (-c[n] * d[nm1] * d[nm1]) / (x[n] - x[n - 3]);
  }
  for (let i = 2; i <= n; i++) {
    const t = d[i - 1] / b[i - 1];
    b[i] = b[i] - t * d[i - 1];
    c[i] = c[i] - t * c[i - 1];
  }
  c[n] = c[n] / b[n];
  for (let i = nm1; i >= 1; i--) c[i] = (c[i] - d[i] * c[i + 1]) / b[i];
  b[n] = (y[n] - y[n - 1]) / d[n - 1] + d[n - 1] * (c[n - 1] + 2.0 * c[n]);
  for (let i = 1; i <= nm1; i++) {
    b[i] = (y[i + 1] - y[i]) / d[i] - d[i] * (c[i + 1] + 2.0 * c[i]);
    d[i] = (c[i + 1] - c[i]) / d[i];
    c[i] = 3.0 * c[i];
  }
  c[n] = 3.0 * c[n];
  d[n] = d[nm1];
  return out();
}

/**
 * Evaluates the spline (deriv 0) or its first derivative (deriv 1) at `u`, as R's `spline_eval`
 * (for deriv 1, R's `splinefun` evaluates the coefficients (b, 2c, 3d, 0) the same way).
 */
export function evalSpline(s: SplineCoefficients, u: ArrayLike<number>, deriv: 0 | 1 = 0): Float64Array {
  const n = s.x.length;
  const n1 = n - 1;
  const { x } = s;
  const Y = deriv === 0 ? s.y : s.b;
  const B = deriv === 0 ? s.b : s.c.map((v) => 2 * v);
  const C = deriv === 0 ? s.c : s.d.map((v) => 3 * v);
  const D = deriv === 0 ? s.d : new Float64Array(n);
  const v = new Float64Array(u.length);
  let i = 0;
  for (let l = 0; l < u.length; l++) {
    const ul = u[l];
    if (ul < x[i] || (i < n1 && x[i + 1] < ul)) {
      i = 0;
      let j = n;
      do {
        const k = Math.floor((i + j) / 2);
        if (ul < x[k]) j = k;
        else i = k;
      } while (j > i + 1);
    }
    const dx = ul - x[i];
    v[l] = Y[i] + dx * (B[i] + dx * (C[i] + dx * D[i]));
  }
  return v;
}
