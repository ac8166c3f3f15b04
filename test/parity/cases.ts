/**
 * CPU/GPU parity cases, in the manner of ggml's test-backend-ops: one table of
 * (kernel family, shapes, arguments); each row runs on the CPU and on every other backend
 * and the results must agree. A new kernel gets parity testing by adding a row. Each row
 * names the ops of the native list (`native.ops()`) it runs, and the suite fails when an
 * op has no row (test/gpu.test.ts). A row with `throws` runs bad input: every backend must
 * refuse it with that error class.
 */
import {
  Adam,
  circle,
  ConvNet,
  dcganGenerator,
  gaussian,
  GaussianRcc,
  gaussianRdChannel,
  GeneratorRcc,
  laplace,
  ramp,
  sawbridge,
  type Source,
  addUniformNoise,
  axpy,
  DeepFactorizedEntropyModel,
  empty,
  fillRandom,
  FourierFeatures,
  Mlp,
  mseLoss,
  round,
  Rng,
  tensor,
  type MlpConfig,
  type Tensor,
} from '../../lib/index.js';
import { native, type DeviceName } from '../../lib/native.js';
import { deepFactorizedParamCount } from '../../lib/nn/entropyModel.js';
import { mlpSpec } from '../../lib/nn/mlp.js';
import { gumbelSoftmax, gumbelSoftmaxBackward, signSideInformation, xEqualsYPlusNoise, yEqualsXPlusNoise, type PairSource } from '../../lib/index.js';
import { conv2d, conv2dBackward, convTranspose2d, convTranspose2dBackward } from '../../lib/nn/conv.js';
import { convOptions, fullCase, weightShape, type ConvCase } from '../convCase.js';
import { randomArray } from '../reference/prng.js';
import { refDistortion } from '../reference/nerd.js';

export interface ParityCase {
  name: string;
  /** The ops of `native.ops()` this row runs. */
  ops: string[];
  /** Runs the kernel on `device` and returns the outputs to compare, copied to the host. */
  run(device: DeviceName): Float32Array[];
  /** Normwise relative tolerance; 0 means bit-identical. */
  tol: number;
  /** For a row of bad input: the error class every backend must throw. */
  throws?: 'RangeError' | 'TypeError' | 'Error';
}

/** A row of bad input: `run` must throw `throws` on every backend. */
function failureCase(name: string, ops: string[], throws: 'RangeError' | 'TypeError' | 'Error', run: (device: DeviceName) => void): ParityCase {
  return {
    name: `refuses ${name}`,
    ops,
    tol: 0,
    throws,
    run(device) {
      run(device);
      return [];
    },
  };
}

function mlpCase(config: MlpConfig, batch: number, seed: number, accumulate = false): ParityCase {
  return {
    name: `mlp ${[config.inputs, ...config.hidden, config.outputs].join('-')} ${config.activation ?? 'relu'} B=${batch}${accumulate ? ' accumulating a second backward' : ''}`,
    ops: ['mlpForward', 'mlpBackward'],
    tol: 1e-5,
    run(device) {
      const net = new Mlp(config, { seed, device });
      const x = tensor(randomArray(batch * config.inputs, seed + 1), [batch, config.inputs], device);
      const y = net.forward(x).toArray() as Float32Array;
      const dy = tensor(randomArray(batch * config.outputs, seed + 2), [batch, config.outputs], device);
      const dx = net.backward(dy)!.toArray() as Float32Array;
      if (accumulate) {
        // the backward consumed the forward cache: run the forward again, then add a second gradient
        net.forward(x);
        net.backward(tensor(randomArray(batch * config.outputs, seed + 3), [batch, config.outputs], device), { accumulate: true, inputGrad: false });
      }
      return [y, net.grad.toArray() as Float32Array, dx];
    },
  };
}

/** conv2d / convTranspose2d forward and backward (with accumulation) on fresh inputs of odd sizes. */
function convCase(c: ConvCase, seed: number): ParityCase {
  const full = fullCase(c);
  return {
    name: `${c.transposed ? 'convTranspose2d' : 'conv2d'} ${c.batch}x${c.h}x${c.w}x${c.cin} k${c.kh}x${c.kw} -> ${c.cout} stride ${full.stride} pad ${full.padding}${c.outputPadding ? ` outpad ${c.outputPadding}` : ''} ${c.activation ?? 'identity'}`,
    ops: c.transposed ? ['convTranspose2dForward', 'convTranspose2dBackward'] : ['conv2dForward', 'conv2dBackward'],
    tol: 1e-5,
    run(device) {
      const x = randomArray(c.batch * c.h * c.w * c.cin, seed, -2, 2), w = randomArray(c.kh * c.kw * c.cin * c.cout, seed + 1, -0.5, 0.5);
      const opts = convOptions(full);
      const xt = tensor(x, [c.batch, c.h, c.w, c.cin], device), wt = tensor(w, weightShape(full), device);
      const y = (c.transposed ? convTranspose2d : conv2d)(xt, wt, tensor(randomArray(c.cout, seed + 2), [c.cout], device), opts);
      const dy = tensor(randomArray(y.size, seed + 3), y.shape, device);
      const dx = empty(xt.shape, 'float32', device), dw = empty(wt.shape, 'float32', device), db = empty([c.cout], 'float32', device);
      const bwd = c.transposed ? convTranspose2dBackward : conv2dBackward;
      bwd(xt, wt, y, dy, { dx, dweight: dw, dbias: db }, opts);
      const once = [y, dx, dw, db].map((t) => t.toArray() as Float32Array);
      bwd(xt, wt, y, dy, { dweight: dw, dbias: db, accumulate: true }, opts);
      return [...once, dw.toArray() as Float32Array, db.toArray() as Float32Array];
    },
  };
}

function rngCase(dist: 'uniform' | 'normal' | 'exponential' | 'gumbel', n: number): ParityCase {
  return {
    name: `rng ${dist} n=${n}`,
    ops: ['rngFill'],
    // every transform runs native/core/portable_math.h: the same bits on every backend
    tol: 0,
    run(device) {
      const t: Tensor = empty([n], 'float32', device);
      fillRandom(t, dist, 77n, 5n, 12345n);
      return [t.toArray() as Float32Array];
    },
  };
}

/** tol 0 (the draws are bit-identical) unless the source rotates its samples by a matrix product. */
function sourceCase(src: Source, n: number, tol = 0, label = ''): ParityCase {
  return {
    name: `source ${src.name} dim=${src.dim} n=${n}${label}`,
    ops: ['sourceSample'],
    tol,
    run(device) {
      const b = src.sample(n, new Rng(21, 4), device);
      return [b.x.toArray() as Float32Array, ...(b.u ? [b.u.toArray() as Float32Array] : [])];
    },
  };
}

function entropyCase(C: number, filters: number[], batch: number, seed: number): ParityCase {
  return {
    name: `entropy deep factorized C=${C} filters [${filters}] B=${batch}`,
    ops: ['entropyForward', 'entropyBackward', 'entropyCdf', 'entropyPmfTable'],
    // the backends sum the parameter gradients in different orders
    tol: 1e-5,
    run(device) {
      const P = deepFactorizedParamCount(filters);
      const init = DeepFactorizedEntropyModel.initialParams(C, filters, 8, seed);
      const noise = randomArray(C * P, seed + 1, -0.5, 0.5);
      const m = new DeepFactorizedEntropyModel(C, { filters, device, params: init.map((v, i) => v + noise[i]) });
      const z = tensor(randomArray(batch * C, seed + 2, -30, 30), [batch, C], device);
      const f = m.forward(z);
      const out = [f.likelihood, f.bits, f.total].map((t) => t.toArray() as Float32Array);
      out.push(m.backward(z, { scale: 0.5 })!.toArray() as Float32Array, m.grad.toArray() as Float32Array);
      // a second backward without dz (inputGrad: false), added to the parameter gradients
      m.backward(tensor(randomArray(batch * C, seed + 4, -30, 30), [batch, C], device), { scale: 0.25, accumulate: true, inputGrad: false });
      out.push(m.grad.toArray() as Float32Array);
      out.push(m.cdf(z).toArray() as Float32Array);
      const { pmf, tails } = m.pmfTable(-41, 37, tensor(randomArray(C, seed + 3, -0.5, 0.5), [C], device));
      out.push(pmf.toArray() as Float32Array, tails.toArray() as Float32Array);
      return out;
    },
  };
}

function fourierCase(B: number, d: number, m: number, includeLatent: boolean): ParityCase {
  return {
    name: `fourier features B=${B} d=${d} m=${m} include=${includeLatent}`,
    ops: ['fourierForward', 'fourierBackward'],
    tol: 1e-5,
    run(device) {
      const f = new FourierFeatures(d, { features: m, sigma: 1.3, includeLatent }, { seed: 18, device });
      const out = f.forward(tensor(randomArray(B * d, 19, -8, 8), [B, d], device));
      const g = tensor(randomArray(out.size, 20), out.shape, device);
      return [out.toArray() as Float32Array, f.backward(g).toArray() as Float32Array];
    },
  };
}

function pairCase(src: PairSource, n: number, samples: number): ParityCase {
  return {
    name: `pair ${src.name} n=${n} posterior S=${samples}`,
    ops: ['pairSample', 'pairPosterior', 'pairPosteriorNodes'],
    // portable normals, products and sums never fused into an FMA (native/core/pair_draw.h)
    tol: 0,
    run(device) {
      const { x, y } = src.sample(n, new Rng(8, 3), device);
      return [x, y, src.posterior(x, samples, new Rng(8, 4))!, src.posteriorNodes!(x, samples)!].map((t) => t.toArray() as Float32Array);
    },
  };
}

function ecvqCase(K: number, hidden: number[], batch: number, S: number, seed: number): ParityCase {
  return {
    name: `ecvq K=${K} decoder ${hidden.join('-')} B=${batch} S=${S}`,
    ops: ['ecvqEncode', 'ecvqRate', 'ecvqDecoderInput'],
    // distortions sum in the same order; the products round differently
    tol: 1e-5,
    run(device) {
      const spec = mlpSpec({ inputs: K + 1, hidden, outputs: 1, activation: 'leaky_relu' });
      let P = 0;
      for (let l = 0; l + 1 < spec.sizes.length; ++l) P += spec.sizes[l] * spec.sizes[l + 1] + spec.sizes[l + 1];
      const params = tensor(randomArray(P, seed, -0.5, 0.5), [P], device), logits = tensor(randomArray(K, seed + 1), [K], device);
      const x = tensor(randomArray(batch, seed + 2, -2, 2), [batch, 1], device);
      const ys = tensor(randomArray(batch * S, seed + 3, -2, 2), [batch, S, 1], device);
      const index = empty([batch], 'int32', device), dist = empty([batch, K], 'float32', device);
      native.ecvqEncode(spec, params, logits, x, ys, 40, index, dist);
      const grad = empty([K], 'float32', device), bits = empty([1], 'float32', device);
      native.ecvqRate(logits, index, 1 / batch, grad, bits);
      const rows = empty([batch * S, K + 1], 'float32', device);
      native.ecvqDecoderInput(K, index, ys, rows);
      return [Float32Array.from(index.toArray()), dist, grad, bits, rows].map((t) => (t instanceof Float32Array ? t : (t.toArray() as Float32Array)));
    },
  };
}

function gumbelCase(B: number, K: number, t: number, noise = true): ParityCase {
  return {
    name: `gumbel softmax B=${B} K=${K} t=${t}${noise ? '' : ' without noise'}`,
    ops: ['gumbelSoftmax', 'gumbelSoftmaxBackward'],
    tol: 1e-5,
    run(device) {
      const g = gumbelSoftmax(tensor(randomArray(B * K, K, -3, 3), [B, K], device), t, noise ? new Rng(9n, 2n) : null);
      const d = gumbelSoftmaxBackward(g.u, tensor(randomArray(B * K, K + 1), [B, K], device), t);
      return [g.u, d].map((x) => x.toArray() as Float32Array).concat([Float32Array.from(g.index.toArray())]);
    },
  };
}

function concreteRateCase(B: number, K: number, conditional: boolean): ParityCase {
  return {
    name: `concrete rate (${conditional ? 'conditional ξ [B, K], and ecvqRate with logits [B, K]' : 'marginal ξ [K]'}) B=${B} K=${K}`,
    ops: conditional ? ['concreteRate', 'ecvqRate'] : ['concreteRate'],
    // the marginal ξ gradient and the totals sum rows in the same order, in double
    tol: 1e-5,
    run(device) {
      const xiShape = conditional ? [B, K] : [K];
      const alpha = tensor(randomArray(B * K, B, -3, 3), [B, K], device), xi = tensor(randomArray(conditional ? B * K : K, B + 1, -2, 2), xiShape, device);
      const dAlpha = empty([B, K], 'float32', device), dXi = empty(xiShape, 'float32', device), total = empty([1], 'float32', device);
      native.concreteRate(alpha, xi, 1 / B, dAlpha, dXi, total);
      const out = [dAlpha, dXi, total];
      if (conditional) {
        const index = tensor(Int32Array.from(randomArray(B, B + 2, 0, K), Math.floor), [B], device);
        const grad = empty([B, K], 'float32', device), bits = empty([1], 'float32', device);
        native.ecvqRate(xi, index, 1 / B, grad, bits);
        out.push(grad, bits);
      }
      return out.map((t) => t.toArray() as Float32Array);
    },
  };
}

/**
 * NERD at d = ||x − y||_p²; `target` null puts it halfway between the batch's reach
 * mean_i min_j d_ij and its zero-rate distortion mean_ij d_ij (from the float64 reference,
 * so both devices get the same target).
 */
function nerdCase(B: number, M: number, n: number, target: number | null, seed: number, p = 2): ParityCase {
  return {
    name: `nerd distortion, β*, objective and gradient B=${B} M=${M} n=${n} p=${p}`,
    ops: ['nerdDistortion', 'nerdSolveBeta', 'nerdObjective'],
    // sums in a different order (blocks of 256 threads vs rows of 64-element blocks)
    tol: 1e-4,
    run(device) {
      const xs = randomArray(B * n, seed, -2, 2), ys = randomArray(M * n, seed + 1, -1.5, 1.5);
      const x = tensor(xs, [B, n], device), y = tensor(ys, [M, n], device);
      const d = empty([B, M], 'float32', device), beta = tensor([0], [1], device);
      const out = empty([2], 'float32', device), dy = empty([M, n], 'float32', device);
      native.nerdDistortion(x, y, d, p);
      native.nerdSolveBeta(d, target ?? midTarget(refDistortion(xs, ys, B, M, n, p), B, M), beta);
      native.nerdObjective(x, y, d, beta, out, dy, 0.5, p);
      return [d, beta, out, dy].map((t) => t.toArray() as Float32Array);
    },
  };
}

function blahutCase(nx: number, ny: number, seed: number, tol = 1e-10): ParityCase {
  return {
    name: `blahut-arimoto nx=${nx} ny=${ny}${tol !== 1e-10 ? ` tol=${tol}` : ''}`,
    ops: ['blahutArimoto', 'firstNonFinite'],
    // double inside both kernels; the sums run in different orders
    tol: 1e-5,
    run(device) {
      const w = randomArray(nx, seed, 0.05, 1), total = w.reduce((a, b) => a + b, 0);
      const p = tensor(w.map((v) => v / total), [nx], device), d = tensor(randomArray(nx * ny, seed + 1, 0.1, 3), [nx, ny], device);
      const q = empty([ny], 'float32', device), out = empty([3], 'float32', device);
      native.blahutArimoto(p, d, -1.3, q, out, tol);
      return [q, out].map((t) => t.toArray() as Float32Array);
    },
  };
}

function mixtureCase(s: number, k: number, m: number, lambda: number, seed: number): ParityCase {
  return {
    name: `mixture log-density s=${s} k=${k} m=${m} lambda=${lambda}`,
    ops: ['mixtureLogDensity', 'firstNonFinite'],
    // float32 distances by the GEMM form (CPU) vs differences (CUDA), sums in other orders
    tol: 1e-4,
    run(device) {
      const y = tensor(randomArray(s * m, seed, -2, 2), [s, m], device), x = tensor(randomArray(k * m, seed + 1, -2, 2), [k, m], device);
      const a = tensor(randomArray(k, seed + 2, -3, 1), [k], device), out = empty([s], 'float32', device);
      native.mixtureLogDensity(y, x, a, lambda, out);
      return [out.toArray() as Float32Array];
    },
  };
}

function meanShiftCase(s: number, k: number, m: number, lambda: number, seed: number): ParityCase {
  return {
    name: `mean-shift s=${s} k=${k} m=${m} lambda=${lambda}`,
    ops: ['meanShift', 'firstNonFinite'],
    // a few iterations (each a contraction toward a mode) from float32 distances by the GEMM form (CPU) vs differences (CUDA)
    tol: 1e-4,
    run(device) {
      const x = tensor(randomArray(k * m, seed, -2, 2), [k, m], device), a = tensor(randomArray(k, seed + 1, -3, 1), [k], device);
      const y = tensor(randomArray(s * m, seed + 2, -1, 1), [s, m], device), iterations = empty([s], 'int32', device);
      native.meanShift(x, a, lambda, y, iterations, 6, 0);
      return [y.toArray() as Float32Array, Float32Array.from(iterations.toArray())];
    },
  };
}

function midTarget(d: Float64Array, B: number, M: number): number {
  let reach = 0, mean = 0;
  for (let i = 0; i < B; ++i) {
    let mn = Infinity;
    for (let j = 0; j < M; ++j) {
      mn = Math.min(mn, d[i * M + j]);
      mean += d[i * M + j];
    }
    reach += mn;
  }
  return (reach / B + mean / (B * M)) / 2;
}

export const cases: ParityCase[] = [
  gumbelCase(513, 32, 0.5),
  gumbelCase(7, 3, 3),
  gumbelCase(1001, 33, 0.5),
  // rows wider than 32: a warp per row on CUDA, the softmax sum a tree over the lanes
  gumbelCase(129, 301, 0.7),
  gumbelCase(65, 1001, 1.3, false),
  {
    // the hard sample is argmax_k (α_k + G_k): the draws are bit-identical and the sums are
    // single IEEE additions, so the indices are too (K ≤ 32 takes the shared-memory kernel,
    // wider rows the warp per row, whose argmax keeps the first maximum)
    name: 'gumbel hard samples B=100003 K=7, B=1001 K=40 and B=257 K=301',
    ops: ['gumbelSoftmax'],
    tol: 0,
    run(device) {
      return [[100003, 7], [1001, 40], [257, 301]].map(([B, K]) => {
        const g = gumbelSoftmax(tensor(randomArray(B * K, B, -3, 3), [B, K], device), 0.5, new Rng(21n, BigInt(K)));
        return Float32Array.from(g.index.toArray());
      });
    },
  },
  concreteRateCase(515, 32, false),
  concreteRateCase(515, 32, true),
  concreteRateCase(3, 7, true),
  // more categories than the CUDA kernel once took (256)
  concreteRateCase(37, 300, false),
  concreteRateCase(37, 300, true),
  // more rows than the fixed-order sums' most chunks (1,024) of their fewest rows (256)
  concreteRateCase(300007, 5, false),
  concreteRateCase(300007, 3, true),
  {
    name: 'ecvqRate marginal K=301 and per-row K=3, B=300007 indices, totals by the fixed-order sums',
    ops: ['ecvqRate'],
    tol: 1e-6,
    run(device) {
      const B = 300007;
      const out: Tensor[] = [];
      for (const [K, rows] of [[301, false], [3, true]] as const) {
        const logits = tensor(randomArray(rows ? B * K : K, K, -3, 3), rows ? [B, K] : [K], device);
        const index = tensor(Int32Array.from(randomArray(B, K + 1, 0, K), Math.floor), [B], device);
        const grad = empty(rows ? [B, K] : [K], 'float32', device), bits = empty([1], 'float32', device);
        native.ecvqRate(logits, index, 1 / B, grad, bits);
        out.push(grad, bits);
      }
      return out.map((t) => t.toArray() as Float32Array);
    },
  },
  pairCase(xEqualsYPlusNoise(), 1001, 3),
  pairCase(yEqualsXPlusNoise({ noiseVariance: 0.01 }), 333, 17),
  pairCase(signSideInformation(), 77, 2),
  ecvqCase(32, [100, 100], 67, 16, 31),
  ecvqCase(7, [13], 101, 3, 32),
  {
    name: 'orc/pfr search and decode S=9 m=20 N=70001',
    ops: ['orcSearch', 'orcCandidates'],
    // the draws, W's prefix sums, the penalties and the distances are bit-identical
    // (native/core/portable_math.h), hence the indices and Y_K
    tol: 0,
    run(device) {
      const x = tensor(randomArray(9 * 20, 51, -2, 2), [9, 20], device), scale = tensor(randomArray(20, 52, 0.1, 1.2), [20], device);
      const out: Float32Array[] = [];
      for (const method of ['pfr', 'orc'] as const) {
        const idx = empty([9], 'int32', device), y = empty([9, 20], 'float32', device);
        native.orcSearch(method, x, scale, -0.3, 70001, 7, 100, idx, y);
        const decoded = empty([9, 20], 'float32', device);
        native.orcCandidates(idx, scale, 7, 100, decoded);
        out.push(Float32Array.from(idx.toArray()), y.toArray() as Float32Array, decoded.toArray() as Float32Array);
      }
      return out;
    },
  },
  {
    name: 'orc latents S=3 C=77 l=9 first=1001',
    ops: ['orcLatents'],
    // the shared Philox formula and portable log/cos
    tol: 0,
    run(device) {
      const z = empty([3, 77, 9], 'float32', device);
      native.orcLatents(23, 5, 1001, z);
      return [z.toArray() as Float32Array];
    },
  },
  {
    name: 'orc/pfr chunked scan S=9 m=20 N=1201 in chunks of 300',
    ops: ['orcScan'],
    // best index, candidates scanned and the flags
    tol: 0,
    run(device) {
      const S = 9, m = 20, C = 300, n = 1201;
      const x = tensor(randomArray(S * m, 53, -2, 2), [S, m], device);
      const out: Float32Array[] = [];
      for (const method of ['pfr', 'orc'] as const) {
        const state = tensor(new Uint32Array(S * 7), [S, 7], device);
        for (let first = 0; first < n; first += C)
          native.orcScan(method, x, tensor(randomArray(S * C * m, 54 + first, -2, 2), [S, C, m], device), -0.7, n, first, 3, 50, state);
        const w = state.toArray();
        out.push(Float32Array.from({ length: S * 3 }, (_, e) => w[Math.floor(e / 3) * 7 + 4 + (e % 3)]));
      }
      return out;
    },
  },
  {
    name: 'orc/pfr scan state after an early stop S=9 m=20 N=1201 in one call',
    ops: ['orcScan'],
    // W and the best score (the same terms in the same order, portable log, unfused sums),
    // the scanned-to word and flags, bit for bit
    tol: 0,
    run(device) {
      const S = 9, m = 20, n = 1201;
      const x = tensor(randomArray(S * m, 57, -2, 2), [S, m], device);
      const out: Float32Array[] = [];
      for (const method of ['pfr', 'orc'] as const) {
        const state = tensor(new Uint32Array(S * 7), [S, 7], device);
        native.orcScan(method, x, tensor(randomArray(S * n * m, 58, -2, 2), [S, n, m], device), -0.2, n, 0, 3, 50, state);
        const w = state.toArray() as Uint32Array;
        const f64 = (word: number) => new Float64Array(Uint32Array.from([w[word], w[word + 1]]).buffer)[0];
        // per sample: W (words 0-1), best (2-3), next (5), flags (6)
        out.push(Float32Array.from({ length: S * 4 }, (_, e) => {
          const s = Math.floor(e / 4), k = e % 4;
          return k < 2 ? f64(s * 7 + 2 * k) : w[s * 7 + 3 + k];
        }));
      }
      return out;
    },
  },
  {
    name: 'generator RCC encode/decode S=7 m=6 N=3001 chunk 1000',
    ops: ['orcLatents', 'orcScan', 'mlpForward'],
    // the generator's forward differs by float32 rounding across backends: indices agree
    // unless two scores nearly tie; Y_K to the Mlp's tolerance
    tol: 1e-5,
    run(device) {
      const gen = new Mlp({ inputs: 5, hidden: [11, 11], outputs: 6 }, { seed: 55, device });
      const out: Float32Array[] = [];
      for (const method of ['pfr', 'orc'] as const) {
        const rcc = new GeneratorRcc(gen, { beta: -1.5, rateBits: 4 }, { method, candidates: 3001, seed: 8, chunk: 1000 });
        const enc = rcc.encode(tensor(randomArray(7 * 6, 56, -2, 2), [7, 6], device), 12);
        out.push(Float32Array.from(rcc.search(tensor(randomArray(7 * 6, 56, -2, 2), [7, 6], device), 12).indices), rcc.decode(enc, device).toArray() as Float32Array);
      }
      return out;
    },
  },
  blahutCase(37, 23, 41),
  // more source symbols than a cooperative grid holds blocks (132 multiprocessors x 8 on an
  // H100): the row phase strides over the grid (383 iterations)
  blahutCase(2003, 17, 43, 1e-6),
  mixtureCase(37, 1023, 2, 3.7, 81),
  mixtureCase(29, 301, 784, 0.013, 82),
  meanShiftCase(37, 1023, 2, 3.7, 83),
  meanShiftCase(9, 301, 784, 0.013, 84),
  nerdCase(13, 37, 5, 6, 31),
  nerdCase(1023, 4099, 20, 20, 32),
  nerdCase(65, 257, 784, 1550, 33),
  nerdCase(13, 37, 5, null, 34, 1),
  nerdCase(257, 1031, 20, null, 35, 1.5),
  nerdCase(65, 257, 784, null, 36, 3),
  // more rows than a cooperative grid holds blocks: β*'s row phase strides over the grid
  nerdCase(3001, 67, 5, null, 37),
  sourceCase(sawbridge(129), 333),
  sourceCase(ramp(129), 333),
  sourceCase(circle(), 1001),
  sourceCase(gaussian([4, 1, 0.3]), 1001),
  // the rotation is a matrix product (the MLP engine), whose sums are not bit-identical
  sourceCase(gaussian([4, 1, 0.3], { rotationSeed: 2 }), 1001, 1e-6, ' rotated'),
  sourceCase(laplace([0.5, 2]), 1001),
  rngCase('uniform', 1000003),
  rngCase('normal', 4099),
  rngCase('exponential', 4099),
  rngCase('gumbel', 4099),
  {
    name: 'portable log, sin and cos of turns n=100003',
    ops: ['portableMath'],
    tol: 0,
    run(device) {
      const x = tensor(randomArray(100003, 61, -40, 40).map((v, i) => (i % 2 ? Math.abs(v) ** 3 : v)), [100003], device);
      return (['log', 'sinTurns', 'cosTurns'] as const).map((fn) => {
        const out = empty([100003], 'float32', device);
        native.portableMath(fn, x, out);
        return out.toArray() as Float32Array;
      });
    },
  },
  {
    name: 'gaussian RCC encoded on the device decodes on the CPU S=33 m=5 N=20001',
    ops: ['orcSearch', 'orcCandidates'],
    // the decoder (on the CPU in both runs) regenerates exactly the encoder's Y_K
    tol: 0,
    run(device) {
      const out: Float32Array[] = [];
      for (const method of ['pfr', 'orc'] as const) {
        const rcc = new GaussianRcc(gaussianRdChannel([2, 1, 0.5, 0.25, 0.1], 0.4), { method, candidates: 20001, seed: 19 });
        const enc = rcc.encode(tensor(randomArray(33 * 5, 62, -2, 2), [33, 5], device), 40);
        out.push(Float32Array.from(enc.bytes), enc.y.toArray() as Float32Array, rcc.decode(enc, 'cpu').toArray() as Float32Array);
      }
      return out;
    },
  },
  mlpCase({ inputs: 3, hidden: [7, 5], outputs: 2, activation: 'tanh', outputActivation: 'sigmoid' }, 13, 1),
  convCase({ batch: 3, h: 9, w: 7, cin: 5, kh: 3, kw: 3, cout: 11, stride: [2, 1], padding: [1, 1], activation: 'leaky_relu', transposed: false }, 61),
  convCase({ batch: 2, h: 13, w: 11, cin: 17, kh: 4, kw: 4, cout: 3, stride: [2, 2], padding: [1, 1], activation: 'tanh', transposed: false }, 62),
  convCase({ batch: 3, h: 5, w: 4, cin: 7, kh: 4, kw: 4, cout: 9, stride: [2, 2], padding: [1, 1], activation: 'relu', transposed: true }, 63),
  convCase({ batch: 2, h: 3, w: 6, cin: 1, kh: 3, kw: 5, cout: 13, stride: [3, 2], padding: [1, 2], outputPadding: [2, 1], activation: 'sigmoid', transposed: true }, 64),
  {
    name: 'ConvNet dcganGenerator c_d=4 (linear, reshape, four transposed convolutions) B=5: output, parameter and input gradients',
    ops: ['mlpForward', 'mlpBackward', 'convTranspose2dForward', 'convTranspose2dBackward'],
    tol: 1e-5,
    run(device) {
      const net = new ConvNet(dcganGenerator({ latent: 9, capacity: 4 }), { seed: 17, device });
      const y = net.forward(tensor(randomArray(5 * 9, 18), [5, 9], device)).toArray() as Float32Array;
      const dx = net.backward(tensor(randomArray(5 * 1024, 19), [5, 32, 32, 1], device))!.toArray() as Float32Array;
      return [y, net.grad.toArray() as Float32Array, dx];
    },
  },
  // the DCGAN generator's layer shape (256 -> 128 channels, 8 x 8 -> 16 x 16) at batch 4
  convCase({ batch: 4, h: 8, w: 8, cin: 256, kh: 4, kw: 4, cout: 128, stride: [2, 2], padding: [1, 1], activation: 'relu', transposed: true }, 65),
  // weight gradients over thousands of rows: the product split over them (gemm_sum_k)
  convCase({ batch: 7, h: 33, w: 31, cin: 3, kh: 3, kw: 3, cout: 5, stride: [1, 1], padding: [1, 1], activation: 'relu', transposed: false }, 66),
  convCase({ batch: 9, h: 21, w: 19, cin: 6, kh: 4, kw: 4, cout: 3, stride: [2, 2], padding: [1, 1], activation: 'tanh', transposed: true }, 67),
  mlpCase({ inputs: 5, hidden: [40], outputs: 3, activation: 'tanh' }, 70001, 68),
  mlpCase({ inputs: 5, hidden: [40], outputs: 3, activation: 'relu' }, 5001, 69, true),
  mlpCase({ inputs: 2, hidden: [100, 100], outputs: 64, activation: 'relu' }, 1024, 2),
  mlpCase({ inputs: 1, hidden: [100, 100], outputs: 1, activation: 'leaky_relu' }, 1023, 3),
  mlpCase({ inputs: 20, hidden: [20, 20], outputs: 20, activation: 'softplus' }, 1025, 4),
  // the two paths of fused_plan (native/core/launch_plan.h): every layer at most 128 wide
  // (the fused kernel, at the 128 boundary), every layer wider (the tiled product), and a
  // net mixing them (3 -> 128 fused, 128 -> 200 -> 5 tiled; backward, the 128 -> 3 input
  // gradient fused)
  mlpCase({ inputs: 127, hidden: [128], outputs: 101, activation: 'softplus' }, 333, 70),
  mlpCase({ inputs: 7, hidden: [129, 131], outputs: 3, activation: 'tanh' }, 1001, 71),
  mlpCase({ inputs: 3, hidden: [128, 200], outputs: 5, activation: 'relu' }, 257, 72, true),
  // more row tiles (65,665) than a grid's y dimension holds (65,535) in the tiled product,
  // which the MLP's narrow layers no longer take: a 1 x 1 convolution over 1025 x 1025 pixels
  convCase({ batch: 1, h: 1025, w: 1025, cin: 1, kh: 1, kw: 1, cout: 3, stride: [1, 1], padding: [0, 0], activation: 'tanh', transposed: false }, 73),
  {
    // 2^20 + 1 rows: more than the fused layer kernel's most blocks (1,024) take in one tile
    // each (and once more row tiles than a grid's y dimension holds), so the last rows must be
    // written; the bias gradients sum them over the column sum's most chunks (1,024, the last
    // one short) for a 1-wide and a 4-wide layer
    name: 'mlp 1-4-1 tanh B=1048577 forward, parameter and input gradients',
    ops: ['mlpForward', 'mlpBackward'],
    tol: 1e-5,
    run(device) {
      const batch = 2 ** 20 + 1;
      const net = new Mlp({ inputs: 1, hidden: [4], outputs: 1, activation: 'tanh' }, { seed: 6, device });
      const x = tensor(randomArray(batch, 7), [batch, 1], device);
      const y = net.forward(x).toArray() as Float32Array;
      const dx = net.backward(tensor(randomArray(batch, 8), [batch, 1], device))!.toArray() as Float32Array;
      return [y, dx, net.grad.toArray() as Float32Array];
    },
  },
  {
    // the column sums (bias gradients) have no atomics: the same backward twice, counting
    // the parameter gradients whose bits differ (must be 0)
    name: 'mlp backward run twice is bit-identical 3-37-1 B=300007',
    ops: ['mlpBackward'],
    tol: 0,
    run(device) {
      const batch = 300007;
      const net = new Mlp({ inputs: 3, hidden: [37], outputs: 1, activation: 'relu' }, { seed: 17, device });
      const x = tensor(randomArray(batch * 3, 18), [batch, 3], device);
      const dy = tensor(randomArray(batch, 19), [batch, 1], device);
      const grads = [0, 1].map(() => {
        net.forward(x);
        net.backward(dy, { inputGrad: false });
        return new Uint32Array((net.grad.toArray() as Float32Array).slice().buffer);
      });
      return [Float32Array.of(grads[0].filter((w, i) => w !== grads[1][i]).length)];
    },
  },
  {
    // every product and sum unfused on both backends (native/core/adam_update.h)
    name: 'adam n=100003',
    ops: ['adamStep'],
    tol: 0,
    run(device) {
      const p = tensor(randomArray(100003, 5), [100003], device);
      const opt = new Adam(p, { lr: 1e-2, weightDecay: 0.01 });
      for (let s = 0; s < 3; ++s) opt.step(tensor(randomArray(100003, 6 + s), [100003], device));
      return [p.toArray() as Float32Array];
    },
  },
  {
    name: 'mse n=77777, with and without the gradient',
    ops: ['mse'],
    tol: 1e-6,
    run(device) {
      const a = tensor(randomArray(77777, 9), [77777], device), b = tensor(randomArray(77777, 10), [77777], device);
      const g = empty([77777], 'float32', device);
      const loss = mseLoss(a, b, g);
      return [loss.toArray() as Float32Array, g.toArray() as Float32Array, mseLoss(b, a).toArray() as Float32Array];
    },
  },
  entropyCase(1, [3, 3, 3], 1, 11),
  entropyCase(7, [3, 3, 3], 1023, 12),
  entropyCase(192, [3, 3, 3], 65, 13),
  entropyCase(3, [16, 5], 300, 14),
  {
    // a resumed run must continue bit-identically: the same backward twice, counting the
    // parameter gradients whose bits differ (0 on the CPU; must be 0 on CUDA too)
    name: 'entropy backward run twice is bit-identical C=5 filters [3, 3, 3] B=100003',
    ops: ['entropyBackward'],
    tol: 0,
    run(device) {
      const C = 5, batch = 100003;
      const m = new DeepFactorizedEntropyModel(C, { filters: [3, 3, 3], device, params: DeepFactorizedEntropyModel.initialParams(C, [3, 3, 3], 8, 15) });
      const z = tensor(randomArray(batch * C, 16, -10, 10), [batch, C], device);
      const grads = [0, 1].map(() => {
        m.backward(z, { scale: 1 / batch, inputGrad: false });
        return new Uint32Array((m.grad.toArray() as Float32Array).slice().buffer);
      });
      return [Float32Array.of(grads[0].filter((w, i) => w !== grads[1][i]).length)];
    },
  },
  {
    // axpy at α = 0.3712: α·x is rounded, so an FMA on one backend would show
    name: 'quantize noise, round with and without offsets, axpy n=3*33337',
    ops: ['quantizeNoise', 'quantizeRound', 'axpy'],
    tol: 0,
    run(device) {
      const y = tensor(randomArray(3 * 33337, 15, -50, 50), [33337, 3], device);
      const noisy = addUniformNoise(y, new Rng(16n, 2n));
      const rounded = round(noisy, tensor([0.25, -0.125, 0.5], [3], device));
      const sum = axpy(-0.5, y, tensor(randomArray(3 * 33337, 17), [33337, 3], device));
      const inexact = axpy(0.3712, y, tensor(randomArray(3 * 33337, 18), [33337, 3], device));
      return [noisy, rounded, round(noisy), sum, inexact].map((t) => t.toArray() as Float32Array);
    },
  },
  fourierCase(1023, 1, 64, true),
  fourierCase(77, 2, 33, false),
  mlpCase({ inputs: 3, hidden: [9], outputs: 1, activation: 'leaky_relu' }, 1001, 5, true),
  gumbelCase(129, 5, 0.7, false),
  {
    name: 'concat and split columns B=1001 p=3 q=65, and split into one half',
    ops: ['concatColumns', 'splitColumns'],
    tol: 0,
    run(device) {
      const B = 1001, p = 3, q = 65;
      const a = tensor(randomArray(B * p, 61), [B, p], device), b = tensor(randomArray(B * q, 62), [B, q], device);
      const out = empty([B, p + q], 'float32', device);
      native.concatColumns(a, b, out);
      const a2 = empty([B, p], 'float32', device), b2 = empty([B, q], 'float32', device), b3 = empty([B, q], 'float32', device);
      native.splitColumns(out, a2, b2);
      native.splitColumns(out, null, b3);
      return [out, a2, b2, b3].map((t) => t.toArray() as Float32Array);
    },
  },
  {
    name: 'device-to-device copies (copyFrom, to) n=10007',
    ops: [],
    tol: 0,
    run(device) {
      const src = tensor(randomArray(10007, 63), [10007], device);
      const dst = empty([10007], 'float32', device);
      dst.copyFrom(src);
      return [dst.toArray() as Float32Array, src.to(device).toArray() as Float32Array];
    },
  },
  {
    name: 'first non-finite element n=300007, at a random position and none',
    ops: ['firstNonFinite'],
    tol: 0,
    run(device) {
      const x = randomArray(300007, 64, -1e30, 1e30);
      const clean = native.firstNonFinite(tensor(x, [300007], device));
      x[271829] = NaN;
      x[299999] = -Infinity;
      return [Float32Array.from([clean, native.firstNonFinite(tensor(x, [300007], device))])];
    },
  },
  failureCase('an ECVQ index outside [0, K) (ecvqRate)', ['ecvqRate'], 'RangeError', (device) => {
    const logits = tensor(randomArray(7, 65), [7], device), index = tensor(Int32Array.from([0, 3, 7, 1]), [4], device);
    native.ecvqRate(logits, index, 1, empty([7], 'float32', device), empty([1], 'float32', device));
  }),
  failureCase('an ECVQ index outside [0, K) (ecvqDecoderInput)', ['ecvqDecoderInput'], 'RangeError', (device) => {
    const index = tensor(Int32Array.from([0, -1, 2]), [3], device), ys = tensor(randomArray(3 * 2, 66), [3, 2, 1], device);
    native.ecvqDecoderInput(4, index, ys, empty([6, 5], 'float32', device));
  }),
  failureCase('a non-finite ECVQ cost (NaN logits)', ['ecvqEncode'], 'RangeError', (device) => {
    const K = 5, B = 3, S = 2;
    const spec = mlpSpec({ inputs: K + 1, hidden: [4], outputs: 1 });
    const P = (K + 1) * 4 + 4 + 4 + 1;
    const logits = randomArray(K, 67);
    logits[2] = NaN;
    native.ecvqEncode(spec, tensor(randomArray(P, 68, -0.5, 0.5), [P], device), tensor(logits, [K], device),
      tensor(randomArray(B, 69), [B, 1], device), tensor(randomArray(B * S, 70), [B, S, 1], device), 10,
      empty([B], 'int32', device), empty([B, K], 'float32', device));
  }),
  failureCase('NaN distortions (nerdSolveBeta)', ['nerdSolveBeta'], 'RangeError', (device) => {
    const d = randomArray(3 * 5, 71, 0.1, 2);
    d[7] = NaN;
    native.nerdSolveBeta(tensor(d, [3, 5], device), 0.5, tensor([0], [1], device));
  }),
  failureCase('a NaN β (nerdObjective)', ['nerdObjective'], 'RangeError', (device) => {
    const x = tensor(randomArray(3 * 2, 72), [3, 2], device), y = tensor(randomArray(5 * 2, 73), [5, 2], device);
    const d = empty([3, 5], 'float32', device);
    native.nerdDistortion(x, y, d);
    native.nerdObjective(x, y, d, tensor([NaN], [1], device), empty([2], 'float32', device), null);
  }),
  failureCase('a non-finite mixture log-weight (mixtureLogDensity)', ['mixtureLogDensity', 'firstNonFinite'], 'RangeError', (device) => {
    const a = randomArray(5, 76);
    a[3] = NaN;
    native.mixtureLogDensity(tensor(randomArray(2 * 3, 77), [2, 3], device), tensor(randomArray(5 * 3, 78), [5, 3], device),
      tensor(a, [5], device), 1, empty([2], 'float32', device));
  }),
  failureCase('a non-finite start (meanShift)', ['meanShift', 'firstNonFinite'], 'RangeError', (device) => {
    const y = randomArray(2 * 3, 79);
    y[4] = Infinity;
    native.meanShift(tensor(randomArray(5 * 3, 80), [5, 3], device), tensor(randomArray(5, 81), [5], device), 1,
      tensor(y, [2, 3], device), empty([2], 'int32', device), 10, 0);
  }),
  failureCase('a pmf that does not sum to 1 (blahutArimoto)', ['blahutArimoto'], 'RangeError', (device) => {
    native.blahutArimoto(tensor([0.5, 0.6], [2], device), tensor(randomArray(2 * 3, 74, 0.1, 1), [2, 3], device), -1,
      empty([3], 'float32', device), empty([3], 'float32', device));
  }),
  failureCase('a non-finite distortion (blahutArimoto)', ['blahutArimoto', 'firstNonFinite'], 'RangeError', (device) => {
    const d = randomArray(2 * 3, 75, 0.1, 1);
    d[4] = Infinity;
    native.blahutArimoto(tensor([0.25, 0.75], [2], device), tensor(d, [2, 3], device), -1, empty([3], 'float32', device),
      empty([3], 'float32', device));
  }),
  failureCase('a negative candidate index (orcCandidates)', ['orcCandidates'], 'RangeError', (device) => {
    native.orcCandidates(tensor(Int32Array.from([4, -2]), [2], device), tensor([1, 1], [2], device), 1, 0,
      empty([2, 2], 'float32', device));
  }),
  failureCase('a scan state not left after candidate first - 1 (orcScan)', ['orcScan'], 'RangeError', (device) => {
    const state = new Uint32Array(2 * 7);
    state[5] = 3; // scanned 3 candidates, but first = 0
    native.orcScan('orc', tensor(randomArray(2 * 3, 76), [2, 3], device), tensor(randomArray(2 * 4 * 3, 77), [2, 4, 3], device),
      -1, 100, 0, 1, 0, tensor(state, [2, 7], device));
  }),
];

/** The class of the error `fn` throws ('none' when it returns). */
export function errorClass(fn: () => void): string {
  try {
    fn();
  } catch (e) {
    return (e as Error).constructor.name;
  }
  return 'none';
}
