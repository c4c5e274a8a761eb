import { describe, expect, test } from "vitest";
import { predictParetoNbd, predictParetoNbdCovariates } from "../../src/models/index.js";
import { cdnow, reference, rel } from "./covariatesData.js";
import { expectIssue, predictionProperties } from "./shared.js";

const params = { r: 0.57, alpha: 36.9, s: 0.61, beta: 12.4 };
const coefficients = { purchase: { lnFirst: 0.4, z: -0.2 }, dropout: { lnFirst: 0.1 } };

describe("predictParetoNbdCovariates", () => {
  test.each(reference.fits.filter((f) => f.model === "pareto-nbd").map((f) => [f.purchase.join("+") || "none", f.dropout.join("+") || "none", f] as const))(
    "CDNOW at the scipy fit (purchase %s, dropout %s): P(alive) and 52-week expectations within 1e-8 of the independent computation",
    (_p, _d, ref) => {
      const fit = { params: ref.params as typeof params, coefficients: ref.coefficients };
      const { customers, meta } = predictParetoNbdCovariates(fit, cdnow.slice(0, ref.predictions.length), { t: 52 });
      ref.predictions.forEach((want, i) => {
        expect(customers[i].customerId).toBe(want.ID);
        expect(Math.abs(customers[i].pAlive - want.pAlive)).toBeLessThan(1e-8);
        expect(Math.abs(customers[i].expectedPurchases - want.expectedPurchases)).toBeLessThan(1e-8 * Math.max(1, want.expectedPurchases));
      });
      expect(meta).toEqual({ model: "pareto-nbd-covariates", params: fit.params, coefficients: fit.coefficients, t: 52 });
    },
  );

  test("each customer gets the plain model's prediction at their own parameters (to rounding)", () => {
    const cs = cdnow.slice(0, 60).map((c, i) => ({ ...c, z: i % 3 }));
    const { customers } = predictParetoNbdCovariates({ params, coefficients }, cs, { t: 39 });
    cs.forEach((c, i) => {
      const own = { ...params };
      own.alpha = params.alpha * Math.exp(-(0.4 * c.lnFirst - 0.2 * c.z));
      own.beta = params.beta * Math.exp(-0.1 * c.lnFirst);
      const [alone] = predictParetoNbd(own, [c], { t: 39 }).customers;
      expect(Math.abs(customers[i].pAlive - alone.pAlive)).toBeLessThanOrEqual(1e-13);
      expect(Math.abs(customers[i].expectedPurchases - alone.expectedPurchases)).toBeLessThanOrEqual(1e-12 * Math.max(1, alone.expectedPurchases));
    });
  });

  test("without coefficients it is the plain prediction, bit for bit", () => {
    const plain = predictParetoNbd(params, cdnow, { t: 52 });
    const none = predictParetoNbdCovariates({ params, coefficients: { purchase: {}, dropout: {} } }, cdnow, { t: 52 });
    expect(none.customers).toEqual(plain.customers);
    expect(rel(none.customers[0].expectedPurchases, plain.customers[0].expectedPurchases)).toBe(0);
  });

  predictionProperties((records, t) => predictParetoNbdCovariates({ params, coefficients }, records.map((r) => ({ ...r, lnFirst: Math.log1p(r.T), z: r.frequency % 2 })), { t }).customers);

  test("bad arguments and data", () => {
    expect(() => predictParetoNbdCovariates({ params: { ...params, r: 0 }, coefficients }, cdnow, { t: 1 })).toThrow(/^predictParetoNbdCovariates: fit.params.r must be a finite positive number/);
    expect(() => predictParetoNbdCovariates({ params, coefficients: { purchase: { lnFirst: Number.NaN }, dropout: {} } }, cdnow, { t: 1 })).toThrow(/^predictParetoNbdCovariates: fit.coefficients.purchase.lnFirst must be a finite number/);
    expect(() => predictParetoNbdCovariates({ params, coefficients: { purchase: {} } } as never, cdnow, { t: 1 })).toThrow(TypeError);
    expect(() => predictParetoNbdCovariates({ params, coefficients }, cdnow, { t: -1 })).toThrow(RangeError);
    expectIssue(() => predictParetoNbdCovariates({ params, coefficients }, cdnow.slice(0, 5), { t: 1 }), { code: "missing_field", path: ["fields", "z"] });
    const bad = cdnow.slice(0, 5).map((c, i) => ({ ...c, z: i === 4 ? "1" : 0 }));
    expectIssue(() => predictParetoNbdCovariates({ params, coefficients }, bad, { t: 1 }), { code: "invalid_value", path: ["records", 4, "z"], customerId: "5" });
    // a coefficient that sends a customer's parameters beyond a double: an issue naming the customer, never Infinity
    expectIssue(() => predictParetoNbdCovariates({ params, coefficients: { purchase: { lnFirst: 400 }, dropout: {} } }, cdnow.slice(0, 3), { t: 1 }), { code: "overflow", customerId: "1" });
  });
});
