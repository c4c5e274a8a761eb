import { readFileSync } from "node:fs";
import { expect, test } from "vitest";
import { fitBgNbd, fitGammaGamma, predictedClv, toBtydSummary } from "../../../src/models/index.js";
import { CLV_QUADRANTS, clvQuadrants, formulaClv, historicalClv, PERIOD_DAYS } from "../../../src/value/index.js";
import { summarizeTransactions } from "../../../src/summary/index.js";
import { customers, FILE, MAP, rounded } from "../fixture.js";
import { convergenceWarnings } from "../../../src/cli/commands/quadrants.js";
import { StepError, stepErrorLine } from "../../../src/cli/issues.js";
import { cli, lines } from "../helpers.js";

const labelled = (records: { quadrant: string }[]) => records.map((q) => ({ ...q, label: CLV_QUADRANTS.find((x) => x.id === q.quadrant)!.label }));

test("quadrants: the formula potential", async () => {
  const r = await cli(["quadrants", FILE, ...MAP, "--retention", "0.8", "--discount-rate", "0.1", "--margin", "0.3", "--format", "json"]);
  expect(r.code).toBe(0);
  const perYear = historicalClv(customers, { margin: 0.3, period: "year" }).customers;
  const clv = formulaClv(perYear.map((v) => ({ customerId: v.customerId, margin: v.perPeriod })), { retention: 0.8, discountRate: 0.1 }).customers;
  const rows = customers.map((c, i) => ({ customerId: c.customerId, current: c.monetary * 0.3, potential: clv[i].clv }));
  expect(JSON.parse(r.stdout)).toEqual(rounded(labelled(clvQuadrants(rows, { current: "current", potential: "potential" }).customers)));
  const median = await cli(["quadrants", FILE, ...MAP, "--retention", "0.8", "--discount-rate", "0.1", "--margin", "0.3", "--thresholds", "median", "--format", "json"]);
  expect(JSON.parse(median.stdout)).toEqual(rounded(labelled(clvQuadrants(rows, { current: "current", potential: "potential", thresholds: "median" }).customers)));
});

test("quadrants: the predicted potential, from BG/NBD and Gamma-Gamma fitted on weekly summaries", async () => {
  // CDNOW's 1/10th sample (2,357 customers): enough for both fits to converge
  const text = `customer_id order date quantity dollar_value\n${readFileSync(new URL("../../fixtures/clv/CDNOW_sample.txt", import.meta.url), "utf8")}`;
  const cdnow = ["--delimiter", "whitespace", "--customer", "customer_id", "--date", "date", "--date-format", "ymd", "--amount", "dollar_value", "--as-of", "1998-06-30"];
  const r = await cli(["quadrants", "-", ...cdnow, "--potential", "predicted", "--months", "6", "--format", "json"], { stdin: text });
  expect([r.code, r.stderr]).toEqual([0, ""]);
  const transactions = text
    .trim()
    .split("\n")
    .slice(1)
    .map((line) => {
      const [id, , d, , amount] = line.trim().split(/\s+/);
      return { id, date: `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6)}`, amount: Number(amount) };
    });
  const fields = { customerId: "id", date: "date", amount: "amount" };
  const summaries = summarizeTransactions(transactions, { asOf: "1998-06-30", fields }).customers;
  const btyd = toBtydSummary(transactions, { asOf: "1998-06-30", fields, period: "week" }).customers;
  const bg = fitBgNbd(btyd);
  const gg = fitGammaGamma(btyd.filter((c) => c.frequency > 0 && c.monetaryValue > 0));
  const clv = predictedClv(bg.params, gg.params, btyd, { periodsPerMonth: PERIOD_DAYS.month / 7, months: 6 }).customers;
  const potential = new Map(clv.map((c) => [c.customerId, c.clv]));
  const rows = summaries.map((c) => ({ customerId: c.customerId, current: c.monetary, potential: potential.get(c.customerId)! }));
  expect(JSON.parse(r.stdout)).toEqual(rounded(labelled(clvQuadrants(rows, { current: "current", potential: "potential" }).customers)));
});

test("quadrants: --potential formula needs its rates; options of the other method and the 0.1.0 --split are refused", async () => {
  const r = await cli(["quadrants", FILE, ...MAP]);
  expect(r.code).toBe(2);
  expect(lines(r.stderr)).toEqual(["crm-analytics: --potential formula needs --retention R and --discount-rate D (per --period; e.g. --retention 0.8 --discount-rate 0.1)"]);
  const m = await cli(["quadrants", FILE, ...MAP, "--months", "6", "--retention", "0.8", "--discount-rate", "0.1"]);
  expect([m.code, m.stderr]).toEqual([2, "crm-analytics: --months does not apply to --potential formula\n"]);
  const split = await cli(["quadrants", FILE, ...MAP, "--retention", "0.8", "--discount-rate", "0.1", "--split=median"]);
  expect([split.code, split.stderr]).toEqual([2, "crm-analytics: --split is now --thresholds (see crm-analytics quadrants --help)\n"]);
});

test("quadrants: a model that did not converge stops the run, naming the model and its diagnostics; --allow-unconverged uses it with a warning", () => {
  const ok = { iterations: 12, gradientNorm: 1e-9, converged: true, message: "gradient norm 1e-9 below the tolerance" };
  const runaway = { iterations: 1000, gradientNorm: 2.5e5, converged: false, message: "stopped after the maximum of 1000 iterations; r → ∞" };
  const fits = [
    { step: "fitBgNbd", model: "BG/NBD purchase", diagnostics: runaway },
    { step: "fitGammaGamma", model: "Gamma-Gamma spend", diagnostics: ok },
  ];
  expect(convergenceWarnings([fits[1]], false)).toEqual([]);
  let caught: unknown;
  try {
    convergenceWarnings(fits, false);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(StepError);
  const e = caught as StepError;
  expect(e.issues[0].code).toBe("fit_not_converged");
  expect(stepErrorLine(e, "orders.csv")).toBe(
    "orders.csv: fitBgNbd: the BG/NBD purchase model did not converge (stopped after the maximum of 1000 iterations; r → ∞): its predictions cannot be trusted (--potential formula needs no model; --allow-unconverged uses it anyway, with a warning)",
  );
  expect(convergenceWarnings(fits, true)).toEqual(["the BG/NBD purchase model did not converge (stopped after the maximum of 1000 iterations; r → ∞): the predicted potential values are not reliable (--allow-unconverged)"]);
});

test("quadrants: steady weekly buyers (the models' parameters run off) are refused by default, warned about with --allow-unconverged even under --quiet", async () => {
  const rows = Array.from({ length: 5 }, (_, c) => Array.from({ length: 20 }, (_, w) => `s${c},${new Date(Date.UTC(2024, 0, 1 + 7 * w)).toISOString().slice(0, 10)},${10 + c}`)).flat();
  const text = `customerId,date,amount\n${rows.join("\n")}\n`;
  const r = await cli(["quadrants", "-", "--as-of", "2024-05-20", "--potential", "predicted"], { stdin: text });
  expect([r.code, r.stdout]).toEqual([1, ""]);
  expect(lines(r.stderr)).toHaveLength(1);
  expect(r.stderr).toMatch(/^stdin: fit(BgNbd|GammaGamma): the (BG\/NBD purchase|Gamma-Gamma spend) model did not converge \(.+\): its predictions cannot be trusted/);
  const allowed = await cli(["quadrants", "-", "--as-of", "2024-05-20", "--potential", "predicted", "--allow-unconverged", "-q"], { stdin: text });
  expect(allowed.code).toBe(0);
  expect(lines(allowed.stdout)).toHaveLength(6);
  expect(lines(allowed.stderr).length).toBeGreaterThanOrEqual(1);
  for (const line of lines(allowed.stderr)) expect(line).toMatch(/^crm-analytics: warning: the .+ model did not converge \(.+\): the predicted potential values are not reliable \(--allow-unconverged\)$/);
  const formula = await cli(["quadrants", "-", "--as-of", "2024-05-20", "--retention", "0.8", "--discount-rate", "0.1", "--allow-unconverged"], { stdin: text });
  expect([formula.code, formula.stderr]).toEqual([2, "crm-analytics: --allow-unconverged does not apply to --potential formula\n"]);
});

test("quadrants: a customer whose first purchase is on the as-of day (T = 0) is predicted like the others", async () => {
  // CDNOW's sample and one new customer who first bought on the as-of day
  const sample = readFileSync(new URL("../../fixtures/clv/CDNOW_sample.txt", import.meta.url), "utf8");
  const text = `customer_id order date quantity dollar_value\n${sample.trimEnd()}\nnewcomer 1 19980630 1 25.00\n`;
  const cdnow = ["--delimiter", "whitespace", "--customer", "customer_id", "--date", "date", "--date-format", "ymd", "--amount", "dollar_value", "--as-of", "1998-06-30"];
  const r = await cli(["quadrants", "-", ...cdnow, "--potential", "predicted", "--format", "json"], { stdin: text });
  expect([r.code, r.stderr]).toEqual([0, ""]);
  const records = JSON.parse(r.stdout) as { customerId: string; potential: number }[];
  const newcomer = records.find((q) => q.customerId === "newcomer")!;
  expect(newcomer.potential).toBeGreaterThan(0);
  expect(Number.isFinite(newcomer.potential)).toBe(true);
});
