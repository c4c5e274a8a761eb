import { work } from "./special.js";
import { log } from "./elementary.js";
import { hessianFromGradient } from "./hessian.js";

/** Result of {@link minimizeBfgs}. */
export interface MinimizeResult {
  x: number[];
  value: number;
  iterations: number;
  gradientNorm: number;
  converged: boolean;
  /** Why the search stopped, in words. */
  reason: string;
  /**
   * Which rule stopped it: the gradient tolerance, relative change, a runaway coordinate, a line
   * search that found no lower value, the work budget, or the iteration limit.
   */
  stop?: StopRule;
  /** The model's words for {@link fitDiagnostics}' message (set by the fits' shared `minimizeFit`). */
  context?: FitContext;
  /**
   * Set when the search stopped at a runaway it verified (see {@link MinimizeOptions}' `runaway.jump`):
   * the objective fell all along a ray to near the limit, and the search went there.
   */
  verifiedRunaway?: { index: number; towards: "0" | "∞" };
}

/** The rule that stopped {@link minimizeWithGradient}. */
export type StopRule = "gradient" | "change" | "runaway" | "stalled" | "spent" | "iterations";

/** A parameter found running off towards 0 or ∞ by {@link fitDiagnostics}. */
export interface Runoff {
  name: string;
  towards: "0" | "∞";
}

/** What {@link fitDiagnostics} says about a fit that did not converge, in the model's own words. */
export interface FitContext {
  /** Why these parameters run off, in the model's words (undefined: no specific cause known). */
  cause?: (runoffs: readonly Runoff[]) => string | undefined;
  /** What the user can do about it (default {@link defaultRemedy}). */
  remedy?: (runoffs: readonly Runoff[]) => string;
  /** The least value the objective can take (a discrete model's mean −log-probability: 0), if known. */
  objectiveFloor?: number;
}

/**
 * What to try when a fit does not converge, by the side the parameters run off to: a penalizer (λ·Σθ²,
 * lifetimes' penalty) keeps a parameter that runs off to ∞ finite, but pulls one that runs to 0 further
 * down, so for those the advice is more data.
 */
export function defaultRemedy(runoffs: readonly Runoff[]): string {
  const toInfinity = runoffs.some((r) => r.towards === "∞");
  const toZero = runoffs.some((r) => r.towards === "0");
  if (toZero && !toInfinity) return "try more data: more customers or a longer observation period (a penalizer would pull these parameters further towards 0)";
  return "try a penalizer (options.penalizer, e.g. 0.001: it keeps parameters that run off to ∞ finite) or a longer observation period";
}

/**
 * An objective with its gradient: returns f(x) and, when `grad` is given, writes ∇f(x) into it (one
 * pass over the data for both). Called with `null` where only the value is needed (line-search trials).
 */
export type ValueAndGradient = (x: number[], grad: number[] | null) => number;

/** Central-difference gradient. */
export function numericGradient(f: (x: number[]) => number, x: number[], h = 1e-6): number[] {
  return x.map((_, i) => {
    const up = x.slice();
    const down = x.slice();
    up[i] += h;
    down[i] -= h;
    return (f(up) - f(down)) / (2 * h);
  });
}

/** Options of {@link minimizeBfgs}. */
export interface MinimizeOptions {
  /** Largest gradient component at which the search has converged (default 1e-7). */
  gradientTolerance?: number;
  /**
   * The relative-change rule: the search also stops when two steps in a row changed the value by at
   * most `valueTolerance`·max(1, |f|) (default 1e-12) and every coordinate by at most
   * `stepTolerance`·max(1, |xᵢ|) (default 1e-9): double precision allows no further progress. That stop
   * counts as converged only when the gradient is within `acceptedGradient` (default 1e-5).
   */
  valueTolerance?: number;
  stepTolerance?: number;
  acceptedGradient?: number;
  /**
   * Early stop at a runaway coordinate: when a coordinate marked in `mask` (a log-parameter) goes
   * beyond ±`limit`, the parameter is heading to 0 or ∞ and the search stops there, not converged.
   *
   * With `jump` (a distance in log units), a runaway is also detected on the way: when marked
   * coordinates moved the same way in each of the last `window` (default 4) steps, by steps that do
   * not shrink (each at least 0.1 and at least half the largest, unlike the shrinking steps towards an
   * interior optimum) while the decrease of the objective did not grow, the search tries the point
   * where they continue at their mean step until the fastest has moved `jump` further (every one
   * staying within ±(`limit` − 1)). Only when the objective falls all along that ray (at 1, 4, 16, ...
   * mean steps and at the far point: the likelihood still rises towards that limit, with no interior
   * optimum on the way) does the search move there — a long descent step — and the other coordinates
   * then settle as usual; the result is not converged (stop "runaway"), naming the parameter. With
   * `abandon`, the search stops at once after such a step (restarts: a start that runs off cannot win).
   * `jump` 0 (or absent) watches only the limit.
   * A probe that finds no lower value changes nothing (the search goes on from where it was); nor
   * does one below `floor`, a value the objective cannot reach (a probability model's 0: rounding).
   */
  runaway?: { limit: number; mask: readonly boolean[]; names?: readonly (string | null)[]; jump?: number; window?: number; abandon?: boolean; floor?: number };
  maxIterations?: number;
  /** Checked before each evaluation round: true stops the search (a deterministic work budget). */
  exhausted?: () => boolean;
  /** Function name for the error messages. */
  name?: string;
}

/**
 * BFGS with central-difference gradients ({@link minimizeWithGradient} with {@link numericGradient}),
 * for objectives without an analytic gradient.
 */
export function minimizeBfgs(f: (x: number[]) => number, x0: number[], options: MinimizeOptions = {}): MinimizeResult {
  const fg: ValueAndGradient = (x, grad) => {
    const v = f(x);
    if (grad && Number.isFinite(v)) {
      const g = numericGradient(f, x);
      for (let i = 0; i < g.length; i++) grad[i] = g[i];
    }
    return v;
  };
  return minimizeWithGradient(fg, x0, options);
}

const maxAbs = (v: readonly number[]): number => {
  let m = 0;
  for (const e of v) {
    const a = Math.abs(e);
    if (!(a <= m)) m = a; // NaN propagates
  }
  return m;
};

/**
 * BFGS with a backtracking (Armijo) line search on an objective with its gradient, for smooth
 * low-dimensional problems (model fitting in log-parameters). The first quasi-Newton step rescales
 * the identity by sᵀy/yᵀy (Nocedal & Wright 2006, eq. 6.20). Stops, in this order of checks:
 * - converged: the largest gradient component is at most `gradientTolerance`;
 * - relative change: two steps in a row moved the value and every coordinate by less than their
 *   tolerances (converged when the gradient is within `acceptedGradient`, else not);
 * - runaway: a marked coordinate went beyond ±`runaway.limit` (not converged);
 * - the line search found no lower value (not converged);
 * - `maxIterations`, or `exhausted()` (the work budget), both not converged.
 * A non-finite objective at the start throws.
 */
export function minimizeWithGradient(f: ValueAndGradient, x0: number[], options: MinimizeOptions = {}): MinimizeResult {
  const tol = options.gradientTolerance ?? 1e-7;
  const ftol = options.valueTolerance ?? 1e-12;
  const xtol = options.stepTolerance ?? 1e-9;
  const accepted = Math.max(tol, options.acceptedGradient ?? 1e-5);
  const maxIterations = options.maxIterations ?? 1000;
  const exhausted = options.exhausted ?? (() => false);
  const runaway = options.runaway;
  const n = x0.length;
  let x = x0.slice();
  let g = new Array<number>(n).fill(0);
  let fx = f(x, g);
  if (!Number.isFinite(fx)) throw new RangeError(`${options.name ?? "minimizeBfgs"}: the objective is not finite at the start`);
  let H: number[][] = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  let iterations = 0;
  let stop: StopRule = "iterations";
  let quiet = 0;
  let lastChange = { value: 0, step: 0 };
  let ranOff = -1;
  // the verified runaway (see MinimizeOptions.runaway.jump): the last steps and decreases, and the jump made
  const window = Math.max(2, runaway?.window ?? 4);
  const steps: number[][] = [];
  const drops: number[] = [];
  let jumped: { lead: number; from: number; to: number; before: number; after: number; iteration: number } | null = null;
  for (;;) {
    if (maxAbs(g) <= tol) {
      stop = jumped ? "runaway" : "gradient";
      break;
    }
    if (iterations >= maxIterations) {
      stop = "iterations";
      break;
    }
    if (exhausted()) {
      stop = "spent";
      break;
    }
    iterations++;
    const p = H.map((row) => -row.reduce((s, h, j) => s + h * g[j], 0));
    let slope = p.reduce((s, pi, i) => s + pi * g[i], 0);
    if (!(slope < 0)) {
      // not a descent direction: reset to steepest descent
      H = H.map((row, i) => row.map((_, j) => (i === j ? 1 : 0)));
      for (let i = 0; i < n; i++) p[i] = -g[i];
      slope = -g.reduce((s, gi) => s + gi * gi, 0);
    }
    let step = 1;
    let xn = x;
    let fn = fx;
    const gn = new Array<number>(n).fill(0);
    let withGradient = false;
    for (let k = 0; k < 60 && !exhausted(); k++) {
      xn = x.map((xi, i) => xi + step * p[i]);
      // the first trial usually succeeds: take its gradient in the same pass
      withGradient = k === 0;
      fn = f(xn, withGradient ? gn : null);
      if (Number.isFinite(fn) && fn <= fx + 1e-4 * step * slope) break;
      step /= 2;
    }
    if (!(Number.isFinite(fn) && fn <= fx && xn !== x)) {
      stop = exhausted() ? "spent" : "stalled";
      break;
    }
    if (!withGradient) f(xn, gn);
    const s = xn.map((xi, i) => xi - x[i]);
    const y = gn.map((gi, i) => gi - g[i]);
    const sy = s.reduce((acc, si, i) => acc + si * y[i], 0);
    if (sy > 1e-14) {
      if (iterations === 1) {
        const yy = y.reduce((acc, yi) => acc + yi * yi, 0);
        H = H.map((row) => row.map((h) => (h * sy) / yy));
      }
      const Hy = H.map((row) => row.reduce((acc, h, j) => acc + h * y[j], 0));
      const yHy = y.reduce((acc, yi, i) => acc + yi * Hy[i], 0);
      H = H.map((row, i) => row.map((h, j) => h + ((sy + yHy) * s[i] * s[j]) / (sy * sy) - (Hy[i] * s[j] + s[i] * Hy[j]) / sy));
    }
    lastChange = { value: Math.abs(fx - fn) / Math.max(1, Math.abs(fn)), step: maxAbs(s.map((si, i) => si / Math.max(1, Math.abs(xn[i])))) };
    const drop = fx - fn;
    x = xn;
    fx = fn;
    g = gn;
    if (runaway) {
      ranOff = x.findIndex((xi, i) => runaway.mask[i] && Math.abs(xi) > runaway.limit);
      if (ranOff >= 0) {
        stop = "runaway";
        break;
      }
      if (runaway.jump !== undefined && jumped === null) {
        steps.push(s);
        drops.push(drop);
        if (steps.length > window) {
          steps.shift();
          drops.shift();
        }
        if (steps.length === window && !exhausted()) {
          const probe = runawayProbe(f, x, fx, steps, drops, runaway.mask, runaway.limit, runaway.jump, runaway.floor ?? Number.NEGATIVE_INFINITY);
          // a probe that finds no lower value: the window starts afresh (no probe at every step)
          steps.length = 0;
          drops.length = 0;
          if (probe) {
            jumped = { lead: probe.lead, from: x[probe.lead], to: probe.x[probe.lead], before: fx, after: probe.value, iteration: iterations };
            x = probe.x;
            fx = probe.value;
            g = probe.grad;
            if (runaway.abandon) {
              stop = "runaway";
              break;
            }
            continue; // the BFGS matrix is kept: the long step says nothing about the curvature
          }
        }
      }
    }
    quiet = lastChange.value <= ftol && lastChange.step <= xtol ? quiet + 1 : 0;
    if (quiet >= 2 && maxAbs(g) > tol) {
      stop = jumped ? "runaway" : "change";
      break;
    }
  }
  // after a verified runaway the other coordinates' stop (gradient, no change, no lower value, the
  // limits) is reported as the runaway it follows
  if (jumped && stop !== "runaway") {
    const then = stop;
    stop = "runaway";
    if (then !== "gradient" && then !== "change") jumped = { ...jumped, iteration: -1 };
  }
  const gradientNorm = maxAbs(g);
  const gn = gradientNorm.toExponential(2);
  let converged = false;
  let reason: string;
  switch (stop) {
    case "gradient":
      converged = true;
      reason = `gradient norm ${gn} below the tolerance ${tol} after ${iterations} iterations`;
      break;
    case "change":
      converged = gradientNorm <= accepted;
      reason = `the value and the parameters stopped changing (relative changes ${lastChange.value.toExponential(1)} and ${lastChange.step.toExponential(1)} below the tolerances ${ftol} and ${xtol}) after ${iterations} iterations at gradient norm ${gn}${converged ? ` (within ${accepted})` : `, above ${accepted}`}`;
      break;
    case "runaway": {
      if (ranOff < 0 && jumped) ranOff = jumped.lead;
      const label = runaway?.names?.[ranOff] ?? `parameter ${ranOff}`;
      const towards = x[ranOff] > 0 ? "∞" : "0";
      if (jumped && Math.abs(x[ranOff]) <= (runaway?.limit ?? Infinity)) {
        const lead = label;
        const settled = runaway?.abandon ? "the search stopped there" : jumped.iteration < 0 ? `the others then stopped without settling, at gradient norm ${gn}` : `the others then settled at gradient norm ${gn}`;
        reason = `stopped early after ${iterations} iterations: ${lead} ran off towards ${towards} (its logarithm moved ${window} steps the same way and the objective is lower still at ${jumped.to.toFixed(1)} than at ${jumped.from.toFixed(1)}: ${jumped.after.toPrecision(12)} < ${jumped.before.toPrecision(12)}); ${settled}`;
      } else reason = `stopped early after ${iterations} iterations: ${label} ran off towards ${towards} (its logarithm ${x[ranOff].toFixed(1)} is beyond ±${runaway?.limit}) at gradient norm ${gn}`;
      break;
    }
    case "spent":
      reason = `stopped when its work budget ran out after ${iterations} iterations at gradient norm ${gn}`;
      break;
    case "stalled":
      reason = `the line search found no lower value at gradient norm ${gn} (a flat likelihood or an optimum at a boundary)`;
      break;
    default:
      reason = `stopped after the maximum of ${maxIterations} iterations at gradient norm ${gn}`;
  }
  const verified = stop === "runaway" && jumped !== null && Math.abs(x[jumped.lead]) <= (runaway?.limit ?? Infinity);
  return { x, value: fx, iterations, gradientNorm, converged, reason, stop, ...(verified && jumped ? { verifiedRunaway: { index: jumped.lead, towards: x[jumped.lead] > 0 ? ("∞" as const) : ("0" as const) } } : {}) };
}

/**
 * The probe of {@link MinimizeOptions.runaway}'s `jump`: the marked coordinates that moved the same way
 * in every step of the window by steps that do not shrink (each ≥ 0.1 and ≥ half the largest), while
 * the objective's decrease did not grow, continued at their mean step until the fastest has moved
 * `jump` further (each within ±(limit − 1)); the point, its value and gradient when the objective falls
 * all along that ray (checked at 1, 4, 16, ... mean steps and at the far point), else null. Other
 * coordinates stay where they are.
 */
function runawayProbe(f: ValueAndGradient, x: number[], fx: number, steps: readonly number[][], drops: readonly number[], mask: readonly boolean[], limit: number, jump: number, floor: number): { x: number[]; value: number; grad: number[]; lead: number } | null {
  if (!(jump > 0 && drops[drops.length - 1] <= drops[0])) return null;
  const n = x.length;
  const mean = new Array<number>(n).fill(0);
  let lead = -1;
  for (let i = 0; i < n; i++) {
    if (!mask[i]) continue;
    let lo = Infinity;
    let hi = 0;
    let sign = 0;
    let same = true;
    for (const s of steps) {
      const a = Math.abs(s[i]);
      const sg = Math.sign(s[i]);
      if (sign === 0) sign = sg;
      if (sg !== sign || sg === 0) same = false;
      lo = Math.min(lo, a);
      hi = Math.max(hi, a);
    }
    if (!(same && lo >= 0.1 && lo >= hi / 2)) continue;
    mean[i] = steps.reduce((acc, s) => acc + s[i], 0) / steps.length;
    if (lead < 0 || Math.abs(mean[i]) > Math.abs(mean[lead])) lead = i;
  }
  if (lead < 0) return null;
  let t = jump / Math.abs(mean[lead]);
  for (let i = 0; i < n; i++) {
    if (mean[i] === 0) continue;
    const room = (limit - 1 - Math.abs(x[i])) / Math.abs(mean[i]);
    t = Math.min(t, room);
  }
  // too near the limit to gain anything over the limit's own stop
  if (!(t * Math.abs(mean[lead]) >= 2)) return null;
  // the objective must fall all along the ray, at 1, 4, 16, ... mean steps and at the far point: an
  // interior optimum on the way (the objective rising past it, whatever lies beyond) refuses the jump
  let last = fx;
  for (let k = 1; k < t; k *= 4) {
    const v = f(x.map((xi, i) => xi + k * mean[i]), null);
    if (!(v < last)) return null;
    last = v;
  }
  const y = x.map((xi, i) => xi + t * mean[i]);
  const grad = new Array<number>(n).fill(0);
  const value = f(y, grad);
  if (!(Number.isFinite(value) && value < last && value >= floor && grad.every(Number.isFinite))) return null;
  return { x: y, value, grad, lead };
}

/** Central-difference Hessian of f at v (steps relative to each coordinate's size). */
export function numericHessian(f: (x: number[]) => number, v: number[]): number[][] {
  const n = v.length;
  const H = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  const h = v.map((vi) => 1e-4 * Math.max(1, Math.abs(vi)));
  const at = (i: number, di: number, j: number, dj: number) => {
    const w = v.slice();
    w[i] += di;
    w[j] += dj;
    return f(w);
  };
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const value = (at(i, h[i], j, h[j]) - at(i, h[i], j, -h[j]) - at(i, -h[i], j, h[j]) + at(i, -h[i], j, -h[j])) / (4 * h[i] * h[j]);
      H[i][j] = value;
      H[j][i] = value;
    }
  }
  return H;
}

/** Inverse of a small symmetric matrix by Gauss–Jordan with partial pivoting; null when singular. */
export function invert(A: number[][]): number[][] | null {
  const n = A.length;
  const M = A.map((row, i) => [...row, ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r][c]) > Math.abs(M[p][c])) p = r;
    if (!(Math.abs(M[p][c]) > 1e-300)) return null;
    [M[c], M[p]] = [M[p], M[c]];
    const d = M[c][c];
    for (let k = 0; k < 2 * n; k++) M[c][k] /= d;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const factor = M[r][c];
      for (let k = 0; k < 2 * n; k++) M[r][k] -= factor * M[c][k];
    }
  }
  return M.map((row) => row.slice(n));
}

/**
 * Standard errors of maximum-likelihood estimates: square roots of the diagonal of the inverse Hessian
 * of the total negative log-likelihood at the estimates (natural parameters). `null` when the Hessian
 * is not invertible or a variance is not positive (the fit is not at a proper maximum).
 */
export function standardErrors(negativeLogLikelihood: (theta: number[]) => number, theta: number[]): number[] | null {
  const V = invert(numericHessian(negativeLogLikelihood, theta));
  if (!V) return null;
  const se = V.map((row, i) => row[i]);
  return se.every((v) => v > 0 && Number.isFinite(v)) ? se.map(Math.sqrt) : null;
}

/**
 * {@link standardErrors} from an analytic gradient: `logGradient(φ, grad)` writes the gradient of the
 * total negative log-likelihood with respect to φ = ln θ. The Hessian in φ is the central difference of
 * that gradient (steps of 1e-4 in φ, so θ stays positive), symmetrised, and turned into the Hessian in θ
 * exactly: ∂²/∂θᵢ∂θⱼ = (∂²/∂φᵢ∂φⱼ − δᵢⱼ·∂/∂φᵢ) / (θᵢθⱼ). 2k gradient passes instead of 4·k(k+1)/2 values.
 */
export function standardErrorsFromGradient(logGradient: (phi: number[], grad: number[]) => void, theta: number[]): number[] | null {
  const k = theta.length;
  const phi = theta.map(log);
  const g0 = new Array<number>(k).fill(0);
  logGradient(phi, g0);
  const A = hessianFromGradient(logGradient, phi);
  const H = A.map((row, i) => row.map((a, j) => (a - (i === j ? g0[i] : 0)) / (theta[i] * theta[j])));
  const V = invert(H);
  if (!V) return null;
  const se = V.map((row, i) => row[i]);
  return se.every((v) => v > 0 && Number.isFinite(v)) ? se.map(Math.sqrt) : null;
}

/** Convergence diagnostics of a model fit. */
export interface FitDiagnostics {
  iterations: number;
  /** Largest gradient component of the objective (mean negative log-likelihood per customer) at the end. */
  gradientNorm: number;
  converged: boolean;
  /**
   * Why the fit stopped, in words. Unconverged (starting "not converged: "): the optimiser's stop, the
   * parameters running off towards 0 or ∞ and why in the model's words (few repeat purchases, no
   * dropout, no heterogeneity, …), the iteration limit, the work budget or a flat likelihood, whether
   * the restarts found anything, and what to try (a penalizer, a longer observation period).
   */
  message: string;
}

/** A deterministic work budget for a fit: `exhausted()` once `units` of counted work (see `work`) are done since the call. */
export function workBudget(units: number): { exhausted: () => boolean } {
  const start = work.units;
  return { exhausted: () => work.units - start > units };
}

/** What {@link fitDiagnostics} checks besides the optimiser's own verdict. */
export interface FitChecks {
  /** The objective that was minimised (over the same log-parameters as the result). */
  objective: (x: number[]) => number;
  /** Total log-likelihood at the fitted parameters, and the largest any parameters can give (when known). */
  logLikelihood?: number;
  upperBound?: number;
}

/**
 * Diagnostics of a fit over log-parameters. A fit is reported converged only when the optimiser met
 * its gradient tolerance, no parameter is running off (its logarithm is beyond ±`edge`, or else the
 * objective is no higher when it is multiplied or divided by e² — `null` names a parameter with a
 * unit, for which only the second test applies), and the log-likelihood is not above `upperBound` (a
 * value no parameters can reach: a floating-point artefact). The message says which of these failed.
 */
export function fitDiagnostics(res: MinimizeResult, names: readonly (string | null)[], checks: FitChecks, edge = 10): FitDiagnostics {
  const f0 = res.value;
  const slack = 1e-10 * Math.max(1, Math.abs(f0));
  const runoffs: Runoff[] = [];
  names.forEach((name, i) => {
    const at = (delta: number) => {
      const y = res.x.slice();
      y[i] += delta;
      return checks.objective(y);
    };
    const label = name ?? ["p", "q", "v"][i] ?? `parameter ${i}`;
    // beyond the edge the side is the parameter's own (no probe needed); flat both ways (a parameter
    // so near 0 or ∞ that e² changes nothing), the lower side
    if (name !== null && res.x[i] > edge) return void runoffs.push({ name: label, towards: "∞" });
    if (name !== null && res.x[i] < -edge) return void runoffs.push({ name: label, towards: "0" });
    const up = at(2);
    const down = at(-2);
    const upFlat = Number.isFinite(up) && up <= f0 + slack;
    const downFlat = Number.isFinite(down) && down <= f0 + slack;
    if (upFlat && (!downFlat || up <= down)) runoffs.push({ name: label, towards: "∞" });
    else if (downFlat) runoffs.push({ name: label, towards: "0" });
  });
  const parts = [res.reason];
  if (runoffs.length > 0) {
    const list = runoffs.map((r) => `${r.name} → ${r.towards}`).join(", ");
    const which = runoffs.length === 1 ? runoffs[0].name : `${runoffs.slice(0, -1).map((r) => r.name).join(", ")} and ${runoffs[runoffs.length - 1].name}`;
    const cause = res.context?.cause?.(runoffs);
    parts.push(`${list}: the likelihood still rises (or stays flat) towards that limit, so the data do not identify ${which}${cause ? `: ${cause}` : ""}`);
  }
  const artefact = checks.logLikelihood !== undefined && checks.upperBound !== undefined && checks.logLikelihood > checks.upperBound + 1e-9 * Math.max(1, Math.abs(checks.upperBound));
  if (artefact) {
    parts.push(`the log-likelihood ${checks.logLikelihood} is above ${checks.upperBound}, the most any parameters can give on these data: a floating-point artefact`);
  }
  const finiteGradient = Number.isFinite(res.gradientNorm);
  if (!finiteGradient) parts.push("the gradient is not finite there (reported as the largest double)");
  const converged = res.converged && runoffs.length === 0 && !artefact && finiteGradient;
  if (!converged && runoffs.length === 0 && !res.converged) {
    // the optimiser's own stop, in words that name the cause
    if (res.stop === "iterations") parts.push("the search was still improving when it reached its iteration limit: the likelihood is nearly flat along some direction");
    else if (res.stop === "spent") parts.push("the likelihood is costly to evaluate and flat where the search went (extreme values in the data, or parameters near a limit)");
    else if (res.stop === "stalled" || res.stop === "change") parts.push("a flat likelihood: nearby parameters fit the data about equally well");
  }
  // a fit without the model's words (sBG, which has no penalizer) gets advice that fits any model
  if (!converged) parts.push(res.context ? (res.context.remedy ?? defaultRemedy)(runoffs) : "more data may pin the parameters down (more customers, or a longer observation period)");
  const message = converged ? parts[0] : `not converged: ${parts.join("; ")}`;
  return { iterations: res.iterations, gradientNorm: finiteGradient ? res.gradientNorm : Number.MAX_VALUE, converged, message };
}

/**
 * The largest total log-likelihood any parameters of the BG/NBD family or of Pareto/NBD can give: a
 * customer's likelihood never exceeds that of a Poisson process with its best rate observed up to the
 * last purchase, λˣe^(−λ·t_x) ≤ (x/t_x)ˣe^(−x) (and 1 without repeat purchases). The likelihoods are
 * densities in t_x, so a total above 0 can be genuine (a fast buyer in a long time unit), but never
 * above this bound. Infinity when a customer has repeat purchases at t_x = 0.
 */
export function purchaseLikelihoodBound(x: ArrayLike<number>, tx: ArrayLike<number>, w: ArrayLike<number>): number {
  let bound = 0;
  for (let i = 0; i < x.length; i++) {
    if (x[i] === 0) continue;
    if (!(tx[i] > 0)) return Number.POSITIVE_INFINITY;
    bound += w[i] * (x[i] * log(x[i] / tx[i]) - x[i]);
  }
  return bound;
}
