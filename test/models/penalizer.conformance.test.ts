// Penalized fits against the optima of lifetimes' penalized objectives, written down from its source
// and minimised with scipy by test/fixtures/scripts/penalized_fits.py (lifetimes itself cannot be
// installed here; see test/fixtures/README.md). Unpenalized fits are checked against lifetimes' own
// output in models.conformance.test.ts.
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { fitBgNbd, fitGammaGamma, fitModifiedBgNbd, fitParetoNbd } from "../../src/models/index.js";
import { fixturePath, readCsvFixture } from "../helpers/csv.js";

const reference = JSON.parse(readFileSync(fixturePath("clv/penalized_fits.json"), "utf8")) as { fits: { model: string; penalizer: number; params: Record<string, number> }[] };
const zbar = new Map(readCsvFixture("clv/cdnow_customers_summary_with_transactions.csv").map((r) => [r.ID, Number(r.zbar)]));
const customers = readCsvFixture("clv/per_customer_cdnow_customers_summary.csv.gz").map((r) => ({
  customerId: r.ID,
  frequency: Number(r.frequency),
  recency: Number(r.recency),
  T: Number(r.T),
  monetaryValue: zbar.get(r.ID) as number,
}));
const fitters: Record<string, (penalizer: number) => { params: object; diagnostics: { converged: boolean }; meta: { penalizer: number } }> = {
  "bg-nbd": (penalizer) => fitBgNbd(customers, { penalizer }),
  "modified-bg-nbd": (penalizer) => fitModifiedBgNbd(customers, { penalizer }),
  "gamma-gamma": (penalizer) => fitGammaGamma(customers, { penalizer }),
  "pareto-nbd": (penalizer) => fitParetoNbd(customers, { penalizer }),
};

describe("penalized fits reach the optimum of lifetimes' penalized objective", () => {
  test.each(reference.fits.map((f) => [f.model, f.penalizer, f.params] as const))("%s, penalizer %s", (model, penalizer, expected) => {
    const fit = fitters[model](penalizer);
    expect(fit.meta.penalizer).toBe(penalizer);
    expect(fit.diagnostics.converged).toBe(true);
    for (const [k, v] of Object.entries(expected)) {
      const got = (fit.params as Record<string, number>)[k];
      expect(Math.abs(got - v) / v, `${k}: ${got} vs ${v}`).toBeLessThan(1e-5);
    }
  });

  test("a penalty shrinks the parameters it acts on towards 0 (BG/NBD a and b)", () => {
    const free = fitBgNbd(customers).params;
    const penalized = fitBgNbd(customers, { penalizer: 0.1 }).params;
    expect(penalized.a).toBeLessThan(free.a);
    expect(penalized.b).toBeLessThan(free.b);
  });
});
