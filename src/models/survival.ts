import { z } from "zod";
import { AnalyticsInputError, describeValue, inputIssue, type InputIssue } from "../errors.js";
import { defineOptions, parseOptions } from "../options.js";
import { transactionReadOptionsSchema, type TransactionOptionsSchema } from "../input/options.js";
import type { TransactionInput, TransactionReadMeta, TransactionReadOptions } from "../input/types.js";
import { readPurchaseHistories } from "../input/histories.js";
import { transactionReadMeta } from "../input/normalizeTransactions.js";
import { groupCodes, kaplanMeierOf, type KaplanMeierMeta, type SurvivalPoint } from "./kaplanMeier.js";

/** Options of {@link customerSurvival}: the transaction reading options, the lapse rule, groups, the band's level. */
export interface CustomerSurvivalOptions<Row = any> extends TransactionReadOptions<Row> {
  /**
   * A customer has lapsed once `lostAfterDays` days pass after a purchase without another (required,
   * an integer ≥ 1): the lapse is dated last purchase + `lostAfterDays`, the first time it happens.
   */
  lostAfterDays: number;
  /**
   * Each customer's group (cohort, segment, country): customerId → label, as a `Map`, a plain object
   * (own keys) or a function. Keys are the ids as results write them (strings). Default: one group, `"all"`.
   */
  groups?: ReadonlyMap<string, string> | Readonly<Record<string, string>> | ((customerId: string) => string);
  /** Level of the pointwise band, in (0, 1) (default 0.95). */
  confidenceLevel?: number;
}

/** Schema of {@link CustomerSurvivalOptions} (strict: unknown keys are rejected). */
export const customerSurvivalOptionsSchema: TransactionOptionsSchema<CustomerSurvivalOptions> = defineOptions<CustomerSurvivalOptions>()({
  ...transactionReadOptionsSchema.shape,
  lostAfterDays: z.number().int().min(1).max(1_000_000),
  groups: z
    .custom<ReadonlyMap<string, string> | Readonly<Record<string, string>> | ((customerId: string) => string)>(
      (v) => typeof v === "function" || v instanceof Map || (typeof v === "object" && v !== null && !Array.isArray(v)),
      { message: "expected a Map or object of customer id to group, or a function" },
    )
    .optional(),
  confidenceLevel: z.number().gt(0).lt(1).optional(),
});

/** Result of {@link customerSurvival}. */
export interface CustomerSurvivalResult {
  /** The curves: one point per distinct duration (days) per group, groups in code-point order. */
  points: SurvivalPoint[];
  meta: TransactionReadMeta &
    KaplanMeierMeta & {
      lostAfterDays: number;
      /** Customers with a purchase (the subjects). */
      customers: number;
      /** Customers who lapsed (events); the others are censored at `asOf`. */
      lapsed: number;
    };
}

function groupOf(fn: string, groups: CustomerSurvivalOptions["groups"], id: string, issues: InputIssue[]): string | undefined {
  if (groups === undefined) return undefined;
  let g: unknown;
  try {
    g = typeof groups === "function" ? groups(id) : groups instanceof Map ? groups.get(id) : Object.prototype.hasOwnProperty.call(groups, id) ? (groups as Record<string, unknown>)[id] : undefined;
  } catch (error) {
    if (issues.length < 20) issues.push(inputIssue("unreadable_field", ["options", "groups", id], `reading the group threw: ${error instanceof Error ? error.message : describeValue(error)}`, id));
    return undefined;
  }
  if (!(typeof g === "string" && g.trim() !== "")) {
    if (issues.length < 20) issues.push(inputIssue("invalid_value", ["options", "groups", id], `expected a non-blank group label, got ${describeValue(g)}`, id));
    return undefined;
  }
  return g;
}

/**
 * Kaplan–Meier survival of customers from a transaction log: each customer's lifetime runs from the
 * first purchase day to the lapse (the first time `lostAfterDays` days pass after a purchase without
 * another; dated last purchase + `lostAfterDays`), or is censored at `asOf` when the customer has not
 * lapsed yet. The curves, Greenwood standard errors, log-scale band, medians and the log-rank test
 * between `groups` are those of {@link kaplanMeier} (R `survfit`/`survdiff`), in days. Refund rows are
 * not purchases. See [docs/models.md](../../docs/models.md#customer-survival-kaplanmeier).
 *
 * @returns `points` and `meta` (reading meta, `lostAfterDays`, counts, group summaries, `logRank`).
 * @throws {AnalyticsInputError} Bad rows, as `summarizeTransactions`; a customer without a usable group
 *   (`invalid_value` at `["options", "groups", id]`, `unreadable_field` when reading it threw).
 * @throws {TypeError | RangeError} Bad options (`lostAfterDays` missing or below 1).
 *
 * @example
 * const rows = [
 *   { customerId: "a", date: "2024-01-01", amount: 10 }, { customerId: "a", date: "2024-01-20", amount: 10 },
 *   { customerId: "b", date: "2024-01-05", amount: 20 }, { customerId: "c", date: "2024-02-20", amount: 5 },
 * ];
 * // a: lapsed 30 days after Jan 20 (49 days after the first purchase); b: lapsed at 30; c: censored at 10
 * const { points, meta } = customerSurvival(rows, { asOf: "2024-03-01", lostAfterDays: 30 });
 * points.map((p) => [p.time, p.atRisk, p.events, p.censored, p.survival]);
 * //=> [[10, 3, 0, 1, 1], [30, 2, 1, 0, 0.5], [49, 1, 1, 0, 0]]
 * [meta.customers, meta.lapsed, meta.groups[0].median]; //=> [3, 2, 39.5]
 */
export function customerSurvival<Row = any>(transactions: TransactionInput<Row>, options: CustomerSurvivalOptions<Row>): CustomerSurvivalResult {
  const fn = "customerSurvival";
  const opts = parseOptions(fn, customerSurvivalOptionsSchema, options ?? {}) as CustomerSurvivalOptions<Row>;
  const L = opts.lostAfterDays;
  const { read, histories: h } = readPurchaseHistories(fn, transactions, opts);
  const asOf = read.asOfDay;
  const dur: number[] = [];
  const evt: number[] = [];
  const labels: (string | undefined)[] = [];
  const issues: InputIssue[] = [];
  for (let c = 0; c < read.customerIds.length; c++) {
    const from = h.start[c];
    const to = h.start[c + 1];
    if (to === from) continue; // refunds only: no first purchase
    const first = h.day[from];
    let end = -1;
    for (let i = from; i < to; i++) {
      const next = i + 1 < to ? h.day[i + 1] : asOf;
      if (next - h.day[i] > L) {
        end = h.day[i] + L;
        break;
      }
    }
    dur.push(end >= 0 ? end - first : asOf - first);
    evt.push(end >= 0 ? 1 : 0);
    labels.push(groupOf(fn, opts.groups, read.customerIds[c], issues));
  }
  if (issues.length > 0) throw new AnalyticsInputError(fn, issues);
  if (dur.length === 0) throw new AnalyticsInputError(fn, [inputIssue("empty_input", ["input"], "no customer with a purchase")]);
  const { group, groups } = groupCodes(labels);
  const km = kaplanMeierOf({ duration: Float64Array.from(dur), event: Uint8Array.from(evt), group, groups }, opts.confidenceLevel ?? 0.95);
  const lapsed = evt.reduce((s, e) => s + e, 0);
  return { points: km.points, meta: { ...transactionReadMeta(read), lostAfterDays: L, customers: dur.length, lapsed, ...km.meta } };
}
