/**
 * Arrow table input against the codes path (issue 15 item 2):
 *
 *   npx tsx bench/arrow.ts [rows] [customers] [rounds]
 *
 * (default 1M rows, 100k customers, 11 rounds). The same generated log (bench/generate.ts, no order ids)
 * is given to `summarizeTransactions` as plain columns (`{ codes, dictionary }` ids, Int32Array epoch
 * days, Float64Array amounts) and as Arrow tables holding the very same arrays: apache-arrow in one
 * record batch (dictionary Int32 codes, Date32, Float64: read in place), apache-arrow in 16 record
 * batches (codes, days and amounts copied into one array each), and a flechette table (Date32, Float64;
 * its own dictionary encoding). The cases run interleaved, round by round, so a loaded machine slows
 * them alike; wall and CPU time (user + system) are both reported, and the ratios are medians of per-round ratios to the codes path of that round. Results must
 * be equal to the codes path's.
 */
import * as A from "apache-arrow";
import * as F from "@uwdata/flechette";
import { summarizeTransactions } from "../src/index.js";
import { AS_OF, generateColumns } from "./generate.js";
import { interleavedRounds } from "./args.js";

const rows = Number(process.argv[2] ?? 1_000_000);
const customers = Number(process.argv[3] ?? 100_000);
const rounds = Number(process.argv[4] ?? 11);
const cols = generateColumns({ nTransactions: rows, nCustomers: customers }, false);
const { codes, dictionary } = cols.customerId;

function apacheTable(batches: number): A.Table {
  const dict = A.vectorFromArray(dictionary, new A.Utf8());
  const idType = new A.Dictionary(new A.Utf8(), new A.Int32(), 0);
  const dateType = new A.DateDay();
  const amountType = new A.Float64();
  const size = Math.ceil(rows / batches);
  const parts: A.Table[] = [];
  for (let s = 0; s < rows; s += size) {
    const e = Math.min(rows, s + size);
    const id = A.makeData({ type: idType, length: e - s, data: codes.subarray(s, e), dictionary: dict });
    const date = A.makeData({ type: dateType, length: e - s, data: cols.date.subarray(s, e) });
    const amount = A.makeData({ type: amountType, length: e - s, data: cols.amount.subarray(s, e) });
    const table = new A.Table({ customerId: A.makeVector(id), date: A.makeVector(date), amount: A.makeVector(amount) });
    parts.push(table);
  }
  return parts.slice(1).reduce((t, p) => t.concat(p), parts[0]);
}

const built = performance.now();
const single = apacheTable(1);
const chunked = apacheTable(16);
const flechette = F.tableFromArrays(
  // flechette's builder reads numbers as epoch milliseconds, also for Date32
  { customerId: Array.from(codes, (c) => dictionary[c]), date: Float64Array.from(cols.date, (d) => d * 86_400_000), amount: cols.amount },
  { types: { customerId: F.dictionary(F.utf8()), date: F.dateDay(), amount: F.float64() } },
);
console.log(`tables built in ${((performance.now() - built) / 1000).toFixed(1)} s (not timed below); batches: ${single.batches.length}, ${chunked.batches.length}, ${flechette.getChild("date")!.data.length}`);

const opts = { asOf: AS_OF };
const cases: [string, () => ReturnType<typeof summarizeTransactions>][] = [
  ["codes path (plain columns)", () => summarizeTransactions(cols, opts)],
  ["apache-arrow, 1 record batch", () => summarizeTransactions(single, opts)],
  ["apache-arrow, 16 record batches", () => summarizeTransactions(chunked, opts)],
  ["flechette", () => summarizeTransactions(flechette, opts)],
];
const want = JSON.stringify(cases[0][1]().customers.slice(0, 1000));
for (const [name, run] of cases) if (JSON.stringify(run().customers.slice(0, 1000)) !== want) throw new Error(`${name}: result differs from the codes path`);

console.log(`summarizeTransactions, ${rows.toLocaleString("en-US")} rows / ${customers.toLocaleString("en-US")} customers, ${rounds} interleaved rounds`);
interleavedRounds(cases, rounds, 34);
console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
