/**
 * Customer ids as a plain `string[]` against the codes path (issue 15, item 2: "a plain `string[]` of
 * ids ≤ 1.2× the codes path"):
 *
 *   npx tsx bench/stringIds.ts [rows] [customers] [rounds]
 *
 * (default 1M rows, 100k customers, 7 rounds). The same generated log (bench/generate.ts, no order ids)
 * goes to `summarizeTransactions` with `output: "columns"` three ways: `customerId` as
 * `{ codes, dictionary }` (the codes path); as a `string[]` holding the dictionary's own strings (ids
 * from an array of shared strings, e.g. a column mapped from a lookup); and as a `string[]` of fresh
 * strings, one string object per row built from its characters (as a JSON or CSV parser hands them
 * over, so every id has to be hashed from its characters). Dates are `Int32Array` epoch days and amounts
 * a `Float64Array` in all three. The cases run interleaved, round by round; wall and CPU time (user +
 * system) are reported, and ratios are medians of per-round ratios to the codes path. Results are
 * checked equal before timing.
 */
import { isDeepStrictEqual } from "node:util";
import { summarizeTransactions } from "../src/index.js";
import { AS_OF, generateColumns } from "./generate.js";
import { interleavedRounds } from "./args.js";

const rows = Number(process.argv[2] ?? 1_000_000);
const customers = Number(process.argv[3] ?? 100_000);
const rounds = Number(process.argv[4] ?? 7);
const cols = generateColumns({ nTransactions: rows, nCustomers: customers }, false);
const { codes, dictionary } = cols.customerId;
const shared: string[] = Array.from(codes, (c) => dictionary[c]);
// a fresh string per row: sliced from a longer string and flattened, so no two rows share an object
const fresh: string[] = Array.from(codes, (c) => (" " + dictionary[c]).slice(1));
const withIds = (customerId: unknown) => ({ customerId, date: cols.date, amount: cols.amount }) as unknown as typeof cols;

const opts = { asOf: AS_OF, output: "columns" } as const;
const cases: [string, () => unknown][] = [
  ["codes path ({ codes, dictionary })", () => summarizeTransactions(cols, opts)],
  ["string[] of shared strings", () => summarizeTransactions(withIds(shared), opts)],
  ["string[] of fresh strings", () => summarizeTransactions(withIds(fresh), opts)],
];
const want = cases[0][1]();
for (const [name, run] of cases.slice(1)) if (!isDeepStrictEqual(run(), want)) throw new Error(`${name}: result differs from the codes path`);

console.log(`summarizeTransactions (output: "columns"), ${rows.toLocaleString("en-US")} rows / ${customers.toLocaleString("en-US")} customers, ${rounds} interleaved rounds`);
interleavedRounds(cases, rounds, 36);
console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
