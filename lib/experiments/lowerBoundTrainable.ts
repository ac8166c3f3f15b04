/**
 * What the sandwich experiments share: the settings of the Yang & Mandt lower bound's
 * training and estimate (lib/models/rdLowerBound.ts), and the {@link Trainable} of one of its
 * lines — u trained at one multiplier λ, its line R_L(D) = (R_ − λD)/ln 2 measured on
 * held-out batches and reported at the point's distortion D.
 */
import { widthsSetting } from '../runner/settings.js';
import { z } from 'zod';
import { lowerBoundAt, RdLowerBound } from '../models/rdLowerBound.js';
import { stepDecay } from '../nn/schedule.js';
import { MAX_SAMPLES } from '../sources/types.js';
import { streamPurposes } from '../runner/streams.js';
import type { BuildContext, Trainable } from '../runner/types.js';
import type { Source } from '../sources/types.js';

/** The random streams of a lower-bound point: training batches, held-out batches. */
export const LOWER_BOUND_STREAMS = streamPurposes({ data: 0, heldOut: 2 });

/** The lower bound's settings, spread into each sandwich experiment's schema (prefix `lb`). */
export const lowerBoundSettings = {
  lbSteps: z.number().int().positive(),
  /** Samples per training step: the k of each C_k the training objective uses. */
  lbBatch: z.number().int().min(2).max(MAX_SAMPLES),
  lbLr: z.number().positive(),
  /** The learning rate drops by 10x for the last `lbDecayFraction` of the steps. */
  lbDecayFraction: z.number().min(0).max(1),
  /** Hidden widths of log u (softplus MLP). */
  lbHidden: widthsSetting,
  /** Training search: ascent starts among the first `lbScreen` centres screened, at most `lbIterations` mean-shift steps. */
  lbStarts: z.number().int().positive(),
  lbScreen: z.number().int().positive(),
  lbIterations: z.number().int().positive(),
  /** The estimate: `lbEvalBatches` held-out batches (even; half set α) of `lbEvalBatch` samples, every centre screened, `lbEvalStarts` starts. */
  lbEvalBatch: z.number().int().min(2).max(MAX_SAMPLES),
  lbEvalBatches: z.number().int().min(4).multipleOf(2),
  lbEvalStarts: z.number().int().positive(),
};

type LowerBoundSettings = { [K in keyof typeof lowerBoundSettings]: z.output<(typeof lowerBoundSettings)[K]> };

/** One line of the lower bound: u at λ, reported at `distortion`; training and held-out batches from `train` / `held`. */
export interface LowerBoundTrainableOptions {
  lambda: number;
  distortion: number;
  settings: LowerBoundSettings;
  context: BuildContext<unknown>;
  train: Source;
  held: Source;
}

/**
 * A lower-bound line as a {@link Trainable}: Adam steps on the log-space training objective
 * (resumable from u's parameters, Adam moments and the data stream's position); evaluated
 * as the line's estimate, whose rate_bits is the bound at the point's D and whose details
 * carry the line itself (λ, intercept, standard error), so a report can evaluate it at any D.
 * It runs on the CPU whatever the run's device: the search is native screening
 * (mixtureLogDensity) and ascent (meanShift) on CPU tensors.
 */
export function lowerBoundTrainable(o: LowerBoundTrainableOptions): Trainable {
  const { settings: s, context: ctx, lambda, distortion } = o;
  const model = new RdLowerBound(
    { dim: o.train.dim, lambda, hidden: s.lbHidden, search: { starts: s.lbStarts, screen: s.lbScreen, maxIterations: s.lbIterations, tolerance: 1e-6 } },
    { seed: ctx.modelSeed, lr: s.lbLr },
  );
  const data = ctx.rng(LOWER_BOUND_STREAMS.data), lr = stepDecay(s.lbLr, s.lbSteps, s.lbDecayFraction);
  let last = NaN;
  return {
    step(index) {
      last = model.step([o.train.sample(s.lbBatch, data).x], lr(index));
    },
    metrics: () => ({ loss: -last, rate: Math.max(0, (last - lambda * distortion) / Math.LN2), distortion }),
    state: () => ({ params: model.optimizer.params, m: model.optimizer.m, v: model.optimizer.v, steps: model.optimizer.steps, data: data.position }),
    load(state) {
      for (const k of ['params', 'm', 'v'] as const) model.optimizer[k].copyFrom(state[k] as never);
      model.optimizer.steps = Number(state.steps);
      data.position = state.data as bigint;
    },
    async evaluate() {
      const held = ctx.rng(LOWER_BOUND_STREAMS.heldOut);
      const batches = Array.from({ length: s.lbEvalBatches }, () => o.held.sample(s.lbEvalBatch, held).x);
      const line = model.estimate(batches, { starts: s.lbEvalStarts });
      const rate = lowerBoundAt(line, distortion);
      return {
        rate_bits: rate, rate_kind: 'estimate', rate_estimate_bits: rate, distortion,
        details: {
          lambda_nats: lambda, intercept_bits: line.intercept_nats / Math.LN2, stderr_bits: line.stderr_nats / Math.LN2,
          log2_eval_batch: Math.log2(s.lbEvalBatch),
        },
      };
    },
    model: () => ({
      tensors: { 'log_u.params': model.net.params },
      metadata: { 'rdlab.codec': 'rd-lower-bound', 'rd-lower-bound.config': JSON.stringify(model.config) },
    }),
  };
}
