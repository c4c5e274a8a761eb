// The emitted DuckDB SQL, run on a real DuckDB (in process), against the in-memory functions:
// Online Retail II (real rows), generated data, and the edge cases of the library's definitions.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { generateRecords } from "../../bench/generate.js";
import { scoreRfm, summarizeTransactions, type CustomerSummary } from "../../src/index.js";
import { abcClassesSql, rfmScoresSql, rfmSegmentsSql, summarySql, type TransactionSqlOptions } from "../../src/sql/index.js";
import { fixturePath, readCsvFixture } from "../helpers/csv.js";
import { checkAgainstLibrary, SCORE_FIELDS } from "./conformance.js";
import { openDuck, pick, type Duck, type TxRow } from "./helpers.js";

// The benchmark generator's data; SQL_TEST_ROWS / SQL_TEST_CUSTOMERS run it at other sizes (one-off
// checks at 1M rows are in bench/RESULTS.md), the default keeps the suite fast.
const GENERATED_ROWS = Number(process.env.SQL_TEST_ROWS ?? 30_000);
const GENERATED_CUSTOMERS = Number(process.env.SQL_TEST_CUSTOMERS ?? 6_000);
// DuckDB's quantile_cont interpolates tied order statistics in another form (see the test below), so
// equality with the library is required of the explicit form, DuckDB's default
const DUCK_QUANTILES = ["explicit"] as const;

let duck: Duck;
beforeAll(async () => {
  duck = await openDuck();
});
afterAll(() => {
  duck.conn.closeSync();
});

const RETAIL_QUERY = `SELECT "Customer ID" AS cust, CAST("InvoiceDate" AS TIMESTAMP) AS invoiced_at,
  CAST("Quantity" AS DOUBLE) * CAST("Price" AS DOUBLE) AS line_total, "Invoice" AS invoice
FROM retail WHERE "Customer ID" IS NOT NULL`;

describe("DuckDB: Online Retail II subset (34,766 real rows)", () => {
  test("summaries, scores, segments and ABC classes equal the library's", async () => {
    await duck.run(
      `CREATE TABLE retail AS SELECT * FROM read_csv('${fixturePath("data/online_retail_II_10country_subset.csv.gz")}', header = true, all_varchar = true)`,
    );
    const rows = readCsvFixture("data/online_retail_II_10country_subset.csv.gz");
    const { customers, meta } = summarizeTransactions(rows, {
      asOf: "2011-12-10",
      onInvalid: "skip", // rows without a customer id; the SQL source filters them out
      fields: {
        customerId: "Customer ID",
        date: "InvoiceDate",
        amount: (r: Record<string, string>) => Number(r.Quantity) * Number(r.Price),
        orderId: "Invoice",
      },
    });
    const base: TransactionSqlOptions = {
      dialect: "duckdb",
      table: { query: RETAIL_QUERY },
      columns: { customerId: "cust", date: "invoiced_at", amount: "line_total", orderId: "invoice" },
      asOf: "2011-12-10",
    };
    const summaries = await checkAgainstLibrary((q) => duck.query(q), base, customers, { quantiles: DUCK_QUANTILES });
    // Customers with refunds only (2 in this subset) are left out, as in the library.
    expect(meta.customersWithoutPurchases).toHaveLength(2);
    expect(summaries).toHaveLength(customers.length);
  });
});

describe(`DuckDB: generated data (${GENERATED_ROWS.toLocaleString("en-US")} rows, ${GENERATED_CUSTOMERS.toLocaleString("en-US")} customers)`, () => {
  const records = generateRecords({ nTransactions: GENERATED_ROWS, nCustomers: GENERATED_CUSTOMERS, seed: 7 });
  test("summaries, scores, segments and ABC classes equal the library's", async () => {
    await duck.loadTransactions(
      "generated",
      records.map((r) => ({ customerId: r.customerId, date: r.date, amount: r.amount, orderId: r.orderId })),
    );
    const { customers } = summarizeTransactions(records, { asOf: "2023-12-31" });
    const base: TransactionSqlOptions = {
      dialect: "duckdb",
      table: "generated",
      columns: { customerId: "customerId", date: "date", amount: "amount", orderId: "orderId" },
      asOf: "2023-12-31",
    };
    await checkAgainstLibrary((q) => duck.query(q), base, customers, { quantiles: DUCK_QUANTILES });
    // Without orderId each purchase row is an order; monetary as the mean per order.
    const rowsBase = { ...base, columns: { customerId: "customerId", date: "date", amount: "amount" }, monetary: "mean" as const };
    const byRows = summarizeTransactions(
      records.map(({ orderId: _, ...r }) => r),
      { asOf: "2023-12-31", monetary: "mean" },
    );
    await checkAgainstLibrary((q) => duck.query(q), rowsBase, byRows.customers, { light: true, quantiles: DUCK_QUANTILES });
  });
});

describe("DuckDB: definitions at the edges", () => {
  const cols = { customerId: "customerId", date: "date", amount: "amount", orderId: "orderId" };
  const tx = (customerId: string, date: string, amount: number, orderId = `${customerId}-${date}`): TxRow => ({ customerId, date, amount, orderId });
  const summaries = async (table: string, rows: TxRow[], extra: Partial<TransactionSqlOptions> = {}) => {
    await duck.loadTransactions(table, rows);
    return duck.query(summarySql({ dialect: "duckdb", table, columns: cols, asOf: "2024-03-31", ...extra }));
  };
  const memory = (rows: TxRow[], extra: Record<string, unknown> = {}) =>
    summarizeTransactions(rows as object[], { asOf: "2024-03-31", fields: { customerId: "customerId", date: "date", amount: "amount", orderId: "orderId" }, ...extra }).customers;

  test("refunds net: they reduce monetary, are not orders, do not move dates; refunds-only customers are left out", async () => {
    const rows = [tx("a", "2024-01-10", 100, "o1"), tx("a", "2024-03-30", -30, "o2"), tx("b", "2024-02-01", -5, "o3"), tx("c", "2024-03-31", 0, "o4")];
    const got = await summaries("edge_refunds", rows);
    expect(pick(got, ["customerId", "lastPurchase", "frequency", "monetary", "recencyDays"])).toEqual([
      { customerId: "a", lastPurchase: "2024-01-10", frequency: 1, monetary: 70, recencyDays: 81 },
      { customerId: "c", lastPurchase: "2024-03-31", frequency: 1, monetary: 0, recencyDays: 0 },
    ]);
    expect(pick(got, Object.keys(got[0]))).toEqual(pick(memory(rows), Object.keys(got[0])));
    const excluded = await duck.query(summarySql({ dialect: "duckdb", table: "edge_refunds", columns: cols, asOf: "2024-03-31", refunds: "exclude" }));
    expect(pick(excluded, Object.keys(got[0]))).toEqual(pick(memory(rows, { refunds: "exclude" }), Object.keys(got[0])));
  });

  test("order lines of one invoice are one order; an order id shared by two customers counts for each", async () => {
    const rows = [tx("a", "2024-01-10", 10, "X"), tx("a", "2024-01-10", 5, "X"), tx("b", "2024-01-11", 7, "X"), tx("b", "2024-01-12", 1, "Y")];
    const got = await summaries("edge_orders", rows);
    expect(got.map((r) => r.frequency)).toEqual([1, 2]);
    expect(pick(got, Object.keys(got[0]))).toEqual(pick(memory(rows), Object.keys(got[0])));
  });

  test("rows after asOf fail the query by default, naming the date; afterAsOf: ignore filters them", async () => {
    const rows = [tx("a", "2024-01-10", 10), tx("a", "2024-04-02", 99), tx("b", "2024-02-01", 3)];
    await expect(summaries("edge_after", rows)).rejects.toThrow(/summarySql: a row is dated after asOf 2024-03-31 .*2024-04-02/);
    const got = await duck.query(summarySql({ dialect: "duckdb", table: "edge_after", columns: cols, asOf: "2024-03-31", afterAsOf: "ignore" }));
    expect(pick(got, Object.keys(got[0]))).toEqual(pick(memory(rows, { afterAsOf: "ignore" }), Object.keys(got[0])));
  });

  test("NULL customer ids, dates, amounts and order ids fail the query", async () => {
    const cases: [TxRow, RegExp][] = [
      [{ customerId: null, date: "2024-01-01", amount: 1, orderId: "o" }, /no customer id/],
      [{ customerId: "  ", date: "2024-01-01", amount: 1, orderId: "o" }, /no customer id/],
      [{ customerId: "a", date: null, amount: 1, orderId: "o" }, /no date/],
      [{ customerId: "a", date: "2024-01-01", amount: null, orderId: "o" }, /no amount/],
      [{ customerId: "a", date: "2024-01-01", amount: 1, orderId: null }, /no order id/],
    ];
    for (const [row, message] of cases) {
      await expect(summaries("edge_nulls", [tx("z", "2024-01-01", 5), row])).rejects.toThrow(message);
    }
  });

  test("timestamps: wall-clock TIMESTAMP takes its date part; TIMESTAMPTZ instants become days in timeZone", async () => {
    const instants = ["2024-01-01T23:30:00Z", "2024-01-02T10:00:00Z", "2024-03-30T16:00:00Z"];
    const rows = instants.map((iso, i) => ({ customerId: i === 2 ? "b" : "a", date: iso, amount: 10 + i, orderId: `o${i}` }));
    await duck.loadTransactions("edge_tz", rows, { dateType: "TIMESTAMPTZ" });
    for (const timeZone of ["UTC", "Asia/Tokyo", "America/Sao_Paulo", "Pacific/Apia"]) {
      const got = await duck.query(summarySql({ dialect: "duckdb", table: "edge_tz", columns: cols, asOf: "2024-03-31", timeZone }));
      const lib = summarizeTransactions(
        rows.map((r) => ({ ...r, date: new Date(r.date) })),
        { asOf: "2024-03-31", timeZone, fields: { customerId: "customerId", date: "date", amount: "amount", orderId: "orderId" } },
      ).customers;
      expect(pick(got, Object.keys(got[0])), timeZone).toEqual(pick(lib, Object.keys(got[0])));
    }
    const wall = rows.map((r) => ({ ...r, date: r.date.replace("T", " ").replace("Z", "") }));
    await duck.loadTransactions("edge_wall", wall, { dateType: "TIMESTAMP" });
    const got = await duck.query(summarySql({ dialect: "duckdb", table: "edge_wall", columns: cols, asOf: "2024-03-31" }));
    expect(got.map((r) => r.firstPurchase)).toEqual(["2024-01-01", "2024-03-30"]);
  });

  test("one customer; all values tied; a value on an edge takes the lower score", async () => {
    const base = { dialect: "duckdb" as const, columns: cols, asOf: "2024-03-31" };
    await duck.loadTransactions("edge_one", [tx("solo", "2024-03-01", 12.5)]);
    const one = await duck.query(rfmScoresSql({ ...base, table: "edge_one" }));
    expect(pick(one, ["r", "f", "m", "cell"])).toEqual([{ r: 5, f: 1, m: 1, cell: "511" }]);
    const seg = await duck.query(rfmSegmentsSql({ ...base, table: "edge_one" }));
    expect(seg.map((s) => s.segment)).toEqual(["general_win_back"]);
    const abc = await duck.query(abcClassesSql({ ...base, table: "edge_one" }));
    expect(pick(abc, ["abcClass", "rank", "cumulativeShare"])).toEqual([{ abcClass: "A", rank: 1, cumulativeShare: 1 }]);
    // 1, 2, 3, 4, 5 orders: type-7 edges at 1.8, 2.6, 3.4, 4.2 for 5 bins; 3 bins: 2.333.., 3.666..
    const rows = [1, 2, 3, 4, 5].flatMap((k) => Array.from({ length: k }, (_, j) => tx(`c${k}`, `2024-03-0${j + 1}`, 10)));
    await duck.loadTransactions("edge_ties", rows);
    const scores = await duck.query(rfmScoresSql({ ...base, table: "edge_ties", bins: 2 }));
    // median of frequency is 3: 3 is on the edge and takes the lower score
    expect(scores.map((s) => s.f)).toEqual([1, 1, 1, 2, 2]);
  });

  test("a non-positive total value fails the ABC query, as classifyAbc throws", async () => {
    await duck.loadTransactions("edge_zero", [tx("a", "2024-03-01", 0), tx("b", "2024-03-02", 0)]);
    await expect(duck.query(abcClassesSql({ dialect: "duckdb", table: "edge_zero", columns: cols, asOf: "2024-03-31" }))).rejects.toThrow(
      /abcClassesSql: the total value is not positive/,
    );
    const byCount = await duck.query(abcClassesSql({ dialect: "duckdb", table: "edge_zero", columns: cols, asOf: "2024-03-31", by: "count" }));
    expect(byCount.map((r) => r.abcClass)).toEqual(["A", "A"]);
  });

  test("inline: true gives the same rows as bound parameters", async () => {
    await duck.loadTransactions("edge_inline", [tx("a", "2024-01-10", 10), tx("b", "2024-02-01", 3), tx("c", "2024-03-01", 7)]);
    const base = { dialect: "duckdb" as const, table: "edge_inline", columns: cols, asOf: "2024-03-31" };
    const scoring = { ...base, breaks: { monetary: [5] } };
    expect(await duck.query(rfmScoresSql({ ...scoring, inline: true }))).toEqual(await duck.query(rfmScoresSql(scoring)));
    const abc = { ...base, thresholds: { a: 0.3, b: 0.6 } };
    expect(await duck.query(abcClassesSql({ ...abc, inline: true }))).toEqual(await duck.query(abcClassesSql(abc)));
  });
});

describe("DuckDB: hostile identifiers cannot inject", () => {
  const hostile = ['"; DROP TABLE canary; --', "it's `x`", "a\"b", "select", "名前 with space", "x'); DROP TABLE canary; --"];
  test("columns and table named with quotes, backticks and SQL are quoted, and the rows come out right", async () => {
    await duck.run(`CREATE TABLE canary AS SELECT 1 AS alive`);
    const [c, d, a, o] = hostile;
    const table = hostile[4];
    const q = (s: string) => `"${s.replaceAll('"', '""')}"`;
    await duck.run(`CREATE SCHEMA ${q(hostile[5])}`);
    await duck.loadTransactions(`${q(hostile[5])}.${q(table)}`, [
      { customerId: "x'); DROP TABLE canary; --", date: "2024-01-01", amount: 5, orderId: "1" },
      { customerId: "b", date: "2024-02-01", amount: 7, orderId: "2" },
    ], { columns: [c, d, a, o] });
    const base = { dialect: "duckdb" as const, table: [hostile[5], table], columns: { customerId: c, date: d, amount: a, orderId: o }, asOf: "2024-03-31" };
    for (const make of [summarySql, rfmScoresSql, rfmSegmentsSql, abcClassesSql]) {
      for (const inline of [false, true]) {
        const rows = await duck.query(make({ ...base, inline }));
        expect(rows.map((r) => r.customerId)).toEqual(["b", "x'); DROP TABLE canary; --"]);
      }
    }
    expect(await duck.query({ sql: "SELECT alive FROM canary", params: [], dialect: "duckdb", columns: ["alive"] })).toEqual([{ alive: 1 }]);
  });
});

describe("DuckDB's quantile_cont and the library's type-7 edges", () => {
  // 8 customers with monetary 53.38: the 0.2 quantile sits at h = 7 · 0.2 = 1.4000000000000001 between
  // two equal order statistics; the library gives 53.38, quantile_cont 53.379999999999995
  const rows = Array.from({ length: 8 }, (_, i) => ({ customerId: `c${i}`, date: `2023-0${1 + (i % 8)}-15`, amount: 53.38, orderId: `o${i}` }));
  const base: TransactionSqlOptions = { dialect: "duckdb", table: "tied", columns: { customerId: "customerId", date: "date", amount: "amount", orderId: "orderId" }, asOf: "2023-12-31" };
  test("the default (explicit) edges equal scoreRfm's; quantile_cont's differ in the last bit and move the tied customers", async () => {
    await duck.loadTransactions("tied", rows);
    const summaries = (await duck.query(summarySql(base))) as unknown as CustomerSummary[];
    const library = scoreRfm(summaries).customers;
    const explicit = await duck.query(rfmScoresSql(base));
    expect(pick(explicit, SCORE_FIELDS)).toEqual(pick(library, SCORE_FIELDS));
    const native = await duck.query(rfmScoresSql({ ...base, quantiles: "native" }));
    expect(native.map((r) => r.m)).not.toEqual(explicit.map((r) => r.m));
    const [{ q }] = await duck.query({ sql: "SELECT quantile_cont(x, 0.2) AS q FROM (SELECT 53.38::DOUBLE AS x FROM range(8))", params: [], dialect: "duckdb", columns: [] } as never);
    expect(q).toBe(53.379999999999995);
  });
});
