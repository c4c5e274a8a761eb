import { z } from "zod";
import { AnalyticsInputError, describeValue, inputIssue, isAnalyticsInputError } from "../errors.js";
import type { FitDiagnostics } from "../internal/bfgs.js";
import { defineOptions, parseOptions } from "../options.js";
import { groupTriples, predictTriples, readBtydCustomers, type BtydCustomer } from "../models/btydInput.js";
import { predictedClv, type PredictedClvPurchases } from "../models/predictedClv.js";
import { purchaseKernel } from "../models/purchaseModel.js";
import type { GammaGammaFit } from "../models/gammaGamma.js";
import type { BgNbdParams, GammaGammaParams, PurchaseModel } from "../models/types.js";
import { SqlContext, prepare, transactionSqlOptionsSchema, withCtes } from "./builder.js";
import { btydCtes, btydPeriodShape, type BtydSummarySqlOptions } from "./btydSummarySql.js";
import { rejectMonetary } from "./periodIndicatorsSql.js";
import type { SqlDialect, SqlQuery, SqlSource } from "./types.js";

/** A per-customer table of your own (for example `btydSummarySql`'s result, stored): where its fields are. */
export interface BtydCustomersTable {
  table: SqlSource;
  /** Column names of the customer id, frequency, recency, T and (for CLV) monetaryValue, in the fits' time unit. */
  columns: { customerId: string; frequency: string; recency: string; T: string; monetaryValue?: string };
}

/** What the predictions are: the fitted models, the triples to predict for, the horizon and CLV's terms. */
export interface BtydPredictionOptions {
  /** A purchase fit or model, as `predictedClv` takes it (`fitBgNbd(...)`, `{ model: "pareto-nbd", ...fit }`, BG/NBD parameters). */
  purchases: PredictedClvPurchases;
  /** A Gamma-Gamma fit or its parameters: adds `monetaryValue`, `expectedSpend` and `clv` (needs `clv.periodsPerMonth`). */
  gammaGamma?: GammaGammaParams | GammaGammaFit;
  /**
   * The distinct (frequency, recency, T) the customers have, e.g. the rows of `btydTriplesSql` (any
   * other fields are ignored; repeated triples are computed once). A customer whose triple is not
   * here fails the query.
   */
  triples: Iterable<BtydCustomer>;
  /** Horizon of `expectedPurchases`, in the triples' time unit (≥ 0). */
  t: number;
  /** CLV's terms, as `predictedClv` (required with `gammaGamma`). */
  clv?: { months?: number; monthlyDiscountRate?: number; periodsPerMonth: number };
  /** Use fits whose `diagnostics.converged` is false (default false: refused with `fit_not_converged`). */
  allowUnconverged?: boolean;
  /**
   * Triples per query (default 50,000; 5,000 for BigQuery, whose query text is limited to 1 MB).
   * More triples give more queries, each covering its own range of (frequency, recency, T).
   */
  batchSize?: number;
}

/**
 * Options of {@link btydPredictionsSql}: the customers, as `btydSummarySql` reads them from the
 * transactions or from a `customers` table of yours, and the predictions.
 */
export type BtydPredictionsSqlOptions =
  | (Omit<BtydSummarySqlOptions, "calibrationEnd"> & BtydPredictionOptions & { customers?: undefined })
  | ({ dialect: SqlDialect; customers: BtydCustomersTable; inline?: boolean } & BtydPredictionOptions);

const clvShape = z
  .object({
    months: z.number().int().min(1).max(1200).optional(),
    monthlyDiscountRate: z.number().gt(-1).optional(),
    periodsPerMonth: z.number().positive(),
  })
  .strict();

const predictionShape = {
  purchases: z.custom<PredictedClvPurchases>((v) => typeof v === "object" && v !== null, { error: "expected a purchase fit, model or BG/NBD parameters" }),
  gammaGamma: z.custom<GammaGammaParams | GammaGammaFit>((v) => typeof v === "object" && v !== null, { error: "expected a Gamma-Gamma fit or parameters" }).optional(),
  triples: z.custom<Iterable<BtydCustomer>>((v) => typeof v === "object" && v !== null && Symbol.iterator in v, { error: "expected an iterable of (frequency, recency, T) records" }),
  t: z.number().min(0, { error: "expected the horizon, a finite number >= 0" }),
  clv: clvShape.optional(),
  allowUnconverged: z.boolean().optional(),
  batchSize: z.number().int().min(1).max(1_000_000).optional(),
};

const customersSchema = defineOptions<{ dialect: SqlDialect; customers: BtydCustomersTable; inline?: boolean } & BtydPredictionOptions>()({
  dialect: transactionSqlOptionsSchema.shape.dialect,
  customers: z
    .object({
      table: transactionSqlOptionsSchema.shape.table,
      columns: z.object({ customerId: z.string(), frequency: z.string(), recency: z.string(), T: z.string(), monetaryValue: z.string().optional() }).strict(),
    })
    .strict(),
  inline: z.boolean().optional(),
  ...predictionShape,
});

/** Result columns of {@link btydPredictionsSql} (the last three with `gammaGamma`). */
export const BTYD_PREDICTIONS_SQL_COLUMNS = Object.freeze(["customerId", "frequency", "recency", "T", "pAlive", "expectedPurchases", "monetaryValue", "expectedSpend", "clv"] as const);

/** Per distinct triple: P(alive), expected purchases and the discounted purchases CLV multiplies the spend by. */
interface TriplePredictions {
  x: Float64Array;
  tx: Float64Array;
  T: Float64Array;
  alive: Float64Array;
  purchases: Float64Array;
  /** CLV / expected spend (null without Gamma-Gamma). */
  discounted: Float64Array | null;
}

function predictAll(fn: string, o: z.output<z.ZodObject<typeof predictionShape>>): { pred: TriplePredictions; gg: GammaGammaParams | null } {
  const given = o.purchases as Partial<PurchaseModel> & { diagnostics?: FitDiagnostics; params?: unknown };
  const model: PurchaseModel = "model" in given ? (given as PurchaseModel) : "params" in given ? { model: "bg-nbd", params: given.params as BgNbdParams } : { model: "bg-nbd", params: o.purchases as BgNbdParams };
  const kernel = purchaseKernel(fn, model, "purchases.params");
  if (!o.allowUnconverged && given.diagnostics?.converged === false) {
    throw new AnalyticsInputError(fn, [inputIssue("fit_not_converged", ["purchases"], `the ${kernel.fit.model} fit: ${given.diagnostics.message}; refit, or pass allowUnconverged: true to use it anyway`)]);
  }
  const raw = readBtydCustomers(fn, o.triples);
  const g = groupTriples(raw.x, raw.tx, raw.T, undefined, false); // the predictions go out per triple: no customer's group
  const { alive, purchases } = predictTriples(fn, g, o.t, kernel.pAlive, kernel.expected);
  // sorted by (frequency, recency, T): batches cover ranges of triples
  const order = Array.from(g.x.keys()).sort((a, b) => g.x[a] - g.x[b] || g.tx[a] - g.tx[b] || g.T[a] - g.T[b]);
  const pick = (c: Float64Array) => Float64Array.from(order, (k) => c[k]);
  const pred: TriplePredictions = { x: pick(g.x), tx: pick(g.tx), T: pick(g.T), alive: pick(alive), purchases: pick(purchases), discounted: null };
  if (o.gammaGamma === undefined) {
    if (o.clv !== undefined) throw new TypeError(`${fn}: options.clv needs options.gammaGamma (CLV is expected spend times discounted purchases)`);
    return { pred, gg: null };
  }
  if (o.clv === undefined) throw new TypeError(`${fn}: options.clv is required with gammaGamma ({ periodsPerMonth, months?, monthlyDiscountRate? }, as predictedClv)`);
  // predictedClv's own definition, per triple: with monetaryValue 0 each record's CLV is its spend
  // (p·v / (p·x + q − 1), never 0) times the triple's discounted expected purchases, recovered by division
  const records = Array.from(pred.x, (x, k) => ({ frequency: x, recency: pred.tx[k], T: pred.T[k], monetaryValue: 0 }));
  let res: ReturnType<typeof predictedClv>;
  try {
    res = predictedClv(o.purchases, o.gammaGamma, records, { ...o.clv, allowUnconverged: o.allowUnconverged });
  } catch (error) {
    // predictedClv's checks (Gamma-Gamma parameters, q ≤ 1, a value beyond a double), named as this function's
    if (isAnalyticsInputError(error)) throw new AnalyticsInputError(fn, error.issues);
    if ((error instanceof RangeError || error instanceof TypeError) && error.message.startsWith("predictedClv: ")) {
      throw new (error instanceof RangeError ? RangeError : TypeError)(`${fn}: ${error.message.slice("predictedClv: ".length)}`);
    }
    throw error;
  }
  pred.discounted = Float64Array.from(res.customers, (c) => c.clv / c.expectedSpend);
  return { pred, gg: res.meta.gammaGamma };
}

/** Shortest round-trip text of a double, as a string literal (cast to DOUBLE once in the query). */
const num = (v: number) => `'${String(v)}'`;

/**
 * The batch's triples and predictions as one text literal, rows split on `;` and fields on `,` by the
 * engine (shortest round-trip texts of the doubles, cast to DOUBLE once: the same doubles). DuckDB
 * parses a VALUES list of 20,000 rows in about 4 s, this literal in 0.3 s.
 */
function valuesCte(ctx: SqlContext, pred: TriplePredictions, from: number, to: number): string {
  const d = ctx.d;
  const withClv = pred.discounted !== null;
  const names = ["frequency", "recency", "t_age", "p_alive", "expected", ...(withClv ? ["discounted"] : [])];
  const rows: string[] = [];
  for (let k = from; k < to; k++) {
    const v = [pred.x[k], pred.tx[k], pred.T[k], pred.alive[k], pred.purchases[k], ...(withClv ? [pred.discounted![k]] : [])];
    rows.push(v.map(String).join(","));
  }
  // our own text: digits, '.', 'e', '+', '-', ',' and ';' only
  const text = ctx.literal(rows.join(";"));
  let split: string;
  let field: (k: number) => string;
  switch (d.name) {
    case "duckdb":
      split = `SELECT UNNEST(string_split(${text}, ';')) AS crm_row`;
      field = (k) => `string_split(crm_row, ',')[${k + 1}]`;
      break;
    case "postgres":
      split = `SELECT unnest(string_to_array(${text}, ';')) AS crm_row`;
      field = (k) => `split_part(crm_row, ',', ${k + 1})`;
      break;
    case "spark":
      split = `SELECT explode(split(${text}, ';')) AS crm_row`;
      field = (k) => `split(crm_row, ',')[${k}]`;
      break;
    default:
      split = `SELECT crm_row FROM UNNEST(SPLIT(${text}, ';')) AS crm_row`;
      field = (k) => `SPLIT(crm_row, ',')[OFFSET(${k})]`;
  }
  const cast = names.map((n, k) => `CAST(${field(k)} AS ${k === 0 ? d.int : d.double}) AS ${n}`);
  return [`crm_pred AS (`, `  SELECT ${cast.join(", ")}`, `  FROM (`, `    ${split}`, `  ) AS crm_values`, `)`].join("\n");
}

/** (f, r, t) ≥ the triple k (lexicographic), for the batch ranges. */
function atLeast(ctx: SqlContext, pred: TriplePredictions, k: number): string {
  const dbl = (v: number) => `CAST(${num(v)} AS ${ctx.d.double})`;
  const [f, r, t] = [String(pred.x[k]), dbl(pred.tx[k]), dbl(pred.T[k])];
  return `(c.frequency > ${f} OR (c.frequency = ${f} AND (c.recency > ${r} OR (c.recency = ${r} AND c.t_age >= ${t}))))`;
}

/**
 * SQL that joins each customer to the predictions of their (frequency, recency, T) triple: P(alive),
 * the purchases expected in the next `t` time units and, with a Gamma-Gamma model, the expected spend
 * and CLV, so that per-customer predictions never leave the warehouse. The library computes the
 * predictions once per distinct triple (from `btydTriplesSql`'s rows) and writes them into the query as
 * a table of values; the customers come from the transactions (`btydSummarySql`'s options) or from a
 * `customers` table of yours. Values equal `predictBgNbd` / `predictParetoNbd` / `predictModifiedBgNbd`
 * (identical doubles) and `predictedClv` (CLV = expected spend × the triple's discounted purchases, to
 * 1e-15 relative) on the same records. Many triples make several queries (`batchSize`), each returning
 * the customers of its range of triples; a customer whose triple was not given fails the query.
 *
 * @returns One `{ sql, params, dialect, columns }` per batch of triples (in order; run them all, or
 *   `INSERT INTO ... <query>` each); rows ordered by `customerId`.
 * @throws {TypeError | RangeError} On bad options, prefixed `btydPredictionsSql:` (those of
 *   `btydSummarySql`, a bad model, `clv` without `gammaGamma` or the reverse, a prediction not computable).
 * @throws {AnalyticsInputError} Bad triples (as `BtydCustomer` records), a fit that did not converge.
 *
 * @example
 * const [q] = btydPredictionsSql({
 *   dialect: "postgres",
 *   customers: { table: ["analytics", "btyd_summary"], columns: { customerId: "customer_id", frequency: "frequency", recency: "recency", T: "t" } },
 *   purchases: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 },
 *   triples: [{ frequency: 0, recency: 0, T: 38 }, { frequency: 2, recency: 30, T: 38, count: 12 }],
 *   t: 4,
 * });
 * q.columns; //=> ["customerId", "frequency", "recency", "T", "pAlive", "expectedPurchases"]
 * q.sql.includes("unnest(string_to_array('0,0,38,"); //=> true
 *
 * @see Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). "Counting your customers" the easy way: an
 *   alternative to the Pareto/NBD model. Marketing Science 24(2), 275–284.
 */
export function btydPredictionsSql(options: BtydPredictionsSqlOptions): SqlQuery[] {
  const fn = "btydPredictionsSql";
  const own = (options as { customers?: unknown } | null)?.customers !== undefined;
  let make: () => { ctx: SqlContext; ctes: string[]; monetary: boolean };
  let o: z.output<z.ZodObject<typeof predictionShape>>;
  let dialect: SqlDialect;
  if (own) {
    const opts = parseOptions(fn, customersSchema, options);
    o = opts;
    dialect = opts.dialect;
    const cols = opts.customers.columns;
    make = () => {
      const ctx = new SqlContext(fn, opts.dialect, opts.inline ?? false);
      const d = ctx.d;
      const q = (c: string, what: string) => ctx.ident(c, `customers.columns.${what}`);
      const m = cols.monetaryValue === undefined ? `CAST(NULL AS ${d.double})` : `CAST(${q(cols.monetaryValue, "monetaryValue")} AS ${d.double})`;
      const cte = [
        `crm_btyd AS (`,
        `  SELECT CAST(${q(cols.customerId, "customerId")} AS ${d.text}) AS customer_id, CAST(${q(cols.frequency, "frequency")} AS ${d.int}) AS frequency,`,
        `    CAST(${q(cols.recency, "recency")} AS ${d.double}) AS recency, CAST(${q(cols.T, "T")} AS ${d.double}) AS t_age, ${m} AS monetary_value`,
        `  FROM ${ctx.source(opts.customers.table)}`,
        `)`,
      ].join("\n");
      return { ctx, ctes: [cte], monetary: cols.monetaryValue !== undefined };
    };
  } else {
    rejectMonetary(fn, options);
    const first = prepare<Omit<BtydSummarySqlOptions, "calibrationEnd"> & BtydPredictionOptions, typeof btydPeriodShape & typeof predictionShape>(fn, options, { ...btydPeriodShape, ...predictionShape });
    o = first.opts;
    dialect = first.opts.dialect;
    btydCtes(first.ctx, first.opts); // checks asOf and the columns before any prediction is computed
    make = () => {
      const { ctx, opts } = prepare<Omit<BtydSummarySqlOptions, "calibrationEnd"> & BtydPredictionOptions, typeof btydPeriodShape & typeof predictionShape>(fn, options, { ...btydPeriodShape, ...predictionShape });
      return { ctx, ctes: btydCtes(ctx, opts), monetary: true };
    };
  }
  if (o.gammaGamma !== undefined && own && (options as { customers: BtydCustomersTable }).customers.columns.monetaryValue === undefined) {
    throw new TypeError(`${fn}: customers.columns.monetaryValue is required with gammaGamma (CLV needs each customer's mean spend)`);
  }
  const { pred, gg } = predictAll(fn, o);
  const n = pred.x.length;
  const size = o.batchSize ?? (dialect === "bigquery" ? 5_000 : 50_000);
  const queries: SqlQuery[] = [];
  for (let from = 0; from < n; from += size) {
    const to = Math.min(n, from + size);
    const { ctx, ctes } = make();
    const d = ctx.d;
    const a = (name: string) => ctx.alias(name);
    ctes.push(valuesCte(ctx, pred, from, to));
    // the first batch also takes customers with a NULL in the key (they fail the query there)
    const nulls = "c.frequency IS NULL OR c.recency IS NULL OR c.t_age IS NULL";
    const range = [from > 0 ? atLeast(ctx, pred, from) : null, to < n ? `(NOT ${atLeast(ctx, pred, to)}${from === 0 ? ` OR ${nulls}` : ""})` : null].filter((s) => s !== null);
    const missing = ctx.raise("the (frequency, recency, T) of a customer is not among the triples predicted; customer ", "c.customer_id", "DOUBLE");
    const select = [
      `SELECT`,
      `  c.customer_id AS ${a("customerId")},`,
      `  c.frequency AS ${a("frequency")},`,
      `  c.recency AS ${a("recency")},`,
      `  c.t_age AS ${a("T")},`,
      `  CASE WHEN p.p_alive IS NULL THEN ${missing} ELSE p.p_alive END AS ${a("pAlive")},`,
      `  p.expected AS ${a("expectedPurchases")}${gg === null ? "" : ","}`,
    ];
    if (gg !== null) {
      const [P, Q, V] = [ctx.double("ggP", gg.p), ctx.double("ggQ", gg.q), ctx.double("ggV", gg.v)];
      const x = `CAST(c.frequency AS ${d.double})`;
      // predictedClv's expression, in its order of operations
      const spend = `(${P} * (${V} + ${x} * c.monetary_value)) / (${P} * ${x} + ${Q} - 1)`;
      const bad = ctx.raise("the monetaryValue of a customer is NULL or negative; customer ", "c.customer_id", "DOUBLE");
      ctes.push(
        [
          `crm_spend AS (`,
          `  SELECT c.customer_id, CASE WHEN c.monetary_value IS NULL OR c.monetary_value < 0 THEN ${bad} ELSE ${spend} END AS spend`,
          `  FROM crm_btyd AS c`,
          `)`,
        ].join("\n"),
      );
      select.push(`  c.monetary_value AS ${a("monetaryValue")},`, `  s.spend AS ${a("expectedSpend")},`, `  s.spend * p.discounted AS ${a("clv")}`);
    }
    select.push(
      `FROM crm_btyd AS c`,
      `LEFT JOIN crm_pred AS p ON p.frequency = c.frequency AND p.recency = c.recency AND p.t_age = c.t_age`,
      ...(gg === null ? [] : [`LEFT JOIN crm_spend AS s ON s.customer_id = c.customer_id`]),
      ...(range.length > 0 ? [`WHERE ${range.join(" AND ")}`] : []),
      `ORDER BY c.customer_id${d.binaryCollation}`,
    );
    const columns = BTYD_PREDICTIONS_SQL_COLUMNS.slice(0, gg === null ? 6 : 9);
    queries.push(ctx.finish(withCtes(ctes, select.join("\n")), [...columns]));
  }
  if (queries.length === 0) throw new Error(`${fn}: internal error: no triple ${describeValue(n)}`);
  return queries;
}
