/**
 * Child process of nerdIsa.test.ts: with whatever kernels RDLAB_CPU_ISA selects (cpu_isa()
 * is fixed per process), runs native/cpu/nerd_kernels.h's loops at odd sizes against the
 * float64 references and prints one JSON line: { isa, threads, digests, errors }. digests
 * (SHA-256 of the outputs) must be the same on every ISA and thread count; errors are each
 * case's normwise relative error against test/reference.
 *
 * The p = 2 distortion and the ECVQ decoder's hidden layers go through the GEMM, whose FMAs
 * differ by ISA, so they are checked against the reference only; the β* solve and the
 * objective take the p ≠ 2 matrix, which is bit-identical.
 */
import { createHash } from 'node:crypto';
import { empty, info, tensor, type MlpConfig, type Tensor } from '../../lib/index.js';
import { native } from '../../lib/native.js';
import { mlpSpec } from '../../lib/nn/mlp.js';
import { referenceEcvqEncode } from '../reference/ecvq.js';
import { refDistortion, refDistortionAt, refRateGrad, refSolveBeta } from '../reference/nerd.js';
import { maxRelError, randomArray } from '../reference/prng.js';

const digest = (t: Tensor) => {
  const a = t.toArray() as ArrayBufferView;
  return createHash('sha256').update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength)).digest('hex');
};

const digests: Record<string, string> = {};
const errors: Record<string, number> = {};

// p = 1, 1.5 and 3 take exact powers, 2.5 and 12 the general one; sizes cross the 64-column
// tile, the 16-lane row sums and vector tails
const SIZES: [number, number, number][] = [[13, 37, 5], [1, 1, 1], [7, 131, 19], [5, 67, 33]];
let seed = 300;
for (const p of [1, 1.5, 2, 2.5, 3, 12])
  for (const [B, M, n] of SIZES)
    for (const scale of p === 2 ? [1] : [1, 1e4, 1e-4]) {
      const name = `p=${p} B=${B} M=${M} n=${n} scale=${scale}`;
      const x = randomArray(B * n, seed++, -2, 2).map((v) => v * scale), y = randomArray(M * n, seed++, -1.5, 1.7).map((v) => v * scale);
      const xt = tensor(x, [B, n]), yt = tensor(y, [M, n]), d = empty([B, M]);
      native.nerdDistortion(xt, yt, d, p);
      const dRef = refDistortion(x, y, B, M, n, p);
      errors[`distortion ${name}`] = maxRelError(d.toArray(), dRef);
      if (p !== 2) digests[`distortion ${name}`] = digest(d);
      if (M < 2 || scale !== 1) continue;
      // β* for a target between the ends, then the objective and gradient there
      const lo = refDistortionAt(dRef, B, M, -1e6), hi = refDistortionAt(dRef, B, M, 0);
      const beta = tensor([0]);
      native.nerdSolveBeta(d, lo + 0.3 * (hi - lo), beta, 1e-7);
      const want = refSolveBeta(dRef, B, M, lo + 0.3 * (hi - lo));
      errors[`beta ${name}`] = Math.abs(beta.toArray()[0] - want) / Math.abs(want);
      const out = empty([2]), dy = empty([M, n]);
      native.nerdObjective(xt, yt, d, beta, out, dy, 0.5, p);
      const g = refRateGrad(x, y, B, M, n, beta.toArray()[0], p).map((v) => 0.5 * v);
      errors[`gradient ${name}`] = maxRelError(dy.toArray(), g);
      if (p !== 2) digests[`solve, objective and gradient ${name}`] = digest(beta) + digest(out) + digest(dy);
    }

// the row sums alone on a given matrix (any d, not only a p ≠ 2 one)
{
  const [B, M] = [9, 1031];
  const d = tensor(randomArray(B * M, 400, 0.5, 40), [B, M]), beta = tensor([-0.21]), out = empty([2]);
  native.nerdObjective(empty([B, 1]), empty([M, 1]), d, beta, out, null);
  digests['objective on a given matrix'] = digest(out);
  const dRef = d.toArray();
  errors['objective on a given matrix'] = Math.abs(out.toArray()[1] - refDistortionAt(dRef, B, M, -0.21)) / refDistortionAt(dRef, B, M, -0.21);
}

function ecvq(config: MlpConfig, K: number, B: number, S: number) {
  const spec = mlpSpec(config);
  const m = config.inputs - K, n = config.outputs;
  let P = 0;
  for (let l = 0; l + 1 < spec.sizes.length; ++l) P += spec.sizes[l] * spec.sizes[l + 1] + spec.sizes[l + 1];
  const params = randomArray(P, seed++, -0.8, 0.8), logits = randomArray(K, seed++, -2, 2);
  const x = randomArray(B * n, seed++, -1.5, 1.5), ys = randomArray(B * S * m, seed++, -2, 2);
  const index = empty([B], 'int32'), dist = empty([B, K]);
  native.ecvqEncode(spec, tensor(params), tensor(logits), tensor(x, [B, n]), tensor(ys, [B, S, m]), 3.7, index, dist);
  const ref = referenceEcvqEncode(spec, params, logits, x, ys, B, S, 3.7);
  const name = `ecvq ${[config.inputs, ...config.hidden, n].join('-')} ${config.activation} K=${K} B=${B} S=${S}`;
  errors[`${name} distortions`] = maxRelError(dist.toArray(), ref.dist);
  errors[`${name} index mismatches`] = ref.index.filter((k, b) => k !== index.toArray()[b]).length;
}
ecvq({ inputs: 5 + 1, hidden: [9, 11], outputs: 1, activation: 'leaky_relu' }, 5, 7, 3);
ecvq({ inputs: 11 + 3, hidden: [37], outputs: 19, activation: 'relu' }, 11, 13, 5);
ecvq({ inputs: 7 + 2, hidden: [21, 17], outputs: 9, activation: 'softplus' }, 7, 9, 3);
ecvq({ inputs: 3 + 1, hidden: [], outputs: 2 }, 3, 11, 1);

console.log(JSON.stringify({ isa: info().cpuIsa, threads: info().threads, digests, errors }));
