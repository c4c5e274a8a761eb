/** Counts and shares as messages print them (a leaf module: commands and the runner import it). */
import { groupThousands, percentText } from "../internal/format.js";

/** 135080 → "135,080" (without Intl, which costs a noticeable start-up on first use). */
export const fmtCount = (n: number): string => groupThousands(String(n));

/** 0.249 → "24.9%" (one decimal; never "0.0%" or "100.0%" for a share strictly between). */
export function percent(share: number): string {
  return percentText(share, 1);
}
