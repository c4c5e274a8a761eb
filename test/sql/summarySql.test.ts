// summarySql: argument checks, the golden SQL of every dialect, types. Run on real engines in
// duckdb.test.ts, duckdb.prop.test.ts and postgres.test.ts.
import { describe, expect, expectTypeOf, test } from "vitest";
import { summarySql, type SummarySqlOptions, type SqlDialect, type SqlQuery } from "../../src/sql/index.js";
import { argumentTests, asOfTests, base, goldenBase, goldenTests } from "./golden.js";

describe("summarySql", () => {
  asOfTests("summarySql", (asOf) => summarySql({ ...base(), asOf } as never));
  argumentTests([
    ["unknown dialect", () => summarySql({ ...base(), dialect: "mysql" as SqlDialect }), RangeError, /^summarySql: options\.dialect/],
    ["missing columns", () => summarySql({ ...base(), columns: undefined as never }), TypeError, /^summarySql: options\.columns/],
    ["unknown option", () => summarySql({ ...base(), bins: 3 } as never), TypeError, /^summarySql: options: unknown option "bins"/],
    ["dotted table string", () => summarySql({ ...base(), table: "shop.orders" }), RangeError, /^summarySql: table "shop\.orders" contains a dot; give qualified names as parts/],
    ["NUL in a column", () => summarySql({ ...base(), columns: { customerId: "a\u0000b", date: "d", amount: "a" } }), RangeError, /^summarySql: columns\.customerId must not contain control characters/],
    ["newline in a table part", () => summarySql({ ...base(), table: ["s", "t\n; DROP"] }), RangeError, /^summarySql: table\[1\] must not contain control characters/],
    ["empty column", () => summarySql({ ...base(), columns: { customerId: "", date: "d", amount: "a" } }), TypeError, /^summarySql: columns\.customerId must be a non-empty identifier/],
    ["long PostgreSQL identifier", () => summarySql({ ...base("postgres"), columns: { customerId: "x".repeat(64), date: "d", amount: "a" } }), RangeError, /63-byte identifier limit/],
    ["unknown time zone", () => summarySql({ ...base(), timeZone: "Mars/Olympus" }), RangeError, /^summarySql: timeZone must be an IANA time zone name/],
    ["zone with a quote", () => summarySql({ ...base(), timeZone: "UTC' OR 1=1" }), RangeError, /^summarySql: timeZone must be an IANA/],
    ["amountScale 12", () => summarySql({ ...base(), amountScale: 12 }), RangeError, /^summarySql: options\.amountScale/],
    ["empty query", () => summarySql({ ...base(), table: { query: "  " } }), RangeError, /^summarySql: table\.query must be a non-empty SELECT/],
  ]);

  test("asOf is read as the library reads it: an instant takes its day in timeZone (UTC without one)", () => {
    const late = new Date(Date.UTC(2024, 5, 30, 23, 30));
    const asOfParam = (q: SqlQuery) => q.params.find((p) => p.name === "asOf")!.value;
    expect(asOfParam(summarySql({ ...base(), asOf: late }))).toBe("2024-06-30");
    expect(asOfParam(summarySql({ ...base(), asOf: late, timeZone: "Asia/Shanghai" }))).toBe("2024-07-01");
    expect(asOfParam(summarySql({ ...base(), asOf: "2024-06-30T23:30:00Z", timeZone: "Asia/Shanghai" }))).toBe("2024-07-01");
    expect(asOfParam(summarySql({ ...base(), asOf: "2024-06-30" , timeZone: "Asia/Shanghai" }))).toBe("2024-06-30");
  });

  goldenTests("summary", (d) => summarySql(goldenBase(d)));
  goldenTests("summary_timezone_ignore", (d) => summarySql({ ...goldenBase(d), timeZone: "Asia/Shanghai", afterAsOf: "ignore", refunds: "exclude", monetary: "mean" }));

  test("types: options and result", () => {
    expectTypeOf(summarySql).parameter(0).toEqualTypeOf<SummarySqlOptions>();
    expectTypeOf(summarySql).returns.toEqualTypeOf<SqlQuery>();
    expectTypeOf<SummarySqlOptions["dialect"]>().toEqualTypeOf<SqlDialect>();
  });
  test("result columns are the fields of CustomerSummary, in order", () => {
    expect(summarySql(base()).columns).toEqual(["customerId", "firstPurchase", "lastPurchase", "recencyDays", "frequency", "monetary", "tenureDays", "averageOrderValue"]);
  });
});
