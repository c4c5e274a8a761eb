/**
 * The models' realistic summary: the bench generator's 10M-row log (1M customers, seed 20240601,
 * 2021-01-01 .. 2023-12-31) through `toBtydSummary` in days as of 2023-12-31 — 1,000,000 customers
 * with about 600k distinct (frequency, recency, T) triples, unlike tiled CDNOW's 1,016. Building it
 * takes about 40 s (generation and toBtydSummary), so the columns are cached in
 * bench/out/realistic-summary.bin (frequency, recency, T, monetaryValue as four Float64 blocks), which
 * bench/models_scipy.py reads too.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { toBtydSummary } from "../src/models/index.js";
import { AS_OF, generateColumns } from "./generate.js";

export const REALISTIC_FILE = join(dirname(fileURLToPath(import.meta.url)), "out", "realistic-summary.bin");

/** The realistic summary as columns (cached). */
export function realisticSummary(): { frequency: Float64Array; recency: Float64Array; T: Float64Array; monetaryValue: Float64Array } {
  if (!existsSync(REALISTIC_FILE)) {
    const cols = generateColumns({ nTransactions: 10_000_000, nCustomers: 1_000_000 }, true);
    const { customers } = toBtydSummary(cols as never, { asOf: AS_OF, period: "day" });
    const n = customers.length;
    const all = new Float64Array(4 * n);
    customers.forEach((c, i) => {
      all[i] = c.frequency;
      all[n + i] = c.recency;
      all[2 * n + i] = c.T;
      all[3 * n + i] = c.monetaryValue;
    });
    mkdirSync(dirname(REALISTIC_FILE), { recursive: true });
    writeFileSync(REALISTIC_FILE, all);
  }
  const buf = readFileSync(REALISTIC_FILE);
  const all = new Float64Array(buf.buffer, buf.byteOffset, buf.byteLength / 8);
  const n = all.length / 4;
  return { frequency: all.subarray(0, n), recency: all.subarray(n, 2 * n), T: all.subarray(2 * n, 3 * n), monetaryValue: all.subarray(3 * n, 4 * n) };
}
