/**
 * A lower bound on R(D) from samples: the estimator of Yang & Mandt ("Towards empirical
 * sandwich bounds on the rate-distortion function", ICLR 2022, Sec. 3.2 and Algorithm 1),
 * with squared error ρ(x, y) = ||x − y||² summed over the m elements (the distortion of
 * lib/bounds/gaussian.ts and of NERD). Rates are in nats inside, bits in what is returned.
 *
 * Csiszár's dual: for every λ ≥ 0 and every u > 0,
 *
 *   R(D) ≥ E[−log u(X)] − log c(u) − λD   for all D,   c(u) = sup_y E[e^{−λρ(X, y)} / u(X)],   (1)
 *
 * with equality at the maximising u and the slope λ of R at D (the paper's eqs. (4)–(6): u / c(u)
 * is an admissible g). Here u = exp(f_θ) for an MLP f_θ (lib/nn/mlp.ts).
 *
 * From k samples, C_k = sup_y (1/k) Σ_i e^{−λρ(x_i, y)} / u(x_i) (lib/models/supPartition.ts)
 * satisfies E[C_k] ≥ c(u) (a supremum of means is at least the mean's supremum), so
 *
 *   E[−log u(X)] − log E[C_k] ≤ E[−log u(X)] − log c(u),                                          (2)
 *
 * and since log t ≤ t/α + log α − 1 for every α > 0, each batch's
 *
 *   ξ = −(1/k) Σ_i log u(x_i) − C_k / α − log α + 1                                              (3)
 *
 * has E[ξ] ≤ the left side of (2) (the paper's eq. (8), \tilde ℓ_k). The estimate is the mean of
 * ξ over N batches, with α = the mean of C_k over N other batches (so α is independent of
 * the ξ it enters, as in the authors' code).
 *
 * What holds exactly: (1), (2) and E[ξ | α] ≤ (2)'s left side, for any u, α, k, provided C_k
 * is the exact supremum. What holds in expectation: the estimate R_ = mean ξ is unbiased for
 * E[ξ | α], so R_ − λD is a lower bound on R(D) in expectation; one draw can exceed it by
 * sampling error, reported as `stderr` (the standard error of mean ξ). The estimator's bias
 * below ℓ(u) = E[−log u] − log c(u) is log E[C_k] − log c(u) ≥ 0 (the k-sample bias: large
 * when the kernel e^{−λρ} covers few samples, i.e. as the intercept R(D) + λD nears ln k nats;
 * R_ ≤ ln k always, since C_k ≥ max_i 1/(k u(x_i))) plus E[C_k]/α − 1 − log(E[C_k]/α) ≥ 0 (the linearisation gap,
 * second order in α's error). If the search misses the global mode, C_k is underestimated
 * and the bound can be too high: that is the estimator's one unguarded assumption.
 *
 * The u that maximises (1) is not the best u for k samples: for X ~ N(0, σ²) it is
 * u*(x) ∝ e^{−x²/(2σ²)}, whose 1/u* makes E[C_k] infinite (C_k ≥ 1/(k u*(x_max))), so the
 * k-sample bound is −∞ in expectation there; a u with flatter tails gives up a little of (1)
 * for a finite, small k-sample bias. Training on the k-sample objective (below) makes that
 * trade-off itself.
 *
 * Stability (the NERD paper, Sec. IV-D, reports instability in the authors' lower bound):
 * every C_k is carried as log C_k (a log-sum-exp in float64 of float32 distances), never
 * exponentiated except as C_k/α = exp(log C_k − log α) in (3); the training objective is
 * mean log u + log mean_j C_j (a log-mean-exp over the step's batches), not the authors'
 * linearisation around a moving average α, so it needs neither their clamp on the change of
 * log E[C_k] per step nor their skipped updates; the objective is invariant to adding a constant
 * to log u and its gradient sums to zero, so the output bias cannot drift. The search's
 * mean-shift steps need no learning rate (supPartition.ts).
 */
import { describeValue, requireFunction, requireInteger, requireNonNegative, requireObject } from '../validate.js';
import { Adam } from '../nn/adam.js';
import { Mlp, type Activation } from '../nn/mlp.js';
import { requireTensor, tensor, type DeviceName, type Tensor } from '../tensor.js';
import { logSupPartition, type SupPartitionSearch } from './supPartition.js';

export interface RdLowerBoundConfig {
  /** Elements per source sample, m. */
  dim: number;
  /** The multiplier λ > 0, nats per unit distortion: the bound is a line of slope −λ/ln 2 bits per unit. */
  lambda: number;
  /** Hidden widths of f_θ = log u (default [64, 64]). */
  hidden?: number[];
  /** Hidden activation of f_θ (default 'softplus': log u is smooth). */
  activation?: Activation;
  /** How each C_k is searched for during training (the estimate takes its own). */
  search?: SupPartitionSearch;
}

/** The line R_L(D) = (R_ − λD)/ln 2 bits, with R_ estimated as in the module comment. */
export interface LowerBoundLine {
  lambda: number;
  /** R_ = mean ξ, nats: the line's intercept at D = 0. */
  intercept_nats: number;
  /** The standard error of R_, nats. */
  stderr_nats: number;
  /** log α, from the first half of the batches. */
  logAlpha: number;
  /** log C_k of every batch and the mean log u of every batch (first half: α; second: ξ). */
  logC: number[];
  meanLogU: number[];
}

/** The bound the line gives at D, bits (never below 0, a bound R(D) always meets). */
export function lowerBoundAt(line: LowerBoundLine, distortion: number): number {
  requireObject('line', line);
  requireNonNegative('distortion', distortion);
  return Math.max(0, (line.intercept_nats - line.lambda * distortion) / Math.LN2);
}

function logMeanExp(v: readonly number[]): number {
  const max = Math.max(...v);
  return max + Math.log(v.reduce((s, a) => s + Math.exp(a - max), 0) / v.length);
}

function cpu(x: Tensor): Tensor {
  return x.device === 'cpu' ? x : x.to('cpu');
}

/**
 * Estimates the line of (1) for a given log u (one value per row of a batch) from an even
 * number 2N of batches [k, m] of the source: α from the first N, R_ from the last N (eq. (3)).
 * `search` should be thorough (the bound relies on C_k being the supremum).
 */
export function estimateLowerBoundLine(logU: (x: Tensor) => ArrayLike<number>, lambda: number, batches: Tensor[], search: SupPartitionSearch = {}): LowerBoundLine {
  requireFunction('logU', logU);
  requireObject('search', search);
  if (!Array.isArray(batches)) throw new TypeError(`batches: expected an array of Tensors, got ${describeValue(batches)}`);
  batches.forEach((b, i) => requireTensor(`batches[${i}]`, b));
  if (!(Number.isFinite(lambda) && lambda > 0)) throw new RangeError(`lambda: expected a positive number, got ${String(lambda)}`);
  if (batches.length < 4 || batches.length % 2 !== 0)
    throw new RangeError(`batches: expected an even number of batches, at least 4 (half set α, half estimate), got ${batches.length}`);
  const logC: number[] = [], meanLogU: number[] = [];
  for (const b of batches) {
    const x = cpu(b), lu = logU(x);
    const a = Float64Array.from(lu, (v) => -v);
    logC.push(logSupPartition(x, a, lambda, search).logValue);
    let sum = 0;
    for (let i = 0; i < lu.length; ++i) sum += lu[i];
    meanLogU.push(sum / lu.length);
  }
  const N = batches.length / 2;
  const logAlpha = logMeanExp(logC.slice(0, N));
  const xi = logC.slice(N).map((lc, j) => -meanLogU[N + j] - Math.exp(lc - logAlpha) - logAlpha + 1);
  const mean = xi.reduce((s, v) => s + v, 0) / N;
  const variance = xi.reduce((s, v) => s + (v - mean) ** 2, 0) / (N - 1);
  return { lambda, intercept_nats: mean, stderr_nats: Math.sqrt(variance / N), logAlpha, logC, meanLogU };
}

/**
 * The training objective mean log u + log mean_j C_j over the batches x_j (rows jk..jk+k−1 of
 * x [Nk, m]) given log u of every row, in nats, and its gradient with respect to each log u:
 * 1/(Nk) − π_j w_ji with π_j = C_j / Σ_l C_l and w_j the search's weights at batch j's maximiser.
 */
export function trainingObjective(x: Tensor, logU: Float32Array, k: number, lambda: number, search?: SupPartitionSearch): { objective: number; grad: Float32Array } {
  requireTensor('x', x);
  if (!(logU instanceof Float32Array)) throw new TypeError(`logU: expected a Float32Array, got ${describeValue(logU)}`);
  requireInteger('k', k, 1);
  if (search !== undefined) requireObject('search', search);
  const total = x.shape[0], m = x.shape[1], n = total / k;
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`k: expected a divisor of the ${total} rows of x, got ${k}`);
  if (logU.length !== total) throw new RangeError(`logU: expected ${total} values, got ${logU.length}`);
  const searches = Array.from({ length: n }, (_, j) =>
    logSupPartition(x.view(j * k * m, [k, m]), Float64Array.from(logU.subarray(j * k, (j + 1) * k), (v) => -v), lambda, search),
  );
  const logC = searches.map((s) => s.logValue);
  const lme = logMeanExp(logC);
  const grad = new Float32Array(total);
  let meanLogU = 0;
  for (let j = 0; j < n; ++j) {
    const pi = Math.exp(logC[j] - lme) / n;
    for (let i = 0; i < k; ++i) {
      grad[j * k + i] = 1 / total - pi * searches[j].weights[i];
      meanLogU += logU[j * k + i] / total;
    }
  }
  return { objective: meanLogU + lme, grad };
}

/** u = exp(f_θ(x)) trained to maximise (1) at a fixed λ, and the estimate of its line. */
export class RdLowerBound {
  readonly net: Mlp;
  readonly optimizer: Adam;
  constructor(readonly config: RdLowerBoundConfig, options: { seed?: number; device?: DeviceName; lr?: number; params?: Float32Array } = {}) {
    if (typeof config !== 'object' || config === null) throw new TypeError('config: expected an RdLowerBoundConfig');
    if (!(Number.isFinite(config.lambda) && config.lambda > 0)) throw new RangeError(`config.lambda: expected a positive number, got ${String(config.lambda)}`);
    requireInteger('config.dim', config.dim, 1, 65536);
    requireObject('options', options);
    this.net = new Mlp(
      { inputs: config.dim, hidden: config.hidden ?? [64, 64], outputs: 1, activation: config.activation ?? 'softplus' },
      { seed: options.seed ?? 0, device: options.device ?? 'cpu', params: options.params },
    );
    this.optimizer = new Adam(this.net.params, { lr: options.lr ?? 1e-3 });
  }

  get device(): DeviceName {
    return this.net.device;
  }

  /** log u(x) for each row of x [n, dim] (float32 from the network). */
  logU(x: Tensor): Float32Array {
    requireTensor('x', x);
    if (x.shape.length !== 2 || x.shape[1] !== this.config.dim)
      throw new RangeError(`x: expected shape [batch, ${this.config.dim}], got [${x.shape.join(', ')}]`);
    return Float32Array.from(this.net.forward(x.device === this.device ? x : x.to(this.device)).toArray());
  }

  /**
   * One Adam step that lowers mean log u + log mean_j C_j over the step's batches x_j [k, dim]
   * (all of one size k): the negative of (1)'s intercept with c(u) estimated by the batches.
   * The gradient holds each batch's maximiser y_j fixed (Danskin's theorem: y_j is a maximum),
   * so ∂/∂ log u(x_ji) = 1/(Nk) − π_j w_ji with π = softmax_j(log C_j) and w_j the search's weights.
   * Returns the objective's negative, the (optimistic, training-batch) intercept in nats.
   */
  step(batches: Tensor[], lr?: number): number {
    if (!Array.isArray(batches)) throw new TypeError(`batches: expected an array of Tensors, got ${describeValue(batches)}`);
    batches.forEach((b, i) => requireTensor(`batches[${i}]`, b));
    if (batches.length === 0) throw new RangeError('batches: expected at least one batch');
    const k = batches[0].shape[0], n = batches.length, m = this.config.dim;
    for (const b of batches)
      if (b.shape.length !== 2 || b.shape[0] !== k || b.shape[1] !== m)
        throw new RangeError(`x: expected shape [batch, ${m}] (every batch of one size), got [${b.shape.join(', ')}]`);
    const all = new Float32Array(n * k * m);
    batches.forEach((b, j) => all.set(cpu(b).toArray() as Float32Array, j * k * m));
    const x = tensor(all, [n * k, m], 'cpu');
    const { objective, grad } = trainingObjective(x, this.logU(x), k, this.config.lambda, this.config.search);
    // the forward in logU() is the one backward() differentiates
    this.net.backward(tensor(grad, [n * k, 1], this.device), { inputGrad: false });
    this.optimizer.step(this.net.grad, lr);
    return -objective;
  }

  /** The line of (1) for this u, from 2N held-out batches (eq. (3)); see {@link estimateLowerBoundLine}. */
  estimate(batches: Tensor[], search: SupPartitionSearch = {}): LowerBoundLine {
    return estimateLowerBoundLine((x) => this.logU(x), this.config.lambda, batches, search);
  }
}
