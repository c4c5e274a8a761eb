/**
 * Benchmark of the prototype interners in bench/interners.ts: interning id strings into dense codes
 * (first-appearance order) with compact open-addressing hash tables, against the `Map<string, number>`
 * that src/input/normalizeTransactions.ts uses. Input: an id column of the benchmark log as fresh
 * per-row strings (as a CSV parser makes them), so every lookup hashes a string V8 has not hashed before.
 *
 *   node --max-old-space-size=8192 --expose-gc --import tsx bench/proto-interner.ts \
 *     [customerId|orderId] [rows] [customers] [reps] [strings|records]
 *
 * Defaults: customerId, 10M rows, 1M customers (1M distinct ids), 3 repetitions per variant (median
 * reported). `orderId` interns the order ids of the same log (about 6.45M distinct at 10M rows).
 * Every variant's codes are checked against the Map's. "retained MB" is the heap plus ArrayBuffer
 * memory the finished interner holds (after a GC), including its `keys` array. Layout `records` takes
 * the ids from generated records (kept alive), so the strings lie scattered among the row objects as in
 * the records benchmark; `strings` (default) generates only the id strings (contiguous in memory).
 */
import { generateIdStrings, generateRecords, type TransactionRecord } from "./generate.js";
import {
  InlineKeyInterner,
  InterleavedInterner,
  MapInterner,
  OpenAddressingInterner,
  OpenAddressingWithLastInterner,
  hashString,
  type Interner,
} from "./interners.js";

const gc = (): void => (globalThis as { gc?: () => void }).gc?.();

const retained = (): number => {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};

function runOnce(make: () => Interner, ids: string[], out: Int32Array): { seconds: number; distinct: number; retainedMB: number } {
  gc();
  const before = retained();
  const t0 = performance.now();
  const interner = make();
  for (let i = 0; i < ids.length; i++) out[i] = interner.intern(ids[i]);
  const seconds = (performance.now() - t0) / 1000;
  gc();
  const retainedMB = (retained() - before) / 2 ** 20;
  return { seconds, distinct: interner.keys.length, retainedMB };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1];

function main(): void {
  const [fieldArg, rowsArg, customersArg, repsArg, layoutArg] = process.argv.slice(2);
  const field = fieldArg === "orderId" ? "orderId" : "customerId";
  const nTransactions = Number(rowsArg ?? 10_000_000);
  const nCustomers = Number(customersArg ?? 1_000_000);
  const reps = Number(repsArg ?? 3);
  process.stderr.write(`generating ${nTransactions} fresh ${field} strings (${nCustomers} customers)...\n`);
  // layout "records": the ids of generated records (kept alive), so the strings lie scattered between
  // the row objects, dates and amounts as in the records benchmark; default: an array of id strings only.
  let records: TransactionRecord[] | null = null;
  let ids: string[];
  if (layoutArg === "records") {
    records = generateRecords({ nTransactions, nCustomers });
    ids = records.map((r) => r[field]);
  } else ids = generateIdStrings({ nTransactions, nCustomers }, field);

  const variants: [string, () => Interner][] = [
    ["Map<string, number> (src before b9ed8db)", () => new MapInterner()],
    ["open addressing (FNV-1a + fmix32, Int32Array slots)", () => new OpenAddressingInterner()],
    ["open addressing, [hash, code] interleaved", () => new InterleavedInterner()],
    ["open addressing, short ids inline in the slot", () => new InlineKeyInterner()],
    ["open addressing + previous-row cache", () => new OpenAddressingWithLastInterner()],
  ];
  // Warm-up on a small slice so each variant runs optimised code.
  const warm = ids.slice(0, 200_000);
  const scratch = new Int32Array(ids.length);
  for (const [, make] of variants) for (let r = 0; r < 3; r++) runOnce(make, warm, scratch);

  // Hash-only floor: computing hashString over every id, no table.
  gc();
  let t0 = performance.now();
  let x = 0;
  for (let i = 0; i < ids.length; i++) x ^= hashString(ids[i]);
  const hashOnly = (performance.now() - t0) / 1000;
  // Reading floor: touching every string (length + first char).
  t0 = performance.now();
  for (let i = 0; i < ids.length; i++) x += ids[i].length + ids[i].charCodeAt(ids[i].length - 1);
  const readOnly = (performance.now() - t0) / 1000;

  const reference = new Int32Array(ids.length);
  const times = new Map<string, number[]>();
  const memory = new Map<string, number>();
  let distinct = 0;
  for (let r = 0; r < reps; r++) {
    for (const [name, make] of variants) {
      const out = name.startsWith("Map") ? reference : scratch;
      const res = runOnce(make, ids, out);
      distinct = res.distinct;
      if (out === scratch) {
        for (let i = 0; i < ids.length; i++) if (scratch[i] !== reference[i]) throw new Error(`${name}: code mismatch at row ${i}`);
      }
      times.set(name, [...(times.get(name) ?? []), res.seconds]);
      memory.set(name, res.retainedMB);
      process.stderr.write(`  rep ${r + 1} ${name}: ${res.seconds.toFixed(3)} s\n`);
    }
  }
  const base = median(times.get(variants[0][0]) as number[]);
  process.stdout.write(`\n${ids.length.toLocaleString("en-US")} fresh ${field} strings${records ? " (inside records)" : ""}, ${distinct.toLocaleString("en-US")} distinct; node ${process.version}; median of ${reps}\n\n`);
  process.stdout.write("| variant | seconds | ns/row | vs Map | retained MB |\n| --- | ---: | ---: | ---: | ---: |\n");
  for (const [name] of variants) {
    const s = median(times.get(name) as number[]);
    const mb = (memory.get(name) as number).toFixed(0);
    process.stdout.write(`| ${name} | ${s.toFixed(3)} | ${((s * 1e9) / ids.length).toFixed(0)} | ${(base / s).toFixed(2)}x | ${mb} |\n`);
  }
  process.stdout.write(`| (floor) hashString only, no table | ${hashOnly.toFixed(3)} | ${((hashOnly * 1e9) / ids.length).toFixed(0)} | | |\n`);
  process.stdout.write(`| (floor) read each string | ${readOnly.toFixed(3)} | ${((readOnly * 1e9) / ids.length).toFixed(0)} | | |\n`);
  if (x === 42 || records?.length === 42) process.stdout.write("\n");
}

main();
