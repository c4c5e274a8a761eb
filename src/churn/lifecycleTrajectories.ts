import { z } from "zod";
import { AnalyticsInputError, describeValue, inputIssue, type InputIssue, type InputIssueCode, type IssuePath } from "../errors.js";
import { defineOptions, fieldAccessorSchema, parseOptions, type OptionsSchema } from "../options.js";
import { fieldLabel, fieldReader, isUnsafeIdNumber, readCustomerId, recordArray, thrownMessage, unsafeIdMessage, CUSTOMER_ID_RULE } from "../input/readRecords.js";
import type { FieldAccessor } from "../input/types.js";
import type { LifecycleStageId } from "./lifecycleStage.js";

/** The lifecycle trajectory types (Chen Mingliang's four patterns of the customer relationship lifecycle), plus the two that are not decided. */
export const LIFECYCLE_TRAJECTORIES = Object.freeze([
  { id: "long_kept", label: "Long-kept", labelZh: "长久保持型", action: "Stable for long: keep the service level, reward loyalty, cross-sell.", actionZh: "进入稳定期并长久保持：保持服务水准，回馈忠诚，开展交叉销售。" },
  { id: "aborted_exploration", label: "Aborted in exploration", labelZh: "早期流产型", action: "Never got past the first purchases: review the first experience and the offer that won them.", actionZh: "未能越过考察期：检查首次体验和获客方式。" },
  { id: "died_formation", label: "Died in formation", labelZh: "中途夭折型", action: "Bought again but never settled: find what broke the habit (service, price, assortment).", actionZh: "进入形成期却未能进入稳定期：查明中断原因（服务、价格、品类）。" },
  { id: "left_stability", label: "Left early from stability", labelZh: "提前退出型", action: "Reached stability but left soon: find out why and win them back.", actionZh: "进入稳定期但未能持久：查明退出原因，尽力挽回。" },
  { id: "ongoing", label: "Ongoing", labelZh: "尚在发展", action: "Not decided yet: keep developing the relationship.", actionZh: "轨迹尚未确定：继续发展客户关系。" },
  { id: "undetermined", label: "Undetermined", labelZh: "无法判定", action: "Already in decline when first observed: the path before is unknown.", actionZh: "首次观察时已处于退化期：此前的轨迹未知。" },
] as const);

/** Trajectory ids of {@link LIFECYCLE_TRAJECTORIES}. */
export type LifecycleTrajectoryId = (typeof LIFECYCLE_TRAJECTORIES)[number]["id"];

/** A period label: a number (period index) or a text that sorts in time order (`"2023-01"`, an ISO date). */
export type TrajectoryPeriod = string | number;

/** Options of {@link lifecycleTrajectories}. */
export interface LifecycleTrajectoriesOptions<Row = any> {
  /** Field or accessor of the customer id (default `"customerId"`). */
  customerId?: FieldAccessor<Row>;
  /** Rows form: field or accessor of the period (default `"period"`). */
  period?: FieldAccessor<Row>;
  /** Rows form: field or accessor of the stage (default `"stage"`). */
  stage?: FieldAccessor<Row>;
  /** Sequences form: field or accessor of each customer's stages in period order; when given, every record is one customer. */
  stages?: FieldAccessor<Row>;
  /** Periods in stability (before any decline) that make a relationship long-kept (default 3). */
  minStabilityPeriods?: number;
  /** When set: a customer still only in exploration after this many periods counts as aborted (lapsed), without a decline. */
  explorationLimit?: number;
}

/** One customer's trajectory. */
export interface LifecycleTrajectoryRecord {
  customerId: string;
  trajectory: LifecycleTrajectoryId;
  /** Which rule decided: `"stable"`, `"declined"`, `"lapsed"`, `"open"` or `"starts in decline"`. */
  reason: string;
  /** Periods observed. */
  periods: number;
  firstPeriod: TrajectoryPeriod;
  lastPeriod: TrajectoryPeriod;
  /** Highest stage (exploration < formation < stability) before the first decline; null when the history starts in decline. */
  highestStage: Exclude<LifecycleStageId, "decline"> | null;
  /** Periods in stability before the first decline. */
  stabilityPeriods: number;
  /** Period of the first decline, or null. */
  declinePeriod: TrajectoryPeriod | null;
  /** Stage in the last period. */
  finalStage: LifecycleStageId;
}

/** Result of {@link lifecycleTrajectories}. */
export interface LifecycleTrajectoriesResult {
  /** One record per customer, in order of first appearance. */
  customers: LifecycleTrajectoryRecord[];
  meta: {
    customers: number;
    /** Stage observations read. */
    observations: number;
    minStabilityPeriods: number;
    explorationLimit: number | null;
    /** Customers per trajectory id. */
    counts: Record<LifecycleTrajectoryId, number>;
  };
}

/** zod schema of {@link LifecycleTrajectoriesOptions}. */
export const lifecycleTrajectoriesOptionsSchema: OptionsSchema<LifecycleTrajectoriesOptions> = defineOptions<LifecycleTrajectoriesOptions>()({
  customerId: fieldAccessorSchema.optional(),
  period: fieldAccessorSchema.optional(),
  stage: fieldAccessorSchema.optional(),
  stages: fieldAccessorSchema.optional(),
  minStabilityPeriods: z.number().int().min(1).max(10_000).optional(),
  explorationLimit: z.number().int().min(1).max(10_000).optional(),
});

const STAGE_RANK: Record<LifecycleStageId, number> = { exploration: 0, formation: 1, stability: 2, decline: -1 };
const HIGH: Exclude<LifecycleStageId, "decline">[] = ["exploration", "formation", "stability"];

/**
 * Lifecycle trajectories: from each customer's lifecycle stages over periods (as `lifecycleStage` gives
 * them at successive as-of dates), the four patterns of the relationship lifecycle — **long-kept**
 * (长久保持型: at least `minStabilityPeriods` (3) periods in stability before any decline), **aborted in
 * exploration** (早期流产型: declined, or with `explorationLimit` lapsed, without leaving exploration),
 * **died in formation** (中途夭折型: declined from formation), **left early from stability** (提前退出型:
 * declined after fewer than `minStabilityPeriods` stable periods) — or `ongoing` (not decided yet) and
 * `undetermined` (history starts in decline). Only the first decline counts; rules in
 * [docs/churn.md](../../docs/churn.md#lifecycletrajectories). Input: rows `{ customerId, period, stage }`
 * (any order) or, with `stages`, one record per customer with its stages in period order.
 *
 * @returns `customers` (first-appearance order) and `meta` (counts per trajectory, the rules used).
 * @throws {AnalyticsInputError} A missing id, a stage not among the four, a period that is not a finite
 *   number or non-empty text (or numbers mixed with texts), a period twice for one customer, a customer
 *   twice in the sequences form, empty input.
 * @throws {TypeError | RangeError} Bad options, prefixed `lifecycleTrajectories:`.
 * @example
 * const { customers, meta } = lifecycleTrajectories([
 *   { customerId: "a", stages: ["exploration", "formation", "stability", "stability", "stability"] },
 *   { customerId: "b", stages: ["exploration", "decline"] },
 *   { customerId: "c", stages: ["exploration", "formation", "decline"] },
 *   { customerId: "d", stages: ["exploration", "formation", "stability", "decline"] },
 *   { customerId: "e", stages: ["exploration", "formation"] },
 * ], { stages: "stages" });
 * customers.map((c) => c.trajectory);
 * //=> ["long_kept", "aborted_exploration", "died_formation", "left_stability", "ongoing"]
 * meta.counts.long_kept; //=> 1
 * @see Chen Mingliang (陈明亮) (2003), 客户关系生命周期模式与客户保持, on the four lifecycle patterns;
 *   Dwyer, Schurr & Oh (1987), Developing buyer-seller relationships, *Journal of Marketing* 51(2).
 */
export function lifecycleTrajectories<Row = any>(histories: Iterable<Row>, options: LifecycleTrajectoriesOptions<Row> = {}): LifecycleTrajectoriesResult {
  const fn = "lifecycleTrajectories";
  const opts = parseOptions(fn, lifecycleTrajectoriesOptionsSchema, options);
  if (opts.stages !== undefined && (opts.period !== undefined || opts.stage !== undefined)) {
    throw new TypeError(`${fn}: options.stages: give either stages (one record per customer) or period and stage (one row per period), not both`);
  }
  const minStable = opts.minStabilityPeriods ?? 3;
  const limit = opts.explorationLimit ?? null;
  const source = "histories";
  const rows = recordArray(fn, source, histories);
  if (rows.length === 0) throw new AnalyticsInputError(fn, [inputIssue("empty_input", [source], "no stage histories (0 records)")]);
  const issues: InputIssue[] = [];
  let total = 0;
  const add = (code: InputIssueCode, path: IssuePath, message: string, customerId?: string): void => {
    total++;
    if (issues.length < 20) issues.push(inputIssue(code, path, message, customerId));
  };
  const idField = opts.customerId ?? "customerId";
  const getId = fieldReader<Row>(idField as FieldAccessor<Row>);
  const idLabel = fieldLabel(idField, "customerId");
  /** Reads one value of a row; a throwing accessor or getter is an issue, returned as `undefined`. */
  const read = (get: (row: Row, i: number) => unknown, i: number, label: string, missingOk = false): { ok: boolean; value: unknown } => {
    const row = rows[i];
    if (typeof row !== "object" || row === null) return { ok: false, value: undefined };
    try {
      return { ok: true, value: get(row, i) };
    } catch (error) {
      if (!missingOk) add("unreadable_field", [source, i, label], `reading the field threw: ${thrownMessage(error)}`);
      return { ok: false, value: undefined };
    }
  };
  const stageOf = (v: unknown, path: IssuePath, id: string): LifecycleStageId | undefined => {
    if (typeof v === "string" && Object.hasOwn(STAGE_RANK, v)) return v as LifecycleStageId;
    add("invalid_value", path, `expected a lifecycle stage (exploration, formation, stability, decline), got ${describeValue(v)}`, id);
    return undefined;
  };
  // the readers and labels, once (not per row)
  const stagesLabel = opts.stages === undefined ? "" : fieldLabel(opts.stages, "stages");
  const getStages = opts.stages === undefined ? undefined : fieldReader<Row>(opts.stages as FieldAccessor<Row>);
  const periodField = opts.period ?? "period";
  const stageField = opts.stage ?? "stage";
  const pLabel = fieldLabel(periodField, "period");
  const sLabel = fieldLabel(stageField, "stage");
  const getPeriod = fieldReader<Row>(periodField as FieldAccessor<Row>);
  const getStage = fieldReader<Row>(stageField as FieldAccessor<Row>);
  const order: string[] = [];
  const byCustomer = new Map<string, { period: TrajectoryPeriod; stage: LifecycleStageId }[]>();
  /** Rows form: the periods seen per customer (a period twice is an issue). */
  const seenPeriods = new Map<string, Set<TrajectoryPeriod>>();
  let observations = 0;
  let periodKind: "string" | "number" | undefined;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (typeof row !== "object" || row === null) {
      add("invalid_row", [source, i], `expected an object, got ${describeValue(row)}`);
      continue;
    }
    const rawId = read(getId, i, idLabel);
    if (!rawId.ok) continue;
    if (isUnsafeIdNumber(rawId.value)) {
      add("unsafe_customer_id", [source, i, idLabel], unsafeIdMessage(rawId.value as number));
      continue;
    }
    const id = readCustomerId(rawId.value);
    if (id === undefined) {
      add("missing_customer_id", [source, i, idLabel], `expected ${CUSTOMER_ID_RULE}, got ${describeValue(rawId.value)}`);
      continue;
    }
    let list = byCustomer.get(id);
    if (getStages !== undefined) {
      const label = stagesLabel;
      if (list) {
        add("duplicate_customer", [source, i, idLabel], "customer given twice (the sequences form takes one record per customer)", id);
        continue;
      }
      const seq = read(getStages, i, label);
      if (!seq.ok) continue;
      if (!Array.isArray(seq.value) || seq.value.length === 0) {
        add("invalid_value", [source, i, label], `expected a non-empty array of stages, got ${describeValue(seq.value)}`, id);
        continue;
      }
      list = [];
      (seq.value as unknown[]).forEach((v, t) => {
        const stage = stageOf(v, [source, i, label, t], id);
        if (stage) list!.push({ period: t, stage });
      });
      observations += list.length;
      byCustomer.set(id, list);
      order.push(id);
      continue;
    }
    const p = read(getPeriod, i, pLabel);
    const s = read(getStage, i, sLabel);
    if (!p.ok || !s.ok) continue;
    const period = p.value;
    const kind = typeof period === "number" && Number.isFinite(period) ? "number" : typeof period === "string" && period.trim() !== "" ? "string" : undefined;
    if (kind === undefined) {
      add("invalid_value", [source, i, pLabel], `expected a period (a finite number or a non-empty text), got ${describeValue(period)}`, id);
      continue;
    }
    if (periodKind !== undefined && kind !== periodKind) {
      add("invalid_value", [source, i, pLabel], `expected a period of one kind (${periodKind}s, as the first row), got ${describeValue(period)}`, id);
      continue;
    }
    periodKind = kind;
    const stage = stageOf(s.value, [source, i, sLabel], id);
    if (!stage) continue;
    if (!list) {
      list = [];
      byCustomer.set(id, list);
      seenPeriods.set(id, new Set());
      order.push(id);
    }
    const seen = seenPeriods.get(id) as Set<TrajectoryPeriod>;
    // a Set compares as === does here (0 and -0 alike; NaN is not a period)
    if (seen.has(period as TrajectoryPeriod)) {
      add("invalid_value", [source, i, pLabel], `period ${describeValue(period)} given twice for this customer`, id);
      continue;
    }
    seen.add(period as TrajectoryPeriod);
    list.push({ period: (period as number) === 0 ? 0 : (period as TrajectoryPeriod), stage });
    observations++;
  }
  if (issues.length > 0) throw new AnalyticsInputError(fn, issues, total);

  const counts = Object.fromEntries(LIFECYCLE_TRAJECTORIES.map((t) => [t.id, 0])) as Record<LifecycleTrajectoryId, number>;
  const customers: LifecycleTrajectoryRecord[] = order.map((customerId) => {
    const obs = byCustomer.get(customerId)!.slice();
    // numbers numerically, texts by code units (ISO months and dates sort in time order)
    obs.sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : 0));
    const d = obs.findIndex((o) => o.stage === "decline");
    const before = d < 0 ? obs : obs.slice(0, d);
    let high = -1;
    let stable = 0;
    for (const o of before) {
      high = Math.max(high, STAGE_RANK[o.stage]);
      if (o.stage === "stability") stable++;
    }
    let trajectory: LifecycleTrajectoryId;
    let reason: string;
    if (before.length === 0) [trajectory, reason] = ["undetermined", "starts in decline"];
    else if (stable >= minStable) [trajectory, reason] = ["long_kept", "stable"];
    else if (d >= 0) [trajectory, reason] = [(["aborted_exploration", "died_formation", "left_stability"] as const)[high], "declined"];
    else if (high === 0 && limit !== null && before.length >= limit) [trajectory, reason] = ["aborted_exploration", "lapsed"];
    else [trajectory, reason] = ["ongoing", "open"];
    counts[trajectory]++;
    return {
      customerId,
      trajectory,
      reason,
      periods: obs.length,
      firstPeriod: obs[0].period,
      lastPeriod: obs[obs.length - 1].period,
      highestStage: high < 0 ? null : HIGH[high],
      stabilityPeriods: stable,
      declinePeriod: d < 0 ? null : obs[d].period,
      finalStage: obs[obs.length - 1].stage,
    };
  });
  return { customers, meta: { customers: customers.length, observations, minStabilityPeriods: minStable, explorationLimit: limit, counts } };
}
