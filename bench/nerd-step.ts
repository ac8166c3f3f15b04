/**
 * The NERD training step and the ORC index search at the sizes, shared by
 * nerd.bench.ts and the PyTorch comparison (compare-torch.ts + nerd_torch.py) so both time
 * the same thing.
 *
 * Step: B = 1024 source samples against M = 8192 Q_Y samples, m = 20 (the Gaussian
 * experiments) and m = 784 (28×28 images), generator hidden [m, m]: generator forward,
 * distortion matrix, warm-started β* solve, objective and gradient, generator backward,
 * Adam. ORC: N = 2^20 candidates of m = 20 for each of S = 4 samples at a slope steep
 * enough (β = −10^6) that the exact early stop never triggers, so the full scan is timed.
 */
import { Nerd, Rng, empty, gaussian, tensor, type DeviceName } from '../lib/index.js';
import { native } from '../lib/native.js';

export interface NerdStepCase {
  name: string;
  m: number;
  B: number;
  M: number;
  /** Timed calls when one takes seconds (else the measuring tool's default). */
  iterations?: number;
}

export const NERD_CASES: NerdStepCase[] = [
  { name: 'nerd step m=20 B=1024 M=8192', m: 20, B: 1024, M: 8192 },
  // a step is seconds on a 2-core CPU (the 784-wide generator on 8192 samples alone is ~90 GFLOP)
  { name: 'nerd step m=784 B=1024 M=8192', m: 784, B: 1024, M: 8192, iterations: 3 },
];

/** The bench's source: σ²_k = 4 e^{−k/16}, randomly rotated; the target D is 70% of Σ σ²_k (a positive rate, β* < 0). */
export function nerdSource(m: number) {
  const src = gaussian(Array.from({ length: m }, (_, k) => 4 * Math.exp(-(k + 1) / 16)), { rotationSeed: 1 });
  return { src, target: 0.7 * src.variance };
}

/** Distortion-matrix entries × dims per step. */
export const stepEntries = (c: NerdStepCase): number => c.B * c.M * c.m;

/**
 * A closure running one training step on `device` (after one untimed step that warms β* and
 * the buffers); off the CPU it reads one weight back, so the step is timed to completion.
 */
export function nerdStep(c: NerdStepCase, device: DeviceName = 'cpu'): () => void {
  const { src, target } = nerdSource(c.m);
  const model = new Nerd({ dim: c.m, hidden: [c.m, c.m], samples: c.M, target: { distortion: target } }, { seed: 1, lr: 1e-4, device });
  const x = src.sample(c.B, new Rng(1, 0), device).x, noise = new Rng(1, 1);
  model.step(x, noise);
  const sync = device === 'cpu' ? null : x.view(0, [1]);
  return () => {
    model.step(x, noise);
    sync?.toArray();
  };
}

/** NERD's distortion matrix alone at m = 20 (B = 1024, M = 8192): p = 2 (a matrix product) and the p-norms. */
export const DISTORTION_CASES = [2, 1, 1.5, 3, 2.5].map((p) => ({ name: `distortion p=${p} m=20 B=1024 M=8192`, p, m: 20, B: 1024, M: 8192 }));

/** A closure computing one distortion matrix of `c` on the CPU. */
export function distortionCall(c: (typeof DISTORTION_CASES)[number]): () => void {
  const x = gaussian(Array(c.m).fill(1)).sample(c.B, new Rng(3)).x, y = gaussian(Array(c.m).fill(1)).sample(c.M, new Rng(4)).x;
  const d = empty([c.B, c.M]);
  return () => native.nerdDistortion(x, y, d, c.p);
}

export const ORC = { S: 4, m: 20, N: 2 ** 20, beta: -1e6 };

/** Candidates × dims per search call. */
export const orcWork = (): number => ORC.S * ORC.N * ORC.m;

/** A closure running one full ORC (or PFR) search of S samples on `device`, to completion. */
export function orcSearchCall(method: 'pfr' | 'orc', device: DeviceName = 'cpu'): () => void {
  const x = gaussian(Array(ORC.m).fill(1)).sample(ORC.S, new Rng(2), device).x;
  const scale = tensor(new Float32Array(ORC.m).fill(1), [ORC.m], device), idx = empty([ORC.S], 'int32', device);
  return () => {
    native.orcSearch(method, x, scale, ORC.beta, ORC.N, 1, 0, idx, null);
    if (device !== 'cpu') idx.toArray();
  };
}
