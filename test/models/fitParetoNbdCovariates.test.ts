import { describe, expect, expectTypeOf, test } from "vitest";
import { fitParetoNbd, fitParetoNbdCovariates, type ParetoNbdCovariatesFit } from "../../src/models/index.js";
import { PARETO_NBD_COVARIATES, covariateLogLikelihood } from "../../src/models/modelCovariates.js";
import { cdnow, gradientMatchesCentralDifferences, reference, rel, twoGroups } from "./covariatesData.js";
import { expectIssue } from "./shared.js";

const fits = reference.fits.filter((f) => f.model === "pareto-nbd");

describe("fitParetoNbdCovariates", () => {
  test.each(fits.map((f) => [f.purchase.join("+") || "none", f.dropout.join("+") || "none", f] as const))(
    "CDNOW, purchase %s, dropout %s: the scipy fit's parameters within 1e-4, log-likelihood within 1e-6, standard errors within 1e-3",
    (_p, _d, ref) => {
      const fit = fitParetoNbdCovariates(cdnow, { purchase: ref.purchase, dropout: ref.dropout });
      expect(fit.diagnostics.converged, fit.diagnostics.message).toBe(true);
      for (const k of ["r", "alpha", "s", "beta"] as const) {
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
    },
  );

  test("without covariates it is the plain fit; the likelihood at coefficients 0 is the plain likelihood", () => {
    const plain = fitParetoNbd(cdnow);
    const none = fitParetoNbdCovariates(cdnow, { purchase: [], dropout: [] });
    expect(rel(none.logLikelihood, plain.logLikelihood)).toBeLessThan(1e-12);
    for (const k of ["r", "alpha", "s", "beta"] as const) {
      expect(rel(none.params[k], plain.params[k])).toBeLessThan(1e-7);
      expect(rel(none.standardErrors!.params[k], plain.standardErrors![k])).toBeLessThan(1e-5);
    }
    const ll = covariateLogLikelihood("test", PARETO_NBD_COVARIATES, cdnow, ["lnFirst"], ["lnFirst"]);
    const p = plain.params;
    expect(rel(ll([Math.log(p.r), Math.log(p.alpha), Math.log(p.s), Math.log(p.beta), 0, 0], null), plain.logLikelihood)).toBeLessThan(1e-12);
  });

  test("the analytic gradient (chain rule through the Pareto/NBD kernel's) matches central differences", () => {
    gradientMatchesCentralDifferences(PARETO_NBD_COVARIATES, ["z"], ["z", "d"], [0.5, 30], 40);
  });

  test("data drawn from the model with a known effect: the coefficients are recovered within three standard errors", () => {
    // z = 1 buys twice as often (γ_p = ln 2) and drops out three times as fast (γ_d = ln 3)
    const p0 = { r: 0.8, alpha: 10, s: 0.7, beta: 20 };
    const data = twoGroups("pareto-nbd", 3000, p0, { ...p0, alpha: 5, beta: 20 / 3 }, 5);
    const fit = fitParetoNbdCovariates(data, { purchase: ["z"], dropout: ["z"] });
    expect(fit.diagnostics.converged, fit.diagnostics.message).toBe(true);
    const se = fit.standardErrors!;
    expect(Math.abs(fit.coefficients.purchase.z - Math.log(2))).toBeLessThan(3 * se.coefficients.purchase.z);
    expect(Math.abs(fit.coefficients.dropout.z - Math.log(3))).toBeLessThan(3 * se.coefficients.dropout.z);
  });

  test("a covariate that separates buyers from non-buyers: not converged, naming the coefficient, no standard errors", () => {
    const data = cdnow.slice(0, 400).map((c) => ({ ...c, buyer: c.frequency > 0 ? 1 : 0 }));
    const fit = fitParetoNbdCovariates(data, { purchase: ["buyer"] });
    expect(fit.diagnostics.converged).toBe(false);
    expect(fit.diagnostics.message).toMatch(/purchase coefficient of "buyer" → \+∞/);
    expect(fit.standardErrors).toBeNull();
  });

  test("bad covariates: constant, collinear, non-finite", () => {
    expectIssue(() => fitParetoNbdCovariates(cdnow.map((c) => ({ ...c, one: 7 })), { dropout: ["one"] }), { code: "degenerate_data", path: ["fields", "one"] });
    expectIssue(() => fitParetoNbdCovariates(cdnow.map((c) => ({ ...c, neg: -c.lnFirst })), { purchase: ["lnFirst", "neg"] }), { code: "degenerate_data", path: ["fields", "neg"] });
    const bad = cdnow.slice(0, 10).map((c, i) => (i === 2 ? { ...c, lnFirst: Number.POSITIVE_INFINITY } : c));
    expectIssue(() => fitParetoNbdCovariates(bad, { purchase: ["lnFirst"] }), { code: "invalid_value", path: ["records", 2, "lnFirst"], customerId: "3" });
  });

  test("types", () => {
    expectTypeOf(fitParetoNbdCovariates).returns.toEqualTypeOf<ParetoNbdCovariatesFit>();
    expectTypeOf<ParetoNbdCovariatesFit["params"]>().toEqualTypeOf<{ r: number; alpha: number; s: number; beta: number }>();
  });
});
