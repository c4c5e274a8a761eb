import type { CustomerInput } from "../../src/input/index.js";
import fc from "fast-check";
import { describe, expect, expectTypeOf, test } from "vitest";
import { fitGammaGamma, type BtydCustomer, type FitGammaGammaOptions, type GammaGammaFit } from "../../src/models/index.js";
import { readCsvFixture } from "../helpers/csv.js";
import { expectIssue } from "./shared.js";

describe("fitGammaGamma", () => {
  test("on identical spends it reports its state and never returns NaN parameters", () => {
    const same = Array.from({ length: 30 }, () => ({ frequency: 3, recency: 5, T: 10, monetaryValue: 25 }));
    const fit = fitGammaGamma(same);
    for (const v of Object.values(fit.params)) expect(Number.isFinite(v)).toBe(true);
    // identical spends: p and q run off to ∞ (a spend distribution with no spread); the fit stops early there
    expect(fit.diagnostics.message).toMatch(fit.diagnostics.converged ? /below the tolerance/ : /maximum of \d+ iterations|line search found no lower value|ran off towards ∞/);
    // all frequencies and spends equal: the correlation is undefined (null), not NaN
    expect(fit.meta).toEqual({ repeatBuyers: 30, penalizer: 0, frequencySpendCorrelation: null, excludedNonPositiveSpend: 0, warnings: [] });
  });

  test("a repeat buyer without spend is an issue naming the customer; fewer than 2 repeat buyers is degenerate", () => {
    const cs = [
      { customerId: "a", frequency: 2, recency: 5, T: 10, monetaryValue: 10 },
      { customerId: "b", frequency: 1, recency: 5, T: 10, monetaryValue: 0 },
      { customerId: "c", frequency: 0, recency: 0, T: 10, monetaryValue: 0 },
    ];
    expectIssue(() => fitGammaGamma(cs), { code: "invalid_value", path: ["records", 1, "monetaryValue"], customerId: "b" });
    expectIssue(() => fitGammaGamma([cs[0], cs[2]]), { code: "degenerate_data", path: ["records"] });
    expectIssue(() => fitGammaGamma([{ frequency: 1, recency: 1, T: 2 }]), { code: "missing_field", path: ["fields", "monetaryValue"] });
  });

  test("spends near 1e308 are an overflow issue of fitGammaGamma, not an internal error", () => {
    const c = (frequency: number, monetaryValue: number) => ({ frequency, recency: frequency, T: 39, monetaryValue });
    expectIssue(() => fitGammaGamma([c(2, 1e308), c(1, 11.77), c(6, 29.5)]), { code: "overflow", path: ["records"] });
  });

  test("meta reports the frequency–spend correlation of the repeat buyers (numpy's corrcoef) and warns above |r| = 0.3", () => {
    const c = (frequency: number, monetaryValue: number) => ({ frequency, recency: frequency, T: 39, monetaryValue });
    // numpy.corrcoef([2, 1, 6, 3], [35, 11.77, 20.5, 40.1])[0, 1] = 0.03504003655358813; the x = 0 customer is not a repeat buyer
    const weak = fitGammaGamma([c(2, 35), c(1, 11.77), c(6, 20.5), c(3, 40.1), c(0, 0)]);
    expect(weak.meta.frequencySpendCorrelation).toBeCloseTo(0.03504003655358813, 13);
    expect(weak.meta.warnings).toEqual([]);
    // spend rising with frequency: numpy.corrcoef([1, 2, 3, 4, 5], [10, 21, 29, 42, 48])[0, 1] = 0.9951990015225994, a warning naming r
    const strong = fitGammaGamma([c(1, 10), c(2, 21), c(3, 29), c(4, 42), c(5, 48)]);
    expect(strong.meta.frequencySpendCorrelation).toBeCloseTo(0.9951990015225994, 13);
    expect(strong.meta.warnings).toEqual([expect.stringMatching(/^frequency and mean spend are correlated \(r = 0\.995, \|r\| > 0\.3\)/)]);
    // numpy.corrcoef([2, 1, 6, 3], [22.35, 11.77, 29.5, 40.1])[0, 1] = 0.5511970986832913 (the doc example)
    expect(fitGammaGamma([c(2, 22.35), c(1, 11.77), c(6, 29.5), c(3, 40.1)]).meta.frequencySpendCorrelation).toBeCloseTo(0.5511970986832913, 13);
    // counts weight the correlation like repeated records
    const counted = fitGammaGamma([{ ...c(2, 22.35), count: 2 }, c(1, 11.77), c(6, 29.5)]);
    const repeated = fitGammaGamma([c(2, 22.35), c(2, 22.35), c(1, 11.77), c(6, 29.5)]);
    expect(counted.meta.frequencySpendCorrelation).toBeCloseTo(repeated.meta.frequencySpendCorrelation!, 14);
  });

  test("the CDNOW sample: r = 0.113884 as lifetimes' Quickstart shows (numpy: 0.11388391048600445), no warning", () => {
    const rows = readCsvFixture("clv/cdnow_customers_summary_with_transactions.csv");
    const recs = rows.map((r) => ({ frequency: Number(r.x), recency: Number(r.t_x), T: Number(r.T), monetaryValue: Number(r.zbar) }));
    const fit = fitGammaGamma(recs);
    expect(fit.meta.frequencySpendCorrelation).toBeCloseTo(0.11388391048600445, 13);
    expect(fit.meta.warnings).toEqual([]);
    expect(fit.params).toEqual(fitGammaGamma(recs, { nonPositiveSpend: "exclude" }).params);
  });

  test("nonPositiveSpend: \"exclude\" fits on the others and counts the excluded; the default refuses", () => {
    const c = (frequency: number, monetaryValue: number, count?: number) => ({ frequency, recency: frequency, T: 39, monetaryValue, ...(count ? { count } : {}) });
    const good = [c(2, 22.35), c(1, 11.77), c(6, 29.5), c(3, 40.1)];
    const bad = [c(2, 0), c(1, -5, 3)];
    expectIssue(() => fitGammaGamma([...good, bad[0]]), { code: "invalid_value", path: ["records", 4, "monetaryValue"] });
    // a negative mean spend is refused as data by default, left out with "exclude" (the input is not mutated)
    expectIssue(() => fitGammaGamma([...good, bad[1]]), { path: ["records", 4, "monetaryValue"] });
    Object.freeze(bad[1]);
    const fit = fitGammaGamma([...good, ...bad, c(0, 0)], { nonPositiveSpend: "exclude" });
    expect(fit.meta.excludedNonPositiveSpend).toBe(4);
    expect(fit.meta.repeatBuyers).toBe(4);
    expect(fit.params).toEqual(fitGammaGamma(good).params);
    expect(fitGammaGamma(good, { nonPositiveSpend: "error" }).meta.excludedNonPositiveSpend).toBe(0);
    expect(() => fitGammaGamma(good, { nonPositiveSpend: "drop" } as never)).toThrow(/^fitGammaGamma: options/);
  });

  test("a fit on customers equals the fit on their (x, m̄) groups with counts, in first-appearance order (the pairs' table)", () => {
    const c = (frequency: number, monetaryValue: number, count?: number) => ({ frequency, recency: frequency, T: 39, monetaryValue, ...(count ? { count } : {}) });
    const spends = [12.5, 20, 33.3, 7.25, 20.000000000000004];
    fc.assert(
      fc.property(fc.array(fc.record({ x: fc.integer({ min: 0, max: 6 }), s: fc.integer({ min: 0, max: spends.length - 1 }) }), { minLength: 3, maxLength: 60 }), (rows) => {
        const customers = rows.map((r) => c(r.x, r.x === 0 ? 0 : spends[r.s]));
        const groups = new Map<string, { frequency: number; recency: number; T: number; monetaryValue: number; count: number }>();
        for (const r of customers) {
          if (r.frequency === 0) continue;
          const key = `${r.frequency},${r.monetaryValue}`;
          const g = groups.get(key);
          if (g) g.count++;
          else groups.set(key, { ...r, count: 1 });
        }
        const run = (input: Parameters<typeof fitGammaGamma>[0]) => {
          try {
            const { params, logLikelihood, standardErrors, diagnostics, meta } = fitGammaGamma(input);
            return { params, logLikelihood, standardErrors, diagnostics, repeatBuyers: meta.repeatBuyers };
          } catch (e) {
            return String(e);
          }
        };
        expect(run([...groups.values()])).toEqual(run(customers));
      }),
      { numRuns: 40 },
    );
  });

  test("Float64Array columns, with or without ids, are read in place: the fit of the records, the input untouched; issues as from records", () => {
    const n = 3000;
    const frequency = Float64Array.from({ length: n }, (_, i) => i % 7);
    const recency = Float64Array.from(frequency, (x) => 3 * x);
    const T = Float64Array.from({ length: n }, () => 30);
    const monetaryValue = Float64Array.from({ length: n }, (_, i) => (i % 7 === 0 ? 0 : 5 + ((i * 37) % 101) / 3));
    const records = Array.from({ length: n }, (_, i) => ({ frequency: frequency[i], recency: recency[i], T: T[i], monetaryValue: monetaryValue[i] }));
    const expected = fitGammaGamma(records);
    const columns = { frequency, recency, T, monetaryValue };
    const before = Object.values(columns).map((c) => Array.from(c));
    expect(fitGammaGamma(columns)).toEqual(expected);
    expect(fitGammaGamma({ ...columns, customerId: records.map((_, i) => `c${i}`) })).toEqual(expected);
    expect(Object.values(columns).map((c) => Array.from(c))).toEqual(before);
    // a repeat buyer without spend, no ids: the same issue (path, no customer) from records and from columns
    const bad = Float64Array.from(monetaryValue);
    bad[8] = 0;
    const issue = { code: "invalid_value", path: ["columns", "monetaryValue", 8], message: "a repeat buyer needs a mean spend > 0 for Gamma-Gamma, got 0 (or pass nonPositiveSpend: \"exclude\")" };
    expectIssue(() => fitGammaGamma({ ...columns, monetaryValue: bad }), issue);
    expectIssue(() => fitGammaGamma(records.map((r, i) => (i === 8 ? { ...r, monetaryValue: 0 } : r))), { ...issue, path: ["records", 8, "monetaryValue"] });
  });

  test("options are checked strictly", () => {
    expect(() => fitGammaGamma([], { penalty: 1 } as never)).toThrow(/^fitGammaGamma: options: unknown option "penalty"/);
  });

  test("types", () => {
    expectTypeOf(fitGammaGamma).parameter(0).toEqualTypeOf<CustomerInput<BtydCustomer>>();
    expectTypeOf(fitGammaGamma).parameter(1).toEqualTypeOf<FitGammaGammaOptions | undefined>();
    expectTypeOf(fitGammaGamma).returns.toEqualTypeOf<GammaGammaFit>();
    expectTypeOf<GammaGammaFit["meta"]>().toEqualTypeOf<{ repeatBuyers: number; penalizer: number; frequencySpendCorrelation: number | null; excludedNonPositiveSpend: number; warnings: string[] }>();
  });
});
