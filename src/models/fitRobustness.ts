// The fits' shared robustness: deterministic restarts when the first search does not converge, and the
// model's own words for a fit that does not converge (FitDiagnostics.message). Used by minimizeFit.
import { defaultRemedy, fitDiagnostics, minimizeWithGradient, type FitContext, type MinimizeOptions, type MinimizeResult, type Runoff, type ValueAndGradient } from "../internal/bfgs.js";

/**
 * The restarts, as shifts of the first start's log-parameters: every parameter multiplied by e², divided
 * by e², then alternately multiplied and divided (both ways round). Tried in this order, only when the
 * first search does not converge (stops at a boundary, a runaway parameter, the iteration limit, a
 * line search that finds no lower value or the work budget).
 */
export const RESTART_SHIFTS: readonly ((i: number) => number)[] = [() => 2, () => -2, (i) => (i % 2 === 0 ? 2 : -2), (i) => (i % 2 === 0 ? -2 : 2)];

const has = (runoffs: readonly Runoff[], name: string, towards?: "0" | "∞") => runoffs.some((r) => r.name === name && (towards === undefined || r.towards === towards));

/** The purchase models' causes and remedies: the purchase-rate pair (r, alpha) and the dropout pair. */
function purchaseContext(dropout: readonly [string, string]): FitContext {
  const [shape, scale] = dropout;
  // with r → 0 (hardly any repeat purchases) the dropout pair is flat because there is nothing to drop
  // out from: that is the cause, not a lack of dropout
  const noDropout = (runoffs: readonly Runoff[]) => !has(runoffs, "r", "0") && (has(runoffs, shape, "0") || (has(runoffs, scale, "∞") && !has(runoffs, shape, "∞")));
  return {
    cause: (runoffs) => {
      const causes: string[] = [];
      if (has(runoffs, "r", "0") || (has(runoffs, "alpha", "∞") && !has(runoffs, "r", "∞"))) causes.push("few repeat purchases (most customers bought once), too few to estimate how purchase rates vary");
      else if (has(runoffs, "r", "∞") || has(runoffs, "alpha")) causes.push("purchase rates hardly vary between customers (the Poisson limit: no heterogeneity to estimate)");
      if (noDropout(runoffs)) causes.push("little or no dropout within the observation period (customers keep buying until its end), so when customers leave is not estimable");
      else if (has(runoffs, shape) || has(runoffs, scale)) causes.push("few repeat purchases to tell when customers drop out");
      return causes.length > 0 ? causes.join("; ") : undefined;
    },
    remedy: (runoffs) => {
      if (noDropout(runoffs)) {
        return `try a longer observation period, over which dropout shows, or take the fit as its no-dropout limit (r and alpha are still estimated; P(alive) is about 1 for everyone); a penalizer pulls ${shape} further towards 0 and does not help here`;
      }
      return defaultRemedy(runoffs);
    },
  };
}

/** The words of each fit that goes through `minimizeFit`, by function name. */
export const FIT_CONTEXTS: Readonly<Record<string, FitContext>> = {
  fitBgNbd: purchaseContext(["a", "b"]),
  fitModifiedBgNbd: purchaseContext(["a", "b"]),
  fitParetoNbd: purchaseContext(["s", "beta"]),
  fitGammaGamma: {
    cause: (runoffs) =>
      has(runoffs, "q", "∞") || has(runoffs, "p", "∞")
        ? "spend per transaction hardly varies between customers beyond what their own purchases show (or too few repeat buyers to tell)"
        : "too few repeat buyers, or spends so uneven that a few customers decide the fit",
    remedy: (runoffs) => `${defaultRemedy(runoffs)}; check the spends for outliers and units`,
  },
  fitBgBb: {
    cause: (runoffs) =>
      has(runoffs, "gamma") || has(runoffs, "delta")
        ? "little or no dropout over the opportunities observed (or too few customers to tell)"
        : "transaction probabilities hardly vary between customers (or too few customers to tell)",
    remedy: (runoffs) => defaultRemedy(runoffs).replace("a longer observation period", "more transaction opportunities"),
    // probabilities of whole-number histories: the mean −log-likelihood (plus a penalty ≥ 0) is never below 0
    objectiveFloor: 0,
  },
};

/**
 * Converged by the optimiser and no parameter running off (fitDiagnostics without the model's extra
 * checks). A search the optimiser itself did not call converged needs no probes (fitDiagnostics would
 * say not converged whatever they found): the message is then built only when asked for.
 */
function convergedAt(res: MinimizeResult, names: readonly (string | null)[], objective: (x: number[]) => number): { converged: boolean; message: () => string } {
  if (!res.converged) return { converged: false, message: () => fitDiagnostics(res, names, { objective }).message };
  const d = fitDiagnostics(res, names, { objective });
  return { converged: d.converged, message: () => d.message };
}

/**
 * How far a verified runaway moves its log-parameter in one step (`MinimizeOptions.runaway.jump`, set by
 * {@link searchWithRestarts} wherever its options watch for a runaway): a parameter running off to 0 or
 * ∞ is taken e^20 further at once when the likelihood rises all the way there, instead of being followed
 * a factor of about e^0.4 per iteration until the gradient vanishes.
 */
export const RUNAWAY_JUMP = 20;

/** Options with the verified runaway switched on (restarts: `abandon`, a start that runs off cannot win). */
function watched(options: MinimizeOptions, abandon: boolean, context: FitContext | undefined): MinimizeOptions {
  if (!options.runaway || options.runaway.jump !== undefined) return options;
  return { ...options, runaway: { ...options.runaway, jump: RUNAWAY_JUMP, abandon, floor: context?.objectiveFloor } };
}

/**
 * The search from `start` and, when it does not converge, from the {@link RESTART_SHIFTS} starts, which
 * share one more work budget (`restartOptions()` gives each its options, so the budget is shared). The
 * best converged result wins if its objective is no higher than the first search's (a restart that
 * converges to a lower likelihood than a search running off to a boundary is not the maximum); else the
 * first search stands. The reason says which start won, or that the restarts did not help. Options that
 * watch for a runaway (`runaway`) get the verified runaway ({@link RUNAWAY_JUMP}; restarts abandon a
 * start at it), and a first search that ends at a verified runaway is not restarted: like a converged
 * one it is finished (the likelihood was seen rising all the way to the limit, the others settled).
 */
export function searchWithRestarts(
  objective: ValueAndGradient,
  start: number[],
  names: readonly (string | null)[],
  options: MinimizeOptions,
  restartOptions: () => MinimizeOptions,
  context: FitContext | undefined,
): MinimizeResult {
  const value = (x: number[]) => objective(x, null);
  const first = { ...minimizeWithGradient(objective, start, watched(options, false, context)), context };
  const firstCheck = convergedAt(first, names, value);
  if (firstCheck.converged) return first;
  // a verified runaway is a finished search, like a converged one: the likelihood was seen to rise all
  // the way to the limit, and the other parameters settled there (restarts are for searches that stall)
  if (first.verifiedRunaway) return { ...first, reason: `${first.reason}; no restarts (the likelihood rises all the way to this limit)` };
  const more = watched(restartOptions(), true, context);
  let best: MinimizeResult | null = null;
  let bestStart = -1;
  let tried = 0;
  for (let k = 0; k < RESTART_SHIFTS.length; k++) {
    if (more.exhausted?.()) break;
    const from = start.map((v, i) => v + RESTART_SHIFTS[k](i));
    if (!Number.isFinite(value(from))) continue;
    tried++;
    const res = minimizeWithGradient(objective, from, more);
    if (!convergedAt(res, names, value).converged) continue;
    if (best === null || res.value < best.value) {
      best = res;
      bestStart = k;
    }
  }
  const slack = 1e-10 * Math.max(1, Math.abs(first.value));
  const shifted = (k: number) => `log-parameters shifted by ${start.map((_, i) => (RESTART_SHIFTS[k](i) > 0 ? "+2" : "−2")).join(", ")}`;
  if (best !== null && best.value <= first.value + slack) {
    const parts = firstCheck.message().replace(/^not converged: /, "").split("; ");
    const why = parts.find((p) => p.includes(" → "))?.split(": ")[0] ?? parts[0];
    return { ...best, context, reason: `${best.reason}, from restart ${bestStart + 1} (${shifted(bestStart)}): the first start did not converge (${why})` };
  }
  const note =
    tried === 0
      ? "no restart was tried (its work budget was spent or every restart was outside the search box)"
      : best !== null
        ? `restart ${bestStart + 1} (${shifted(bestStart)}) converged, but to a lower likelihood than this search reached, so it is not the maximum`
        : `none of ${tried} more ${tried === 1 ? "start" : "starts"} (log-parameters shifted by ±2) converged either`;
  return { ...first, reason: `${first.reason}; ${note}` };
}
