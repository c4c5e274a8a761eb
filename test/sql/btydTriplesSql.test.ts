// btydTriplesSql: argument checks, golden SQL of every dialect, the triples equal toBtydSummary's
// customers grouped in memory (DuckDB and PostgreSQL: hand-made log, CDNOW sample, fast-check on DuckDB),
// and BG/NBD and Gamma-Gamma fitted on the triples directly (weighted by their `count`) give the
// parameters of the fits on the per-customer summary (CDNOW sample, and the full CDNOW log on DuckDB).
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, expectTypeOf, test } from "vitest";
import { fitBgNbd, fitGammaGamma, type BtydCustomer } from "../../src/index.js";
import { btydTriplesSql, type BtydTriplesSqlOptions, type SqlDialect, type SqlQuery } from "../../src/sql/index.js";
import { BTYD_HAND, BTYD_HAND_ASOF, btydLibrary, CDNOW_ASOF, cdnowRows, cols } from "./btydFixtures.js";
import { argumentTests, asOfTests, base, goldenBase, goldenTests } from "./golden.js";
import { openDuck, pgLoadTransactions, pgQuery, postgresStatus, psql, type Duck, type Row, type TxRow } from "./helpers.js";

/** toBtydSummary's customers grouped by (frequency, recency, T[, monetaryValue]) in memory, in the SQL's order. */
function groupedInMemory(rows: readonly TxRow[], opts: Partial<BtydTriplesSqlOptions>, asOf: string): Row[] {
  const byM = opts.byMonetaryValue ?? false;
  const groups = new Map<string, Row>();
  for (const c of btydLibrary(rows, opts, asOf)) {
    const key = JSON.stringify(byM ? [c.frequency, c.recency, c.T, c.monetaryValue] : [c.frequency, c.recency, c.T]);
    const g = groups.get(key) ?? { frequency: c.frequency, recency: c.recency, T: c.T, ...(byM ? { monetaryValue: c.monetaryValue } : {}), count: 0, monetaryValueSum: 0 };
    g.count = (g.count as number) + 1;
    g.monetaryValueSum = (g.monetaryValueSum as number) + c.monetaryValue;
    groups.set(key, g);
  }
  const order = (a: Row, b: Row) =>
    (a.frequency as number) - (b.frequency as number) || (a.recency as number) - (b.recency as number) || (a.T as number) - (b.T as number) || ((a.monetaryValue as number) ?? 0) - ((b.monetaryValue as number) ?? 0);
  return [...groups.values()].sort(order);
}

/** Net spend per customer (purchases plus refunds under "net") summed over all customers with a purchase. */
function netSpend(rows: readonly TxRow[], refunds: "net" | "exclude" = "net"): number {
  const buyers = new Set(rows.filter((r) => r.amount! >= 0).map((r) => r.customerId));
  return rows.filter((r) => buyers.has(r.customerId) && (refunds === "net" || r.amount! >= 0)).reduce((s, r) => s + r.amount!, 0);
}

const close = (x: unknown, y: unknown, rel: number) => Math.abs(Number(x) - Number(y)) <= rel * Math.max(1, Math.abs(Number(y)));

/** Differences between SQL triples and the in-memory grouping: keys and counts exactly, sums to 1e-9 relative. */
function tripleDifferences(sql: readonly Row[], lib: readonly Row[]): unknown[] {
  const out: unknown[] = [];
  if (sql.length !== lib.length) out.push({ triples: [sql.length, lib.length] });
  for (let i = 0; i < Math.min(sql.length, lib.length) && out.length < 5; i++) {
    for (const k of Object.keys(lib[i])) {
      const same = k === "monetaryValueSum" || k === "monetaryValue" ? close(sql[i][k], lib[i][k], 1e-9) : sql[i][k] === lib[i][k];
      if (!same) out.push({ row: i, field: k, sql: sql[i][k], lib: lib[i][k] });
    }
  }
  return out;
}

/** The rows as the fits take them: numbers (PostgreSQL's come back as text), `count` the weight. */
function weighted(triples: readonly Row[]): BtydCustomer[] {
  return triples.map((t) => ({ frequency: Number(t.frequency), recency: Number(t.recency), T: Number(t.T), monetaryValue: Number(t.monetaryValue ?? 0), count: Number(t.count) }));
}

/** The full CDNOW master log (69,659 purchases of 23,570 customers; examples/data). */
function cdnowMaster(): TxRow[] {
  const text = gunzipSync(readFileSync(new URL("../../examples/data/CDNOW_master.txt.gz", import.meta.url))).toString("utf8");
  return text
    .split(/\r?\n/)
    .slice(1)
    .filter((l) => l.trim() !== "")
    .map((l) => {
      const [id, day, , amount] = l.trim().split(/\s+/);
      return { customerId: id, date: `${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6, 8)}`, amount: Number(amount) };
    });
}

/** Distinct whole-week triples of the CDNOW sample and full log to 1998-06-30, by lifetimes' freq="W" (test/fixtures/scripts/btyd_whole_weeks_pandas.py). */
const WHOLE_WEEKS = JSON.parse(readFileSync(new URL("../fixtures/models/btyd_whole_weeks_cdnow.json", import.meta.url), "utf8")) as { distinctTriples: number; distinctTriplesFullLog: number };

const typed = (rows: readonly Row[]) => rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Number(v)])));

describe("btydTriplesSql: options", () => {
  asOfTests("btydTriplesSql", (asOf) => btydTriplesSql({ ...base(), period: "week", asOf } as never));
  argumentTests([
    ["unknown dialect", () => btydTriplesSql({ ...base(), period: "day", dialect: "oracle" as SqlDialect }), RangeError, /^btydTriplesSql: options\.dialect/],
    ["period missing", () => btydTriplesSql({ ...base() } as never), RangeError, /^btydTriplesSql: options\.period/],
    ["byMonetaryValue not boolean", () => btydTriplesSql({ ...base(), period: "day", byMonetaryValue: 1 as never }), TypeError, /^btydTriplesSql: options\.byMonetaryValue/],
    ["monetary (a summary option)", () => btydTriplesSql({ ...base(), period: "day", monetary: "mean" } as never), TypeError, /^btydTriplesSql: options: unknown option "monetary"/],
  ]);
  goldenTests("btyd_triples", (d) => btydTriplesSql({ ...goldenBase(d), period: "week" }));
  goldenTests("btyd_triples_whole_weeks", (d) => btydTriplesSql({ ...goldenBase(d), period: "week", wholePeriods: true }));
  goldenTests("btyd_triples_monetary", (d) => btydTriplesSql({ ...goldenBase(d), period: "day", byMonetaryValue: true, refunds: "exclude" }));

  test("types and result columns", () => {
    expectTypeOf(btydTriplesSql).parameter(0).toEqualTypeOf<BtydTriplesSqlOptions>();
    expectTypeOf(btydTriplesSql).returns.toEqualTypeOf<SqlQuery>();
    expect(btydTriplesSql({ ...base(), period: "day" }).columns).toEqual(["frequency", "recency", "T", "count", "monetaryValueSum", "spend"]);
    expect(btydTriplesSql({ ...base(), period: "day", byMonetaryValue: true }).columns).toEqual(["frequency", "recency", "T", "monetaryValue", "count", "monetaryValueSum", "spend"]);
  });
});

let duck: Duck;
beforeAll(async () => {
  duck = await openDuck();
});
afterAll(() => duck.conn.closeSync());

const strip = (rows: readonly Row[]) => rows.map(({ spend: _s, ...rest }) => rest);
const VARIANTS: Partial<BtydTriplesSqlOptions>[] = [
  { period: "day" },
  { period: "week" },
  { period: "week", refunds: "exclude" },
  { period: "day", byMonetaryValue: true },
  { period: "week", wholePeriods: true },
  { period: "week", wholePeriods: true, weekStartsOn: 0, byMonetaryValue: true },
];

describe("btydTriplesSql on DuckDB equals toBtydSummary's customers grouped", () => {
  test("hand-made log: every variant; spend is the customers' net spend", async () => {
    await duck.loadTransactions("hand", BTYD_HAND);
    for (const variant of VARIANTS) {
      const got = await duck.query(btydTriplesSql({ dialect: "duckdb", table: "hand", columns: cols, asOf: BTYD_HAND_ASOF, ...variant } as BtydTriplesSqlOptions));
      expect(tripleDifferences(strip(got), groupedInMemory(BTYD_HAND, variant, BTYD_HAND_ASOF)), JSON.stringify(variant)).toEqual([]);
      const spend = got.reduce((s, r) => s + (r.spend as number), 0);
      expect(close(spend, netSpend(BTYD_HAND, variant.refunds), 1e-12), JSON.stringify(variant)).toBe(true);
    }
    // customers b and g (no repeat) sit in triples of their own; 7 customers in all
    const days = await duck.query(btydTriplesSql({ dialect: "duckdb", table: "hand", columns: cols, asOf: BTYD_HAND_ASOF, period: "day" }));
    expect(days.reduce((s, r) => s + (r.count as number), 0)).toBe(7);
    expect(days[0]).toMatchObject({ frequency: 0, recency: 0, T: 0, count: 1, monetaryValueSum: 0, spend: 25 });
  });

  test("CDNOW full log: BG/NBD and Gamma-Gamma fitted on the rows of btydTriplesSql give the parameters of the fits on toBtydSummary's customers (1e-10 relative)", async () => {
    const rows = cdnowMaster();
    expect(rows).toHaveLength(69_659);
    await duck.loadTransactions("cdnow_master", rows);
    const opts = { dialect: "duckdb" as const, table: "cdnow_master", columns: cols, asOf: CDNOW_ASOF, period: "week" as const };
    const customers = btydLibrary(rows, { period: "week" }, CDNOW_ASOF);
    const triples = await duck.query(btydTriplesSql(opts));
    const pairs = await duck.query(btydTriplesSql({ ...opts, byMonetaryValue: true }));
    expect([customers.length, triples.length, pairs.length]).toEqual([23_570, 11_104, 11_590]);
    expect(triples.reduce((s, t) => s + (t.count as number), 0)).toBe(23_570);
    const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);
    const bgT = fitBgNbd(weighted(triples));
    const bgC = fitBgNbd(customers);
    expect(bgT.diagnostics.converged).toBe(true);
    expect(bgT.meta.customers).toBe(23_570);
    for (const k of ["r", "alpha", "a", "b"] as const) expect(rel(bgT.params[k], bgC.params[k]), k).toBeLessThan(1e-10);
    // CDNOW has repeat buyers whose repeat purchases are all $0: Gamma-Gamma takes positive spends only (both sides filtered alike)
    const spenders = <C extends { monetaryValue?: unknown }>(list: readonly C[]) => list.filter((c) => Number(c.monetaryValue) > 0);
    const ggT = fitGammaGamma(weighted(spenders(pairs)));
    const ggC = fitGammaGamma(spenders(customers));
    expect(ggT.meta.repeatBuyers).toBe(ggC.meta.repeatBuyers);
    for (const k of ["p", "q", "v"] as const) expect(rel(ggT.params[k], ggC.params[k]), k).toBeLessThan(1e-10);
  });

  test("CDNOW sample: triples; BG/NBD and Gamma-Gamma fitted on them give the per-customer fits' parameters (1e-10 relative)", async () => {
    const rows = cdnowRows();
    await duck.loadTransactions("cdnow", rows);
    const opts = { dialect: "duckdb" as const, table: "cdnow", columns: cols, asOf: CDNOW_ASOF };
    const customers = btydLibrary(rows, { period: "week" }, CDNOW_ASOF);
    const triples = await duck.query(btydTriplesSql({ ...opts, period: "week" }));
    expect(tripleDifferences(strip(triples), groupedInMemory(rows, { period: "week" }, CDNOW_ASOF))).toEqual([]);
    expect([triples.length, customers.length]).toEqual([1218, 2357]);
    const bgTriples = fitBgNbd(weighted(triples)).params;
    const bgCustomers = fitBgNbd(customers).params;
    for (const k of ["r", "alpha", "a", "b"] as const) expect(close(bgTriples[k], bgCustomers[k], 1e-10), k).toBe(true);
    // the whole sample to 1998-06-30 in weeks (lifetimes' 0.243 is for a calibration period ending 1997-09-30)
    expect(bgCustomers.r).toBeCloseTo(0.2536, 4);
    const pairs = await duck.query(btydTriplesSql({ ...opts, period: "week", byMonetaryValue: true }));
    expect(tripleDifferences(strip(pairs), groupedInMemory(rows, { period: "week", byMonetaryValue: true }, CDNOW_ASOF))).toEqual([]);
    const ggTriples = fitGammaGamma(weighted(pairs)).params;
    const ggCustomers = fitGammaGamma(customers).params;
    for (const k of ["p", "q", "v"] as const) expect(close(ggTriples[k], ggCustomers[k], 1e-10), k).toBe(true);
  });

  test("CDNOW in whole weeks (lifetimes' freq=\"W\"): fewer triples than days / 7, integers, and the fits on them equal the per-customer fits (1e-10 relative)", async () => {
    const master = cdnowMaster();
    await duck.loadTransactions("cdnow_master_w", master);
    const sample = cdnowRows();
    await duck.loadTransactions("cdnow_w", sample);
    const v = { period: "week" as const, wholePeriods: true };
    const counts: number[] = [];
    for (const [table, rows] of [["cdnow_w", sample], ["cdnow_master_w", master]] as const) {
      const triples = await duck.query(btydTriplesSql({ dialect: "duckdb", table, columns: cols, asOf: CDNOW_ASOF, ...v }));
      expect(tripleDifferences(strip(triples), groupedInMemory(rows, v, CDNOW_ASOF)), table).toEqual([]);
      for (const t of triples) expect([t.frequency, t.recency, t.T].every(Number.isInteger)).toBe(true);
      counts.push(triples.length);
      const customers = btydLibrary(rows, v, CDNOW_ASOF);
      const bgT = fitBgNbd(weighted(triples));
      expect(bgT.diagnostics.converged).toBe(true);
      const bgC = fitBgNbd(customers).params;
      for (const k of ["r", "alpha", "a", "b"] as const) expect(close(bgT.params[k], bgC[k], 1e-10), `${table} ${k}`).toBe(true);
    }
    // sample: 964 against 1,218 in days / 7; full log: 4,681 against 11,104 (the pandas script's counts)
    expect(counts).toEqual([WHOLE_WEEKS.distinctTriples, WHOLE_WEEKS.distinctTriplesFullLog]);
    expect(counts).toEqual([964, 4681]);
    expect(counts[1]).toBeLessThan(11_104);
  });

  test("fast-check: generated logs, triples equal the grouped summary", async () => {
    const start = Date.UTC(2024, 0, 1);
    const iso = (d: number) => new Date(start + d * 86_400_000).toISOString().slice(0, 10);
    const quarters = fc.integer({ min: 0, max: 400 }).map((q) => q / 4);
    const log = fc.array(
      fc.record({
        customerId: fc.constantFrom("a", "b", "c", "d", "e", "f", "g"),
        date: fc.integer({ min: 0, max: 60 }).map(iso),
        amount: fc.oneof({ weight: 4, arbitrary: quarters }, { weight: 1, arbitrary: quarters.map((x) => -x) }),
      }),
      { minLength: 1, maxLength: 30 },
    );
    const variant = fc.record({
      period: fc.constantFrom("day" as const, "week" as const),
      refunds: fc.constantFrom("net" as const, "exclude" as const),
      byMonetaryValue: fc.boolean(),
      wholePeriods: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(log, fc.integer({ min: 0, max: 20 }), variant, async (rows, offset, v) => {
        const last = Math.max(...rows.map((r) => (Date.parse(r.date) - start) / 86_400_000));
        const asOf = iso(last + offset);
        await duck.loadTransactions("prop", rows);
        const got = await duck.query(btydTriplesSql({ dialect: "duckdb", table: "prop", columns: cols, asOf, ...v }));
        if (rows.every((r) => r.amount < 0)) {
          // no purchase: no customer (the library throws on the refunds-only log)
          expect(got).toEqual([]);
          return;
        }
        expect(tripleDifferences(strip(got), groupedInMemory(rows, v, asOf))).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });
});

const pg = postgresStatus();
const SCHEMA = "crm_btyd_triples_sql_test";
if (!pg.available && process.env.CI !== "true") console.warn(`test/sql/btydTriplesSql.test.ts: PostgreSQL tests skipped: ${pg.reason}`);

describe.runIf(pg.available)("btydTriplesSql on PostgreSQL equals toBtydSummary's customers grouped", () => {
  beforeAll(() => psql(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE; CREATE SCHEMA ${SCHEMA};`));
  afterAll(() => psql(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE;`));
  const pgRun = (q: SqlQuery) => typed(pgQuery(q, "SET TimeZone = 'America/New_York'; SET DateStyle = 'SQL, DMY';"));

  test("hand-made log, every variant; CDNOW sample and the fits on its triples", () => {
    pgLoadTransactions(`${SCHEMA}.hand`, BTYD_HAND);
    for (const variant of VARIANTS) {
      const got = pgRun(btydTriplesSql({ dialect: "postgres", table: [SCHEMA, "hand"], columns: cols, asOf: BTYD_HAND_ASOF, ...variant } as BtydTriplesSqlOptions));
      expect(tripleDifferences(strip(got), groupedInMemory(BTYD_HAND, variant, BTYD_HAND_ASOF)), JSON.stringify(variant)).toEqual([]);
    }
    const rows = cdnowRows();
    pgLoadTransactions(`${SCHEMA}.cdnow`, rows);
    const opts = { dialect: "postgres" as const, table: [SCHEMA, "cdnow"], columns: cols, asOf: CDNOW_ASOF, period: "week" as const };
    const customers = btydLibrary(rows, { period: "week" }, CDNOW_ASOF);
    const triples = pgRun(btydTriplesSql(opts));
    expect(tripleDifferences(strip(triples), groupedInMemory(rows, { period: "week" }, CDNOW_ASOF))).toEqual([]);
    const bgTriples = fitBgNbd(weighted(triples)).params;
    const bgCustomers = fitBgNbd(customers).params;
    for (const k of ["r", "alpha", "a", "b"] as const) expect(close(bgTriples[k], bgCustomers[k], 1e-10), k).toBe(true);
    const pairs = pgRun(btydTriplesSql({ ...opts, byMonetaryValue: true }));
    const ggTriples = fitGammaGamma(weighted(pairs)).params;
    const ggCustomers = fitGammaGamma(customers).params;
    for (const k of ["p", "q", "v"] as const) expect(close(ggTriples[k], ggCustomers[k], 1e-10), k).toBe(true);
  });
});
