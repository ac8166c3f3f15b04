/**
 * One call of the exhaustive ECVQ encoder (ecvqEncode: K·S·B decoder evaluations) at the
 * issue's size and the wz-gaussian presets' sizes; shared by ecvq.bench.ts and the PyTorch
 * comparison so both time the same thing.
 */
import { native } from '../lib/native.js';
import { empty, Mlp, Rng, xEqualsYPlusNoise } from '../lib/index.js';

export interface EcvqCase {
  name: string;
  K: number;
  S: number;
  B: number;
  hidden: number[];
  /** Timed calls per round in bench:torch when one takes most of a second (else the measuring tool's default). */
  iterations?: number;
}

export const ECVQ_CASES: EcvqCase[] = [
  { name: 'K=64 S=16 B=1024 [100,100] (issue)', K: 64, S: 16, B: 1024, hidden: [100, 100], iterations: 5 },
  { name: 'K=32 S=16 B=512 [100,100] (full)', K: 32, S: 16, B: 512, hidden: [100, 100], iterations: 16 },
  { name: 'K=8 S=8 B=256 [64,64] (quick)', K: 8, S: 8, B: 256, hidden: [64, 64] },
];

export const decoderEvals = (c: EcvqCase): number => c.K * c.S * c.B;

/** A closure running one encoder call on source pairs and exact posterior draws. */
export function ecvqEncodeCall(c: EcvqCase): () => void {
  const decoder = new Mlp({ inputs: c.K + 1, hidden: c.hidden, outputs: 1, activation: 'leaky_relu' }, { seed: 1 });
  const logits = empty([c.K]);
  native.rngFill(logits, 'uniform', 2, 0, 0);
  const src = xEqualsYPlusNoise();
  const { x } = src.sample(c.B, new Rng(3));
  const ys = src.posterior(x, c.S, new Rng(4))!;
  const index = empty([c.B], 'int32'), dist = empty([c.B, c.K]);
  return () => native.ecvqEncode(decoder.spec, decoder.params, logits, x, ys, 100, index, dist);
}
