/**
 * Prototype: summarising the columnar input on worker threads, then `mergeSummaries` (bench/ only;
 * the library itself stays free of threads so it runs unchanged in Deno and browsers).
 *
 *   node --max-old-space-size=8192 --expose-gc --import tsx bench/workers.ts [--size 10m] [--runs 3]
 *     [--workers 2] [--shape columns|columns-noorder]
 *
 * Per timed run, on the columns of bench/generate.ts (dictionary-encoded ids, Int32Array epoch days,
 * Float64Array amounts):
 *
 * 1. single thread: `summarizeTransactions(columns, { asOf })` on the main thread;
 * 2. workers, one pass each, phases timed separately:
 *    - partition (main thread): rows go to shard `customer code % n` (a partition by customer, so the
 *      merge is exact), written into SharedArrayBuffers (no copy to the workers). Each shard gets its
 *      own dictionaries: local customer code = code / n, order codes renumbered per shard in order of
 *      first appearance (orders belong to one customer, so each order is in one shard), so a worker is
 *      sent only its shard's id strings;
 *    - dispatch + summarise + return: the shard's dictionaries are structured-cloned to its worker, the
 *      worker runs `summarizeTransactions` on its shard's columns and posts the `SummaryResult` back
 *      (structured clone of its customer records); workers report their own timings;
 *    - merge (main thread): `mergeSummaries(parts, { overlap: "error" })`.
 *
 *    - ceiling: the same partition and summaries, but each worker keeps its result and posts only its
 *      customer count (what the parallel part would cost if results did not have to come back).
 *
 * Warm-up: 10 passes on a 20k-row input on the main thread and in every worker (not timed). `gc()`
 * runs before each pass (main thread and workers). The first run checks that the merged summaries
 * equal the single-thread ones for every customer (compared by id: the merged order is shard by shard).
 */
import { isMainThread, parentPort, Worker } from "node:worker_threads";
import { cpus, loadavg } from "node:os";
import { mergeSummaries, summarizeTransactions, type CustomerSummary, type SummaryResult } from "../src/index.js";
import { parseSize } from "./cases.js";
import { AS_OF, generateColumns, type GeneratedColumns } from "./generate.js";

/** One shard as sent to a worker: typed columns on shared memory, its own dictionaries. */
interface ShardJob {
  id: number;
  codes: Int32Array;
  days: Int32Array;
  amounts: Float64Array;
  orders: Int32Array | null;
  customerDictionary: string[];
  orderDictionary: string[] | null;
  asOf: string;
  /** false: the worker keeps its result and posts only its customer count (the parallel ceiling). */
  returnResult: boolean;
  /** Absolute time (ms) at which the main thread posted the job. */
  postedAt: number;
}

interface ShardDone {
  id: number;
  result: SummaryResult | number;
  /** Absolute times (ms): job received, summary done, result posted. */
  receivedAt: number;
  summarisedAt: number;
  postedAt: number;
}

const now = (): number => performance.timeOrigin + performance.now();
const gc = (): void => (globalThis as { gc?: () => void }).gc?.();

function summariseShard(job: ShardJob): SummaryResult {
  return summarizeTransactions(
    {
      customerId: { codes: job.codes, dictionary: job.customerDictionary },
      date: job.days,
      amount: job.amounts,
      ...(job.orders && job.orderDictionary ? { orderId: { codes: job.orders, dictionary: job.orderDictionary } } : {}),
    },
    { asOf: job.asOf },
  );
}

/** Splits the columns into `n` shards by customer code (code % n), on shared memory. */
function partition(cols: GeneratedColumns, n: number, returnResult = true): Omit<ShardJob, "postedAt">[] {
  const rows = cols.date.length;
  const codes = cols.customerId.codes;
  const counts = new Int32Array(n);
  for (let i = 0; i < rows; i++) counts[codes[i] % n]++;
  const shards = Array.from({ length: n }, (_, s) => ({
    codes: new Int32Array(new SharedArrayBuffer(counts[s] * 4)),
    days: new Int32Array(new SharedArrayBuffer(counts[s] * 4)),
    amounts: new Float64Array(new SharedArrayBuffer(counts[s] * 8)),
    orders: cols.orderId ? new Int32Array(new SharedArrayBuffer(counts[s] * 4)) : null,
    orderDictionary: cols.orderId ? ([] as string[]) : null,
    fill: 0,
  }));
  const orderLocal = cols.orderId ? new Int32Array(cols.orderId.dictionary.length).fill(-1) : null;
  for (let i = 0; i < rows; i++) {
    const c = codes[i];
    const s = c % n;
    const sh = shards[s];
    const at = sh.fill++;
    sh.codes[at] = (c / n) | 0;
    sh.days[at] = cols.date[i];
    sh.amounts[at] = cols.amount[i];
    if (orderLocal && sh.orders) {
      const o = cols.orderId!.codes[i];
      let local = orderLocal[o];
      if (local < 0) {
        local = sh.orderDictionary!.length;
        sh.orderDictionary!.push(cols.orderId!.dictionary[o]);
        orderLocal[o] = local;
      }
      sh.orders[at] = local;
    }
  }
  const dict = cols.customerId.dictionary;
  return shards.map((sh, s) => {
    const customerDictionary: string[] = [];
    for (let c = s; c < dict.length; c += n) customerDictionary.push(dict[c]);
    return { id: s, codes: sh.codes, days: sh.days, amounts: sh.amounts, orders: sh.orders, customerDictionary, orderDictionary: sh.orderDictionary, asOf: AS_OF, returnResult };
  });
}

class Pool {
  private readonly workers: Worker[];
  constructor(n: number) {
    this.workers = Array.from({ length: n }, () => new Worker(
          // The worker loads this TypeScript file through tsx's loader (registered in the worker: Node 20's
          // module hooks of the main thread do not reach worker threads).
          `import(${JSON.stringify(import.meta.resolve("tsx/esm/api"))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(import.meta.url)}); });`,
          { eval: true },
        ));
  }
  /** Runs one job per worker; resolves with each worker's result and the time its result arrived. */
  run(jobs: Omit<ShardJob, "postedAt">[]): Promise<{ done: ShardDone; arrivedAt: number }[]> {
    return Promise.all(
      jobs.map(
        (job, w) =>
          new Promise<{ done: ShardDone; arrivedAt: number }>((resolve, reject) => {
            const worker = this.workers[w];
            let first: (Omit<ShardDone, "postedAt"> & { arrivedAt: number }) | null = null;
            const onMessage = (msg: Omit<ShardDone, "postedAt"> | { id: number; postedAt: number }): void => {
              if (first === null) {
                first = { ...(msg as Omit<ShardDone, "postedAt">), arrivedAt: now() };
                return;
              }
              worker.off("message", onMessage);
              worker.off("error", reject);
              const { arrivedAt, ...rest } = first;
              resolve({ done: { ...rest, postedAt: (msg as { postedAt: number }).postedAt }, arrivedAt });
            };
            worker.on("message", onMessage);
            worker.on("error", reject);
            worker.postMessage({ ...job, postedAt: now() } satisfies ShardJob);
          }),
      ),
    );
  }
  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

function sameSummaries(a: readonly CustomerSummary[], b: readonly CustomerSummary[]): string | null {
  if (a.length !== b.length) return `${a.length} vs ${b.length} customers`;
  const byId = new Map(b.map((c) => [c.customerId, c]));
  for (const c of a) {
    const d = byId.get(c.customerId);
    if (!d) return `customer ${c.customerId} missing`;
    for (const k of Object.keys(c) as (keyof CustomerSummary)[]) {
      if (!Object.is(c[k], d[k])) return `customer ${c.customerId}: ${k} ${c[k]} vs ${d[k]}`;
    }
  }
  return null;
}

async function main(): Promise<void> {
  const args = new Map<string, string>();
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i += 2) args.set(argv[i].replace(/^--/, ""), argv[i + 1]);
  const size = args.get("size") ?? "10m";
  const runs = Number(args.get("runs") ?? 3);
  const n = Number(args.get("workers") ?? 2);
  const shape = args.get("shape") ?? "columns";
  if (shape !== "columns" && shape !== "columns-noorder") throw new Error(`unknown shape ${shape}`);
  const spec = parseSize(size);
  const log = (msg: string): void => void process.stdout.write(`${msg}\n`);
  const s = (ms: number): string => (ms / 1000).toFixed(2);
  log(`workers bench: ${shape} ${size} (${spec.nTransactions} rows, ${spec.nCustomers} customers), ${n} workers, ${runs} runs; cores ${cpus().length}, load ${loadavg()[0].toFixed(2)}`);

  const pool = new Pool(n);
  const warm = generateColumns({ nTransactions: 20_000, nCustomers: 2_000, seed: 1 }, shape === "columns");
  for (let i = 0; i < 10; i++) {
    summarizeTransactions(warm as never, { asOf: AS_OF });
    const parts = (await pool.run(partition(warm, n))).map((r) => r.done.result as SummaryResult);
    mergeSummaries(parts);
    await pool.run(partition(warm, n, false));
  }

  const cols = generateColumns(spec, shape === "columns");
  gc();

  const lines: string[] = [];
  for (let r = 0; r < runs; r++) {
    gc();
    let t = performance.now();
    const single = summarizeTransactions(cols as never, { asOf: AS_OF });
    const singleMs = performance.now() - t;
    gc();

    t = performance.now();
    const jobs = partition(cols, n);
    const partitionMs = performance.now() - t;
    const t1 = now();
    const done = await pool.run(jobs);
    const parallelMs = now() - t1;
    t = performance.now();
    const merged = mergeSummaries(
      done.map((d) => d.done.result as SummaryResult),
      { overlap: "error" },
    );
    const mergeMs = performance.now() - t;
    const totalMs = partitionMs + parallelMs + mergeMs;
    const perWorker = done
      .map(
        ({ done: d, arrivedAt }) =>
          `w${d.id}: to worker ${s(d.receivedAt - t1)}, summarise ${s(d.summarisedAt - d.receivedAt)}, post ${s(d.postedAt - d.summarisedAt)}, arrived +${s(arrivedAt - d.postedAt)}`,
      )
      .join("; ");
    if (r === 0) {
      const diff = sameSummaries(merged.customers, single.customers);
      if (diff) throw new Error(`merged summaries differ from the single-thread ones: ${diff}`);
      if (merged.meta.input.rowsUsed !== spec.nTransactions) throw new Error("rows lost");
      log(`check: merged summaries equal the single-thread summaries for all ${merged.customers.length} customers`);
    }
    gc();
    t = performance.now();
    const kept = await pool.run(partition(cols, n, false));
    const ceilingMs = performance.now() - t;
    if (kept.reduce((sum, d) => sum + (d.done.result as number), 0) !== merged.customers.length) throw new Error("customer counts differ");
    const line = `run ${r + 1}: single ${s(singleMs)} s | workers total ${s(totalMs)} s = partition ${s(partitionMs)} + dispatch/summarise/return ${s(parallelMs)} + merge ${s(mergeMs)} (${perWorker}) | results kept in the workers: partition + summarise ${s(ceilingMs)} s`;
    lines.push(line);
    log(line);
  }
  await pool.close();
  log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB; load ${loadavg()[0].toFixed(2)}`);
}

if (!isMainThread) {
  parentPort!.on("message", (job: ShardJob) => {
    const receivedAt = now();
    const result = summariseShard(job);
    const summarisedAt = now();
    const done: Omit<ShardDone, "postedAt"> = { id: job.id, result: job.returnResult ? result : result.customers.length, receivedAt, summarisedAt };
    // postedAt is taken after the structured clone of the result, sent in a second small message.
    parentPort!.postMessage(done);
    parentPort!.postMessage({ id: job.id, postedAt: now() });
    gc();
  });
} else {
  await main();
}
