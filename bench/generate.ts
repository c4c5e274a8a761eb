/**
 * Deterministic synthetic transaction logs for the benchmarks (no dependencies).
 *
 * The log has `nTransactions` rows (order lines) over exactly `nCustomers` customers:
 *
 * - Orders: each order has 1 line (60 %), 2 lines (25 %) or 3 lines (15 %), 1.55 lines on average;
 *   all lines of an order share the customer, the date and the order id. Orders are shuffled, so the
 *   rows are neither sorted by customer nor by date (as in an unsorted export).
 * - Customers: every customer has at least one order (so the output has exactly `nCustomers`
 *   customers); the remaining orders go to customers in proportion to a per-customer Gamma(0.5, 1)
 *   weight (the heterogeneity behind the NBD/BG-NBD models), so a minority buys most often
 *   (at 1M and 10M rows the top 20 % of customers hold about 60 % of the orders; the busiest one has
 *   about 100 to 130 orders, the median customer 3).
 * - Dates: uniform over 2021-01-01 .. 2023-12-31 (per order).
 * - Amounts: lognormal per line, exp(N(3.5, 1)) rounded to cents (median ~33, mean ~54); no refunds.
 * - Ids: customer `C0001234` (8 chars), order `O000012345` (10 chars).
 *
 * Two shapes from the same random stream (so both hold the same data):
 *
 * - {@link generateRecords}: `{ customerId, date: "YYYY-MM-DD", amount, orderId }` objects. Every id and
 *   date string is a fresh string object built per row, as a CSV parser would produce (no string
 *   instance is shared between rows), so the library has to hash each id string.
 * - {@link generateColumns}: `customerId` and `orderId` as `{ codes: Int32Array, dictionary: string[] }`
 *   (as from a dictionary-encoded Arrow/Parquet column), `date` as an `Int32Array` of epoch days and
 *   `amount` as a `Float64Array`. `withOrders: false` omits `orderId` (frequency then counts rows).
 */
import { mulberry32 } from "../src/internal/random.js";


/** 2021-01-01 and 2023-12-31 as epoch days. */
export const FIRST_DAY = 18_628;
export const LAST_DAY = 19_722;
/** The as-of date the benchmarks use (the last day of the log). */
export const AS_OF = "2023-12-31";

export interface GenerateSpec {
  nTransactions: number;
  nCustomers: number;
  /** PRNG seed (default 20240601). */
  seed?: number;
}

/** Standard normal draws (Box–Muller, both values used). */
function normalSource(rand: () => number): () => number {
  let spare = 0;
  let hasSpare = false;
  return () => {
    if (hasSpare) {
      hasSpare = false;
      return spare;
    }
    let u = rand();
    while (u === 0) u = rand();
    const v = rand();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    hasSpare = true;
    return r * Math.cos(2 * Math.PI * v);
  };
}

/** Gamma(shape, 1) draw (Marsaglia–Tsang; shape < 1 through the u^(1/shape) boost). */
function gammaDraw(shape: number, rand: () => number, normal: () => number): number {
  if (shape < 1) {
    let u = rand();
    while (u === 0) u = rand();
    return gammaDraw(shape + 1, rand, normal) * Math.pow(u, 1 / shape);
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normal();
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rand();
    if (u < 1 - 0.0331 * x * x * x * x) return d * v;
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** The order plan: customer and line count of each order, in (shuffled) order sequence. */
interface OrderPlan {
  nOrders: number;
  orderCustomer: Int32Array;
  orderLines: Uint8Array;
}

function planOrders(spec: GenerateSpec, rand: () => number, normal: () => number): OrderPlan {
  const { nTransactions: n, nCustomers: nC } = spec;
  if (!(Number.isInteger(n) && Number.isInteger(nC) && nC >= 1 && n >= 1)) throw new RangeError("generate: bad sizes");
  // Lines per order until the rows are covered (the last order may be cut short).
  const lines = new Uint8Array(n);
  let nOrders = 0;
  for (let rows = 0; rows < n; nOrders++) {
    const u = rand();
    const l = u < 0.6 ? 1 : u < 0.85 ? 2 : 3;
    lines[nOrders] = Math.min(l, n - rows);
    rows += l;
  }
  if (nOrders < nC) throw new RangeError(`generate: ${n} rows make ${nOrders} orders, fewer than ${nC} customers`);
  // Per-customer Gamma(0.5) weights as a cumulative table for the orders beyond the first ones.
  const cdf = new Float64Array(nC);
  let total = 0;
  for (let c = 0; c < nC; c++) {
    total += gammaDraw(0.5, rand, normal);
    cdf[c] = total;
  }
  const orderCustomer = new Int32Array(nOrders);
  for (let j = 0; j < nOrders; j++) {
    if (j < nC) {
      orderCustomer[j] = j; // every customer buys at least once
      continue;
    }
    const x = rand() * total;
    let lo = 0;
    let hi = nC - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cdf[mid] <= x) lo = mid + 1;
      else hi = mid;
    }
    orderCustomer[j] = lo;
  }
  // Fisher–Yates shuffle of the orders (customer and lines move together).
  for (let j = nOrders - 1; j > 0; j--) {
    const k = Math.floor(rand() * (j + 1));
    const c = orderCustomer[j];
    orderCustomer[j] = orderCustomer[k];
    orderCustomer[k] = c;
    const l = lines[j];
    lines[j] = lines[k];
    lines[k] = l;
  }
  return { nOrders, orderCustomer, orderLines: lines.subarray(0, nOrders) };
}

type RowSink = (row: number, customer: number, day: number, amount: number, order: number) => void;

/** Walks the log row by row; returns the number of orders. */
function forEachRow(spec: GenerateSpec, sink: RowSink): number {
  const rand = mulberry32(spec.seed ?? 20_240_601);
  const normal = normalSource(rand);
  const { nOrders, orderCustomer, orderLines } = planOrders(spec, rand, normal);
  const span = LAST_DAY - FIRST_DAY + 1;
  let row = 0;
  for (let j = 0; j < nOrders; j++) {
    const c = orderCustomer[j];
    const d = FIRST_DAY + Math.floor(rand() * span);
    for (let l = orderLines[j]; l > 0; l--) {
      const amount = Math.round(Math.exp(3.5 + normal()) * 100) / 100;
      sink(row++, c, d, amount, j);
    }
  }
  return nOrders;
}

const customerIdOf = (c: number): string => `C${String(c).padStart(7, "0")}`;
const orderIdOf = (o: number): string => `O${String(o).padStart(9, "0")}`;

/** ISO date parts by day offset: "YYYY-MM-" and "DD", joined per row into a fresh string. */
function isoParts(): { prefix: string[]; dd: string[] } {
  const prefix: string[] = [];
  const dd: string[] = [];
  for (let d = FIRST_DAY; d <= LAST_DAY; d++) {
    const iso = new Date(d * 86_400_000).toISOString();
    prefix.push(iso.slice(0, 8));
    dd.push(iso.slice(8, 10));
  }
  return { prefix, dd };
}

/** One transaction row of the record shape. */
export interface TransactionRecord {
  customerId: string;
  date: string;
  amount: number;
  orderId: string;
}

/** The log as records; every string is built per row (no shared instances). */
export function generateRecords(spec: GenerateSpec): TransactionRecord[] {
  const rows: TransactionRecord[] = new Array(spec.nTransactions);
  const { prefix, dd } = isoParts();
  forEachRow(spec, (i, c, d, amount, o) => {
    const k = d - FIRST_DAY;
    rows[i] = {
      customerId: `C${String(c).padStart(7, "0")}`,
      date: `${prefix[k]}${dd[k]}`,
      amount,
      orderId: `O${String(o).padStart(9, "0")}`,
    };
  });
  return rows;
}

/** Dictionary-encoded ids: row i has id `dictionary[codes[i]]`. */
export interface DictionaryColumn {
  codes: Int32Array;
  dictionary: string[];
}

/** The log as columns. */
export interface GeneratedColumns {
  customerId: DictionaryColumn;
  date: Int32Array;
  amount: Float64Array;
  orderId?: DictionaryColumn;
}

/** The log as typed-array columns with dictionary-encoded ids (`withOrders: false` omits `orderId`). */
export function generateColumns(spec: GenerateSpec, withOrders = true): GeneratedColumns {
  const n = spec.nTransactions;
  const customer = new Int32Array(n);
  const day = new Int32Array(n);
  const amount = new Float64Array(n);
  const order = withOrders ? new Int32Array(n) : null;
  const nOrders = forEachRow(spec, (i, c, d, a, o) => {
    customer[i] = c;
    day[i] = d;
    amount[i] = a;
    if (order) order[i] = o;
  });
  const customerDictionary: string[] = new Array(spec.nCustomers);
  for (let c = 0; c < spec.nCustomers; c++) customerDictionary[c] = customerIdOf(c);
  const cols: GeneratedColumns = { customerId: { codes: customer, dictionary: customerDictionary }, date: day, amount };
  if (order) {
    const orderDictionary: string[] = new Array(nOrders);
    for (let o = 0; o < nOrders; o++) orderDictionary[o] = orderIdOf(o);
    cols.orderId = { codes: order, dictionary: orderDictionary };
  }
  return cols;
}
