import { describe, expect, test } from "vitest";
import { fitDiagnostics, minimizeBfgs, minimizeWithGradient, purchaseLikelihoodBound, standardErrors, standardErrorsFromGradient, workBudget, type ValueAndGradient } from "../../src/internal/bfgs.js";
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

describe("minimizeWithGradient", () => {
  const quadratic: ValueAndGradient = (x, g) => {
    if (g) (g[0] = 2 * (x[0] - 1), g[1] = 20 * (x[1] + 2));
    return (x[0] - 1) ** 2 + 10 * (x[1] + 2) ** 2;
  };
  test("converges on the gradient tolerance, asking for the value alone only in line-search retries", () => {
    let withGradient = 0;
    let valueOnly = 0;
    const res = minimizeWithGradient((x, g) => (g ? withGradient++ : valueOnly++, quadratic(x, g)), [5, 5]);
    expect(res.converged).toBe(true);
    expect(res.reason).toMatch(/^gradient norm .* below the tolerance 1e-7/);
    expect(res.x[0]).toBeCloseTo(1, 7);
    expect(res.x[1]).toBeCloseTo(-2, 7);
    expect(withGradient).toBeLessThanOrEqual(2 * res.iterations + 1); // the first trial, and the accepted retry if any
    expect(valueOnly).toBeLessThan(2 * res.iterations);
  });
  test("stops when value and parameters stop changing: converged when the gradient is within acceptedGradient, else says it is above", () => {
    // a likelihood so flat that the value no longer moves at double precision (relative 1e-14)
    const flat: ValueAndGradient = (x, g) => {
      if (g) g[0] = 2e-14 * (x[0] - 3);
      return 1 + 1e-14 * (x[0] - 3) ** 2;
    };
    const accepted = minimizeWithGradient(flat, [0], { gradientTolerance: 1e-30 });
    expect(accepted.converged).toBe(true);
    expect(accepted.reason).toMatch(/stopped changing .* below the tolerances 1e-12 and 1e-9\) .* \(within 0.00001\)/);
    const refused = minimizeWithGradient(flat, [0], { gradientTolerance: 1e-30, acceptedGradient: 1e-31 });
    expect(refused.converged).toBe(false);
    expect(refused.reason).toMatch(/stopped changing .* above 1e-30/);
  });
  test("stops early at a runaway log-parameter, not converged, naming it and its direction", () => {
    // the objective keeps falling as x₀ → ∞ (a parameter e^x₀ heading to infinity)
    const runaway: ValueAndGradient = (x, g) => {
      if (g) (g[0] = -Math.exp(-x[0] / 4) / 4, g[1] = 2 * (x[1] - 1));
      return Math.exp(-x[0] / 4) + (x[1] - 1) ** 2;
    };
    const res = minimizeWithGradient(runaway, [0, 0], { runaway: { limit: 30, mask: [true, true], names: ["b", "a"] }, gradientTolerance: 1e-20 });
    expect(res.converged).toBe(false);
    expect(res.x[0]).toBeGreaterThan(30);
    expect(res.reason).toMatch(/^stopped early after \d+ iterations: b ran off towards ∞ \(its logarithm \d+\.\d is beyond ±30\)/);
    // a coordinate left out of the mask is not watched
    const unwatched = minimizeWithGradient(runaway, [0, 0], { runaway: { limit: 30, mask: [false, true] }, gradientTolerance: 1e-20, maxIterations: 200 });
    expect(unwatched.reason).not.toMatch(/ran off/);
  });
});

describe("minimizeWithGradient: the verified runaway (runaway.jump)", () => {
  // a dropout-like boundary: the objective falls like e^x₀ as x₀ → −∞ (a parameter running to 0), with
  // a second coordinate that settles at 1 and is coupled to the first
  const boundary: ValueAndGradient = (x, g) => {
    const e = Math.exp(x[0]);
    if (g) (g[0] = e * (1 + 0.1 * (x[1] - 1) ** 2), g[1] = 2 * (x[1] - 1) + 0.2 * e * (x[1] - 1));
    return e * (1 + 0.1 * (x[1] - 1) ** 2) + (x[1] - 1) ** 2;
  };
  const mask = [true, true];
  test("a parameter running off is verified along a ray and taken there at once: not converged, named, fewer evaluations", () => {
    let slow = 0;
    const full = minimizeWithGradient((x, g) => (slow++, boundary(x, g)), [0, 3], { runaway: { limit: 30, mask, names: ["a", "b"] } });
    let fast = 0;
    const res = minimizeWithGradient((x, g) => (fast++, boundary(x, g)), [0, 3], { runaway: { limit: 30, mask, names: ["a", "b"], jump: 20 } });
    expect(res.converged).toBe(false);
    expect(res.stop).toBe("runaway");
    expect(res.verifiedRunaway).toEqual({ index: 0, towards: "0" });
    expect(res.reason).toMatch(/^stopped early after \d+ iterations: a ran off towards 0 \(its logarithm moved 4 steps the same way and the objective is lower still at -\d+\.\d than at -\d+\.\d: .* < .*\); the others then settled at gradient norm /);
    expect(res.x[0]).toBeLessThan(-20);
    expect(res.x[1]).toBeCloseTo(1, 6);
    // at least as close to the infimum (0) as following the parameter step by step, in fewer evaluations
    expect(res.value).toBeLessThanOrEqual(full.value);
    expect(fast).toBeLessThan(slow);
    // without the jump the same data run to the gradient tolerance and only the diagnostics see the runaway
    expect(full.stop).toBe("gradient");
  });
  test("abandon: the search stops at the verified runaway itself (a restart that runs off cannot win)", () => {
    const res = minimizeWithGradient(boundary, [0, 3], { runaway: { limit: 30, mask, jump: 20, abandon: true } });
    expect(res).toMatchObject({ converged: false, stop: "runaway", verifiedRunaway: { index: 0, towards: "0" } });
    expect(res.reason).toMatch(/; the search stopped there$/);
  });
  test("a probe below the objective's floor is refused (a value no parameters can give is rounding)", () => {
    const res = minimizeWithGradient(boundary, [0, 3], { runaway: { limit: 30, mask, jump: 20, floor: 1e-3 } });
    expect(res.verifiedRunaway).toBeUndefined();
    expect(res).toEqual(minimizeWithGradient(boundary, [0, 3], { runaway: { limit: 30, mask } }));
  });
  test("a search that converges is unchanged to the last bit: steady steps towards an interior optimum are not a runaway", () => {
    // falls like e^−x₀ for a long way, then a slight rise beyond x₀ ≈ 14 makes an interior minimum
    const far: ValueAndGradient = (x, g) => {
      const e = Math.exp(-x[0]);
      if (g) (g[0] = -e + 2e-6 * (x[0] - 12), g[1] = 2 * (x[1] + 0.5));
      return e + 1e-6 * (x[0] - 12) ** 2 + (x[1] + 0.5) ** 2;
    };
    let before = 0;
    const plain = minimizeWithGradient((x, g) => (before++, far(x, g)), [0, 0], { runaway: { limit: 30, mask } });
    let after = 0;
    const watched = minimizeWithGradient((x, g) => (after++, far(x, g)), [0, 0], { runaway: { limit: 30, mask, jump: 20 } });
    expect(plain.converged).toBe(true);
    expect(plain.x[0]).toBeGreaterThan(10);
    expect(watched).toEqual(plain);
    // the steady steps were seen and probed: the objective rose along the ray, so the search went on
    expect(after).toBeGreaterThan(before);
  });
  test("a quadratic bowl: no probe at all, the same result", () => {
    const bowl: ValueAndGradient = (x, g) => {
      if (g) (g[0] = 2 * (x[0] - 4), g[1] = 20 * (x[1] + 3));
      return (x[0] - 4) ** 2 + 10 * (x[1] + 3) ** 2;
    };
    expect(minimizeWithGradient(bowl, [0, 0], { runaway: { limit: 30, mask, jump: 20 } })).toEqual(minimizeWithGradient(bowl, [0, 0]));
  });
});

describe("standardErrorsFromGradient", () => {
  test("equals the numeric-Hessian standard errors on a smooth likelihood, from 2k gradient passes", () => {
    // −log-likelihood of Gamma(shape θ₀, rate θ₁) data: a curved objective in natural parameters
    const data = [0.8, 1.9, 2.4, 0.3, 3.7, 1.1, 2.2, 0.9];
    const n = data.length;
    const sum = data.reduce((a, b) => a + b, 0);
    const sumLog = data.reduce((a, b) => a + Math.log(b), 0);
    const lgamma = (z: number) => {
      // Stirling with shift, ample for this check
      let shift = 0;
      while (z < 10) (shift -= Math.log(z), (z += 1));
      return shift + (z - 0.5) * Math.log(z) - z + 0.5 * Math.log(2 * Math.PI) + 1 / (12 * z) - 1 / (360 * z ** 3);
    };
    const digamma = (z: number) => (lgamma(z + 1e-6) - lgamma(z - 1e-6)) / 2e-6;
    const nll = (th: number[]) => -(n * th[0] * Math.log(th[1]) - n * lgamma(th[0]) + (th[0] - 1) * sumLog - th[1] * sum);
    let passes = 0;
    const logGradient = (phi: number[], g: number[]) => {
      passes++;
      const [k, b] = phi.map(Math.exp);
      g[0] = -(n * Math.log(b) - n * digamma(k) + sumLog) * k;
      g[1] = -((n * k) / b - sum) * b;
    };
    const theta = [2.2, 1.3];
    const fromGradient = standardErrorsFromGradient(logGradient, theta)!;
    const fromValues = standardErrors(nll, theta)!;
    expect(passes).toBe(5);
    fromGradient.forEach((se, i) => expect(Math.abs(se / fromValues[i] - 1)).toBeLessThan(1e-4));
  });
});

describe("fitDiagnostics", () => {
  test("a parameter flat both ways (so near 0 that e² changes nothing) is named by the lower side", () => {
    const f = (x: number[]) => 1e-12 * Math.exp(x[0]);
    const res = { x: [0], value: f([0]), iterations: 3, gradientNorm: 0, converged: true, reason: "gradient small" };
    expect(fitDiagnostics(res, [null], { objective: f }).message).toMatch(/p → 0/);
  });
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
