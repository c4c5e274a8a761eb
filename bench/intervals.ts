/**
 * Prediction intervals at scale: `npx tsx bench/intervals.ts [cdnow] [realistic]` (default: both).
 *
 * - cdnow: `predictionIntervals` on the CDNOW sample (2,357 customers, 1,016 distinct triples) at its
 *   own BG/NBD, Gamma-Gamma and Pareto/NBD fits; median of 7 runs after a warm-up (target ≤ 0.2 s).
 * - realistic: the bench generator's 1M-customer summary in days (bench/realistic.ts; about 600k
 *   distinct triples). Its fits run to a boundary (no churn in the generator), so there is no
 *   covariance to take from them: the CDNOW fits' parameters and covariances are used, α (and β)
 *   rescaled to days (ln α shifts by ln 7, so the covariance of the log-parameters is the same), passed
 *   as `options.covariance` — the per-triple work is what is measured (target ≤ 5 s for 1M customers).
 */
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { fitBgNbd, fitGammaGamma, fitParetoNbd, predictBgNbd, predictionIntervals } from "../src/models/index.js";
import { realisticSummary } from "./realistic.js";

const asked = process.argv.slice(2);
const runs = (s: string) => asked.length === 0 || asked.includes(s);
const text = gunzipSync(readFileSync(new URL("../test/fixtures/clv/per_customer_cdnow_customers_summary.csv.gz", import.meta.url))).toString("utf8");
const zbar = new Map(
  readFileSync(new URL("../test/fixtures/clv/cdnow_customers_summary_with_transactions.csv", import.meta.url), "utf8")
    .trim()
    .split("\n")
    .slice(1)
    .map((l) => l.split(","))
    .map((c) => [c[0], Number(c[4])]),
);
const cdnow = text
  .trim()
  .split("\n")
  .slice(1)
  .map((l) => l.split(","))
  .map((c) => ({ customerId: c[0], frequency: Number(c[1]), recency: Number(c[2]), T: Number(c[3]), monetaryValue: zbar.get(c[0]) as number }));
const bg = fitBgNbd(cdnow);
const gg = fitGammaGamma(cdnow);
const pnbd = { model: "pareto-nbd" as const, ...fitParetoNbd(cdnow) };
const median = (run: () => unknown, k = 7) => {
  run();
  const times: number[] = [];
  for (let i = 0; i < k; i++) {
    const t = performance.now();
    run();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return `median ${(times[k >> 1] / 1000).toFixed(3)} s (min ${(times[0] / 1000).toFixed(3)}, max ${(times[k - 1] / 1000).toFixed(3)})`;
};
if (runs("cdnow")) {
  console.log(`CDNOW sample, ${cdnow.length} customers:`);
  console.log(`  BG/NBD, t = 39 weeks (P(alive), expected purchases, purchase counts): ${median(() => predictionIntervals(bg, cdnow, { t: 39 }))}`);
  console.log(`  BG/NBD + Gamma-Gamma CLV (12 months): ${median(() => predictionIntervals(bg, cdnow, { t: 39, gammaGamma: gg, periodsPerMonth: 4.345 }))}`);
  console.log(`  BG/NBD, method "sample" (1,000 draws) + CLV: ${median(() => predictionIntervals(bg, cdnow, { t: 39, method: "sample", gammaGamma: gg, periodsPerMonth: 4.345 }), 3)}`);
  console.log(`  Pareto/NBD, t = 39 weeks: ${median(() => predictionIntervals(pnbd, cdnow, { t: 39 }), 3)}`);
}
if (runs("realistic")) {
  const cols = realisticSummary();
  const n = cols.frequency.length;
  const records = Array.from({ length: n }, (_, i) => ({ customerId: `C${i}`, frequency: cols.frequency[i], recency: cols.recency[i], T: cols.T[i], monetaryValue: cols.monetaryValue[i] }));
  const weekly = predictionIntervals(bg, cdnow, { t: 39, gammaGamma: gg, periodsPerMonth: 4.345 }).meta;
  const days = { model: "bg-nbd" as const, params: { ...bg.params, alpha: bg.params.alpha * 7 } };
  const opts = { t: 365, covariance: weekly.covariance };
  const time = (name: string, run: () => { meta: { triples: number } }) => {
    const t = performance.now();
    const r = run();
    console.log(`  ${name}: ${((performance.now() - t) / 1000).toFixed(2)} s (${r.meta.triples.toLocaleString("en-US")} distinct triples)`);
  };
  console.log(`realistic summary, ${n.toLocaleString("en-US")} customers (days), from records:`);
  // the point predictions alone, in the same run: the machine's load shows in both
  const t0 = performance.now();
  predictBgNbd(days.params, records, { t: 365 });
  console.log(`  predictBgNbd alone (same run, for scale): ${((performance.now() - t0) / 1000).toFixed(2)} s`);
  time("BG/NBD, t = 365 days", () => predictionIntervals(days, records, opts));
  time("BG/NBD, t = 365 days, second run", () => predictionIntervals(days, records, opts));
  time("BG/NBD + Gamma-Gamma CLV (12 months of 30.4 days)", () =>
    predictionIntervals(days, records, { ...opts, gammaGamma: gg, periodsPerMonth: 30.4, spendCovariance: weekly.spendCovariance as never }),
  );
}
