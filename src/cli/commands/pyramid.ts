import { CRM_PYRAMID_TIERS, tierPyramid, ZEITHAML_PYRAMID_TIERS } from "../../value/index.js";
import { choice, LABELS_OPTION, labelOf, SUMMARY_OPTION, type Command } from "../command.js";
import { step } from "../issues.js";
import { tableOf } from "../output.js";
import { VALUE_FIELDS, VALUE_OPTION } from "./abc.js";

/** `pyramid`: customer pyramid tiers. */
export const pyramidCommand: Command = {
  name: "pyramid",
  summary: "customer pyramid tiers: key/ordinary/small/inferior (crm) or platinum/gold/iron/lead (zeithaml)",
  description:
    "One record per customer: value, tier, rank and a label (--labels en|zh). --scheme crm (default) cuts by value share: key customers bring the first 80% (important: the first 50%), ordinary up to 95%, small the rest, inferior a negative value. --scheme zeithaml cuts by customer share: platinum top 20%, gold next 30%, iron next 30%, lead the rest.",
  examples: ["crm-analytics pyramid orders.csv --as-of 2024-06-30 --scheme zeithaml --summary"],
  needs: "summaries",
  streams: () => true,
  options: {
    scheme: { type: "string", arg: "crm|zeithaml", help: "tier scheme (default crm)" },
    by: { type: "string", arg: "value|count", help: "cut by value shares or customer shares (default: value for crm, count for zeithaml)" },
    value: VALUE_OPTION,
    labels: LABELS_OPTION,
    summary: SUMMARY_OPTION,
  },
  prepare(values) {
    const scheme = choice(values, "scheme", ["crm", "zeithaml"] as const, "crm");
    const by = choice(values, "by", ["value", "count"] as const);
    const value = choice(values, "value", VALUE_FIELDS, "monetary");
    const lang = choice(values, "labels", ["en", "zh"] as const, "en");
    const defs = scheme === "crm" ? CRM_PYRAMID_TIERS : ZEITHAML_PYRAMID_TIERS;
    return (input) => {
      if (input.kind !== "summaries") throw new Error("pyramid: needs summaries");
      const options = { scheme, value, ...(by ? { by } : {}) };
      const c = input.columns;
      if (c !== undefined && !values.summary) {
        // streamed: tiered and written as columns (the records' key order, then the label), no object per customer
        const { columns, meta } = step("tierPyramid", () => tierPyramid(c, { ...options, output: "columns" }), () => c.customerId.map((customerId) => ({ customerId })));
        const labels = new Map<string, string>();
        const label = columns.tier.map((t) => {
          let text = labels.get(t);
          if (text === undefined) labels.set(t, (text = labelOf(defs, t, lang)));
          return text;
        });
        return { records: [], table: tableOf({ ...columns, label }, c.customerId.length), meta };
      }
      const { customers, meta } = step("tierPyramid", () => tierPyramid(c ?? input.customers, options), c === undefined ? input.customers : () => c.customerId.map((customerId) => ({ customerId })));
      if (values.summary) {
        const records = defs.map((t) => ({
          tier: t.id,
          label: labelOf(defs, t.id, lang),
          customers: meta.counts[t.id],
          share: meta.counts[t.id] / meta.customers,
          valueShare: meta.valueShares[t.id],
        }));
        return { records, meta };
      }
      return { records: customers.map((t) => ({ ...t, label: labelOf(defs, t.tier, lang) })), meta };
    };
  },
};
