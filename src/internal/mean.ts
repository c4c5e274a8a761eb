/** Arithmetic mean with compensated (Neumaier) summation: the result does not depend on order. */
export function compensatedMean(values: ArrayLike<number>): number {
  let s = 0;
  let c = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const t = s + v;
    c += Math.abs(s) >= Math.abs(v) ? s - t + v : v - t + s;
    s = t;
  }
  return (s + c) / values.length;
}
