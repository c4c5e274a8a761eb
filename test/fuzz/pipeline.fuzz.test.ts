// Fuzz: realistic small logs (a few customers, dates 2000–2030, amounts 0.01..1e6) through the whole
// chain: summaries → RFM scores/segments → value analyses → churn → BTYD summary → fits → predictions.
// Every step must accept the previous step's output and return finite numbers in range.
import fc from "fast-check";
import { afterAll, describe, it } from "vitest";
import { callOk, FuzzFailure, FuzzWorker, fuzz, reportTally } from "./harness.js";
import { fitRanges, genericRanges, predictionRanges, scoreRanges } from "./ranges.js";

const worker = new FuzzWorker();
afterAll(async () => {
  reportTally("pipeline");
  await worker.close();
});

const DAY = 86_400_000;
const START = Date.UTC(2000, 0, 1);
const END = Date.UTC(2030, 0, 1);

/** A plausible log: 2..6 customers, each buying 1..8 times within a few years, amounts 0.01..1e6 (some refunds). */
const log = fc
  .record({
    customers: fc.array(
      fc.record({
        first: fc.integer({ min: START, max: END - 7 * 200 * DAY }),
        gaps: fc.array(fc.integer({ min: 0, max: 200 }), { minLength: 0, maxLength: 7 }),
        amounts: fc.array(fc.oneof({ weight: 9, arbitrary: fc.integer({ min: 1, max: 100_000_000 }).map((c) => c / 100) }, { weight: 1, arbitrary: fc.integer({ min: -10_000, max: -1 }).map((c) => c / 100) }), { minLength: 8, maxLength: 8 }),
        timeOfDay: fc.constantFrom(null, "T10:15:00Z", "T23:59:59.999Z"),
      }),
      { minLength: 2, maxLength: 6 },
    ),
    asOfAfter: fc.integer({ min: 0, max: 400 }),
  })
  .map(({ customers, asOfAfter }) => {
    const rows: { customerId: string; date: string; amount: number }[] = [];
    let last = 0;
    customers.forEach((c, i) => {
      let t = c.first;
      [0, ...c.gaps].forEach((g, j) => {
        t += g * DAY;
        last = Math.max(last, t);
        const d = new Date(t).toISOString().slice(0, 10);
        rows.push({ customerId: `cust${i}`, date: c.timeOfDay ? d + c.timeOfDay : d, amount: j === 0 ? Math.abs(c.amounts[j]) : c.amounts[j] });
      });
    });
    const asOf = new Date(last + asOfAfter * DAY).toISOString().slice(0, 10); // never before the last row: a row after asOf is an error under every policy
    return { rows, asOf };
  });

describe.concurrent("fuzz: valid pipeline", () => {
  it("summarize → RFM → value → churn → BTYD → fits → predictions", () =>
    fuzz(
      "pipeline",
      log,
      async ({ rows, asOf }) => {
        const read = { asOf };
        const s = await callOk(worker, "summarizeTransactions", [rows, read], genericRanges);
        if (!s.ok) throw new FuzzFailure("summarizeTransactions refused a plausible log");
        const customers = s.value.customers;
        for (const [fn, args, check] of [
          ["scoreRfm", [customers, { bins: 3 }], (v: unknown) => [...genericRanges(v), ...scoreRanges(v)]],
          ["segmentRfm", [customers], genericRanges],
          ["historicalClv", [customers], genericRanges],
          ["valueMatrix", [customers], genericRanges],
          ["periodIndicators", [rows, read], genericRanges],
          ["cohortRetention", [rows, read], genericRanges],
          ["lifecycleStage", [rows, read], genericRanges],
        ] as const) {
          const r = await callOk(worker, fn, args as unknown as unknown[], check);
          if (!r.ok && fn !== "valueMatrix") throw new FuzzFailure(`${fn} refused the summaries of a plausible log`);
        }
        // value analyses of net totals may refuse a non-positive total (degenerate_data); otherwise in range
        for (const fn of ["classifyAbc", "lorenzCurve", "tierPyramid", "gini"]) await callOk(worker, fn, [customers], genericRanges);
        await callOk(worker, "churnRisk", [rows, read], genericRanges);
        const seg = await callOk(worker, "segmentRfm", [customers]);
        if (seg.ok) await callOk(worker, "summarizeSegments", [seg.value.customers.map((c: object, i: number) => ({ ...customers[i], ...c }))], genericRanges);

        const b = await callOk(worker, "toBtydSummary", [rows, { ...read, period: "week" }], genericRanges);
        if (!b.ok) throw new FuzzFailure("toBtydSummary refused a plausible log");
        const btyd = b.value.customers;
        const bg = await callOk(worker, "fitBgNbd", [btyd], fitRanges);
        const gg = await callOk(worker, "fitGammaGamma", [btyd], fitRanges);
        if (bg.ok) {
          await callOk(worker, "predictBgNbd", [bg.value.params, btyd, { t: 52 }], predictionRanges);
          if (gg.ok) await callOk(worker, "predictedClv", [{ model: "bg-nbd", ...bg.value }, gg.value.params, btyd, { periodsPerMonth: 4.345 }], predictionRanges);
        }
        if (gg.ok) await callOk(worker, "gammaGammaExpectedSpend", [gg.value.params, btyd], predictionRanges);
        const mbg = await callOk(worker, "fitModifiedBgNbd", [btyd], fitRanges);
        if (mbg.ok) await callOk(worker, "predictModifiedBgNbd", [mbg.value.params, btyd, { t: 52 }], predictionRanges);
        const pn = await callOk(worker, "fitParetoNbd", [btyd], fitRanges);
        if (pn.ok) await callOk(worker, "predictParetoNbd", [pn.value.params, btyd, { t: 52 }], predictionRanges);
      },
      40,
    ),
  180_000);
});
