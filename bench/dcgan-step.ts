/**
 * The NERD paper's DCGAN generator (dcganGenerator, c_d = 32: z of 128 -> 32 x 32 x 1) at
 * batch 128, issue #17's shape: forward, and forward + backward without the input gradient
 * (counted as 3 forwards), shared by bench/conv.bench.ts and bench/compare-torch.ts
 * (bench/conv_torch.py is the PyTorch side).
 */
import { ConvNet, dcganGenerator, empty, fillRandom } from '../lib/index.js';

export const DCGAN = { capacity: 32, latent: 128, batch: 128 } as const;

export type DcganPass = 'forward' | 'forward+backward';

/** The passes' calls on one generator and its inputs, and each pass's flops per call. */
export function dcganPasses(): { pass: DcganPass; call: () => void; flops: number }[] {
  const gen = new ConvNet(dcganGenerator({ capacity: DCGAN.capacity, latent: DCGAN.latent }), { seed: 1 });
  const z = empty([DCGAN.batch, DCGAN.latent]);
  fillRandom(z, 'normal', 5);
  const dy = empty([DCGAN.batch, 32, 32, 1]);
  fillRandom(dy, 'normal', 6);
  const forwardFlops = gen.flopsPerSample() * DCGAN.batch;
  return [
    { pass: 'forward', call: () => void gen.forward(z), flops: forwardFlops },
    { pass: 'forward+backward', call: () => (gen.forward(z), gen.backward(dy, { inputGrad: false })), flops: 3 * forwardFlops },
  ];
}
