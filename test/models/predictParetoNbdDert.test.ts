import { describe, expect, test } from "vitest";
import { predictParetoNbdDert, predictPAliveAt, type ParetoNbdParams } from "../../src/models/index.js";
import { expectRelative, modelOf, ref } from "./purchaseCountsRef.js";

const params = modelOf("pareto-nbd").params as ParetoNbdParams;

describe("predictParetoNbdDert", () => {
  test("matches FHL 2005 eq. 2 (mpmath hyperu, likelihood by quadrature) and the integral of the discounted purchase rate within 1e-10", () => {
    expect(ref.dert.length).toBe(5);
    const records = ref.dert.map((c, i) => ({ customerId: String(i), frequency: c.x, recency: c.tx, T: c.T }));
    const { customers, meta } = predictParetoNbdDert(params, records, { continuousDiscountRate: ref.dert[0].delta });
    expect(meta).toEqual({ model: "pareto-nbd", params, continuousDiscountRate: ref.dert[0].delta });
    ref.dert.forEach((c, i) => {
      expectRelative(c.byIntegration, c.dert, 1e-12);
      expectRelative(customers[i].dert, c.dert, 1e-10);
    });
  });

  test("a higher discount rate gives less; as δ → 0 DERT grows past any horizon's expected purchases", () => {
    const rec = [{ frequency: 2, recency: 30.43, T: 38.86 }];
    const at = (d: number) => predictParetoNbdDert(params, rec, { continuousDiscountRate: d }).customers[0].dert;
    expect(at(0.01)).toBeLessThan(at(0.001));
    expect(at(1e-6)).toBeGreaterThan(at(0.001));
    // a customer surely dead (P(alive) = 0 to a double) has DERT 0
    const { customers: [dead] } = predictPAliveAt({ model: "pareto-nbd", params }, [{ frequency: 400, recency: 1, T: 300 }], { t: 0 });
    expect(dead.pAlive).toBe(0);
    expect(predictParetoNbdDert(params, [{ frequency: 400, recency: 1, T: 300 }], { continuousDiscountRate: 0.01 }).customers[0].dert).toBe(0);
  });

  test("options are checked: the rate must be finite and > 0", () => {
    for (const d of [0, -1, Infinity, Number.NaN]) expect(() => predictParetoNbdDert(params, [], { continuousDiscountRate: d })).toThrow(/^predictParetoNbdDert: options/);
    expect(() => predictParetoNbdDert({ ...params, s: 0 }, [], { continuousDiscountRate: 0.1 })).toThrow(/^predictParetoNbdDert: params.s/);
  });
});
