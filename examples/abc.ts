/**
 * ABC / Pareto classes and concentration: which customers bring most of the revenue? Fixed 80/95
 * cuts, the computed ABC analysis (Ultsch & Lötsch 2015, as R ABCanalysis), the Lorenz curve and Gini.
 *
 *   npx tsx examples/abc.ts
 */
import { classifyAbc, lorenzCurve, summarizeTransactions, type AbcMeta } from "../src/index.js";
import { CDNOW_AS_OF, readCdnow } from "./data/load.js";

const { customers } = summarizeTransactions(readCdnow(), { asOf: CDNOW_AS_OF });

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const describe = (name: string, meta: AbcMeta) =>
  console.log(
    `${name.padEnd(28)} ` +
      (["A", "B", "C"] as const).map((c) => `${c} ${meta.counts[c].toLocaleString("en-US").padStart(6)} customers, ${pct(meta.valueShares[c]).padStart(5)} of revenue`).join(" · "),
  );

// Fixed cuts (default): A is the smallest top group reaching 80% of the revenue, B up to 95%.
const fixed = classifyAbc(customers);
describe("Fixed 80/95 cuts:", fixed.meta);

// Computed: the cuts come from the shape of the distribution (value limits returned in meta.computed).
const computed = classifyAbc(customers, { method: "computed" });
describe("Computed ABC analysis:", computed.meta);
const limits = computed.meta.computed!;
console.log(`  A = revenue > $${limits.abLimit.toFixed(2)}, C = revenue < $${limits.bcLimit.toFixed(2)}`);

// Per customer: class, rank (1 = highest revenue) and the share of all revenue held by customers
// whose revenue is at least theirs.
console.table(computed.customers.slice(0, 4));

// The Lorenz curve in one sentence, and the Gini coefficient.
const curve = lorenzCurve(customers, { topShares: [0.01, 0.2] });
for (const top of curve.meta.top) console.log(top.statement);
console.log(`Gini coefficient: ${curve.meta.gini.toFixed(3)}`);
