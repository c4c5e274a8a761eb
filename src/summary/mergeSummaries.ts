import { z } from "zod";
import { AnalyticsInputError, describeValue, inputIssue, type InputIssue, type InputIssueCode, type IssuePath } from "../errors.js";
import { StringInterner } from "../internal/interner.js";
import { sumError } from "../internal/neumaier.js";
import type { InputReport } from "../input/types.js";
import { defineOptions, parseOptions, type OptionsSchema } from "../options.js";
import type { CustomerSummary, SummarizeTransactionsResult, SummaryMeta } from "./summarizeTransactions.js";

/** Options of {@link mergeSummaries}. */
export interface MergeSummariesOptions {
  /**
   * A customer found in several parts: `"merge"` (default) combines the records (see
   * {@link mergeSummaries} for what is exact); `"error"` refuses, for callers who partitioned the
   * rows by customer and want that checked.
   */
  overlap?: "merge" | "error";
}

/** Result of {@link mergeSummaries}: the result `summarizeTransactions` gives for the whole log. */
export type MergeSummariesResult = SummarizeTransactionsResult;

/** zod schema of {@link MergeSummariesOptions} (strict: unknown keys are rejected). */
export const mergeSummariesOptionsSchema: OptionsSchema<MergeSummariesOptions> = defineOptions<MergeSummariesOptions>()({
  overlap: z.enum(["merge", "error"]).optional(),
});

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
    issues: z.array(z.object({ path: z.array(z.union([z.string(), z.number()])), code: z.string(), message: z.string(), customerId: z.string().optional() })).optional(),
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
 * Merges the results of `summarizeTransactions` on parts of one transaction log (shards, files,
 * workers) into the result for the whole log. Exact, to the last bit, when each customer's rows are
 * in one part; a customer in several parts is combined (earliest first and latest last purchase,
 * frequencies added, totals added with compensation). Limits (orders split across parts, `monetary:
 * "mean"`, refunds split from purchases), order and cost: docs/summaries.md. Inputs are not modified.
 *
 * @param parts - Summary results of one log, all with the same `asOf`, `timeZone`, `monetary`,
 *   `refunds` and use of `orderId`.
 * @throws {TypeError} `parts` is not an array of summary results, or an unknown option.
 * @throws {RangeError} `parts` is empty; the parts differ in a setting (named); a customer is in
 *   several parts with `overlap: "error"` or `monetary: "mean"`, or has only refunds in one part.
 * @throws {AnalyticsInputError} An unusable customer record (`invalid_value`, `missing_customer_id`),
 *   a customer twice in one part (`duplicate_customer`), or a customer whose monetary totals add up
 *   beyond ±1.8e308 (`overflow`); paths `["parts", 1, "customers", 5, "frequency"]`.
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
 * @see Neumaier, A. (1974). Rundungsfehleranalyse einiger Verfahren zur Summation endlicher Summen.
 *   *ZAMM* 54(1), 39–51. (compensated summation)
 */
export function mergeSummaries(parts: readonly SummarizeTransactionsResult[], options: MergeSummariesOptions = {}): MergeSummariesResult {
  const fn = "mergeSummaries";
  const opts = parseOptions(fn, mergeSummariesOptionsSchema, options ?? {});
  const metas = readParts(fn, parts);
  const merger = new SummaryMerger(fn, parts, opts.overlap === "error", metas[0].monetary === "mean");
  for (let k = 0; k < parts.length; k++) {
    merger.addCustomers(k, parts[k].customers);
    merger.addCustomersWithoutPurchases(k, metas[k].customersWithoutPurchases);
  }
  const customers = merger.finish();
  return { customers, meta: mergeMetas(metas, customers.length, merger.withoutPurchaseIds()) };
}

/** Checks that `parts` is a non-empty array of summary results that share their settings; returns their metas. */
function readParts(fn: string, parts: unknown): PartMeta[] {
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
  return metas;
}

/**
 * Combines the parts' customer records one part at a time. Unusable records and customers listed
 * twice in one part are collected as issues (the merge then only looks for more); a merge that cannot
 * be exact (overlap refused, `monetary: "mean"`, refunds split from purchases) throws at once.
 */
class SummaryMerger {
  private readonly out: CustomerSummary[] = [];
  /** Customer id → index in `out` (open addressing: faster than a Map at a million ids). */
  private readonly ids: StringInterner;
  /** Per merged customer: the part it was first and last seen in (duplicates, overlap messages). */
  private readonly firstPart: Int32Array;
  private readonly lastPart: Int32Array;
  /** Neumaier compensation of the customers whose totals were added up (only those). */
  private readonly compensation = new Map<number, number>();
  /** Customers without a purchase in their part, by first part: kept only when they have none in any part. */
  private readonly withoutPurchases = new Map<string, number>();
  private readonly issues: InputIssue[] = [];
  private totalIssues = 0;

  constructor(
    private readonly fn: string,
    parts: readonly SummarizeTransactionsResult[],
    private readonly refuseOverlap: boolean,
    private readonly mean: boolean,
  ) {
    let capacity = 0;
    for (const part of parts) capacity += part.customers.length;
    this.ids = new StringInterner(capacity);
    this.firstPart = new Int32Array(capacity);
    this.lastPart = new Int32Array(capacity);
  }

  private bad(code: InputIssueCode, path: IssuePath, message: string, customerId?: string): void {
    this.totalIssues++;
    if (this.issues.length < MAX_ISSUES) this.issues.push(inputIssue(code, path, message, customerId));
  }

  /** Adds the customer records of part `k`: a new customer is copied, a known one combined. */
  addCustomers(k: number, records: readonly CustomerSummary[]): void {
    const { out, ids, firstPart, lastPart } = this;
    for (let i = 0; i < records.length; i++) {
      const r = records[i] as CustomerSummary | null | undefined;
      if (!recordIsUsable(r)) {
        reportUnusable(r, ["parts", k, "customers", i], (code, path, message, id) => this.bad(code, path, message, id));
        continue;
      }
      const id = r.customerId;
      const j = ids.intern(id);
      if (j === out.length) {
        if (this.withoutPurchases.size > 0 && this.issues.length === 0) {
          const refundPart = this.withoutPurchases.get(id);
          if (refundPart !== undefined) this.refundSplit(id, refundPart, k);
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
        this.bad("duplicate_customer", ["parts", k, "customers", i, "customerId"], `customer ${describeValue(id)} is listed twice in parts[${k}]`, id);
        continue;
      }
      lastPart[j] = k;
      if (this.issues.length > 0) continue; // the result will not be returned: only look for more issues
      this.combine(j, r, k, i);
    }
  }

  /** Adds a record of a customer already merged from an earlier part. */
  private combine(j: number, r: CustomerSummary, k: number, i: number): void {
    const id = r.customerId;
    if (this.refuseOverlap) overlapping(this.fn, id, this.firstPart[j], k);
    if (this.mean) {
      throw new RangeError(
        `${this.fn}: customer ${describeValue(id)} is in parts[${this.firstPart[j]}] and parts[${k}], and with monetary: "mean" means per order cannot be merged exactly; summarise the parts with monetary: "sum" (the merged averageOrderValue is the mean)`,
      );
    }
    const m = this.out[j];
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
    if (t - t !== 0) {
      this.bad("overflow", ["parts", k, "customers", i, "monetary"], `the customer's monetary totals add up ${t > 0 ? "above 1.8e308" : "below -1.8e308"}, beyond the range of a double`, id);
      return;
    }
    this.compensation.set(j, (this.compensation.get(j) ?? 0) + sumError(s, a, t));
    m.monetary = t;
  }

  /** Adds part `k`'s customers without purchases (`meta.customersWithoutPurchases`). */
  addCustomersWithoutPurchases(k: number, refundOnly: readonly string[]): void {
    for (let i = 0; i < refundOnly.length; i++) {
      const id = refundOnly[i];
      const seen = this.withoutPurchases.get(id);
      const found = this.ids.get(id);
      const j = found >= 0 && found < this.out.length ? found : undefined;
      if (seen === k || (j !== undefined && this.lastPart[j] === k)) {
        this.bad("duplicate_customer", ["parts", k, "meta", "customersWithoutPurchases", i], `customer ${describeValue(id)} is listed twice in parts[${k}]`, id);
        continue;
      }
      if (this.issues.length > 0) continue;
      if (j !== undefined) this.refundSplit(id, k, this.firstPart[j]);
      if (seen !== undefined) {
        if (this.refuseOverlap) overlapping(this.fn, id, seen, k);
        continue;
      }
      this.withoutPurchases.set(id, k);
    }
  }

  private refundSplit(id: string, refundPart: number, purchasePart: number): never {
    throw new RangeError(
      `${this.fn}: customer ${describeValue(id)} has only refunds in parts[${refundPart}] (meta.customersWithoutPurchases) and purchases in parts[${purchasePart}]; that refund total is not in the summary of parts[${refundPart}], so the merged monetary would be wrong: keep each customer's rows in one part`,
    );
  }

  /** The merged records, compensation added; throws the collected issues, or when no customer has a purchase. */
  finish(): CustomerSummary[] {
    if (this.issues.length > 0) throw new AnalyticsInputError(this.fn, this.issues, this.totalIssues);
    for (const [j, c] of this.compensation) {
      const m = this.out[j];
      const total = m.monetary + c + 0;
      if (total - total !== 0) {
        throw new AnalyticsInputError(this.fn, [
          inputIssue("overflow", ["parts"], `the customer's monetary totals add up beyond the range of a double`, m.customerId),
        ]);
      }
      m.monetary = total;
      m.averageOrderValue = total / m.frequency;
    }
    if (this.out.length === 0) {
      throw new AnalyticsInputError(this.fn, [inputIssue("empty_input", ["parts"], "no customer has a purchase in any part")]);
    }
    return this.out;
  }

  /** Customers without a purchase in any part. */
  withoutPurchaseIds(): string[] {
    return [...this.withoutPurchases.keys()];
  }
}

/** The merged result's meta: the shared settings, counts added up. */
function mergeMetas(metas: readonly PartMeta[], customers: number, withoutPurchases: string[]): SummaryMeta {
  const first = metas[0];
  return {
    asOf: first.asOf,
    timeZone: first.timeZone,
    customers,
    frequencyCounts: first.frequencyCounts,
    monetary: first.monetary,
    refunds: first.refunds,
    input: mergeInputReports(metas),
    customersWithoutPurchases: withoutPurchases,
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

type Report = (code: InputIssueCode, path: IssuePath, message: string, customerId?: string) => void;

/** Reports every reason why a record is unusable; `at` is the record's path. */
function reportUnusable(r: CustomerSummary | null | undefined, at: IssuePath, bad: Report): void {
  if (typeof r !== "object" || r === null) {
    bad("invalid_value", at, `expected a customer summary record, got ${describeValue(r)}`);
    return;
  }
  const id = typeof r.customerId === "string" && r.customerId !== "" ? r.customerId : undefined;
  const invalid = (field: keyof CustomerSummary, message: string): void => bad("invalid_value", [...at, field], message, id);
  if (id === undefined) {
    bad("missing_customer_id", [...at, "customerId"], `expected a non-empty customer id (text, as summarizeTransactions returns it), got ${describeValue(r.customerId)}`);
  }
  if (typeof r.firstPurchase !== "string") invalid("firstPurchase", `expected an ISO date, got ${describeValue(r.firstPurchase)}`);
  if (typeof r.lastPurchase !== "string") invalid("lastPurchase", `expected an ISO date, got ${describeValue(r.lastPurchase)}`);
  if (!isDay(r.recencyDays)) invalid("recencyDays", `expected a whole number of days >= 0, got ${describeValue(r.recencyDays)}`);
  if (!isDay(r.tenureDays) || (isDay(r.recencyDays) && r.tenureDays < r.recencyDays)) {
    invalid("tenureDays", `expected a whole number of days >= recencyDays, got ${describeValue(r.tenureDays)}`);
  }
  if (!(Number.isInteger(r.frequency) && r.frequency >= 1)) invalid("frequency", `expected a whole number of orders >= 1, got ${describeValue(r.frequency)}`);
  if (!Number.isFinite(r.monetary)) invalid("monetary", `expected a finite number, got ${describeValue(r.monetary)}`);
  if (!Number.isFinite(r.averageOrderValue)) invalid("averageOrderValue", `expected a finite number, got ${describeValue(r.averageOrderValue)}`);
}

function overlapping(fn: string, id: string, earlier: number, k: number): never {
  throw new RangeError(`${fn}: customer ${describeValue(id)} is in parts[${earlier}] and parts[${k}] (overlap: "error": the parts must hold disjoint customers)`);
}

/** Input reports added up; collected issues concatenated, each path prefixed with its part (`["parts", 1, "rows", 7, "amount"]`). */
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
      for (const issue of r.issues) issues.push(inputIssue(issue.code as InputIssueCode, ["parts", k, ...issue.path], issue.message, issue.customerId));
    }
  });
  if (issues) report.issues = issues;
  return report;
}
