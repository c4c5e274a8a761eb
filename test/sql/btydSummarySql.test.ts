// btydSummarySql: argument checks, golden SQL of every dialect, and parity with toBtydSummary on a real
// DuckDB (in process) and PostgreSQL (psql; skipped locally without a server, required in CI by
// postgres.test.ts): a hand-made log with same-day purchases, refunds (before the first purchase, netting
// to zero, beyond the purchases), a refund-only customer and a first purchase on asOf; the CDNOW sample
// log; fast-check properties on generated logs.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, expectTypeOf, test } from "vitest";
import { AnalyticsInputError, toBtydSummary, type ToBtydSummaryOptions } from "../../src/index.js";
import { btydSummarySql, BTYD_SUMMARY_SQL_HOLDOUT_COLUMNS, type BtydSummarySqlOptions, type SqlDialect, type SqlQuery } from "../../src/sql/index.js";
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { fixturePath, readCsvFixture } from "../helpers/csv.js";
import { BTYD_HAND, BTYD_HAND_ASOF, btydLibrary, CDNOW_ASOF, cdnowRows, cols, tx } from "./btydFixtures.js";
import { argumentTests, asOfTests, base, goldenBase, goldenTests } from "./golden.js";
import { openDuck, pgLoadTransactions, pgQuery, postgresStatus, psql, writeScratch, type Duck, type Row, type TxRow } from "./helpers.js";

const FIELDS = ["customerId", "frequency", "recency", "T", "monetaryValue"];
const HOLDOUT_FIELDS = [...FIELDS, "frequencyHoldout", "durationHoldout"];

/** lifetimes' summary with freq="W" on the CDNOW sample (test/fixtures/scripts/btyd_whole_weeks_pandas.py). */
const WHOLE_WEEKS_CDNOW = JSON.parse(readFileSync(fixturePath("models/btyd_whole_weeks_cdnow.json"), "utf8")) as { summary: Row[] };

/** Sorted by customerId in code-unit order (the SQL's byte order for these ASCII ids). */
const byId = (rows: readonly object[], fields: readonly string[]): Row[] =>
  rows.map((r) => Object.fromEntries(fields.map((f) => [f, (r as Row)[f]]))).sort((x, y) => (String(x.customerId) < String(y.customerId) ? -1 : 1));

/**
 * Differences: the same customers, counts and times exactly, monetaryValue to 1e-9 relative (or exactly
 * with `exact`); the holdout fields too when the library's records have them.
 */
export function btydDifferences(sql: readonly Row[], lib: readonly object[], exact = false): unknown[] {
  const fields = lib.length > 0 && "durationHoldout" in lib[0] ? HOLDOUT_FIELDS : FIELDS;
  const a = byId(sql, fields);
  const b = byId(lib, fields);
  const out: unknown[] = [];
  if (a.length !== b.length) out.push({ customers: [a.length, b.length] });
  for (let i = 0; i < Math.min(a.length, b.length) && out.length < 5; i++) {
    for (const k of fields) {
      const x = a[i][k];
      const y = b[i][k];
      const same = k === "monetaryValue" && !exact ? Math.abs(Number(x) - Number(y)) <= 1e-9 * Math.max(1, Math.abs(Number(y))) : x === y;
      if (!same) out.push({ customerId: b[i].customerId, field: k, sql: x, lib: y });
    }
  }
  return out;
}

/** psql's CSV text typed as the records. */
export function typedBtyd(rows: readonly Row[]): Row[] {
  return rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, k === "customerId" ? v : Number(v)])));
}

const VARIANTS: Partial<BtydSummarySqlOptions>[] = [
  { period: "day" },
  { period: "week" },
  { period: "day", refunds: "exclude" },
  { period: "week", refunds: "exclude" },
  { period: "week", wholePeriods: true },
  { period: "week", wholePeriods: true, weekStartsOn: 0, refunds: "exclude" },
  { period: "week", wholePeriods: true, weekStartsOn: 6 },
  { period: "day", wholePeriods: true },
];

describe("btydSummarySql: options", () => {
  asOfTests("btydSummarySql", (asOf) => btydSummarySql({ ...base(), period: "day", asOf } as never));
  argumentTests([
    ["unknown dialect", () => btydSummarySql({ ...base(), period: "day", dialect: "mysql" as SqlDialect }), RangeError, /^btydSummarySql: options\.dialect/],
    ["period missing", () => btydSummarySql({ ...base() } as never), RangeError, /^btydSummarySql: options\.period/],
    ["period month", () => btydSummarySql({ ...base(), period: "month" as never }), RangeError, /^btydSummarySql: options\.period/],
    ["monetary (a summary option)", () => btydSummarySql({ ...base(), period: "day", monetary: "sum" } as never), TypeError, /^btydSummarySql: options: unknown option "monetary"/],
    ["calibrationEnd not a date type", () => btydSummarySql({ ...base(), period: "day", calibrationEnd: true as never }), TypeError, /^btydSummarySql: options\.calibrationEnd/],
    ["refunds error (not in SQL)", () => btydSummarySql({ ...base(), period: "day", refunds: "error" } as never), RangeError, /^btydSummarySql: options\.refunds/],
    ["weekStartsOn without whole weeks", () => btydSummarySql({ ...base(), period: "week", weekStartsOn: 0 }), TypeError, /^btydSummarySql: options\.weekStartsOn needs period: "week" and wholePeriods: true/],
    ["weekStartsOn 7", () => btydSummarySql({ ...base(), period: "week", wholePeriods: true, weekStartsOn: 7 }), RangeError, /^btydSummarySql: options\.weekStartsOn/],
    ["wholePeriods not boolean", () => btydSummarySql({ ...base(), period: "week", wholePeriods: "yes" as never }), TypeError, /^btydSummarySql: options\.wholePeriods/],
    ["dotted table string", () => btydSummarySql({ ...base(), period: "day", table: "shop.orders" }), RangeError, /^btydSummarySql: table "shop\.orders" contains a dot/],
  ]);

  goldenTests("btyd_summary", (d) => btydSummarySql({ ...goldenBase(d), period: "day" }));
  goldenTests("btyd_summary_weeks", (d) => btydSummarySql({ ...goldenBase(d), period: "week", refunds: "exclude", timeZone: "Europe/Berlin", afterAsOf: "ignore" }));
  goldenTests("btyd_summary_whole_weeks", (d) => btydSummarySql({ ...goldenBase(d), period: "week", wholePeriods: true }));
  goldenTests("btyd_summary_calibration", (d) => btydSummarySql({ ...goldenBase(d), period: "day", calibrationEnd: "2024-03-31" }));
  goldenTests("btyd_summary_calibration_whole_weeks", (d) =>
    btydSummarySql({ ...goldenBase(d), period: "week", wholePeriods: true, weekStartsOn: 0, refunds: "exclude", timeZone: "Europe/Berlin", calibrationEnd: "2024-03-27", inline: true }),
  );
  goldenTests("btyd_summary_whole_weeks_sunday", (d) => btydSummarySql({ ...goldenBase(d), period: "week", wholePeriods: true, weekStartsOn: 0, refunds: "exclude" }));

  test("types and result columns (the fields of BtydSummaryCustomer without the holdout)", () => {
    expectTypeOf(btydSummarySql).parameter(0).toEqualTypeOf<BtydSummarySqlOptions>();
    expectTypeOf(btydSummarySql).returns.toEqualTypeOf<SqlQuery>();
    expect(btydSummarySql({ ...base(), period: "day" }).columns).toEqual(FIELDS);
    const lib = toBtydSummary([{ customerId: "a", date: "2024-01-05", amount: 1 }], { asOf: "2024-01-31", period: "day" }).customers[0];
    expect(Object.keys(lib)).toEqual(FIELDS);
  });

  test("with calibrationEnd: every field of BtydSummaryCustomer, in its order; the end is a parameter", () => {
    const q = btydSummarySql({ ...base(), period: "day", calibrationEnd: "2024-03-31" });
    expect(q.columns).toEqual(HOLDOUT_FIELDS);
    expect(q.columns).toEqual([...BTYD_SUMMARY_SQL_HOLDOUT_COLUMNS]);
    expect(q.params).toEqual([
      { name: "asOf", index: 1, value: "2024-06-30", type: "DATE" },
      { name: "calibrationEnd", index: 2, value: "2024-03-31", type: "DATE" },
    ]);
    const lib = toBtydSummary([{ customerId: "a", date: "2024-01-05", amount: 1 }], { asOf: "2024-01-31", period: "day", calibrationEnd: "2024-01-10" }).customers[0];
    expect(Object.keys(lib)).toEqual(HOLDOUT_FIELDS);
    // read as the library reads it: a Date or epoch milliseconds take their day in timeZone
    const instant = Date.UTC(2024, 2, 31, 23, 30);
    expect(btydSummarySql({ ...base(), period: "day", calibrationEnd: new Date(instant) }).params[1].value).toBe("2024-03-31");
    expect(btydSummarySql({ ...base(), period: "day", timeZone: "Europe/Berlin", calibrationEnd: instant }).params.find((p) => p.name === "calibrationEnd")?.value).toBe("2024-04-01");
    expect(btydSummarySql({ ...base(), period: "day", calibrationEnd: "2024-06-30" }).params[1].value).toBe("2024-06-30");
  });

  test("calibrationEnd unreadable or after asOf: AnalyticsInputError invalid_value at [\"options\", \"calibrationEnd\"], as toBtydSummary", () => {
    for (const [calibrationEnd, message] of [
      ["2024-02-30", /^btydSummarySql: options\.calibrationEnd: expected an ISO date/],
      ["2024-01-01'); --", /^btydSummarySql: options\.calibrationEnd: expected an ISO date/],
      [Date.UTC(10_000, 0, 2), /^btydSummarySql: options\.calibrationEnd: expected an ISO date, a Date or epoch milliseconds from 0000-01-01 to 9999-12-31/],
      ["2024-07-01", /^btydSummarySql: options\.calibrationEnd: 2024-07-01 is after asOf 2024-06-30/],
    ] as const) {
      const call = () => btydSummarySql({ ...base(), period: "day", calibrationEnd });
      expect(call).toThrow(AnalyticsInputError);
      expect(call).toThrow(message);
      expect(call).toThrow(expect.objectContaining({ issues: [expect.objectContaining({ code: "invalid_value", path: ["options", "calibrationEnd"] })] }));
    }
    // an invalid Date is a bad argument for both (the options schema)
    expect(() => btydSummarySql({ ...base(), period: "day", calibrationEnd: new Date(Number.NaN) })).toThrow(/^btydSummarySql: options\.calibrationEnd: /);
    expect(() => toBtydSummary([{ customerId: "a", date: "2024-01-05", amount: 1 }], { asOf: "2024-06-30", period: "day", calibrationEnd: new Date(Number.NaN) })).toThrow(TypeError);
    // the library says the same of the same dates
    expect(() => toBtydSummary([{ customerId: "a", date: "2024-01-05", amount: 1 }], { asOf: "2024-06-30", period: "day", calibrationEnd: "2024-07-01" })).toThrow(/calibrationEnd: 2024-07-01 is after asOf 2024-06-30/);
  });

  test("values are parameters or, with inline, literals; the options are not mutated", () => {
    const options = Object.freeze({ ...base("spark"), period: "week" as const, timeZone: "Europe/Berlin" });
    const q = btydSummarySql(options);
    expect(q.params.map((p) => p.name)).toEqual(["asOf", "timeZone"]);
    expect(q.sql).toContain("CAST(:asOf AS DATE)");
    expect(btydSummarySql(options)).toEqual(q);
    const inline = btydSummarySql({ ...options, dialect: "bigquery", inline: true });
    expect(inline.params).toEqual([]);
    expect(inline.sql).toContain("DATE '2024-06-30'");
  });
});

let duck: Duck;
beforeAll(async () => {
  duck = await openDuck();
});
afterAll(() => duck.conn.closeSync());

describe("btydSummarySql on DuckDB equals toBtydSummary", () => {
  test("hand-made log: same-day purchases, refunds of every kind, a refund-only customer, T = 0", async () => {
    await duck.loadTransactions("hand", BTYD_HAND);
    const opts = { dialect: "duckdb" as const, table: "hand", columns: cols, asOf: BTYD_HAND_ASOF };
    const days = await duck.query(btydSummarySql({ ...opts, period: "day" }));
    // the definitions the fixture is built for, spelled out
    expect(days.map((r) => [r.customerId, r.frequency, r.recency, r.T, r.monetaryValue])).toEqual([
      ["a", 2, 28, 90, 30 * (62.5 / 75)],
      ["b", 0, 0, 50, 0],
      ["c", 1, 15, 86, 0],
      ["d", 2, 88, 89, (13.3 / 2) * ((57.3 - 4.5) / 57.3)],
      ["e", 1, 7, 59, 0],
      ["g", 0, 0, 0, 0],
      ["h", 2, 38, 88, 7.77 / 2],
    ]);
    for (const variant of VARIANTS) {
      const got = await duck.query(btydSummarySql({ ...opts, ...variant } as BtydSummarySqlOptions));
      expect(btydDifferences(got, btydLibrary(BTYD_HAND, variant, BTYD_HAND_ASOF)), JSON.stringify(variant)).toEqual([]);
    }
    const weeks = await duck.query(btydSummarySql({ ...opts, period: "week" }));
    expect(weeks[0]).toMatchObject({ customerId: "a", recency: 4, T: 90 / 7 });
    // inline literals give the same rows as bound parameters
    expect(await duck.query(btydSummarySql({ ...opts, period: "week", inline: true }))).toEqual(weeks);
  });

  test("rows after asOf fail the query; afterAsOf: ignore leaves them out, as the library", async () => {
    const rows = [...BTYD_HAND, tx("a", "2024-04-02", 99)];
    await duck.loadTransactions("hand_after", rows);
    const opts = { dialect: "duckdb" as const, table: "hand_after", columns: cols, asOf: BTYD_HAND_ASOF, period: "day" as const };
    await expect(duck.query(btydSummarySql(opts))).rejects.toThrow(/btydSummarySql: a row is dated after asOf 2024-03-31 .*2024-04-02/);
    const got = await duck.query(btydSummarySql({ ...opts, afterAsOf: "ignore" }));
    expect(btydDifferences(got, btydLibrary(rows, { afterAsOf: "ignore", period: "day" }, BTYD_HAND_ASOF))).toEqual([]);
  });

  test("CDNOW sample log (6,919 purchases, 2,357 customers), days and weeks", async () => {
    const rows = cdnowRows();
    await duck.loadTransactions("cdnow", rows);
    for (const period of ["day", "week"] as const) {
      const got = await duck.query(btydSummarySql({ dialect: "duckdb", table: "cdnow", columns: cols, asOf: CDNOW_ASOF, period }));
      expect(got).toHaveLength(2357);
      expect(btydDifferences(got, btydLibrary(rows, { period }, CDNOW_ASOF)), period).toEqual([]);
    }
  });

  test("CDNOW sample log in whole weeks (every weekStartsOn): equals the library, and lifetimes' freq=\"W\" (pandas) for Monday weeks", async () => {
    const rows = cdnowRows();
    await duck.loadTransactions("cdnow_w", rows);
    for (let weekStartsOn = 0; weekStartsOn < 7; weekStartsOn++) {
      const v = { period: "week" as const, wholePeriods: true, weekStartsOn };
      const got = await duck.query(btydSummarySql({ dialect: "duckdb", table: "cdnow_w", columns: cols, asOf: CDNOW_ASOF, ...v }));
      expect(got).toHaveLength(2357);
      expect(btydDifferences(got, btydLibrary(rows, v, CDNOW_ASOF)), String(weekStartsOn)).toEqual([]);
      for (const r of got) expect([r.frequency, r.recency, r.T].every(Number.isInteger)).toBe(true);
      if (weekStartsOn === 1) expect(btydDifferences(got, WHOLE_WEEKS_CDNOW.summary)).toEqual([]);
    }
  });

  test("whole weeks before 1970 and across it: floor division, as periodCalendar", async () => {
    const rows = [tx("p", "1969-12-28", 5), tx("p", "1969-12-29", 7), tx("p", "1970-01-01", 1), tx("p", "1970-01-05", 3), tx("q", "1969-12-31", 2)];
    await duck.loadTransactions("epoch", rows);
    for (let weekStartsOn = 0; weekStartsOn < 7; weekStartsOn++) {
      const v = { period: "week" as const, wholePeriods: true, weekStartsOn };
      const got = await duck.query(btydSummarySql({ dialect: "duckdb", table: "epoch", columns: cols, asOf: "1970-01-20", ...v }));
      expect(btydDifferences(got, btydLibrary(rows, v, "1970-01-20"), true), String(weekStartsOn)).toEqual([]);
    }
  });
});

/** Calibration ends of the hand-made log: before every purchase, a Sunday, a Wednesday (mid-week), asOf. */
const HAND_ENDS = ["2023-12-31", "2024-01-14", "2024-02-07", "2024-03-30", BTYD_HAND_ASOF];

/** The Online Retail II subset (34,766 rows), as the other SQL tests read it. */
let retailRows: Record<string, string>[] | null = null;
const RETAIL_ASOF = "2011-12-10";
const RETAIL_END = "2010-12-31";
const retailColumns = { customerId: "cust", date: "invoiced_at", amount: "line_total" };
function retailLibrary(v: Partial<BtydSummarySqlOptions>) {
  retailRows ??= readCsvFixture("data/online_retail_II_10country_subset.csv.gz");
  return toBtydSummary(retailRows, {
    asOf: RETAIL_ASOF,
    onInvalid: "skip",
    fields: { customerId: "Customer ID", date: "InvoiceDate", amount: (r: Record<string, string>) => Number(r.Quantity) * Number(r.Price) },
    ...(v as object),
  } as unknown as ToBtydSummaryOptions<Record<string, string>>).customers;
}
/** Variants of the real logs: days, weeks, whole weeks (Monday, Sunday), refunds netted or excluded. */
const REAL_VARIANTS: Partial<BtydSummarySqlOptions>[] = [
  { period: "day" },
  { period: "week", refunds: "exclude" },
  { period: "week", wholePeriods: true },
  { period: "week", wholePeriods: true, weekStartsOn: 0 },
];

describe("btydSummarySql with calibrationEnd on DuckDB equals toBtydSummary (lifetimes' calibration_and_holdout_data)", () => {
  test("hand-made log: the definitions spelled out, then every variant at every calibration end", async () => {
    await duck.loadTransactions("hand_cal", BTYD_HAND);
    const opts = { dialect: "duckdb" as const, table: "hand_cal", columns: cols, asOf: BTYD_HAND_ASOF };
    const got = await duck.query(btydSummarySql({ ...opts, period: "day", calibrationEnd: "2024-01-14" }));
    // a: 01-01 (10 + 5) by the end, 01-15 and 01-29 after (its refund 02-03 too); c: 01-05 by the end, 01-20
    // after; d: the refund of 12-20 and 01-02, 01-09 by the end, 03-30 after; h: 01-03, 01-10 (zero
    // amounts), 02-10 after; b, e, g first buy after the end (left out), f has refunds only.
    // durationHoldout: 2024-01-14 → 2024-03-31 = 77 days.
    expect(got.map((r) => [r.customerId, r.frequency, r.recency, r.T, r.frequencyHoldout, r.durationHoldout])).toEqual([
      ["a", 0, 0, 13, 2, 77],
      ["c", 0, 0, 9, 1, 77],
      ["d", 1, 7, 12, 1, 77],
      ["h", 1, 7, 11, 1, 77],
    ]);
    // d's repeat day (11.1) scaled by its net share by the end, (44 + 11.1 − 4.5) / (44 + 11.1)
    expect(got.map((r) => r.monetaryValue)).toEqual([0, 0, expect.closeTo((11.1 * 50.6) / 55.1, 12), 0]);
    for (const calibrationEnd of HAND_ENDS) {
      for (const variant of VARIANTS) {
        const v = { ...variant, calibrationEnd };
        const rows = await duck.query(btydSummarySql({ ...opts, ...v } as BtydSummarySqlOptions));
        expect(btydDifferences(rows, btydLibrary(BTYD_HAND, v, BTYD_HAND_ASOF)), JSON.stringify(v)).toEqual([]);
        if (calibrationEnd === BTYD_HAND_ASOF) {
          // the end on asOf: the plain summary, with an empty holdout
          const plain = await duck.query(btydSummarySql({ ...opts, ...variant } as BtydSummarySqlOptions));
          expect(rows.map((r) => [r.frequencyHoldout, r.durationHoldout])).toEqual(plain.map(() => [0, 0]));
          expect(rows.map(({ frequencyHoldout: _f, durationHoldout: _d, ...r }) => r)).toEqual(plain);
        }
      }
    }
    // inline literals give the same rows as bound parameters
    const v = { ...opts, period: "week" as const, wholePeriods: true, calibrationEnd: "2024-02-07" };
    expect(await duck.query(btydSummarySql({ ...v, inline: true }))).toEqual(await duck.query(btydSummarySql(v)));
  });

  test("CDNOW sample log (calibration to 1997-09-30, lifetimes' example split) and the Online Retail II subset (to 2010-12-31)", async () => {
    const rows = cdnowRows();
    await duck.loadTransactions("cdnow_cal", rows);
    for (const v of REAL_VARIANTS) {
      const o = { ...v, calibrationEnd: "1997-09-30" };
      const got = await duck.query(btydSummarySql({ dialect: "duckdb", table: "cdnow_cal", columns: cols, asOf: CDNOW_ASOF, ...o } as BtydSummarySqlOptions));
      expect(got).toHaveLength(2357); // every CDNOW customer's first purchase is in 1997's first quarter
      expect(got.reduce((s, r) => s + Number(r.frequencyHoldout), 0)).toBeGreaterThan(1000);
      expect(btydDifferences(got, btydLibrary(rows, o, CDNOW_ASOF)), JSON.stringify(o)).toEqual([]);
    }
    await duck.run(`CREATE OR REPLACE TABLE retail AS SELECT * FROM read_csv('${fixturePath("data/online_retail_II_10country_subset.csv.gz")}', header = true, all_varchar = true)`);
    const table = {
      query: `SELECT "Customer ID" AS cust, CAST("InvoiceDate" AS TIMESTAMP) AS invoiced_at,
  CAST("Quantity" AS DOUBLE) * CAST("Price" AS DOUBLE) AS line_total
FROM retail WHERE "Customer ID" IS NOT NULL`,
    };
    for (const v of REAL_VARIANTS) {
      const o = { ...v, calibrationEnd: RETAIL_END };
      const got = await duck.query(btydSummarySql({ dialect: "duckdb", table, columns: retailColumns, asOf: RETAIL_ASOF, ...o } as BtydSummarySqlOptions));
      const lib = retailLibrary(o);
      expect(lib.length).toBeGreaterThan(100);
      expect(btydDifferences(got, lib), JSON.stringify(o)).toEqual([]);
    }
  });
});

describe("btydSummarySql on DuckDB: fast-check properties", () => {
  // Few customers over 120 days from 2024-01-01, same-day purchases, refunds (also before the first
  // purchase), asOf on any day after the last row.
  const start = Date.UTC(2024, 0, 1);
  const iso = (d: number) => new Date(start + d * 86_400_000).toISOString().slice(0, 10);
  const log = (amount: fc.Arbitrary<number>) =>
    fc.array(
      fc.record({
        customerId: fc.constantFrom("a", "b", "c", "d", "e"),
        date: fc.integer({ min: 0, max: 120 }).map(iso),
        amount: fc.oneof({ weight: 4, arbitrary: amount }, { weight: 1, arbitrary: amount.map((x) => -x) }),
      }),
      { minLength: 1, maxLength: 30 },
    );
  const variant = fc.oneof(
    fc.record({ period: fc.constantFrom("day" as const, "week" as const), refunds: fc.constantFrom("net" as const, "exclude" as const) }),
    fc.record({ period: fc.constant("week" as const), wholePeriods: fc.constant(true), weekStartsOn: fc.integer({ min: 0, max: 6 }), refunds: fc.constantFrom("net" as const, "exclude" as const) }),
  );
  // without a calibration end half the time; else one at a share of the days up to asOf (day 0 … asOf)
  const calibration = fc.option(fc.integer({ min: 0, max: 100 }), { freq: 2 });
  const check = async (rows: TxRow[], offset: number, variant: Partial<BtydSummarySqlOptions>, exact: boolean, share: number | null = null) => {
    const last = Math.max(...rows.map((r) => (Date.parse(r.date!) - start) / 86_400_000));
    const asOf = iso(last + offset);
    const v = share === null ? variant : { ...variant, calibrationEnd: iso(Math.round(((last + offset) * share) / 100)) };
    await duck.loadTransactions("prop", rows);
    const got = await duck.query(btydSummarySql({ dialect: "duckdb", table: "prop", columns: cols, asOf, ...v } as BtydSummarySqlOptions));
    let lib: object[];
    try {
      lib = btydLibrary(rows, v, asOf);
    } catch (error) {
      // every row left out (refunds excluded): the library throws empty_input, the SQL has no row
      expect(error).toMatchObject({ code: "empty_input" });
      expect(got).toEqual([]);
      return;
    }
    expect(btydDifferences(got, lib, exact)).toEqual([]);
  };
  test("with exact (quarter) amounts every field is identical (with and without a calibration end)", async () => {
    const quarters = fc.integer({ min: 0, max: 400 }).map((q) => q / 4);
    await fc.assert(fc.asyncProperty(log(quarters), fc.integer({ min: 0, max: 30 }), variant, calibration, async (rows, offset, v, share) => check(rows, offset, v, true, share)), { numRuns: 80 });
  });
  test("with cents, counts and times exactly and monetaryValue to 1e-9 relative", async () => {
    const cents = fc.integer({ min: 1, max: 20_000 }).map((c) => c / 100);
    await fc.assert(fc.asyncProperty(log(cents), fc.integer({ min: 0, max: 30 }), variant, calibration, async (rows, offset, v, share) => check(rows, offset, v, false, share)), { numRuns: 50 });
  });
});

const pg = postgresStatus();
const SCHEMA = "crm_btyd_summary_sql_test";
if (!pg.available && process.env.CI !== "true") console.warn(`test/sql/btydSummarySql.test.ts: PostgreSQL tests skipped: ${pg.reason}`);

describe.runIf(pg.available)("btydSummarySql on PostgreSQL equals toBtydSummary", () => {
  beforeAll(() => psql(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE; CREATE SCHEMA ${SCHEMA};`));
  afterAll(() => psql(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE;`));
  const pgRun = (q: SqlQuery) => typedBtyd(pgQuery(q, "SET TimeZone = 'America/New_York'; SET DateStyle = 'SQL, DMY';"));

  test("hand-made log, every variant; inline equals bound; rows after asOf fail the query", () => {
    pgLoadTransactions(`${SCHEMA}.hand`, BTYD_HAND);
    const opts = { dialect: "postgres" as const, table: [SCHEMA, "hand"], columns: cols, asOf: BTYD_HAND_ASOF };
    for (const variant of VARIANTS) {
      expect(btydDifferences(pgRun(btydSummarySql({ ...opts, ...variant } as BtydSummarySqlOptions)), btydLibrary(BTYD_HAND, variant, BTYD_HAND_ASOF)), JSON.stringify(variant)).toEqual([]);
    }
    expect(pgRun(btydSummarySql({ ...opts, period: "week", inline: true }))).toEqual(pgRun(btydSummarySql({ ...opts, period: "week" })));
    pgLoadTransactions(`${SCHEMA}.after`, [...BTYD_HAND, tx("a", "2024-04-02", 99)]);
    expect(() => pgRun(btydSummarySql({ ...opts, period: "day", table: [SCHEMA, "after"] }))).toThrow(/btydSummarySql: a row is dated after asOf 2024-03-31 .*2024-04-02/);
  });

  test("calibrationEnd: hand-made log at every end, CDNOW sample log and the Online Retail II subset", () => {
    const opts = { dialect: "postgres" as const, table: [SCHEMA, "hand"], columns: cols, asOf: BTYD_HAND_ASOF };
    pgLoadTransactions(`${SCHEMA}.hand`, BTYD_HAND);
    for (const calibrationEnd of HAND_ENDS) {
      for (const variant of VARIANTS) {
        const v = { ...variant, calibrationEnd };
        expect(btydDifferences(pgRun(btydSummarySql({ ...opts, ...v } as BtydSummarySqlOptions)), btydLibrary(BTYD_HAND, v, BTYD_HAND_ASOF)), JSON.stringify(v)).toEqual([]);
      }
    }
    const rows = cdnowRows();
    pgLoadTransactions(`${SCHEMA}.cdnow_cal`, rows);
    const csv = writeScratch("retail.csv", gunzipSync(readFileSync(fixturePath("data/online_retail_II_10country_subset.csv.gz"))).toString("utf8"));
    psql(
      [
        `CREATE TABLE ${SCHEMA}.retail ("Invoice" TEXT, "StockCode" TEXT, "Description" TEXT, "Quantity" TEXT, "InvoiceDate" TEXT, "Price" TEXT, "Customer ID" TEXT, "Country" TEXT);`,
        `\\copy ${SCHEMA}.retail FROM '${csv}' WITH (FORMAT csv, HEADER true)`,
      ].join("\n"),
    );
    const table = {
      query: `SELECT "Customer ID" AS cust, CAST("InvoiceDate" AS TIMESTAMP) AS invoiced_at,
  CAST("Quantity" AS DOUBLE PRECISION) * CAST("Price" AS DOUBLE PRECISION) AS line_total
FROM ${SCHEMA}.retail WHERE "Customer ID" IS NOT NULL`,
    };
    for (const v of REAL_VARIANTS) {
      const c = { ...v, calibrationEnd: "1997-09-30" };
      const got = pgRun(btydSummarySql({ dialect: "postgres", table: [SCHEMA, "cdnow_cal"], columns: cols, asOf: CDNOW_ASOF, ...c } as BtydSummarySqlOptions));
      expect(got).toHaveLength(2357);
      expect(btydDifferences(got, btydLibrary(rows, c, CDNOW_ASOF)), JSON.stringify(c)).toEqual([]);
      const r = { ...v, calibrationEnd: RETAIL_END };
      const retail = pgRun(btydSummarySql({ dialect: "postgres", table, columns: retailColumns, asOf: RETAIL_ASOF, ...r } as BtydSummarySqlOptions));
      expect(retail.length).toBeGreaterThan(100);
      expect(btydDifferences(retail, retailLibrary(r)), JSON.stringify(r)).toEqual([]);
    }
  });

  test("CDNOW sample log, days, weeks and whole weeks", () => {
    const rows = cdnowRows();
    pgLoadTransactions(`${SCHEMA}.cdnow`, rows);
    for (const v of [{ period: "day" }, { period: "week" }, { period: "week", wholePeriods: true }, { period: "week", wholePeriods: true, weekStartsOn: 0 }] as Partial<BtydSummarySqlOptions>[]) {
      const got = pgRun(btydSummarySql({ dialect: "postgres", table: [SCHEMA, "cdnow"], columns: cols, asOf: CDNOW_ASOF, ...v } as BtydSummarySqlOptions));
      expect(got).toHaveLength(2357);
      expect(btydDifferences(got, btydLibrary(rows, v, CDNOW_ASOF)), JSON.stringify(v)).toEqual([]);
    }
  });
});
