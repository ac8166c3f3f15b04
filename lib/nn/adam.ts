/**
 * Adam (Kingma & Ba, ICLR 2015, Algorithm 1) with bias correction and optional decoupled
 * weight decay (Loshchilov & Hutter 2019): one fused native update over a flat parameter
 * tensor per step.
 */
import { requireNonNegative, requireObject, requirePositive } from '../validate.js';
import { native } from '../native.js';
import { full, requireTensor, type Tensor } from '../tensor.js';

export interface AdamConfig {
  lr: number;
  beta1?: number;
  beta2?: number;
  eps?: number;
  weightDecay?: number;
}

export class Adam {
  /** First and second moment estimates, same layout as the parameters. */
  readonly m: Tensor;
  readonly v: Tensor;
  /** Steps taken so far. */
  steps = 0;

  constructor(readonly params: Tensor, public config: AdamConfig) {
    if (requireTensor('params', params).dtype !== 'float32') throw new TypeError(`params: expected a float32 tensor, got ${params.dtype}`);
    requireObject('config', config);
    requirePositive('config.lr', config.lr);
    for (const key of ['beta1', 'beta2'] as const)
      if (config[key] !== undefined && !(requireNonNegative(`config.${key}`, config[key]) < 1)) throw new RangeError(`config.${key}: expected a number in [0, 1), got ${config[key]}`);
    if (config.eps !== undefined) requirePositive('config.eps', config.eps);
    if (config.weightDecay !== undefined) requireNonNegative('config.weightDecay', config.weightDecay);
    this.m = full(params.shape, 0, params.device);
    this.v = full(params.shape, 0, params.device);
  }

  /** Applies one update with gradient `grad`; `lr` overrides the configured rate (schedules). */
  step(grad: Tensor, lr: number = this.config.lr): void {
    requireTensor('grad', grad);
    this.steps += 1;
    native.adamStep(this.params, grad, this.m, this.v, { ...this.config, lr, step: this.steps });
  }
}

/**
 * The checkpoint of named optimizers: `<name>.params`, `<name>.m`, `<name>.v` (tensors,
 * live views the caller copies out) and `<name>.steps`.
 */
export function adamState(optimizers: Record<string, Adam>): Record<string, Tensor | number> {
  const s: Record<string, Tensor | number> = {};
  for (const [name, opt] of Object.entries(optimizers)) {
    s[`${name}.params`] = opt.params;
    s[`${name}.m`] = opt.m;
    s[`${name}.v`] = opt.v;
    s[`${name}.steps`] = opt.steps;
  }
  return s;
}

/** Restores {@link adamState}'s checkpoint into the same named optimizers. */
export function loadAdamState(optimizers: Record<string, Adam>, state: Record<string, unknown>): void {
  requireObject('state', state);
  for (const [name, opt] of Object.entries(optimizers)) {
    for (const part of ['params', 'm', 'v'] as const) {
      const t = state[`${name}.${part}`];
      if (t === undefined) throw new RangeError(`state: missing '${name}.${part}'`);
      opt[part].copyFrom(t as Tensor);
    }
    opt.steps = Number(state[`${name}.steps`]);
  }
}
