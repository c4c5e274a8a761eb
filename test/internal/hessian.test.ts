import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { invert, numericHessian } from "../../src/internal/bfgs.js";
import { cholesky, hessianFromGradient, logParameterCovariance } from "../../src/internal/hessian.js";
import { bgNbdLogLikelihood, bgNbdPass } from "../../src/models/bgNbd.js";
import { fitBgNbd, simulateCustomers } from "../../src/models/index.js";
import { groupTriples } from "../../src/models/btydInput.js";

describe("logParameterCovariance", () => {
  const { customers } = simulateCustomers({ model: "bg-nbd", params: { r: 0.25, alpha: 4, a: 0.8, b: 2.5 } }, { T: Array.from({ length: 600 }, (_, i) => 20 + (i % 20)), seed: 3 });
  const fit = fitBgNbd(customers);
  const theta = [fit.params.r, fit.params.alpha, fit.params.a, fit.params.b];
  const g = groupTriples(Float64Array.from(customers, (c) => c.frequency), Float64Array.from(customers, (c) => c.recency), Float64Array.from(customers, (c) => c.T));
  const pass = bgNbdPass(g.x, g.tx, g.T, g.w);
  const cov = logParameterCovariance((phi, grad) => {
    const th = phi.map(Math.exp);
    pass(th, grad);
    for (let i = 0; i < 4; i++) grad[i] = -grad[i] * th[i];
  }, theta);

  test("is the inverse of the Hessian of the total negative log-likelihood VALUES in ln θ (independent: second differences of the per-customer function)", () => {
    expect(fit.diagnostics.converged).toBe(true);
    expect(cov).not.toBeNull();
    const nll = (phi: number[]) => {
      const p = { r: Math.exp(phi[0]), alpha: Math.exp(phi[1]), a: Math.exp(phi[2]), b: Math.exp(phi[3]) };
      return -customers.reduce((s, c) => s + bgNbdLogLikelihood(p, c.frequency, c.recency, c.T), 0);
    };
    const V = invert(numericHessian(nll, theta.map(Math.log))) as number[][];
    for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) expect(Math.abs(cov!.covariance[i][j] - V[i][j])).toBeLessThan(1e-4 * Math.sqrt(V[i][i] * V[j][j]));
  });

  test("matches the fit's standard errors: θᵢ·√Σᵢᵢ (the delta method from ln θ to θ at a maximum)", () => {
    const se = fit.standardErrors as unknown as Record<string, number>;
    ["r", "alpha", "a", "b"].forEach((k, i) => expect(theta[i] * Math.sqrt(cov!.covariance[i][i])).toBeCloseTo(se[k], 6));
  });

  test("L·Lᵀ = Σ; null when the Hessian is singular or not positive definite (never NaN)", () => {
    const L = cov!.cholesky;
    for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) expect(L[i].reduce((s, l, m) => s + l * L[j][m], 0)).toBeCloseTo(cov!.covariance[i][j], 12);
    // f(φ) = (φ₀ + φ₁)²: flat along φ₀ − φ₁
    expect(logParameterCovariance((phi, grad) => { grad[0] = 2 * (phi[0] + phi[1]); grad[1] = 2 * (phi[0] + phi[1]); }, [1, 2])).toBeNull();
    // a saddle
    expect(logParameterCovariance((phi, grad) => { grad[0] = 2 * phi[0]; grad[1] = -2 * phi[1]; }, [1, 2])).toBeNull();
    expect(logParameterCovariance((_, grad) => { grad[0] = Number.NaN; }, [1])).toBeNull();
    expect(logParameterCovariance(() => {}, [0])).toBeNull();
  });

  test("hessianFromGradient is exact for quadratics; cholesky reproduces random SPD matrices", () => {
    const A = [[4, 1], [1, 3]];
    const H = hessianFromGradient((phi, grad) => { grad[0] = A[0][0] * phi[0] + A[0][1] * phi[1]; grad[1] = A[1][0] * phi[0] + A[1][1] * phi[1]; }, [0.3, -2]);
    for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) expect(H[i][j]).toBeCloseTo(A[i][j], 8);
    fc.assert(
      fc.property(fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: 9, maxLength: 9 }), (v) => {
        const B = [v.slice(0, 3), v.slice(3, 6), v.slice(6, 9)];
        const S = B.map((row, i) => row.map((_, j) => B[i].reduce((s, b, k) => s + b * B[j][k], 0) + (i === j ? 0.5 : 0)));
        const L = cholesky(S) as number[][];
        for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) expect(Math.abs(L[i].reduce((s, l, m) => s + l * L[j][m], 0) - S[i][j])).toBeLessThan(1e-9 * (1 + Math.abs(S[i][j])));
      }),
    );
    expect(cholesky([[1, 2], [2, 1]])).toBeNull();
  });
});
