/** Counts and shares as messages print them (a leaf module: commands and the runner import it). */
import { groupThousands, percentText, toFixedHalfAway } from "../internal/format.js";

/** 135080 → "135,080" (without Intl, which costs a noticeable start-up on first use). */
export const fmtCount = (n: number): string => groupThousands(String(n));

/** 0.249 → "24.9%" (one decimal; never "0.0%" or "100.0%" for a share strictly between). */
export function percent(share: number): string {
  return percentText(share, 1);
}

/** Money for a note, as the HTML report prints it: 1234567.885 → "1,234,567.89" (half away from zero; never "-0.00"). */
export function moneyText(x: number): string {
  return groupThousands(toFixedHalfAway(x, 2));
}
