// Reads the R survival references of test/fixtures/survival (written by test/fixtures/scripts/km_survival.R).
import { readFileSync } from "node:fs";
import { expect } from "vitest";
import type { KaplanMeierResult } from "../../src/models/index.js";

export function readCsv(name: string): Record<string, string>[] {
  const text = readFileSync(new URL(`../fixtures/survival/${name}`, import.meta.url), "utf8").trim().split("\n");
  const header = text[0].split(",");
  return text.slice(1).map((line) => Object.fromEntries(line.split(",").map((v, i) => [header[i], v])));
}

const num = (v: string): number | null => (v === "NA" ? null : Number(v));

/** Our result equals R's: curve (survival, standard error, band within 1e-10), medians exactly, log-rank within 1e-8. */
export function expectEqualsR(result: KaplanMeierResult, name: string): void {
  const curve = readCsv(`${name}_curve.csv`);
  expect(result.points.length).toBe(curve.length);
  const within = (ours: number | null, theirs: number | null, what: string) => {
    if (theirs === null) expect(ours, what).toBeNull();
    else expect(Math.abs((ours as number) - theirs), `${what}: ${ours} vs ${theirs}`).toBeLessThanOrEqual(1e-10);
  };
  // R orders strata as factor levels: compare by group and time
  const byKey = new Map(result.points.map((p) => [`${p.group}|${p.time}`, p]));
  for (const r of curve) {
    const p = byKey.get(`${r.strata}|${Number(r.time)}`);
    expect(p, `${r.strata} ${r.time}`).toBeDefined();
    const at = `${r.strata} t=${r.time}`;
    expect([p!.atRisk, p!.events, p!.censored], at).toEqual([Number(r["n.risk"]), Number(r["n.event"]), Number(r["n.censor"])]);
    within(p!.survival, num(r.surv), `${at} survival`);
    // R gives std.err 0 (and NaN bands) where S = 0 with σ = ∞; ours: null
    const se = num(r["std.err"]);
    if (p!.survival === 0) expect(p!.standardError).toBeNull();
    else within(p!.standardError, se, `${at} standard error`);
    within(p!.lower, num(r.lower), `${at} lower`);
    within(p!.upper, num(r.upper), `${at} upper`);
  }
  for (const r of readCsv(`${name}_summary.csv`)) {
    const g = result.meta.groups.find((s) => s.group === r.strata)!;
    expect([g.subjects, g.events, g.median, g.medianLower, g.medianUpper], r.strata).toEqual([Number(r.n), Number(r.events), num(r.median), num(r.lcl), num(r.ucl)]);
  }
  let lr: Record<string, string>[] = [];
  try {
    lr = readCsv(`${name}_logrank.csv`);
  } catch {
    expect(result.meta.logRank).toBeNull();
    return;
  }
  const test = result.meta.logRank!;
  expect(Math.abs(test.chiSquare - Number(lr[0].chisq))).toBeLessThanOrEqual(1e-8 * Math.max(1, Number(lr[0].chisq)));
  expect(test.df).toBe(Number(lr[0].df));
  expect(Math.abs(test.pValue - Number(lr[0].p))).toBeLessThanOrEqual(1e-10);
  for (const r of lr) {
    const g = test.groups.find((x) => x.group === r.strata)!;
    expect(g.observed).toBe(Number(r.observed));
    expect(Math.abs(g.expected - Number(r.expected))).toBeLessThanOrEqual(1e-8);
  }
}
