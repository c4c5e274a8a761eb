// The donations data (test/fixtures/donations) and the scipy/mpmath reference, for the BG/BB tests.
import { readFileSync } from "node:fs";
import type { BgBbCustomer, BgBbParams } from "../../src/models/index.js";

const dir = new URL("../fixtures/donations/", import.meta.url);

/** The 22 groups of the donations data (frequency, recency, n, count). */
export const donations: BgBbCustomer[] = readFileSync(new URL("donations.csv", dir), "utf8")
  .trim()
  .split("\n")
  .slice(1)
  .map((line) => {
    const [frequency, recency, n, count] = line.split(",").map(Number);
    return { frequency, recency, n, count };
  });

interface Pattern {
  frequency: number;
  recency: number;
  n: number;
  count?: number;
  logLikelihood: number;
  pAlive: number;
  pAliveAt: Record<string, number>;
  expectedPurchases: Record<string, number>;
}

/** test/fixtures/donations/bgbb_scipy.json, written by test/fixtures/scripts/bgbb_scipy.py. */
export const reference: {
  scipy: { params: BgBbParams; logLikelihood: number };
  mle: { params: BgBbParams; logLikelihood: number; standardErrors: BgBbParams };
  published: { params: BgBbParams; logLikelihood: number };
  patterns: Pattern[];
  extra: Pattern[];
  newCustomer: Record<string, number>;
  expectedNext5Total: number;
} = JSON.parse(readFileSync(new URL("bgbb_scipy.json", dir), "utf8"));

export const names = ["alpha", "beta", "gamma", "delta"] as const;
