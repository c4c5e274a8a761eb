// The fuzz worker: calls one public function (or the CLI) on revived inputs, times it, checks that the
// inputs are unchanged and that no non-finite number is anywhere in the result, and posts the outcome.
// Running in a child process lets the test kill a call that hangs, and survive one that aborts the
// process (a V8 fatal error such as an array grown past its maximum size).
import * as charts from "../../src/charts/index.js";
import * as cluster from "../../src/cluster/index.js";
import { isAnalyticsInputError } from "../../src/errors.js";
import * as root from "../../src/index.js";
import * as service from "../../src/service/index.js";
import * as sql from "../../src/sql/index.js";
import { revive } from "./revive.js";
import type { CallOutcome, CliOutcome, ErrorClass, WorkerRequest } from "./protocol.js";

const lib: Record<string, unknown> = { ...root, ...cluster, ...charts, ...sql, ...service };
// A stateful API is driven to its result: createTransactionSummarizer(options, batches) adds each batch, then finishes.
lib.createTransactionSummarizer = (options: unknown, batches: unknown[]): unknown => {
  const s = (root.createTransactionSummarizer as (o: unknown) => { add(b: unknown): void; finish(): unknown })(options);
  for (const b of batches) s.add(b);
  return s.finish();
};

/** A deep rendering of a value that never runs getters or user code (a throwing Proxy trap is noted). */
function snapshot(v: unknown, seen = new Map<object, number>(), depth = 0): unknown {
  if (typeof v === "number") return Number.isNaN(v) ? "#NaN" : Object.is(v, -0) ? "#-0" : v === Infinity ? "#Inf" : v === -Infinity ? "#-Inf" : v;
  if (typeof v === "bigint") return `#${v}n`;
  if (typeof v === "undefined") return "#undefined";
  if (typeof v === "function") return "#function";
  if (typeof v === "symbol") return `#${String(v)}`;
  if (v === null || typeof v !== "object") return v;
  if (depth > 50) return "#deep";
  if (seen.has(v)) return `#cycle${seen.get(v)}`;
  seen.set(v, seen.size);
  try {
    if (v instanceof Date) return { "#date": v.getTime() };
    if (ArrayBuffer.isView(v)) return { [`#${v.constructor.name}`]: Array.from(v as unknown as ArrayLike<number>, (x) => snapshot(x)) };
    if (v instanceof Map) return { "#map": [...v.entries()].map(([k, x]) => [snapshot(k, seen, depth + 1), snapshot(x, seen, depth + 1)]) };
    const out: Record<string, unknown> = { "#proto": Object.getPrototypeOf(v) === Array.prototype ? "array" : Object.getPrototypeOf(v) === Object.prototype ? "object" : "other" };
    for (const key of Reflect.ownKeys(v)) {
      const d = Object.getOwnPropertyDescriptor(v, key)!;
      out[String(key)] = "value" in d ? snapshot(d.value, seen, depth + 1) : "#accessor";
    }
    if (Object.isFrozen(v)) out["#frozen"] = true;
    return out;
  } catch (e) {
    return `#throws ${(e as Error)?.message}`;
  }
}

/** Paths of non-finite numbers in a result (own string and symbol keys; functions are called if they are display bundles). */
const TEXT_KEYS = new Set(["message", "customerId", "id", "sql", "issues", "customersWithoutPurchases", "dictionary", "customerIds", "segment", "label", "labelZh", "tier", "from", "to"]);

function nonFinite(v: unknown, path: string, out: string[], seen: Set<object>): void {
  if (out.length >= 5) return;
  if (TEXT_KEYS.has(path.slice(path.lastIndexOf(".") + 1).replace(/\[.*$/, "")) && typeof v !== "number" && (typeof v !== "object" || v === null || Array.isArray(v))) {
    if (Array.isArray(v)) v.forEach((x, i) => typeof x === "object" && x !== null && nonFinite(x, `${path}[${i}]`, out, seen));
    return;
  }
  if (typeof v === "number") {
    if (!Number.isFinite(v)) out.push(`${path || "(result)"} = ${v}`);
    return;
  }
  if (typeof v === "string") {
    // numbers smuggled into chart text or SQL literals
    if (/(^|[^A-Za-z])(NaN|-?Infinity)([^A-Za-z]|$)/.test(v)) out.push(`${path} = ${JSON.stringify(v.slice(0, 120))}`);
    return;
  }
  if (v === null || typeof v !== "object" || seen.has(v)) return;
  seen.add(v);
  if (ArrayBuffer.isView(v)) {
    Array.from(v as unknown as ArrayLike<number>).forEach((x, i) => nonFinite(x, `${path}[${i}]`, out, seen));
    return;
  }
  for (const key of Reflect.ownKeys(v)) {
    const x = (v as Record<PropertyKey, unknown>)[key];
    const p = typeof key === "symbol" ? `${path}[${String(key)}]` : Array.isArray(v) ? `${path}[${key}]` : `${path}.${key}`;
    if (typeof x === "function" && typeof key === "symbol") {
      try {
        nonFinite((x as () => unknown).call(v), `${p}()`, out, seen);
      } catch (e) {
        out.push(`${p}() threw ${(e as Error)?.message}`);
      }
    } else nonFinite(x, p, out, seen);
  }
}

/** A copy that structured clone can carry: functions and symbols become strings. */
function sanitize(v: unknown, seen = new Set<object>()): unknown {
  if (typeof v === "function") return "[function]";
  if (typeof v === "symbol") return String(v);
  if (v === null || typeof v !== "object" || v instanceof Date || ArrayBuffer.isView(v)) return v;
  if (seen.has(v)) return "[cycle]";
  seen.add(v);
  if (v instanceof Map) return new Map([...v].map(([k, x]) => [sanitize(k, seen), sanitize(x, seen)]));
  if (Array.isArray(v)) return v.map((x) => sanitize(x, seen));
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = sanitize(x, seen);
  return out;
}

function errorKind(e: unknown): ErrorClass {
  if (isAnalyticsInputError(e)) return "AnalyticsInputError";
  if (e instanceof RangeError) return "RangeError";
  if (e instanceof TypeError) return "TypeError";
  return "other";
}

async function callFunction(fn: string, rawArgs: unknown[]): Promise<CallOutcome> {
  const f = lib[fn];
  if (typeof f !== "function") throw new Error(`no public function ${fn}`);
  const args = revive(rawArgs) as unknown[];
  const before = JSON.stringify(snapshot(args));
  const t0 = performance.now();
  let value: unknown;
  let thrown: unknown;
  let threw = false;
  try {
    value = (f as (...a: unknown[]) => unknown)(...args);
  } catch (e) {
    thrown = e;
    threw = true;
  }
  const ms = performance.now() - t0;
  const after = JSON.stringify(snapshot(args));
  const mutated = before === after ? null : firstDifference(before, after);
  if (threw) {
    const e = thrown as Error;
    return { kind: "throw", ms, mutated, errorClass: errorKind(e), name: String(e?.name), message: String(e?.message ?? e), stack: String(e?.stack ?? "").split("\n").slice(0, 4).join("\n") };
  }
  const bad: string[] = [];
  nonFinite(value, "", bad, new Set());
  return { kind: "ok", ms, mutated, nonFinite: bad, value: sanitize(value) };
}

function firstDifference(a: string, b: string): string {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return `input changed near …${a.slice(Math.max(0, i - 60), i + 40)}… → …${b.slice(Math.max(0, i - 60), i + 40)}…`;
}

async function callCli(argv: string[], stdin: Uint8Array): Promise<CliOutcome> {
  let stdout = "";
  let stderr = "";
  // imported here so a CLI module being edited does not stop the library's properties from running
  const { run } = await import("../../src/cli/run.js");
  const t0 = performance.now();
  const code = await run(argv, {
    stdin: (async function* () {
      yield stdin;
    })(),
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    stdoutIsTTY: false,
    stderrIsTTY: false,
    stdinIsTTY: false,
  });
  return { kind: "cli", ms: performance.now() - t0, code, stdout, stderr };
}

const send = (m: unknown) => process.send!(m);
process.on("message", async (req: WorkerRequest) => {
  let reply: unknown;
  try {
    reply = req.cli ? await callCli(req.cli.argv, req.cli.stdin) : await callFunction(req.fn!, req.args!);
  } catch (e) {
    reply = { kind: "harness", message: String((e as Error)?.stack ?? e) };
  }
  try {
    send({ id: req.id, reply });
  } catch (e) {
    send({ id: req.id, reply: { kind: "harness", message: `result could not be posted: ${(e as Error)?.message}` } });
  }
});
send({ ready: true });
