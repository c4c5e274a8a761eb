// The fits' shared robustness (src/models/fitRobustness.ts, through minimizeFit): deterministic restarts
// when the first search does not converge, and FitDiagnostics.message in the model's words.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { fitDiagnostics, minimizeWithGradient, type MinimizeOptions, type ValueAndGradient } from "../../src/internal/bfgs.js";
import { FIT_CONTEXTS, RESTART_SHIFTS, RUNAWAY_JUMP, searchWithRestarts } from "../../src/models/fitRobustness.js";
import { fitBgBb, fitBgNbd, fitGammaGamma, fitModifiedBgNbd, fitParetoNbd, toBtydSummary } from "../../src/models/index.js";
import { readTransactionsCsv } from "../../src/csv/index.js";
import { simulateBgNbd, simulateParetoNbd } from "./simulate.js";
import { bgNbdPass } from "../../src/models/bgNbd.js";
import { paretoNbdPass } from "../../src/models/paretoNbd.js";
import { groupTriples, RUNAWAY_LOG_PARAMETER } from "../../src/models/btydInput.js";

const NAMES = ["u", "v"];
/** A bowl at (2, −2) so narrow that from (0, 0) the objective is flat to 1e-14: the first search stops at once. */
const bowl: ValueAndGradient = (x, grad) => {
  const d2 = (x[0] - 2) ** 2 + (x[1] + 2) ** 2;
  const e = Math.exp(-4 * d2);
  if (grad) {
    grad[0] = 8 * (x[0] - 2) * e;
    grad[1] = 8 * (x[1] + 2) * e;
  }
  return 1 - e;
};
const opts = (): MinimizeOptions => ({ maxIterations: 200 });

describe("searchWithRestarts", () => {
  test("the first start on a flat plateau does not converge; the alternating restart (+2, −2) finds the minimum and says so", () => {
    const first = minimizeWithGradient(bowl, [0, 0], opts());
    expect(fitDiagnostics(first, NAMES, { objective: (x) => bowl(x, null) }).converged).toBe(false);
    const res = searchWithRestarts(bowl, [0, 0], NAMES, opts(), opts, undefined);
    expect(res.x[0]).toBeCloseTo(2, 6);
    expect(res.x[1]).toBeCloseTo(-2, 6);
    expect(res.converged).toBe(true);
    expect(res.reason).toMatch(/from restart 3 \(log-parameters shifted by \+2, −2\): the first start did not converge \(u → ∞, v → ∞|u → 0|v → 0/);
    expect(fitDiagnostics(res, NAMES, { objective: (x) => bowl(x, null) })).toMatchObject({ converged: true });
  });

  test("a first search that converges is returned as it is: no restart", () => {
    const quad: ValueAndGradient = (x, grad) => {
      if (grad) {
        grad[0] = 2 * (x[0] - 1);
        grad[1] = 2 * (x[1] - 0.5);
      }
      return (x[0] - 1) ** 2 + (x[1] - 0.5) ** 2;
    };
    let restarts = 0;
    const res = searchWithRestarts(quad, [0, 0], NAMES, opts(), () => (restarts++, opts()), undefined);
    expect(restarts).toBe(0);
    expect(res).toEqual({ ...minimizeWithGradient(quad, [0, 0], opts()), context: undefined });
  });

  test("a restart that converges to a worse value than a first search running off is not taken", () => {
    // a local minimum at (3, 3) of value 0.5, and the infimum −1 towards u → −∞ (from (0, 0) downhill)
    const f: ValueAndGradient = (x, grad) => {
      const d2 = (x[0] - 3) ** 2 + (x[1] - 3) ** 2;
      const e = Math.exp(-d2);
      const t = Math.tanh(x[0]);
      if (grad) {
        grad[0] = (1 - t * t) + 2 * (x[0] - 3) * e * 0.5 + 0.02 * x[1] * 0;
        grad[1] = 2 * (x[1] - 3) * e * 0.5;
      }
      return t - 0.5 * e;
    };
    // jump 0: the first search runs off to the limit step by step (not verified), so the restarts run
    const res = searchWithRestarts(f, [0, 0], NAMES, { maxIterations: 200, runaway: { limit: 12, mask: [true, true], jump: 0 } }, () => ({ maxIterations: 200 }), undefined);
    expect(res.x[0]).toBeLessThan(-5);
    expect(res.reason).toMatch(/converged, but to a lower likelihood than this search reached|none of 4 more starts/);
    // by default the runaway is verified on the way (the objective falls all along the ray), and a
    // verified runaway is a finished search: no restarts
    const verified = searchWithRestarts(f, [0, 0], NAMES, { maxIterations: 200, runaway: { limit: 12, mask: [true, true] } }, () => ({ maxIterations: 200 }), undefined);
    expect(verified.x[0]).toBeLessThan(-5);
    expect(verified.verifiedRunaway).toEqual({ index: 0, towards: "0" });
    expect(verified.reason).toMatch(/; no restarts \(the likelihood rises all the way to this limit\)$/);
  });

  test("the restarts are the four documented shifts", () => {
    expect(RESTART_SHIFTS.map((s) => [0, 1, 2, 3].map(s))).toEqual([
      [2, 2, 2, 2],
      [-2, -2, -2, -2],
      [2, -2, 2, -2],
      [-2, 2, -2, 2],
    ]);
    expect(Object.keys(FIT_CONTEXTS).sort()).toEqual(["fitBgBb", "fitBgNbd", "fitGammaGamma", "fitModifiedBgNbd", "fitParetoNbd"]);
  });
});

describe("FitDiagnostics.message names the cause and what to try", () => {
  test("everyone bought once: few repeat purchases; try a penalizer", () => {
    const once = Array.from({ length: 50 }, (_, i) => ({ frequency: 0, recency: 0, T: 10 + i }));
    for (const fit of [fitBgNbd(once), fitModifiedBgNbd(once), fitParetoNbd(once)]) {
      expect(fit.diagnostics.converged).toBe(false);
      expect(fit.diagnostics.message).toMatch(/^not converged: .*r → 0.*so the data do not identify .*: few repeat purchases .*; try a penalizer \(options\.penalizer, e\.g\. 0\.001/);
      // either r runs off to 0 along a verified ray (the likelihood rises all the way: a finished search,
      // no restarts), or the search ends near the limit and the restarts find nothing better
      expect(fit.diagnostics.message).toMatch(/stopped early after \d+ iterations: r ran off towards 0 \(its logarithm moved 4 steps the same way and the objective is lower still at -\d+\.\d than at -\d+\.\d: .*\); the others then settled at gradient norm .*; no restarts \(the likelihood rises all the way to this limit\)|none of 4 more starts \(log-parameters shifted by ±2\) converged either/);
    }
  });

  test("steady buyers: the Poisson limit, named", () => {
    const steady = Array.from({ length: 5 }, (_, i) => ({ frequency: 30, recency: 30, T: 40 + i }));
    expect(fitBgNbd(steady).diagnostics.message).toMatch(/r → ∞.*purchase rates hardly vary between customers \(the Poisson limit/);
  });

  test("no dropout (everyone buys to the end): the dropout parameters are named with the cause", () => {
    // BG/NBD customers who never drop out (a tiny a): the last purchase is near the end for everyone
    const alive = simulateBgNbd(3000, { r: 0.8, alpha: 9, a: 1e-9, b: 1e4 }, 11);
    const fit = fitBgNbd(alive);
    expect(fit.diagnostics.converged).toBe(false);
    expect(fit.diagnostics.message).toMatch(/a → 0|b → ∞/);
    expect(fit.diagnostics.message).toMatch(/little or no dropout within the observation period.*; try a longer observation period, over which dropout shows, or take the fit as its no-dropout limit .*a penalizer pulls a further towards 0 and does not help here$/);
    // as the message says: the penalizer does not make it converge (a still runs to 0)
    const pen = fitBgNbd(alive, { penalizer: 0.001 });
    expect(pen.diagnostics.converged).toBe(false);
    expect(pen.diagnostics.message).toMatch(/a → 0/);
  });

  test("the stop rules have their own words (iteration limit, flat likelihood, work budget)", () => {
    const base = { x: [0, 0], value: 1, iterations: 7, gradientNorm: 1e-3, converged: false, reason: "r" };
    const quad = (x: number[]) => 1 + x[0] * x[0] + x[1] * x[1];
    expect(fitDiagnostics({ ...base, stop: "iterations" }, NAMES, { objective: quad }).message).toBe(
      "not converged: r; the search was still improving when it reached its iteration limit: the likelihood is nearly flat along some direction; more data may pin the parameters down (more customers, or a longer observation period)",
    );
    expect(fitDiagnostics({ ...base, stop: "stalled", context: FIT_CONTEXTS.fitBgNbd }, NAMES, { objective: quad }).message).toMatch(/; a flat likelihood: nearby parameters fit the data about equally well; try a penalizer \(options\.penalizer.* or a longer observation period$/);
    expect(fitDiagnostics({ ...base, stop: "spent", context: FIT_CONTEXTS.fitGammaGamma }, NAMES, { objective: quad }).message).toMatch(/costly to evaluate.*; try a penalizer \(options\.penalizer, e\.g\. 0\.001.* or a longer observation period; check the spends for outliers and units$/);
    // converged: the optimiser's reason only, no advice
    expect(fitDiagnostics({ ...base, converged: true, stop: "gradient" }, NAMES, { objective: quad }).message).toBe("r");
  });

  test("Gamma-Gamma and BG/BB get their own words through the same mechanism", () => {
    // identical spends: no heterogeneity to estimate
    const flat = Array.from({ length: 40 }, (_, i) => ({ frequency: 1 + (i % 5), recency: 5, T: 10, monetaryValue: 20 }));
    const gg = fitGammaGamma(flat);
    expect(gg.diagnostics.converged).toBe(false);
    expect(gg.diagnostics.message).toMatch(/spend per transaction hardly varies between customers.*; try a penalizer/);
    const bb = fitBgBb([{ frequency: 6, recency: 6, n: 6, count: 100 }, { frequency: 3, recency: 3, n: 3, count: 50 }]);
    expect(bb.diagnostics.converged).toBe(false);
    expect(bb.diagnostics.message).toMatch(/; try (a penalizer .* or more transaction opportunities|more data: .*)$/);
  });
});

const RETAIL = join(process.env.CRM_DATA ?? join(__dirname, "../../../shared/data"), "online_retail_ii/online_retail_2010-12-01_2011-12-09.csv.gz");

test.skipIf(!existsSync(RETAIL))("Online Retail, weekly calibration to 2011-06-30: a real boundary (no dropout), verified along the way, and the message says what to do", async () => {
  const { columns } = await readTransactionsCsv(RETAIL, {
    columns: { customerId: "CustomerID", date: "InvoiceDate", quantity: "Quantity", price: "UnitPrice", orderId: "InvoiceNo" },
    onInvalid: "skip",
  });
  const { customers } = toBtydSummary(columns, { asOf: "2011-12-09", calibrationEnd: "2011-06-30", period: "week" });
  const fit = fitBgNbd(customers);
  expect(fit.diagnostics.converged).toBe(false);
  expect(fit.diagnostics.message).toMatch(
    /^not converged: stopped early after \d+ iterations: a ran off towards 0 \(its logarithm moved 4 steps the same way and the objective is lower still .*; no restarts \(the likelihood rises all the way to this limit\); a → 0, b → ∞: .* so the data do not identify a and b: little or no dropout within the observation period .*; try a longer observation period/,
  );
  expect(fit.logLikelihood).toBeCloseTo(-15328.3065, 3);
}, 60_000);

describe("the verified runaway (minimizeFit's runaway.jump) on real likelihoods", () => {
  // the fits' objective (mean −log-likelihood over log-parameters, times scaled by 1/max T) on simulated data
  const objectiveOf = (cs: { frequency: number; recency: number; T: number }[], passOf: typeof bgNbdPass) => {
    const g = groupTriples(Float64Array.from(cs, (c) => c.frequency), Float64Array.from(cs, (c) => c.recency), Float64Array.from(cs, (c) => c.T));
    const pass = passOf(g.x, g.tx, g.T, g.w, 1 / Math.max(...g.T));
    const gt = [0, 0, 0, 0];
    let evaluations = 0;
    const f: ValueAndGradient = (phi, grad) => {
      evaluations++;
      const th = phi.map(Math.exp);
      const ll = pass(th, grad ? gt : null);
      if (grad) for (let i = 0; i < 4; i++) grad[i] = (-gt[i] / cs.length) * th[i];
      return -ll / cs.length;
    };
    return { f, evaluations: () => evaluations };
  };
  const mask = [true, true, true, true];
  const watch = (jump: boolean): MinimizeOptions => ({ runaway: { limit: RUNAWAY_LOG_PARAMETER, mask, ...(jump ? { jump: RUNAWAY_JUMP } : {}) } });

  test("a fit that converges is the same to the last bit with the runaway watched (BG/NBD and Pareto/NBD, interior optima, small a and s included)", () => {
    const cases: [typeof bgNbdPass, { frequency: number; recency: number; T: number }[], number[]][] = [
      [bgNbdPass, simulateBgNbd(2000, { r: 0.24, alpha: 4.4, a: 0.79, b: 2.4 }, 1), [0.1, 0.1, 0.1, 0.1]],
      [bgNbdPass, simulateBgNbd(2000, { r: 0.5, alpha: 5, a: 0.05, b: 3 }, 2), [0.1, 0.1, 0.1, 0.1]],
      [bgNbdPass, simulateBgNbd(2000, { r: 1.2, alpha: 10, a: 2, b: 40 }, 3), [0.1, 0.1, 0.1, 0.1]],
      [paretoNbdPass, simulateParetoNbd(1500, { r: 0.55, alpha: 10.6, s: 0.6, beta: 11.7 }, 4), [1, 1, 1, 1]],
      [paretoNbdPass, simulateParetoNbd(1500, { r: 0.8, alpha: 5, s: 0.1, beta: 2 }, 5), [1, 1, 1, 1]],
    ];
    let converged = 0;
    let probed = 0;
    for (const [passOf, cs, theta] of cases) {
      const start = theta.map(Math.log);
      const a = objectiveOf(cs, passOf);
      const b = objectiveOf(cs, passOf);
      const plain = minimizeWithGradient(a.f, start, watch(false));
      const watched = minimizeWithGradient(b.f, start, watch(true));
      expect(watched).toEqual(plain);
      if (plain.converged) converged++;
      // steady steps were seen and probed along the way, and the probe found the likelihood falling again
      if (b.evaluations() > a.evaluations()) probed++;
    }
    expect(converged).toBeGreaterThanOrEqual(4);
    expect(probed).toBeGreaterThanOrEqual(1);
  });

  test("no dropout in the data: stopped early at the verified runaway, not converged, a named, in fewer evaluations and no worse", () => {
    const alive = simulateBgNbd(3000, { r: 0.8, alpha: 9, a: 1e-9, b: 1e4 }, 11);
    const start = [0.1, 0.1, 0.1, 0.1].map(Math.log);
    const slow = objectiveOf(alive, bgNbdPass);
    const plain = minimizeWithGradient(slow.f, start, watch(false));
    const fast = objectiveOf(alive, bgNbdPass);
    const watched = minimizeWithGradient(fast.f, start, { runaway: { ...watch(true).runaway!, names: ["r", "alpha", "a", "b"] } });
    expect(watched.converged).toBe(false);
    expect(watched.stop).toBe("runaway");
    expect(watched.reason).toMatch(/^stopped early after \d+ iterations: a ran off towards 0 /);
    expect(fast.evaluations()).toBeLessThan(slow.evaluations());
    expect(watched.value).toBeLessThanOrEqual(plain.value + 1e-12);
    // and the fit says so, naming the limit, without restarts
    const fit = fitBgNbd(alive);
    expect(fit.diagnostics.converged).toBe(false);
    expect(fit.diagnostics.message).toMatch(/^not converged: stopped early after \d+ iterations: a ran off towards 0 .*; no restarts \(the likelihood rises all the way to this limit\); a → 0/);
  });
});
