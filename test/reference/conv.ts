/**
 * Float64 reference 2-D convolution and transposed convolution in rdlab's layout (NHWC;
 * conv weight [kh, kw, cin, cout], transposed [kh, kw, cout, cin]; see lib/nn/conv.ts),
 * written straight from the definitions as direct loops: conv2d gathers
 * z[n, oy, ox, co] = b[co] + sum x[n, oy s - p + ky, ox s - p + kx, ci] w[ky, kx, ci, co];
 * convTranspose2d scatters each input x[n, iy, ix, ci] w[ky, kx, co, ci] to
 * z[n, iy s - p + ky, ix s - p + kx, co] (PyTorch's definition). y = act(z); the gradients are
 * those of L = sum(dy * y).
 */
import type { Activation } from '../../lib/nn/mlp.js';
import { act, actGrad } from './mlp.js';

export interface RefConv {
  batch: number; h: number; w: number; cin: number;
  kh: number; kw: number; cout: number;
  stride: [number, number]; padding: [number, number]; outputPadding?: [number, number];
  activation?: Activation; leakySlope?: number;
  transposed: boolean;
}

export interface RefConvResult { y: Float64Array; dx: Float64Array; dw: Float64Array; db: Float64Array; oh: number; ow: number }

export function refOutExtents(c: RefConv): [number, number] {
  const [sh, sw] = c.stride, [ph, pw] = c.padding, [oph, opw] = c.outputPadding ?? [0, 0];
  return c.transposed
    ? [(c.h - 1) * sh - 2 * ph + c.kh + oph, (c.w - 1) * sw - 2 * pw + c.kw + opw]
    : [Math.floor((c.h + 2 * ph - c.kh) / sh) + 1, Math.floor((c.w + 2 * pw - c.kw) / sw) + 1];
}

/**
 * Visits every (input element, weight element, output element) triple the convolution
 * multiplies: fn(xi, wi, yi) with flat indices.
 */
function forEachTerm(c: RefConv, oh: number, ow: number, fn: (xi: number, wi: number, yi: number) => void): void {
  const [sh, sw] = c.stride, [ph, pw] = c.padding;
  // the small grid is the conv's output / the transposed conv's input
  const [hs, ws] = c.transposed ? [c.h, c.w] : [oh, ow];
  const [hb, wb] = c.transposed ? [oh, ow] : [c.h, c.w];
  for (let n = 0; n < c.batch; ++n)
    for (let sy = 0; sy < hs; ++sy)
      for (let sx = 0; sx < ws; ++sx)
        for (let ky = 0; ky < c.kh; ++ky)
          for (let kx = 0; kx < c.kw; ++kx) {
            const by = sy * sh - ph + ky, bx = sx * sw - pw + kx;
            if (by < 0 || by >= hb || bx < 0 || bx >= wb) continue;
            for (let ci = 0; ci < c.cin; ++ci)
              for (let co = 0; co < c.cout; ++co) {
                const xi = c.transposed ? ((n * c.h + sy) * c.w + sx) * c.cin + ci : ((n * c.h + by) * c.w + bx) * c.cin + ci;
                const yi = c.transposed ? ((n * oh + by) * ow + bx) * c.cout + co : ((n * oh + sy) * ow + sx) * c.cout + co;
                const wi = c.transposed ? ((ky * c.kw + kx) * c.cout + co) * c.cin + ci : ((ky * c.kw + kx) * c.cin + ci) * c.cout + co;
                fn(xi, wi, yi);
              }
          }
}

/** y, and the gradients of sum(dy * y) with respect to x, the weight and the bias (bias null: zero bias). */
export function referenceConv(c: RefConv, x: ArrayLike<number>, w: ArrayLike<number>, b: ArrayLike<number> | null, dy: ArrayLike<number>): RefConvResult {
  const [oh, ow] = refOutExtents(c);
  const a = c.activation ?? 'identity', slope = c.leakySlope ?? 0.01;
  const ny = c.batch * oh * ow * c.cout;
  const z = new Float64Array(ny);
  for (let i = 0; i < ny; ++i) z[i] = b ? b[i % c.cout] : 0;
  forEachTerm(c, oh, ow, (xi, wi, yi) => { z[yi] += x[xi] * w[wi]; });
  const y = z.map((v) => act(a, v, slope));
  const delta = z.map((v, i) => dy[i] * actGrad(a, v, slope));
  const dx = new Float64Array(c.batch * c.h * c.w * c.cin), dw = new Float64Array(c.kh * c.kw * c.cin * c.cout), db = new Float64Array(c.cout);
  for (let i = 0; i < ny; ++i) db[i % c.cout] += delta[i];
  forEachTerm(c, oh, ow, (xi, wi, yi) => {
    dx[xi] += delta[yi] * w[wi];
    dw[wi] += delta[yi] * x[xi];
  });
  return { y, dx, dw, db, oh, ow };
}
