/**
 * A short training of the convolutional one-shot compressor (lib/experiments/oneShotDnn.ts)
 * on Fashion-MNIST: trainNtcCompressor on the training images at each λ, measured on the
 * first `held` test images (rate = the bitstream's bits per image, D = ||x − x̂||² summed over
 * the 784 pixels, as nerd-fmnist's D). Prints one row per λ with the wall time and the load.
 *
 *   node dist/bench/conv-ntc-fmnist.js [steps=2000] [lambdas=0.25,1,4] [batch=32] [held=2000] [lr=3e-3]
 */
import os from 'node:os';
import { convNtcTransforms, FASHION_MNIST, idxImages, trainNtcCompressor } from '../lib/index.js';

const steps = Number(process.argv[2] ?? 2000), lambdas = (process.argv[3] ?? '0.25,1,4').split(',').map(Number);
const batch = Number(process.argv[4] ?? 32), held = Number(process.argv[5] ?? 2000), lr = Number(process.argv[6] ?? 3e-3);
const train = idxImages(FASHION_MNIST.train), test = idxImages(FASHION_MNIST.test);
const heldOut = test.rows(0, held);
console.log(`${new Date().toISOString()} ${os.cpus()[0].model}, ${os.cpus().length} cores; D_max (training set) ${train.variance.toFixed(2)}`);
console.log(`steps ${steps}, batch ${batch}, lr ${lr} (÷10 for the last fifth), straight-through decoder input, held-out ${held} test images`);
console.log('| λ | rate (bits, bitstream) | estimate | D | D / D_max | wall s | load (1 min) |');
console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
let t0 = performance.now();
await trainNtcCompressor(train, heldOut, {
  transforms: convNtcTransforms({ height: 28, width: 28 }), lambdas, steps, batch, lr, seed: 1,
  onPoint(p) {
    const wall = (performance.now() - t0) / 1000;
    console.log(`| ${p.lambda} | ${p.rate_bits.toFixed(2)} | ${p.rate_estimate_bits.toFixed(2)} | ${p.distortion.toFixed(2)} | ${(p.distortion / train.variance).toFixed(4)} | ${wall.toFixed(0)} | ${os.loadavg()[0].toFixed(1)} |`);
    t0 = performance.now();
  },
});
