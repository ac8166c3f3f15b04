/**
 * NERD, the neural estimator of the rate–distortion function (Lei, Hassani & Saeedi
 * Bidokhti, "Neural estimation of the rate-distortion function with applications to
 * operational source coding", JSAIT 2023, Algorithm 1). Q_Y is the pushforward of
 * Z ~ N(0, I) through a generator G_θ — an MLP, or a convolutional stack such as the
 * paper's DCGAN generator for images ({@link NerdConfig.convNet}) — and
 *
 *   R(D) ≈ min_θ max_{β ≤ 0}  β D − (1/B) Σ_i ln (1/M) Σ_j e^{β d(x_i, G_θ(z_j))}     (eq. (11), nats)
 *
 * per batch of B source samples and M generator samples. The inner maximum is found by
 * solving the stationarity condition (8) for β* (native `nerdSolveBeta`, warm-started from
 * the previous step's β*), then θ takes an Adam step on the rate with β* held (the
 * envelope theorem makes that the full gradient). The fixed-multiplier variant (the
 * authors' later code) skips the solve: β is given and D = D(β) follows.
 *
 * Distortion is squared error summed over the m dimensions, d(x, y) = ||x − y||², as in the
 * paper's Gaussian R(D), or more generally d(x, y) = ||x − y||_p² for any p ≥ 1
 * ({@link NerdDistortion}). Rates are in bits. The estimate can never exceed log2 M (it is
 * log2 M − mean_i H(w_i)/ln 2) and, like any M-sample lower bound on mutual information,
 * becomes unreliable as it approaches log2 M (Sec. III-A): points within 1 bit of it are
 * flagged `saturated`.
 */
import { requireFinite, requireInteger, requireObject } from '../validate.js';
import { MAX_SAMPLES } from '../sources/types.js';
import { Adam } from '../nn/adam.js';
import { Mlp, type Activation } from '../nn/mlp.js';
import { ConvNet, type ConvNetConfig } from '../nn/convNet.js';
import { pointSeed, requireRng, Rng } from '../rng.js';
import { stepDecay } from '../nn/schedule.js';
import type { Source } from '../sources/types.js';
import { checkSignal, runPlan, runPlanAsync, type AsyncOptions, type Plan } from '../plan.js';
import { keep } from '../scope.js';
import { empty, tensor, type DeviceName, type Tensor, requireTensor } from '../tensor.js';

/** What the inner maximisation is given: a target distortion (β* is solved for) or a fixed multiplier β ≤ 0. */
export type NerdTarget = { distortion: number } | { beta: number };

/**
 * The distortion measure d(x, y) = ||x − y||_p² = (Σ_k |x_k − y_k|^p)^{2/p}, p ≥ 1. The default
 * p = 2 is squared error (computed through a matrix product); p = 1 is the squared
 * Manhattan distance.
 */
export interface NerdDistortion {
  p: number;
}

function checkDistortion(name: string, d: NerdDistortion | undefined): number {
  if (d === undefined) return 2;
  if (typeof d !== 'object' || d === null) throw new TypeError(`${name}: expected { p }`);
  if (!(typeof d.p === 'number' && Number.isFinite(d.p) && d.p >= 1 && d.p <= 3e38))
    throw new RangeError(`${name}.p: expected a finite number >= 1, got ${String(d.p)}`);
  return d.p;
}

export interface NerdConfig {
  /** Elements per source sample, m. */
  dim: number;
  /** Latent width of Z ~ N(0, I) (default: dim). */
  latent?: number;
  /** Hidden widths of G (default [dim, dim]: the paper's Gaussian generator, Appendix C). */
  hidden?: number[];
  /** Hidden activation of G (default 'relu', as in the paper). */
  activation?: Activation;
  /** Output activation of G (default 'identity'; 'sigmoid' keeps Q_Y in [0, 1]^m, the paper's image generators). */
  outputActivation?: Activation;
  /** Samples of Q_Y per step, M (the estimate is capped at log2 M bits). */
  samples: number;
  target: NerdTarget;
  /** d(x, y) = ||x − y||_p² (default p = 2, squared error). */
  distortion?: NerdDistortion;
  /**
   * The generator as a convolutional stack instead of the MLP (e.g. {@link dcganGenerator}'s
   * config): its input a vector [latent], its output `dim` values (an image [h, w, c] with
   * h·w·c = dim is read row-major, NHWC, as a vector of dim). `latent`, `hidden`,
   * `activation` and `outputActivation` describe the MLP and may not be given with it.
   */
  convNet?: ConvNetConfig;
}

/** The MLP generator's fields of a NerdConfig (not allowed beside `convNet`). */
const MLP_FIELDS = ['latent', 'hidden', 'activation', 'outputActivation'] as const;

/** The generator a config describes: its ConvNet or its MLP, on `device`. */
function makeGenerator(config: NerdConfig, dim: number, options: { seed: number; device: DeviceName; params?: Float32Array }): Mlp | ConvNet {
  if (config.convNet === undefined)
    return new Mlp(
      { inputs: config.latent ?? dim, hidden: config.hidden ?? [dim, dim], outputs: dim, activation: config.activation ?? 'relu', outputActivation: config.outputActivation },
      options,
    );
  for (const k of MLP_FIELDS)
    if (config[k] !== undefined) throw new TypeError(`config.${k}: describes the MLP generator, but config.convNet makes the generator a ConvNet (give one or the other)`);
  let net: ConvNet;
  try {
    net = new ConvNet(config.convNet, options);
  } catch (e) {
    if (e instanceof Error) e.message = e.message.replace(/^config\b/, 'config.convNet');
    throw e;
  }
  const input = net.inputShape, out = net.outputShape;
  if (input.length !== 1) throw new RangeError(`config.convNet.input: the generator takes Z ~ N(0, I) as a vector, expected [latent], got [${input.join(', ')}]`);
  if (out.reduce((a, b) => a * b, 1) !== dim)
    throw new RangeError(`config.convNet: its output [${out.join(', ')}] holds ${out.reduce((a, b) => a * b, 1)} values, config.dim is ${dim}`);
  return net;
}

/** One R(D) point measured by NERD. */
export interface NerdPoint {
  /** D(β*) on the evaluation batches (the target, to the solver's tolerance, when reachable). */
  distortion: number;
  /** The rate estimate, bits per source sample. */
  rate_bits: number;
  /** β* (nats per unit distortion; the slope of R(D) is β* / ln 2 bits per unit). */
  beta: number;
  /** True when rate_bits is within 1 bit of log2 M, where the M-sample estimate saturates. */
  saturated: boolean;
}

function checkTarget(t: NerdTarget): void {
  if (typeof t !== 'object' || t === null) throw new TypeError('target: expected { distortion } or { beta }');
  if ('distortion' in t) {
    if (!(Number.isFinite(t.distortion) && t.distortion > 0)) throw new RangeError(`target.distortion: expected a positive number, got ${String(t.distortion)}`);
  } else if ('beta' in t) {
    if (!(Number.isFinite(t.beta) && t.beta <= 0)) throw new RangeError(`target.beta: expected a finite number <= 0, got ${String(t.beta)}`);
  } else throw new TypeError('target: expected { distortion } or { beta }');
}

/** Sample counts and step counts: integers from `min` up to a batch a source can draw (2^24). */
const checkCount = (name: string, n: unknown, min = 1): number => requireInteger(name, n, min, MAX_SAMPLES);

export class Nerd {
  /** G_θ: the MLP, or the ConvNet of {@link NerdConfig.convNet}. */
  readonly generator: Mlp | ConvNet;
  /** Width of Z ~ N(0, I). */
  readonly latent: number;
  readonly optimizer: Adam;
  /** β on the device: β* of the last solve (the next solve's warm start) or the fixed β. */
  readonly beta: Tensor;
  private readonly out: Tensor;
  private readonly z = new Map<number, Tensor>();
  private readonly dy: Tensor;
  /** dy as the generator's backward pass takes it ([M, dim], or a view [M, ...image shape] for a ConvNet). */
  private readonly dyGenerator: Tensor;
  private readonly distortions = new Map<string, Tensor>();
  /** The exponent p of d(x, y) = ||x − y||_p². */
  readonly p: number;
  private stepped = false;

  constructor(readonly config: NerdConfig, options: { seed?: number; device?: DeviceName; lr?: number; params?: Float32Array } = {}) {
    if (typeof config !== 'object' || config === null) throw new TypeError('config: expected a NerdConfig');
    requireObject('options', options);
    const dim = requireInteger('config.dim', config.dim, 1, 65536);
    const M = checkCount('config.samples', config.samples);
    checkTarget(config.target);
    this.p = checkDistortion('config.distortion', config.distortion);
    const device = options.device ?? 'cpu';
    this.generator = makeGenerator(config, dim, { seed: options.seed ?? 0, device, params: options.params });
    this.latent = this.generator instanceof Mlp ? this.generator.inputs : this.generator.inputShape[0];
    this.optimizer = new Adam(this.generator.params, { lr: options.lr ?? 1e-4 });
    this.beta = tensor(['beta' in config.target ? config.target.beta : 0], [1], device);
    this.out = empty([2], 'float32', device);
    this.dy = empty([M, dim], 'float32', device);
    this.dyGenerator = this.generator instanceof Mlp ? this.dy : this.dy.view(0, [M, ...this.generator.outputShape]);
  }

  get device(): DeviceName {
    return this.generator.device;
  }

  /** `count` (default M) fresh samples of Q_Y = G_*N(0, I), [count, dim] (the generator's workspace: valid until its next forward). */
  sampleQY(rng: Rng, count = this.config.samples): Tensor {
    return runPlan(this.sampleQYPlan(rng, count));
  }

  private *sampleQYPlan(rng: Rng, count = this.config.samples): Plan<Tensor> {
    requireRng('rng', rng);
    checkCount('count', count);
    let z = this.z.get(count);
    if (!z) this.z.set(count, (z = keep(empty([checkCount('count', count), this.latent], 'float32', this.device))));  // outlives the caller's scope
    const y = yield* this.generator.forwardPlan(rng.fill(z, 'normal'));
    return y.shape.length === 2 ? y : y.view(0, [count, this.config.dim]);  // a ConvNet's images as vectors (NHWC is row-major)
  }

  private distortion(B: number, M: number): Tensor {
    const key = `${B}x${M}`;
    let d = this.distortions.get(key);
    if (!d) {
      if (this.distortions.size >= 2) this.distortions.delete(this.distortions.keys().next().value as string);
      this.distortions.set(key, (d = empty([B, M], 'float32', this.device)));
    }
    return d;
  }

  /** Runs the inner maximisation on x [B, dim] against y: β* (or the fixed β), then the objective (and gradient). */
  private *innerPlan(x: Tensor, y: Tensor, dy: Tensor | null): Plan<void> {
    if (x.shape.length !== 2 || x.shape[1] !== this.config.dim)
      throw new RangeError(`x: expected shape [batch, ${this.config.dim}], got [${x.shape.join(', ')}]`);
    const d = this.distortion(x.shape[0], y.shape[0]);
    yield ['nerdDistortion', [x, y, d, this.p]];
    if ('distortion' in this.config.target) yield ['nerdSolveBeta', [d, this.config.target.distortion, this.beta]];
    yield ['nerdObjective', [x, y, d, this.beta, this.out, dy, 1, this.p]];
  }

  /** One step of Algorithm 1 on the batch x [B, dim]; `rng` draws Z. Nothing is read back from the device. */
  step(x: Tensor, rng: Rng, lr?: number): void {
    runPlan(this.stepPlan(x, rng, lr));
  }

  /**
   * {@link step} with its kernels (generator passes, distortions, β*, objective) on the libuv
   * thread pool, one after another; the Adam update runs on the calling thread.
   */
  stepAsync(x: Tensor, rng: Rng, lr?: number): Promise<void> {
    return runPlanAsync(this.stepPlan(x, rng, lr));
  }

  /** The plan of {@link step} (lib/plan.ts). */
  *stepPlan(x: Tensor, rng: Rng, lr?: number): Plan<void> {
    requireTensor('x', x);
    const y = yield* this.sampleQYPlan(rng);
    yield* this.innerPlan(x, y, this.dy);
    yield* this.generator.backwardPlan(this.dyGenerator, { inputGrad: false });
    this.optimizer.step(this.generator.grad, lr);
    this.stepped = true;
  }

  /** The last step's rate estimate (bits), D(β) and β, read back from the device. */
  metrics(): NerdPoint {
    if (!this.stepped) throw new Error('metrics: no training step has run yet');
    return this.read();
  }

  private read(): NerdPoint {
    const [rate_bits, distortion] = this.out.toArray();
    const beta = this.beta.toArray()[0];
    if (!Number.isFinite(rate_bits) || !Number.isFinite(distortion))
      throw new Error(`NERD diverged: rate ${rate_bits}, distortion ${distortion} (try a smaller learning rate)`);
    return { rate_bits, distortion, beta, saturated: rate_bits > Math.log2(this.config.samples) - 1 };
  }

  /**
   * The estimate on held-out batches: each x [B, dim] against `samples` (default M) fresh
   * samples of Q_Y — more than in training lowers the estimate's log M cap and its
   * upward bias near it; the rate, D and β averaged over the batches. Leaves the warm
   * start of training unchanged.
   */
  evaluate(batches: Tensor[], rng: Rng, samples = this.config.samples): NerdPoint {
    return runPlan(this.evaluatePlan(batches, rng, samples));
  }

  /** {@link evaluate} with its kernels on the libuv thread pool; `options.signal` aborts it between kernels. */
  async evaluateAsync(batches: Tensor[], rng: Rng, samples = this.config.samples, options: AsyncOptions = {}): Promise<NerdPoint> {
    return runPlanAsync(this.evaluatePlan(batches, rng, samples), checkSignal('options.signal', options.signal));
  }

  /** The plan of {@link evaluate}. */
  *evaluatePlan(batches: Tensor[], rng: Rng, samples = this.config.samples): Plan<NerdPoint> {
    if (!Array.isArray(batches)) throw new TypeError('batches: expected an array of Tensors');
    batches.forEach((b, i) => requireTensor(`batches[${i}]`, b));
    requireRng('rng', rng);
    checkCount('samples', samples);
    if (batches.length === 0) throw new RangeError('batches: expected at least one evaluation batch');
    const warm = this.beta.toArray();
    const sum = { rate_bits: 0, distortion: 0, beta: 0 };
    for (const x of batches) {
      yield* this.innerPlan(x, yield* this.sampleQYPlan(rng, samples), null);
      const p = this.read();
      sum.rate_bits += p.rate_bits;
      sum.distortion += p.distortion;
      sum.beta += p.beta;
    }
    this.beta.copyFrom(tensor(warm));
    const n = batches.length, rate_bits = sum.rate_bits / n;
    return { rate_bits, distortion: sum.distortion / n, beta: sum.beta / n, saturated: rate_bits > Math.log2(samples) - 1 };
  }
}

/** Options of {@link estimateRD}. */
export interface EstimateRDOptions {
  /** Target distortions (β* solved per batch), or fixed multipliers β ≤ 0 (D follows): one point each. */
  targets?: number[];
  betas?: number[];
  /** The distortion measure d(x, y) = ||x − y||_p² (default { p: 2 }: squared error). */
  distortion?: NerdDistortion;
  /** The generator's shape (default: the paper's, two hidden layers of width dim, ReLU, latent dim; or a ConvNet, {@link NerdConfig.convNet}). */
  generator?: { latent?: number; hidden?: number[]; activation?: Activation; outputActivation?: Activation; convNet?: ConvNetConfig };
  /** Q_Y samples per step (default 4096) and source samples per step (default 1024). */
  M?: number;
  B?: number;
  /** Adam steps per point (default 2000) and learning rate (default 1e-3, ÷10 for the last fifth). */
  steps?: number;
  lr?: number;
  device?: DeviceName;
  seed?: number;
  /** Held-out batches of B samples for the final estimate (default 8), each against evalSamples samples of Q_Y (default 4M). */
  evalBatches?: number;
  evalSamples?: number;
}

/** What {@link estimateRD} returns: the points, in the order of the targets, with their trained models. */
export interface RDEstimate {
  points: (NerdPoint & { target: NerdTarget })[];
  models: Nerd[];
}

/**
 * Estimates R(D) of `source` from its samples with NERD, one trained generator per target.
 * The trained generators give samples of the (approximately) R(D)-achieving Q_Y via
 * {@link Nerd.sampleQY}.
 */
export function estimateRD(source: Source, options: EstimateRDOptions): RDEstimate {
  return runPlan(estimateRDPlan(source, options));
}

/**
 * {@link estimateRD} with every kernel on the libuv thread pool, so the JavaScript thread
 * stays free while it trains; `options.signal` aborts it (the promise rejects with the
 * signal's reason, an AbortError by default) before the next kernel.
 */
export async function estimateRDAsync(source: Source, options: EstimateRDOptions & AsyncOptions): Promise<RDEstimate> {
  return runPlanAsync(estimateRDPlan(source, options), checkSignal('options.signal', options?.signal));
}

function* estimateRDPlan(source: Source, options: EstimateRDOptions): Plan<RDEstimate> {
  if (typeof requireObject<Source>('source', source).sample !== 'function') throw new TypeError('source: expected a Source (an object with sample())');
  const { targets, betas } = requireObject<EstimateRDOptions>('options', options);
  for (const [key, list] of Object.entries({ targets, betas })) {
    if (list === undefined) continue;
    if (!Array.isArray(list)) throw new TypeError(`options.${key}: expected an array of numbers`);
    list.forEach((v, i) => requireFinite(`options.${key}[${i}]`, v));
  }
  if ((targets === undefined) === (betas === undefined)) throw new TypeError('options: give exactly one of targets or betas');
  const list: NerdTarget[] = targets ? targets.map((distortion) => ({ distortion })) : betas!.map((beta) => ({ beta }));
  if (list.length === 0) throw new RangeError(`options.${targets ? 'targets' : 'betas'}: expected at least one value`);
  list.forEach(checkTarget);
  checkDistortion('options.distortion', options.distortion);
  const M = checkCount('options.M', options.M ?? 4096), B = checkCount('options.B', options.B ?? 1024);
  const steps = checkCount('options.steps', options.steps ?? 2000, 0), lr = options.lr ?? 1e-3;
  const seed = options.seed ?? 0, device = options.device ?? 'cpu';
  const points: RDEstimate['points'] = [], models: Nerd[] = [];
  for (const [k, target] of list.entries()) {
    const model = new Nerd({ dim: source.dim, ...options.generator, samples: M, target, distortion: options.distortion }, { seed: pointSeed(seed, k), device, lr });
    const data = new Rng(seed, 4 * k), noise = new Rng(seed, 4 * k + 1);
    const lrAt = stepDecay(lr, steps, 0.2);
    for (let i = 0; i < steps; ++i) yield* model.stepPlan(source.sample(B, data, device).x, noise, lrAt(i));
    const held = new Rng(seed, 4 * k + 2);
    const batches = Array.from({ length: options.evalBatches ?? 8 }, () => source.sample(B, held, device).x);
    points.push({ ...(yield* model.evaluatePlan(batches, new Rng(seed, 4 * k + 3), options.evalSamples ?? 4 * M)), target });
    models.push(model);
  }
  return { points, models };
}
