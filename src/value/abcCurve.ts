import { evalSpline, fmmSpline, fmmSplineAt } from "../internal/fmmSpline.js";
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
  const sorted = Float64Array.from(values).sort().reverse();
  return abcCurveOfGroups(sorted, new Int32Array(sorted.length).fill(1));
}

/**
 * {@link abcCurve} of values in decreasing order given as runs: `counts[g]` times `values[g]` (the tie
 * groups of the customers' clamped values), without writing the sorted values out.
 */
export function abcCurveOfGroups(values: Float64Array, counts: Int32Array): AbcCurve {
  let n = 0;
  for (let g = 0; g < counts.length; g++) n += counts[g];
  // R's cumsum accumulates in long double; the fixtures agree with a compensated running sum.
  const x = new Float64Array(n + 1);
  const y = new Float64Array(n + 1);
  let s = 0;
  let comp = 0;
  let k = 0;
  for (let g = 0; g < values.length; g++) {
    const v = values[g];
    for (let r = counts[g]; r > 0; r--) {
      const t = s + v;
      comp += sumError(s, v, t);
      s = t;
      y[++k] = s + comp;
    }
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
  // the spline through all n + 1 points is read on the grid only
  const yieldValues = fmmSplineAt(x, y, effort);
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
