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

/**
 * The spline through (x, y) at `u`: the same numbers as `evalSpline(fmmSpline(x, y), u)`, bit for bit,
 * for many points and few `u` (the ABC curve: a million points, 1,001 grid values). The tridiagonal
 * system is set up and eliminated in one pass and solved in a second, over two arrays; the interval
 * widths are taken again from `x` where needed (the same subtraction, so the same numbers), and the
 * polynomial coefficients are made only for the intervals `u` falls in.
 */
export function fmmSplineAt(xs: Float64Array, ys: Float64Array, u: ArrayLike<number>): Float64Array {
  const n = xs.length;
  if (n < 3) return evalSpline(fmmSpline(xs, ys), u);
  // the interval of each u, found exactly as evalSpline finds it (it depends on x only)
  const n1 = n - 1;
  const at = new Int32Array(u.length);
  let i = 0;
  for (let l = 0; l < u.length; l++) {
    const ul = u[l];
    if (ul < xs[i] || (i < n1 && xs[i + 1] < ul)) {
      i = 0;
      let j = n;
      do {
        const k = Math.floor((i + j) / 2);
        if (ul < xs[k]) j = k;
        else i = k;
      } while (j > i + 1);
    }
    at[l] = i;
  }
  // R's fmm_spline with 1-based b and c; x[i] is xs[i - 1], y[i] is ys[i - 1], d[i] = x[i + 1] − x[i]
  const b = new Float64Array(n + 1);
  const c = new Float64Array(n + 1);
  const nm1 = n - 1;
  const d1 = xs[1] - xs[0];
  b[1] = -d1;
  let slopePrev = (ys[1] - ys[0]) / d1; // c[2] before the second differences
  if (n > 3) {
    const d2 = xs[2] - xs[1];
    const s2 = (ys[2] - ys[1]) / d2;
    const d3 = xs[3] - xs[2];
    const s3 = (ys[3] - ys[2]) / d3;
    const c2 = s2 - slopePrev;
    const c3 = s3 - s2;
    const c1 = c3 / (xs[3] - xs[1]) - c2 / (xs[2] - xs[0]);
    c[1] = (c1 * d1 * d1) / (xs[3] - xs[0]);
  }
  // the first loop of fmm_spline (d, b and the second differences in c) and the elimination, fused:
  // step i of the elimination needs only row i - 1 eliminated and row i set up
  let dPrev = d1;
  let cRawPrev = 0; // c[i - 1] before elimination, for the end condition at n
  let cRaw = 0;
  for (let k = 2; k < n; k++) {
    const dk = xs[k] - xs[k - 1];
    const slope = (ys[k] - ys[k - 1]) / dk;
    cRawPrev = cRaw;
    cRaw = slope - slopePrev;
    slopePrev = slope;
    const t = dPrev / b[k - 1];
    b[k] = 2.0 * (dPrev + dk) - t * dPrev;
    c[k] = cRaw - t * c[k - 1];
    dPrev = dk;
  }
  // dPrev is d[n − 1]; cRaw and cRawPrev are c[n − 1] and c[n − 2] before elimination
  let cn = 0;
  if (n > 3) {
    cn = cRaw / (xs[n - 1] - xs[n - 3]) - cRawPrev / (xs[n - 2] - xs[n - 4]);
    cn = (-cn * dPrev * dPrev) / (xs[n - 1] - xs[n - 4]);
  }
  {
    const t = dPrev / b[nm1];
    b[n] = -dPrev - t * dPrev;
    c[n] = cn - t * c[nm1];
  }
  c[n] = c[n] / b[n];
  for (let k = nm1; k >= 1; k--) c[k] = (c[k] - (xs[k] - xs[k - 1]) * c[k + 1]) / b[k];
  // the coefficients of the intervals used, as the last loop of fmm_spline makes them
  const v = new Float64Array(u.length);
  for (let l = 0; l < u.length; l++) {
    const k = at[l] + 1; // 1-based interval
    let bk: number;
    let ck: number;
    let dk: number;
    if (k < n) {
      const w = xs[k] - xs[k - 1];
      bk = (ys[k] - ys[k - 1]) / w - w * (c[k + 1] + 2.0 * c[k]);
      dk = (c[k + 1] - c[k]) / w;
      ck = 3.0 * c[k];
    } else {
      const w = xs[nm1] - xs[nm1 - 1];
      bk = (ys[nm1] - ys[nm1 - 1]) / w + w * (c[nm1] + 2.0 * c[n]);
      dk = (c[n] - c[nm1]) / w;
      ck = 3.0 * c[n];
    }
    const dx = u[l] - xs[k - 1];
    v[l] = ys[k - 1] + dx * (bk + dx * (ck + dx * dk));
  }
  return v;
}
