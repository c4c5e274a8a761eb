// Type-level checks: `tsc --noEmit` (part of `npm test`) fails if the public types drift.
import { expectTypeOf, test } from "vitest";
import {
  scoreRfm,
  segmentRfm,
  summarizeTransactions,
  type AnalyticsInputError,
  type CustomerSummary,
  type InputIssueCode,
  type RfmScore,
  type RfmSegmentRecord,
  type SegmentSummaryRow,
} from "../src/index.js";

test("public result types", () => {
  const { customers, meta } = summarizeTransactions([{ customerId: "a", date: "2024-01-01", amount: 1 }], { asOf: "2024-01-02" });
  expectTypeOf(customers).toEqualTypeOf<CustomerSummary[]>();
  expectTypeOf(meta.asOf).toEqualTypeOf<string>();
  expectTypeOf(meta.frequencyCounts).toEqualTypeOf<"orderId" | "rows">();
  const { customers: scores } = scoreRfm(customers);
  expectTypeOf(scores).toEqualTypeOf<RfmScore[]>();
  expectTypeOf(scores[0].r).toEqualTypeOf<number>();
  const { customers: segments, meta: segmentMeta } = segmentRfm(customers);
  expectTypeOf(segments).toEqualTypeOf<RfmSegmentRecord[]>();
  expectTypeOf(segmentMeta.segments).toEqualTypeOf<SegmentSummaryRow[]>();
  expectTypeOf<AnalyticsInputError["code"]>().toEqualTypeOf<InputIssueCode>();
  // accessors receive the caller's row type
  summarizeTransactions([{ id: "a", qty: 2, price: 3, day: "2024-01-01" }], {
    asOf: "2024-01-02",
    fields: { customerId: "id", date: "day", amount: (r) => {
      expectTypeOf(r).toEqualTypeOf<{ id: string; qty: number; price: number; day: string }>();
      return r.qty * r.price;
    } },
  });
  // @ts-expect-error: method must be one of the three
  expectTypeOf(() => scoreRfm(customers, { method: "kmeans" })).toBeFunction();
  // @ts-expect-error: thresholds belong to the classic scheme
  expectTypeOf(() => segmentRfm(customers, { scheme: "r-rfm-tests", thresholds: "median" })).toBeFunction();
});
