import type { CustomerInput } from "../../src/input/index.js";
import fc from "fast-check";
import { describe, expect, expectTypeOf, test } from "vitest";
import {
  predictBgNbd,
  predictedClv,
  predictParetoNbd,
  fitBgNbd,
  fitGammaGamma,
  fitParetoNbd,
  isAnalyticsInputError,
  type BgNbdFit,
  type BgNbdParams,
  type GammaGammaFit,
  type PredictedClvPurchases,
  type BtydCustomer,
  type GammaGammaParams,
  type PredictedClvOptions,
  type PredictedClvColumnsResult,
  type PredictedClvResult,
  type PurchaseModel,
} from "../../src/models/index.js";
import { bg, customerArb, expectIssue, gg, mbg, pareto } from "./shared.js";
import { bgNbdConditionalExpected } from "../../src/models/bgNbd.js";
import { mbgNbdConditionalExpected } from "../../src/models/mbgNbd.js";
import { paretoNbdConditionalExpected } from "../../src/models/paretoNbd.js";
import { checkedPurchases } from "../../src/models/btydInput.js";
import { pow } from "../../src/internal/elementary.js";
import { columnsOutputProperties } from "./columnsOutput.js";

const models: PurchaseModel[] = [
  { model: "bg-nbd", params: bg },
  { model: "modified-bg-nbd", params: mbg },
  { model: "pareto-nbd", params: pareto },
];

/** lifetimes' definition one customer at a time: Σ m̂·[E(k·f) − E((k−1)·f)]/(1+d)^k, nothing shared. */
function clvOne(model: PurchaseModel, c: BtydCustomer, f: number, months = 12, d = 0.01): { clv: number; expectedSpend: number } {
  const expected = (t: number) =>
    model.model === "bg-nbd"
      ? bgNbdConditionalExpected(model.params, t, c.frequency, c.recency, c.T)
      : model.model === "modified-bg-nbd"
        ? mbgNbdConditionalExpected(model.params, t, c.frequency, c.recency, c.T)
        : paretoNbdConditionalExpected(model.params, t, c.frequency, c.recency, c.T);
  let sum = 0;
  let previous = 0;
  for (let k = 1; k <= months; k++) {
    const e = checkedPurchases(expected(k * f));
    sum += (e - previous) / pow(1 + d, k);
    previous = e;
  }
  const x = c.frequency;
  const expectedSpend = (gg.p * (gg.v + x * (c.monetaryValue ?? 0))) / (gg.p * x + gg.q - 1);
  return { clv: expectedSpend * checkedPurchases(sum), expectedSpend };
}

describe("predictedClv", () => {
  for (const model of models) {
    describe(model.model, () => {
      columnsOutputProperties({
        run: (input, output) => predictedClv(model, gg, input, { periodsPerMonth: 4.345, output }),
        fields: ["clv", "expectedSpend"],
        reference: (c) => clvOne(model, c, 4.345),
      });
    });
  }
  test("is the expected spend times the discounted monthly purchases; >= 0; grows with the horizon; same in days and weeks", () => {
    fc.assert(
      fc.property(fc.array(customerArb, { minLength: 1, maxLength: 15 }), (cs) => {
        for (const fit of models) {
          const year = predictedClv(fit, gg, cs, { periodsPerMonth: 4.345 }).customers;
          const twoYears = predictedClv(fit, gg, cs, { periodsPerMonth: 4.345, months: 24 }).customers;
          const scaled: PurchaseModel =
            fit.model === "pareto-nbd"
              ? { model: fit.model, params: { ...fit.params, alpha: fit.params.alpha * 7, beta: fit.params.beta * 7 } }
              : { model: fit.model, params: { ...fit.params, alpha: fit.params.alpha * 7 } };
          const inDays = predictedClv(scaled, gg, cs.map((c) => ({ ...c, recency: c.recency * 7, T: c.T * 7 })), { periodsPerMonth: 4.345 * 7 }).customers;
          year.forEach((c, i) => {
            expect(c.clv).toBeGreaterThanOrEqual(0);
            expect(twoYears[i].clv).toBeGreaterThanOrEqual(c.clv);
            expect(Math.abs(inDays[i].clv - c.clv)).toBeLessThanOrEqual(1e-9 * Math.max(1, c.clv));
          });
        }
      }),
    );
  });

  test("hand check: one month, no discount, equals expected spend x expected purchases in that month", () => {
    const c = { customerId: "1", frequency: 2, recency: 30.43, T: 38.86, monetaryValue: 22.35 };
    const { customers: [clv] } = predictedClv(bg, gg, [c], { periodsPerMonth: 4, months: 1, monthlyDiscountRate: 0 });
    const { customers: [p] } = predictBgNbd(bg, [c], { t: 4 });
    const spend = (gg.p * (gg.v + 2 * 22.35)) / (gg.p * 2 + gg.q - 1);
    expect(clv.expectedSpend).toBeCloseTo(spend, 12);
    expect(clv.clv).toBeCloseTo(spend * p.expectedPurchases, 12);
  });

  test("meta says which models and options made the values; a prediction's meta is a purchase model", () => {
    const cs = [{ customerId: "a", frequency: 1, recency: 5, T: 10, monetaryValue: 20 }];
    const { meta } = predictedClv(bg, gg, cs, { periodsPerMonth: 4.345 });
    expect(meta).toEqual({ purchases: { model: "bg-nbd", params: bg }, gammaGamma: gg, months: 12, monthlyDiscountRate: 0.01, periodsPerMonth: 4.345 });
    const prediction = predictParetoNbd(pareto, cs, { t: 4 });
    expect(predictedClv(prediction.meta, gg, cs, { periodsPerMonth: 4.345 })).toEqual(predictedClv({ model: "pareto-nbd", params: pareto }, gg, cs, { periodsPerMonth: 4.345 }));
  });

  test("takes any purchase model; refuses bad parameters and q <= 1 with the function name", () => {
    const cs = [{ frequency: 1, recency: 5, T: 10, monetaryValue: 20 }];
    expect(predictedClv({ model: "pareto-nbd", params: pareto }, gg, cs, { periodsPerMonth: 4.345 }).customers[0].clv).toBeGreaterThan(0);
    expect(() => predictedClv(bg, { ...gg, q: 0.9 }, cs, { periodsPerMonth: 4.345 })).toThrow(/^predictedClv: Gamma-Gamma q = 0.9 <= 1/);
    expect(() => predictedClv({ ...bg, r: -1 }, gg, cs, { periodsPerMonth: 4.345 })).toThrow(/^predictedClv: params.r must be a finite positive number/);
    expect(() => predictedClv({ model: "nbd" } as unknown as PurchaseModel, gg, cs, { periodsPerMonth: 4.345 })).toThrow(TypeError);
    expect(() => predictedClv(bg, { ...gg, v: Number.NaN }, cs, { periodsPerMonth: 4.345 })).toThrow(/gammaGamma.v/);
    expect(() => predictedClv(bg, gg, cs, {} as never)).toThrow(/^predictedClv: .*periodsPerMonth/);
    expect(() => predictedClv(bg, gg, cs, { periodsPerMonth: 4.345, discount: 0.1 } as never)).toThrow(/^predictedClv: options: unknown option "discount"/);
  });

  test("monetaryValue is required and checked", () => {
    expectIssue(() => predictedClv(bg, gg, [{ frequency: 1, recency: 5, T: 10 }], { periodsPerMonth: 4.345 }), { code: "missing_field", path: ["fields", "monetaryValue"] });
    expectIssue(() => predictedClv(bg, gg, [{ customerId: "m", frequency: 1, recency: 5, T: 10, monetaryValue: -1 }], { periodsPerMonth: 4.345 }), { path: ["records", 0, "monetaryValue"], customerId: "m" });
  });

  test("a fit that did not converge is refused (fit_not_converged) unless allowUnconverged; a converged fit is used as it is", () => {
    // everyone bought once: the purchase fit cannot converge
    const once = Array.from({ length: 30 }, (_, i) => ({ customerId: `o${i}`, frequency: 0, recency: 0, T: 10 + i, monetaryValue: 0 }));
    const spenders = [
      { customerId: "s1", frequency: 2, recency: 8, T: 30, monetaryValue: 22.35 },
      { customerId: "s2", frequency: 1, recency: 3, T: 30, monetaryValue: 11.77 },
      { customerId: "s3", frequency: 6, recency: 20, T: 30, monetaryValue: 29.5 },
      { customerId: "s4", frequency: 3, recency: 12, T: 30, monetaryValue: 40.1 },
      { customerId: "s5", frequency: 4, recency: 25, T: 30, monetaryValue: 18 },
    ];
    const bgFit = fitBgNbd(once);
    expect(bgFit.diagnostics.converged).toBe(false);
    expectIssue(() => predictedClv(bgFit, gg, once, { periodsPerMonth: 4.345 }), { code: "fit_not_converged", path: ["purchases"] });
    const paretoFit = fitParetoNbd(once);
    expectIssue(() => predictedClv({ model: "pareto-nbd", ...paretoFit }, gg, once, { periodsPerMonth: 4.345 }), { code: "fit_not_converged", path: ["purchases"] });
    const allowed = predictedClv(bgFit, gg, once, { periodsPerMonth: 4.345, allowUnconverged: true }).customers;
    for (const c of allowed) expect(c.clv >= 0 && Number.isFinite(c.clv)).toBe(true);
    // a Gamma-Gamma fit that did not converge, likewise
    const ggFit = fitGammaGamma(spenders.slice(0, 2));
    if (!ggFit.diagnostics.converged) expectIssue(() => predictedClv(bg, ggFit, spenders, { periodsPerMonth: 4.345 }), { code: "fit_not_converged", path: ["gammaGamma"] });
    // the fits themselves are accepted, and give what their parameters give
    const converged = { ...bgFit, params: bg, diagnostics: { ...bgFit.diagnostics, converged: true } };
    expect(predictedClv(converged, gg, spenders, { periodsPerMonth: 4.345 })).toEqual(predictedClv(bg, gg, spenders, { periodsPerMonth: 4.345 }));
    let thrown: unknown;
    try {
      predictedClv(bgFit, gg, once, { periodsPerMonth: 4.345 });
    } catch (e) {
      thrown = e;
    }
    expect(isAnalyticsInputError(thrown) && thrown.issues[0].message).toMatch(/fit: not converged: .*; refit, or pass allowUnconverged: true/);
  });

  test("never negative, NaN or Infinity: extreme parameters give a finite CLV >= 0 or a clear error", () => {
    const cs = [{ customerId: "a", frequency: 3, recency: 5, T: 10, monetaryValue: 10 }];
    // parameters at the edge of the double range (the issue's fit: CLVs down to -4.6e14)
    const extreme = predictedClv({ r: 1e15, alpha: 1e15, a: 1e-15, b: 1e15 }, gg, cs, { periodsPerMonth: 4.345 }).customers[0];
    expect(Number.isFinite(extreme.clv) && extreme.clv >= 0).toBe(true);
    // a spend beyond a double's range is an overflow issue naming the customer
    expectIssue(() => predictedClv(bg, gg, [{ ...cs[0], monetaryValue: 1e308 }], { periodsPerMonth: 4.345 }), { code: "overflow", path: ["records", 0, "monetaryValue"], customerId: "a" });
    fc.assert(
      fc.property(
        fc.record({ r: fc.double({ min: 1e-6, max: 1e12, noNaN: true }), alpha: fc.double({ min: 1e-6, max: 1e12, noNaN: true }), a: fc.double({ min: 1e-6, max: 1e6, noNaN: true }), b: fc.double({ min: 1e-6, max: 1e12, noNaN: true }) }),
        fc.array(customerArb, { minLength: 1, maxLength: 5 }),
        (params, customers) => {
          fc.pre(params.a !== 1);
          try {
            for (const c of predictedClv(params, gg, customers, { periodsPerMonth: 4.345 }).customers) expect(Number.isFinite(c.clv) && c.clv >= 0).toBe(true);
          } catch (e) {
            expect(String(e)).toMatch(/^(RangeError|AnalyticsInputError): predictedClv: /);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  test("types", () => {
    expectTypeOf(predictedClv).parameter(0).toEqualTypeOf<PredictedClvPurchases>();
    expectTypeOf<BgNbdParams>().toExtend<PredictedClvPurchases>();
    expectTypeOf<PurchaseModel>().toExtend<PredictedClvPurchases>();
    expectTypeOf<BgNbdFit>().toExtend<PredictedClvPurchases>();
    expectTypeOf(predictedClv).parameter(1).toEqualTypeOf<GammaGammaParams | GammaGammaFit>();
    expectTypeOf(predictedClv).parameter(2).toEqualTypeOf<CustomerInput<BtydCustomer>>();
    expectTypeOf<PredictedClvOptions["output"]>().toEqualTypeOf<"records" | "columns" | undefined>();
    expectTypeOf(() => predictedClv(bg, gg, [], { periodsPerMonth: 1 })).returns.toEqualTypeOf<PredictedClvResult>();
    expectTypeOf(() => predictedClv(bg, gg, [], { periodsPerMonth: 1, output: "records" })).returns.toEqualTypeOf<PredictedClvResult>();
    expectTypeOf(() => predictedClv(bg, gg, [], { periodsPerMonth: 1, output: "columns" })).returns.toEqualTypeOf<PredictedClvColumnsResult>();
    expectTypeOf<PredictedClvColumnsResult["columns"]>().toEqualTypeOf<{ customerId: string[]; clv: Float64Array; expectedSpend: Float64Array }>();
    expectTypeOf<PredictedClvColumnsResult["meta"]>().toEqualTypeOf<PredictedClvResult["meta"]>();
    expectTypeOf<PredictedClvResult["customers"][number]>().toEqualTypeOf<{ customerId: string; clv: number; expectedSpend: number }>();
  });
});
