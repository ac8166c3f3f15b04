/**
 * The deep factorized entropy model of Ballé, Minnen, Singh, Hwang & Johnston, "Variational
 * image compression with a scale hyperprior" (ICLR 2018, Appendix 6.1), as in
 * tensorflow-compression's `DeepFactorized`: each of C channels has its own density whose
 * CDF is a small monotone network,
 *
 *   c(z) = sigmoid(f_K ∘ … ∘ f_1(z)),   f_k(x) = g_k(softplus(H_k) x + b_k),
 *   g_k(u) = u + tanh(a_k) ⊙ tanh(u)  (k < K; the last layer has no g),
 *
 * with widths 1 → filters… → 1. Trained with additive uniform noise (Ballé et al. 2017),
 * the rate of z̃ = z + u is −log2 p̃(z̃) with p̃ = p ∗ U(−½, ½), i.e. the likelihood
 *
 *   p̃(z̃) = c(z̃ + ½) − c(z̃ − ½)
 *
 * (eq. 28 of Yang, Mandt & Theis, "An introduction to neural data compression"), which on
 * the integers is exactly the pmf an entropy coder uses for ẑ = round(z) (eq. 27).
 *
 * All channels' parameters live in one flat tensor [C, P] (see {@link DeepFactorizedSpecNative}
 * for the layout), so {@link Adam} updates them in one call.
 */
import { requireInteger, requireObject } from '../validate.js';
import { native } from '../native.js';
import { WorkspaceCache } from './workspaceCache.js';
import type { DeepFactorizedSpecNative, DeviceName } from '../native.js';
import { empty, requireMatrix, requireTensor, tensor, type Tensor } from '../tensor.js';

export type { DeepFactorizedSpecNative };

export interface DeepFactorizedConfig {
  /** Hidden filter widths (default [3, 3, 3], as tfc's EntropyBottleneck): at most 5, each 1..16. */
  filters?: number[];
  /** The initial density is roughly uniform over ±initScale (default 10). */
  initScale?: number;
  /** Likelihoods are bounded below by this for the rate (default 1e-9, as tfc). */
  likelihoodBound?: number;
  /** Seed of the Philox stream for the initial biases (default 0). */
  seed?: number;
  /** Where parameters live (default 'cpu'). */
  device?: DeviceName;
  /** Parameters to start from instead of the initialisation (a model file's). */
  params?: Float32Array;
}

/** Parameters per channel of a deep factorized density with these hidden widths. */
export function deepFactorizedParamCount(filters: readonly number[]): number {
  const sizes = [1, ...filters, 1];
  let n = 0;
  for (let k = 0; k + 1 < sizes.length; ++k) n += sizes[k] * sizes[k + 1] + sizes[k + 1] + (k + 2 < sizes.length ? sizes[k + 1] : 0);
  return n;
}

interface Workspace {
  likelihood: Tensor;
  bits: Tensor;
  total: Tensor;
  dz: Tensor;
}

export class DeepFactorizedEntropyModel {
  readonly spec: DeepFactorizedSpecNative;
  /** All channels' parameters, flat [C, P]: per channel and layer, H_k [out, in], b_k, a_k. */
  readonly params: Tensor;
  /** Gradients in the same layout, written by {@link backward}. */
  readonly grad: Tensor;
  private readonly workspaces = new WorkspaceCache<Workspace>((batch) => {
    const dev = this.device, C = this.channels;
    return {
      likelihood: empty([batch, C], 'float32', dev),
      bits: empty([batch], 'float32', dev),
      total: empty([1], 'float32', dev),
      dz: empty([batch, C], 'float32', dev),
    };
  });

  constructor(readonly channels: number, config: DeepFactorizedConfig = {}) {
    if (!Number.isInteger(channels) || channels < 1 || channels > 65535)
      throw new RangeError(`channels: expected an integer in [1, 65535], got ${String(channels)}`);
    requireObject('config', config);
    const filters = config.filters ?? [3, 3, 3];
    if (!Array.isArray(filters) || filters.length > 5)
      throw new RangeError('config.filters: expected an array of at most 5 hidden widths');
    filters.forEach((f, i) => {
      if (!Number.isInteger(f) || f < 1 || f > 16) throw new RangeError(`config.filters[${i}]: expected an integer in [1, 16], got ${String(f)}`);
    });
    const initScale = config.initScale ?? 10;
    if (!(initScale > 0 && Number.isFinite(initScale)))
      throw new RangeError(`config.initScale: expected a positive number, got ${String(initScale)}`);
    this.spec = { channels, filters: [...filters], likelihoodBound: config.likelihoodBound ?? 1e-9 };
    const n = channels * deepFactorizedParamCount(filters);
    let init = config.params;
    if (init !== undefined && init.length !== n)
      throw new RangeError(`config.params: expected ${n} parameters for ${channels} channels with filters [${filters}], got ${init.length}`);
    init ??= DeepFactorizedEntropyModel.initialParams(channels, filters, initScale, config.seed ?? 0);
    const device = config.device ?? 'cpu';
    this.params = tensor(init, [channels, n / channels], device);
    this.grad = empty([channels, n / channels], 'float32', device);
  }

  get device(): DeviceName {
    return this.params.device;
  }

  /**
   * tfc's initialisation: with scale = initScale^(1/K), softplus(H_k) = 1 / (scale · out_k)
   * (so the composed slope is 1/initScale and the density is spread over ±initScale),
   * b_k ~ U(−½, ½), a_k = 0.
   */
  static initialParams(channels: number, filters: readonly number[], initScale: number, seed: number): Float32Array {
    const sizes = [1, ...filters, 1];
    const K = sizes.length - 1;
    const scale = initScale ** (1 / K);
    const P = deepFactorizedParamCount(filters);
    const out = new Float32Array(channels * P);
    const draws = empty([channels * P], 'float32', 'cpu');
    native.rngFill(draws, 'uniform', seed, 0, 0);
    const u = draws.toArray();
    for (let c = 0; c < channels; ++c) {
      let off = c * P;
      for (let k = 0; k < K; ++k) {
        const nIn = sizes[k], nOut = sizes[k + 1];
        // softplus^-1(y) = log(expm1(y))
        out.fill(Math.log(Math.expm1(1 / scale / nOut)), off, off + nOut * nIn);
        off += nOut * nIn;
        for (let i = 0; i < nOut; ++i, ++off) out[off] = u[off] - 0.5;
        if (k + 1 < K) off += nOut; // a_k = 0
      }
    }
    return out;
  }

  private checkInput(z: Tensor, name: string): number {
    return requireMatrix(name, z, this.channels).shape[0];
  }

  /**
   * Likelihoods max(p̃(z), bound) [B, C], bits per row −Σ_c log2 likelihood [B] and their
   * total [1], all on the device. The tensors are this model's workspace: valid until the
   * next call with the same batch size.
   */
  forward(z: Tensor): { likelihood: Tensor; bits: Tensor; total: Tensor } {
    const ws = this.workspaces.get(this.checkInput(z, 'z'));
    native.entropyForward(this.spec, this.params, z, ws.likelihood, ws.bits, ws.total);
    return { likelihood: ws.likelihood, bits: ws.bits, total: ws.total };
  }

  /** Total bits −Σ log2 max(p̃(z̃), bound) of a batch z̃ [B, C], as a device scalar [1]. */
  rateBits(zTilde: Tensor): Tensor {
    this.checkInput(zTilde, 'zTilde');
    return this.forward(zTilde).total;
  }

  /**
   * Backpropagates `scale` × total bits of zTilde (e.g. scale = λ_R / B for a mean rate):
   * writes the parameter gradients to {@link grad} (adds to them with `accumulate`) and
   * returns d/dz̃ [B, C] (a workspace tensor), or null with `inputGrad: false`. The
   * likelihood bound's gradient follows tfc's lower_bound "identity_if_towards": it
   * always passes, since lowering the rate always means raising p.
   */
  backward(zTilde: Tensor, options: { scale?: number; accumulate?: boolean; inputGrad?: boolean } = {}): Tensor | null {
    requireObject('options', options);
    const ws = this.workspaces.get(this.checkInput(zTilde, 'zTilde'));
    const dz = options.inputGrad === false ? null : ws.dz;
    native.entropyBackward(this.spec, this.params, zTilde, options.scale ?? 1, dz, this.grad, options.accumulate ?? false);
    return dz;
  }

  /** The CDF c(z) [B, C] of each channel at z [B, C] (a new tensor). */
  cdf(z: Tensor): Tensor {
    requireTensor('z', z);
    const out = empty(z.shape, 'float32', this.device);
    native.entropyCdf(this.spec, this.params, z, out);
    return out;
  }

  /**
   * The pmf of the symbols k = round(z − m) on lo..hi for an entropy coder, where the
   * quantizer's values are ẑ = k + m (m = `offsets` [C] per channel, default 0):
   * pmf [C, hi−lo+1] with pmf[c, k] = c(lo+k+m_c+½) − c(lo+k+m_c−½), and tails [C, 2], the
   * masses below lo and above hi.
   */
  pmfTable(lo: number, hi: number, offsets: Tensor | null = null): { pmf: Tensor; tails: Tensor } {
    requireInteger('lo', lo, -(2 ** 31), 2 ** 31 - 1);
    requireInteger('hi', hi, -(2 ** 31), 2 ** 31 - 1);
    if (hi < lo) throw new RangeError(`pmfTable: expected integers lo <= hi, got lo=${lo}, hi=${hi}`);
    if (offsets !== null) requireTensor('offsets', offsets);
    if (offsets !== null && !(offsets.toArray() as Float32Array).every((m) => Math.abs(m) <= 0.5))
      throw new RangeError(`offsets: expected per-channel offsets in [-0.5, 0.5], got [${Array.from(offsets.toArray()).join(', ')}]`);
    const pmf = empty([this.channels, hi - lo + 1], 'float32', this.device);
    const tails = empty([this.channels, 2], 'float32', this.device);
    native.entropyPmfTable(this.spec, this.params, lo, hi, offsets, pmf, tails);
    return { pmf, tails };
  }
}
