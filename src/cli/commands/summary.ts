import type { Command } from "../command.js";

/** `summary`: one customer summary per customer, as `summarizeTransactions` computes it. */
export const summaryCommand: Command = {
  name: "summary",
  summary: "customer summaries: first/last purchase, recency, frequency, monetary, tenure, average order value",
  description:
    "One record per customer: firstPurchase, lastPurchase, recencyDays (calendar days to --as-of), frequency (distinct orders with --order, else rows), monetary (net amount), tenureDays, averageOrderValue.",
  examples: ["crm-analytics summary orders.csv --as-of 2024-06-30 --customer cust_id --date order_date --amount total --order invoice"],
  needs: "summaries",
  streams: () => true,
  options: {},
  prepare() {
    return (input) => {
      if (input.kind !== "summaries") throw new Error("summary: needs summaries");
      const c = input.columns;
      if (c === undefined) return { records: input.customers as unknown as Record<string, unknown>[], meta: input.meta };
      // streamed: written straight from the summary columns, in the records' key order
      const fields = { customerId: c.customerId, firstPurchase: c.firstPurchase, lastPurchase: c.lastPurchase, recencyDays: c.recencyDays, frequency: c.frequency, monetary: c.monetary, tenureDays: c.tenureDays, averageOrderValue: c.averageOrderValue };
      const table = { length: c.customerId.length, columns: Object.entries(fields).map(([name, values]) => ({ name, values })) };
      return { records: [], table, meta: input.meta };
    };
  },
};
