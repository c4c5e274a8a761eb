// Documented ranges of results, checked on every successful call: shares and probabilities in [0, 1],
// group revenue shares by their own rule (docs/conventions.md), counts non-negative integers, scores
// in 1..bins, days and predictions non-negative, converged fits with a sane log-likelihood. Generic
// rules go by key name; a few functions add their own.

const SHARE = new Set(["share", "valueShare", "customerShare", "cumulativeShare", "shareOfFrom", "pAlive", "churnRate", "retentionRate", "repurchaseRate", "repeatPurchaseRate", "gini"]);
const SHARE_TABLES = new Set(["valueShares"]);
const COUNT = new Set([
  "customers", "count", "n", "promoters", "passives", "detractors", "rowsRead", "rowsUsed", "invalidRows", "ignoredAfterAsOf", "excludedRefunds", "repeatBuyers",
  "up", "down", "same", "new", "lost", "active", "returning", "retained", "reactivated", "activeAtStart", "activeAtEnd", "newLapsed", "size", "cohortSize",
  "purchaseDays", "customersFirstSeenInHoldout", "iterations", "periodIndex", "bestRestart",
]);
const COUNT_TABLES = new Set(["counts", "invalidByCode"]);
const NON_NEGATIVE = new Set(["recencyDays", "tenureDays", "typicalGapDays", "expectedPurchases", "inertia", "distance", "calinskiHarabasz", "overdue", "T", "recency", "frequency"]);
const RANK = new Set(["rank"]);

const isNum = (x: unknown): x is number => typeof x === "number";

/**
 * Group revenue shares (docs/conventions.md): a table whose rows carry `revenueShare` (segments,
 * cluster profiles, segment chart rows). A group's revenue is its `revenue`, or `meanMonetary × size`
 * for cluster profiles. Each share is a finite number or null; null exactly when the total is ≤ 0
 * (either is accepted when the total is within rounding of 0); when the total is positive the shares
 * sum to 1 (within 1e-9 of the sum of their magnitudes, which is 1 unless a group is negative), and
 * each is in [0, 1] when no group's revenue is negative.
 */
function groupRevenueShares(rows: readonly unknown[], path: string): string[] {
  const out: string[] = [];
  const shares: (number | null)[] = [];
  const revenues: (number | null)[] = [];
  const at: number[] = [];
  rows.forEach((row, i) => {
    if (row === null || typeof row !== "object" || !("revenueShare" in row)) return;
    const r = row as Record<string, unknown>;
    const s = r.revenueShare;
    if (s !== null && !(isNum(s) && Number.isFinite(s))) out.push(`${path}[${i}].revenueShare = ${String(s)}: neither a finite number nor null`);
    shares.push(isNum(s) ? s : null);
    at.push(i);
    revenues.push(
      isNum(r.revenue) ? r.revenue : isNum(r.meanMonetary) && isNum(r.size) ? r.meanMonetary * r.size : r.meanMonetary === null && r.size === 0 ? 0 : null,
    );
  });
  if (out.length > 0 || shares.length === 0) return out;
  const nulls = shares.filter((s) => s === null).length;
  if (nulls > 0 && nulls < shares.length) return [`${path}: revenueShare null in ${nulls} of ${shares.length} groups (null for all or none)`];
  const known = revenues.every((r) => r !== null);
  const total = known ? (revenues as number[]).reduce((a, b) => a + b, 0) : null;
  const magnitude = known ? (revenues as number[]).reduce((a, b) => a + Math.abs(b), 0) : 0;
  const nearZero = total !== null && Math.abs(total) <= 1e-9 * magnitude;
  if (nulls === shares.length) {
    if (total !== null && total > 0 && !nearZero) out.push(`${path}: revenueShare null although the total revenue is ${total} > 0`);
    return out;
  }
  if (total !== null && total <= 0 && !nearZero) out.push(`${path}: revenueShare given although the total revenue is ${total} ≤ 0 (must be null)`);
  const sum = (shares as number[]).reduce((a, b) => a + b, 0);
  const size = (shares as number[]).reduce((a, b) => a + Math.abs(b), 0);
  if (!(Math.abs(sum - 1) <= 1e-9 * Math.max(1, size))) out.push(`${path}: revenue shares sum to ${sum}, not 1`);
  const negative = known ? (revenues as number[]).some((r) => r < 0) : (shares as number[]).some((s) => s < 0);
  if (!negative) {
    shares.forEach((s, i) => {
      if (!((s as number) >= 0 && (s as number) <= 1)) out.push(`${path}[${at[i]}].revenueShare = ${s}: outside [0, 1] although no group's revenue is negative`);
    });
  }
  return out;
}

/** Range rules by key, anywhere in a result (chart specs and meta included). */
const SKIP_UNDER: readonly string[] = ["params", "standardErrors", "centroid", "edges", "thresholds", "weights", "breaks", "scale", "axis", "domain"];

export function genericRanges(value: unknown): string[] {
  const skipUnder = SKIP_UNDER;
  const out: string[] = [];
  const walk = (v: unknown, path: string, key: string, parent: string) => {
    if (out.length >= 5) return;
    if (isNum(v)) {
      const where = `${path} = ${v}`;
      if ((SHARE.has(key) || SHARE_TABLES.has(parent)) && !(v >= 0 && v <= 1)) out.push(`${where}: a share/probability outside [0, 1]`);
      if ((COUNT.has(key) || COUNT_TABLES.has(parent)) && !(Number.isInteger(v) && v >= 0)) out.push(`${where}: a count that is not a non-negative integer`);
      if (NON_NEGATIVE.has(key) && !(v >= 0)) out.push(`${where}: negative`);
      if (RANK.has(key) && !(Number.isInteger(v) && v >= 1)) out.push(`${where}: a rank that is not a positive integer`);
      if (key === "silhouette" && !(v >= -1 && v <= 1)) out.push(`${where}: a silhouette outside [-1, 1]`);
      if (key === "nps" && !(v >= -100 && v <= 100)) out.push(`${where}: an NPS outside [-100, 100]`);
      return;
    }
    if (v === null || typeof v !== "object") return;
    if (skipUnder.includes(key)) return;
    if (Array.isArray(v)) {
      if (v.some((x) => x !== null && typeof x === "object" && Object.hasOwn(x, "revenueShare"))) out.push(...groupRevenueShares(v, path));
      v.forEach((x, i) => walk(x, `${path}[${i}]`, key, parent));
    }
    // a column of numbers (output: "columns"): the rules of its key apply to every entry
    else if (ArrayBuffer.isView(v)) (v as unknown as ArrayLike<number>).length > 0 && Array.from(v as unknown as ArrayLike<number>, (x, i) => walk(x, `${path}[${i}]`, key, parent));
    else for (const [k, x] of Object.entries(v)) walk(x, `${path}.${k}`, k, key);
  };
  walk(value, "", "", "");
  return out;
}

/**
 * The customer records of a result: `customers`, or the records of `columns` (`output: "columns"`), with
 * a problem when the columns' lengths differ.
 */
export function customerRecords(value: any, out: string[]): any[] {
  if (Array.isArray(value?.customers)) return value.customers;
  const columns = value?.columns;
  if (columns === null || typeof columns !== "object") {
    out.push("neither customers nor columns in the result");
    return [];
  }
  // a column that is null (a field null in every record, e.g. segmentRfm's scores without scoring) is null in each record
  const keys = Object.keys(columns);
  const first = keys.find((k) => columns[k] !== null) ?? keys[0];
  const n = columns[first]?.length ?? 0;
  for (const k of keys) if (columns[k] !== null && columns[k]?.length !== n) out.push(`columns.${k} has ${columns[k]?.length} entries, columns.${first} ${n}`);
  return Array.from({ length: n }, (_, i) => Object.fromEntries(keys.map((k) => [k, columns[k] === null ? null : columns[k][i]])));
}

/** Scores r, f, m of each customer are integers in 1..bins of their dimension (null when not scored). */
export function scoreRanges(value: any): string[] {
  const out: string[] = [];
  const bins = { r: value.meta?.recency?.bins, f: value.meta?.frequency?.bins, m: value.meta?.monetary?.bins } as Record<string, unknown>;
  customerRecords(value, out).forEach((c, i) => {
    for (const d of ["r", "f", "m"]) {
      const s = c[d];
      if (s === null || s === undefined) continue;
      const b = bins[d];
      if (!isNum(b) || !(Number.isInteger(s) && s >= 1 && s <= b)) out.push(`customers[${i}].${d} = ${s}: not an integer score in 1..${String(b)}`);
    }
  });
  return out;
}

/** A model fit: converged only at a finite, non-positive log-likelihood with parameters off 0 and ∞. */
export function fitRanges(value: any): string[] {
  const out = genericRanges(value);
  const params = value.params as Record<string, number>;
  for (const [k, p] of Object.entries(params)) if (!(p > 0)) out.push(`params.${k} = ${p}: not positive`);
  if (value.diagnostics?.converged === true) {
    if (!(value.logLikelihood <= 0)) out.push(`converged: true at logLikelihood ${value.logLikelihood} > 0`);
    for (const [k, p] of Object.entries(params)) if (!(p > 1e-8 && p < 1e8)) out.push(`converged: true with params.${k} = ${p} (running to 0 or ∞)`);
  }
  return out;
}

/** Predictions: non-negative expected purchases / spend / CLV, pAlive in [0, 1]. */
export function predictionRanges(value: any): string[] {
  const out = genericRanges(value);
  customerRecords(value, out).forEach((c, i) => {
    for (const k of ["expectedPurchases", "expectedSpend", "clv"]) if (k in c && !(c[k] >= 0)) out.push(`customers[${i}].${k} = ${c[k]}: negative`);
  });
  return out;
}
