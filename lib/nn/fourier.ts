/**
 * Random Fourier features of a latent for the synthesis transform (Tancik et al., "Fourier
 * features let networks learn high frequency functions in low dimensional domains", 2020;
 * eq. (3) of Özyılkan et al., "Breaking smoothness", §2.2): the decoder sees
 *
 *   φ(y) = (cos(a_1 · y), …, cos(a_m · y) [, y]),   a_i ~ N(0, σ² I_d) i.i.d., fixed,
 *
 * which lets a smooth network synthesize the high-frequency, near-discontinuous functions
 * of y that the ramp's decoder needs. Forward and backward (to y) are single native calls.
 */
import { optionalObject, requireInteger } from '../validate.js';
import { native } from '../native.js';
import { keep } from '../scope.js';
import { empty, requireTensor, tensor, type DeviceName, type Tensor } from '../tensor.js';

export interface FourierConfig {
  /** Number of features m. */
  features: number;
  /** Standard deviation σ of the frequencies. */
  sigma: number;
  /** Append the latent itself to the features (the cosines are even in a · y, so alone they cannot tell y from −y). */
  includeLatent: boolean;
}

/** Validates a {@link FourierConfig}, naming the bad field under `name`. */
export function checkFourierConfig(c: unknown, name = 'fourier'): FourierConfig {
  if (typeof c !== 'object' || c === null) throw new TypeError(`${name}: expected { features, sigma, includeLatent }`);
  const f = c as FourierConfig;
  if (!Number.isInteger(f.features) || f.features < 1 || f.features > 65536)
    throw new RangeError(`${name}.features: expected an integer in [1, 65536], got ${String(f.features)}`);
  if (!(Number.isFinite(f.sigma) && f.sigma > 0)) throw new RangeError(`${name}.sigma: expected a positive number, got ${String(f.sigma)}`);
  if (typeof f.includeLatent !== 'boolean') throw new TypeError(`${name}.includeLatent: expected a boolean, got ${String(f.includeLatent)}`);
  return f;
}

/** The Philox stream of the frequencies: 'FREQ', apart from the small layer streams Mlp draws its weights from. */
const FREQ_STREAM = 0x46524551;

export class FourierFeatures {
  /** The frequencies A [m, d], rows a_i. */
  readonly freqs: Tensor;
  private readonly outs = new Map<number, { out: Tensor; dy: Tensor }>();
  private input: Tensor | null = null;

  /**
   * @param latents the latent dimension d
   * @param options.seed the frequencies are σ times the Philox normals of (seed, 'FREQ' stream)
   * @param options.freqs frequencies to use instead (a model file's), m·d values
   */
  constructor(readonly latents: number, readonly config: FourierConfig, options: { seed?: number; device?: DeviceName; freqs?: Float32Array } = {}) {
    requireInteger('latents', latents, 1, 65536);
    checkFourierConfig(config, 'config');
    options = optionalObject('options', options);
    const n = config.features * latents;
    let a = options.freqs;
    if (a !== undefined && a.length !== n) throw new RangeError(`options.freqs: expected ${n} frequencies (features × latents), got ${a.length}`);
    if (a === undefined) {
      const z = empty([n], 'float32', 'cpu');
      native.rngFill(z, 'normal', options.seed ?? 0, FREQ_STREAM, 0);
      a = (z.toArray() as Float32Array).map((v) => v * config.sigma);
    }
    this.freqs = tensor(a, [config.features, latents], options.device ?? 'cpu');
  }

  /** Width of φ(y): m (+ d). */
  get width(): number {
    return this.config.features + (this.config.includeLatent ? this.latents : 0);
  }

  private buffers(batch: number) {
    let b = this.outs.get(batch);
    if (!b) {
      const dev = this.freqs.device;
      b = keep({ out: empty([batch, this.width], 'float32', dev), dy: empty([batch, this.latents], 'float32', dev) });  // outlives the caller's scope
      if (this.outs.size >= 4) this.outs.delete(this.outs.keys().next().value as number);
      this.outs.set(batch, b);
    }
    return b;
  }

  /** φ(y) for y [B, d]; the result is a workspace, valid until the next forward() with this batch size. */
  forward(y: Tensor): Tensor {
    requireTensor('y', y);
    const b = this.buffers(y.shape[0]);
    native.fourierForward(y, this.freqs, this.config.includeLatent, b.out);
    this.input = y;
    return b.out;
  }

  /** d loss / d y [B, d] from g = d loss / d φ(y) of the last forward(). */
  backward(g: Tensor): Tensor {
    requireTensor('g', g);
    if (this.input === null) throw new Error('backward: call forward() first');
    const b = this.buffers(this.input.shape[0]);
    native.fourierBackward(this.input, this.freqs, g, this.config.includeLatent, b.dy);
    this.input = null;
    return b.dy;
  }
}
