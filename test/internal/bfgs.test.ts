import { describe, expect, test } from "vitest";
import { fitDiagnostics, minimizeBfgs, purchaseLikelihoodBound, workBudget } from "../../src/internal/bfgs.js";
import { work } from "../../src/internal/special.js";

describe("minimizeBfgs", () => {
  test("a work budget stops the search deterministically and says so", () => {
    // Rosenbrock's curved valley takes many iterations; each evaluation counts 1 unit of work
    const f = (x: number[]) => {
      work.units += 1;
      return (1 - x[0]) ** 2 + 100 * (x[1] - x[0] * x[0]) ** 2;
    };
    const budget = workBudget(50);
    const res = minimizeBfgs(f, [-1.2, 1], { exhausted: budget.exhausted });
    expect(res.converged).toBe(false);
    expect(res.reason).toMatch(/work budget ran out/);
    const again = minimizeBfgs(f, [-1.2, 1], { exhausted: workBudget(50).exhausted });
    expect(again.x).toEqual(res.x);
  });
  test("a start where the objective is not finite names the caller", () => {
    expect(() => minimizeBfgs(() => Number.NaN, [0], { name: "fitX" })).toThrow(/^fitX: the objective is not finite/);
  });
});

describe("fitDiagnostics", () => {
  test("a parameter the objective keeps falling along is running off: not converged, named", () => {
    const f = (x: number[]) => Math.exp(-x[0]) + (x[1] - 1) ** 2;
    const res = { x: [20, 1], value: f([20, 1]), iterations: 5, gradientNorm: 0, converged: true, reason: "gradient small" };
    const d = fitDiagnostics(res, ["r", "a"], { objective: f });
    expect(d.converged).toBe(false);
    expect(d.message).toMatch(/^not converged: gradient small; r → ∞/);
  });
  test("a log-likelihood above the bound no parameters can beat is an artefact, never converged", () => {
    const f = (x: number[]) => x[0] * x[0];
    const res = { x: [0], value: 0, iterations: 5, gradientNorm: 0, converged: true, reason: "gradient small" };
    expect(fitDiagnostics(res, ["r"], { objective: f, logLikelihood: 24832, upperBound: -150 }).message).toMatch(/floating-point artefact/);
    expect(fitDiagnostics(res, ["r"], { objective: f, logLikelihood: -200, upperBound: -150 }).converged).toBe(true);
  });
  test("the likelihood bound: Σ x·ln(x/t_x) − x over repeat buyers, Infinity at t_x = 0 with repeats", () => {
    expect(purchaseLikelihoodBound([0, 30], [0, 30], [3, 2])).toBeCloseTo(-60, 12);
    expect(purchaseLikelihoodBound([1], [0], [1])).toBe(Number.POSITIVE_INFINITY);
  });
});
