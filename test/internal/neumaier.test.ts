import { describe, expect, test } from "vitest";
import { isAnalyticsInputError } from "../../src/errors.js";
import { checkedSum, compensatedSum, sumError } from "../../src/internal/neumaier.js";

describe("compensated sums and overflow", () => {
  test("a running total that overflows is ±Infinity, never NaN (Infinity − Infinity in the compensation)", () => {
    const xs = [1e308, 1e308, -1e308];
    expect(compensatedSum(xs.length, (i) => xs[i])).toBe(Infinity);
    const ys = [-1e308, -1e308, 5];
    expect(compensatedSum(ys.length, (i) => ys[i])).toBe(-Infinity);
    expect(sumError(1e308, 1e308, Infinity)).toBe(0);
    // unchanged below the limit: compensation recovers what plain addition loses
    expect(compensatedSum(3, (i) => [1e16, 1, -1e16][i])).toBe(1);
  });

  test("checkedSum throws overflow naming the function, the sum and where", () => {
    let error: unknown;
    try {
      checkedSum("someFn", "the revenue", 2, () => 1e308, { path: ["records"], customerId: "c1" });
    } catch (e) {
      error = e;
    }
    expect(isAnalyticsInputError(error)).toBe(true);
    expect(error).toMatchObject({ code: "overflow", issues: [{ code: "overflow", path: ["records"], customerId: "c1" }] });
    expect((error as Error).message).toBe('someFn: records: the revenue is above 1.8e308, beyond the range of a double (customer "c1")');
    expect(checkedSum("someFn", "x", 3, (i) => [1e308, -1e308, 2][i])).toBe(2);
  });
});
