// What every SQL emitter shares (no database needed): identifier quoting per dialect, values as
// parameters or literals, purity. Each function's own argument checks and golden files are in its file.
import { describe, expect, test } from "vitest";
import { abcClassesSql, rfmScoresSql, summarySql, type SqlDialect, type TransactionSqlOptions } from "../../src/sql/index.js";
import { deepFreeze } from "../helpers/arbitraries.js";

const base = (dialect: SqlDialect = "duckdb"): TransactionSqlOptions => ({
  dialect,
  table: "orders",
  columns: { customerId: "cust", date: "day", amount: "amount" },
  asOf: "2024-06-30",
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
