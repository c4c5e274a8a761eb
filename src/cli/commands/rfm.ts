import { scoreRfm } from "../../rfm/index.js";
import { choice, numberOption, type Command, type OptionSpec } from "../command.js";
import { step } from "../issues.js";
import { tableOf } from "../output.js";

/** Options shared by `rfm` and `segments` (scoring). */
export const SCORING_OPTIONS: Record<string, OptionSpec> = {
  method: { type: "string", arg: "quantile|r-rfm|rank", help: "scoring method (default quantile: type-7 quantile edges; r-rfm reproduces R rfm 0.3.0; rank: equal-count bins)" },
  bins: { type: "string", arg: "N", help: "scores 1..N for each of R, F, M, N in 2..10 (default 5)" },
};

/** Scoring options of `scoreRfm` from the command line (undefined when none is given). */
export function scoringOptions(values: Record<string, string | boolean | undefined>): { method?: "quantile" | "r-rfm" | "rank"; bins?: number } | undefined {
  const method = choice(values, "method", ["quantile", "r-rfm", "rank"] as const);
  const bins = numberOption(values, "bins", { integer: true, min: 2, max: 10 });
  if (method === undefined && bins === undefined) return undefined;
  return { ...(method ? { method } : {}), ...(bins !== undefined ? { bins } : {}) };
}

/** `rfm`: RFM scores per customer. */
export const rfmCommand: Command = {
  name: "rfm",
  summary: "RFM scores 1..n per customer (quantile, r-rfm or rank)",
  description:
    "One record per customer: recencyDays, frequency, monetary, and the scores r, f, m (recent = high r) and their cell (\"543\"). The bin edges used are in --meta.",
  examples: ["crm-analytics rfm orders.csv --as-of 2024-06-30 --method rank --bins 4"],
  needs: "summaries",
  streams: () => true,
  options: { ...SCORING_OPTIONS },
  prepare(values) {
    const scoring = scoringOptions(values) ?? {};
    return (input) => {
      if (input.kind !== "summaries") throw new Error("rfm: needs summaries");
      if (input.columns === undefined) {
        const { customers, meta } = step("scoreRfm", () => scoreRfm(input.customers, scoring), input.customers);
        return { records: customers as unknown as Record<string, unknown>[], meta };
      }
      // streamed: scored and written as columns (the records' key order), no object per customer
      const c = input.columns;
      const { columns, meta } = step("scoreRfm", () => scoreRfm(c, { ...scoring, output: "columns" }), () => c.customerId.map((customerId) => ({ customerId })));
      return { records: [], table: tableOf(columns, c.customerId.length), meta };
    };
  },
};
