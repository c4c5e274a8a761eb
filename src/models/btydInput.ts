import { AnalyticsInputError, describeValue, type InputIssue } from "../errors.js";

/** A customer as the BTYD models see it (lifetimes' summary): repeat periods, recency, age. */
export interface BtydRecord {
  customerId?: string | number;
  /** Repeat purchase periods (lifetimes' `frequency`): integer ≥ 0. */
  frequency: number;
  /** Time from the first to the last purchase, in the data's time unit (0 when frequency is 0). */
  recency: number;
  /** Time from the first purchase to the end of the observation, same unit; T ≥ recency. */
  T: number;
  /** Mean spend per repeat purchase (Gamma-Gamma only). */
  monetaryValue?: number;
}

/** Reads BTYD records into columns, checking lifetimes' constraints with paths like `customers[3].recency`. */
export function readBtyd(fn: string, records: readonly BtydRecord[], needMonetary = false): { ids: string[]; x: Float64Array; tx: Float64Array; T: Float64Array; m: Float64Array } {
  if (!Array.isArray(records)) throw new TypeError(`${fn}: customers must be an array of { frequency, recency, T } records, got ${describeValue(records)}`);
  const n = records.length;
  if (n === 0) throw new AnalyticsInputError(fn, [{ path: "customers", code: "empty_input", message: "customers: no customers" }]);
  const ids: string[] = new Array(n);
  const x = new Float64Array(n);
  const tx = new Float64Array(n);
  const T = new Float64Array(n);
  const m = new Float64Array(n);
  const issues: InputIssue[] = [];
  const bad = (i: number, f: string, what: string) => {
    if (issues.length < 20) issues.push({ path: `customers[${i}].${f}`, code: "invalid_value", message: `customers[${i}].${f}: ${what}` });
  };
  records.forEach((r, i) => {
    ids[i] = r?.customerId === undefined ? String(i) : String(r.customerId);
    const { frequency: f, recency: rc, T: t } = r ?? ({} as BtydRecord);
    if (typeof f !== "number" || !Number.isInteger(f) || f < 0) bad(i, "frequency", `expected an integer >= 0, got ${describeValue(f)}`);
    if (typeof rc !== "number" || !Number.isFinite(rc) || rc < 0) bad(i, "recency", `expected a finite number >= 0, got ${describeValue(rc)}`);
    if (typeof t !== "number" || !Number.isFinite(t) || t <= 0) bad(i, "T", `expected a finite number > 0, got ${describeValue(t)}`);
    else if (typeof rc === "number" && rc > t) bad(i, "recency", `recency ${rc} is after T ${t}`);
    if (f === 0 && rc !== 0 && typeof rc === "number") bad(i, "recency", `expected 0 when frequency is 0, got ${rc}`);
    x[i] = f;
    tx[i] = rc;
    T[i] = t;
    if (needMonetary) {
      const mv = r?.monetaryValue;
      if (typeof mv !== "number" || !Number.isFinite(mv) || mv < 0) bad(i, "monetaryValue", `expected a finite number >= 0, got ${describeValue(mv)}`);
      else m[i] = mv;
    }
  });
  if (issues.length > 0) throw new AnalyticsInputError(fn, issues);
  return { ids, x, tx, T, m };
}

/**
 * Identical (x, t_x, T) rows grouped with weights: the likelihood is a weighted sum over distinct
 * triples, which real data has far fewer of than customers (CDNOW: 2,357 customers, fewer triples).
 */
export function groupTriples(x: Float64Array, tx: Float64Array, T: Float64Array): { x: Float64Array; tx: Float64Array; T: Float64Array; w: Float64Array } {
  const index = new Map<string, number>();
  const ux: number[] = [];
  const utx: number[] = [];
  const uT: number[] = [];
  const w: number[] = [];
  for (let i = 0; i < x.length; i++) {
    const key = `${x[i]},${tx[i]},${T[i]}`;
    const k = index.get(key);
    if (k === undefined) {
      index.set(key, w.length);
      ux.push(x[i]);
      utx.push(tx[i]);
      uT.push(T[i]);
      w.push(1);
    } else w[k]++;
  }
  return { x: Float64Array.from(ux), tx: Float64Array.from(utx), T: Float64Array.from(uT), w: Float64Array.from(w) };
}
