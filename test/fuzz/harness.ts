// The fuzz harness: settings (seed, runs), the worker that runs each call under a hard time limit,
// the property every public function must satisfy, and the count of inputs tried.
import { appendFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe as describeInput } from "./revive.js";
import type { CliOutcome, Outcome, WorkerRequest } from "./protocol.js";

/** Fixed by default so CI is deterministic; FUZZ_SEED=<n> or FUZZ_SEED=random explores other inputs. */
export const SEED = process.env.FUZZ_SEED === "random" ? Date.now() % 2 ** 31 : Number(process.env.FUZZ_SEED ?? 13_2026);
/** Multiplies every property's number of runs (FUZZ_RUNS=20 for a long local run). */
export const SCALE = Number(process.env.FUZZ_RUNS ?? 1);
/** Every call must finish within this time (measured in the worker). */
export const TIME_BUDGET_MS = Number(process.env.FUZZ_BUDGET_MS ?? 2000);
/** A call still running after this is killed and reported as a hang. */
export const HARD_LIMIT_MS = Number(process.env.FUZZ_KILL_MS ?? 4000);
/** Where each file appends its one-line total (and its failures). */
export const SUMMARY_FILE = process.env.FUZZ_SUMMARY ?? join(tmpdir(), "crm-analytics-fuzz-summary.txt");

export const runs = (n: number): number => Math.max(1, Math.round(n * SCALE));

/** A child process running the library; killed and restarted when a call hangs or the process dies. */
class Child {
  private child: ChildProcess | null = null;
  private ready: Promise<void> | null = null;
  private nextId = 1;
  private pending = new Map<number, { done: (o: Outcome) => void; t0: number }>();
  private stderrTail = "";

  private start(): Promise<void> {
    if (this.ready) return this.ready;
    const child = fork(fileURLToPath(new URL("./boot.mjs", import.meta.url)), [], { serialization: "advanced", stdio: ["ignore", "ignore", "pipe", "ipc"] });
    this.child = child;
    this.stderrTail = "";
    child.stderr!.on("data", (d: Buffer) => {
      this.stderrTail = (this.stderrTail + d.toString()).slice(-2000);
    });
    this.ready = new Promise<void>((resolve) => {
      child.on("message", (m: { ready?: boolean; id?: number; reply?: Outcome }) => {
        if (m.ready) return resolve();
        const p = this.pending.get(m.id!);
        this.pending.delete(m.id!);
        p?.done(m.reply!);
      });
      child.on("exit", (code, signal) => {
        if (this.child === child) {
          this.child = null;
          this.ready = null;
        }
        setTimeout(() => {
          const message = `worker process died (exit ${code}, signal ${signal}): ${this.stderrTail.split("\n").filter((l) => /\S/.test(l)).slice(0, 4).join(" | ")}`;
          for (const p of this.pending.values()) p.done({ kind: "crash", ms: performance.now() - p.t0, message });
          this.pending.clear();
          resolve();
        }, 50);
      });
    });
    return this.ready;
  }

  async call(req: Omit<WorkerRequest, "id">): Promise<Outcome> {
    await this.start();
    const id = this.nextId++;
    const child = this.child;
    if (!child) return { kind: "harness", message: "worker process did not start" };
    const t0 = performance.now();
    return new Promise<Outcome>((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        if (this.child === child) {
          this.child = null;
          this.ready = null;
        }
        child.kill("SIGKILL");
        resolve({ kind: "hang", ms: performance.now() - t0 });
      }, HARD_LIMIT_MS);
      this.pending.set(id, {
        t0,
        done: (o) => {
          clearTimeout(timer);
          resolve(o);
        },
      });
      child.send({ ...req, id });
    });
  }

  async close(): Promise<void> {
    this.child?.kill("SIGKILL");
    this.child = null;
    this.ready = null;
  }
}

/** Child processes for one test file (FUZZ_PROCS, default 2): concurrent properties each get an idle one. */
export class FuzzWorker {
  private idle: Child[] = [];
  private waiting: ((c: Child) => void)[] = [];
  private all: Child[] = [];

  constructor(size = Number(process.env.FUZZ_PROCS ?? 2)) {
    for (let i = 0; i < Math.max(1, size); i++) this.all.push(new Child());
    this.idle = this.all.slice();
  }

  async call(req: Omit<WorkerRequest, "id">): Promise<Outcome> {
    const child = this.idle.pop() ?? (await new Promise<Child>((resolve) => this.waiting.push(resolve)));
    try {
      return await child.call(req);
    } finally {
      const next = this.waiting.shift();
      if (next) next(child);
      else this.idle.push(child);
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.all.map((c) => c.close()));
  }
}

/** A broken property: what went wrong, for the counterexample report. */
export class FuzzFailure extends Error {
  override name = "FuzzFailure";
}

/** Checks of a successful result's ranges: return one line per violation. */
export type RangeCheck = (value: any, args: unknown[]) => string[];

/**
 * The property: the call returned only finite numbers in range, or threw AnalyticsInputError,
 * RangeError or TypeError naming the function; it finished in time and left its inputs as they were.
 */
export function assertContract(fn: string, outcome: Outcome, args: unknown[], check?: RangeCheck): unknown {
  if (outcome.kind === "harness") throw new Error(`fuzz harness: ${outcome.message}`);
  if (outcome.kind === "hang") throw new FuzzFailure(`${fn}: still running after ${Math.round(outcome.ms)} ms (killed)`);
  if (outcome.kind === "crash") throw new FuzzFailure(`${fn}: crashed the process: ${outcome.message}`);
  if (outcome.kind === "cli") throw new Error("fuzz harness: CLI outcome for a function call");
  const problems: string[] = [];
  if (outcome.ms > TIME_BUDGET_MS) problems.push(`took ${Math.round(outcome.ms)} ms (budget ${TIME_BUDGET_MS} ms)`);
  if (outcome.mutated) problems.push(`mutated its input: ${outcome.mutated}`);
  if (outcome.kind === "throw") {
    if (outcome.errorClass === "other") problems.push(`threw ${outcome.name} (not AnalyticsInputError/RangeError/TypeError): ${outcome.message}\n${outcome.stack}`);
    else if (!outcome.message.startsWith(`${fn}:`)) problems.push(`threw ${outcome.errorClass} whose message does not start with "${fn}:": ${outcome.message}\n${outcome.stack}`);
  } else {
    for (const p of outcome.nonFinite) problems.push(`non-finite number in the result: ${p}`);
    if (check && outcome.nonFinite.length === 0) {
      try {
        problems.push(...check(outcome.value, args));
      } catch (e) {
        problems.push(`result has an unexpected shape: ${(e as Error).message}`);
      }
    }
  }
  if (problems.length > 0) throw new FuzzFailure(`${fn}: ${problems.join("; ")}`);
  return outcome.kind === "ok" ? outcome.value : undefined;
}

/** The CLI property: exit 0 with finite output, or exit 1/2 with one line per problem and no stack trace. */
export function assertCliContract(outcome: Outcome): CliOutcome {
  countOutcome("cli", outcome);
  if (outcome.kind === "hang") throw new FuzzFailure(`cli: still running after ${Math.round(outcome.ms)} ms (killed)`);
  if (outcome.kind === "crash") throw new FuzzFailure(`cli: crashed the process: ${outcome.message}`);
  if (outcome.kind !== "cli") throw new Error(`fuzz harness: ${JSON.stringify(outcome).slice(0, 500)}`);
  const problems: string[] = [];
  if (outcome.ms > TIME_BUDGET_MS) problems.push(`took ${Math.round(outcome.ms)} ms (budget ${TIME_BUDGET_MS} ms)`);
  const errLines = outcome.stderr.split("\n").filter((l, i, a) => !(i === a.length - 1 && l === ""));
  if (errLines.some((l) => /^\s+at /.test(l))) problems.push(`stack trace on stderr: ${outcome.stderr.slice(0, 600)}`);
  if (outcome.code === 0) {
    const bad = outcome.stdout.match(/(^|[,\t\n :[])(-?NaN|-?Infinity)(?=[,\t\n }\]]|$)/);
    if (bad) problems.push(`exit 0 with a non-finite value ${JSON.stringify(bad[2])} in the output: ${outcome.stdout.slice(0, 300)}`);
  } else if (outcome.code === 1 || outcome.code === 2) {
    if (errLines.length === 0) problems.push(`exit ${outcome.code} with nothing on stderr`);
    if (errLines.some((l) => l.trim() === "")) problems.push(`blank line on stderr: ${JSON.stringify(outcome.stderr.slice(0, 300))}`);
    if (outcome.stdout !== "") problems.push(`exit ${outcome.code} but stdout has output`);
  } else {
    problems.push(`exit ${outcome.code}: ${outcome.stderr.slice(0, 800)}`);
  }
  if (problems.length > 0) throw new FuzzFailure(`cli: ${problems.join("; ")}`);
  return outcome;
}

/** Inputs tried by this file's properties (every predicate run, shrinking included). */
export const tally = { inputs: 0, properties: 0, failed: [] as string[], started: performance.now(), outcomes: {} as Record<string, { ok: number; thrown: number }>, messages: {} as Record<string, Map<string, number>> };

function countOutcome(fn: string, o: Outcome): void {
  const c = (tally.outcomes[fn] ??= { ok: 0, thrown: 0 });
  if (o.kind === "ok" || (o.kind === "cli" && o.code === 0)) c.ok++;
  else c.thrown++;
  if (process.env.FUZZ_VERBOSE && (o.kind === "throw" || (o.kind === "cli" && o.code !== 0))) {
    const m = (tally.messages[fn] ??= new Map());
    const key = (o.kind === "throw" ? o.message : `${o.code} ${o.stderr.split("\n")[0]}`).replace(/\[\d+\]/g, "[i]").replace(/got .*/, "got …").slice(0, 90);
    m.set(key, (m.get(key) ?? 0) + 1);
  }
}

/**
 * Runs one property with the suite's seed; on failure appends the shrunk counterexample to the
 * summary file and fails the test.
 */
export async function fuzz<T>(name: string, arb: fc.Arbitrary<T>, predicate: (input: T) => Promise<void>, numRuns: number): Promise<void> {
  tally.properties++;
  const result = await fc.check(
    fc.asyncProperty(arb, async (input) => {
      tally.inputs++;
      await predicate(input);
    }),
    { seed: SEED, numRuns: runs(numRuns), interruptAfterTimeLimit: Number(process.env.FUZZ_PROPERTY_MS ?? 15_000), markInterruptAsFailure: false },
  );
  if (result.failed) {
    const input = result.counterexample ? describeInput(result.counterexample[0]) : "(none)";
    const why = result.errorInstance instanceof Error ? result.errorInstance.message : String(result.errorInstance);
    const report = `FAIL ${name}\n  input: ${input.slice(0, 2000)}\n  ${why.slice(0, 2500)}\n  (seed ${result.seed}, path "${result.counterexamplePath}", ${result.numShrinks} shrinks)`;
    tally.failed.push(name);
    appendFileSync(SUMMARY_FILE, `${report}\n`);
    throw new FuzzFailure(report);
  }
}

/** Prints and records this file's one-line total. */
export function reportTally(file: string): void {
  const seconds = ((performance.now() - tally.started) / 1000).toFixed(1);
  const line = `fuzz ${file}: ${tally.inputs} inputs, ${tally.properties} properties, ${tally.failed.length} failing, ${seconds} s (seed ${SEED}, FUZZ_RUNS ${SCALE})`;
  console.log(line);
  if (process.env.FUZZ_VERBOSE) for (const [fn, c] of Object.entries(tally.outcomes)) {
      console.log(`  ${fn}: ${c.ok} returned, ${c.thrown} threw`);
      const top = [...(tally.messages[fn] ?? new Map()).entries()].sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.FUZZ_VERBOSE) || 4);
      for (const [m, k] of top) console.log(`      ${k}× ${m}`);
    }
  appendFileSync(SUMMARY_FILE, `${line}\n`);
}

/** The property for one function: `arb` draws its argument list. */
export function fuzzCall(worker: FuzzWorker, fn: string, arb: fc.Arbitrary<unknown[]>, numRuns: number, check?: RangeCheck): Promise<void> {
  return fuzz(fn, arb, async (args) => {
    const outcome = await worker.call({ fn, args });
    countOutcome(fn, outcome);
    assertContract(fn, outcome, args, check);
  }, numRuns);
}

/** Calls a function for a value the next step needs; fails on a contract violation. */
export async function callOk(worker: FuzzWorker, fn: string, args: unknown[], check?: RangeCheck): Promise<{ ok: true; value: any } | { ok: false }> {
  const outcome = await worker.call({ fn, args });
  countOutcome(fn, outcome);
  assertContract(fn, outcome, args, check);
  return outcome.kind === "ok" ? { ok: true, value: outcome.value } : { ok: false };
}
