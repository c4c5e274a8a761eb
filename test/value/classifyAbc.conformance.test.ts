// Conformance with R ABCanalysis 1.2.1 (Ultsch & Lötsch's computed ABC analysis) on the five
// reference datasets in test/fixtures/abc (see test/fixtures/README.md).
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { classifyAbc } from "../../src/value/index.js";
import { abcCurve } from "../../src/value/abcCurve.js";
import { fixturePath, readCsvFixture } from "../helpers/csv.js";

interface Reference {
  dataset: string;
  ABexchanged: boolean;
  A_point: [number, number];
  B_point: [number, number];
  C_point: [number, number];
  AB_rank: number;
  BC_rank: number;
  ABLimit_value: number;
  BCLimit_value: number;
  nA: number;
  nB: number;
  nC: number;
}
const references: Reference[] = JSON.parse(readFileSync(fixturePath("abc/abc_reference_summary.json"), "utf8")).results;

describe("computed ABC analysis reproduces R ABCanalysis 1.2.1", () => {
  for (const ref of references) {
    const file = `abc/abc_${ref.dataset}_classes.csv${ref.dataset === "rfm_data_customer_revenue" ? ".gz" : ""}`;
    const items = readCsvFixture(file);
    const records = items.map((r) => ({ customerId: r.id, revenue: Number(r.value) }));

    test(`${ref.dataset}: every class, both limits and the A/B/C points`, () => {
      const { customers, meta } = classifyAbc(records, { method: "computed", value: "revenue" });
      expect(customers.filter((c, i) => c.abcClass !== items[i].class).map((c) => c.customerId)).toEqual([]);
      expect(meta.counts).toEqual({ A: ref.nA, B: ref.nB, C: ref.nC });
      const m = meta.computed!;
      expect([m.abLimit, m.bcLimit, m.abRank, m.bcRank, m.abExchanged]).toEqual([ref.ABLimit_value, ref.BCLimit_value, ref.AB_rank, ref.BC_rank, ref.ABexchanged]);
      for (const [got, want] of [[m.aPoint, ref.A_point], [m.bPoint, ref.B_point], [m.cPoint, ref.C_point]] as const) {
        expect(got.effort).toBeCloseTo(want[0], 12);
        expect(got.yield).toBeCloseTo(want[1], 12);
      }
    });

    test(`${ref.dataset}: the ABC curve and its slope within 1e-12`, () => {
      const curve = abcCurve(Float64Array.from(records.map((r) => Math.max(0, r.revenue))));
      const refCurve = readCsvFixture(`abc/abc_${ref.dataset}_curve.csv`);
      expect(curve.effort.length).toBe(refCurve.length);
      let worst = 0;
      refCurve.forEach((r, j) => {
        worst = Math.max(worst, Math.abs(curve.effort[j] - Number(r.effort)), Math.abs(curve.yield[j] - Number(r.yield)), Math.abs(curve.slope[j] - Number(r.dABC)));
      });
      expect(worst).toBeLessThanOrEqual(1e-12);
    });
  }
});

describe("computed ABC analysis: R's edge cases", () => {
  const run = (xs: number[]) => classifyAbc(xs.map((v, i) => ({ customerId: String(i), monetary: v })), { method: "computed" });
  test("one dominant item", () => {
    const { customers, meta } = run([1000, 1, 1, 1, 1, 1, 1, 1, 1, 1]);
    expect(customers.map((c) => c.abcClass).join("")).toBe("BCCCCCCCCC");
    expect([meta.computed!.abLimit, meta.computed!.bcLimit]).toEqual([1000, 1000]);
  });
  test("ties at the limits share a class", () => {
    const { meta } = run([10, 10, 10, 5, 5, 5, 1, 1, 1, 1]);
    expect(meta.counts).toEqual({ A: 0, B: 6, C: 4 });
  });
  test("negative values count as 0 and land in C", () => {
    const { customers } = run([100, 50, -20, 10, 5, 1]);
    expect(customers.map((c) => c.abcClass).join("")).toBe("ABCCCC");
  });
  test("uniform 1..200 (1001-point grid)", () => {
    const { meta } = run(Array.from({ length: 200 }, (_, i) => i + 1));
    expect(meta.counts).toEqual({ A: 81, B: 42, C: 77 });
    expect([meta.computed!.abLimit, meta.computed!.bcLimit]).toEqual([119, 78]);
  });
  test("exponential 2^-(0..29)", () => {
    const { meta } = run(Array.from({ length: 30 }, (_, i) => 2 ** -i));
    expect(meta.counts).toEqual({ A: 3, B: 2, C: 25 });
  });
  test("all-equal values and a single item are errors, not empty classes", () => {
    expect(() => run([3, 3, 3, 3, 3, 3, 3, 3])).toThrow(expect.objectContaining({ code: "degenerate_data" }));
    expect(() => run([5])).toThrow(expect.objectContaining({ code: "degenerate_data" }));
    expect(() => run([0, 0, -1])).toThrow(expect.objectContaining({ code: "degenerate_data" }));
  });
});
