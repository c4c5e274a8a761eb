// bgNbdPass (src/models/bgNbd.ts): the per-triple loop runs in blocks of 4,096 triples (the log-sum-exp
// of a block first, then its sums, carried from block to block); the value and gradient must be those of
// one loop over all triples in their order, to the bit (the loop of d494ad2, kept here as the reference).
import { describe } from "vitest";
import { bgNbdPass } from "../../src/models/bgNbd.js";
import { digammaShift, passData, timeTables } from "../../src/models/likelihoodParts.js";
import { lnGammaRatio } from "../../src/internal/special.js";
import { sumError } from "../../src/internal/neumaier.js";
import { exp, log } from "../../src/internal/elementary.js";
import { BG_FAMILY_THETAS, blockedPassTests } from "../helpers/blockedPass.js";

/** The pass as one loop over the triples in order (src/models/bgNbd.ts at d494ad2). */
function referencePass(x: Float64Array, tx: Float64Array, T: Float64Array, w: Float64Array, scale: number, theta: number[], grad: number[] | null): number {
  const d = passData(x, tx, T, w, scale);
  const nx = d.xs.values.length;
  const head = new Float64Array(nx);
  const lead = new Float64Array(nx);
  const bx1 = new Float64Array(nx);
  const [r, alpha, a, b] = theta;
  const la = log(a);
  let gr = 0;
  let gAlpha = 0;
  let ga = 0;
  let gb = 0;
  for (let k = 0; k < nx; k++) {
    const xv = d.xs.values[k];
    head[k] = lnGammaRatio(r, xv) + lnGammaRatio(b, xv) - lnGammaRatio(a + b, xv);
    lead[k] = la - (xv > 0 ? log(b + xv - 1) : 0);
    bx1[k] = b + xv - 1;
    if (grad) {
      const wk = d.wx[k];
      const dab = digammaShift(a + b, xv);
      gr += wk * digammaShift(r, xv);
      ga -= wk * dab;
      gb += wk * (digammaShift(b, xv) - dab);
    }
  }
  const { l1, l2, q, inv } = timeTables(d.times, alpha);
  const rl1 = l1.map((v) => -r * v);
  const rq = q.map((v) => r * v);
  let sum = 0;
  let comp = 0;
  for (let i = 0; i < x.length; i++) {
    const xv = d.x[i];
    const kx = d.xs.index[i];
    const iT = d.TAt[i];
    const alive = rl1[iT] - xv * l2[iT];
    let term: number;
    if (xv > 0) {
      const it = d.txAt[i];
      const died = lead[kx] + rl1[it] - xv * l2[it];
      const up = alive > died;
      const m = up ? alive : died;
      const ea = up ? 1 : exp(alive - m);
      const ed = up ? exp(died - m) : 1;
      term = head[kx] + (m + log(ea + ed));
      if (grad) {
        const pi = ed / (ea + ed);
        const wi = d.w[i];
        const pa = 1 - pi;
        gr -= wi * (pa * l1[iT] + pi * l1[it]);
        gAlpha += wi * (pa * (rq[iT] - xv * inv[iT]) + pi * (rq[it] - xv * inv[it]));
        ga += (wi * pi) / a;
        gb -= (wi * pi) / bx1[kx];
      }
    } else {
      term = head[kx] + alive;
      if (grad) {
        const wi = d.w[i];
        gr -= wi * l1[iT];
        gAlpha += wi * r * q[iT];
      }
    }
    const v = d.w[i] * term;
    const t = sum + v;
    comp += sumError(sum, v, t);
    sum = t;
  }
  if (grad) {
    grad[0] = gr;
    grad[1] = gAlpha;
    grad[2] = ga;
    grad[3] = gb;
  }
  return sum - sum === 0 ? sum + comp : sum;
}

describe("bgNbdPass", () => {
  blockedPassTests(bgNbdPass, referencePass, BG_FAMILY_THETAS);
});
