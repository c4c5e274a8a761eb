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
