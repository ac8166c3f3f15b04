/**
 * The convolutions at a DCGAN layer's shape: 256 <-> 128 channels, 4 x 4 kernel, stride 2,
 * padding 1, 8 x 8 <-> 16 x 16, batch 64, ReLU. convTranspose2d is the generator's direction
 * (8 x 8 x 256 -> 16 x 16 x 128), conv2d the discriminator's (16 x 16 x 128 -> 8 x 8 x 256);
 * both are 64 x 64 x 524,288 multiply-adds a forward pass. The backward pass computes dx,
 * dweight and dbias (twice the forward's work). Then the whole DCGAN generator of the NERD
 * paper at batch 128 (dcgan-step.ts): forward, and forward + backward.
 * Reports the median ms per call, GFLOP/s (2 flops per multiply-add) and the fraction of the
 * machine's fp32 peak.
 */
import { conv2d, conv2dBackward, convTranspose2d, convTranspose2dBackward, empty, fillRandom, type Tensor } from '../lib/index.js';
import { DCGAN, dcganPasses } from './dcgan-step.js';
import { machine } from './machine.js';
import { measure } from './measure.js';

const BATCH = 64;

function layer(transposed: boolean) {
  const [h, cin, cout] = transposed ? [8, 256, 128] : [16, 128, 256];
  const random = (shape: number[], seed: number): Tensor => {
    const t = empty(shape);
    fillRandom(t, 'normal', seed);
    return t;
  };
  const x = random([BATCH, h, h, cin], 1);
  const w = random(transposed ? [4, 4, cout, cin] : [4, 4, cin, cout], 2);
  const b = random([cout], 3);
  const options = { stride: 2, padding: 1, activation: 'relu' as const };
  const y = (transposed ? convTranspose2d : conv2d)(x, w, b, options);
  const dy = random(y.shape, 4);
  const grads = { dx: empty(x.shape), dweight: empty(w.shape), dbias: empty([cout]) };
  const macs = BATCH * 8 * 8 * 4 * 4 * cin * cout;
  return {
    name: transposed ? 'convTranspose2d 8x8x256 -> 16x16x128' : 'conv2d 16x16x128 -> 8x8x256',
    macs,
    forward: () => void (transposed ? convTranspose2d : conv2d)(x, w, b, options).dispose(),
    backward: () => (transposed ? convTranspose2dBackward : conv2dBackward)(x, w, y, dy, grads, options),
  };
}

export default async function convBench(): Promise<Record<string, unknown>[]> {
  const peak = machine().peak.gflops;
  const rows = [];
  for (const transposed of [true, false]) {
    const l = layer(transposed);
    for (const pass of ['forward', 'backward'] as const) {
      const t = await measure(`${l.name} ${pass}`, l[pass]);
      const flops = 2 * l.macs * (pass === 'forward' ? 1 : 2);
      const gflops = flops / (t.p50Ms * 1e6);
      rows.push({ layer: l.name, batch: BATCH, pass, ms: t.p50Ms, mean_ms: t.meanMs, samples: t.samples, gflops, fraction_of_peak: gflops / peak });
    }
  }
  for (const { pass, call, flops } of dcganPasses()) {
    const t = await measure(`dcgan ${pass}`, call);
    const gflops = flops / (t.p50Ms * 1e6);
    rows.push({ layer: 'DCGAN generator c_d=32 (128 -> 32x32x1)', batch: DCGAN.batch, pass, ms: t.p50Ms, mean_ms: t.meanMs, samples: t.samples, gflops, fraction_of_peak: gflops / peak });
  }
  return rows;
}
