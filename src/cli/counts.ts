/** Counts and shares as messages print them (a leaf module: commands and the runner import it). */

/** 135080 → "135,080" (without Intl, which costs a noticeable start-up on first use). */
export const fmtCount = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");

/** 0.249 → "24.9%" (one decimal; never "0.0%" or "100.0%" for a share strictly between). */
export function percent(share: number): string {
  const p = Math.round(share * 1000) / 10;
  const shown = p === 0 && share > 0 ? 0.1 : p === 100 && share < 1 ? 99.9 : p;
  return `${shown.toFixed(1)}%`;
}
