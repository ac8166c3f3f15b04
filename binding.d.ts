/**
 * The typed contract of rdlab's native module (`rdlab.node`). Only `lib/native.ts` loads
 * it; everything else goes through the TypeScript API. Every function validates its
 * arguments and throws a `TypeError` or `RangeError` that names the offending argument.
 */

export type DType = 'float32' | 'int32' | 'uint32';
export type TypedArrayOf<D extends DType> = D extends 'float32' ? Float32Array : D extends 'int32' ? Int32Array : Uint32Array;
/** `'cpu'` or `'cuda:N'` (the binding also accepts `'cuda'` for device 0; lib/device.ts resolves it). */
export type DeviceName = 'cpu' | `cuda:${number}`;
export type Activation = 'identity' | 'relu' | 'leaky_relu' | 'softplus' | 'tanh' | 'sigmoid';
export type Distribution = 'uniform' | 'normal' | 'exponential' | 'gumbel';
/** A non-negative integer: a safe-integer number or a bigint below 2^64. */
export type U64 = number | bigint;

/** A dense row-major tensor living on one device. */
export interface NativeTensor {
  readonly shape: number[];
  readonly dtype: DType;
  readonly device: DeviceName;
  /** Number of elements. */
  readonly size: number;
  /** Copies the data out to a new typed array. */
  toArray(): Float32Array | Int32Array | Uint32Array;
  /** A view sharing this tensor's memory: `shape` elements from `offset`. */
  view(offset: number, shape: number[]): NativeTensor;
  /** A copy on `device`. */
  to(device: DeviceName): NativeTensor;
  /** Overwrites this tensor with `source` (same dtype and element count, any device). */
  copyFrom(source: NativeTensor): void;
  /**
   * Frees this handle's memory now (a view's storage lives while another handle holds it).
   * Idempotent. Afterwards shape, dtype, device and size stay readable; toArray, view, to,
   * copyFrom and passing the tensor to any kernel throw an Error saying it was disposed.
   * Throws an Error while an asynchronous call still running holds the tensor's storage
   * ({@link AsyncForms}); the end of a scope releases the handle then, and the call's own
   * reference frees the memory when it settles.
   */
  dispose(): void;
  /** True once dispose() or the end of its scope freed it. */
  readonly disposed: boolean;
  /** dispose(), for TypeScript's `using`. */
  [Symbol.dispose](): void;
}

/** Live memory on one device. */
export interface DeviceMemoryNative {
  /** Tensor handles neither disposed nor collected, in this thread. */
  tensors: number;
  /** Native allocations (tensor storages) alive in the process, and their bytes; views share their storage. */
  storages: number;
  bytes: number;
}

export interface NativeInfo {
  version: string;
  backends: string[];
  cudaBuilt: boolean;
  cuda: boolean;
  cudaStatus: string;
  cudaDevices: string[];
  cpuIsa: 'generic' | 'avx2' | 'avx512';
  cpuFeatures: string;
  threads: number;
}

/** An MLP as data: layer l maps sizes[l] -> sizes[l+1] with activation acts[l]. */
export interface MlpSpecNative {
  sizes: number[];
  acts: Activation[];
  /** Negative slope of leaky_relu (default 0.01). */
  leakySlope?: number;
}

/**
 * A 2-D convolution's settings (the kernel size and channel counts come from the weight's
 * shape). Layout NHWC: x [batch, height, width, inChannels], y [batch, outHeight, outWidth,
 * outChannels]; conv2d's weight [kh, kw, inChannels, outChannels], convTranspose2d's
 * [kh, kw, outChannels, inChannels]; bias [outChannels]. conv2d: out = floor((in + 2p - k) / s) + 1;
 * convTranspose2d: out = (in - 1) s - 2p + k + outputPadding (as PyTorch).
 */
export interface ConvSpecNative {
  /** [sh, sw], each in [1, 65536] (default [1, 1]). */
  stride?: [number, number];
  /** [ph, pw] of zeros on each side, each >= 0 (default [0, 0]). */
  padding?: [number, number];
  /** convTranspose2d only: [oph, opw] added to the output's bottom/right, each below the stride (default [0, 0]). */
  outputPadding?: [number, number];
  /** Applied to every output after the bias (default 'identity'). */
  activation?: Activation;
  /** Negative slope of leaky_relu (default 0.01). */
  leakySlope?: number;
}

export interface AdamOptions {
  lr: number;
  beta1?: number;
  beta2?: number;
  eps?: number;
  /** Decoupled (AdamW) weight decay. */
  weightDecay?: number;
  /** 1-based step count, for bias correction. */
  step: number;
}

/**
 * A deep factorized density (Ballé et al. 2018, Appendix 6.1): per channel, the CDF
 * c(z) = sigmoid(f_K ∘ … ∘ f_1(z)) with f_k(x) = g_k(softplus(H_k) x + b_k),
 * g_k(u) = u + tanh(a_k) ⊙ tanh(u) for k < K (the last layer has no g), widths
 * 1 → filters… → 1.
 *
 * Parameters: one flat float32 tensor [channels, P], channel-major; inside a channel, for
 * each layer k in order: H_k [out, in] row-major, b_k [out], then a_k [out] for k < K.
 * P = Σ_k (out·in + out) + Σ_{k<K} out (43 for filters [3, 3, 3]).
 */
export interface DeepFactorizedSpecNative {
  /** Number of independent channels C, in [1, 65535]. */
  channels: number;
  /** Hidden filter widths, at most 5 entries, each in [1, 16]; tfc's default is [3, 3, 3]. */
  filters: number[];
  /** Lower bound on the likelihood used for the rate (default 1e-9), in [1e-30, 1). */
  likelihoodBound?: number;
}

/** A table of the discretized-density coder: pmf over the integers lo, lo+1, ..., and the mass outside them. */
export interface DiscretizedTableSpec {
  lo: number;
  pmf: Float64Array;
  /** Probability of values below lo or above lo + pmf.length - 1 (they are coded through an escape). */
  tail: number;
}

/**
 * An integer table of the discretized-density coder, as a model file stores it: bins lo, lo+1, ...
 * with frequencies `freq`, then the escape's frequency; each >= 1, all summing to 2^precision.
 * The coder reads only these integers, so any machine decodes what any other encoded.
 */
export interface DiscretizedFreqTable {
  lo: number;
  freq: Uint32Array;
  escape: number;
}

/** The ops that can run long, each with an asynchronous form `<op>Async` ({@link AsyncForms}). */
export type AsyncOpName =
  | 'mlpForward' | 'mlpBackward'
  | 'conv2dForward' | 'conv2dBackward' | 'convTranspose2dForward' | 'convTranspose2dBackward'
  | 'nerdDistortion' | 'nerdSolveBeta' | 'nerdObjective'
  | 'orcSearch' | 'orcCandidates' | 'orcLatents' | 'orcScan'
  | 'ecvqEncode'
  | 'blahutArimoto' | 'mixtureLogDensity' | 'meanShift';

/**
 * `<op>Async(...)` for every {@link AsyncOpName}: the same arguments, checked on the calling
 * thread exactly as `<op>` checks them, then the kernel runs on the libuv thread pool and
 * the returned Promise resolves (to undefined) when the output tensors hold its results.
 * The promise rejects with the error `<op>` would throw: TypeError or RangeError for bad
 * arguments, Error `"<op> failed on <device>: ..."` for a backend fault.
 *
 * While it runs, the call holds a reference to every tensor it was given (their memory
 * outlives dispose() of a scope or the collector) and marks them in flight: a tensor it
 * writes may not be used by any other call, and one it only reads (the network's params,
 * its inputs) may be read by other calls but not written; `dispose()` of either throws an
 * Error naming the op and the argument. Both end when the promise settles.
 */
export type AsyncForms = {
  [K in AsyncOpName as `${K}Async`]: (...args: Parameters<Binding[K]>) => Promise<void>;
};

export interface Binding extends AsyncForms {
  Tensor: Function;
  info(): NativeInfo;
  /** Copies `data` into a new tensor of `shape` on `device`; dtype follows the array type. */
  tensorFromArray(data: Float32Array | Int32Array | Uint32Array, shape: number[], device: DeviceName): NativeTensor;
  /** An uninitialised tensor, for outputs a kernel overwrites. */
  empty(shape: number[], dtype: DType, device: DeviceName): NativeTensor;
  /** Opens a scope: every tensor handle made until the matching scopeEnd belongs to it. */
  scopeBegin(): void;
  /** Closes the innermost scope, disposing its tensors except `keep`, which move to the scope around it. Error when none is open. */
  scopeEnd(keep: NativeTensor[]): void;
  /** Takes `t` out of every open scope (only dispose() or the collector frees it); returns it. */
  scopeKeep(t: NativeTensor): NativeTensor;
  /** Live tensors and bytes per device (`cpu` always present). */
  memory(): Record<DeviceName, DeviceMemoryNative>;
  /** Fills `out` with Philox4x32-10 draws addressed by (seed, stream, counter + element). */
  rngFill(out: NativeTensor, dist: Distribution, seed: U64, stream: U64, counter: U64): void;
  /** outs[l] = act_l(in_l W_l + b_l) for every layer; params is the flat parameter vector. */
  mlpForward(spec: MlpSpecNative, params: NativeTensor, x: NativeTensor, outs: NativeTensor[]): void;
  /**
   * Backpropagates dy through the network whose forward outputs are `outs`. Writes (or, with
   * `accumulate`, adds) parameter gradients to `grad` and the input gradient to `dx` when
   * given. Consumes the forward cache: outs[0..L-2] and dy are overwritten; outs[L-1] is kept.
   */
  mlpBackward(spec: MlpSpecNative, params: NativeTensor, x: NativeTensor, outs: NativeTensor[], dy: NativeTensor,
              grad: NativeTensor, dx: NativeTensor | null, accumulate: boolean): void;
  /** y = act(conv2d(x, weight) + bias) ({@link ConvSpecNative}); bias may be null. */
  conv2dForward(spec: ConvSpecNative, x: NativeTensor, weight: NativeTensor, bias: NativeTensor | null, y: NativeTensor): void;
  /**
   * Gradients of conv2dForward's y = act(...) for the upstream gradient dy: dx (when given),
   * dweight and dbias (when given), written or, with `accumulate`, added (dweight, dbias). y is
   * the forward output (act' is taken from it); x, weight, y and dy are only read.
   */
  conv2dBackward(spec: ConvSpecNative, x: NativeTensor, weight: NativeTensor, y: NativeTensor, dy: NativeTensor,
                 dx: NativeTensor | null, dweight: NativeTensor, dbias: NativeTensor | null, accumulate: boolean): void;
  /** y = act(convTranspose2d(x, weight) + bias), the adjoint of conv2d's input map plus bias; bias may be null. */
  convTranspose2dForward(spec: ConvSpecNative, x: NativeTensor, weight: NativeTensor, bias: NativeTensor | null, y: NativeTensor): void;
  /** Gradients of convTranspose2dForward, as conv2dBackward. */
  convTranspose2dBackward(spec: ConvSpecNative, x: NativeTensor, weight: NativeTensor, y: NativeTensor, dy: NativeTensor,
                          dx: NativeTensor | null, dweight: NativeTensor, dbias: NativeTensor | null, accumulate: boolean): void;
  /** One fused Adam update of params in place, with moments m and v. */
  adamStep(params: NativeTensor, grad: NativeTensor, m: NativeTensor, v: NativeTensor, options: AdamOptions): void;
  /** loss[0] = mean((yhat - y)^2); grad (when given) = gradScale * d loss / d yhat (gradScale default 1). */
  mse(yhat: NativeTensor, y: NativeTensor, grad: NativeTensor | null, loss: NativeTensor, gradScale?: number): void;
  /** CRC-32 (IEEE 802.3, reflected, 0xEDB88320) of bytes, continuing from `previous`. */
  crc32(bytes: Uint8Array, previous?: number): number;
  /**
   * rANS over quantized probability tables (frequencies summing to 2^precision, every symbol at
   * least 1): symbol i is coded under tables[tableIndex[i]] (table 0 when tableIndex is null).
   * `sentinel` (default false): the stream starts from a nonzero rANS state, so that decoding
   * more or fewer symbols than were coded throws ("corrupt data: ..."); the decoder must be
   * given the encoder's `sentinel`.
   */
  categoricalEncode(symbols: Uint32Array, tables: Float64Array[], tableIndex: Uint32Array | null, precision: number, sentinel?: boolean): Uint8Array;
  /** Inverse of categoricalEncode with the same tables, indices, count, precision and sentinel; corrupt data throws. */
  categoricalDecode(bytes: Uint8Array, count: number, tables: Float64Array[], tableIndex: Uint32Array | null, precision: number, sentinel?: boolean): Uint32Array;
  /** The integer tables of mass tables: the one place densities become frequencies (exact integer arithmetic after an exact scaling). */
  discretizedTables(tables: DiscretizedTableSpec[], precision: number): DiscretizedFreqTable[];
  /**
   * rANS under discretized tables with an escape (Elias gamma) for values outside a table: any
   * int32 is codable. Integer tables are used as given (their sum must be 2^precision); mass
   * tables are quantized first, as {@link discretizedTables} does. `sentinel` as in categoricalEncode.
   */
  discretizedEncode(values: Int32Array, tables: (DiscretizedFreqTable | DiscretizedTableSpec)[], tableIndex: Uint32Array | null, precision: number, sentinel?: boolean): Uint8Array;
  discretizedDecode(bytes: Uint8Array, count: number, tables: (DiscretizedFreqTable | DiscretizedTableSpec)[], tableIndex: Uint32Array | null, precision: number, sentinel?: boolean): Int32Array;
  /** Exact cost in bits of `values` under the quantized tables (without the per-stream rANS overhead). */
  discretizedBits(values: Int32Array, tables: (DiscretizedFreqTable | DiscretizedTableSpec)[], tableIndex: Uint32Array | null, precision: number): number;
  /**
   * Indices 1..n under the Zipf law q(k) ∝ k^-(1 + 1/(C + e^-1 log2 e + 1)) of PFR/ORC (NERD paper, Sec. V-A),
   * C the mutual information in bits; Huffman (prefix code, best for one index) or rANS.
   */
  zipfEncode(indices: Uint32Array, mutualInformationBits: number, n: number, method: 'huffman' | 'rans'): { bytes: Uint8Array; bits: number };
  zipfDecode(bytes: Uint8Array, count: number, mutualInformationBits: number, n: number, method: 'huffman' | 'rans'): Uint32Array;
  /** Exponential-Golomb code of order k (k = 0: Elias gamma of v + 1) for unbounded indices. */
  expGolombEncode(values: Uint32Array, k: number): { bytes: Uint8Array; bits: number };
  expGolombDecode(bytes: Uint8Array, count: number, k: number): Uint32Array;
  /**
   * Fills out [B, n] with samples of a synthetic source (formulas in native/core/source_draw.h);
   * u [B] receives each sample's latent U; scale [n] (standard deviations, Laplace scales) is
   * required for 'gaussian' and 'laplace'. Sample b uses Philox blocks from counter + b/4
   * (latent sources), counter + (b n + j)/2 (gaussian) or counter + (b n + j)/4 (laplace).
   */
  sourceSample(kind: SourceKindName, out: NativeTensor, u: NativeTensor | null, scale: NativeTensor | null, seed: U64,
               stream: U64, counter: U64): void;
  /**
   * Fills x and y (same shape) with pairs: element i uses Philox block counter + i (the normals
   * 2i and 2i+1).
   */
  pairSample(kind: PairKindName, x: NativeTensor, y: NativeTensor, v0: number, v1: number, seed: U64, stream: U64,
             counter: U64): void;
  /**
   * ys [B, S, m] = S draws of the exact posterior p(y | x) for each row of x [B, m] (Gaussian
   * conditional, or sign(x)); element i of ys uses normal draw i (block counter + i/2).
   */
  pairPosterior(kind: PairKindName, x: NativeTensor, ys: NativeTensor, v0: number, v1: number, seed: U64,
                stream: U64, counter: U64): void;
  /**
   * ys [B, S, m]: for each row of x [B, m], the S points of the same posterior at the given
   * standard normals z [S] (mean + sd·z[s]; sign(x) for the sign pair): deterministic nodes
   * instead of draws.
   */
  pairPosteriorNodes(kind: PairKindName, x: NativeTensor, z: NativeTensor, ys: NativeTensor, v0: number,
                     v1: number): void;
  /**
   * The exhaustive variational-ECVQ encoder (Özyılkan, Ballé & Erkip, JSAIT 2024, eq. (5)) with
   * decoder g = the MLP `spec`/`params` on concat(one-hot(k), y) (spec.sizes[0] = K + m, output n):
   * dist[b, k] = (1/S) Σ_s ||g(k, ys[b, s]) − x[b]||², index[b] = first argmin_k
   * −log2 softmax(logits)_k + lambda · dist[b, k]. K = logits.size. A non-finite cost throws.
   */
  ecvqEncode(spec: MlpSpecNative, params: NativeTensor, logits: NativeTensor, x: NativeTensor, ys: NativeTensor,
             lambda: number, index: NativeTensor, dist: NativeTensor): void;
  /**
   * bits[0] = Σ_b −log2 softmax(logits)[index[b]] and grad = scale · d bits[0] / d logits
   * = scale · (B p − counts) / ln 2 for shared logits [K]; for logits [B, K], one model per
   * index (a conditional q(u | y_b)), bits[0] = Σ_b −log2 softmax(logits[b])[index[b]] and
   * grad [B, K] = scale · (p_b − one-hot(index[b])) / ln 2. An index outside [0, K) throws.
   */
  ecvqRate(logits: NativeTensor, index: NativeTensor, scale: number, grad: NativeTensor, bits: NativeTensor): void;
  /** out [B·S, K + m]: row b·S + s = concat(one-hot(index[b]), ys[b, s]); ys [B, S, m]. */
  ecvqDecoderInput(K: number, index: NativeTensor, ys: NativeTensor, out: NativeTensor): void;
  /**
   * Gumbel-softmax (Concrete) samples of logits [B, K] at `temperature` (>= 1e-4):
   * u[b] = softmax((logits[b] + G_b) / t), G_{b,k} the Philox Gumbel draw b·K + k of (seed,
   * stream, counter), or G = 0 without `noise`; index [B] (int32, when given) = the hard sample
   * argmax_k (logits[b,k] + G_{b,k}).
   */
  gumbelSoftmax(logits: NativeTensor, temperature: number, noise: boolean, u: NativeTensor, index: NativeTensor | null,
                seed: U64, stream: U64, counter: U64): void;
  /** dlogits [B, K] = (1/t) u ⊙ (du − Σ_k u_k du_k), the backward of gumbelSoftmax from its output u. */
  gumbelSoftmaxBackward(u: NativeTensor, du: NativeTensor, temperature: number, dlogits: NativeTensor): void;
  /**
   * The Concrete compressor's rate: total[0] = Σ_b KL(softmax(alpha[b]) || softmax(xi_b)) in bits,
   * with xi_b = xi for marginal logits xi [K] (L_m) or row b of conditional logits xi [B, K]
   * (L_c, q_ζ(u | y_b)); dalpha [B, K] and dxi (the shape of xi) get scale × its gradients.
   */
  concreteRate(alpha: NativeTensor, xi: NativeTensor, scale: number, dalpha: NativeTensor, dxi: NativeTensor, total: NativeTensor): void;
  /** out [B, p + q] = [a | b] for a [B, p], b [B, q]. */
  concatColumns(a: NativeTensor, b: NativeTensor, out: NativeTensor): void;
  /** The inverse of concatColumns: a [B, p] and/or b [B, q] (either may be null) from x [B, p + q]. */
  splitColumns(x: NativeTensor, a: NativeTensor | null, b: NativeTensor | null): void;
  /** y += alpha * x (same shape): sums gradients that reach one tensor by two paths. */
  axpy(alpha: number, x: NativeTensor, y: NativeTensor): void;
  /**
   * out = y + u, u ~ U(-1/2, 1/2) elementwise: element i uses Philox draw i of (seed, stream,
   * counter) minus 1/2, the same numbers on every backend. `out` may be `y`.
   */
  quantizeNoise(y: NativeTensor, out: NativeTensor, seed: U64, stream: U64, counter: U64): void;
  /**
   * out = round(y - m) + m, half to even, with m = offset[c] for the channel c (the last
   * dimension of y) or 0 when `offset` is null. `out` may be `y`. Straight-through rounding
   * uses this forward and passes the gradient unchanged, so it has no backward op.
   */
  quantizeRound(y: NativeTensor, offset: NativeTensor | null, out: NativeTensor): void;
  /**
   * Rate of z [B, C] under the density: likelihood[b,c] = max(c(z+1/2) - c(z-1/2), bound)
   * (computed as |sigmoid(s l+) - sigmoid(s l-)| on the logits, s = -sign(l+ + l-));
   * bits[b] = -Σ_c log2 likelihood[b,c]; total[0] = Σ_b bits[b].
   */
  entropyForward(spec: DeepFactorizedSpecNative, params: NativeTensor, z: NativeTensor, likelihood: NativeTensor,
                 bits: NativeTensor, total: NativeTensor): void;
  /**
   * Gradients of `scale` × total bits: dz [B, C] (when given) and `grad` (params' layout;
   * added to with `accumulate`). The likelihood bound's gradient is tfc's
   * "identity_if_towards": as d bits/d p < 0, it always passes, as -1/(ln 2 max(p, bound)).
   */
  entropyBackward(spec: DeepFactorizedSpecNative, params: NativeTensor, z: NativeTensor, scale: number,
                  dz: NativeTensor | null, grad: NativeTensor, accumulate: boolean): void;
  /** out[b,c] = c(z[b,c]), the CDF of channel c. */
  entropyCdf(spec: DeepFactorizedSpecNative, params: NativeTensor, z: NativeTensor, out: NativeTensor): void;
  /**
   * The quantized density for an entropy coder of the symbols k = round(z - m_c), whose
   * values are k + m_c (m = offsets [C], or 0 when null): pmf [C, hi-lo+1] with
   * pmf[c,k] = c(lo+k+m_c+1/2) - c(lo+k+m_c-1/2) (no bound), and tails [C, 2] =
   * (c(lo+m_c-1/2), 1 - c(hi+m_c+1/2)), the masses below and above the table; each row sums
   * to 1 with its tails. |lo|, |hi| <= 2^22.
   */
  entropyPmfTable(spec: DeepFactorizedSpecNative, params: NativeTensor, lo: number, hi: number, offsets: NativeTensor | null,
                  pmf: NativeTensor, tails: NativeTensor): void;
  /**
   * Random Fourier features of latents y [B, d] with frequencies a [m, d] (Tancik et al. 2020):
   * out[b, i] = cos(a_i · y_b) for i < m, then, with `includeLatent`, out[b, m + k] = y[b, k];
   * out is [B, m + (includeLatent ? d : 0)].
   */
  fourierForward(y: NativeTensor, a: NativeTensor, includeLatent: boolean, out: NativeTensor): void;
  /**
   * The gradient to the latents of {@link fourierForward}: dy[b, k] = Σ_i −sin(a_i · y_b) a[i, k] g[b, i]
   * (+ g[b, m + k] with `includeLatent`), g = d loss / d out. The frequencies are fixed: no gradient.
   */
  fourierBackward(y: NativeTensor, a: NativeTensor, g: NativeTensor, includeLatent: boolean, dy: NativeTensor): void;
  /**
   * NERD's distortion matrix: d[i, j] = ||x_i − y_j||_p² = (Σ_k |x_ik − y_jk|^p)^{2/p} for data
   * x [B, n] (1 <= B <= 10^6) and samples of Q_Y y [M, n], into d [B, M]; p >= 1 (default 2,
   * squared error; CPU: ||x||² + ||y||² − 2 x·y through a matrix product, clamped at 0).
   * Other p are computed relative to max_k |x_ik − y_jk|, so no power overflows.
   */
  nerdDistortion(x: NativeTensor, y: NativeTensor, d: NativeTensor, p?: number): void;
  /**
   * β* ≤ 0 solving the stationarity condition (8) of the NERD paper on d [B, M]:
   * (1/B) Σ_i Σ_j d_ij softmax_j(β d_i)_j = distortion, to a relative `tolerance` (default 1e-6)
   * on that distortion; written to beta [1]. A negative beta[0] on entry is the warm start
   * (else −1/distortion). Safeguarded Newton in ln(−β) with bracket expansion
   * (native/core/nerd_solve.h): a target at or above the batch's zero-rate distortion gives
   * 0; one below its reach stops at a very negative β (nerdObjective's D then exceeds it).
   */
  nerdSolveBeta(d: NativeTensor, distortion: number, beta: NativeTensor, tolerance?: number): void;
  /**
   * At β = beta[0] (≤ 0; the fixed-multiplier variant passes its own β): out [2] = (rate
   * estimate in bits, eq. (11): log2 M − mean_i H(softmax_j(β d_i)) / ln 2, never above log2 M;
   * D(β)). dy [M, n], when given, = gradScale · ∂rate/∂y_j with β and D fixed (the full
   * gradient at β*, by the envelope theorem), d being the nerdDistortion matrix at the same
   * p (default 2): −(β / (B ln 2)) Σ_i w_ij ∂||x_i − y_j||_p²/∂y_j.
   */
  nerdObjective(x: NativeTensor, y: NativeTensor, d: NativeTensor, beta: NativeTensor, out: NativeTensor,
                dy: NativeTensor | null, gradScale?: number, p?: number): void;
  /**
   * Blahut–Arimoto for R(D) of the discrete source p [nx] with distortions d [nx, ny] at
   * `slope` ≤ 0 (nats per unit distortion), in the log domain and in double, until
   * max_y |Δq_y| < tolerance (default 1e-12) or maxIterations (default 100000): q [ny] gets
   * the reproduction marginal, out [3] = (I(X;Y) bits, E d, iterations).
   */
  blahutArimoto(p: NativeTensor, d: NativeTensor, slope: number, q: NativeTensor, out: NativeTensor,
                tolerance?: number, maxIterations?: number): void;
  /**
   * out[j] = log Σ_i exp(a_i − lambda ||x_i − y_j||²) for each row y_j of y [s, m], with
   * centres x [k, m], log-weights a [k] and lambda > 0: the log of an isotropic Gaussian
   * mixture's unnormalised density, by a stable log-sum-exp in float32 (distances in float32:
   * the GEMM form on the CPU, differences on CUDA; partial row sums in float32 on the CPU,
   * double on CUDA). −Infinity where every term underflows past float range. y, x and a must
   * be finite (a RangeError names the first bad element). Used to screen candidate modes
   * (lib/models/supPartition.ts).
   */
  mixtureLogDensity(y: NativeTensor, x: NativeTensor, a: NativeTensor, lambda: number, out: NativeTensor): void;
  /**
   * Gaussian mean-shift (Carreira-Perpiñán 2007) on F(y) = log Σ_i exp(a_i − lambda ||x_i − y||²),
   * centres x [k, m], log-weights a [k], lambda > 0, from every row of y [s, m] at once, in
   * place: y ← Σ_i w_i x_i with w = softmax_i(a_i − lambda ||x_i − y||²), the EM step that never
   * lowers F. A start stops at the first iteration whose F rises by at most `tolerance` (>= 0)
   * nats over its best so far (its y is left where that F was evaluated), or after
   * `maxIterations` (>= 1) steps; iterations [s] (int32) gets each start's count of F
   * evaluations. Float32 terms (distances: the GEMM form on the CPU, differences on CUDA), sums
   * in double; F itself is not returned (evaluate it where the precision matters). x, a and y
   * must be finite (a RangeError names the first bad element). The ascent of
   * lib/models/supPartition.ts.
   */
  meanShift(x: NativeTensor, a: NativeTensor, lambda: number, y: NativeTensor, iterations: NativeTensor,
            maxIterations: number, tolerance: number): void;
  /**
   * Reverse channel coding index search (NERD paper Sec. V, eq. (30)): for each row x_s of
   * x [S, m], index[s] = argmin_{i < n} { ||x_s − Y_i||² − ln(W_i)/beta } (0-based; int32),
   * with candidates Y_i ~ N(0, diag(scale²)) and weights W_i of eq. (28) ('pfr': cumulative
   * Exp(1); 'orc': Σ_j N/(N−j+1) E_j) drawn by Philox from (seed, sampleOffset + s, i)
   * (native/core/orc_draw.h), never stored: the scan streams and stops early once
   * −ln(W_i)/beta exceeds the best score. n <= 2^30; y [S, m] gets Y_K when given.
   */
  orcSearch(method: 'pfr' | 'orc', x: NativeTensor, scale: NativeTensor, beta: number, n: number, seed: U64,
            sampleOffset: U64, index: NativeTensor, y: NativeTensor | null): void;
  /** The decoder: y [S, m] = candidate index[s] of sample sampleOffset + s (as in orcSearch). */
  orcCandidates(index: NativeTensor, scale: NativeTensor, seed: U64, sampleOffset: U64, y: NativeTensor): void;
  /**
   * Latents of a generator's candidates: z [S, C, l] (float32) gets the standard normal
   * vectors z_i of candidates i = first … first + C − 1 of samples sampleOffset + s, at the
   * Philox addresses of orcSearch's candidates (so orcCandidates with scale = ones(l)
   * regenerates z_K alone). first < 2^30.
   */
  orcLatents(seed: U64, sampleOffset: U64, first: number, z: NativeTensor): void;
  /**
   * One chunk of the streamed index search over candidates Y_i = G(z_i) of a generator:
   * y [S, C, m] holds candidates first … first + C − 1 (those >= n are ignored) of each
   * sample; state [S, 7] (uint32, all zeros before the first chunk) carries each scan's
   * W_i, best score, best index (word 4), candidates scanned (word 5) and flags (word 6:
   * bit 0 a best exists, bit 1 stopped early) from chunk to chunk
   * (native/core/orc_scan.h). Same weights, scores, ties and early stop as orcSearch, so
   * the chosen index does not depend on C. On every device, a state not left after candidate
   * first − 1 is a RangeError. 0 <= first < n <= 2^30.
   */
  orcScan(method: 'pfr' | 'orc', x: NativeTensor, y: NativeTensor, beta: number, n: number, first: number, seed: U64,
          sampleOffset: U64, state: NativeTensor): void;
  /**
   * out = ln x, sin 2πx or cos 2πx (x in turns) elementwise (float32, any device, out the
   * shape of x): the portable functions behind every random transform
   * (native/core/portable_math.h), computed in double and rounded once, the same bits on
   * every backend and compiler.
   */
  portableMath(fn: 'log' | 'sinTurns' | 'cosTurns', x: NativeTensor, out: NativeTensor): void;
  /**
   * The row-major index of the first NaN or ±Inf element of x (float32, any device), or -1
   * when every element is finite. The same index on every backend and thread count.
   */
  firstNonFinite(x: NativeTensor): number;
  /**
   * The JavaScript names of the native op list (native/ops/ops.def), in its order: every
   * name is a function of this binding that runs on every backend.
   */
  ops(): string[];
}

/**
 * Wyner–Ziv source / side-information pairs (native/core/pair_draw.h), with variances v0, v1:
 * 'x=y+n' Y ~ N(0, v0), X = Y + N, N ~ N(0, v1); 'y=x+n' X ~ N(0, v0), Y = X + N, N ~ N(0, v1);
 * 'sign' X ~ N(0, v0), Y = sign(X) (v1 unused but must be positive).
 */
export type PairKindName = 'x=y+n' | 'y=x+n' | 'sign';

export type SourceKindName = 'gaussian' | 'laplace' | 'sawbridge' | 'ramp' | 'circle';
