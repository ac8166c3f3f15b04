/**
 * Float64 reference of the deep factorized density (Ballé et al. 2018, App. 6.1) with
 * rdlab's parameter layout: per channel and layer, H_k [out, in], b_k [out], a_k [out]
 * (k < K). Gives logits, CDF, likelihood, bits and the gradients of w × total bits by
 * reverse mode, written out plainly (not sharing any code with the kernels).
 */

const softplus = (x: number) => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

interface Layer { H: number; b: number; a: number; nIn: number; nOut: number }

function layers(filters: readonly number[]): { layers: Layer[]; P: number } {
  const sizes = [1, ...filters, 1];
  const out: Layer[] = [];
  let off = 0;
  for (let k = 0; k + 1 < sizes.length; ++k) {
    const nIn = sizes[k], nOut = sizes[k + 1];
    const H = off; off += nIn * nOut;
    const b = off; off += nOut;
    const a = k + 2 < sizes.length ? off : -1;
    if (a >= 0) off += nOut;
    out.push({ H, b, a, nIn, nOut });
  }
  return { layers: out, P: off };
}

interface Trace { xs: number[][]; us: number[][]; logit: number }

function logitTrace(L: Layer[], p: ArrayLike<number>, base: number, z: number): Trace {
  let x = [z];
  const xs: number[][] = [], us: number[][] = [];
  L.forEach((l, k) => {
    xs.push(x);
    const u: number[] = [], next: number[] = [];
    for (let i = 0; i < l.nOut; ++i) {
      let s = p[base + l.b + i];
      for (let j = 0; j < l.nIn; ++j) s += softplus(p[base + l.H + i * l.nIn + j]) * x[j];
      u.push(s);
      next.push(k + 1 < L.length ? s + Math.tanh(p[base + l.a + i]) * Math.tanh(s) : s);
    }
    us.push(u);
    x = next;
  });
  return { xs, us, logit: x[0] };
}

/** Logit l(z) of channel c. */
export function refLogit(filters: readonly number[], params: ArrayLike<number>, c: number, z: number): number {
  const { layers: L, P } = layers(filters);
  return logitTrace(L, params, c * P, z).logit;
}

/** c(z) of channel c. */
export function refCdf(filters: readonly number[], params: ArrayLike<number>, c: number, z: number): number {
  return sigmoid(refLogit(filters, params, c, z));
}

/** p(z) = c(z+½) − c(z−½) of channel c, with the sign flip for precision in the tails. */
export function refProb(filters: readonly number[], params: ArrayLike<number>, c: number, z: number): number {
  const lo = refLogit(filters, params, c, z - 0.5), hi = refLogit(filters, params, c, z + 0.5);
  const s = lo + hi > 0 ? -1 : 1;
  return Math.abs(sigmoid(s * hi) - sigmoid(s * lo));
}

export interface RefRate { likelihood: Float64Array; bits: Float64Array; total: number; dz: Float64Array; grad: Float64Array }

/**
 * Forward and backward of w × total bits for z [B, C]: bits = −Σ log2 max(p, bound); the
 * bound's gradient always passes (tfc's identity_if_towards, as d bits/d p < 0).
 */
export function refRate(filters: readonly number[], params: ArrayLike<number>, z: ArrayLike<number>, B: number, C: number,
                        w = 1, bound = 1e-9): RefRate {
  const { layers: L, P } = layers(filters);
  const likelihood = new Float64Array(B * C), bits = new Float64Array(B), dz = new Float64Array(B * C);
  const grad = new Float64Array(C * P);
  let total = 0;
  for (let b = 0; b < B; ++b)
    for (let c = 0; c < C; ++c) {
      const base = c * P, zz = z[b * C + c];
      const tr = [logitTrace(L, params, base, zz - 0.5), logitTrace(L, params, base, zz + 0.5)];
      const s = tr[0].logit + tr[1].logit > 0 ? -1 : 1;
      const p = Math.abs(sigmoid(s * tr[1].logit) - sigmoid(s * tr[0].logit));
      const pb = Math.max(p, bound);
      likelihood[b * C + c] = pb;
      bits[b] -= Math.log2(pb);
      const g = -w / (Math.LN2 * pb);
      const dsig = (x: number) => sigmoid(x) * (1 - sigmoid(x));
      // p = sigmoid(l+) − sigmoid(l−)
      const seeds = [-g * dsig(tr[0].logit), g * dsig(tr[1].logit)];
      for (let e = 0; e < 2; ++e) {
        let d = [seeds[e]];
        for (let k = L.length - 1; k >= 0; --k) {
          const l = L[k];
          const du = d.slice();
          if (k + 1 < L.length)
            for (let i = 0; i < l.nOut; ++i) {
              const ra = params[base + l.a + i], t = Math.tanh(tr[e].us[k][i]);
              grad[base + l.a + i] += d[i] * t * (1 - Math.tanh(ra) ** 2);
              du[i] = d[i] * (1 + Math.tanh(ra) * (1 - t * t));
            }
          const dx = new Array(l.nIn).fill(0);
          for (let i = 0; i < l.nOut; ++i) {
            grad[base + l.b + i] += du[i];
            for (let j = 0; j < l.nIn; ++j) {
              const h = params[base + l.H + i * l.nIn + j];
              grad[base + l.H + i * l.nIn + j] += du[i] * tr[e].xs[k][j] * sigmoid(h);
              dx[j] += du[i] * softplus(h);
            }
          }
          d = dx;
        }
        dz[b * C + c] += d[0];
      }
    }
  for (let b = 0; b < B; ++b) total += bits[b];
  return { likelihood, bits, total, dz, grad };
}
