// abcValuesSql: argument checks, golden SQL of every dialect; run on DuckDB and PostgreSQL (with the
// computed ABC classes it feeds) in conformance.ts (duckdb.test.ts, postgres.test.ts) and here.
import { afterAll, beforeAll, describe, expect, expectTypeOf, test } from "vitest";
import { classifyAbc } from "../../src/index.js";
import { abcClassesSql, abcValuesSql, summarySql, type AbcValuesSqlOptions, type SqlQuery } from "../../src/sql/index.js";
import { argumentTests, asOfTests, base, goldenBase, goldenTests } from "./golden.js";
import { openDuck, pick, type Duck } from "./helpers.js";
import { cdnowRows, CDNOW_ASOF, cols } from "./btydFixtures.js";

describe("abcValuesSql", () => {
  asOfTests("abcValuesSql", (asOf) => abcValuesSql({ ...base(), asOf } as never));
  argumentTests([
    ["unknown option", () => abcValuesSql({ ...base(), by: "count" } as never), TypeError, /^abcValuesSql: options: unknown option "by"/],
  ]);
  goldenTests("abc_values", (d) => abcValuesSql(goldenBase(d)));
  test("types", () => {
    expectTypeOf(abcValuesSql).parameter(0).toEqualTypeOf<AbcValuesSqlOptions>();
    expectTypeOf(abcValuesSql).returns.toEqualTypeOf<SqlQuery>();
  });
});

let duck: Duck;
beforeAll(async () => {
  duck = await openDuck();
});
afterAll(() => duck.conn.closeSync());

describe("abcValuesSql on DuckDB: CDNOW sample", () => {
  test("the histogram holds every customer's value; computed ABC classes equal classifyAbc on the SQL summaries", async () => {
    await duck.loadTransactions("cdnow_abc", cdnowRows());
    const tx = { dialect: "duckdb" as const, table: "cdnow_abc", columns: cols, asOf: CDNOW_ASOF };
    const summaries = await duck.query(summarySql(tx));
    const values = (await duck.query(abcValuesSql(tx))).map((r) => ({ value: Number(r.value), customers: Number(r.customers) }));
    expect(values.reduce((n, r) => n + r.customers, 0)).toBe(summaries.length);
    expect(values.length).toBeLessThan(summaries.length); // repeated values (one-CD customers) share a row
    const got = await duck.query(abcClassesSql({ ...tx, method: "computed", values }));
    const lib = classifyAbc(summaries, { method: "computed" });
    const fields = ["customerId", "value", "abcClass", "rank"];
    expect(pick(got, fields)).toEqual(pick(lib.customers, fields));
    expect(new Set(got.map((r) => r.abcClass))).toEqual(new Set(["A", "B", "C"]));
  });
});
