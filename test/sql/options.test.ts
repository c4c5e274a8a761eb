// Argument checks, identifier quoting and parameters of the SQL emitters (no database needed).
import { describe, expect, test } from "vitest";
import { abcClassesSql, rfmScoresSql, rfmSegmentsSql, summarySql, type SqlDialect, type TransactionSqlOptions } from "../../src/sql/index.js";
import { deepFreeze } from "../helpers/arbitraries.js";

const base = (dialect: SqlDialect = "duckdb"): TransactionSqlOptions => ({
  dialect,
  table: "orders",
  columns: { customerId: "cust", date: "day", amount: "amount" },
  asOf: "2024-06-30",
});

describe("bad arguments are RangeError/TypeError prefixed with the function name", () => {
  const cases: [string, () => unknown, ErrorConstructor, RegExp][] = [
    ["unknown dialect", () => summarySql({ ...base(), dialect: "mysql" as SqlDialect }), RangeError, /^summarySql: options\.dialect/],
    ["missing columns", () => summarySql({ ...base(), columns: undefined as never }), TypeError, /^summarySql: options\.columns/],
    ["unknown option", () => summarySql({ ...base(), bins: 3 } as never), TypeError, /^summarySql: options: unknown option "bins"/],
    ["dotted table string", () => summarySql({ ...base(), table: "shop.orders" }), RangeError, /^summarySql: table "shop\.orders" contains a dot; give qualified names as parts/],
    ["NUL in a column", () => summarySql({ ...base(), columns: { customerId: "a\u0000b", date: "d", amount: "a" } }), RangeError, /^summarySql: columns\.customerId must not contain control characters/],
    ["newline in a table part", () => summarySql({ ...base(), table: ["s", "t\n; DROP"] }), RangeError, /^summarySql: table\[1\] must not contain control characters/],
    ["empty column", () => summarySql({ ...base(), columns: { customerId: "", date: "d", amount: "a" } }), TypeError, /^summarySql: columns\.customerId must be a non-empty identifier/],
    ["long PostgreSQL identifier", () => summarySql({ ...base("postgres"), columns: { customerId: "x".repeat(64), date: "d", amount: "a" } }), RangeError, /63-byte identifier limit/],
    ["impossible asOf", () => summarySql({ ...base(), asOf: "2023-02-30" }), RangeError, /^summarySql: asOf must be a real calendar date/],
    ["asOf with a quote", () => summarySql({ ...base(), asOf: "2024-01-01'); --" }), RangeError, /^summarySql: asOf must be a real calendar date/],
    ["invalid Date", () => summarySql({ ...base(), asOf: new Date(Number.NaN) }), TypeError, /^summarySql: options\.asOf/],
    ["unknown time zone", () => summarySql({ ...base(), timeZone: "Mars/Olympus" }), RangeError, /^summarySql: timeZone must be an IANA time zone name/],
    ["zone with a quote", () => summarySql({ ...base(), timeZone: "UTC' OR 1=1" }), RangeError, /^summarySql: timeZone must be an IANA/],
    ["amountScale 12", () => summarySql({ ...base(), amountScale: 12 }), RangeError, /^summarySql: options\.amountScale/],
    ["empty query", () => summarySql({ ...base(), table: { query: "  " } }), RangeError, /^summarySql: table\.query must be a non-empty SELECT/],
    ["bins 1", () => rfmScoresSql({ ...base(), bins: 1 }), RangeError, /^rfmScoresSql: options\.bins/],
    ["r-rfm method", () => rfmScoresSql({ ...base(), method: "r-rfm" as never }), RangeError, /^rfmScoresSql: options\.method/],
    ["breaks not increasing", () => rfmScoresSql({ ...base(), breaks: { recency: [30, 10] } }), RangeError, /^rfmScoresSql: breaks\.recency must be strictly increasing/],
    ["bad thresholds", () => rfmSegmentsSql({ ...base(), thresholds: "mode" as never }), TypeError, /^rfmSegmentsSql: options\.thresholds/],
    ["a above b", () => abcClassesSql({ ...base(), thresholds: { a: 0.9, b: 0.8 } }), RangeError, /^abcClassesSql: thresholds\.a must be below thresholds\.b/],
    ["threshold above 1", () => abcClassesSql({ ...base(), thresholds: { a: 0.5, b: 1.5 } }), RangeError, /^abcClassesSql: options\.thresholds\.b/],
  ];
  for (const [name, call, type, message] of cases) {
    test(name, () => {
      expect(call).toThrow(type);
      expect(call).toThrow(message);
    });
  }
});

describe("identifiers are quoted per dialect", () => {
  const hostile = ['"; DROP TABLE x; --', "back`tick", "it's", "back\\slash"];
  const make = (dialect: SqlDialect) =>
    summarySql({ ...base(dialect), table: ["my-project", hostile[0]], columns: { customerId: hostile[1], date: hostile[2], amount: hostile[3] } }).sql;
  test("DuckDB and PostgreSQL: double quotes, doubled inside", () => {
    for (const dialect of ["duckdb", "postgres"] as const) {
      const sql = make(dialect);
      expect(sql).toContain(`FROM "my-project"."""; DROP TABLE x; --"`);
      expect(sql).toContain(`CAST("back\`tick" AS`);
      expect(sql).toContain(`"it's"`);
      expect(sql).toContain(`"back\\slash"`);
    }
  });
  test("Spark: backticks, doubled inside", () => {
    const sql = make("spark");
    expect(sql).toContain("FROM `my-project`.`\"; DROP TABLE x; --`");
    expect(sql).toContain("CAST(`back``tick` AS STRING)");
    expect(sql).toContain("`it's`");
  });
  test("BigQuery: backticks, backslash escapes inside", () => {
    const sql = make("bigquery");
    expect(sql).toContain("FROM `my-project`.`\"; DROP TABLE x; --`");
    expect(sql).toContain("CAST(`back\\`tick` AS STRING)");
    expect(sql).toContain("`back\\\\slash`");
  });
  test("result columns are the library's field names, quoted", () => {
    expect(summarySql(base("postgres")).sql).toContain('AS "averageOrderValue"');
    expect(summarySql(base("spark")).sql).toContain("AS `averageOrderValue`");
  });
});

describe("values are parameters (or literals with inline)", () => {
  test("placeholders per dialect; asOf appears only as a parameter", () => {
    const expectations: Record<SqlDialect, string> = { duckdb: "CAST($1 AS DATE)", postgres: "CAST($1 AS DATE)", spark: "CAST(:asOf AS DATE)", bigquery: "CAST(@asOf AS DATE)" };
    for (const [dialect, placeholder] of Object.entries(expectations) as [SqlDialect, string][]) {
      const q = abcClassesSql({ ...base(dialect), thresholds: { a: 0.7, b: 0.9 }, timeZone: "Asia/Shanghai" });
      expect(q.sql).toContain(placeholder);
      expect(q.params).toEqual([
        { name: "asOf", index: 1, value: "2024-06-30", type: "DATE" },
        { name: "timeZone", index: 2, value: "Asia/Shanghai", type: "TEXT" },
        { name: "thresholdA", index: 3, value: 0.7, type: "DOUBLE" },
        { name: "thresholdB", index: 4, value: 0.9, type: "DOUBLE" },
      ]);
      expect(q.sql).not.toContain("0.7");
    }
  });
  test("inline: dates and numbers as literals, no parameters", () => {
    const q = rfmScoresSql({ ...base("bigquery"), inline: true, breaks: { monetary: [0.1, 1e21] }, asOf: new Date(Date.UTC(2024, 5, 30, 23, 59)) });
    expect(q.params).toEqual([]);
    expect(q.sql).toContain("DATE '2024-06-30'");
    expect(q.sql).toContain("CAST('0.1' AS FLOAT64)");
    expect(q.sql).toContain("CAST('1e+21' AS FLOAT64)");
  });
  test("pure: frozen options are not mutated and the same options give the same SQL", () => {
    const options = deepFreeze({ ...base("spark"), table: ["a", "b"], bins: { recency: 4 }, breaks: { monetary: [10, 20] } });
    expect(rfmScoresSql(options)).toEqual(rfmScoresSql(options));
  });
});
