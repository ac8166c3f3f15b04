/**
 * A convolutional stack described by a plain config (a list of layers, in the manner of
 * MlpConfig, so a model file can store it): convolutions, transposed convolutions, fully
 * connected layers and reshapes, each (but the reshape) with a bias and an activation fused
 * into its native call. All weights and biases live in one flat parameter tensor, layer by
 * layer (weight, then bias), so that {@link Adam} updates them in one fused call as it does
 * an Mlp's.
 *
 * Samples are NHWC images [height, width, channels] or feature vectors [features]; a batch
 * adds a leading dimension. A conv layer's weight is [kh, kw, inChannels, outChannels], a
 * transposed conv's [kh, kw, outChannels, inChannels] (lib/nn/conv.ts), a linear layer's
 * [in, out]. A reshape between a vector and an image is free (NHWC is row-major): e.g.
 * linear to 8c x 2 x 2 features, reshape to [2, 2, 8c], then transposed convolutions.
 */
import { requireInteger, requireObject, requireOneOf } from '../validate.js';
import { native } from '../native.js';
import { WorkspaceCache } from './workspaceCache.js';
import type { Activation, ConvSpecNative, DeviceName, MlpSpecNative } from '../native.js';
import { runPlan, runPlanAsync, type Plan } from '../plan.js';
import { empty, requireTensor, tensor, type Tensor } from '../tensor.js';
import { convOutputShape, convSpec, MAX_CONV_EXTENT } from './conv.js';
import { MAX_WIDTH } from './mlp.js';

export type ConvNetLayer =
  | { type: 'conv'; channels: number; kernel: number | [number, number]; stride?: number | [number, number]; padding?: number | [number, number]; activation?: Activation }
  | {
      type: 'convTranspose'; channels: number; kernel: number | [number, number]; stride?: number | [number, number];
      padding?: number | [number, number]; outputPadding?: number | [number, number]; activation?: Activation;
    }
  | { type: 'linear'; outputs: number; activation?: Activation }
  | { type: 'reshape'; shape: number[] };

export interface ConvNetConfig {
  /** The shape of one input sample: [features] or [height, width, channels]. */
  input: number[];
  /** The layers, applied in order. Activations default to 'identity'. */
  layers: ConvNetLayer[];
  /** Negative slope of leaky_relu (default 0.01). */
  leakySlope?: number;
  /** Weight init: 'glorot' (uniform) or 'he' (normal, fan-in kh kw inChannels). Default: 'he' for relu-like layers, else 'glorot'. */
  init?: 'glorot' | 'he';
}

/** A layer as the kernels see it: its native call's spec, the sample shapes around it and where its parameters sit. */
interface Layer {
  type: ConvNetLayer['type'];
  input: number[];
  output: number[];
  /** conv / convTranspose */
  conv?: ConvSpecNative;
  /** linear */
  mlp?: MlpSpecNative;
  weightShape: number[];
  offset: number;
  fanIn: number;
  fanOut: number;
  activation: Activation;
}

const LAYER_TYPES = ['conv', 'convTranspose', 'linear', 'reshape'] as const;
const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);
/** t itself when it has `shape`, else a view of it in that shape (a reshape). */
const shaped = (t: Tensor, shape: number[]) => (t.shape.length === shape.length && t.shape.every((d, i) => d === shape[i]) ? t : t.view(0, shape));
const fmt = (shape: readonly number[]) => `[${shape.join(', ')}]`;

/** The layers of a config with their shapes and parameter offsets, validated (errors name config.layers[i].field). */
function planLayers(config: ConvNetConfig): { layers: Layer[]; count: number } {
  requireObject('config', config);
  if (!Array.isArray(config.input)) throw new TypeError('config.input: expected the shape of one sample, [features] or [height, width, channels]');
  if (config.input.length !== 1 && config.input.length !== 3) throw new RangeError(`config.input: expected [features] or [height, width, channels], got ${fmt(config.input)}`);
  config.input.forEach((d, i) => requireInteger(`config.input[${i}]`, d, 1, config.input.length === 1 ? MAX_WIDTH : MAX_CONV_EXTENT));
  if (!Array.isArray(config.layers) || config.layers.length === 0) throw new TypeError('config.layers: expected a non-empty array of layers');
  if (config.init !== undefined) requireOneOf('config.init', config.init, ['glorot', 'he'] as const);
  const leakySlope = config.leakySlope ?? 0.01;
  let shape = [...config.input], offset = 0;
  const layers = config.layers.map((raw, i): Layer => {
    const name = `config.layers[${i}]`;
    const l = requireObject<ConvNetLayer>(name, raw);
    const type = requireOneOf(`${name}.type`, l.type, LAYER_TYPES);
    const input = shape;
    if (l.type === 'reshape') {
      if (!Array.isArray(l.shape) || (l.shape.length !== 1 && l.shape.length !== 3)) throw new RangeError(`${name}.shape: expected [features] or [height, width, channels]`);
      l.shape.forEach((d, j) => requireInteger(`${name}.shape[${j}]`, d, 1, l.shape.length === 1 ? 2 ** 32 : MAX_CONV_EXTENT));
      if (size(l.shape) !== size(input)) throw new RangeError(`${name}.shape: ${fmt(l.shape)} does not hold the ${size(input)} values of ${fmt(input)}`);
      shape = [...l.shape];
      return { type, input, output: shape, weightShape: [], offset, fanIn: 0, fanOut: 0, activation: 'identity' };
    }
    const activation = requireOneOf(`${name}.activation`, l.activation ?? 'identity', ['identity', 'relu', 'leaky_relu', 'softplus', 'tanh', 'sigmoid'] as const);
    let layer: Layer;
    if (l.type === 'linear') {
      if (input.length !== 1) throw new RangeError(`${name}: a linear layer takes vectors; its input is ${fmt(input)} (add a reshape)`);
      if (input[0] > MAX_WIDTH) throw new RangeError(`${name}: a linear layer takes at most ${MAX_WIDTH} inputs, got ${input[0]}`);
      const outputs = requireInteger(`${name}.outputs`, l.outputs, 1, MAX_WIDTH);
      layer = {
        type, input, output: [outputs], mlp: { sizes: [input[0], outputs], acts: [activation], leakySlope },
        weightShape: [input[0], outputs], offset, fanIn: input[0], fanOut: outputs, activation,
      };
    } else {
      const transposed = l.type === 'convTranspose';
      if (input.length !== 3) throw new RangeError(`${name}: a ${l.type} layer takes images; its input is ${fmt(input)} (add a reshape)`);
      const channels = requireInteger(`${name}.channels`, l.channels, 1, MAX_CONV_EXTENT);
      const k = typeof l.kernel === 'number' ? [l.kernel, l.kernel] : l.kernel;
      if (!Array.isArray(k) || k.length !== 2) throw new TypeError(`${name}.kernel: expected an integer or an array of two integers`);
      k.forEach((v, j) => requireInteger(`${name}.kernel${typeof l.kernel === 'number' ? '' : `[${j}]`}`, v, 1, MAX_CONV_EXTENT));
      const spec = convSpec({ stride: l.stride, padding: l.padding, outputPadding: (l as { outputPadding?: number }).outputPadding, activation, leakySlope }, transposed, name);
      const cin = input[2];
      const weightShape = transposed ? [k[0], k[1], channels, cin] : [k[0], k[1], cin, channels];
      let out: number[];
      try {
        out = convOutputShape([1, ...input], weightShape, spec, transposed).slice(1);
      } catch (e) {
        throw new RangeError(`${name}: ${(e as Error).message.replace(/^x: /, `its input ${fmt(input)}: `)}`);
      }
      layer = { type, input, output: out, conv: spec, weightShape, offset, fanIn: k[0] * k[1] * cin, fanOut: k[0] * k[1] * channels, activation };
    }
    shape = layer.output;
    offset += size(layer.weightShape) + layer.output[layer.output.length - 1];
    return layer;
  });
  return { layers, count: offset };
}

interface Workspace {
  /** Each layer's output (none for a reshape: a view is made per pass). */
  outs: (Tensor | null)[];
  /** Each layer's input gradient (none for a reshape). */
  grads: (Tensor | null)[];
}

export class ConvNet {
  /** All weights and biases, flat: layer by layer, weight then bias. */
  readonly params: Tensor;
  /** Gradients in the same layout, written by {@link backward}. */
  readonly grad: Tensor;
  /** The per-sample output shape. */
  readonly outputShape: number[];
  private readonly layers: Layer[];
  /** Views of params and grad per layer: weight, bias. */
  private readonly views: ({ w: Tensor; b: Tensor; dw: Tensor; db: Tensor; all: Tensor; dall: Tensor } | null)[];
  private readonly workspaces = new WorkspaceCache<Workspace>((batch) => {
    const dev = this.device;
    const make = (shape: number[]) => empty([batch, ...shape], 'float32', dev);
    return {
      outs: this.layers.map((l) => (l.type === 'reshape' ? null : make(l.output))),
      grads: this.layers.map((l) => (l.type === 'reshape' ? null : make(l.input))),
    };
  });
  /**
   * Each layer's input in the last forward pass, then the network's output, as the tensor
   * holding it (x or a workspace output, never a view: a reshape's view made in forward()
   * could belong to a scope that ends before backward()) and its shape.
   */
  private acts: { tensors: Tensor[]; shapes: number[][] } | null = null;

  /**
   * @param config the layers
   * @param options.seed seed of the Philox stream used for the initial weights
   * @param options.device where parameters and activations live (default 'cpu')
   * @param options.params initial parameters in the flat layout (instead of the seeded init)
   */
  constructor(readonly config: ConvNetConfig, options: { seed?: number; device?: DeviceName; params?: Float32Array } = {}) {
    const { layers, count } = planLayers(config);
    requireObject('options', options);
    this.layers = layers;
    this.outputShape = layers[layers.length - 1].output;
    const init = options.params ?? this.initialParams(options.seed ?? 0, count);
    if (init.length !== count) throw new RangeError(`options.params: expected ${count} parameters for this config, got ${init.length}`);
    const device = options.device ?? 'cpu';
    this.params = tensor(init, [count], device);
    this.grad = empty([count], 'float32', device);
    this.views = layers.map((l) => {
      if (l.type === 'reshape') return null;
      const nw = size(l.weightShape), nb = l.output[l.output.length - 1];
      return {
        w: this.params.view(l.offset, l.weightShape), b: this.params.view(l.offset + nw, [nb]),
        dw: this.grad.view(l.offset, l.weightShape), db: this.grad.view(l.offset + nw, [nb]),
        all: this.params.view(l.offset, [nw + nb]), dall: this.grad.view(l.offset, [nw + nb]),
      };
    });
  }

  get device(): DeviceName {
    return this.params.device;
  }
  /** The per-sample input shape. */
  get inputShape(): number[] {
    return [...this.config.input];
  }

  /** Glorot-uniform or He-normal weights from Philox draws (stream = layer index), zero biases. */
  private initialParams(seed: number, count: number): Float32Array {
    const out = new Float32Array(count);
    this.layers.forEach((l, i) => {
      const nw = size(l.weightShape);
      if (nw === 0) return;
      const scheme = this.config.init ?? (l.activation === 'relu' || l.activation === 'leaky_relu' ? 'he' : 'glorot');
      const draws = empty([nw], 'float32', 'cpu');
      native.rngFill(draws, scheme === 'he' ? 'normal' : 'uniform', seed, i, 0);
      const u = draws.toArray();
      const a = Math.sqrt(6 / (l.fanIn + l.fanOut)), s = Math.sqrt(2 / l.fanIn);
      for (let j = 0; j < nw; ++j) out[l.offset + j] = scheme === 'he' ? s * u[j] : a * (2 * u[j] - 1);
    });
    return out;
  }

  /** y = f(x) for a batch x [B, ...inputShape]; the result is this network's workspace, valid until the next forward() with the same batch size. */
  forward(x: Tensor): Tensor {
    return runPlan(this.forwardPlan(x));
  }

  /** {@link forward} with each layer's kernel on the libuv thread pool. */
  forwardAsync(x: Tensor): Promise<Tensor> {
    return runPlanAsync(this.forwardPlan(x));
  }

  /** The plan of {@link forward} (lib/plan.ts). */
  *forwardPlan(x: Tensor): Plan<Tensor> {
    requireTensor('x', x);
    const want = this.config.input;
    if (x.shape.length !== want.length + 1 || !(x.shape[0] >= 1) || want.some((d, i) => x.shape[i + 1] !== d))
      throw new RangeError(`x: expected shape [batch, ${want.join(', ')}], got ${fmt(x.shape)}`);
    const batch = x.shape[0];
    const ws = this.workspaces.get(batch);
    const tensors = [x], shapes = [x.shape];
    for (const [i, l] of this.layers.entries()) {
      const h = shaped(tensors[i], shapes[i]), out = ws.outs[i], v = this.views[i]!;
      if (l.type === 'linear') yield ['mlpForward', [l.mlp!, v.all, h, [out!]]];
      else if (l.type === 'conv') yield ['conv2dForward', [l.conv!, h, v.w, v.b, out!]];
      else if (l.type === 'convTranspose') yield ['convTranspose2dForward', [l.conv!, h, v.w, v.b, out!]];
      tensors.push(out ?? tensors[i]);
      shapes.push([batch, ...l.output]);
    }
    this.acts = { tensors, shapes };
    return shaped(tensors[tensors.length - 1], shapes[shapes.length - 1]);
  }

  /**
   * Backpropagates dy [B, ...outputShape] through the last forward(). Writes the parameter
   * gradients to {@link grad} (adds to them with `accumulate`) and returns d loss / d x
   * (null with `inputGrad: false`). dy may be overwritten (a linear last layer works in it).
   */
  backward(dy: Tensor, options: { accumulate?: boolean; inputGrad?: boolean } = {}): Tensor | null {
    return runPlan(this.backwardPlan(dy, options));
  }

  /** {@link backward} with each layer's kernel on the libuv thread pool. */
  backwardAsync(dy: Tensor, options: { accumulate?: boolean; inputGrad?: boolean } = {}): Promise<Tensor | null> {
    return runPlanAsync(this.backwardPlan(dy, options));
  }

  /** The plan of {@link backward}. */
  *backwardPlan(dy: Tensor, options: { accumulate?: boolean; inputGrad?: boolean } = {}): Plan<Tensor | null> {
    requireTensor('dy', dy);
    requireObject('options', options);
    if (this.acts === null) throw new Error('backward: call forward() first');
    const { tensors, shapes } = this.acts;
    const yShape = shapes[shapes.length - 1];
    if (dy.shape.length !== yShape.length || dy.shape.some((d, i) => d !== yShape[i]))
      throw new RangeError(`dy: expected shape ${fmt(yShape)}, got ${fmt(dy.shape)}`);
    const accumulate = options.accumulate ?? false;
    const ws = this.workspaces.get(yShape[0]);
    // the input gradient of the first layer with parameters is what x's is (only reshapes precede it)
    const first = this.layers.findIndex((l) => l.type !== 'reshape');
    let g: Tensor | null = dy;
    for (let i = this.layers.length - 1; i >= 0 && g !== null; --i) {
      const l = this.layers[i], v = this.views[i]!, h = shaped(tensors[i], shapes[i]), out = shaped(tensors[i + 1], shapes[i + 1]);
      if (l.type === 'reshape') {
        g = g.view(0, shapes[i]);
        continue;
      }
      const dx = i > first || options.inputGrad !== false ? ws.grads[i] : null;
      if (l.type === 'linear') yield ['mlpBackward', [l.mlp!, v.all, h, [out], g, v.dall, dx, accumulate]];
      else if (l.type === 'conv') yield ['conv2dBackward', [l.conv!, h, v.w, out, g, dx, v.dw, v.db, accumulate]];
      else yield ['convTranspose2dBackward', [l.conv!, h, v.w, out, g, dx, v.dw, v.db, accumulate]];
      g = dx;
    }
    this.acts = null;
    return options.inputGrad === false ? null : g;
  }

  /** Parameters as named tensors (views sharing the flat vector): layers.L.weight, layers.L.bias. */
  namedParameters(): Record<string, Tensor> {
    const out: Record<string, Tensor> = {};
    this.layers.forEach((l, i) => {
      if (l.type === 'reshape') return;
      out[`layers.${i}.weight`] = this.params.view(l.offset, l.weightShape);
      out[`layers.${i}.bias`] = this.params.view(l.offset + size(l.weightShape), [l.output[l.output.length - 1]]);
    });
    return out;
  }

  /** Floating-point operations (2 per multiply-add) of one forward pass per sample; backward costs about twice that. */
  flopsPerSample(): number {
    let f = 0;
    for (const l of this.layers) {
      if (l.type === 'reshape') continue;
      // every weight meets every position of the small grid (the conv's output, the transposed conv's input)
      const positions = l.type === 'linear' ? 1 : l.type === 'conv' ? l.output[0] * l.output[1] : l.input[0] * l.input[1];
      f += 2 * size(l.weightShape) * positions;
    }
    return f;
  }
}
