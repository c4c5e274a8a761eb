import { describe, expect, test } from "vitest";
import { chiSquareUpperTail, normalQuantile, normalUpperTail, regularizedGammaP, regularizedGammaQ } from "../../src/internal/incompleteGamma.js";

// references: R 4.2 (qnorm, pchisq(lower.tail = FALSE), pgamma), printed with 17 digits
describe("incompleteGamma", () => {
  test("normal quantiles equal R's qnorm to about 1e-15", () => {
    const cases: [number, number][] = [[0.975, 1.9599639845400536], [0.995, 2.5758293035488999], [0.9, 1.2815515655446008], [1e-10, -6.3613409024040557], [0.5, 0]];
    for (const [p, q] of cases) expect(Math.abs(normalQuantile(p) - q)).toBeLessThanOrEqual(4e-15 * Math.max(1, Math.abs(q)));
    expect(normalQuantile(0)).toBeNaN();
  });

  test("chi-square upper tails and Q(a, x) equal R's pchisq/pgamma (relative 1e-13), both branches", () => {
    const cases: [number, number, number][] = [[3.84, 1, 0.050043521248705224], [10, 3, 0.018566135463043233], [100, 1, 1.5239706048321054e-23], [1.1891290332664275, 1, 0.27550531100701192]];
    for (const [x, df, p] of cases) expect(Math.abs(chiSquareUpperTail(x, df) / p - 1)).toBeLessThan(1e-13);
    expect(Math.abs(regularizedGammaQ(5, 2) - 0.94734698265628881)).toBeLessThan(1e-15);
    expect(chiSquareUpperTail(0, 2)).toBe(1);
  });

  test("P + Q = 1, Q falls in x, and the normal tail is symmetric", () => {
    for (const a of [0.5, 1, 3.5, 20]) {
      let prev = 1;
      for (const x of [0.01, 0.5, 1, a, a + 1, 2 * a + 3, 50].sort((u, v) => u - v)) {
        const q = regularizedGammaQ(a, x);
        expect(Math.abs(regularizedGammaP(a, x) + q - 1)).toBeLessThan(1e-14);
        expect(q).toBeLessThanOrEqual(prev);
        prev = q;
      }
    }
    expect(Math.abs(normalUpperTail(-1.3) + normalUpperTail(1.3) - 1)).toBeLessThan(1e-15);
    expect(regularizedGammaQ(-1, 2)).toBeNaN();
  });
});
