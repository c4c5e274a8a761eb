// The CLI rounds numbers for output (money to cents, measures to 4 decimals): a record printed by a
// command equals the library's record up to that rounding.
import { expect } from "vitest";

/** `got` has the keys of `want` in the same order, equal values, and numbers within half a cent. */
export function expectRounded(got: object, want: object): void {
  expect(Object.keys(got)).toEqual(Object.keys(want));
  for (const [k, v] of Object.entries(want)) {
    const g = (got as Record<string, unknown>)[k];
    if (typeof v === "number" && !Number.isInteger(v)) {
      expect(typeof g, k).toBe("number");
      expect(Math.abs((g as number) - v), `${k}: ${g} vs ${v}`).toBeLessThanOrEqual(0.005 + 1e-12);
    } else expect(g, k).toEqual(v);
  }
}
