/**
 * What the NERD experiments share: the training settings of Algorithm 1 and the
 * {@link Trainable} of one R(D) point (a generator trained at one target distortion or one
 * fixed multiplier β), whatever the source.
 */
import { z } from 'zod';
import type { Nerd, NerdPoint } from '../models/nerd.js';
import type { Rng } from '../rng.js';
import { stepDecay } from '../nn/schedule.js';
import { MAX_SAMPLES } from '../sources/types.js';
import { streamPurposes } from '../runner/streams.js';
import type { Source } from '../sources/types.js';
import type { Tensor } from '../tensor.js';
import type { BuildContext, Figure, Trainable } from '../runner/types.js';

/** The random streams of a NERD point: training batches, Q_Y's training draws, held-out batches, Q_Y's evaluation draws, Q_Y's pictured samples. */
export const NERD_STREAMS = streamPurposes({ data: 0, noise: 1, heldOut: 2, qyHeldOut: 3, qyFigure: 4 });

/** The settings of NERD's training loop and evaluation, spread into each NERD experiment's schema. */
export const nerdTrainingSettings = {
  steps: z.number().int().positive(),
  /** Source samples per step (B) and Q_Y samples per step (M). */
  batch: z.number().int().positive().max(MAX_SAMPLES),
  samples: z.number().int().positive().max(MAX_SAMPLES),
  lr: z.number().positive(),
  /** The learning rate drops by 10x for the last `decayFraction` of the steps. */
  decayFraction: z.number().min(0).max(1),
  /** Held-out batches of `batch` samples for each point's estimate, each against `evalSamples` samples of Q_Y. */
  evalBatches: z.number().int().positive(),
  evalSamples: z.number().int().positive().max(MAX_SAMPLES),
};

type TrainingSettings = { [K in keyof typeof nerdTrainingSettings]: z.output<(typeof nerdTrainingSettings)[K]> };

/** How one NERD point is trained and measured. */
export interface NerdTrainableOptions {
  model: Nerd;
  settings: TrainingSettings;
  context: BuildContext<unknown>;
  /** Where training batches come from. */
  train: Source;
  /** Where the evaluation batches come from (the training source, or held-out data). */
  held: Source;
  /** Experiment-specific keys of the point in results.json, from the evaluated point. */
  details(point: NerdPoint): Record<string, number | boolean>;
  /** Figures of the trained model (drawn after evaluation). */
  figures?(): Figure[];
}

/**
 * A NERD point as a {@link Trainable}: Adam steps on batches of `train` (learning rate ÷10
 * for the last `decayFraction` of the steps), resumable from the generator, Adam moments,
 * β and both Rng positions; evaluated on `evalBatches` batches of `held` against
 * `evalSamples` fresh samples of Q_Y.
 */
export function nerdTrainable(o: NerdTrainableOptions): Trainable {
  const { model, settings: s, context: ctx } = o;
  const data = ctx.rng(NERD_STREAMS.data), noise = ctx.rng(NERD_STREAMS.noise);
  return {
    ...nerdTraining(model, (n) => o.train.sample(n, data, ctx.device).x, { batch: s.batch, lr: stepDecay(s.lr, s.steps, s.decayFraction) }, data, noise),
    async evaluate() {
      const held = ctx.rng(NERD_STREAMS.heldOut);
      const batches = Array.from({ length: s.evalBatches }, () => o.held.sample(s.batch, held, ctx.device).x);
      const p = model.evaluate(batches, ctx.rng(NERD_STREAMS.qyHeldOut), s.evalSamples);
      return {
        rate_bits: p.rate_bits, rate_estimate_bits: p.rate_bits, distortion: p.distortion,
        details: { beta: p.beta, saturated: p.saturated, log2_samples: Math.log2(s.evalSamples), ...o.details(p) },
      };
    },
    model: () => ({
      tensors: { 'generator.params': model.generator.params },
      metadata: { 'rdlab.codec': 'nerd', 'nerd.config': JSON.stringify(model.config) },
    }),
    ...(o.figures ? { figures: o.figures } : {}),
  };
}

/**
 * The training half of a NERD point: Adam steps on batches from `sample` at the learning
 * rate `lr(step)`, metrics, and the resumable state (generator, Adam moments, β and
 * both Rng positions). {@link nerdTrainable} and the RCC experiments' NERD series use it.
 */
export function nerdTraining(
  model: Nerd, sample: (n: number) => Tensor, o: { batch: number; lr: (step: number) => number }, data: Rng, noise: Rng,
): Pick<Trainable, 'step' | 'metrics' | 'state' | 'load'> {
  return {
    step(index) {
      model.step(sample(o.batch), noise, o.lr(index));
    },
    metrics() {
      const m = model.metrics();
      return { loss: m.rate_bits, rate: m.rate_bits, distortion: m.distortion };
    },
    state: () => ({
      params: model.optimizer.params, m: model.optimizer.m, v: model.optimizer.v, steps: model.optimizer.steps,
      beta: model.beta, data: data.position, noise: noise.position,
    }),
    load(state) {
      for (const k of ['params', 'm', 'v'] as const) model.optimizer[k].copyFrom(state[k] as never);
      model.beta.copyFrom(state.beta as never);
      model.optimizer.steps = Number(state.steps);
      data.position = state.data as bigint;
      noise.position = state.noise as bigint;
    },
  };
}
