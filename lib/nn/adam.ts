/**
 * Adam (Kingma & Ba, ICLR 2015, Algorithm 1) with bias correction and optional decoupled
 * weight decay (Loshchilov & Hutter 2019): one fused native update over a flat parameter
 * tensor per step.
 */
import { native } from '../native.js';
import { full, type Tensor } from '../tensor.js';

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
    if (!(config.lr > 0)) throw new RangeError(`config.lr: expected a positive learning rate, got ${config.lr}`);
    this.m = full(params.shape, 0, params.device);
    this.v = full(params.shape, 0, params.device);
  }

  /** Applies one update with gradient `grad`; `lr` overrides the configured rate (schedules). */
  step(grad: Tensor, lr: number = this.config.lr): void {
    this.steps += 1;
    native.adamStep(this.params, grad, this.m, this.v, { ...this.config, lr, step: this.steps });
  }
}
