/**
 * An entropy model that codes continuous latents y [B, C] under a factorized prior (a
 * {@link DeepFactorizedEntropyModel} density per channel), in the manner of
 * tensorflow-compression's `ContinuousBatchedEntropyModel`: the prior is the density, this
 * object owns everything that turns it into a code.
 *
 * - Training: ỹ = y + u, u ~ U(−½, ½), and the rate −Σ log2 p̃(ỹ) with its gradient
 *   (Ballé et al. 2017; eq. 28 of Yang, Mandt & Theis).
 * - Quantization with per-channel offsets m ∈ [−½, ½): ŷ = round(y − m) + m, the symbols
 *   k = round(y − m) coded with the prior's mass on [k + m − ½, k + m + ½] (tfc quantizes
 *   around the density's median the same way). Noise training is blind to where the integer
 *   grid falls (shifting y, the density and the decoder's input together leaves the noisy
 *   loss unchanged); hard rounding is not, so {@link fitOffsets} picks m by the test-time
 *   Lagrangian. m = 0 until then.
 * - Coding: the coder tables are integer frequency tables (per channel: the symbols' bins and
 *   an escape, summing to 2^precision), computed once from the prior (its pmf on the CPU,
 *   quantized by `discretizedTables`) or taken as given from a model file, which stores them.
 *   {@link compress} and {@link decompress} run the discretized-density rANS coder
 *   (lib/coding/entropyCoders.ts) on these integers only, so a bitstream decodes to the same
 *   symbols on any machine, ISA or thread count that holds the same tables.
 */
import { describeValue, requireBytes, requireFinite, requireFunction, requireInteger, requireObject, requireString } from '../validate.js';
import {
  decodeDiscretized, DEFAULT_PRECISION, discretizedBits, discretizedTables, encodeDiscretized, type DiscretizedFreqTable,
} from '../coding/entropyCoders.js';
import type { Rng } from '../rng.js';
import { keep } from '../scope.js';
import { item, tensor, empty, type DeviceName, type Tensor, requireFiniteValues, requireMatrix } from '../tensor.js';
import { DeepFactorizedEntropyModel } from './entropyModel.js';
import { addUniformNoise, round } from './quantize.js';

export interface ContinuousEntropyModelConfig {
  /** Hidden filters of the deep factorized prior (default [3, 3, 3]). */
  filters?: number[];
  /** Initial spread ±initScale of the prior's density (default 10). */
  initScale?: number;
  /** Seed of the prior's initial parameters (default 0). */
  seed?: number;
  /** Where the parameters live (default 'cpu'). */
  device?: DeviceName;
  /**
   * Parameters to start from (a model file's): the prior's, the quantization offsets m [C]
   * (default 0) and the coder tables (default: computed from the prior on first use).
   */
  params?: { prior: Float32Array; offsets?: Float32Array; coder?: CoderTables };
}

/** The integer coder tables of a {@link ContinuousEntropyModel}: one per channel, at one precision. */
export interface CoderTables {
  /** Frequencies of each table sum to 2^precision. */
  precision: number;
  tables: DiscretizedFreqTable[];
}

/** Symbols k must satisfy −2^31 ≤ k < 2^31 (the coder's int32). */
const INT32_LIMIT = 2 ** 31;

/** Offsets searched by {@link ContinuousEntropyModel.fitOffsets}: m ∈ {−½, −½ + 1/16, …, 7/16}. */
const OFFSET_GRID = 16;

export class ContinuousEntropyModel {
  /** The density the symbols are coded under (its parameters are what training updates). */
  readonly prior: DeepFactorizedEntropyModel;
  private offsetTensor: Tensor;
  private tables: CoderTables | null = null;

  constructor(readonly channels: number, config: ContinuousEntropyModelConfig = {}) {
    requireObject('config', config);
    this.prior = new DeepFactorizedEntropyModel(channels, {
      filters: config.filters, initScale: config.initScale, seed: config.seed, device: config.device, params: config.params?.prior,
    });
    const m = config.params?.offsets ?? new Float32Array(channels);
    if (m.length !== channels || !m.every((v) => v >= -0.5 && v < 0.5))
      throw new RangeError(`params.offsets: expected ${channels} offsets in [-0.5, 0.5), got [${Array.from(m).join(', ')}]`);
    this.offsetTensor = keep(tensor(Float32Array.from(m), [channels], this.device));  // model state: outlives the caller's scope
    if (config.params?.coder !== undefined) this.tables = checkCoderTables(config.params.coder, channels);
  }

  get device(): DeviceName {
    return this.prior.device;
  }

  /** The prior's parameters [C, P], for an optimizer. */
  get params(): Tensor {
    return this.prior.params;
  }

  /** The prior's parameter gradients, written by {@link backward}. */
  get grad(): Tensor {
    return this.prior.grad;
  }

  /** The quantizer's offsets m [C]: ŷ = round(y − m) + m. */
  get offsets(): Tensor {
    return this.offsetTensor;
  }

  /** Tells the model that training changed the prior's parameters: the coder tables (stored ones too) are rebuilt on next use. */
  paramsChanged(): void {
    this.tables = null;
  }

  /** The training relaxation ỹ = y + u, u ~ U(−½, ½), written to `out` [B, C]. */
  perturb(y: Tensor, rng: Rng, out: Tensor): Tensor {
    return addUniformNoise(y, rng, out);
  }

  /** Total bits −Σ log2 max(p̃(z), bound) of z [B, C] under the prior, as a device scalar [1] (a workspace tensor). */
  bits(z: Tensor): Tensor {
    return this.prior.forward(z).total;
  }

  /** Backpropagates `scale` × the total bits of ỹ: the prior's gradients into {@link grad}, and d/dỹ [B, C] (a workspace tensor). */
  backward(yTilde: Tensor, scale: number): Tensor {
    requireMatrix('yTilde', yTilde, this.channels);
    requireFinite('scale', scale);
    return this.prior.backward(yTilde, { scale })!;
  }

  /** ŷ = round(y − m) + m [B, C]: into `out`, or a new tensor. */
  quantize(y: Tensor, out?: Tensor): Tensor {
    requireMatrix('y', y, this.channels);
    return round(y, this.offsetTensor, out);
  }

  /**
   * Chooses the offsets m that minimise the test-time Lagrangian R̂(ŷ) + distortionTerm(ŷ)
   * for the latents y [B, C] (R̂ the prior's cross-entropy per sample; the caller's term is
   * λ times the decoder's distortion of ŷ), channel by channel over the grid
   * m ∈ {−½, −½ + 1/16, …, 7/16}, starting from the current offsets and keeping them unless a
   * candidate is strictly better. Returns the offsets chosen.
   */
  fitOffsets(y: Tensor, distortionTerm: (yHat: Tensor) => number): Float32Array {
    requireMatrix('y', y, this.channels);
    requireFunction('distortionTerm', distortionTerm);
    const n = y.shape[0], C = this.channels;
    const yHat = empty(y.shape, 'float32', this.device);
    const cost = (m: Float32Array): number => {
      round(y, tensor(m, [C], this.device), yHat);
      const rate = item(this.bits(yHat)) / n;
      return rate + distortionTerm(yHat);
    };
    const best = Float32Array.from(this.offsetTensor.toArray() as Float32Array);
    let bestCost = cost(best);
    for (let c = 0; c < C; ++c) {
      const trial = Float32Array.from(best);
      for (let i = 0; i < OFFSET_GRID; ++i) {
        trial[c] = i / OFFSET_GRID - 0.5;
        const v = cost(trial);
        if (v < bestCost) [bestCost, best[c]] = [v, trial[c]];
      }
    }
    this.offsetTensor = keep(tensor(best, [C], this.device));  // model state: outlives the caller's scope
    this.tables = null;
    return best;
  }

  /**
   * The coder's integer tables, computed once and cached (or the model file's, as given): for
   * each channel, the prior's pmf of the symbols on the integers where it has mass above 1e-9
   * (at most ±4096) and the tail mass beyond, computed on the CPU from a copy of the prior and
   * quantized to frequencies summing to 2^16 by `discretizedTables`. Only these integers reach
   * the coder; a model file stores them, so its decoder computes no density at all.
   */
  coderTables(): CoderTables {
    if (this.tables) return this.tables;
    const C = this.channels;
    const cpuPrior = new DeepFactorizedEntropyModel(C, {
      filters: this.prior.spec.filters, params: this.prior.params.toArray() as Float32Array, device: 'cpu',
    });
    const offsets = this.offsetTensor.to('cpu');
    // the support: the smallest ±2^k holding all but 1e-9 of every channel's mass
    let half = 1;
    for (; half < 4096; half *= 2) {
      const { tails } = cpuPrior.pmfTable(-half, half, offsets);
      const t = tails.toArray();
      let ok = true;
      for (let c = 0; c < C; ++c) ok &&= t[2 * c] < 1e-9 && t[2 * c + 1] < 1e-9;
      if (ok) break;
    }
    const { pmf, tails } = cpuPrior.pmfTable(-half, half, offsets);
    const p = pmf.toArray(), t = tails.toArray(), K = 2 * half + 1;
    const masses = Array.from({ length: C }, (_, c) => ({
      lo: -half,
      pmf: Float64Array.from(p.subarray(c * K, (c + 1) * K)),
      tail: t[2 * c] + t[2 * c + 1],
    }));
    this.tables = { precision: DEFAULT_PRECISION, tables: discretizedTables(masses, DEFAULT_PRECISION) };
    return this.tables;
  }

  /**
   * The symbols k = round(y − m) [B·C] of the latents y [B, C]. A latent whose symbol falls
   * outside int32 (what the coder takes; an input far outside what the model was trained on)
   * is refused, naming the first: as a sample of `name` counted from `firstSample` (for a
   * caller that codes its input in pieces).
   */
  symbols(y: Tensor, name = 'y', firstSample = 0): Int32Array {
    requireFiniteValues('y', requireMatrix('y', y, this.channels));
    requireString('name', name);
    requireInteger('firstSample', firstSample, 0);
    const m = this.offsetTensor.toArray(), C = this.channels;
    const q = this.quantize(y);
    const v = q.toArray() as Float32Array;
    q.dispose();
    const out = new Int32Array(v.length);
    for (let i = 0; i < v.length; ++i) {
      const k = Math.round(v[i] - m[i % C]);
      if (!(k >= -INT32_LIMIT && k < INT32_LIMIT))
        throw new RangeError(`${name}: sample ${firstSample + Math.floor(i / C)} has latent ${i % C} = ${v[i]}, whose symbol is outside the int32 range the entropy coder takes; the input lies far outside what the model was trained on`);
      out[i] = k;
    }
    return out;
  }

  /**
   * The bitstream of the symbols round(y − m) of the latents y [B, C], coded with the rANS
   * sentinel (lib/coding/entropyCoders.ts), so that a decode of another number of samples fails.
   */
  compress(y: Tensor): Uint8Array {
    return this.encodeSymbols(this.symbols(y));
  }

  /** The bitstream of symbols [B·C] from {@link symbols} (sample-major). */
  encodeSymbols(symbols: Int32Array): Uint8Array {
    if (!(symbols instanceof Int32Array) || symbols.length % this.channels !== 0)
      throw new RangeError(`symbols: expected an Int32Array of whole samples of ${this.channels} channels`);
    const { tables, precision } = this.coderTables();
    return encodeDiscretized(symbols, tables, this.channelIndex(symbols.length / this.channels), precision, true);
  }

  /**
   * The most rows a bitstream of `bytes` can hold under these tables: rANS spends at least
   * precision − log2 f bits on a symbol of frequency f, and f is at most the table's largest
   * (a bin's or the escape's); the coder's 64-bit final state is the slack.
   */
  sampleCapacity(bytes: number): number {
    requireInteger('bytes', bytes, 0);
    const { tables, precision } = this.coderTables();
    const bitsPerSample = tables.reduce((sum, t) => {
      let f = t.escape;
      for (const v of t.freq) f = Math.max(f, v);
      return sum + precision - Math.log2(f);
    }, 0);
    return Math.floor((bytes * 8 + 64) / bitsPerSample);
  }

  /**
   * Decodes `samples` rows from a bitstream of {@link compress}: ŷ = k + m [samples, C] on
   * `device` (a new tensor). A `samples` more than the bitstream can hold (a corrupt or
   * crafted header) is refused before anything is allocated; a bitstream of another number of
   * samples throws ("corrupt data: ..."). `options.sentinel` false reads a bitstream coded
   * without the sentinel (a version 1 `.rdc` file's).
   */
  decompress(bytes: Uint8Array, samples: number, device: DeviceName = this.device, options: { sentinel?: boolean } = {}): Tensor {
    requireBytes('bytes', bytes);
    requireInteger('samples', samples, 0);
    requireObject('options', options);
    const capacity = this.sampleCapacity(bytes.length);
    if (samples > capacity)
      throw new RangeError(`samples: ${samples} declared, but a ${bytes.length}-byte bitstream can hold at most ${capacity} under this model; the data is corrupt or crafted`);
    const m = this.offsetTensor.toArray(), C = this.channels;
    const { tables, precision } = this.coderTables();
    const symbols = decodeDiscretized(bytes, samples * C, tables, this.channelIndex(samples), precision, options.sentinel ?? true);
    const yHat = new Float32Array(symbols.length);
    for (let i = 0; i < symbols.length; ++i) yHat[i] = symbols[i] + m[i % C];
    return tensor(yHat, [samples, C], device);
  }

  /** Each symbol's table (its channel), or null for one channel (every symbol under table 0). */
  private channelIndex(samples: number): Uint32Array | null {
    const C = this.channels;
    if (C === 1) return null;
    const index = new Uint32Array(samples * C);
    for (let i = 0; i < index.length; ++i) index[i] = i % C;
    return index;
  }
}

/**
 * `coder` if it holds one valid integer table per channel (each checked by the coder itself),
 * else a TypeError or RangeError naming the field under `name`.
 */
export function checkCoderTables(coder: CoderTables, channels: number, name = 'params.coder'): CoderTables {
  requireObject(name, coder);
  requireInteger(`${name}.precision`, coder.precision, 1, 24);
  if (!Array.isArray(coder.tables) || coder.tables.length !== channels)
    throw new RangeError(`${name}.tables: expected ${channels} tables (one per channel), got ${Array.isArray(coder.tables) ? coder.tables.length : typeof coder.tables}`);
  coder.tables.forEach((t: unknown, i) => {
    if (!((t as DiscretizedFreqTable | null)?.freq instanceof Uint32Array))
      throw new TypeError(`${name}.tables[${i}]: expected an integer table { lo, freq: Uint32Array, escape }, got ${describeValue(t)}`);
  });
  try {
    discretizedBits(new Int32Array(0), coder.tables, null, coder.precision);
  } catch (e) {
    if (e instanceof TypeError || e instanceof RangeError) throw new (e.constructor as typeof RangeError)(`${name}.${e.message}`);
    throw e;
  }
  return coder;
}
