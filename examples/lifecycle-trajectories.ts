/**
 * Lifecycle trajectories: the CDNOW customers' lifecycle stage (exploration, formation, stability,
 * decline) at every quarter end from 1997-03-31 to 1998-06-30, and the path each customer took through
 * them — long-kept (长久保持型), aborted in exploration (早期流产型), died in formation (中途夭折型), left
 * early from stability (提前退出型), or not decided yet. Then the counts as a table display (what a
 * notebook shows) and one customer of each trajectory with its stages.
 *
 *   npx tsx examples/lifecycle-trajectories.ts
 */
import { LIFECYCLE_TRAJECTORIES, lifecycleStage, lifecycleTrajectories } from "../src/index.js";
import { tableDisplay } from "../src/charts/index.js";
import { readCdnow } from "./data/load.js";

const transactions = readCdnow();
const quarterEnds = ["1997-03-31", "1997-06-30", "1997-09-30", "1997-12-31", "1998-03-31", "1998-06-30"];

// One row per customer and quarter end: the stage on the purchases up to that day (later purchases are
// left out, not an error). A customer appears from the first quarter end after the first purchase.
const rows = quarterEnds.flatMap((asOf) =>
  lifecycleStage(transactions, { asOf, afterAsOf: "ignore" }).customers.map((c) => ({ customerId: c.customerId, period: asOf, stage: c.stage })),
);
// explorationLimit: one-purchase customers stay in exploration whatever their recency, so a customer
// still only exploring after four quarter ends counts as aborted there.
const { customers, meta } = lifecycleTrajectories(rows, { minStabilityPeriods: 2, explorationLimit: 4 });
const n = (x: number) => x.toLocaleString("en-US");
console.log(`${n(rows.length)} stages of ${n(meta.customers)} customers at ${quarterEnds.length} quarter ends (${quarterEnds[0]} … ${quarterEnds.at(-1)})`);

// The counts as a table (tableDisplay is what a Jupyter or Deno notebook shows: text, HTML and a MIME bundle).
const table = tableDisplay(
  LIFECYCLE_TRAJECTORIES.map((t) => ({ trajectory: t.label, 轨迹: t.labelZh, customers: meta.counts[t.id], share: meta.counts[t.id] / meta.customers })),
  { percent: ["share"] },
);
console.log(`\n${table.text}`);

// One customer of each decided trajectory, with the stage at every quarter end.
const stagesOf = new Map<string, string[]>();
for (const r of rows) stagesOf.set(r.customerId, [...(stagesOf.get(r.customerId) ?? []), r.stage]);
console.log("");
for (const t of LIFECYCLE_TRAJECTORIES.filter((t) => t.id !== "ongoing" && t.id !== "undetermined")) {
  const c = customers.find((x) => x.trajectory === t.id);
  if (c === undefined) continue;
  console.log(`${t.label} (${t.labelZh}), e.g. customer ${c.customerId}: ${stagesOf.get(c.customerId)!.join(" → ")} [${c.reason}]`);
  console.log(`  ${t.action}`);
}
