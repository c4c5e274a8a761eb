import { classifyAbc, type AbcMeta, type ClassifyAbcOptions } from "../../value/index.js";
import { tableOf } from "../output.js";
import { choice, SUMMARY_OPTION, type Command, type OptionSpec } from "../command.js";
import { UsageError } from "../errors.js";
import { step } from "../issues.js";

/** The summary fields a value-based command may rank customers by. */
export const VALUE_FIELDS = ["monetary", "frequency", "averageOrderValue"] as const;
export const VALUE_OPTION: OptionSpec = { type: "string", arg: VALUE_FIELDS.join("|"), help: "the customer value to rank by (default monetary, the net amount)" };

/** `abc`: ABC classes of customers by value. */
export const abcCommand: Command = {
  name: "abc",
  summary: "ABC classes by value (fixed 80/95 cuts, or the computed ABC analysis of R ABCanalysis)",
  description:
    "One record per customer: value, abcClass (A, B, C), rank and cumulativeShare. --method fixed (default) cuts at 80% and 95% of the value (--by count: 20% and 50% of the customers); --method computed finds the cuts from the data (Ultsch & Lötsch 2015), as R ABCanalysis.",
  examples: ["crm-analytics abc orders.csv --as-of 2024-06-30 --method computed --summary"],
  needs: "summaries",
  streams: () => true,
  options: {
    method: { type: "string", arg: "fixed|computed", help: "fixed cuts (default) or computed ABC analysis" },
    by: { type: "string", arg: "value|count", help: "fixed cuts on value shares (default) or customer shares" },
    value: VALUE_OPTION,
    summary: SUMMARY_OPTION,
  },
  prepare(values) {
    const method = choice(values, "method", ["fixed", "computed"] as const, "fixed");
    const by = choice(values, "by", ["value", "count"] as const);
    const value = choice(values, "value", VALUE_FIELDS, "monetary");
    if (method === "computed" && by !== undefined) throw new UsageError("--by applies to --method fixed only (the computed analysis finds its cuts from the values)");
    const options: ClassifyAbcOptions = method === "computed" ? { method, value } : { method, value, ...(by ? { by } : {}) };
    return (input) => {
      if (input.kind !== "summaries") throw new Error("abc: needs summaries");
      const c = input.columns;
      if (c !== undefined) {
        // streamed: classified and written as columns (the records' key order), no object per customer
        const { columns, meta } = step("classifyAbc", () => classifyAbc(c, { ...options, output: "columns" }), () => c.customerId.map((customerId) => ({ customerId })));
        if (!values.summary) return { records: [], table: tableOf(columns, c.customerId.length), meta };
        return { records: abcSummary(meta), meta };
      }
      const { customers, meta } = step("classifyAbc", () => classifyAbc(input.customers, options), input.customers);
      if (values.summary) {
        return { records: abcSummary(meta), meta };
      }
      return { records: customers as unknown as Record<string, unknown>[], meta };
    };
  },
};

/** `--summary`: one record per class. */
function abcSummary(meta: AbcMeta): Record<string, unknown>[] {
  return (["A", "B", "C"] as const).map((c) => ({ abcClass: c, customers: meta.counts[c], share: meta.counts[c] / meta.customers, valueShare: meta.valueShares[c] }));
}
