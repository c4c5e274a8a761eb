/**
 * R's type-7 quantile of an ascending-sorted array, written exactly as R's `quantile.default`
 * computes it so results agree to the last bit: h = 1 + (n − 1)p, lo = ⌊h⌋, hi = ⌈h⌉, q = x[lo],
 * and when h > lo and x[hi] ≠ x[lo], q = (1 − (h − lo))·x[lo] + (h − lo)·x[hi] (1-based indices).
 *
 * @see Hyndman, R. J. & Fan, Y. (1996). Sample quantiles in statistical packages. The American
 *   Statistician 50(4), 361–365 (definition 7).
 */
export function quantileSortedType7(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  const index = 1 + Math.max(n - 1, 0) * p;
  const lo = Math.floor(index);
  const hi = Math.ceil(index);
  const xlo = sorted[lo - 1];
  const xhi = sorted[hi - 1];
  if (index > lo && xhi !== xlo) {
    const h = index - lo;
    return (1 - h) * xlo + h * xhi;
  }
  return xlo;
}

/** Sorted copy of the values (the input is not touched). */
export function sortedCopy(values: Float64Array): Float64Array {
  return Float64Array.from(values).sort();
}

/**
 * Type-7 quantile of an ascending-sorted array computed as x[lo] + (x[hi] − x[lo])·h, the form of
 * PostgreSQL's and DuckDB's `percentile_cont` / `quantile_cont`, so that SQL run in a warehouse gives the
 * same edges (R's form above can differ in the last bit, e.g. 6.3999999999999995 vs 6.4).
 */
export function quantileSortedLinear(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  const position = Math.max(n - 1, 0) * p;
  const lo = Math.floor(position);
  const hi = Math.ceil(position);
  const xlo = sorted[lo];
  if (hi === lo) return xlo;
  const xhi = sorted[hi];
  return xhi === xlo ? xlo : xlo + (xhi - xlo) * (position - lo);
}
