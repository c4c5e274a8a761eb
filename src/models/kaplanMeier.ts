import { z } from "zod";
import { AnalyticsInputError, describeValue, inputIssue, type InputIssue } from "../errors.js";
import { defineOptions, parseOptions, type OptionsSchema } from "../options.js";
import { exp, log } from "../internal/elementary.js";
import { invert } from "../internal/bfgs.js";
import { chiSquareUpperTail, normalQuantile } from "../internal/incompleteGamma.js";

/** One subject for {@link kaplanMeier}: how long it was observed, and whether the event (the end) happened then. */
export interface SurvivalRecord {
  /** Time from the start (first purchase, contract start) to the event or to censoring: a finite number ≥ 0. */
  duration: number;
  /** `true`: the event (lapse, contract end) happened at `duration`; `false`: still going then (censored). */
  event: boolean;
  /** Group (cohort, segment) for separate curves and the log-rank test; all records or none. */
  group?: string;
}

/** Options of {@link kaplanMeier}. */
export interface KaplanMeierOptions {
  /** Level of the pointwise confidence band, in (0, 1) (default 0.95). */
  confidenceLevel?: number;
}

/** Schema of {@link KaplanMeierOptions}. */
export const kaplanMeierOptionsSchema: OptionsSchema<KaplanMeierOptions> = defineOptions<KaplanMeierOptions>()({
  confidenceLevel: z.number().gt(0).lt(1).optional(),
});

/** One point of a Kaplan–Meier curve: a distinct time of one group (event or censoring times alike, as R's survfit). */
export interface SurvivalPoint {
  /** The group (`"all"` without groups). */
  group: string;
  time: number;
  /** Subjects with duration ≥ time. */
  atRisk: number;
  /** Events at this time. */
  events: number;
  /** Subjects censored at this time. */
  censored: number;
  /** Kaplan–Meier estimate S(time) = Π (1 − events/atRisk) over times ≤ time. */
  survival: number;
  /** Greenwood standard error of S: S·√Σ d/(n(n−d)); null where that is not finite (S = 0). */
  standardError: number | null;
  /** Lower end of the band on the log scale (R survfit's default `conf.type = "log"`): S·e^(−z·σ); null where σ is not finite. */
  lower: number | null;
  /** Upper end: min(1, S·e^(z·σ)), σ = √Σ d/(n(n−d)); null where σ is not finite. */
  upper: number | null;
}

/** The summary of one group's curve. */
export interface SurvivalGroupSummary {
  group: string;
  /** Subjects in the group. */
  subjects: number;
  /** Events in the group. */
  events: number;
  /**
   * Median time (R's definition, `quantile.survfit`): the first time S ≤ 0.5; where S equals 0.5 on a
   * flat stretch, the midpoint between that stretch's start and the next drop; null when S stays above 0.5.
   */
  median: number | null;
  /** The same rule applied to the lower band (R's median 0.95LCL); null when it never reaches 0.5. */
  medianLower: number | null;
  /** The same rule applied to the upper band (R's 0.95UCL). */
  medianUpper: number | null;
}

/** The log-rank test between groups (R's `survdiff`, rho = 0). */
export interface LogRankTest {
  chiSquare: number;
  /** Degrees of freedom: the number of groups − 1. */
  df: number;
  pValue: number;
  /** Observed and expected events per group. */
  groups: { group: string; observed: number; expected: number }[];
}

/** `meta` of {@link kaplanMeier}. */
export interface KaplanMeierMeta {
  confidenceLevel: number;
  /** The band's transform: `"log"`, as R survfit's default. */
  transform: "log";
  /** One summary per group, groups in code-point order. */
  groups: SurvivalGroupSummary[];
  /** The log-rank test; null with one group (or when no group has an event). */
  logRank: LogRankTest | null;
}

/** Result of {@link kaplanMeier}. */
export interface KaplanMeierResult {
  /** The curves: one point per distinct time per group, groups in code-point order, times increasing. */
  points: SurvivalPoint[];
  meta: KaplanMeierMeta;
}

/** Durations, events and group codes, read and checked. */
export interface SurvivalData {
  duration: Float64Array;
  event: Uint8Array;
  group: Int32Array;
  groups: string[];
}

const TOLERANCE = Math.sqrt(Number.EPSILON);

/** R's `findq` (survival's quantile.survfit) for p = 0.5 on a step curve given at its jump times. */
function medianOf(time: readonly number[], surv: readonly (number | null)[]): number | null {
  // keep the first point of each flat stretch (values that repeat the previous one add nothing)
  const t: number[] = [];
  const s: number[] = [];
  let prev = 1;
  for (let i = 0; i < time.length; i++) {
    const v = surv[i];
    if (v === null) continue;
    if (t.length > 0 && v === prev) continue;
    t.push(time[i]);
    s.push(v);
    prev = v;
  }
  for (let i = 0; i < t.length; i++) {
    if (Math.abs(s[i] - 0.5) < TOLERANCE) return i + 1 < t.length ? (t[i] + t[i + 1]) / 2 : t[i];
    if (s[i] < 0.5) return t[i];
  }
  return null;
}

/** Kaplan–Meier curves, group summaries and the log-rank test of read survival data. */
export function kaplanMeierOf(d: SurvivalData, confidenceLevel: number): KaplanMeierResult {
  // from the lower tail: 1 − (1 − level)/2 rounds to 1 for a level within 1e-16 of 1 (its quantile was NaN)
  const z = -normalQuantile((1 - confidenceLevel) / 2);
  const G = d.groups.length;
  const n = d.duration.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => d.duration[i] - d.duration[j]);
  const points: SurvivalPoint[] = [];
  const summaries: SurvivalGroupSummary[] = [];
  for (let g = 0; g < G; g++) {
    const idx = order.filter((i) => d.group[i] === g);
    let atRisk = idx.length;
    let S = 1;
    let v = 0; // Σ d/(n(n−d))
    const times: number[] = [];
    const surv: number[] = [];
    const lows: (number | null)[] = [];
    const ups: (number | null)[] = [];
    let events = 0;
    for (let k = 0; k < idx.length; ) {
      const time = d.duration[idx[k]];
      let ev = 0;
      let ce = 0;
      while (k < idx.length && d.duration[idx[k]] === time) {
        if (d.event[idx[k]]) ev++;
        else ce++;
        k++;
      }
      if (ev > 0) {
        S *= (atRisk - ev) / atRisk;
        v = ev === atRisk ? Number.POSITIVE_INFINITY : v + ev / (atRisk * (atRisk - ev));
      }
      const sigma = Math.sqrt(v);
      const finite = Number.isFinite(sigma) && S > 0;
      const lower = finite ? S * exp(-z * sigma) : null;
      const upper = finite ? Math.min(1, S * exp(z * sigma)) : null;
      points.push({ group: d.groups[g], time, atRisk, events: ev, censored: ce, survival: S, standardError: finite ? S * sigma : null, lower, upper });
      times.push(time);
      surv.push(S);
      lows.push(lower);
      ups.push(upper);
      events += ev;
      atRisk -= ev + ce;
    }
    summaries.push({ group: d.groups[g], subjects: idx.length, events, median: medianOf(times, surv), medianLower: medianOf(times, lows), medianUpper: medianOf(times, ups) });
  }
  return { points, meta: { confidenceLevel, transform: "log", groups: summaries, logRank: logRank(d, order) } };
}

/** The log-rank statistic (O − E)ᵀ V⁻¹ (O − E) over the first G − 1 groups (R survdiff, rho = 0). */
function logRank(d: SurvivalData, order: readonly number[]): LogRankTest | null {
  const G = d.groups.length;
  if (G < 2) return null;
  const atRisk = new Float64Array(G);
  for (let i = 0; i < d.group.length; i++) atRisk[d.group[i]]++;
  const O = new Float64Array(G);
  const E = new Float64Array(G);
  const V = Array.from({ length: G }, () => new Float64Array(G));
  const ev = new Float64Array(G);
  const out = new Float64Array(G);
  for (let k = 0; k < order.length; ) {
    const time = d.duration[order[k]];
    ev.fill(0);
    out.fill(0);
    while (k < order.length && d.duration[order[k]] === time) {
      const i = order[k];
      if (d.event[i]) ev[d.group[i]]++;
      out[d.group[i]]++;
      k++;
    }
    let dt = 0;
    let nt = 0;
    for (let g = 0; g < G; g++) {
      dt += ev[g];
      nt += atRisk[g];
    }
    if (dt > 0) {
      const f = nt > 1 ? (dt * (nt - dt)) / (nt - 1) : 0;
      for (let g = 0; g < G; g++) {
        O[g] += ev[g];
        const pg = atRisk[g] / nt;
        E[g] += dt * pg;
        for (let h = 0; h < G; h++) V[g][h] += f * pg * ((g === h ? 1 : 0) - atRisk[h] / nt);
      }
    }
    for (let g = 0; g < G; g++) atRisk[g] -= out[g];
  }
  const m = G - 1;
  const sub = Array.from({ length: m }, (_, i) => Array.from({ length: m }, (_, j) => V[i][j]));
  const inv = invert(sub);
  if (!inv) return null;
  let chi = 0;
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) chi += (O[i] - E[i]) * inv[i][j] * (O[j] - E[j]);
  if (!Number.isFinite(chi)) return null;
  return { chiSquare: chi, df: m, pValue: chiSquareUpperTail(chi, m), groups: d.groups.map((group, g) => ({ group, observed: O[g], expected: E[g] })) };
}

/** Group labels in code-point order, and each record's code. */
export function groupCodes(labels: readonly (string | undefined)[]): { group: Int32Array; groups: string[] } {
  const groups = [...new Set(labels.map((l) => l ?? "all"))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const code = new Map(groups.map((g, i) => [g, i]));
  return { group: Int32Array.from(labels, (l) => code.get(l ?? "all") as number), groups };
}

/**
 * Kaplan–Meier survival curves from durations and event flags (contract ends, lapses), as R's
 * `survival::survfit` computes them: one point per distinct time (censoring-only times included), the
 * Greenwood standard error, a pointwise band on the log scale (R's default `conf.type = "log"`), and
 * per group the median with its confidence limits (R's rule) and the log-rank test between groups
 * (`survdiff`). For customers from a transaction log, see {@link customerSurvival}.
 *
 * @param records - {@link SurvivalRecord}s: `{ duration, event, group? }`.
 * @returns `points` (groups in code-point order, times increasing) and `meta` (`groups` summaries, `logRank`).
 * @throws {AnalyticsInputError} A duration not finite and ≥ 0, an event not boolean, a group not a
 *   non-blank string or given on some records only (`invalid_value` at `["records", i, field]`); no records (`empty_input`).
 * @throws {RangeError} `confidenceLevel` outside (0, 1).
 *
 * @example
 * const { points, meta } = kaplanMeier([
 *   { duration: 1, event: true }, { duration: 2, event: false }, { duration: 3, event: true }, { duration: 4, event: true },
 * ]);
 * points.map((p) => [p.time, p.atRisk, p.events, p.survival]);
 * //=> [[1, 4, 1, 0.75], [2, 3, 0, 0.75], [3, 2, 1, 0.375], [4, 1, 1, 0]]
 * meta.groups[0].median; //=> 3
 *
 * @see Kaplan, E. L. & Meier, P. (1958). Nonparametric estimation from incomplete observations. JASA 53,
 *   457–481. Therneau, T. M. survival: a package for survival analysis in R (survfit, survdiff).
 */
export function kaplanMeier(records: Iterable<SurvivalRecord>, options: KaplanMeierOptions = {}): KaplanMeierResult {
  const fn = "kaplanMeier";
  const { confidenceLevel } = parseOptions(fn, kaplanMeierOptionsSchema, options);
  if (records === null || typeof records !== "object" || typeof (records as Iterable<unknown>)[Symbol.iterator] !== "function") {
    throw new TypeError(`${fn}: records must be an iterable of { duration, event, group? }, got ${describeValue(records)}`);
  }
  const issues: InputIssue[] = [];
  const dur: number[] = [];
  const evt: number[] = [];
  const labels: (string | undefined)[] = [];
  let withGroup = 0;
  let i = 0;
  const add = (path: (string | number)[], message: string) => {
    if (issues.length < 20) issues.push(inputIssue("invalid_value", path, message));
  };
  for (const r of records as Iterable<unknown>) {
    const rec = r as Partial<SurvivalRecord> | null;
    if (rec === null || typeof rec !== "object") {
      if (issues.length < 20) issues.push(inputIssue("invalid_row", ["records", i], `expected { duration, event, group? }, got ${describeValue(r)}`));
    } else {
      if (!(typeof rec.duration === "number" && rec.duration >= 0 && Number.isFinite(rec.duration))) add(["records", i, "duration"], `expected a finite number >= 0, got ${describeValue(rec.duration)}`);
      if (typeof rec.event !== "boolean") add(["records", i, "event"], `expected true or false, got ${describeValue(rec.event)}`);
      if (rec.group !== undefined) {
        withGroup++;
        if (!(typeof rec.group === "string" && rec.group.trim() !== "")) add(["records", i, "group"], `expected a non-blank string, got ${describeValue(rec.group)}`);
      }
      dur.push(rec.duration as number);
      evt.push(rec.event ? 1 : 0);
      labels.push(rec.group);
    }
    i++;
  }
  if (withGroup > 0 && withGroup < i && issues.length === 0) {
    const at = labels.findIndex((l) => l === undefined);
    issues.push(inputIssue("invalid_value", ["records", at, "group"], "expected a group: some records have one, so every record needs one"));
  }
  if (issues.length > 0) throw new AnalyticsInputError(fn, issues);
  if (i === 0) throw new AnalyticsInputError(fn, [inputIssue("empty_input", ["records"], "no records")]);
  const { group, groups } = groupCodes(labels);
  return kaplanMeierOf({ duration: Float64Array.from(dur), event: Uint8Array.from(evt), group, groups }, confidenceLevel ?? 0.95);
}
