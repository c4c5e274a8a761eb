// One replicate of the simulation study of predictionIntervals (shared by the test and by
// test/fixtures/scripts/intervalCoverage.ts, whose committed output the test pins): simulate customers
// from known parameters, fit, and check whether the 90% intervals cover the truth.
import {
  bootstrapFit,
  fitBgNbd,
  fitGammaGamma,
  fitParetoNbd,
  predictBgNbd,
  predictedClv,
  predictionIntervals,
  predictParetoNbd,
  simulateCustomers,
  type PurchaseModel,
} from "../../src/models/index.js";

export const STUDY = {
  customers: 1000,
  /** Ages in weeks, cycled over the customers. */
  ages: [26, 39, 52],
  holdout: 39,
  level: 0.9,
  bg: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 },
  pareto: { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 },
  gg: { p: 6.25, q: 3.74, v: 15.44 },
} as const;

/** What one replicate covered. */
export interface StudyRep {
  seed: number;
  converged: boolean;
  /** Per parameter: 1 when its interval holds the true value. */
  parameters: number[];
  /** Share of customers whose P(alive) interval holds the true P(alive) (BG/NBD: repeat buyers only, P(alive) = 1 for the others). */
  alive: number;
  /** Share whose expected-purchases interval holds the true conditional expectation. */
  expected: number;
  /** Share whose whole-number purchase interval holds their holdout purchases, and the intervals' mean stated probability. */
  counts: number;
  stated: number;
  /** 1 when the interval of the total holdout purchases holds the simulated total. */
  total: number;
  /** Gamma-Gamma replicates: share whose CLV interval holds the CLV at the true parameters. */
  clv: number;
}

const share = (flags: boolean[]) => flags.filter(Boolean).length / flags.length;

export function studyRep(kind: "bg-nbd" | "pareto-nbd" | "gamma-gamma", seed: number): StudyRep {
  const T = Array.from({ length: STUDY.customers }, (_, i) => STUDY.ages[i % STUDY.ages.length]);
  const truth: PurchaseModel = kind === "pareto-nbd" ? { model: "pareto-nbd", params: STUDY.pareto } : { model: "bg-nbd", params: STUDY.bg };
  const { customers } = simulateCustomers(truth, { T, seed, holdout: STUDY.holdout, spend: STUDY.gg });
  const failed: StudyRep = { seed, converged: false, parameters: [], alive: 0, expected: 0, counts: 0, stated: 0, total: 0, clv: 0 };
  const fit = kind === "pareto-nbd" ? { model: "pareto-nbd" as const, ...fitParetoNbd(customers) } : { model: "bg-nbd" as const, ...fitBgNbd(customers) };
  if (!fit.diagnostics.converged || fit.standardErrors === null) return failed;
  const t = STUDY.holdout;
  if (kind === "gamma-gamma") {
    const gg = fitGammaGamma(customers);
    if (!gg.diagnostics.converged || gg.standardErrors === null) return failed;
    const r = predictionIntervals(fit, customers, { t, level: STUDY.level, gammaGamma: gg, periodsPerMonth: 4.345 });
    const trueClv = predictedClv(truth, STUDY.gg, customers, { periodsPerMonth: 4.345 }).customers;
    const spend = r.meta.spendParameters ?? [];
    return {
      ...failed,
      converged: true,
      parameters: spend.map((p) => Number(p.lower <= STUDY.gg[p.name as "p"] && STUDY.gg[p.name as "p"] <= p.upper)),
      clv: share(r.customers.map((c, i) => (c.clvLower as number) <= trueClv[i].clv && trueClv[i].clv <= (c.clvUpper as number))),
    };
  }
  const r = predictionIntervals(fit, customers, { t, level: STUDY.level });
  const exact = kind === "pareto-nbd" ? predictParetoNbd(STUDY.pareto, customers, { t }).customers : predictBgNbd(STUDY.bg, customers, { t }).customers;
  const params = truth.params as unknown as Record<string, number>;
  const informative = r.customers.filter((_, i) => kind === "pareto-nbd" || customers[i].frequency > 0);
  const informativeIndex = r.customers.map((_, i) => i).filter((i) => kind === "pareto-nbd" || customers[i].frequency > 0);
  const sum = customers.reduce((s, c) => s + (c.holdoutPurchases as number), 0);
  return {
    seed,
    converged: true,
    parameters: r.meta.parameters.map((p) => Number(p.lower <= params[p.name] && params[p.name] <= p.upper)),
    alive: share(informative.map((c, k) => c.pAliveLower <= exact[informativeIndex[k]].pAlive && exact[informativeIndex[k]].pAlive <= c.pAliveUpper)),
    expected: share(r.customers.map((c, i) => c.expectedPurchasesLower <= exact[i].expectedPurchases && exact[i].expectedPurchases <= c.expectedPurchasesUpper)),
    counts: share(r.customers.map((c, i) => c.purchasesLower <= (customers[i].holdoutPurchases as number) && (customers[i].holdoutPurchases as number) <= c.purchasesUpper)),
    stated: r.customers.reduce((s, c) => s + c.purchasesProbability, 0) / r.customers.length,
    total: Number(r.meta.totalPurchases.lower <= sum && sum <= r.meta.totalPurchases.upper),
    clv: 0,
  };
}

/** Coverage over replicates: the mean of each field over the converged replicates. */
export function summarize(reps: StudyRep[]) {
  const ok = reps.filter((r) => r.converged);
  const mean = (f: (r: StudyRep) => number) => ok.reduce((s, r) => s + f(r), 0) / ok.length;
  const k = ok[0]?.parameters.length ?? 0;
  return {
    replicates: reps.length,
    converged: ok.length,
    parameters: Array.from({ length: k }, (_, j) => mean((r) => r.parameters[j])),
    alive: mean((r) => r.alive),
    expected: mean((r) => r.expected),
    counts: mean((r) => r.counts),
    stated: mean((r) => r.stated),
    total: mean((r) => r.total),
    clv: mean((r) => r.clv),
  };
}

/** One replicate of the bootstrap study: 1 per parameter when bootstrapFit's 90% percentile interval holds the true value (null: the fit did not converge). */
export function bootstrapRep(kind: "bg-nbd" | "gamma-gamma", seed: number, replicates = 100): { seed: number; parameters: number[] | null } {
  const T = Array.from({ length: STUDY.customers }, (_, i) => STUDY.ages[i % STUDY.ages.length]);
  const { customers } = simulateCustomers({ model: "bg-nbd", params: STUDY.bg }, { T, seed, spend: STUDY.gg });
  const truth = (kind === "bg-nbd" ? STUDY.bg : STUDY.gg) as Record<string, number>;
  try {
    const r = bootstrapFit(kind, customers, { replicates, seed, level: STUDY.level });
    return { seed, parameters: r.parameters.map((p) => Number(p.lower <= truth[p.name] && truth[p.name] <= p.upper)) };
  } catch {
    return { seed, parameters: null };
  }
}
