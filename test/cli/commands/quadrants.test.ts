import { readFileSync } from "node:fs";
import { expect, test } from "vitest";
import { fitBgNbd, fitGammaGamma, predictedClv, toBtydSummary } from "../../../src/models/index.js";
import { CLV_QUADRANTS, clvQuadrants, formulaClv, historicalClv, PERIOD_DAYS } from "../../../src/value/index.js";
import { summarizeTransactions } from "../../../src/summary/index.js";
import { customers, FILE, MAP } from "../fixture.js";
import { cli, lines } from "../helpers.js";

const labelled = (records: { quadrant: string }[]) => records.map((q) => ({ ...q, label: CLV_QUADRANTS.find((x) => x.id === q.quadrant)!.label }));

test("quadrants: the formula potential", async () => {
  const r = await cli(["quadrants", FILE, ...MAP, "--retention", "0.8", "--discount-rate", "0.1", "--margin", "0.3", "--format", "json"]);
  expect(r.code).toBe(0);
  const perYear = historicalClv(customers, { margin: 0.3, period: "year" }).customers;
  const clv = formulaClv(perYear.map((v) => ({ customerId: v.customerId, margin: v.perPeriod })), { retention: 0.8, discountRate: 0.1 }).customers;
  const rows = customers.map((c, i) => ({ customerId: c.customerId, current: c.monetary * 0.3, potential: clv[i].clv }));
  expect(JSON.parse(r.stdout)).toEqual(labelled(clvQuadrants(rows, { current: "current", potential: "potential" }).customers));
  const median = await cli(["quadrants", FILE, ...MAP, "--retention", "0.8", "--discount-rate", "0.1", "--margin", "0.3", "--thresholds", "median", "--format", "json"]);
  expect(JSON.parse(median.stdout)).toEqual(labelled(clvQuadrants(rows, { current: "current", potential: "potential", thresholds: "median" }).customers));
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
  expect(JSON.parse(r.stdout)).toEqual(labelled(clvQuadrants(rows, { current: "current", potential: "potential" }).customers));
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

test("quadrants: a model fit's data error names the input, the step and the customer, not an internal path", async () => {
  // c's first purchase is on the as-of day: its age T is 0 weeks, which BG/NBD cannot fit
  const text = "customerId,date,amount\na,2024-01-05,10\na,2024-03-01,20\nb,2024-02-10,5\nb,2024-05-10,7\nc,2024-06-30,40\nd,2024-01-11,3\nd,2024-04-11,3\n";
  const r = await cli(["quadrants", "-", "--as-of", "2024-06-30", "--potential", "predicted"], { stdin: text });
  expect([r.code, r.stdout]).toEqual([1, ""]);
  expect(r.stderr).toBe('stdin: fitBgNbd: T: expected a finite number > 0, got 0 (customer "c")\n');
});

