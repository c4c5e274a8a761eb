import fc from "fast-check";
import { describe, expect, expectTypeOf, test } from "vitest";
import { cohortRetention, cohortRetentionOptionsSchema, type CohortCell, type CohortRetentionOptions, type CohortRetentionResult } from "../../src/index.js";
import { transactionRows } from "../helpers/arbitraries.js";
import { log, windows } from "./log.js";

describe("cohortRetention", () => {
  test("hand-computed cohorts", () => {
    const { cells } = cohortRetention(log, { asOf: "2024-04-30" });
    const jan = cells.filter((c) => c.cohort === "2024-01").map((c) => [c.periodIndex, c.customers, c.share, c.revenue]);
    expect(jan).toEqual([
      [0, 2, 1, 180],
      [1, 1, 0.5, 70],
      [2, 1, 0.5, 30], // b bought; a's refund nets into revenue
      [3, 1, 0.5, 10],
    ]);
    expect(cells.filter((c) => c.periodIndex === 0).map((c) => [c.cohort, c.cohortSize])).toEqual([
      ["2024-01", 2],
      ["2024-02", 1],
      ["2024-04", 1],
    ]);
  });

  test("meta says how to reproduce the result", () => {
    expect(cohortRetention(log, { asOf: "2024-04-30", period: "quarter" }).meta).toMatchObject({
      asOf: "2024-04-30",
      timeZone: null,
      refunds: "net",
      period: "quarter",
      weekStartsOn: null,
      windows: null,
      input: expect.objectContaining({ rowsRead: 10, rowsUsed: 10 }),
    });
    expect(cohortRetention(log, { asOf: "2024-04-30", period: "week", weekStartsOn: 3 }).meta).toMatchObject({ period: "week", weekStartsOn: 3 });
  });

  test("properties: cohort sizes are the customers first seen in the period; shares in [0, 1]", () => {
    fc.assert(
      fc.property(transactionRows(), (rows) => {
        const { cells } = cohortRetention(rows, { asOf: "2024-01-01", period: "quarter" });
        const total = cells.filter((c) => c.periodIndex === 0).reduce((s, c) => s + c.cohortSize, 0);
        expect(total).toBe(new Set(rows.map((r) => r.customerId)).size);
        for (const c of cells) {
          expect(c.share).toBeGreaterThanOrEqual(0);
          expect(c.share).toBeLessThanOrEqual(1);
          if (c.periodIndex === 0) expect(c.share).toBe(1);
        }
      }),
    );
  });

  test("explicit windows: customers first seen before the first window are in no cohort", () => {
    const { cells, meta } = cohortRetention(log, { asOf: "2024-04-30", windows });
    expect(cells.map((c) => [c.cohort, c.periodIndex, c.customers, c.revenue])).toEqual([
      ["Feb", 0, 1, 25],
      ["Feb", 1, 0, 0],
      ["2024-03-05..2024-04-15", 0, 1, 60],
    ]);
    expect(meta.windows?.map((w) => w.label)).toEqual(["Feb", "2024-03-05..2024-04-15"]);
    expect(() => cohortRetention(log, { asOf: "2024-04-30", windows, weekStartsOn: 0 })).toThrow(new TypeError("cohortRetention: options: give either windows or period/weekStartsOn, not both"));
  });

  test("unknown options are rejected; types", () => {
    expect(() => cohortRetention(log, { asOf: "2024-04-30", lostAfterDays: 30 } as never)).toThrow(new TypeError('cohortRetention: options: unknown option "lostAfterDays"'));
    expect(() => cohortRetention(log, { asOf: "2024-04-30", period: "day" } as never)).toThrow(/^cohortRetention: options\.period/);
    expectTypeOf(cohortRetention).parameter(1).toEqualTypeOf<CohortRetentionOptions<unknown>>();
    expectTypeOf(cohortRetention).returns.toEqualTypeOf<CohortRetentionResult>();
    expectTypeOf<CohortRetentionResult["cells"]>().toEqualTypeOf<CohortCell[]>();
    expectTypeOf<keyof typeof cohortRetentionOptionsSchema.shape>().toEqualTypeOf<keyof CohortRetentionOptions>();
  });
});
