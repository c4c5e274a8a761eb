// Golden files: the exact SQL emitted for each dialect (test/fixtures/sql/*.sql). Spark SQL and
// BigQuery cannot run here, so their text was reviewed by hand against the engines' documentation
// (see docs/sql.md); DuckDB and PostgreSQL text is also executed by the other tests.
// UPDATE_GOLDEN=1 npx vitest run test/sql/golden.test.ts rewrites the files after a deliberate change.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { expect, test } from "vitest";
import { abcClassesSql, rfmScoresSql, rfmSegmentsSql, summarySql, type SqlDialect, type SqlQuery, type TransactionSqlOptions } from "../../src/sql/index.js";
import { fixturePath } from "../helpers/csv.js";

const DIALECTS: SqlDialect[] = ["duckdb", "postgres", "spark", "bigquery"];
const base = (dialect: SqlDialect): TransactionSqlOptions => ({
  dialect,
  table: ["shop", "orders"],
  columns: { customerId: "customer_id", date: "ordered_at", amount: "amount", orderId: "order_id" },
  asOf: "2024-06-30",
});

const CASES: Record<string, (d: SqlDialect) => SqlQuery> = {
  summary: (d) => summarySql(base(d)),
  summary_timezone_ignore: (d) => summarySql({ ...base(d), timeZone: "Asia/Shanghai", afterAsOf: "ignore", refunds: "exclude", monetary: "mean" }),
  scores: (d) => rfmScoresSql(base(d)),
  scores_rank_breaks: (d) => rfmScoresSql({ ...base(d), method: "rank", bins: { recency: 10 }, breaks: { monetary: [100, 500] } }),
  segments: (d) => rfmSegmentsSql({ ...base(d), labels: true }),
  segments_scores_median: (d) => rfmSegmentsSql({ ...base(d), basis: "scores", thresholds: "median", ties: "high" }),
  abc: (d) => abcClassesSql(base(d)),
};

const render = (q: SqlQuery) => `-- params: ${JSON.stringify(q.params)}\n-- columns: ${JSON.stringify(q.columns)}\n${q.sql}`;

for (const [name, make] of Object.entries(CASES)) {
  for (const dialect of DIALECTS) {
    test(`${name}.${dialect}.sql`, () => {
      const path = fixturePath(`sql/${name}.${dialect}.sql`);
      const text = render(make(dialect));
      // a missing golden file is written for review locally, but is a failure in CI (nothing to compare)
      if (!existsSync(path) && process.env.CI === "true") throw new Error(`${path} is missing: run the golden tests locally and commit the file`);
      if (process.env.UPDATE_GOLDEN === "1" || !existsSync(path)) writeFileSync(path, text);
      expect(text).toBe(readFileSync(path, "utf8"));
    });
  }
}
