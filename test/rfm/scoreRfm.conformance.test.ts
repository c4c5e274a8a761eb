// Conformance with R package rfm 0.3.0: method "r-rfm" must reproduce every score and every edge.
import { describe, expect, test } from "vitest";
import { scoreRfm, segmentRfm } from "../../src/rfm/index.js";
import { summarizeTransactions } from "../../src/summary/index.js";
import { readCsvFixture } from "../helpers/csv.js";

const orders = readCsvFixture("data/rfm_data_orders.csv");
const customerLevel = readCsvFixture("data/rfm_data_customer.csv.gz").map((r) => ({
  customerId: r.customer_id,
  recencyDays: Number(r.recency_days),
  frequency: Number(r.number_of_orders),
  monetary: Number(r.revenue),
}));
const orderSummaries = summarizeTransactions(orders, {
  asOf: "2006-12-31",
  fields: { customerId: "customer_id", date: "order_date", amount: (r: Record<string, string>) => Number(r.revenue) },
}).customers;

const customBreaks = { recency: [115, 181, 297, 482], frequency: [4, 5, 6, 8], monetary: [256, 382, 506, 666] };

function compareScores(scores: ReturnType<typeof scoreRfm>["customers"], refFile: string) {
  const ref = readCsvFixture(refFile);
  expect(scores.length).toBe(ref.length);
  const byId = new Map(scores.map((s) => [s.customerId, s]));
  const mismatches: string[] = [];
  for (const r of ref) {
    const s = byId.get(r.customer_id);
    if (!s) {
      mismatches.push(`${r.customer_id}: missing`);
      continue;
    }
    const got = [s.recencyDays, s.frequency, s.monetary, s.r, s.f, s.m, Number(s.cell)];
    const want = [r.recency_days, r.transaction_count, r.amount, r.recency_score, r.frequency_score, r.monetary_score, r.rfm_score].map(Number);
    if (got.some((g, i) => g !== want[i])) mismatches.push(`${r.customer_id}: got ${got.join(",")} want ${want.join(",")}`);
  }
  expect(mismatches).toEqual([]);
}

function compareEdges(meta: ReturnType<typeof scoreRfm>["meta"], refFile: string) {
  const ref = readCsvFixture(refFile);
  for (const [dim, col] of [["recency", "recency"], ["frequency", "frequency"], ["monetary", "monetary"]] as const) {
    const edges = meta[dim].edges;
    expect(edges.slice(0, -1)).toEqual(ref.map((r) => Number(r[`${col}_lower`])));
    expect(edges.slice(1)).toEqual(ref.map((r) => Number(r[`${col}_upper`])));
  }
}

describe("R rfm 0.3.0 conformance (method r-rfm)", () => {
  test("rfm_table_order on rfm_data_orders, 5 bins: every score and summary value matches", () => {
    const { customers: scores, meta } = scoreRfm(orderSummaries, { method: "r-rfm" });
    compareScores(scores, "rfm/rfm_table_order_2006-12-31.csv");
    compareEdges(meta, "rfm/rfm_table_order_2006-12-31_thresholds.csv");
  });

  test("rfm_table_order with custom breaks", () => {
    const { customers: scores, meta } = scoreRfm(orderSummaries, { method: "r-rfm", breaks: customBreaks });
    compareScores(scores, "rfm/rfm_table_order_2006-12-31_custom_breaks.csv");
    compareEdges(meta, "rfm/rfm_table_order_2006-12-31_custom_breaks_thresholds.csv");
  });

  test("rfm_table_customer on rfm_data_customer (39,999 customers), 5 bins", () => {
    const { customers: scores, meta } = scoreRfm(customerLevel, { method: "r-rfm" });
    compareScores(scores, "rfm/rfm_table_customer_2007-01-01.csv.gz");
    compareEdges(meta, "rfm/rfm_table_customer_2007-01-01_thresholds.csv");
  });

  test("rfm_table_customer with custom breaks, mapped fields", () => {
    const raw = readCsvFixture("data/rfm_data_customer.csv.gz").map((r) => ({
      id: Number(r.customer_id),
      orders: Number(r.number_of_orders),
      days: Number(r.recency_days),
      revenue: Number(r.revenue),
    }));
    const { customers: scores, meta } = scoreRfm(raw, {
      method: "r-rfm",
      breaks: customBreaks,
      fields: { customerId: "id", recencyDays: "days", frequency: "orders", monetary: "revenue" },
    });
    compareScores(scores, "rfm/rfm_table_customer_2007-01-01_custom_breaks.csv.gz");
    compareEdges(meta, "rfm/rfm_table_customer_2007-01-01_custom_breaks_thresholds.csv");
  });

  for (const [data, file, scheme] of [
    ["order", "rfm/rfm_segment_order_readme_scheme", "r-rfm-readme"],
    ["order", "rfm/rfm_segment_order_test_scheme", "r-rfm-tests"],
    ["customer", "rfm/rfm_segment_customer_readme_scheme", "r-rfm-readme"],
    ["customer", "rfm/rfm_segment_customer_test_scheme", "r-rfm-tests"],
  ] as const) {
    test(`rfm_segment ${scheme} on ${data}-level data: every segment and the summary match`, () => {
      const input = data === "order" ? orderSummaries : customerLevel;
      const { customers: segments, meta: { segments: summary } } = segmentRfm(input, { scheme, scoring: { method: "r-rfm" } });
      const ref = readCsvFixture(`${file}.csv${data === "customer" ? ".gz" : ""}`);
      const byId = new Map(segments.map((s) => [s.customerId, s]));
      const labelOf = new Map(summary.map((row) => [row.segment, row.label]));
      const mismatches = ref.filter((r) => labelOf.get(byId.get(r.customer_id)!.segment) !== r.segment);
      expect(mismatches.length).toBe(0);
      expect(segments.length).toBe(ref.length);
      const refSummary = readCsvFixture(`${file}_summary.csv`);
      for (const r of refSummary) {
        const row = summary.find((s) => s.label === r.segment)!;
        expect([row.customers, row.orders, row.revenue, Math.round(row.averageOrderValue! * 100) / 100]).toEqual([
          Number(r.customers),
          Number(r.orders),
          Number(r.revenue),
          Number(r.aov),
        ]);
      }
      // Segments R does not list have no customers here.
      const listed = new Set(refSummary.map((r) => r.segment));
      for (const row of summary) if (!listed.has(row.label)) expect(row.customers).toBe(0);
    });
  }
});
