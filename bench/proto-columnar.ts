/**
 * Prototype: what the columnar path (dictionary-encoded ids, Int32Array epoch days, Float64Array
 * amounts) could cost with the public API unchanged, to size the work behind the targets.
 *
 * Differences from src (results are checked to be identical to summarizeTransactions + scoreRfm):
 * - Each dictionary is canonicalised once (dictionary code -> canonical code) with the open-addressing
 *   interner of bench/interners.ts instead of a Map, so ids are still compared as text (duplicate
 *   dictionary entries are merged) but each distinct entry is hashed once and no row is hashed.
 * - One fused pass over the rows: validation, first-appearance customer codes and the aggregates
 *   together; no normalised copies of the columns (saves 4 + 4 + 8 + 4 bytes per row).
 * - Scoring reads the summaries' typed columns directly (src's scoreColumns), skipping readCustomers
 *   (no per-record re-validation, duplicate Map or per-value path strings), and cell strings are cached.
 * Only the happy path is prototyped (it throws on the first bad row instead of reporting issues).
 *
 *   node --max-old-space-size=8192 --expose-gc --import tsx bench/proto-columnar.ts [1m|10m] [runs] [orders|noorder] [v1|v2]
 *
 * v1: fused pass with separate per-customer arrays and a dense first-appearance remap in the row loop;
 * v2 (default): per-customer state interleaved in one array, first-appearance order restored by a sort.
 */
import { isoDateFromDays } from "../src/input/dates.js";
import { planScoring, scoreColumns, scoreRfm, type RfmScore } from "../src/rfm/scoreRfm.js";
import { summarizeTransactions, type CustomerSummary } from "../src/summary/summarizeTransactions.js";
import { parseSize } from "./cases.js";
import { AS_OF, generateColumns, type DictionaryColumn, type GeneratedColumns } from "./generate.js";
import { InterleavedInterner } from "./interners.js";

const AS_OF_DAY = 19_722; // 2023-12-31

/** Dictionary code -> canonical code (first occurrence of the same text in the dictionary). */
function canonicalise(dict: DictionaryColumn): { canon: Int32Array; texts: string[] } {
  const interner = new InterleavedInterner(dict.dictionary.length);
  const canon = new Int32Array(dict.dictionary.length);
  for (let k = 0; k < dict.dictionary.length; k++) {
    const text = dict.dictionary[k];
    if (typeof text !== "string" || text.trim().length === 0) throw new Error(`bad dictionary entry ${k}`);
    canon[k] = interner.intern(text);
  }
  return { canon, texts: interner.keys };
}

interface FastSummary {
  customers: CustomerSummary[];
  ids: string[];
  recency: Float64Array;
  frequency: Float64Array;
  monetary: Float64Array;
}

function summarizeColumnsFast(cols: GeneratedColumns, asOfDay: number): FastSummary {
  const n = cols.customerId.codes.length;
  const cust = canonicalise(cols.customerId);
  const ord = cols.orderId ? canonicalise(cols.orderId) : null;
  const nCanon = cust.texts.length;
  const dense = new Int32Array(nCanon).fill(-1); // canonical code -> dense code (first appearance)
  const ids: string[] = [];
  const first = new Int32Array(nCanon).fill(2_147_483_647);
  const last = new Int32Array(nCanon).fill(-2_147_483_648);
  const sum = new Float64Array(nCanon);
  const comp = new Float64Array(nCanon);
  const orders = new Int32Array(nCanon);
  const owner = ord ? new Int32Array(ord.texts.length).fill(-1) : null;
  let shared: Set<number> | null = null;
  const codes = cols.customerId.codes;
  const ocodes = cols.orderId?.codes;
  const { date, amount } = cols;
  const nDict = cust.canon.length;
  const nOrdDict = ord ? ord.canon.length : 0;
  for (let i = 0; i < n; i++) {
    const k = codes[i];
    const d = date[i];
    const a = amount[i];
    if (!(k >= 0 && k < nDict) || d > asOfDay || !Number.isFinite(a)) throw new Error(`row ${i}: bad row (prototype: happy path only)`);
    let c = dense[cust.canon[k]];
    if (c < 0) {
      c = ids.length;
      dense[cust.canon[k]] = c;
      ids.push(cust.texts[cust.canon[k]]);
    }
    const s = sum[c];
    const t = s + a;
    comp[c] += Math.abs(s) >= Math.abs(a) ? s - t + a : a - t + s;
    sum[c] = t;
    if (a < 0) continue;
    if (d < first[c]) first[c] = d;
    if (d > last[c]) last[c] = d;
    if (owner === null) orders[c]++;
    else {
      const ok = (ocodes as Int32Array)[i];
      if (!(ok >= 0 && ok < nOrdDict)) throw new Error(`row ${i}: bad order code`);
      const o = (ord as { canon: Int32Array }).canon[ok];
      const w = owner[o];
      if (w === -1) {
        owner[o] = c;
        orders[c]++;
      } else if (w !== c) {
        shared ??= new Set();
        const key = o * 4_194_304 + c; // exact while o < 2^31 and c < 2^22 (prototype)
        if (!shared.has(key)) {
          shared.add(key);
          orders[c]++;
        }
      }
    }
  }
  const nC = ids.length;
  const isoCache = new Map<number, string>();
  const iso = (d: number): string => {
    let s = isoCache.get(d);
    if (s === undefined) isoCache.set(d, (s = isoDateFromDays(d)));
    return s;
  };
  const customers: CustomerSummary[] = [];
  const recency = new Float64Array(nC);
  const frequency = new Float64Array(nC);
  const monetary = new Float64Array(nC);
  for (let c = 0; c < nC; c++) {
    const f = orders[c];
    if (f === 0) throw new Error("prototype: refund-only customers not handled");
    const total = sum[c] + comp[c] + 0;
    const j = customers.length;
    recency[j] = asOfDay - last[c];
    frequency[j] = f;
    monetary[j] = total;
    customers.push({
      customerId: ids[c],
      firstPurchase: iso(first[c]),
      lastPurchase: iso(last[c]),
      recencyDays: asOfDay - last[c],
      frequency: f,
      monetary: total,
      tenureDays: asOfDay - first[c],
      averageOrderValue: total / f,
    });
  }
  return { customers, ids, recency, frequency, monetary };
}

/**
 * Variant 2: per-customer state interleaved in one Float64Array (sum, compensation, first day, last
 * day, orders, first row: one 64-byte slot per customer, so one cache miss per row instead of five),
 * aggregated by canonical dictionary code (no dense remap in the row loop; when every dictionary
 * entry is distinct the canonical code is the dictionary code itself); customers are put in
 * first-appearance order afterwards by sorting on their first row.
 */
function summarizeColumnsFast2(cols: GeneratedColumns, asOfDay: number): FastSummary {
  const n = cols.customerId.codes.length;
  const cust = canonicalise(cols.customerId);
  const ord = cols.orderId ? canonicalise(cols.orderId) : null;
  const isIdentity = (canon: Int32Array): boolean => {
    for (let k = 0; k < canon.length; k++) if (canon[k] !== k) return false;
    return true;
  };
  const custCanon = isIdentity(cust.canon) ? null : cust.canon;
  const ordCanon = ord && !isIdentity(ord.canon) ? ord.canon : null;
  const nCanon = cust.texts.length;
  const S = 8;
  const st = new Float64Array(nCanon * S);
  for (let c = 0; c < nCanon; c++) {
    st[c * S + 2] = Infinity; // first day
    st[c * S + 3] = -Infinity; // last day
    st[c * S + 5] = -1; // first row
  }
  const owner = ord ? new Int32Array(ord.texts.length).fill(-1) : null;
  let shared: Set<number> | null = null;
  const codes = cols.customerId.codes;
  const ocodes = cols.orderId?.codes;
  const { date, amount } = cols;
  const nDict = cust.canon.length;
  const nOrdDict = ord ? ord.canon.length : 0;
  for (let i = 0; i < n; i++) {
    const k = codes[i];
    const d = date[i];
    const a = amount[i];
    if (!(k >= 0 && k < nDict) || d > asOfDay || !Number.isFinite(a)) throw new Error(`row ${i}: bad row (prototype: happy path only)`);
    const c = custCanon === null ? k : custCanon[k];
    const b = c * S;
    if (st[b + 5] < 0) st[b + 5] = i;
    const s = st[b];
    const t = s + a;
    st[b + 1] += Math.abs(s) >= Math.abs(a) ? s - t + a : a - t + s;
    st[b] = t;
    if (a < 0) continue;
    if (d < st[b + 2]) st[b + 2] = d;
    if (d > st[b + 3]) st[b + 3] = d;
    if (owner === null) st[b + 4]++;
    else {
      const ok = (ocodes as Int32Array)[i];
      if (!(ok >= 0 && ok < nOrdDict)) throw new Error(`row ${i}: bad order code`);
      const o = ordCanon === null ? ok : ordCanon[ok];
      const w = owner[o];
      if (w === -1) {
        owner[o] = c;
        st[b + 4]++;
      } else if (w !== c) {
        shared ??= new Set();
        const key = o * 4_194_304 + c; // exact while o < 2^31 and c < 2^22 (prototype)
        if (!shared.has(key)) {
          shared.add(key);
          st[b + 4]++;
        }
      }
    }
  }
  // First-appearance order: sort (first row, code) packed in one double.
  let used = 0;
  for (let c = 0; c < nCanon; c++) if (st[c * S + 5] >= 0) used++;
  const keys = new Float64Array(used);
  for (let c = 0, j = 0; c < nCanon; c++) if (st[c * S + 5] >= 0) keys[j++] = st[c * S + 5] * 4_194_304 + c;
  keys.sort();
  const isoCache = new Map<number, string>();
  const iso = (d: number): string => {
    let s = isoCache.get(d);
    if (s === undefined) isoCache.set(d, (s = isoDateFromDays(d)));
    return s;
  };
  const ids: string[] = new Array(used);
  const customers: CustomerSummary[] = new Array(used);
  const recency = new Float64Array(used);
  const frequency = new Float64Array(used);
  const monetary = new Float64Array(used);
  for (let j = 0; j < used; j++) {
    const c = keys[j] % 4_194_304;
    const b = c * S;
    const f = st[b + 4];
    if (f === 0) throw new Error("prototype: refund-only customers not handled");
    const total = st[b] + st[b + 1] + 0;
    const first = st[b + 2];
    const last = st[b + 3];
    ids[j] = cust.texts[c];
    recency[j] = asOfDay - last;
    frequency[j] = f;
    monetary[j] = total;
    customers[j] = {
      customerId: ids[j],
      firstPurchase: iso(first),
      lastPurchase: iso(last),
      recencyDays: asOfDay - last,
      frequency: f,
      monetary: total,
      tenureDays: asOfDay - first,
      averageOrderValue: total / f,
    };
  }
  return { customers, ids, recency, frequency, monetary };
}

const cellCache: string[] = [];
const cell = (r: number, f: number, m: number): string => {
  const key = r * 121 + f * 11 + m;
  return (cellCache[key] ??= r < 10 && f < 10 && m < 10 ? `${r}${f}${m}` : `${r}-${f}-${m}`);
};

function scoreFast(s: FastSummary): RfmScore[] {
  const plan = planScoring("scoreRfm", {});
  const { r, f, m } = scoreColumns({ ids: s.ids, recencyDays: s.recency, frequency: s.frequency, monetary: s.monetary }, plan);
  const n = s.ids.length;
  const out: RfmScore[] = new Array(n);
  for (let i = 0; i < n; i++) {
    out[i] = { customerId: s.ids[i], recencyDays: s.recency[i], frequency: s.frequency[i], monetary: s.monetary[i], r: r[i], f: f[i], m: m[i], cell: cell(r[i], f[i], m[i]) };
  }
  return out;
}

const gc = (): void => (globalThis as { gc?: () => void }).gc?.();
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1];

function main(): void {
  const [sizeArg, runsArg, orderArg, variantArg] = process.argv.slice(2);
  const summarize = variantArg === "v1" ? summarizeColumnsFast : summarizeColumnsFast2;
  const size = sizeArg ?? "10m";
  const runs = Number(runsArg ?? 3);
  const spec = parseSize(size);
  const withOrders = orderArg !== "noorder";

  // Correctness: identical output to src on a 200k-row log (and warm-up).
  const small = generateColumns({ nTransactions: 200_000, nCustomers: 20_000, seed: 3 }, withOrders);
  for (let w = 0; w < 3; w++) {
    const fast = summarize(small, AS_OF_DAY);
    const ref = summarizeTransactions(small as never, { asOf: AS_OF });
    if (JSON.stringify(fast.customers) !== JSON.stringify(ref.customers)) throw new Error("summaries differ from src");
    const fs = scoreFast(fast);
    if (JSON.stringify(fs) !== JSON.stringify(scoreRfm(ref.customers).scores)) throw new Error("scores differ from src");
  }
  gc();
  const cols = generateColumns(spec, withOrders);
  gc();
  const rssInput = process.resourceUsage().maxRSS / 1024;
  const sums: number[] = [];
  const scores: number[] = [];
  for (let r = 0; r < runs; r++) {
    gc();
    const t0 = performance.now();
    const s = summarize(cols, AS_OF_DAY);
    const t1 = performance.now();
    const sc = scoreFast(s);
    const t2 = performance.now();
    if (sc.length !== spec.nCustomers) throw new Error("wrong customer count");
    sums.push((t1 - t0) / 1000);
    scores.push((t2 - t1) / 1000);
    process.stderr.write(`  run ${r + 1}: summaries ${sums[r].toFixed(3)} s, scores ${scores[r].toFixed(3)} s\n`);
  }
  const total = sums.map((x, i) => x + scores[i]);
  process.stdout.write(
    `prototype columnar path ${variantArg === "v1" ? "v1" : "v2"}, ${withOrders ? "columns" : "columns-noorder"} ${size}: summaries ${median(sums).toFixed(2)} s, scores ${median(scores).toFixed(2)} s, ` +
      `total ${median(total).toFixed(2)} s (median of ${runs}); peak RSS after generation ${rssInput.toFixed(0)} MB, peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB\n`,
  );
}

main();
