// btydPredictionsSql: argument checks, golden SQL of every dialect, and on DuckDB and PostgreSQL each
// customer's P(alive), expected purchases (identical doubles) and CLV (1e-12 relative) against the
// in-memory predictions on the same per-customer rows (CDNOW sample, a hand-made log, fast-check on
// DuckDB), with the fits made from btydTriplesSql's rows; batches cover every customer once.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, expectTypeOf, test } from "vitest";
import { fitBgNbd, fitGammaGamma, fitParetoNbd, predictBgNbd, predictedClv, predictParetoNbd, type BtydCustomer } from "../../src/index.js";
import { btydPredictionsSql, btydSummarySql, btydTriplesSql, type BtydPredictionsSqlOptions, type SqlDialect, type SqlQuery } from "../../src/sql/index.js";
import { BTYD_HAND, BTYD_HAND_ASOF, CDNOW_ASOF, cdnowRows, cols } from "./btydFixtures.js";
import { argumentTests, asOfTests, goldenTests } from "./golden.js";
import { openDuck, pgLoadTransactions, pgQuery, postgresStatus, psql, type Duck, type Row } from "./helpers.js";

const BG = { r: 0.2425929282798216, alpha: 4.413532265271803, a: 0.7928859664405851, b: 2.42575238262545 };
const GG = { p: 6.248802496074264, q: 3.744588460923312, v: 15.447748064932831 };
const CLV = { periodsPerMonth: 4.345, months: 12, monthlyDiscountRate: 0.01 };

const customersTable = (dialect: SqlDialect): BtydPredictionsSqlOptions => ({
  dialect,
  customers: { table: ["analytics", "btyd_summary"], columns: { customerId: "customer_id", frequency: "frequency", recency: "recency", T: "t", monetaryValue: "monetary_value" } },
  purchases: BG,
  gammaGamma: GG,
  clv: CLV,
  triples: [
    { frequency: 0, recency: 0, T: 38.857142857142854 },
    { frequency: 2, recency: 30.428571428571427, T: 38.857142857142854, count: 12 },
  ],
  t: 4,
});

const txOptions = (dialect: SqlDialect, extra: object = {}) =>
  ({ dialect, table: "orders", columns: { customerId: "c", date: "d", amount: "a" }, asOf: "2024-06-30", period: "week", purchases: BG, triples: [{ frequency: 0, recency: 0, T: 1 }], t: 4, ...extra }) as BtydPredictionsSqlOptions;

describe("btydPredictionsSql: options", () => {
  asOfTests("btydPredictionsSql", (asOf) => btydPredictionsSql(txOptions("duckdb", { asOf })));
  argumentTests([
    ["unknown dialect", () => btydPredictionsSql(txOptions("oracle" as SqlDialect)), RangeError, /^btydPredictionsSql: options\.dialect/],
    ["period missing", () => btydPredictionsSql(txOptions("duckdb", { period: undefined })), RangeError, /^btydPredictionsSql: options\.period/],
    ["t negative", () => btydPredictionsSql(txOptions("duckdb", { t: -1 })), RangeError, /^btydPredictionsSql: options\.t/],
    ["batchSize 0", () => btydPredictionsSql(txOptions("duckdb", { batchSize: 0 })), RangeError, /^btydPredictionsSql: options\.batchSize/],
    ["bad model", () => btydPredictionsSql(txOptions("duckdb", { purchases: { model: "x", params: {} } })), TypeError, /^btydPredictionsSql: expected \{ model/],
    ["bad parameter", () => btydPredictionsSql(txOptions("duckdb", { purchases: { ...BG, r: -1 } })), RangeError, /^btydPredictionsSql: purchases\.params\.r must be/],
    ["gammaGamma without clv", () => btydPredictionsSql(txOptions("duckdb", { gammaGamma: GG })), TypeError, /^btydPredictionsSql: options\.clv is required/],
    ["clv without gammaGamma", () => btydPredictionsSql(txOptions("duckdb", { clv: CLV })), TypeError, /^btydPredictionsSql: options\.clv needs/],
    ["customers without monetaryValue and gammaGamma", () => btydPredictionsSql({ ...customersTable("duckdb"), customers: { table: "s", columns: { customerId: "c", frequency: "f", recency: "r", T: "t" } } }), TypeError, /^btydPredictionsSql: customers\.columns\.monetaryValue is required/],
    ["customers with a transaction option", () => btydPredictionsSql({ ...customersTable("duckdb"), asOf: "2024-01-01" } as never), TypeError, /^btydPredictionsSql: options: unknown option "asOf"/],
    ["monetary (a summary option)", () => btydPredictionsSql(txOptions("duckdb", { monetary: "mean" })), TypeError, /^btydPredictionsSql: options: unknown option "monetary"/],
  ]);

  test("bad triples are an AnalyticsInputError; an unconverged fit is refused unless allowed", () => {
    expect(() => btydPredictionsSql(txOptions("duckdb", { triples: [{ frequency: 0, recency: 2, T: 1 }] }))).toThrow(expect.objectContaining({ name: "AnalyticsInputError", message: expect.stringMatching(/^btydPredictionsSql: records\[0\]\.recency/) }));
    const unconverged = { params: BG, diagnostics: { converged: false, message: "stopped" } };
    expect(() => btydPredictionsSql(txOptions("duckdb", { purchases: unconverged }))).toThrow(expect.objectContaining({ code: "fit_not_converged" }));
    expect(btydPredictionsSql(txOptions("duckdb", { purchases: unconverged, allowUnconverged: true }))).toHaveLength(1);
  });

  goldenTests("btyd_predictions", (d) => btydPredictionsSql(customersTable(d))[0]);
  goldenTests("btyd_predictions_batch", (d) => btydPredictionsSql({ ...customersTable(d), gammaGamma: undefined, clv: undefined, batchSize: 1, inline: true })[1]);

  test("types, columns and batches", () => {
    expectTypeOf(btydPredictionsSql).returns.toEqualTypeOf<SqlQuery[]>();
    expect(btydPredictionsSql(customersTable("duckdb"))[0].columns).toEqual(["customerId", "frequency", "recency", "T", "pAlive", "expectedPurchases", "monetaryValue", "expectedSpend", "clv"]);
    expect(btydPredictionsSql(txOptions("duckdb"))[0].columns).toEqual(["customerId", "frequency", "recency", "T", "pAlive", "expectedPurchases"]);
    const many = Array.from({ length: 12 }, (_, i) => ({ frequency: i, recency: i, T: 20 }));
    const triplesIn = (q: SqlQuery) => (/string_split\('([^']*)', ';'\)/.exec(q.sql)?.[1] ?? "").split(";").length;
    expect(btydPredictionsSql(txOptions("duckdb", { triples: many, batchSize: 5 })).map(triplesIn)).toEqual([5, 5, 2]);
    // repeated triples are predicted once
    expect(btydPredictionsSql(txOptions("duckdb", { triples: [...many, ...many], batchSize: 5 }))).toHaveLength(3);
  });

  test("SQL size: about 110 bytes per triple with CLV (600,000 triples: 12 queries of 50,000 on DuckDB, about 5.5 MB each; BigQuery's 5,000 about 0.55 MB, under its 1 MB)", () => {
    const triples = Array.from({ length: 2000 }, (_, i) => ({ frequency: (i % 50) + 1, recency: (i % 50) + 1 / 7, T: 150 + i / 7 }));
    const [q] = btydPredictionsSql(txOptions("duckdb", { triples, gammaGamma: GG, clv: CLV }));
    const perTriple = q.sql.length / 2000;
    expect(perTriple).toBeGreaterThan(60);
    expect(perTriple).toBeLessThan(120);
  });
});

const close = (x: unknown, y: number, rel: number) => Math.abs(Number(x) - y) <= rel * Math.max(1e-300, Math.abs(y));

/** Differences between the SQL rows and the in-memory predictions (P(alive), expected purchases identical; spend and CLV to `rel`). */
function predictionDifferences(got: readonly Row[], customers: readonly BtydCustomer[], purchases: { pAlive: number; expectedPurchases: number }[], clv: { clv: number; expectedSpend: number }[] | null, rel = 1e-12): unknown[] {
  const out: unknown[] = [];
  if (got.length !== customers.length) out.push({ rows: [got.length, customers.length] });
  const byId = new Map(got.map((r) => [String(r.customerId), r]));
  customers.forEach((c, i) => {
    const r = byId.get(String(c.customerId));
    if (out.length >= 5) return;
    if (!r) return void out.push({ missing: c.customerId });
    if (Number(r.pAlive) !== purchases[i].pAlive || Number(r.expectedPurchases) !== purchases[i].expectedPurchases) out.push({ id: c.customerId, sql: [r.pAlive, r.expectedPurchases], lib: purchases[i] });
    if (clv && !(close(r.clv, clv[i].clv, rel) && close(r.expectedSpend, clv[i].expectedSpend, rel))) out.push({ id: c.customerId, sql: [r.clv, r.expectedSpend], lib: clv[i] });
  });
  return out;
}

const numeric = (rows: readonly Row[]) => rows.map((r) => ({ ...r, frequency: Number(r.frequency), recency: Number(r.recency), T: Number(r.T), monetaryValue: Number(r.monetaryValue), count: Number(r.count) }));
const summaries = (rows: readonly Row[]): BtydCustomer[] =>
  rows.map((r) => ({ customerId: String(r.customerId), frequency: Number(r.frequency), recency: Number(r.recency), T: Number(r.T), monetaryValue: Number(r.monetaryValue) }));

let duck: Duck;
beforeAll(async () => {
  duck = await openDuck();
});
afterAll(() => duck.conn.closeSync());

async function runAll(qs: readonly SqlQuery[], run: (q: SqlQuery) => Promise<Row[]> | Row[]): Promise<Row[]> {
  const out: Row[] = [];
  for (const q of qs) out.push(...(await run(q)));
  return out;
}

describe("btydPredictionsSql on DuckDB equals the in-memory predictions", () => {
  test("CDNOW sample: fits from btydTriplesSql's rows, predictions per customer from the transactions and from a stored summary, in one query and in batches", async () => {
    const rows = cdnowRows();
    await duck.loadTransactions("cdnow", rows);
    const tx = { dialect: "duckdb" as const, table: "cdnow", columns: cols, asOf: CDNOW_ASOF, period: "week" as const };
    const triples = numeric(await duck.query(btydTriplesSql(tx)));
    const pairs = numeric(await duck.query(btydTriplesSql({ ...tx, byMonetaryValue: true })));
    const bg = fitBgNbd(triples);
    const gg = fitGammaGamma(pairs);
    const customers = summaries(await duck.query(btydSummarySql(tx)));
    const lib = predictBgNbd(bg.params, customers, { t: 8 }).customers;
    const libClv = predictedClv(bg, gg, customers, CLV).customers;
    const opts = { purchases: bg, gammaGamma: gg, clv: CLV, triples, t: 8 };
    const one = btydPredictionsSql({ ...tx, ...opts });
    expect(one).toHaveLength(1);
    expect(predictionDifferences(await duck.query(one[0]), customers, lib, libClv)).toEqual([]);
    await duck.run(`CREATE OR REPLACE TABLE cdnow_summary AS ${btydSummarySql({ ...tx, inline: true }).sql}`);
    const batches = btydPredictionsSql({ dialect: "duckdb", customers: { table: "cdnow_summary", columns: { customerId: "customerId", frequency: "frequency", recency: "recency", T: "T", monetaryValue: "monetaryValue" } }, ...opts, batchSize: 100 });
    expect(batches).toHaveLength(Math.ceil(triples.length / 100));
    const got = await runAll(batches, (q) => duck.query(q));
    expect(new Set(got.map((r) => r.customerId)).size).toBe(customers.length);
    expect(predictionDifferences(got, customers, lib, libClv)).toEqual([]);
    // Pareto/NBD through the same query
    const pareto = fitParetoNbd(triples);
    const libP = predictParetoNbd(pareto.params, customers, { t: 8 }).customers;
    const gotP = await duck.query(btydPredictionsSql({ ...tx, purchases: { model: "pareto-nbd", ...pareto }, triples, t: 8 })[0]);
    expect(predictionDifferences(gotP, customers, libP, null)).toEqual([]);
  });

  test("CDNOW sample in whole weeks (wholePeriods: true, weekStartsOn: 0): the whole-week triples, fits and summaries give the in-memory predictions, in one query and in batches", async () => {
    await duck.loadTransactions("cdnow_weeks", cdnowRows());
    const tx = { dialect: "duckdb" as const, table: "cdnow_weeks", columns: cols, asOf: CDNOW_ASOF, period: "week" as const, wholePeriods: true, weekStartsOn: 0 as const };
    const triples = numeric(await duck.query(btydTriplesSql(tx)));
    const bg = fitBgNbd(triples);
    const gg = fitGammaGamma(numeric(await duck.query(btydTriplesSql({ ...tx, byMonetaryValue: true }))));
    const customers = summaries(await duck.query(btydSummarySql(tx)));
    // whole weeks: every recency and T an integer (the fractional-week triples would not join)
    expect(customers.every((c) => Number.isInteger(c.recency) && Number.isInteger(c.T))).toBe(true);
    const lib = predictBgNbd(bg.params, customers, { t: 8 }).customers;
    const libClv = predictedClv(bg, gg, customers, CLV).customers;
    const opts = { purchases: bg, gammaGamma: gg, clv: CLV, triples, t: 8 };
    const one = btydPredictionsSql({ ...tx, ...opts });
    expect(one).toHaveLength(1);
    expect(predictionDifferences(await duck.query(one[0]), customers, lib, libClv)).toEqual([]);
    const got = await runAll(btydPredictionsSql({ ...tx, ...opts, batchSize: 50 }), (q) => duck.query(q));
    expect(got).toHaveLength(customers.length);
    expect(predictionDifferences(got, customers, lib, libClv)).toEqual([]);
    // the fractional-week triples of the same log are not these customers' triples: the query fails
    const fractional = numeric(await duck.query(btydTriplesSql({ ...tx, wholePeriods: undefined, weekStartsOn: undefined })));
    await expect(duck.query(btydPredictionsSql({ ...tx, purchases: bg, triples: fractional, t: 8 })[0])).rejects.toThrow(/is not among the triples predicted/);
  });

  test("a customer whose triple was not predicted fails the query, in one query and in batches", async () => {
    await duck.loadTransactions("hand", BTYD_HAND);
    const tx = { dialect: "duckdb" as const, table: "hand", columns: cols, asOf: BTYD_HAND_ASOF, period: "day" as const };
    const triples = numeric(await duck.query(btydTriplesSql(tx)));
    const some = triples.slice(1);
    await expect(duck.query(btydPredictionsSql({ ...tx, purchases: BG, triples: some, t: 30 })[0])).rejects.toThrow(/btydPredictionsSql: the \(frequency, recency, T\) of a customer is not among the triples predicted/);
    const parts = btydPredictionsSql({ ...tx, purchases: BG, triples: triples.filter((_, i) => i !== 3), t: 30, batchSize: 2 });
    await expect(runAll(parts, (q) => duck.query(q))).rejects.toThrow(/is not among the triples predicted/);
    const all = await runAll(btydPredictionsSql({ ...tx, purchases: BG, triples, t: 30, batchSize: 2 }), (q) => duck.query(q));
    expect(all).toHaveLength(7);
  });

  test("fast-check: generated logs, any batch size: every customer once, equal to predictBgNbd and predictedClv", async () => {
    const start = Date.UTC(2024, 0, 1);
    const iso = (d: number) => new Date(start + d * 86_400_000).toISOString().slice(0, 10);
    const log = fc.array(
      fc.record({ customerId: fc.constantFrom("a", "b", "c", "d", "e", "f", "g", "h"), date: fc.integer({ min: 0, max: 90 }).map(iso), amount: fc.integer({ min: -40, max: 400 }).map((q) => q / 4) }),
      { minLength: 1, maxLength: 40 },
    );
    await fc.assert(
      fc.asyncProperty(log, fc.integer({ min: 0, max: 30 }), fc.constantFrom("day" as const, "week" as const), fc.integer({ min: 1, max: 4 }), async (rows, offset, period, batchSize) => {
        if (rows.every((r) => r.amount < 0)) return;
        const last = Math.max(...rows.map((r) => (Date.parse(r.date) - start) / 86_400_000));
        await duck.loadTransactions("prop", rows);
        const tx = { dialect: "duckdb" as const, table: "prop", columns: cols, asOf: iso(last + offset + 1), period };
        const customers = summaries(await duck.query(btydSummarySql(tx)));
        const triples = numeric(await duck.query(btydTriplesSql(tx)));
        const got = await runAll(btydPredictionsSql({ ...tx, purchases: BG, gammaGamma: GG, clv: CLV, triples, t: 10, batchSize }), (q) => duck.query(q));
        const lib = predictBgNbd(BG, customers, { t: 10 }).customers;
        expect(predictionDifferences(got, customers, lib, predictedClv(BG, GG, customers, CLV).customers)).toEqual([]);
      }),
      { numRuns: 40 },
    );
  });
});

const pg = postgresStatus();
const SCHEMA = "crm_btyd_predictions_sql_test";
if (!pg.available && process.env.CI !== "true") console.warn(`test/sql/btydPredictionsSql.test.ts: PostgreSQL tests skipped: ${pg.reason}`);

describe.runIf(pg.available)("btydPredictionsSql on PostgreSQL equals the in-memory predictions", () => {
  beforeAll(() => psql(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE; CREATE SCHEMA ${SCHEMA};`));
  afterAll(() => psql(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE;`));
  const pgRun = (q: SqlQuery) => pgQuery(q, "SET TimeZone = 'America/New_York'; SET DateStyle = 'SQL, DMY';");

  test("CDNOW sample: from the transactions in batches, and from a stored summary", async () => {
    const rows = cdnowRows();
    pgLoadTransactions(`${SCHEMA}.cdnow`, rows);
    const tx = { dialect: "postgres" as const, table: [SCHEMA, "cdnow"], columns: cols, asOf: CDNOW_ASOF, period: "week" as const };
    const triples = numeric(pgRun(btydTriplesSql(tx)));
    const pairs = numeric(pgRun(btydTriplesSql({ ...tx, byMonetaryValue: true })));
    const bg = fitBgNbd(triples);
    const gg = fitGammaGamma(pairs);
    const customers = summaries(pgRun(btydSummarySql(tx)));
    const lib = predictBgNbd(bg.params, customers, { t: 8 }).customers;
    const libClv = predictedClv(bg, gg, customers, CLV).customers;
    const opts = { purchases: bg, gammaGamma: gg, clv: CLV, triples, t: 8 };
    const got = await runAll(btydPredictionsSql({ ...tx, ...opts, batchSize: 400 }), pgRun);
    expect(predictionDifferences(got, customers, lib, libClv)).toEqual([]);
    psql(`CREATE TABLE ${SCHEMA}.summary AS ${btydSummarySql({ ...tx, inline: true }).sql}`);
    const stored = btydPredictionsSql({ dialect: "postgres", customers: { table: [SCHEMA, "summary"], columns: { customerId: "customerId", frequency: "frequency", recency: "recency", T: "T", monetaryValue: "monetaryValue" } }, ...opts });
    expect(predictionDifferences(pgRun(stored[0]), customers, lib, libClv)).toEqual([]);
    const some = btydPredictionsSql({ ...tx, ...opts, triples: triples.slice(1) });
    expect(() => pgRun(some[0])).toThrow(/is not among the triples predicted/);
  });
});
