import { CLASSIC_SEGMENTS, segmentRfm } from "../../rfm/index.js";
import { summarizeTransactions, type CustomerSummary } from "../../summary/index.js";
import { classifyAbc, CRM_PYRAMID_TIERS, segmentMovement, tierPyramid } from "../../value/index.js";
import { choice, dateOption, type Command } from "../command.js";
import { UsageError } from "../errors.js";
import { fmtCount } from "../counts.js";
import { step, StepError } from "../issues.js";

const BY = ["segments", "tiers", "abc"] as const;
/** Rows and columns in the classification's own order; tiers and ABC classes are ranked (up/down). */
const ORDER = {
  segments: { order: CLASSIC_SEGMENTS.map((s) => s.id) },
  tiers: { order: CRM_PYRAMID_TIERS.map((t) => t.id), ranked: true },
  abc: { order: ["A", "B", "C"], ranked: true },
} as const;

/** `movement`: how customers moved between segments (or tiers, ABC classes) from one date to another. */
export const movementCommand: Command = {
  name: "movement",
  summary: "segment movement: customers' classes at --from and at --as-of, the migration matrix, new and lost customers",
  description:
    "Classifies the customers twice — on the transactions up to --from and up to --as-of — and compares: one record per cell of the migration matrix (from, to, customers, shareOfFrom, move, revenueFrom, revenueTo), with new customers (from empty) and lost ones (to empty) as their own row and column (summaries are cumulative, so a customer of --from is still there at --as-of: lost customers appear only when a classification leaves customers out). --by segments (the eight classic RFM segments, default), tiers (the CRM customer pyramid) or abc (fixed 80/95 cuts). --customers prints one record per customer instead.",
  examples: [
    "crm-analytics movement orders.csv --as-of 2011-12-09 --from 2011-06-30 --by segments --format table",
    "crm-analytics movement orders.csv --as-of 2011-12-09 --from 2011-06-30 --by tiers --customers -o moves.csv",
  ],
  needs: "transactions",
  usage: "[file|-] --from DATE --as-of DATE [options]",
  options: {
    from: { type: "string", arg: "DATE", help: "the first date (YYYY-MM-DD), before --as-of (required)" },
    by: { type: "string", arg: "segments|tiers|abc", help: "the classification compared (default segments)" },
    customers: { type: "boolean", help: "one record per customer (from, to, move) instead of the matrix" },
  },
  prepare(values) {
    const by = choice(values, "by", BY, "segments");
    const from = dateOption(values, "from");
    if (from === undefined) throw new UsageError("--from DATE is required (the first date to compare)");
    // checked before the data is read (--as-of itself is checked by the argument parser)
    const asOfOption = values["as-of"];
    if (typeof asOfOption === "string" && from >= asOfOption) throw new UsageError(`--from (${from}) must be before --as-of (${asOfOption})`);
    return (input) => {
      if (input.kind !== "transactions") throw new Error("movement: needs transactions");
      const asOf = input.read.asOf;
      const summarise = (date: unknown) =>
        step("summarizeTransactions", () => summarizeTransactions(input.transactions, { ...input.read, asOf: date as string, afterAsOf: "ignore" }).customers);
      const classify = (customers: CustomerSummary[]) => {
        if (by === "segments") return step("segmentRfm", () => segmentRfm(customers).customers, customers);
        if (by === "tiers") return step("tierPyramid", () => tierPyramid(customers).customers, customers);
        return step("classifyAbc", () => classifyAbc(customers).customers, customers);
      };
      const first = (() => {
        try {
          return summarise(from);
        } catch (error) {
          // the library's words name asOf and dateRange: say which flag it is about
          const code = error instanceof StepError ? error.issues[0]?.code : undefined;
          if (code === "empty_input") throw new UsageError(`--from ${from}: no purchase on or before it, so nobody to classify at --from; choose a later date`);
          if (code === "implausible_date") throw new UsageError(`--from ${from} is outside the dates accepted (--date-range, default 1900-01-01..2199-12-31)`);
          throw error;
        }
      })();
      const second = summarise(asOf);
      const field = by === "segments" ? "segment" : by === "tiers" ? "tier" : "abcClass";
      const value = by === "segments" ? "monetary" : "value";
      const result = step("segmentMovement", () =>
        segmentMovement(classify(first) as unknown as Record<string, unknown>[], classify(second) as unknown as Record<string, unknown>[], { field, revenue: value, ...ORDER[by] }),
      );
      const m = result.meta;
      const notes = [`${fmtCount(m.fromCustomers)} customer${m.fromCustomers === 1 ? "" : "s"} at ${from}, ${fmtCount(m.toCustomers)} at ${String(asOf)}: ${fmtCount(m.same)} stayed, ${fmtCount(m.moved)} moved, ${fmtCount(m.new)} new, ${fmtCount(m.lost)} lost`];
      if (values.customers) return { records: result.customers as unknown as Record<string, unknown>[], meta: { from, asOf, by, ...result.meta, cells: undefined }, notes };
      return { records: result.meta.cells as unknown as Record<string, unknown>[], meta: { from, asOf, by, ...result.meta }, notes };
    };
  },
};
