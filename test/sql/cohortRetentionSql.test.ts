// cohortRetentionSql: argument checks, golden SQL of every dialect, and parity with cohortRetention on a
// real DuckDB (in process) and PostgreSQL (psql; skipped locally without a server, required in CI by
// postgres.test.ts): a hand-made log with refunds, early refunds and partial periods, the Online Retail
// II subset, the CDNOW sample log, and fast-check properties on generated logs.
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, expectTypeOf, test } from "vitest";
import { cohortRetention, type CohortRetentionOptions } from "../../src/index.js";
import { cohortRetentionSql, periodIndicatorsSql, type CohortRetentionSqlOptions, type SqlDialect, type SqlQuery } from "../../src/sql/index.js";
import { fixturePath, readCsvFixture } from "../helpers/csv.js";
import { argumentTests, asOfTests, base, goldenBase, goldenTests } from "./golden.js";
import { openDuck, pgLoadTransactions, pgQuery, postgresStatus, psql, writeScratch, type Duck, type Row, type TxRow } from "./helpers.js";

const INT = ["periodIndex", "daysCovered", "daysInPeriod", "customers", "cohortSize"];
const REAL = ["share", "revenue"];
const COLUMNS = ["cohort", "periodIndex", "period", "partial", "daysCovered", "daysInPeriod", "customers", "share", "revenue", "cohortSize"];

/** psql's CSV text typed as the cells: integers, booleans (t/f) and doubles. */
function typed(rows: readonly Row[]): Row[] {
  return rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, k === "partial" ? v === "t" : INT.includes(k) || REAL.includes(k) ? Number(v) : v])));
}

/** Cell-by-cell differences: labels, counts and flags exactly, share and revenue to 1e-9 relative (or exactly). */
function differences(sql: readonly Row[], lib: readonly object[], exact = false): unknown[] {
  const out: unknown[] = [];
  if (sql.length !== lib.length) out.push({ cells: [sql.length, lib.length] });
  for (let i = 0; i < Math.min(sql.length, lib.length) && out.length < 5; i++) {
    const x = sql[i];
    const y = lib[i] as Row;
    for (const k of COLUMNS) {
      const a = x[k];
      const b = y[k];
      const same = REAL.includes(k) && !exact ? Math.abs(Number(a) - Number(b)) <= 1e-9 * Math.max(1, Math.abs(Number(b))) : a === b;
      if (!same) out.push({ cohort: y.cohort, period: y.period, field: k, sql: a, lib: b });
    }
  }
  return out;
}

const cols = { customerId: "customerId", date: "date", amount: "amount", orderId: "orderId" };
const noOrders = { customerId: "customerId", date: "date", amount: "amount" };
const tx = (customerId: string, date: string, amount: number, orderId = `${customerId}-${date}`): TxRow => ({ customerId, date, amount, orderId });

/** The hand-made log of periodIndicatorsSql.test.ts: cut first and last periods, an empty month, refunds of every kind. */
const HAND: TxRow[] = [
  tx("e", "2023-11-14", -8, "r0"),
  tx("a", "2023-11-20", 30, "A1"),
  tx("a", "2023-11-20", 12.5, "A1"),
  tx("a", "2023-11-28", 7.25, "A2"),
  tx("b", "2023-11-30", 19.99, "B1"),
  tx("c", "2023-12-02", 0, "C1"),
  tx("d", "2023-12-05", -4.5, "r1"),
  tx("d", "2023-12-24", 44, "D1"),
  tx("a", "2023-12-31", 5, "A3"),
  tx("e", "2024-01-03", 60, "E1"),
  tx("b", "2024-01-10", -19.99, "r2"),
  tx("f", "2024-01-15", -3, "r3"),
  tx("c", "2024-01-20", 11.1, "X"),
  tx("d", "2024-03-01", 13.3, "X"),
  tx("d", "2024-03-02", 2.2, "D2"),
  tx("a", "2024-03-15", 9.99, "A4"),
  tx("a", "2024-03-16", 1.01, "A5"),
  tx("g", "2024-03-31", 25, "G1"),
  tx("b", "2024-04-01", 8, "B2"),
  tx("g", "2024-04-02", -25, "r4"),
  tx("h", "2024-04-17", 3.3, "H1"),
];
const HAND_ASOF = "2024-04-17";

const VARIANTS: Partial<CohortRetentionSqlOptions>[] = [
  {},
  { partialPeriods: "drop" },
  { period: "week" },
  { period: "week", weekStartsOn: 0, partialPeriods: "drop" },
  { period: "quarter" },
  { period: "year" },
  { refunds: "exclude" },
  { refunds: "exclude", period: "week", weekStartsOn: 4 },
];

/** cohortRetention on the same rows and options. */
function library(rows: readonly TxRow[], opts: Partial<CohortRetentionSqlOptions>, asOf: string, withOrders = true) {
  const { dialect: _d, table: _t, columns: _c, inline: _i, amountScale: _s, ...rest } = opts as CohortRetentionSqlOptions;
  return cohortRetention(rows as object[], { fields: withOrders ? cols : noOrders, ...rest, asOf } as CohortRetentionOptions).cells;
}

let retailRows: Record<string, string>[] | null = null;
function retailInMemory(extra: Partial<CohortRetentionSqlOptions>) {
  retailRows ??= readCsvFixture("data/online_retail_II_10country_subset.csv.gz");
  return cohortRetention(retailRows, {
    asOf: "2011-12-10",
    onInvalid: "skip",
    fields: { customerId: "Customer ID", date: "InvoiceDate", amount: (r: Record<string, string>) => Number(r.Quantity) * Number(r.Price), orderId: "Invoice" },
    ...(extra as object),
  }).cells;
}
const RETAIL_VARIANTS: Partial<CohortRetentionSqlOptions>[] = [{}, { period: "week", partialPeriods: "drop" }, { period: "quarter" }];
const retailColumns = { customerId: "cust", date: "invoiced_at", amount: "line_total", orderId: "invoice" };

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
const CDNOW_VARIANTS: Partial<CohortRetentionSqlOptions>[] = [{}, { period: "quarter", partialPeriods: "drop" }];

describe("cohortRetentionSql: options", () => {
  asOfTests("cohortRetentionSql", (asOf) => cohortRetentionSql({ ...base(), asOf } as never));
  argumentTests([
    ["unknown dialect", () => cohortRetentionSql({ ...base(), dialect: "oracle" as SqlDialect }), RangeError, /^cohortRetentionSql: options\.dialect/],
    ["monetary (a summary option)", () => cohortRetentionSql({ ...base(), monetary: "mean" } as never), TypeError, /^cohortRetentionSql: options: unknown option "monetary"/],
    ["windows (not in SQL)", () => cohortRetentionSql({ ...base(), windows: [] } as never), TypeError, /^cohortRetentionSql: options: unknown option "windows"/],
    ["lostAfterDays (indicators only)", () => cohortRetentionSql({ ...base(), lostAfterDays: 30 } as never), TypeError, /^cohortRetentionSql: options: unknown option "lostAfterDays"/],
    ["partialPeriods null-rates (cells have no rates)", () => cohortRetentionSql({ ...base(), partialPeriods: "null-rates" as never }), RangeError, /^cohortRetentionSql: options\.partialPeriods/],
    ["unknown period", () => cohortRetentionSql({ ...base(), period: "fortnight" as never }), RangeError, /^cohortRetentionSql: options\.period/],
    ["weekStartsOn -1", () => cohortRetentionSql({ ...base(), period: "week", weekStartsOn: -1 }), RangeError, /^cohortRetentionSql: options\.weekStartsOn/],
    ["newline in a column", () => cohortRetentionSql({ ...base(), columns: { customerId: "c\n", date: "d", amount: "a" } }), RangeError, /^cohortRetentionSql: columns\.customerId must not contain control characters/],
  ]);

  goldenTests("cohort_retention", (d) => cohortRetentionSql(goldenBase(d)));
  goldenTests("cohort_retention_quarter_drop", (d) => cohortRetentionSql({ ...goldenBase(d), period: "quarter", partialPeriods: "drop", timeZone: "America/New_York", inline: true }));

  test("types and result columns (the fields of CohortCell)", () => {
    expectTypeOf(cohortRetentionSql).parameter(0).toEqualTypeOf<CohortRetentionSqlOptions>();
    expectTypeOf(cohortRetentionSql).returns.toEqualTypeOf<SqlQuery>();
    expect(cohortRetentionSql(base()).columns).toEqual(COLUMNS);
    const lib = cohortRetention([{ customerId: "a", date: "2024-01-05", amount: 1 }], { asOf: "2024-01-31" }).cells[0];
    expect(Object.keys(lib)).toEqual(COLUMNS);
  });
});

let duck: Duck;
beforeAll(async () => {
  duck = await openDuck();
});
afterAll(() => duck.conn.closeSync());
const duckRun = (q: SqlQuery) => duck.query(q);

describe("cohortRetentionSql on DuckDB equals cohortRetention", () => {
  test("hand-made log: every option; the cells of a period add up to periodIndicatorsSql's revenue", async () => {
    await duck.loadTransactions("hand", HAND);
    const opts = { dialect: "duckdb" as const, table: "hand", columns: cols, asOf: HAND_ASOF };
    const cells = await duckRun(cohortRetentionSql(opts));
    // e's November refund (before e's first purchase) is in e's acquisition cell, January; f (refunds only) is in no cohort
    expect(cells.filter((c) => c.periodIndex === 0).map((c) => [c.cohort, c.cohortSize, c.revenue, c.partial])).toEqual([
      ["2023-11", 2, 69.74, true],
      ["2023-12", 2, 39.5, false],
      ["2024-01", 1, 52, false],
      ["2024-03", 1, 25, false],
      ["2024-04", 1, 3.3, true],
    ]);
    const periods = await duckRun(periodIndicatorsSql(opts));
    for (const p of periods) {
      const sum = cells.filter((c) => c.period === p.period).reduce((s, c) => s + Number(c.revenue), 0);
      expect(sum).toBeCloseTo(Number(p.revenue), 9);
    }
    for (const variant of VARIANTS) {
      const got = await duckRun(cohortRetentionSql({ ...opts, ...variant }));
      expect(differences(got, library(HAND, variant, HAND_ASOF)), JSON.stringify(variant)).toEqual([]);
    }
    const got = await duckRun(cohortRetentionSql({ ...opts, columns: noOrders }));
    expect(differences(got, library(HAND, {}, HAND_ASOF, false))).toEqual([]);
    expect(await duckRun(cohortRetentionSql({ ...opts, inline: true, period: "week" }))).toEqual(await duckRun(cohortRetentionSql({ ...opts, period: "week" })));
  });

  test("a refund-only log has no cells, as the library; rows after asOf fail; more than 2,000 periods fail", async () => {
    await duck.loadTransactions("refunds_only", [tx("z", "2024-01-05", -10)]);
    const opts = { dialect: "duckdb" as const, table: "refunds_only", columns: cols, asOf: HAND_ASOF };
    expect(await duckRun(cohortRetentionSql(opts))).toEqual([]);
    expect(library([tx("z", "2024-01-05", -10)], {}, HAND_ASOF)).toEqual([]);
    await duck.loadTransactions("after", [...HAND, tx("b", "2024-04-18", 1)]);
    await expect(duckRun(cohortRetentionSql({ ...opts, table: "after" }))).rejects.toThrow(/cohortRetentionSql: a row is dated after asOf 2024-04-17 .*2024-04-18/);
    await duck.loadTransactions("ancient", [tx("a", "1800-01-03", 1), tx("a", "2024-01-03", 1)]);
    await expect(duckRun(cohortRetentionSql({ ...opts, table: "ancient" }))).rejects.toThrow(/cohortRetentionSql: more than 2000 monthly periods .*1800-01-03/);
  });

  test("Online Retail II subset (34,766 real rows)", async () => {
    await duck.run(`CREATE OR REPLACE TABLE retail AS SELECT * FROM read_csv('${fixturePath("data/online_retail_II_10country_subset.csv.gz")}', header = true, all_varchar = true)`);
    const table = {
      query: `SELECT "Customer ID" AS cust, CAST("InvoiceDate" AS TIMESTAMP) AS invoiced_at,
  CAST("Quantity" AS DOUBLE) * CAST("Price" AS DOUBLE) AS line_total, "Invoice" AS invoice
FROM retail WHERE "Customer ID" IS NOT NULL`,
    };
    for (const variant of RETAIL_VARIANTS) {
      const got = await duckRun(cohortRetentionSql({ dialect: "duckdb", table, columns: retailColumns, asOf: "2011-12-10", ...variant }));
      const lib = retailInMemory(variant);
      expect(lib.length).toBeGreaterThan(20);
      expect(differences(got, lib), JSON.stringify(variant)).toEqual([]);
    }
  });

  test("CDNOW sample log (6,919 purchases, 2,357 customers)", async () => {
    const rows = cdnowRows();
    await duck.loadTransactions("cdnow", rows);
    for (const variant of CDNOW_VARIANTS) {
      const got = await duckRun(cohortRetentionSql({ dialect: "duckdb", table: "cdnow", columns: noOrders, asOf: "1998-06-30", ...variant }));
      expect(differences(got, library(rows, variant, "1998-06-30", false)), JSON.stringify(variant)).toEqual([]);
    }
  });
});

describe("cohortRetentionSql on DuckDB: fast-check properties", () => {
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
  const options = fc.record(
    {
      period: fc.constantFrom("week" as const, "month" as const, "quarter" as const),
      weekStartsOn: fc.integer({ min: 0, max: 6 }),
      partialPeriods: fc.constantFrom("mark" as const, "drop" as const),
      refunds: fc.constantFrom("net" as const, "exclude" as const),
    },
    { requiredKeys: ["period"] },
  );
  const check = async (rows: TxRow[], asOfOffset: number, variant: Partial<CohortRetentionSqlOptions>, exact: boolean) => {
    const last = Math.max(...rows.map((r) => (Date.parse(r.date!) - start) / 86_400_000));
    const asOf = iso(last + asOfOffset);
    await duck.loadTransactions("prop", rows);
    const got = await duckRun(cohortRetentionSql({ dialect: "duckdb", table: "prop", columns: cols, asOf, ...variant }));
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
  test("with exact (quarter) amounts every cell is identical", async () => {
    await fc.assert(
      fc.asyncProperty(log(fc.integer({ min: 0, max: 400 }).map((q) => q / 4)), fc.integer({ min: 0, max: 40 }), options, async (rows, offset, variant) => check(rows, offset, variant, true)),
      { numRuns: 80 },
    );
  });
  test("with cents, counts exactly and share and revenue to 1e-9 relative", async () => {
    await fc.assert(
      fc.asyncProperty(log(fc.integer({ min: 1, max: 20_000 }).map((c) => c / 100)), fc.integer({ min: 0, max: 40 }), options, async (rows, offset, variant) => check(rows, offset, variant, false)),
      { numRuns: 40 },
    );
  });
});

const pg = postgresStatus();
const SCHEMA = "crm_cohort_sql_test";
if (!pg.available && process.env.CI !== "true") console.warn(`test/sql/cohortRetentionSql.test.ts: PostgreSQL tests skipped: ${pg.reason}`);

describe.runIf(pg.available)("cohortRetentionSql on PostgreSQL equals cohortRetention", () => {
  beforeAll(() => psql(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE; CREATE SCHEMA ${SCHEMA};`));
  afterAll(() => psql(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE;`));
  const pgRun = (q: SqlQuery) => typed(pgQuery(q, "SET TimeZone = 'Pacific/Apia'; SET DateStyle = 'German';"));

  test("hand-made log, every option; inline equals bound", () => {
    pgLoadTransactions(`${SCHEMA}.hand`, HAND);
    const opts = { dialect: "postgres" as const, table: [SCHEMA, "hand"], columns: cols, asOf: HAND_ASOF };
    for (const variant of VARIANTS) {
      expect(differences(pgRun(cohortRetentionSql({ ...opts, ...variant })), library(HAND, variant, HAND_ASOF)), JSON.stringify(variant)).toEqual([]);
    }
    expect(pgRun(cohortRetentionSql({ ...opts, inline: true }))).toEqual(pgRun(cohortRetentionSql(opts)));
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
      const got = pgRun(cohortRetentionSql({ dialect: "postgres", table, columns: retailColumns, asOf: "2011-12-10", ...variant }));
      expect(differences(got, retailInMemory(variant)), JSON.stringify(variant)).toEqual([]);
    }
    const rows = cdnowRows();
    pgLoadTransactions(`${SCHEMA}.cdnow`, rows);
    for (const variant of CDNOW_VARIANTS) {
      const got = pgRun(cohortRetentionSql({ dialect: "postgres", table: [SCHEMA, "cdnow"], columns: noOrders, asOf: "1998-06-30", ...variant }));
      expect(differences(got, library(rows, variant, "1998-06-30", false)), JSON.stringify(variant)).toEqual([]);
    }
  });
});
