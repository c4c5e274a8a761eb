// periodIndicatorsSql: argument checks, golden SQL of every dialect, and parity with periodIndicators on
// a real DuckDB (in process) and PostgreSQL (psql; skipped locally without a server, required in CI by
// postgres.test.ts): a hand-made log with refunds, early refunds and partial periods, the Online Retail
// II subset, the CDNOW sample log, and fast-check properties on generated logs.
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, expectTypeOf, test } from "vitest";
import { periodIndicators, type PeriodIndicatorsOptions } from "../../src/index.js";
import { periodIndicatorsSql, type PeriodIndicatorsSqlOptions, type SqlDialect, type SqlQuery } from "../../src/sql/index.js";
import { fixturePath, readCsvFixture } from "../helpers/csv.js";
import { argumentTests, asOfTests, base, goldenBase, goldenTests } from "./golden.js";
import { openDuck, pgLoadTransactions, pgQuery, postgresStatus, psql, writeScratch, type Duck, type Row, type TxRow } from "./helpers.js";

const INT = ["daysCovered", "daysInPeriod", "active", "new", "returning", "retained", "reactivated", "lost", "activeAtStart", "activeAtEnd", "newLapsed"];
const REAL = ["churnRate", "retentionRate", "repurchaseRate", "repeatPurchaseRate", "revenue", "revenueFromPrevious", "revenueRetention"];
const COLUMNS = ["period", "start", "end", "partial", ...INT, ...REAL];

/** psql's CSV text typed as the records: integers, booleans (t/f), doubles and NULL (""). */
function typed(rows: readonly Row[]): Row[] {
  return rows.map((r) =>
    Object.fromEntries(
      Object.entries(r).map(([k, v]) => [k, k === "partial" ? v === "t" : INT.includes(k) ? Number(v) : REAL.includes(k) ? (v === "" ? null : Number(v)) : v]),
    ),
  );
}

/**
 * Row-by-row differences: the same periods in the same order, counts, labels, dates and flags exactly,
 * rates and revenue to 1e-9 relative (or both null), or exactly with `exact`.
 */
function differences(sql: readonly Row[], lib: readonly object[], exact = false): unknown[] {
  const out: unknown[] = [];
  if (sql.length !== lib.length) out.push({ periods: [sql.length, lib.length], sql: sql.map((r) => r.period), lib: lib.map((r) => (r as Row).period) });
  for (let i = 0; i < Math.min(sql.length, lib.length) && out.length < 5; i++) {
    const x = sql[i];
    const y = lib[i] as Row;
    for (const k of COLUMNS) {
      const a = x[k];
      const b = y[k];
      const same = REAL.includes(k) && !exact && a !== null && b !== null ? Math.abs(Number(a) - Number(b)) <= 1e-9 * Math.max(1, Math.abs(Number(b))) : a === b;
      if (!same) out.push({ period: y.period, field: k, sql: a, lib: b });
    }
  }
  return out;
}

const cols = { customerId: "customerId", date: "date", amount: "amount", orderId: "orderId" };
const tx = (customerId: string, date: string, amount: number, orderId = `${customerId}-${date}`): TxRow => ({ customerId, date, amount, orderId });

/**
 * A hand-made log: first period cut (rows start on 2023-11-14), last cut by asOf (2024-04-17), an empty
 * month (February has no purchase), refunds in a later period, early refunds (before the first purchase:
 * in an earlier period, and the earliest row of all; and in the same period), a refund-only customer,
 * order lines of one invoice, an order id shared by two customers in different periods, a zero amount,
 * customers who lapse and come back.
 */
const HAND: TxRow[] = [
  tx("e", "2023-11-14", -8, "r0"), // early refund, earliest row (cuts the first period: November)
  tx("a", "2023-11-20", 30, "A1"),
  tx("a", "2023-11-20", 12.5, "A1"),
  tx("a", "2023-11-28", 7.25, "A2"),
  tx("b", "2023-11-30", 19.99, "B1"),
  tx("c", "2023-12-02", 0, "C1"),
  tx("d", "2023-12-05", -4.5, "r1"), // early refund in the same period as d's first purchase
  tx("d", "2023-12-24", 44, "D1"),
  tx("a", "2023-12-31", 5, "A3"),
  tx("e", "2024-01-03", 60, "E1"), // e's first purchase: the November refund counts in January
  tx("b", "2024-01-10", -19.99, "r2"), // b's refund in a later period
  tx("f", "2024-01-15", -3, "r3"), // refund-only customer
  tx("c", "2024-01-20", 11.1, "X"),
  tx("d", "2024-03-01", 13.3, "X"), // same order id as c's, a later period: one order of d's (once per customer)
  tx("d", "2024-03-02", 2.2, "D2"),
  tx("a", "2024-03-15", 9.99, "A4"),
  tx("a", "2024-03-16", 1.01, "A5"),
  tx("g", "2024-03-31", 25, "G1"),
  tx("b", "2024-04-01", 8, "B2"), // reactivated after a gap
  tx("g", "2024-04-02", -25, "r4"),
  tx("h", "2024-04-17", 3.3, "H1"), // on asOf
];
const HAND_ASOF = "2024-04-17";

const VARIANTS: Partial<PeriodIndicatorsSqlOptions>[] = [
  {},
  { partialPeriods: "mark" },
  { partialPeriods: "drop" },
  { period: "week" },
  { period: "week", weekStartsOn: 0 },
  { period: "week", weekStartsOn: 3, partialPeriods: "mark" },
  { period: "quarter" },
  { period: "year", partialPeriods: "mark" },
  { lostAfterDays: 10 },
  { lostAfterDays: 45, partialPeriods: "mark" },
  { lostAfterDays: 7, period: "week", weekStartsOn: 6 },
  { lostAfterDays: 100, period: "quarter", partialPeriods: "drop" },
  { refunds: "exclude" },
  { refunds: "exclude", lostAfterDays: 30, period: "week" },
];

/** periodIndicators on the same rows and options (SQL options that are the library's too). */
function library(rows: readonly TxRow[], opts: Partial<PeriodIndicatorsSqlOptions>, asOf: string, withOrders = true) {
  const { dialect: _d, table: _t, columns: _c, inline: _i, amountScale: _s, ...rest } = opts as PeriodIndicatorsSqlOptions;
  const fields = withOrders ? cols : { customerId: "customerId", date: "date", amount: "amount" };
  return periodIndicators(rows as object[], { fields, ...rest, asOf } as PeriodIndicatorsOptions).periods;
}

let retailRows: Record<string, string>[] | null = null;
function retailInMemory(extra: Partial<PeriodIndicatorsSqlOptions>) {
  retailRows ??= readCsvFixture("data/online_retail_II_10country_subset.csv.gz");
  return periodIndicators(retailRows, {
    asOf: "2011-12-10",
    onInvalid: "skip",
    fields: { customerId: "Customer ID", date: "InvoiceDate", amount: (r: Record<string, string>) => Number(r.Quantity) * Number(r.Price), orderId: "Invoice" },
    ...(extra as object),
  }).periods;
}
const RETAIL_VARIANTS: Partial<PeriodIndicatorsSqlOptions>[] = [{}, { period: "week" }, { period: "quarter", partialPeriods: "mark" }, { lostAfterDays: 90 }];

/** The CDNOW sample log (lifetimes' 1/10 sample: 6,919 purchases of 2,357 customers, 1997-01 to 1998-06). */
function cdnowRows(): TxRow[] {
  return readFileSync(fixturePath("clv/CDNOW_sample.txt"), "utf8")
    .trim()
    .split(/\r?\n/)
    .map((l) => {
      const [, id, day, , amount] = l.trim().split(/\s+/);
      return { customerId: String(Number(id)), date: `${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6, 8)}`, amount: Number(amount) };
    });
}
const CDNOW_VARIANTS: Partial<PeriodIndicatorsSqlOptions>[] = [{}, { period: "week", weekStartsOn: 0 }, { lostAfterDays: 60, partialPeriods: "mark" }];

describe("periodIndicatorsSql: options", () => {
  asOfTests("periodIndicatorsSql", (asOf) => periodIndicatorsSql({ ...base(), asOf } as never));
  argumentTests([
    ["unknown dialect", () => periodIndicatorsSql({ ...base(), dialect: "mysql" as SqlDialect }), RangeError, /^periodIndicatorsSql: options\.dialect/],
    ["monetary (a summary option)", () => periodIndicatorsSql({ ...base(), monetary: "sum" } as never), TypeError, /^periodIndicatorsSql: options: unknown option "monetary"/],
    ["windows (not in SQL)", () => periodIndicatorsSql({ ...base(), windows: [{ start: "2024-01-01", end: "2024-01-31" }] } as never), TypeError, /^periodIndicatorsSql: options: unknown option "windows"/],
    ["external (not in SQL)", () => periodIndicatorsSql({ ...base(), external: {} } as never), TypeError, /^periodIndicatorsSql: options: unknown option "external"/],
    ["unknown period", () => periodIndicatorsSql({ ...base(), period: "day" as never }), RangeError, /^periodIndicatorsSql: options\.period/],
    ["weekStartsOn 7", () => periodIndicatorsSql({ ...base(), period: "week", weekStartsOn: 7 }), RangeError, /^periodIndicatorsSql: options\.weekStartsOn/],
    ["weekStartsOn 1.5", () => periodIndicatorsSql({ ...base(), period: "week", weekStartsOn: 1.5 }), TypeError, /^periodIndicatorsSql: options\.weekStartsOn/],
    ["lostAfterDays 0", () => periodIndicatorsSql({ ...base(), lostAfterDays: 0 }), RangeError, /^periodIndicatorsSql: options\.lostAfterDays/],
    ["partialPeriods unknown", () => periodIndicatorsSql({ ...base(), partialPeriods: "keep" as never }), RangeError, /^periodIndicatorsSql: options\.partialPeriods/],
    ["dotted table string", () => periodIndicatorsSql({ ...base(), table: "shop.orders" }), RangeError, /^periodIndicatorsSql: table "shop\.orders" contains a dot/],
    ["unknown time zone", () => periodIndicatorsSql({ ...base(), timeZone: "Mars/Olympus" }), RangeError, /^periodIndicatorsSql: timeZone must be an IANA time zone name/],
    // found by the fuzz suite: the check for `monetary` let the trap's own exception through
    [
      "options Proxy whose getOwnPropertyDescriptor trap throws",
      () => periodIndicatorsSql(new Proxy(base(), { getOwnPropertyDescriptor: () => { throw new Error("boom"); } })),
      TypeError,
      /^periodIndicatorsSql: options: reading the options threw: boom/,
    ],
  ]);

  goldenTests("period_indicators", (d) => periodIndicatorsSql(goldenBase(d)));
  goldenTests("period_indicators_weeks_lost", (d) => {
    const { orderId: _, ...columns } = goldenBase(d).columns;
    return periodIndicatorsSql({ ...goldenBase(d), columns, period: "week", weekStartsOn: 0, lostAfterDays: 30, partialPeriods: "drop", timeZone: "Asia/Shanghai", afterAsOf: "ignore", refunds: "exclude" });
  });

  test("types and result columns (the fields of PeriodIndicatorRecord without the external rates)", () => {
    expectTypeOf(periodIndicatorsSql).parameter(0).toEqualTypeOf<PeriodIndicatorsSqlOptions>();
    expectTypeOf(periodIndicatorsSql).returns.toEqualTypeOf<SqlQuery>();
    expect(periodIndicatorsSql(base()).columns).toEqual(COLUMNS);
    const lib = periodIndicators([{ customerId: "a", date: "2024-01-05", amount: 1 }], { asOf: "2024-01-31" }).periods[0];
    expect(Object.keys(lib).filter((k) => !COLUMNS.includes(k))).toEqual(["referralRate", "complaintRate", "satisfaction", "nps"]);
  });

  test("values are parameters or, with inline, literals; the options are not mutated", () => {
    const options = Object.freeze({ ...base("spark"), period: "week" as const, weekStartsOn: 3, lostAfterDays: 14, timeZone: "Europe/Berlin" });
    const q = periodIndicatorsSql(options);
    expect(q.params.map((p) => p.name)).toEqual(["asOf", "timeZone"]);
    expect(q.sql).toContain("CAST(:asOf AS DATE)");
    expect(periodIndicatorsSql(options)).toEqual(q);
    const inline = periodIndicatorsSql({ ...options, dialect: "bigquery", inline: true });
    expect(inline.params).toEqual([]);
    expect(inline.sql).toContain("DATE '2024-06-30'");
    expect(inline.sql).toContain("'Europe/Berlin'");
  });
});

let duck: Duck;
beforeAll(async () => {
  duck = await openDuck();
});
afterAll(() => duck.conn.closeSync());

const duckRun = (q: SqlQuery) => duck.query(q);

describe("periodIndicatorsSql on DuckDB equals periodIndicators", () => {
  test("hand-made log: refunds, early refunds, a refund-only customer, partial first and last periods, every option", async () => {
    await duck.loadTransactions("hand", HAND);
    const q0 = periodIndicatorsSql({ dialect: "duckdb", table: "hand", columns: cols, asOf: HAND_ASOF });
    const rows = await duckRun(q0);
    // the definitions the fixture is built for, spelled out
    expect(rows.map((r) => [r.period, r.start, r.end, r.partial, r.daysCovered, r.active, r.new, r.revenue])).toEqual([
      ["2023-11", "2023-11-14", "2023-11-30", true, 17, 2, 2, 69.74],
      ["2023-12", "2023-12-01", "2023-12-31", false, 31, 3, 2, 44.5],
      ["2024-01", "2024-01-01", "2024-01-31", false, 31, 2, 1, 43.11], // 60 − 8 (early refund) + 11.1 − 19.99
      ["2024-02", "2024-02-01", "2024-02-29", false, 29, 0, 0, 0],
      ["2024-03", "2024-03-01", "2024-03-31", false, 31, 3, 1, 51.5],
      ["2024-04", "2024-04-01", "2024-04-17", true, 17, 2, 1, -13.7],
    ]);
    for (const variant of VARIANTS) {
      const got = await duckRun(periodIndicatorsSql({ dialect: "duckdb", table: "hand", columns: cols, asOf: HAND_ASOF, ...variant }));
      expect(differences(got, library(HAND, variant, HAND_ASOF)), JSON.stringify(variant)).toEqual([]);
    }
    // without order ids every purchase row is an order
    const noOrders = { customerId: "customerId", date: "date", amount: "amount" };
    const got = await duckRun(periodIndicatorsSql({ dialect: "duckdb", table: "hand", columns: noOrders, asOf: HAND_ASOF }));
    expect(differences(got, library(HAND, {}, HAND_ASOF, false))).toEqual([]);
    // inline literals give the same rows as bound parameters
    expect(await duckRun(periodIndicatorsSql({ dialect: "duckdb", table: "hand", columns: cols, asOf: HAND_ASOF, inline: true, lostAfterDays: 20 }))).toEqual(
      await duckRun(periodIndicatorsSql({ dialect: "duckdb", table: "hand", columns: cols, asOf: HAND_ASOF, lostAfterDays: 20 })),
    );
  });

  test("rows after asOf fail the query (afterAsOf: ignore filters them); a refund-only log has one empty period, as the library; no row used, no period", async () => {
    const rows = [...HAND, tx("a", "2024-05-02", 99)];
    await duck.loadTransactions("hand_after", rows);
    const opts = { dialect: "duckdb" as const, table: "hand_after", columns: cols, asOf: HAND_ASOF };
    await expect(duckRun(periodIndicatorsSql(opts))).rejects.toThrow(/periodIndicatorsSql: a row is dated after asOf 2024-04-17 .*2024-05-02/);
    const got = await duckRun(periodIndicatorsSql({ ...opts, afterAsOf: "ignore" }));
    expect(differences(got, library(rows, { afterAsOf: "ignore" }, HAND_ASOF))).toEqual([]);
    const refundsOnly = [tx("z", "2024-01-05", -10), tx("y", "2024-03-05", -1)];
    await duck.loadTransactions("refunds_only", refundsOnly);
    const none = await duckRun(periodIndicatorsSql({ ...opts, table: "refunds_only" }));
    expect(none.map((r) => [r.period, r.active, r.revenue])).toEqual([["2024-04", 0, 0]]);
    expect(differences(none, library(refundsOnly, {}, HAND_ASOF))).toEqual([]);
    // no row used at all: no period in SQL, empty_input in the library
    expect(await duckRun(periodIndicatorsSql({ ...opts, table: "refunds_only", refunds: "exclude" }))).toEqual([]);
    expect(() => library(refundsOnly, { refunds: "exclude" }, HAND_ASOF)).toThrow(/no usable transactions/);
  });

  test("TIMESTAMPTZ instants fall in the period of their day in timeZone", async () => {
    // 2024-01-31T23:30Z is January in UTC and São Paulo, February in Tokyo; 2024-03-31T22:00Z is April in Tokyo
    const instants = ["2024-01-31T23:30:00Z", "2024-02-15T12:00:00Z", "2024-03-31T22:00:00Z", "2024-04-10T10:00:00Z"];
    const rows = instants.map((iso, i) => ({ customerId: i % 2 === 0 ? "a" : "b", date: iso, amount: 10 + i, orderId: `o${i}` }));
    await duck.loadTransactions("tz", rows, { dateType: "TIMESTAMPTZ" });
    for (const timeZone of ["UTC", "Asia/Tokyo", "America/Sao_Paulo"]) {
      for (const period of ["week", "month"] as const) {
        const got = await duckRun(periodIndicatorsSql({ dialect: "duckdb", table: "tz", columns: cols, asOf: "2024-04-20", timeZone, period }));
        const lib = periodIndicators(
          rows.map((r) => ({ ...r, date: new Date(r.date) })),
          { asOf: "2024-04-20", timeZone, period, fields: cols },
        ).periods;
        expect(differences(got, lib), `${timeZone} ${period}`).toEqual([]);
      }
    }
  });

  test("more periods than the library builds (20,000) fail the query, as periodIndicators throws", async () => {
    await duck.loadTransactions("ancient", [tx("a", "1600-01-03", 1), tx("a", "2024-01-03", 1)]);
    await expect(duckRun(periodIndicatorsSql({ dialect: "duckdb", table: "ancient", columns: cols, asOf: "2024-01-31", period: "week" }))).rejects.toThrow(
      /periodIndicatorsSql: more than 20000 weekly periods .*1600-01-03/,
    );
    const months = await duckRun(periodIndicatorsSql({ dialect: "duckdb", table: "ancient", columns: cols, asOf: "2024-01-31" }));
    expect(months).toHaveLength((2024 - 1600) * 12 + 1);
  });

  test("Online Retail II subset (34,766 real rows): month, week, quarter, lostAfterDays", async () => {
    await duck.run(`CREATE OR REPLACE TABLE retail AS SELECT * FROM read_csv('${fixturePath("data/online_retail_II_10country_subset.csv.gz")}', header = true, all_varchar = true)`);
    const table = {
      query: `SELECT "Customer ID" AS cust, CAST("InvoiceDate" AS TIMESTAMP) AS invoiced_at,
  CAST("Quantity" AS DOUBLE) * CAST("Price" AS DOUBLE) AS line_total, "Invoice" AS invoice
FROM retail WHERE "Customer ID" IS NOT NULL`,
    };
    for (const variant of RETAIL_VARIANTS) {
      const got = await duckRun(
        periodIndicatorsSql({ dialect: "duckdb", table, columns: { customerId: "cust", date: "invoiced_at", amount: "line_total", orderId: "invoice" }, asOf: "2011-12-10", ...variant }),
      );
      const lib = retailInMemory(variant);
      expect(lib.length).toBeGreaterThan(4);
      expect(differences(got, lib), JSON.stringify(variant)).toEqual([]);
    }
  });

  test("CDNOW sample log (6,919 purchases, 2,357 customers)", async () => {
    const rows = cdnowRows();
    await duck.loadTransactions("cdnow", rows);
    for (const variant of CDNOW_VARIANTS) {
      const got = await duckRun(periodIndicatorsSql({ dialect: "duckdb", table: "cdnow", columns: { customerId: "customerId", date: "date", amount: "amount" }, asOf: "1998-06-30", ...variant }));
      expect(differences(got, library(rows, variant, "1998-06-30", false)), JSON.stringify(variant)).toEqual([]);
    }
  });
});

describe("periodIndicatorsSql on DuckDB: fast-check properties", () => {
  // Few customers over 150 days from 2023-12-20 (weeks, months and a quarter boundary), order ids shared
  // across customers, refunds (also before the first purchase), asOf on any day after the first row.
  const start = Date.UTC(2023, 11, 20);
  const iso = (d: number) => new Date(start + d * 86_400_000).toISOString().slice(0, 10);
  const log = (amount: fc.Arbitrary<number>) =>
    fc.array(
      fc.record({
        customerId: fc.constantFrom("a", "b", "c", "d", "e", "f"),
        date: fc.integer({ min: 0, max: 150 }).map(iso),
        amount: fc.oneof({ weight: 4, arbitrary: amount }, { weight: 1, arbitrary: amount.map((x) => -x) }),
        orderId: fc.integer({ min: 1, max: 15 }).map(String),
      }),
      { minLength: 1, maxLength: 30 },
    );
  const quarters = fc.integer({ min: 0, max: 400 }).map((q) => q / 4);
  const cents = fc.integer({ min: 1, max: 20_000 }).map((c) => c / 100);
  const options = fc.record(
    {
      period: fc.constantFrom("week" as const, "month" as const, "quarter" as const),
      weekStartsOn: fc.integer({ min: 0, max: 6 }),
      lostAfterDays: fc.integer({ min: 1, max: 60 }),
      partialPeriods: fc.constantFrom("null-rates" as const, "mark" as const, "drop" as const),
      refunds: fc.constantFrom("net" as const, "exclude" as const),
    },
    { requiredKeys: ["period"] },
  );
  const check = async (rows: TxRow[], asOfOffset: number, variant: Partial<PeriodIndicatorsSqlOptions>, exact: boolean) => {
    const last = Math.max(...rows.map((r) => (Date.parse(r.date!) - start) / 86_400_000));
    const asOf = iso(last + asOfOffset);
    await duck.loadTransactions("prop", rows);
    const got = await duckRun(periodIndicatorsSql({ dialect: "duckdb", table: "prop", columns: cols, asOf, ...variant }));
    let lib: object[];
    try {
      lib = library(rows, variant, asOf);
    } catch (error) {
      // every row left out (refunds excluded): the library throws empty_input, the SQL has no row
      expect(error).toMatchObject({ code: "empty_input" });
      expect(got).toEqual([]);
      return;
    }
    expect(differences(got, lib, exact)).toEqual([]);
  };

  test("with exact (quarter) amounts every field is identical", async () => {
    await fc.assert(
      fc.asyncProperty(log(quarters), fc.integer({ min: 0, max: 40 }), options, async (rows, offset, variant) => check(rows, offset, variant, true)),
      { numRuns: 80 },
    );
  });
  test("with cents, counts exactly and rates and revenue to 1e-9 relative", async () => {
    await fc.assert(
      fc.asyncProperty(log(cents), fc.integer({ min: 0, max: 40 }), options, async (rows, offset, variant) => check(rows, offset, variant, false)),
      { numRuns: 40 },
    );
  });
});

const pg = postgresStatus();
const SCHEMA = "crm_period_sql_test";
if (!pg.available && process.env.CI !== "true") console.warn(`test/sql/periodIndicatorsSql.test.ts: PostgreSQL tests skipped: ${pg.reason}`);

describe.runIf(pg.available)("periodIndicatorsSql on PostgreSQL equals periodIndicators", () => {
  beforeAll(() => psql(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE; CREATE SCHEMA ${SCHEMA};`));
  afterAll(() => psql(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE;`));
  // a session whose time zone and date style would show in any unguarded date text
  const pgRun = (q: SqlQuery) => typed(pgQuery(q, "SET TimeZone = 'America/New_York'; SET DateStyle = 'SQL, DMY';"));

  test("hand-made log, every option; rows after asOf fail the query; inline equals bound", () => {
    pgLoadTransactions(`${SCHEMA}.hand`, HAND);
    const opts = { dialect: "postgres" as const, table: [SCHEMA, "hand"], columns: cols, asOf: HAND_ASOF };
    for (const variant of VARIANTS) {
      expect(differences(pgRun(periodIndicatorsSql({ ...opts, ...variant })), library(HAND, variant, HAND_ASOF)), JSON.stringify(variant)).toEqual([]);
    }
    expect(pgRun(periodIndicatorsSql({ ...opts, inline: true, period: "week" }))).toEqual(pgRun(periodIndicatorsSql({ ...opts, period: "week" })));
    pgLoadTransactions(`${SCHEMA}.after`, [...HAND, tx("a", "2024-05-02", 99)]);
    expect(() => pgRun(periodIndicatorsSql({ ...opts, table: [SCHEMA, "after"] }))).toThrow(/periodIndicatorsSql: a row is dated after asOf 2024-04-17 .*2024-05-02/);
  });

  test("Online Retail II subset and the CDNOW sample log", () => {
    const csv = writeScratch("retail.csv", gunzipSync(readFileSync(fixturePath("data/online_retail_II_10country_subset.csv.gz"))).toString("utf8"));
    psql(
      [
        `CREATE TABLE ${SCHEMA}.retail ("Invoice" TEXT, "StockCode" TEXT, "Description" TEXT, "Quantity" TEXT, "InvoiceDate" TEXT, "Price" TEXT, "Customer ID" TEXT, "Country" TEXT);`,
        `\\copy ${SCHEMA}.retail FROM '${csv}' WITH (FORMAT csv, HEADER true)`,
      ].join("\n"),
    );
    const table = {
      query: `SELECT "Customer ID" AS cust, CAST("InvoiceDate" AS TIMESTAMP) AS invoiced_at,
  CAST("Quantity" AS DOUBLE PRECISION) * CAST("Price" AS DOUBLE PRECISION) AS line_total, "Invoice" AS invoice
FROM ${SCHEMA}.retail WHERE "Customer ID" IS NOT NULL`,
    };
    for (const variant of RETAIL_VARIANTS) {
      const got = pgRun(periodIndicatorsSql({ dialect: "postgres", table, columns: { customerId: "cust", date: "invoiced_at", amount: "line_total", orderId: "invoice" }, asOf: "2011-12-10", ...variant }));
      expect(differences(got, retailInMemory(variant)), JSON.stringify(variant)).toEqual([]);
    }
    const rows = cdnowRows();
    pgLoadTransactions(`${SCHEMA}.cdnow`, rows);
    for (const variant of CDNOW_VARIANTS) {
      const got = pgRun(periodIndicatorsSql({ dialect: "postgres", table: [SCHEMA, "cdnow"], columns: { customerId: "customerId", date: "date", amount: "amount" }, asOf: "1998-06-30", ...variant }));
      expect(differences(got, library(rows, variant, "1998-06-30", false)), JSON.stringify(variant)).toEqual([]);
    }
  });
});
