/**
 * One training step of an Mlp (forward, MSE loss and its gradient, backward, Adam) at the
 * sizes the experiments use; shared by mlp.bench.ts and the PyTorch comparison so both
 * time the same thing.
 */
import { Adam, Mlp, mseLoss, tensor, empty, type DeviceName } from '../lib/index.js';
import { randomArray } from '../test/reference/prng.js';

export interface MlpCase {
  name: string;
  sizes: number[];
  batch: number;
}

export const MLP_CASES: MlpCase[] = [
  { name: '2-100-100-64', sizes: [2, 100, 100, 64], batch: 1024 },
  { name: '1-100-100-1', sizes: [1, 100, 100, 1], batch: 1024 },
  { name: '20-20-20-20', sizes: [20, 20, 20, 20], batch: 1024 },
  { name: '2-256-256-256-64', sizes: [2, 256, 256, 256, 64], batch: 4096 },
  { name: '128-512-512-784', sizes: [128, 512, 512, 784], batch: 512 },
];

/** flops of one step: forward, and backward at twice the forward, 2 flops per multiply-add */
export function stepFlops(c: MlpCase): number {
  let macs = 0;
  for (let l = 0; l + 1 < c.sizes.length; ++l) macs += c.sizes[l] * c.sizes[l + 1];
  return 3 * 2 * macs * c.batch;
}

/**
 * A closure running one step on fresh random data (relu hidden layers, identity output) on
 * `device`; off the CPU it reads one weight back, so the step is timed to completion.
 */
export function mlpStep(c: MlpCase, device: DeviceName = 'cpu'): () => void {
  const inputs = c.sizes[0], outputs = c.sizes[c.sizes.length - 1];
  const net = new Mlp({ inputs, hidden: c.sizes.slice(1, -1), outputs, activation: 'relu' }, { seed: 1, device });
  const adam = new Adam(net.params, { lr: 1e-3 });
  const x = tensor(randomArray(c.batch * inputs, 2), [c.batch, inputs], device);
  const y = tensor(randomArray(c.batch * outputs, 3), [c.batch, outputs], device);
  const dy = empty([c.batch, outputs], 'float32', device), loss = empty([1], 'float32', device);
  const sync = device === 'cpu' ? null : net.params.view(0, [1]);
  return () => {
    mseLoss(net.forward(x), y, dy, loss);
    net.backward(dy, { inputGrad: false });
    adam.step(net.grad);
    sync?.toArray();
  };
}
