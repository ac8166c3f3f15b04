/**
 * A multilayer perceptron whose forward and backward passes are single native calls
 * (batched, bias and activation fused into each layer's product). Described by a plain
 * config, in the manner of tiny-cuda-nn, which is also what model files store.
 *
 * Layer l computes y = act_l(x W_l + b_l) with W_l of shape [in, out] (row-major, so x W
 * is the batch-major product); all weights and biases live in one flat parameter tensor
 * so that Adam updates them in one fused call.
 */
import { requireInteger, requireNonNegative, requireObject } from '../validate.js';
import { native } from '../native.js';
import { WorkspaceCache } from './workspaceCache.js';
import type { Activation, DeviceName, MlpSpecNative } from '../native.js';
import { ridgeLeastSquares } from './leastSquares.js';
import { runPlan, runPlanAsync, type Plan } from '../plan.js';
import { empty, tensor, type Tensor, requireMatrix, requireTensor } from '../tensor.js';

export type { Activation };

export interface MlpConfig {
  /** Input width. */
  inputs: number;
  /** Widths of the hidden layers, e.g. [100, 100]. */
  hidden: number[];
  /** Output width. */
  outputs: number;
  /** Hidden activation (default 'relu'). */
  activation?: Activation;
  /** Output activation (default 'identity'). */
  outputActivation?: Activation;
  /** Negative slope of leaky_relu (default 0.01). */
  leakySlope?: number;
  /** Weight init: 'glorot' (uniform, Glorot & Bengio 2010) or 'he' (normal, He et al. 2015). Default: 'he' for relu-like, else 'glorot'. */
  init?: 'glorot' | 'he';
  /** Factor on the first layer's initial weights (default 1): the scheme's scale times this. */
  inputInitScale?: number;
}

const ACTIVATIONS: readonly Activation[] = ['identity', 'relu', 'leaky_relu', 'softplus', 'tanh', 'sigmoid'];

/** The widest layer an Mlp has (inputs, hidden and outputs alike). */
export const MAX_WIDTH = 65536;

const checkWidth = (name: string, n: unknown): number => requireInteger(name, n, 1, MAX_WIDTH);

/** The native spec of a config, validated. */
export function mlpSpec(config: MlpConfig): MlpSpecNative {
  if (typeof config !== 'object' || config === null) throw new TypeError('config: expected an MlpConfig object');
  if (!Array.isArray(config.hidden)) throw new TypeError('config.hidden: expected an array of widths');
  const sizes = [
    checkWidth('config.inputs', config.inputs),
    ...config.hidden.map((h, i) => checkWidth(`config.hidden[${i}]`, h)),
    checkWidth('config.outputs', config.outputs),
  ];
  const act = config.activation ?? 'relu';
  const out = config.outputActivation ?? 'identity';
  for (const [k, a] of [['config.activation', act], ['config.outputActivation', out]] as const)
    if (!ACTIVATIONS.includes(a)) throw new RangeError(`${k}: unknown activation '${String(a)}' (expected ${ACTIVATIONS.join(', ')})`);
  const acts = sizes.slice(1).map((_, l) => (l === sizes.length - 2 ? out : act));
  if (config.inputInitScale !== undefined && !(Number.isFinite(config.inputInitScale) && config.inputInitScale > 0))
    throw new RangeError(`config.inputInitScale: expected a positive number, got ${String(config.inputInitScale)}`);
  return { sizes, acts, leakySlope: config.leakySlope ?? 0.01 };
}

export function mlpParamCount(spec: MlpSpecNative): number {
  let n = 0;
  for (let l = 0; l + 1 < spec.sizes.length; ++l) n += spec.sizes[l] * spec.sizes[l + 1] + spec.sizes[l + 1];
  return n;
}

interface Workspace {
  outs: Tensor[];
  dx: Tensor;
}

export class Mlp {
  readonly spec: MlpSpecNative;
  /** All weights and biases, flat: W_0, b_0, W_1, b_1, ... */
  readonly params: Tensor;
  /** Gradients in the same layout, written by {@link backward}. */
  readonly grad: Tensor;
  private readonly workspaces = new WorkspaceCache<Workspace>((batch) => {
    const dev = this.device;
    return {
      outs: this.spec.sizes.slice(1).map((w) => empty([batch, w], 'float32', dev)),
      dx: empty([batch, this.inputs], 'float32', dev),
    };
  });
  private input: Tensor | null = null;

  /**
   * @param config the network's shape
   * @param options.seed seed of the Philox stream used for the initial weights
   * @param options.device where parameters and activations live (default 'cpu')
   */
  constructor(readonly config: MlpConfig, options: { seed?: number; device?: DeviceName; params?: Float32Array } = {}) {
    this.spec = mlpSpec(config);
    requireObject('options', options);
    const device = options.device ?? 'cpu';
    const n = mlpParamCount(this.spec);
    let init = options.params;
    if (init !== undefined && init.length !== n)
      throw new RangeError(`options.params: expected ${n} parameters for this config, got ${init.length}`);
    init ??= this.initialParams(options.seed ?? 0);
    this.params = tensor(init, [n], device);
    this.grad = empty([n], 'float32', device);
  }

  get device(): DeviceName {
    return this.params.device;
  }
  get inputs(): number {
    return this.spec.sizes[0];
  }
  get outputs(): number {
    return this.spec.sizes[this.spec.sizes.length - 1];
  }

  /** Glorot-uniform or He-normal weights from Philox draws (the first layer's times inputInitScale), zero biases. */
  private initialParams(seed: number): Float32Array {
    const { sizes, acts } = this.spec;
    const out = new Float32Array(mlpParamCount(this.spec));
    const reluLike = (a: Activation) => a === 'relu' || a === 'leaky_relu';
    let off = 0;
    for (let l = 0; l + 1 < sizes.length; ++l) {
      const fanIn = sizes[l], fanOut = sizes[l + 1], nw = fanIn * fanOut;
      const scheme = this.config.init ?? (reluLike(acts[l]) ? 'he' : 'glorot');
      const draws = empty([nw], 'float32', 'cpu');
      native.rngFill(draws, scheme === 'he' ? 'normal' : 'uniform', seed, l, 0);
      const u = draws.toArray();
      const gain = l === 0 ? (this.config.inputInitScale ?? 1) : 1;
      const a = gain * Math.sqrt(6 / (fanIn + fanOut)), s = gain * Math.sqrt(2 / fanIn);
      for (let i = 0; i < nw; ++i) out[off + i] = scheme === 'he' ? s * u[i] : a * (2 * u[i] - 1);
      off += nw + fanOut;
    }
    return out;
  }

  /**
   * y = f(x) for a batch x [B, inputs]. The returned tensor is this network's workspace:
   * valid until the next forward() with the same batch size.
   */
  forward(x: Tensor): Tensor {
    return runPlan(this.forwardPlan(x));
  }

  /**
   * {@link forward} with the pass on the libuv thread pool: resolves to the same workspace
   * tensor. Until it settles, x and the parameters may only be read and the workspace of
   * this batch size is in use (another pass with it is refused).
   */
  forwardAsync(x: Tensor): Promise<Tensor> {
    return runPlanAsync(this.forwardPlan(x));
  }

  /** The plan of {@link forward} (lib/plan.ts), for operations that run the network inside theirs. */
  *forwardPlan(x: Tensor): Plan<Tensor> {
    requireTensor('x', x);
    const batch = x.shape[0];
    if (x.shape.length !== 2 || !(batch >= 1))
      throw new RangeError(`x: expected shape [batch, ${this.inputs}], got [${x.shape.join(', ')}]`);
    const ws = this.workspaces.get(batch);
    yield ['mlpForward', [this.spec, this.params, x, ws.outs]];
    this.input = x;
    return ws.outs[ws.outs.length - 1];
  }

  /**
   * Backpropagates dy [B, outputs] through the last forward(). Writes the parameter
   * gradients to {@link grad} (adds to them with `accumulate`) and returns d loss / d x.
   * dy is overwritten; the activations cached by forward() are consumed.
   */
  backward(dy: Tensor, options: { accumulate?: boolean; inputGrad?: boolean } = {}): Tensor | null {
    return runPlan(this.backwardPlan(dy, options));
  }

  /**
   * {@link backward} with the pass on the libuv thread pool: resolves to d loss / d x (or
   * null). Until it settles, {@link grad}, dy and the workspace are being written and the
   * parameters may only be read.
   */
  backwardAsync(dy: Tensor, options: { accumulate?: boolean; inputGrad?: boolean } = {}): Promise<Tensor | null> {
    return runPlanAsync(this.backwardPlan(dy, options));
  }

  /** The plan of {@link backward}. */
  *backwardPlan(dy: Tensor, options: { accumulate?: boolean; inputGrad?: boolean } = {}): Plan<Tensor | null> {
    requireTensor('dy', dy);
    requireObject('options', options);
    if (this.input === null) throw new Error('backward: call forward() first');
    const ws = this.workspaces.get(this.input.shape[0]);
    const dx = options.inputGrad === false ? null : ws.dx;
    yield ['mlpBackward', [this.spec, this.params, this.input, ws.outs, dy, this.grad, dx, options.accumulate ?? false]];
    this.input = null;
    return dx;
  }

  /**
   * Refits the output layer (weights and bias; the output activation must be 'identity')
   * to the targets [B, outputs] of inputs x [B, inputs] by ridge least squares in float64 on
   * the last hidden layer's activations — the exact minimiser of the squared error over
   * that layer with the hidden layers fixed. Needs at least one hidden layer.
   */
  refitOutputLayer(x: Tensor, target: Tensor, ridge = 1e-9): void {
    requireMatrix('x', x, this.inputs);
    requireTensor('target', target);
    requireNonNegative('ridge', ridge);
    const { sizes, acts } = this.spec, L = sizes.length - 1;
    if (L < 2) throw new RangeError('refitOutputLayer: the network has no hidden layer');
    if (acts[L - 1] !== 'identity') throw new RangeError(`refitOutputLayer: the output activation is '${acts[L - 1]}', not 'identity'`);
    const batch = x.shape[0], h = sizes[L - 1], n = sizes[L];
    if (target.shape.length !== 2 || target.shape[0] !== batch || target.shape[1] !== n)
      throw new RangeError(`target: expected shape [${batch}, ${n}], got [${target.shape.join(', ')}]`);
    this.forward(x);
    this.input = null;
    const hidden = this.workspaces.get(batch).outs[L - 2].toArray();
    // the design [hidden | 1]: the last row of the solution is the bias
    const design = new Float64Array(batch * (h + 1));
    for (let r = 0; r < batch; ++r) {
      for (let j = 0; j < h; ++j) design[r * (h + 1) + j] = hidden[r * h + j];
      design[r * (h + 1) + h] = 1;
    }
    const w = ridgeLeastSquares(design, target.toArray(), batch, h + 1, n, ridge);
    const params = Float32Array.from(this.params.toArray());
    params.set(Float32Array.from(w), params.length - (h + 1) * n); // W [h, n] then b [n]: the solution's layout
    this.params.copyFrom(tensor(params, this.params.shape, 'cpu'));
  }

  /** Parameters as named tensors (views sharing the flat vector): layers.L.weight [in, out], layers.L.bias [out]. */
  namedParameters(): Record<string, Tensor> {
    const out: Record<string, Tensor> = {};
    let off = 0;
    const { sizes } = this.spec;
    for (let l = 0; l + 1 < sizes.length; ++l) {
      out[`layers.${l}.weight`] = this.params.view(off, [sizes[l], sizes[l + 1]]);
      off += sizes[l] * sizes[l + 1];
      out[`layers.${l}.bias`] = this.params.view(off, [sizes[l + 1]]);
      off += sizes[l + 1];
    }
    return out;
  }

  /** Multiply-adds of one forward pass per sample (backward costs about twice that). */
  flopsPerSample(): number {
    let f = 0;
    for (let l = 0; l + 1 < this.spec.sizes.length; ++l) f += 2 * this.spec.sizes[l] * this.spec.sizes[l + 1];
    return f;
  }
}
