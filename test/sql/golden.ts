// Golden files: the exact SQL emitted for each dialect (test/fixtures/sql/*.sql). Spark SQL and
// BigQuery cannot run here, so their text was reviewed by hand against the engines' documentation
// (see docs/sql.md); DuckDB and PostgreSQL text is also executed by the engine tests.
// UPDATE_GOLDEN=1 npx vitest run test/sql rewrites the files after a deliberate change.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { expect, test } from "vitest";
import { AnalyticsInputError } from "../../src/errors.js";
import type { SqlDialect, SqlQuery, TransactionSqlOptions } from "../../src/sql/index.js";
import { fixturePath } from "../helpers/csv.js";

export const DIALECTS: readonly SqlDialect[] = ["duckdb", "postgres", "spark", "bigquery"];

/** The transaction table of the golden files. */
export const goldenBase = (dialect: SqlDialect): TransactionSqlOptions => ({
  dialect,
  table: ["shop", "orders"],
  columns: { customerId: "customer_id", date: "ordered_at", amount: "amount", orderId: "order_id" },
  asOf: "2024-06-30",
});

/** The options of the argument checks. */
export const base = (dialect: SqlDialect = "duckdb"): TransactionSqlOptions => ({
  dialect,
  table: "orders",
  columns: { customerId: "cust", date: "day", amount: "amount" },
  asOf: "2024-06-30",
});

const render = (q: SqlQuery) => `-- params: ${JSON.stringify(q.params)}\n-- columns: ${JSON.stringify(q.columns)}\n${q.sql}`;

/** One test per dialect comparing the emitted SQL with `test/fixtures/sql/<name>.<dialect>.sql`. */
export function goldenTests(name: string, make: (dialect: SqlDialect) => SqlQuery): void {
  for (const dialect of DIALECTS) {
    test(`golden file ${name}.${dialect}.sql`, () => {
      const path = fixturePath(`sql/${name}.${dialect}.sql`);
      const text = render(make(dialect));
      // a missing golden file is written for review locally, but is a failure in CI (nothing to compare)
      if (!existsSync(path) && process.env.CI === "true") throw new Error(`${path} is missing: run the golden tests locally and commit the file`);
      if (process.env.UPDATE_GOLDEN === "1" || !existsSync(path)) writeFileSync(path, text);
      expect(text).toBe(readFileSync(path, "utf8"));
    });
  }
}

/** Argument checks: each call throws `type` with a message matching `message`. */
export function argumentTests(cases: readonly [string, () => unknown, ErrorConstructor, RegExp][]): void {
  for (const [name, call, type, message] of cases) {
    test(`bad argument: ${name}`, () => {
      expect(call).toThrow(type);
      expect(call).toThrow(message);
    });
  }
}

/**
 * `asOf` as data, as the library's readers report it: missing, null, unreadable, impossible, an
 * or invalid Date is an `AnalyticsInputError` with code `invalid_as_of` at
 * `["options", "asOf"]`, naming the function (docs/errors.md).
 */
export function asOfTests(fn: string, make: (asOf: unknown) => unknown): void {
  const cases: [string, unknown][] = [
    ["missing", undefined],
    ["null", null],
    ["impossible", "2023-02-30"],
    ["with a quote", "2024-01-01'); --"],
    ["invalid Date", new Date(Number.NaN)],
    ["a boolean", true],
  ];
  for (const [name, asOf] of cases) {
    test(`asOf ${name}: invalid_as_of at ["options", "asOf"]`, () => {
      let error: unknown;
      try {
        make(asOf);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(AnalyticsInputError);
      expect(error).toMatchObject({ code: "invalid_as_of", issues: [expect.objectContaining({ code: "invalid_as_of", path: ["options", "asOf"] })] });
      expect((error as Error).message).toMatch(new RegExp(`^${fn}: options\\.asOf: `));
    });
  }
}
