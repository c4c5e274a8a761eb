// mbgNbdPass (src/models/mbgNbd.ts): the per-triple loop runs in blocks of 4,096 triples (a block's
// ln((α+T)/(α+t_x)), then its log-sum-exp, then its sums, carried from block to block); the value and
// gradient must be those of one loop over all triples in their order, to the bit (the loop of d494ad2,
// kept here as the reference).
import { describe } from "vitest";
import { mbgNbdPass } from "../../src/models/mbgNbd.js";
import { digammaShift, passData, timeTables } from "../../src/models/likelihoodParts.js";
import { lnGammaRatio } from "../../src/internal/special.js";
import { sumError } from "../../src/internal/neumaier.js";
import { exp, log, log1p } from "../../src/internal/elementary.js";
import { BG_FAMILY_THETAS, blockedPassTests } from "../helpers/blockedPass.js";

/** The pass as one loop over the triples in order (src/models/mbgNbd.ts at d494ad2). */
function referencePass(x: Float64Array, tx: Float64Array, T: Float64Array, w: Float64Array, scale: number, theta: number[], grad: number[] | null): number {
  const d = passData(x, tx, T, w, scale);
  const nx = d.xs.values.length;
  const head = new Float64Array(nx);
  const lbx = new Float64Array(nx);
  const [r, alpha, a, b] = theta;
  const la = log(a);
  let gr = 0;
  let gAlpha = 0;
  let ga = 0;
  let gb = 0;
  for (let k = 0; k < nx; k++) {
    const xv = d.xs.values[k];
    head[k] = lnGammaRatio(r, xv) + lnGammaRatio(b, xv + 1) - lnGammaRatio(a + b, xv + 1);
    lbx[k] = log(b + xv);
    if (grad) {
      const wk = d.wx[k];
      const dab = digammaShift(a + b, xv + 1);
      gr += wk * digammaShift(r, xv);
      ga -= wk * dab;
      gb += wk * (digammaShift(b, xv + 1) - dab);
    }
  }
  const { l1, l2, q, inv } = timeTables(d.times, alpha);
  let sum = 0;
  let comp = 0;
  for (let i = 0; i < x.length; i++) {
    const xv = d.x[i];
    const kx = d.xs.index[i];
    const iT = d.TAt[i];
    const it = d.txAt[i];
    const G = log1p((d.T[i] - d.tx[i]) / (alpha + d.tx[i]));
    const D = la - lbx[kx] + (r + xv) * G;
    const m = D > 0 ? D : 0;
    const e0 = D > 0 ? exp(-m) : 1;
    const eD = D > 0 ? 1 : exp(D - m);
    const term = head[kx] + -r * l1[iT] - xv * l2[iT] + (m + log(e0 + eD));
    if (grad) {
      const wi = d.w[i];
      const sigma = eD / (e0 + eD);
      gr += wi * (sigma * G - l1[iT]);
      gAlpha += wi * (r * q[iT] - xv * inv[iT] + sigma * (r + xv) * (inv[iT] - inv[it]));
      ga += (wi * sigma) / a;
      gb -= (wi * sigma) / (b + xv);
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

describe("mbgNbdPass", () => {
  blockedPassTests(mbgNbdPass, referencePass, BG_FAMILY_THETAS);
});
