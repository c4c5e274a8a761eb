/** Benchmark cases shared by bench/run.ts (driver) and bench/case.ts (one case per process). */
import type { GenerateSpec } from "./generate.js";

/**
 * `records`: objects with fresh per-row strings; `columns`: typed arrays with dictionary-encoded
 * customer and order ids; `columns-noorder`: the same columns without `orderId` (frequency = rows).
 */
export type Shape = "records" | "columns" | "columns-noorder";
export const SHAPES: readonly Shape[] = ["records", "columns", "columns-noorder"];

export const SIZES: Record<string, GenerateSpec> = {
  "1m": { nTransactions: 1_000_000, nCustomers: 100_000 },
  "10m": { nTransactions: 10_000_000, nCustomers: 1_000_000 },
};

/** `1m`, `10m` or `<rows>x<customers>` (e.g. `200000x20000`). */
export function parseSize(size: string): GenerateSpec {
  const known = SIZES[size.toLowerCase()];
  if (known) return known;
  const m = /^(\d+)x(\d+)$/.exec(size);
  if (!m) throw new Error(`unknown size "${size}" (1m, 10m or <rows>x<customers>)`);
  return { nTransactions: Number(m[1]), nCustomers: Number(m[2]) };
}

export interface CaseResult {
  shape: Shape;
  size: string;
  transactions: number;
  customers: number;
  orders: number;
  runs: number;
  /** Seconds per timed pass. */
  summarySeconds: number[];
  scoreSeconds: number[];
  totalSeconds: number[];
  generateSeconds: number;
  /** Peak RSS (MB) after the warm-up, right after generating the input, and at the end. */
  maxRssAfterWarmupMB: number;
  maxRssAfterGenerateMB: number;
  maxRssMB: number;
  /** Current RSS (MB) after generating the input and a full GC: what the input itself holds. */
  rssInputMB: number;
  heapUsedInputMB: number;
}


/** Seconds per timed pass of an anchor: the summaries alone, and summaries + scores. */
export interface AnchorTimes {
  summary: number[];
  scores: number[];
}

/**
 * The anchors of one size (bench/anchors.ts). `duckdb.times` keys: `orders/1`, `orders/2`,
 * `noorder/1`, `noorder/2` (with / without `count(DISTINCT order_id)`, threads); `scores` there is
 * `rfmScoresSql`, which computes summaries and scores in one query. `pandas.times` keys:
 * `categorical/orders`, `categorical/noorder`, `object/orders`, `object/noorder`; `scores` there is the
 * `qcut` step alone. `skipped` gives the reason for an anchor that did not run.
 */
export interface AnchorResult {
  size: string;
  transactions: number;
  customers: number;
  runs: number;
  duckdb: { version: string; loadSeconds: number; times: Record<string, AnchorTimes> } | null;
  pandas: { version: string; times: Record<string, AnchorTimes> } | null;
  skipped: { duckdb?: string; pandas?: string };
}
