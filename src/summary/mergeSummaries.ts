import { sumError } from "../internal/neumaier.js";
import { z } from "zod";
import { AnalyticsInputError, describeValue, type InputIssue, type InputIssueCode } from "../errors.js";
import { parseOptions } from "../options.js";
import { StringInterner } from "../internal/interner.js";
import type { InputReport } from "../input/types.js";
import type { CustomerSummary, SummaryResult } from "./summarizeTransactions.js";

/** Options of {@link mergeSummaries}. */
export interface MergeSummariesOptions {
  /**
   * A customer found in several parts: `"merge"` (default) combines the records (see
   * {@link mergeSummaries} for what is exact); `"error"` refuses, for callers who partitioned the
   * rows by customer and want that checked.
   */
  overlap?: "merge" | "error";
}

const mergeSummariesOptionsSchema = z
  .object({
    overlap: z.enum(["merge", "error"]).optional(),
  })
  .strict();

const count = z.number().int().min(0);

// The meta of one part: checked whole (it is small); the customer records are checked by a typed loop.
const partMetaSchema = z.object({
  asOf: z.string(),
  timeZone: z.string().nullable(),
  customers: count,
  frequencyCounts: z.enum(["orderId", "rows"]),
  monetary: z.enum(["sum", "mean"]),
  refunds: z.enum(["net", "exclude", "error"]),
  input: z.object({
    rowsRead: count,
    rowsUsed: count,
    invalidRows: count,
    invalidByCode: z.record(z.string(), count),
    ignoredAfterAsOf: count,
    excludedRefunds: count,
    issues: z.array(z.object({ path: z.string(), code: z.string(), message: z.string() })).optional(),
  }),
  customersWithoutPurchases: z.array(z.string()),
});

/** The settings every part must share, with the advice given when two parts differ. */
const SHARED_SETTINGS = [
  ["asOf", "summarise every part to the same asOf"],
  ["timeZone", "summarise every part in the same timeZone"],
  ["frequencyCounts", "map orderId in every part or in none"],
  ["monetary", "summarise every part with the same monetary option"],
  ["refunds", "summarise every part with the same refunds policy"],
] as const;

const MAX_ISSUES = 20;

/**
 * Merges customer summaries computed on separate parts of one transaction log (shards, files, days
 * of a stream, workers) into the summaries of the whole log, as if `summarizeTransactions` had read
 * every row at once with the same options.
 *
 * When each customer's rows are all in one part (a partition by customer), the merge is exact: every
 * record equals the whole log's record, to the last bit of `monetary`. A customer found in several
 * parts is combined: first purchase = the earliest, last purchase = the latest, `recencyDays` and
 * `tenureDays` follow from them (same `asOf`), `frequency` = the sum, `monetary` = the compensated
 * (Neumaier) sum of the parts' totals and `averageOrderValue` = that total ÷ frequency. The sum of
 * rounded part totals can differ from the one-pass sum in the last bits (within 1e-12 relative to the
 * customer's summed absolute amounts); with amounts that are binary fractions (quarters, …) of
 * moderate size it is identical.
 *
 * Limits, because a part's summary no longer holds its rows:
 * - An order whose lines are in several parts is counted once per part (`frequency` too high):
 *   split rows by customer, or at least keep each order's lines together.
 * - With `monetary: "mean"`, a customer found in several parts is refused: a mean per order cannot be
 *   merged exactly (summarise with `"sum"`; the merged `averageOrderValue` is the mean).
 * - With `refunds: "net"`, a customer with only refunds in one part (listed in that part's
 *   `meta.customersWithoutPurchases`) and purchases in another is refused: that part's refund total is
 *   not in its summary. A part whose rows are all refunds cannot be summarised at all.
 *
 * Order: customers in order of first appearance, part by part (the whole log's order when the parts
 * are consecutive runs of its rows, in order). `meta`: the shared settings; `input` counts summed;
 * collected issues concatenated, each path prefixed with its part (`parts[1].rows[7].amount`);
 * `customersWithoutPurchases` = customers without a purchase in any part. Inputs are not modified and
 * the result shares no object with them. O(total customers) time, one hash-table entry per customer.
 *
 * @param parts - Results of `summarizeTransactions` on parts of one log, all with the same `asOf`,
 *   `timeZone`, `monetary` and `refunds` options and the same use of `orderId`.
 * @param options - `overlap`: `"merge"` (default) or `"error"` for a customer in several parts.
 * @returns One {@link SummaryResult}, as `summarizeTransactions` returns for the whole log.
 * @throws {TypeError} When `parts` is not an array of summary results (message names the part and field).
 * @throws {RangeError} When `parts` is empty, the parts differ in a setting (`asOf`, `timeZone`,
 *   `frequencyCounts`, `monetary`, `refunds`: the message names it), or a customer is in several parts
 *   and `overlap` is `"error"`, `monetary` is `"mean"`, or one part has only refunds of theirs.
 *   Messages start with `mergeSummaries:`.
 * @throws {AnalyticsInputError} When a customer record is unusable (`invalid_value`,
 *   `missing_customer_id`) or a customer is twice in one part (`duplicate_customer`); issue paths
 *   name the part and record (`parts[1].customers[5].frequency`).
 *
 * @example
 * const options = { asOf: "2024-03-31", fields: { customerId: "cust", date: "day", amount: "total" } };
 * const east = summarizeTransactions(
 *   [{ cust: "a", day: "2024-01-10", total: 20 }, { cust: "b", day: "2024-03-01", total: 5 }],
 *   options,
 * );
 * const west = summarizeTransactions(
 *   [{ cust: "a", day: "2024-03-21", total: 30 }, { cust: "c", day: "2024-02-01", total: 8 }],
 *   options,
 * );
 * const { customers, meta } = mergeSummaries([east, west]);
 * customers.map((c) => c.customerId); //=> ["a", "b", "c"]
 * customers[0];
 * //=> { customerId: "a", firstPurchase: "2024-01-10", lastPurchase: "2024-03-21", recencyDays: 10,
 * //     frequency: 2, monetary: 50, tenureDays: 81, averageOrderValue: 25 }
 * meta.input.rowsRead; //=> 4
 *
 * @see Hughes, A. M. (1994). *Strategic Database Marketing*. Probus. (recency, frequency, monetary)
 * @see Neumaier, A. (1974). Rundungsfehleranalyse einiger Verfahren zur Summation endlicher Summen.
 *   *ZAMM* 54(1), 39–51. (compensated summation)
 */
export function mergeSummaries(parts: readonly SummaryResult[], options: MergeSummariesOptions = {}): SummaryResult {
  const fn = "mergeSummaries";
  const opts = parseOptions(fn, mergeSummariesOptionsSchema, options ?? {});
  const refuseOverlap = opts.overlap === "error";
  if (!Array.isArray(parts)) throw new TypeError(`${fn}: parts must be an array of summary results, got ${describeValue(parts)}`);
  if (parts.length === 0) throw new RangeError(`${fn}: parts must hold at least one summary result, got an empty array`);

  const metas = parts.map((part, k) => readPartMeta(fn, part, k));
  const first = metas[0];
  for (let k = 1; k < metas.length; k++) {
    for (const [key, advice] of SHARED_SETTINGS) {
      if (metas[k][key] !== first[key]) {
        throw new RangeError(
          `${fn}: parts[${k}].meta.${key} is ${describeValue(metas[k][key])} but parts[0].meta.${key} is ${describeValue(first[key])}; ${advice}`,
        );
      }
    }
  }
  const mean = first.monetary === "mean";

  const issues: InputIssue[] = [];
  let totalIssues = 0;
  const bad = (path: string, code: InputIssueCode, what: string): void => {
    totalIssues++;
    if (issues.length < MAX_ISSUES) issues.push({ path, code, message: `${path}: ${what}` });
  };
  const raise = (): never => {
    throw new AnalyticsInputError(fn, issues, totalIssues);
  };

  let capacity = 0;
  for (const part of parts) capacity += part.customers.length;
  const out: CustomerSummary[] = [];
  // Customer id → index in `out` (open addressing: faster than a Map at a million ids).
  const ids = new StringInterner(capacity);
  // Per merged customer: the part it was first and last seen in (duplicates, overlap messages).
  const firstPart = new Int32Array(capacity);
  const lastPart = new Int32Array(capacity);
  // Neumaier compensation of the customers whose totals were added up (only those).
  const compensation = new Map<number, number>();
  // Customers without a purchase in their part, by first part: kept only when they have none in any part.
  const withoutPurchases = new Map<string, number>();
  const refundSplit = (id: string, refundPart: number, purchasePart: number): never => {
    throw new RangeError(
      `${fn}: customer ${describeValue(id)} has only refunds in parts[${refundPart}] (meta.customersWithoutPurchases) and purchases in parts[${purchasePart}]; that refund total is not in the summary of parts[${refundPart}], so the merged monetary would be wrong: keep each customer's rows in one part`,
    );
  };

  for (let k = 0; k < parts.length; k++) {
    const records = parts[k].customers;
    for (let i = 0; i < records.length; i++) {
      const r = records[i] as CustomerSummary | null | undefined;
      if (!recordIsUsable(r)) {
        reportUnusable(r, `parts[${k}].customers[${i}]`, bad);
        continue;
      }
      const id = r.customerId;
      const j = ids.intern(id);
      if (j === out.length) {
        if (withoutPurchases.size > 0 && issues.length === 0) {
          const refundPart = withoutPurchases.get(id);
          if (refundPart !== undefined) refundSplit(id, refundPart, k);
        }
        firstPart[j] = k;
        lastPart[j] = k;
        out.push({
          customerId: id,
          firstPurchase: r.firstPurchase,
          lastPurchase: r.lastPurchase,
          recencyDays: r.recencyDays,
          frequency: r.frequency,
          monetary: r.monetary,
          tenureDays: r.tenureDays,
          averageOrderValue: r.averageOrderValue,
        });
        continue;
      }
      if (lastPart[j] === k) {
        bad(`parts[${k}].customers[${i}].customerId`, "duplicate_customer", `customer ${describeValue(id)} is listed twice in parts[${k}]`);
        continue;
      }
      lastPart[j] = k;
      if (issues.length > 0) continue; // the result will not be returned: only look for more issues
      if (refuseOverlap) overlapping(fn, id, firstPart[j], k);
      if (mean) {
        throw new RangeError(
          `${fn}: customer ${describeValue(id)} is in parts[${firstPart[j]}] and parts[${k}], and with monetary: "mean" means per order cannot be merged exactly; summarise the parts with monetary: "sum" (the merged averageOrderValue is the mean)`,
        );
      }
      const m = out[j];
      if (r.tenureDays > m.tenureDays) {
        m.tenureDays = r.tenureDays;
        m.firstPurchase = r.firstPurchase;
      }
      if (r.recencyDays < m.recencyDays) {
        m.recencyDays = r.recencyDays;
        m.lastPurchase = r.lastPurchase;
      }
      m.frequency += r.frequency;
      // Neumaier step, as summarizeTransactions sums rows; the compensation is added at the end.
      const s = m.monetary;
      const a = r.monetary;
      const t = s + a;
      compensation.set(j, (compensation.get(j) ?? 0) + sumError(s, a, t));
      m.monetary = t;
    }

    const refundOnly = metas[k].customersWithoutPurchases;
    for (let i = 0; i < refundOnly.length; i++) {
      const id = refundOnly[i];
      const seen = withoutPurchases.get(id);
      const found = ids.get(id);
      const j = found >= 0 && found < out.length ? found : undefined;
      if (seen === k || (j !== undefined && lastPart[j] === k)) {
        bad(`parts[${k}].meta.customersWithoutPurchases[${i}]`, "duplicate_customer", `customer ${describeValue(id)} is listed twice in parts[${k}]`);
        continue;
      }
      if (issues.length > 0) continue;
      if (j !== undefined) refundSplit(id, k, firstPart[j]);
      if (seen !== undefined) {
        if (refuseOverlap) overlapping(fn, id, seen, k);
        continue;
      }
      withoutPurchases.set(id, k);
    }
  }
  if (issues.length > 0) raise();

  for (const [j, c] of compensation) {
    const m = out[j];
    const total = m.monetary + c + 0;
    m.monetary = total;
    m.averageOrderValue = total / m.frequency;
  }
  if (out.length === 0) {
    throw new AnalyticsInputError(fn, [{ path: "parts", code: "empty_input", message: "parts: no customer has a purchase in any part" }]);
  }

  return {
    customers: out,
    meta: {
      asOf: first.asOf,
      timeZone: first.timeZone,
      customers: out.length,
      frequencyCounts: first.frequencyCounts,
      monetary: first.monetary,
      refunds: first.refunds,
      input: mergeInputReports(metas),
      customersWithoutPurchases: [...withoutPurchases.keys()],
    },
  };
}

type PartMeta = z.output<typeof partMetaSchema>;

/** Checks one part's shape and meta; a bad shape is a `TypeError` naming the part and field. */
function readPartMeta(fn: string, part: unknown, k: number): PartMeta {
  if (typeof part !== "object" || part === null) {
    throw new TypeError(`${fn}: parts[${k}] must be a summary result ({ customers, meta }), got ${describeValue(part)}`);
  }
  const { customers, meta } = part as { customers?: unknown; meta?: unknown };
  if (!Array.isArray(customers)) {
    throw new TypeError(`${fn}: parts[${k}].customers must be an array of customer summaries, got ${describeValue(customers)}`);
  }
  const parsed = partMetaSchema.safeParse(meta);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const received = issue.path.reduce<unknown>((v, key) => (v == null ? v : (v as Record<PropertyKey, unknown>)[key as PropertyKey]), meta);
  const path = [`parts[${k}]`, "meta", ...issue.path.map(String)].join(".");
  throw new TypeError(`${fn}: ${path}: ${issue.message}, got ${describeValue(received)} (expected the meta of a summarizeTransactions result)`);
}

const isDay = (x: unknown): x is number => Number.isInteger(x) && (x as number) >= 0;

/** A record the merge can use (the fast check; {@link reportUnusable} says what is wrong). */
function recordIsUsable(r: CustomerSummary | null | undefined): r is CustomerSummary {
  return (
    typeof r === "object" &&
    r !== null &&
    typeof r.customerId === "string" &&
    r.customerId !== "" &&
    typeof r.firstPurchase === "string" &&
    typeof r.lastPurchase === "string" &&
    isDay(r.recencyDays) &&
    isDay(r.tenureDays) &&
    r.tenureDays >= r.recencyDays &&
    Number.isInteger(r.frequency) &&
    r.frequency >= 1 &&
    Number.isFinite(r.monetary) &&
    Number.isFinite(r.averageOrderValue)
  );
}

/** Reports every reason why a record is unusable. */
function reportUnusable(r: CustomerSummary | null | undefined, at: string, bad: (path: string, code: InputIssueCode, what: string) => void): void {
  if (typeof r !== "object" || r === null) {
    bad(at, "invalid_value", `expected a customer summary record, got ${describeValue(r)}`);
    return;
  }
  if (typeof r.customerId !== "string" || r.customerId === "") {
    bad(`${at}.customerId`, "missing_customer_id", `expected a non-empty customer id (text, as summarizeTransactions returns it), got ${describeValue(r.customerId)}`);
  }
  if (typeof r.firstPurchase !== "string") bad(`${at}.firstPurchase`, "invalid_value", `expected an ISO date, got ${describeValue(r.firstPurchase)}`);
  if (typeof r.lastPurchase !== "string") bad(`${at}.lastPurchase`, "invalid_value", `expected an ISO date, got ${describeValue(r.lastPurchase)}`);
  if (!isDay(r.recencyDays)) bad(`${at}.recencyDays`, "invalid_value", `expected a whole number of days >= 0, got ${describeValue(r.recencyDays)}`);
  if (!isDay(r.tenureDays) || (isDay(r.recencyDays) && r.tenureDays < r.recencyDays)) {
    bad(`${at}.tenureDays`, "invalid_value", `expected a whole number of days >= recencyDays, got ${describeValue(r.tenureDays)}`);
  }
  if (!(Number.isInteger(r.frequency) && r.frequency >= 1)) bad(`${at}.frequency`, "invalid_value", `expected a whole number of orders >= 1, got ${describeValue(r.frequency)}`);
  if (!Number.isFinite(r.monetary)) bad(`${at}.monetary`, "invalid_value", `expected a finite number, got ${describeValue(r.monetary)}`);
  if (!Number.isFinite(r.averageOrderValue)) bad(`${at}.averageOrderValue`, "invalid_value", `expected a finite number, got ${describeValue(r.averageOrderValue)}`);
}

function overlapping(fn: string, id: string, earlier: number, k: number): never {
  throw new RangeError(`${fn}: customer ${describeValue(id)} is in parts[${earlier}] and parts[${k}] (overlap: "error": the parts must hold disjoint customers)`);
}

/** Input reports added up; collected issues concatenated with their part in the path. */
function mergeInputReports(metas: readonly PartMeta[]): InputReport {
  const report: InputReport = { rowsRead: 0, rowsUsed: 0, invalidRows: 0, invalidByCode: {}, ignoredAfterAsOf: 0, excludedRefunds: 0 };
  const byCode = report.invalidByCode as Record<string, number>;
  let issues: InputIssue[] | undefined;
  metas.forEach((meta, k) => {
    const r = meta.input;
    report.rowsRead += r.rowsRead;
    report.rowsUsed += r.rowsUsed;
    report.invalidRows += r.invalidRows;
    report.ignoredAfterAsOf += r.ignoredAfterAsOf;
    report.excludedRefunds += r.excludedRefunds;
    for (const [code, n] of Object.entries(r.invalidByCode)) byCode[code] = (byCode[code] ?? 0) + n;
    if (r.issues) {
      issues ??= [];
      for (const issue of r.issues) {
        const path = `parts[${k}].${issue.path}`;
        const message = issue.message.startsWith(issue.path) ? `parts[${k}].${issue.message}` : `${path}: ${issue.message}`;
        issues.push({ path, code: issue.code as InputIssueCode, message });
      }
    }
  });
  if (issues) report.issues = issues;
  return report;
}

