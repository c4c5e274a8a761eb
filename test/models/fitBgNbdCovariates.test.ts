import { describe, expect, expectTypeOf, test } from "vitest";
import { fitBgNbd, fitBgNbdCovariates, type BgNbdCovariatesFit, type FitBgNbdCovariatesOptions } from "../../src/models/index.js";
import { BG_NBD_COVARIATES, covariateLogLikelihood } from "../../src/models/modelCovariates.js";
import { cdnow, gradientMatchesCentralDifferences, reference, rel, twoGroups } from "./covariatesData.js";
import { expectIssue } from "./shared.js";

const fits = reference.fits.filter((f) => f.model === "bg-nbd");

describe("fitBgNbdCovariates", () => {
  test.each(fits.map((f) => [f.purchase.join("+") || "none", f.dropout.join("+") || "none", f] as const))(
    "CDNOW, purchase %s, dropout %s: the scipy fit's parameters within 1e-4, log-likelihood within 1e-6, standard errors within 1e-3",
    (_p, _d, ref) => {
      const fit = fitBgNbdCovariates(cdnow, { purchase: ref.purchase, dropout: ref.dropout });
      expect(fit.diagnostics.converged, fit.diagnostics.message).toBe(true);
      for (const k of ["r", "alpha", "a", "b"] as const) {
        expect(rel(fit.params[k], ref.params[k]), k).toBeLessThan(1e-4);
        expect(rel(fit.standardErrors!.params[k], ref.standardErrors.params[k]), `se ${k}`).toBeLessThan(1e-3);
      }
      for (const p of ["purchase", "dropout"] as const) {
        expect(Object.keys(fit.coefficients[p])).toEqual(Object.keys(ref.coefficients[p]));
        for (const [f, v] of Object.entries(ref.coefficients[p])) {
          expect(rel(fit.coefficients[p][f], v), `${p} ${f}`).toBeLessThan(1e-4);
          expect(rel(fit.standardErrors!.coefficients[p][f], ref.standardErrors.coefficients[p][f]), `se ${p} ${f}`).toBeLessThan(1e-3);
        }
      }
      expect(rel(fit.logLikelihood, ref.logLikelihood)).toBeLessThan(1e-6);
      expect(fit.meta).toMatchObject({ customers: 2357, penalizer: 0, purchase: ref.purchase, dropout: ref.dropout });
    },
  );

  test("without covariates it is the plain fit; the likelihood at coefficients 0 is the plain likelihood", () => {
    const plain = fitBgNbd(cdnow);
    const none = fitBgNbdCovariates(cdnow);
    expect(rel(none.logLikelihood, plain.logLikelihood)).toBeLessThan(1e-12);
    for (const k of ["r", "alpha", "a", "b"] as const) {
      expect(rel(none.params[k], plain.params[k])).toBeLessThan(1e-7);
      expect(rel(none.standardErrors!.params[k], plain.standardErrors![k])).toBeLessThan(1e-5);
    }
    expect(none.meta.covariateGroups).toBe(1);
    const ll = covariateLogLikelihood("test", BG_NBD_COVARIATES, cdnow, ["lnFirst"], ["lnFirst"]);
    const p = plain.params;
    const at0 = ll([Math.log(p.r), Math.log(p.alpha), Math.log(p.a), Math.log(p.b), 0, 0], null);
    expect(rel(at0, plain.logLikelihood)).toBeLessThan(1e-12);
  });

  test("the analytic gradient (chain rule through the BG/NBD kernel's) matches central differences", () => {
    gradientMatchesCentralDifferences(BG_NBD_COVARIATES, ["z", "d"], ["z"], [0.5, 5], 60);
  });

  test("data drawn from the model with a known effect: the coefficients are recovered within three standard errors", () => {
    // z = 1 buys 2.5 times as often (γ_p = ln 2.5) and has a, b twice as large (γ_d = ln 2)
    const p0 = { r: 0.6, alpha: 8, a: 0.8, b: 2.5 };
    const data = twoGroups("bg-nbd", 3000, p0, { ...p0, alpha: 8 / 2.5, a: 1.6, b: 5 }, 11);
    const fit = fitBgNbdCovariates(data, { purchase: ["z"], dropout: ["z"] });
    expect(fit.diagnostics.converged, fit.diagnostics.message).toBe(true);
    const se = fit.standardErrors!;
    expect(Math.abs(fit.coefficients.purchase.z - Math.log(2.5))).toBeLessThan(3 * se.coefficients.purchase.z);
    expect(Math.abs(fit.coefficients.dropout.z - Math.log(2))).toBeLessThan(3 * se.coefficients.dropout.z);
    expect(rel(fit.params.r, 0.6)).toBeLessThan(0.15);
    expect(fit.meta.covariateGroups).toBe(2);
  });

  test("coefficients are on the field's own scale: z·10 + 5 gives γ/10, the same likelihood and the same customers' parameters", () => {
    const a = fitBgNbdCovariates(cdnow, { purchase: ["lnFirst"], dropout: ["lnFirst"] });
    const b = fitBgNbdCovariates(
      cdnow.map((c) => ({ ...c, lnFirst: c.lnFirst * 10 + 5 })),
      { purchase: ["lnFirst"], dropout: ["lnFirst"] },
    );
    expect(rel(b.logLikelihood, a.logLikelihood)).toBeLessThan(1e-10);
    expect(rel(b.coefficients.purchase.lnFirst * 10, a.coefficients.purchase.lnFirst)).toBeLessThan(1e-5);
    expect(rel(b.coefficients.dropout.lnFirst * 10, a.coefficients.dropout.lnFirst)).toBeLessThan(1e-4);
    // a customer at lnFirst = 3 (b's 35) has one α either way
    const alphaA = a.params.alpha * Math.exp(-3 * a.coefficients.purchase.lnFirst);
    const alphaB = b.params.alpha * Math.exp(-35 * b.coefficients.purchase.lnFirst);
    expect(rel(alphaB, alphaA)).toBeLessThan(1e-5);
    expect(rel(b.standardErrors!.coefficients.purchase.lnFirst * 10, a.standardErrors!.coefficients.purchase.lnFirst)).toBeLessThan(1e-3);
    expect(b.meta.scaling.lnFirst.mean).toBeCloseTo(a.meta.scaling.lnFirst.mean * 10 + 5, 9);
  });

  test("the penalizer is CLVTools' λ·Σγ²: it shrinks the coefficients, and a large one leaves the plain fit", () => {
    const opts = { purchase: ["lnFirst"], dropout: ["lnFirst"] };
    const free = fitBgNbdCovariates(cdnow, opts);
    const some = fitBgNbdCovariates(cdnow, { ...opts, penalizer: 0.001 });
    const heavy = fitBgNbdCovariates(cdnow, { ...opts, penalizer: 1e4 });
    expect(Math.abs(some.coefficients.purchase.lnFirst)).toBeLessThan(Math.abs(free.coefficients.purchase.lnFirst));
    expect(some.logLikelihood).toBeLessThan(free.logLikelihood);
    expect(Math.abs(heavy.coefficients.purchase.lnFirst)).toBeLessThan(1e-4);
    expect(rel(heavy.logLikelihood, fitBgNbd(cdnow).logLikelihood)).toBeLessThan(1e-6);
    expect(some.meta.penalizer).toBe(0.001);
  });

  test("a covariate that separates buyers from non-buyers: not converged, naming the coefficient, no standard errors", () => {
    const data = cdnow.slice(0, 400).map((c) => ({ ...c, buyer: c.frequency > 0 ? 1 : 0 }));
    const fit = fitBgNbdCovariates(data, { purchase: ["buyer"] });
    expect(fit.diagnostics.converged).toBe(false);
    expect(fit.diagnostics.message).toMatch(/purchase coefficient of "buyer" → \+∞/);
    expect(fit.standardErrors).toBeNull();
    expect(Number.isFinite(fit.logLikelihood)).toBe(true);
  });

  test("a constant or collinear covariate is degenerate_data naming the field, never a fit", () => {
    expectIssue(() => fitBgNbdCovariates(cdnow.map((c) => ({ ...c, one: 1 })), { purchase: ["one"] }), { code: "degenerate_data", path: ["fields", "one"], field: "one" });
    const twice = cdnow.map((c) => ({ ...c, dollars: 2 * c.lnFirst + 3 }));
    expectIssue(() => fitBgNbdCovariates(twice, { dropout: ["lnFirst", "dollars"] }), { code: "degenerate_data", path: ["fields", "dollars"] });
    // the same field on both processes is not collinearity
    expect(fitBgNbdCovariates(cdnow.slice(0, 300), { purchase: ["lnFirst"], dropout: ["lnFirst"] }).meta.purchase).toEqual(["lnFirst"]);
  });

  test("a missing or non-finite covariate is an issue naming row, field and customer", () => {
    const bad = cdnow.slice(0, 10).map((c, i) => (i === 3 ? { ...c, lnFirst: Number.NaN } : c));
    expectIssue(() => fitBgNbdCovariates(bad, { purchase: ["lnFirst"] }), { code: "invalid_value", path: ["records", 3, "lnFirst"], row: 3, field: "lnFirst", customerId: "4" });
    const absent = cdnow.slice(0, 10).map((c, i) => (i === 5 ? { ...c, lnFirst: null } : c));
    expectIssue(() => fitBgNbdCovariates(absent, { dropout: ["lnFirst"] }), { code: "invalid_value", path: ["records", 5, "lnFirst"], customerId: "6" });
    expectIssue(() => fitBgNbdCovariates(cdnow.slice(0, 10), { purchase: ["nope"] }), { code: "missing_field", path: ["fields", "nope"] });
  });

  test("a covariate far from 0 whose baseline leaves the doubles is an overflow issue, never Infinity", () => {
    const far = cdnow.map((c) => ({ ...c, far: 1e6 + c.lnFirst }));
    expectIssue(() => fitBgNbdCovariates(far, { purchase: ["far"] }), { code: "overflow" });
  });

  test("a record with count stands for that many customers: the same fit as the records repeated", () => {
    const few = cdnow.slice(0, 300).map((c, i) => ({ ...c, z: i % 2 }));
    const counted = few.map((c, i) => ({ ...c, count: 1 + (i % 3) }));
    const repeated = counted.flatMap((c) => Array.from({ length: c.count }, (_, k) => ({ ...c, customerId: `${c.customerId}-${k}`, count: undefined })));
    const a = fitBgNbdCovariates(counted, { purchase: ["z"], dropout: ["lnFirst"] });
    const b = fitBgNbdCovariates(repeated.map(({ count: _, ...c }) => c), { purchase: ["z"], dropout: ["lnFirst"] });
    expect(a.meta.customers).toBe(b.meta.customers);
    expect(rel(a.logLikelihood, b.logLikelihood)).toBeLessThan(1e-9);
    expect(rel(a.coefficients.purchase.z, b.coefficients.purchase.z)).toBeLessThan(1e-5);
    expect(() => fitBgNbdCovariates(counted, { purchase: ["count"] })).toThrow(/^fitBgNbdCovariates: options.purchase: "count" is the number of customers/);
  });

  test("options are checked strictly", () => {
    expect(() => fitBgNbdCovariates(cdnow, { purchase: ["lnFirst", "lnFirst"] })).toThrow(/^fitBgNbdCovariates: options.purchase names the field "lnFirst" twice/);
    expect(() => fitBgNbdCovariates(cdnow, { purchase: [""] })).toThrow(RangeError);
    expect(() => fitBgNbdCovariates(cdnow, { penalizer: -1 })).toThrow(/^fitBgNbdCovariates: options.penalizer/);
    expect(() => fitBgNbdCovariates(cdnow, { covariates: ["x"] } as never)).toThrow(TypeError);
  });

  test("frozen input is not mutated; results are plain data", () => {
    const data = Object.freeze(cdnow.slice(0, 200).map((c) => Object.freeze({ ...c })));
    const fit = fitBgNbdCovariates(data, { purchase: ["lnFirst"] });
    expect(JSON.parse(JSON.stringify(fit))).toEqual(fit);
  });

  test("types", () => {
    expectTypeOf(fitBgNbdCovariates).returns.toEqualTypeOf<BgNbdCovariatesFit>();
    expectTypeOf<FitBgNbdCovariatesOptions>().toHaveProperty("purchase");
    expectTypeOf<BgNbdCovariatesFit["params"]>().toEqualTypeOf<{ r: number; alpha: number; a: number; b: number }>();
  });
});
