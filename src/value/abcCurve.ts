import { evalSpline, fmmSpline } from "../internal/fmmSpline.js";
import { sumError } from "../internal/neumaier.js";

/** The ABC curve of R `ABCanalysis` 1.2.1 on its grid, and the points of the computed analysis. */
export interface AbcCurve {
  /** Grid p_j = j·0.01 (fewer than 101 items) or j·0.001. */
  effort: Float64Array;
  /** Cumulative value share at each grid point (FMM spline through the empirical curve, clamped at 1). */
  yield: Float64Array;
  /** Slope of the curve, evaluated at u_j = j/m as R does. */
  slope: Float64Array;
}

/**
 * The ABC curve: values sorted in decreasing order, cumulative share against customer share, with
 * (0, 0) prepended, interpolated on a regular grid by R's FMM spline exactly as `ABCcurve` does.
 * `values` must already be cleaned (finite, ≥ 0) with a positive total.
 */
export function abcCurve(values: Float64Array): AbcCurve {
  return abcCurveOfSorted(Float64Array.from(values).sort().reverse());
}

/** {@link abcCurve} of values already sorted in decreasing order. */
export function abcCurveOfSorted(sorted: Float64Array): AbcCurve {
  const n = sorted.length;
  // R's cumsum accumulates in long double; the fixtures agree with a compensated running sum.
  const x = new Float64Array(n + 1);
  const y = new Float64Array(n + 1);
  let s = 0;
  let comp = 0;
  for (let k = 0; k < n; k++) {
    const v = sorted[k];
    const t = s + v;
    comp += sumError(s, v, t);
    s = t;
    y[k + 1] = s + comp;
  }
  const total = y[n];
  for (let k = 1; k <= n; k++) {
    y[k] = y[k] / total;
    x[k] = k / n;
  }
  const steps = n < 101 ? 100 : 1000;
  const by = n < 101 ? 0.01 : 0.001;
  const effort = new Float64Array(steps + 1);
  for (let j = 0; j <= steps; j++) effort[j] = j * by;
  const yieldValues = evalSpline(fmmSpline(x, y), effort);
  let first = -1;
  for (let j = 0; j < yieldValues.length; j++) {
    if (yieldValues[j] >= 1) {
      first = j;
      break;
    }
  }
  if (first >= 0) yieldValues.fill(1, first);
  const m = effort.length;
  const u = new Float64Array(m);
  for (let j = 0; j < m; j++) u[j] = (j + 1) / m;
  const slope = evalSpline(fmmSpline(effort, yieldValues), u, 1);
  return { effort, yield: yieldValues, slope };
}
