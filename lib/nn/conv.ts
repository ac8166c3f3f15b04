/**
 * 2-D convolution and transposed convolution with the bias and activation fused, forward and
 * backward, each one native call (CPU: im2col over the MLP's fused products; CUDA: the same
 * with the tiled product).
 *
 * Layout NHWC (channels innermost): x [batch, height, width, inChannels], y [batch, outHeight,
 * outWidth, outChannels]. conv2d's weight is [kh, kw, inChannels, outChannels],
 * convTranspose2d's [kh, kw, outChannels, inChannels]; bias [outChannels]. Output extents as
 * PyTorch: conv2d out = floor((in + 2p - k) / s) + 1; convTranspose2d
 * out = (in - 1) s - 2p + k + outputPadding, with outputPadding below the stride.
 * convTranspose2d is the adjoint of conv2d's map from its input (same kernel, stride and
 * padding), plus the bias.
 */
import { requireFinite, requireInteger, requireObject, requireOneOf } from '../validate.js';
import { native } from '../native.js';
import type { Activation, ConvSpecNative } from '../native.js';
import { empty, requireTensor, type Tensor } from '../tensor.js';

const ACTIVATIONS: readonly Activation[] = ['identity', 'relu', 'leaky_relu', 'softplus', 'tanh', 'sigmoid'];

/** The largest extent, channel count, kernel size, stride and padding the kernels take. */
export const MAX_CONV_EXTENT = 65536;

export interface Conv2dOptions {
  /** Stride, one number for both axes or [sh, sw] (default 1). */
  stride?: number | [number, number];
  /** Zeros on each side, one number or [ph, pw] (default 0). */
  padding?: number | [number, number];
  /** convTranspose2d only: extra rows/columns at the bottom/right, each below the stride (default 0). */
  outputPadding?: number | [number, number];
  /** Applied after the bias (default 'identity'). */
  activation?: Activation;
  /** Negative slope of leaky_relu (default 0.01). */
  leakySlope?: number;
}

/** Gradient outputs of a backward pass. */
export interface ConvGrads {
  /** Receives d loss / d x when given (same shape as x). */
  dx?: Tensor | null;
  /** Receives d loss / d weight (same shape as the weight). */
  dweight: Tensor;
  /** Receives d loss / d bias [outChannels] when given. */
  dbias?: Tensor | null;
  /** Add to dweight and dbias instead of overwriting them (default false). */
  accumulate?: boolean;
}

function pair(name: string, v: number | [number, number] | undefined, min: number, fallback: number): [number, number] {
  if (v === undefined) return [fallback, fallback];
  if (typeof v === 'number') return [requireInteger(name, v, min, MAX_CONV_EXTENT), requireInteger(name, v, min, MAX_CONV_EXTENT)];
  if (!Array.isArray(v) || v.length !== 2) throw new TypeError(`${name}: expected an integer or an array of two integers`);
  return [requireInteger(`${name}[0]`, v[0], min, MAX_CONV_EXTENT), requireInteger(`${name}[1]`, v[1], min, MAX_CONV_EXTENT)];
}

/** The native spec of `options` (named `name` in errors), validated. */
export function convSpec(options: Conv2dOptions, transposed: boolean, name = 'options'): ConvSpecNative {
  requireObject(name, options);
  const stride = pair(`${name}.stride`, options.stride, 1, 1);
  const padding = pair(`${name}.padding`, options.padding, 0, 0);
  const spec: ConvSpecNative = { stride, padding, activation: requireOneOf(`${name}.activation`, options.activation ?? 'identity', ACTIVATIONS) };
  if (options.leakySlope !== undefined) spec.leakySlope = requireFinite(`${name}.leakySlope`, options.leakySlope);
  if (transposed) {
    const op = pair(`${name}.outputPadding`, options.outputPadding, 0, 0);
    if (op[0] >= stride[0] || op[1] >= stride[1])
      throw new RangeError(`${name}.outputPadding: expected values below the stride [${stride.join(', ')}], got [${op.join(', ')}]`);
    spec.outputPadding = op;
  } else if (options.outputPadding !== undefined) {
    throw new RangeError(`${name}.outputPadding: applies to convTranspose2d only`);
  }
  return spec;
}

/** One output extent: conv2d's or convTranspose2d's. */
export function convExtent(input: number, kernel: number, stride: number, padding: number, transposed: boolean, outputPadding = 0): number {
  return transposed ? (input - 1) * stride - 2 * padding + kernel + outputPadding : Math.floor((input + 2 * padding - kernel) / stride) + 1;
}

/** The output shape [batch, outHeight, outWidth, outChannels] of x and weight under spec; throws naming the argument at fault. */
export function convOutputShape(xShape: readonly number[], weightShape: readonly number[], spec: ConvSpecNative, transposed: boolean): number[] {
  if (xShape.length !== 4) throw new RangeError(`x: expected shape [batch, height, width, channels], got [${xShape.join(', ')}]`);
  const layout = transposed ? '[kh, kw, outChannels, inChannels]' : '[kh, kw, inChannels, outChannels]';
  if (weightShape.length !== 4) throw new RangeError(`weight: expected shape ${layout}, got [${weightShape.join(', ')}]`);
  const [batch, h, w, cin] = xShape;
  const [kh, kw] = weightShape;
  const wIn = weightShape[transposed ? 3 : 2], cout = weightShape[transposed ? 2 : 3];
  if (batch < 1) throw new RangeError('x: the batch must hold at least one image');
  if (wIn !== cin) throw new RangeError(`weight: expected ${cin} input channels (x's last dimension) in ${layout}, got [${weightShape.join(', ')}]`);
  const [sh, sw] = spec.stride ?? [1, 1], [ph, pw] = spec.padding ?? [0, 0], [oph, opw] = spec.outputPadding ?? [0, 0];
  const oh = convExtent(h, kh, sh, ph, transposed, oph), ow = convExtent(w, kw, sw, pw, transposed, opw);
  if (!(oh >= 1 && ow >= 1))
    throw new RangeError(`x: an input of ${h} x ${w} with a ${kh} x ${kw} kernel, stride [${sh}, ${sw}] and padding [${ph}, ${pw}] gives an output of ${oh} x ${ow}`);
  return [batch, oh, ow, cout];
}

function forward(transposed: boolean, x: Tensor, weight: Tensor, bias: Tensor | null | undefined, options: Conv2dOptions): Tensor {
  requireTensor('x', x);
  requireTensor('weight', weight);
  if (bias !== null && bias !== undefined) requireTensor('bias', bias);
  const spec = convSpec(options, transposed);
  const y = empty(convOutputShape(x.shape, weight.shape, spec, transposed), 'float32', x.device);
  if (transposed) native.convTranspose2dForward(spec, x, weight, bias ?? null, y);
  else native.conv2dForward(spec, x, weight, bias ?? null, y);
  return y;
}

function backward(transposed: boolean, x: Tensor, weight: Tensor, y: Tensor, dy: Tensor, grads: ConvGrads, options: Conv2dOptions): void {
  for (const [n, t] of [['x', x], ['weight', weight], ['y', y], ['dy', dy]] as const) requireTensor(n, t);
  requireObject('grads', grads);
  requireTensor('grads.dweight', grads.dweight);
  for (const k of ['dx', 'dbias'] as const) if (grads[k] !== undefined && grads[k] !== null) requireTensor(`grads.${k}`, grads[k]);
  if (grads.accumulate !== undefined && typeof grads.accumulate !== 'boolean') throw new TypeError('grads.accumulate: expected a boolean');
  const spec = convSpec(options, transposed);
  const args = [spec, x, weight, y, dy, grads.dx ?? null, grads.dweight, grads.dbias ?? null, grads.accumulate ?? false] as const;
  if (transposed) native.convTranspose2dBackward(...args);
  else native.conv2dBackward(...args);
}

/** y = act(conv2d(x, weight) + bias), a new tensor on x's device; bias may be null (none). */
export function conv2d(x: Tensor, weight: Tensor, bias: Tensor | null = null, options: Conv2dOptions = {}): Tensor {
  return forward(false, x, weight, bias, options);
}

/** y = act(convTranspose2d(x, weight) + bias), a new tensor on x's device; bias may be null (none). */
export function convTranspose2d(x: Tensor, weight: Tensor, bias: Tensor | null = null, options: Conv2dOptions = {}): Tensor {
  return forward(true, x, weight, bias, options);
}

/**
 * The gradients of y = conv2d(x, weight, bias, options) for the upstream gradient dy (same
 * shape as y): writes grads.dx, grads.dweight and grads.dbias (adds to the last two with
 * `accumulate`). y is the forward output (the activation's derivative is taken from it);
 * x, weight, y and dy are only read.
 */
export function conv2dBackward(x: Tensor, weight: Tensor, y: Tensor, dy: Tensor, grads: ConvGrads, options: Conv2dOptions = {}): void {
  backward(false, x, weight, y, dy, grads, options);
}

/** The gradients of y = convTranspose2d(x, weight, bias, options), as {@link conv2dBackward}. */
export function convTranspose2dBackward(x: Tensor, weight: Tensor, y: Tensor, dy: Tensor, grads: ConvGrads, options: Conv2dOptions = {}): void {
  backward(true, x, weight, y, dy, grads, options);
}
