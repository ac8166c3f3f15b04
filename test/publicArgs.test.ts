/**
 * The public-argument sweep: every function and class method exported from `rdlab` (and its
 * subpaths) is called with wrong arguments — null, undefined, wrong types, NaN/±Infinity,
 * negative and fractional sizes, huge shapes — and must refuse each with a TypeError or
 * RangeError whose message names the argument, never an error from JavaScript's internals,
 * never a silent result. The table is checked against the exports: a new export, or a new
 * method of an exported class, without a row fails the first test.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as rdlab from '../lib/index.js';
import {
  Adam, Concrete, ContinuousEntropyModel, ConvNet, DeepFactorizedEntropyModel, Ecvq, FourierFeatures, GaussianRcc, GeneratorRcc, ImageSource,
  Mlp, Nerd, Ntc, RdLowerBound, Rng, RunInterrupted, encodeSafetensors, gaussianRdChannel, tensor, writeIdx, writeNpy, gaussian, sawbridge,
} from '../lib/index.js';
import { toyExperiment } from './fixtures/toyExperiment.js';
import { useToyExperiment } from './fixtures/runs.js';
import { randomArray } from './reference/prng.js';

useToyExperiment();

/** What an argument is: the kind decides which wrong values it is swept with. */
type Kind =
  | 'tensor' | 'tensors' | 'strs' | 'int' | 'real' | 'pos' | 'nonneg' | 'str' | 'enum' | 'device' | 'obj' | 'nums' | 'bytes' | 'fn' | 'rng' | 'shape' | 'data' | 'any';

interface Param {
  name: string;
  kind: Kind;
  /** undefined is accepted (a default applies). */
  optional?: boolean;
  /** null is accepted (documented as "none"). */
  nullable?: boolean;
  /** fields of an object argument swept one at a time (the rest valid). */
  fields?: Param[];
  /** wrong values this argument accepts by contract (e.g. a negative real for a slope). */
  accepts?: unknown[];
}

const HUGE = 2 ** 32 - 1;
/** A tensor of a shape no argument takes ([2, 3, 4, 5]), and an int32 one where float32 is expected (or a 2-D one where an index vector is). */
const WRONG_SHAPE = tensor(new Float32Array(120).fill(0.5), [2, 3, 4, 5]);
const WRONG_DTYPE = tensor(Int32Array.from([1, 0, 1, 0]), [2, 2]);
/** For the arguments that take a tensor of any shape and dtype. */
const ANY_TENSOR = [WRONG_SHAPE, WRONG_DTYPE];
/** Wrong values per kind; undefined is added for a required argument. */
const WRONG: Record<Kind, unknown[]> = {
  tensor: [null, 3, 'x', { shape: [1], size: 1 }, [1, 2], WRONG_SHAPE, WRONG_DTYPE],
  tensors: [null, 3, 'x', [null], [3]],
  int: [null, '3', NaN, Infinity, -1, 1.5, 2 ** 53 + 2],
  real: [null, '3', NaN, Infinity, -Infinity, {}],
  pos: [null, '3', NaN, Infinity, -1, 0, {}],
  nonneg: [null, '3', NaN, Infinity, -1, {}],
  str: [null, 3, {}],
  enum: [null, 3, 'no-such-value'],
  device: [null, 3, 'gpu'],
  obj: [null, 3, 'x'],
  nums: [null, 3, 'x', [NaN], ['1']],
  strs: [null, 3, 'x', [3], [null]],
  bytes: [null, 3, 'x', [1, 2]],
  fn: [null, 3, 'x'],
  rng: [null, 3, {}],
  shape: [null, 3, 'x', [-1], [1.5], [NaN], ['2'], [HUGE, HUGE]],
  data: [null, 3, 'x', {}, [NaN, 'x']],
  any: [],
};

const p = (name: string, kind: Kind, extra: Partial<Param> = {}): Param => ({ name, kind, ...extra });
const opt = (name: string, kind: Kind, extra: Partial<Param> = {}): Param => ({ name, kind, optional: true, ...extra });

/** A row: a valid call's arguments (fresh each time), and what each argument is. */
interface Row {
  args: () => unknown[];
  /** Why the valid call itself is not made (it would run or register something for real). */
  noValidCall?: string;
  params: Param[];
  /** Run on the instance before each call of a method (e.g. the forward() that a backward() needs). */
  before?: (instance: never) => void;
}
/** A class: how to make it, and a row per public method (getters are not called with arguments). */
interface ClassRow {
  ctor?: Row;
  make: () => object;
  methods: Record<string, Row>;
  /**
   * TypeScript-private or protected methods (on the prototype, not part of the API), and the
   * `*Plan` generators (lib/plan.ts): their arguments are checked when the plan runs, through
   * the sync and async forms the sweep covers.
   */
  internal?: string[];
}

const randn = (n: number, seed = 1) => randomArray(n, seed, -1.5, 1.5);
const T = (rows: number, cols: number, seed = 1) => tensor(randn(rows * cols, seed), [rows, cols]);
const rng = () => new Rng(7, 3);
const dir = mkdtempSync(path.join(os.tmpdir(), 'rdlab-args-'));
const file = (name: string, bytes: Uint8Array) => {
  const f = path.join(dir, name);
  writeFileSync(f, bytes);
  return f;
};

// small valid models, made once
const mlp = () => new Mlp({ inputs: 2, hidden: [5], outputs: 3 }, { seed: 1 });
const ntcConfig = () => ({ inputs: 1, latents: 1, lambda: 10, reduction: 'sum' as const, analysis: { hidden: [4] }, synthesis: { hidden: [4] } });
const ntc = new Ntc(ntcConfig(), { seed: 1 });
ntc.step(T(16, 1), rng());
const ntcFile = (() => {
  const { tensors, metadata } = ntc.modelTensors();
  return file('ntc.safetensors', encodeSafetensors({ tensors: Object.fromEntries(Object.entries(tensors).map(([k, v]) => [k, { shape: v.shape, data: v.toArray() as Float32Array }])), metadata }));
})();
const ecvqConfig = () => ({ codewords: 4, hidden: [6], lambda: 2, sideSamples: 2 });
const ecvq = new Ecvq(ecvqConfig(), { seed: 1 });
const concreteConfig = () => ({ codewords: 4, hidden: [6], lambda: 2 });
const concrete = new Concrete(concreteConfig(), { seed: 1 });
const YS = (batch: number) => tensor(randn(batch * 2, 5), [batch, 2, 1]);
const nerdConfig = () => ({ dim: 2, samples: 8, target: { distortion: 1 } });
const nerd = new Nerd(nerdConfig(), { seed: 1 });
const nerdFile = file('nerd.safetensors', encodeSafetensors({
  tensors: { 'generator.params': { shape: nerd.generator.params.shape, data: nerd.generator.params.toArray() as Float32Array } },
  metadata: { 'rdlab.codec': 'nerd', 'nerd.config': JSON.stringify(nerd.config) },
}));
const rccCodec = () => ({ channel: { beta: -1, rateBits: 2 }, methods: ['pfr' as const], candidates: 8, seed: 1 });
const rccFile = (() => {
  const { tensors, metadata } = rdlab.rccModelTensors(nerd, rccCodec());
  return file('rcc.safetensors', encodeSafetensors({ tensors: Object.fromEntries(Object.entries(tensors).map(([k, v]) => [k, { shape: v.shape, data: v.toArray() as Float32Array }])), metadata }));
})();
const cem = new ContinuousEntropyModel(2, { seed: 1 });
const rccOptions = () => ({ method: 'pfr' as const, candidates: 64, seed: 1 });
const grcc = new GaussianRcc(gaussianRdChannel([1, 1], 0.5), rccOptions());
const rccStream = grcc.encode(T(3, 2));
const images = () => new ImageSource('test', Float32Array.from({ length: 5 * 4 }, (_, i) => (i % 7) / 7), 2, 2);
const idxFile = file('images.idx', writeIdx({ type: 'ubyte', data: Uint8Array.from({ length: 3 * 4 }, (_, i) => i * 9), shape: [3, 2, 2] }));
const npyFile = file('x.npy', writeNpy({ data: randn(10), shape: [10, 1] }));
const lbConfig = () => ({ dim: 1, lambda: 2, hidden: [4], search: { starts: 2, maxIterations: 5 } });
const lowerBound = new RdLowerBound(lbConfig(), { seed: 1 });
const dfem = new DeepFactorizedEntropyModel(2, { seed: 1 });
// convolutions: x [2, 5, 5, 3], conv weight [3, 3, 3, 4] (y [2, 3, 3, 4]), transposed weight [4, 4, 4, 3] (y [2, 10, 10, 4])
const IMG = () => tensor(randn(2 * 5 * 5 * 3, 3), [2, 5, 5, 3]);
const convWeight = (transposed: boolean) => tensor(randn(3 * 3 * 3 * 4 * (transposed ? 16 / 9 : 1), 4), transposed ? [4, 4, 4, 3] : [3, 3, 3, 4]);
const convOpts = (transposed: boolean) => (transposed ? { stride: 2, padding: 1, outputPadding: 1, activation: 'relu' as const } : { stride: 1, padding: 0, activation: 'relu' as const });
const convOptParams = (transposed: boolean) => opt('options', 'obj', {
  fields: [opt('stride', 'int'), opt('padding', 'int'), opt('activation', 'enum', { nullable: true }), opt('leakySlope', 'real'), ...(transposed ? [opt('outputPadding', 'int')] : [])],
});
const convForwardRow = (transposed: boolean): Row => ({
  args: () => [IMG(), convWeight(transposed), tensor(randn(4, 5), [4]), convOpts(transposed)],
  params: [p('x', 'tensor'), p('weight', 'tensor'), opt('bias', 'tensor', { nullable: true }), convOptParams(transposed)],
});
const convBackwardRow = (transposed: boolean): Row => ({
  args: () => {
    const x = IMG(), w = convWeight(transposed);
    const y = (transposed ? rdlab.convTranspose2d : rdlab.conv2d)(x, w, null, convOpts(transposed));
    return [x, w, y, tensor(randn(y.size, 6), y.shape), { dx: rdlab.empty(x.shape), dweight: rdlab.empty(w.shape), dbias: rdlab.empty([4]) }, convOpts(transposed)];
  },
  params: [
    p('x', 'tensor'), p('weight', 'tensor'), p('y', 'tensor'), p('dy', 'tensor'),
    p('grads', 'obj', { fields: [p('dweight', 'tensor'), opt('dx', 'tensor', { nullable: true }), opt('dbias', 'tensor', { nullable: true })] }),
    convOptParams(transposed),
  ],
});
const convNetConfig = () => ({ input: [5, 5, 3], layers: [{ type: 'conv' as const, channels: 4, kernel: 3, activation: 'relu' as const }, { type: 'reshape' as const, shape: [36] }, { type: 'linear' as const, outputs: 2 }] });
const fourierConfig = () => ({ features: 3, sigma: 1, includeLatent: true });
const rdcHeader = () => ({ codec: 'ntc', modelDigest: new Uint8Array(32).fill(7), shape: [9, 1], samples: 9, chunkSize: 5 });
const rdcFile = () => ({ ...rdcHeader(), chunks: [{ samples: 5, payload: Uint8Array.from([1]) }, { samples: 4, payload: Uint8Array.from([2, 3]) }] });
const loaded = rdlab.loadModel(ntcFile);
const x9 = () => [randn(4), randn(5, 2)];
const compressed = await (async () => {
  const parts: Uint8Array[] = [];
  for await (const b of rdlab.compressStream(loaded, [9, 1], x9(), { chunk: 4, onWarning: () => {} })) parts.push(b);
  return Uint8Array.from(Buffer.concat(parts));
})();
const rdcPath = file('x.rdc', compressed);
let outputs = 0;
const output = (ext: string) => path.join(dir, `out-${++outputs}.${ext}`);
const line = { lambda: 2, intercept_nats: 0.5, stderr_nats: 0.01, logAlpha: 0, logC: [0], meanLogU: [0] };
const search = () => ({ starts: 2, maxIterations: 5 });
const distortion2x2 = () => [[0, 1], [1, 0]];
const tableSpec = () => [{ lo: -1, pmf: Float64Array.from([0.25, 0.5, 0.24]), tail: 0.01 }];
const ntcSettingsFields = (): Param[] => [p('inputs', 'int'), p('latents', 'int'), p('lambda', 'pos'), p('reduction', 'enum'), p('analysis', 'obj'), p('synthesis', 'obj'), opt('sideInputs', 'int'), opt('entropyFilters', 'nums')];

/** Every exported function: its valid arguments and what each is. */
const functions: Record<string, Row> = {
  tensor: { args: () => [[1, 2, 3, 4], [2, 2]], params: [p('data', 'data'), opt('shape', 'shape'), opt('device', 'device')] },
  empty: { args: () => [[2, 3]], params: [p('shape', 'shape'), opt('dtype', 'enum'), opt('device', 'device')] },
  full: { args: () => [[2, 3], 1.5], params: [p('shape', 'shape'), p('value', 'real'), opt('device', 'device')] },
  isTensor: { args: () => [T(1, 1)], params: [p('x', 'any')] },
  requireTensor: { args: () => ['x', T(1, 1)], params: [p('name', 'str'), p('x', 'tensor', { accepts: ANY_TENSOR })] },
  item: { args: () => [T(1, 1)], params: [p('t', 'tensor')] },
  axpy: { args: () => [0.5, T(2, 2), T(2, 2)], params: [p('alpha', 'real'), p('x', 'tensor'), p('y', 'tensor')] },
  resolveDevice: { args: () => ['cpu'], params: [p('device', 'device')] },
  defaultDevice: { args: () => [], params: [] },
  cudaSelfCheck: { args: () => ['cpu'], params: [p('device', 'device')] },
  scope: { args: () => [() => 1], params: [p('fn', 'fn')] },
  keep: { args: () => [T(1, 1)], params: [p('value', 'any')] },
  dispose: { args: () => [T(1, 1)], params: [p('value', 'any')] },
  memory: { args: () => [], params: [] },
  fillRandom: { args: () => [T(3, 3), 'normal', 1], params: [p('out', 'tensor', { accepts: [WRONG_SHAPE] }), p('dist', 'enum'), p('seed', 'int'), opt('stream', 'int'), opt('counter', 'int')] },
  info: { args: () => [], params: [] },
  // nn
  mseLoss: { args: () => [T(4, 2), T(4, 2, 2)], params: [p('yhat', 'tensor'), p('y', 'tensor'), opt('grad', 'tensor', { nullable: true }), opt('loss', 'tensor'), opt('gradScale', 'real')] },
  addUniformNoise: { args: () => [T(4, 2), rng()], params: [p('y', 'tensor', { accepts: [WRONG_SHAPE] }), p('rng', 'rng'), opt('out', 'tensor', { nullable: true })] },
  dcganGenerator: { args: () => [{ capacity: 2 }], params: [opt('options', 'obj', { fields: [opt('latent', 'int', { nullable: true }), opt('capacity', 'int', { nullable: true }), opt('channels', 'int', { nullable: true })] })] },
  conv2d: convForwardRow(false),
  convTranspose2d: convForwardRow(true),
  conv2dBackward: convBackwardRow(false),
  convTranspose2dBackward: convBackwardRow(true),
  round: { args: () => [T(4, 2)], params: [p('y', 'tensor', { accepts: [WRONG_SHAPE] }), opt('offset', 'tensor', { nullable: true }), opt('out', 'tensor')] },
  gumbelSoftmax: { args: () => [T(4, 3), 0.5, rng()], params: [p('logits', 'tensor'), p('temperature', 'pos'), p('rng', 'rng', { nullable: true }), opt('out', 'obj')] },
  gumbelSoftmaxBackward: { args: () => [T(4, 3), T(4, 3, 2), 0.5], params: [p('u', 'tensor'), p('du', 'tensor'), p('temperature', 'pos'), opt('dlogits', 'tensor')] },
  stepDecay: { args: () => [0.01, 100, 0.5], params: [p('lr', 'pos'), p('steps', 'int'), p('decayFraction', 'nonneg')] },
  // sources
  gaussian: { args: () => [[1, 2]], params: [opt('variances', 'nums', { accepts: [3] }), opt('options', 'obj')] },
  laplace: { args: () => [[1, 2]], params: [opt('scales', 'nums', { accepts: [3] })] },
  sawbridge: { args: () => [8], params: [opt('points', 'int')] },
  ramp: { args: () => [8], params: [opt('points', 'int')] },
  circle: { args: () => [], params: [] },
  xEqualsYPlusNoise: { args: () => [{}], params: [opt('options', 'obj')] },
  yEqualsXPlusNoise: { args: () => [{}], params: [opt('options', 'obj')] },
  signSideInformation: { args: () => [{}], params: [opt('options', 'obj')] },
  pairFromSpec: { args: () => [{ kind: 'x=y+n' }], params: [p('spec', 'obj', { fields: [p('kind', 'enum')] })] },
  gaussianSpectrum: { args: () => ['paper-fig2'], params: [p('name', 'enum')] },
  idxImages: { args: () => [idxFile], params: [opt('path', 'str'), opt('options', 'obj')] },
  npyPairs: { args: () => [{ x: npyFile, y: npyFile }], params: [p('options', 'obj', { fields: [p('x', 'str')] })] },
  // bounds
  gaussianScalarRateDistortion: { args: () => [1, 0.5], params: [p('variance', 'pos'), p('distortion', 'nonneg')] },
  gaussianScalarDistortionRate: { args: () => [1, 0.5], params: [p('variance', 'pos'), p('rateBits', 'nonneg')] },
  gaussianWaterLevel: { args: () => [[1, 2], 0.5], params: [p('variances', 'nums'), p('distortion', 'nonneg')] },
  gaussianRateDistortion: { args: () => [[1, 2], 0.5], params: [p('variances', 'nums'), p('distortion', 'nonneg')] },
  gaussianDistortionRate: { args: () => [[1, 2], 0.5], params: [p('variances', 'nums'), p('rateBits', 'nonneg')] },
  wynerZivRateDistortion: { args: () => [1, 0.5], params: [p('conditionalVariance', 'pos'), p('distortion', 'nonneg')] },
  wynerZivDistortionRate: { args: () => [1, 0.5], params: [p('conditionalVariance', 'pos'), p('rateBits', 'nonneg')] },
  sourceIsSideInfoPlusNoise: { args: () => [1, 0.5], params: [p('sideInfoVariance', 'pos'), p('noiseVariance', 'pos')] },
  sideInfoIsSourcePlusNoise: { args: () => [1, 0.5], params: [p('sourceVariance', 'pos'), p('noiseVariance', 'pos')] },
  laplaceShannonLowerBound: { args: () => [1, 0.5], params: [p('scale', 'pos'), p('rateBits', 'nonneg')] },
  rccRateGuarantee: { args: () => [2], params: [p('rateBits', 'nonneg')] },
  circleCellDistortion: { args: () => [0.5], params: [p('cellLength', 'nonneg')] },
  rampCellDistortion: { args: () => [0.5], params: [p('cellLength', 'nonneg')] },
  sawbridgeCellDistortion: { args: () => [0.5], params: [p('cellLength', 'nonneg')] },
  sampledRampOneShot: { args: () => [8], params: [p('samples', 'int')] },
  sampledSawbridgeOneShot: { args: () => [8], params: [p('samples', 'int')] },
  defaultMaxCells: { args: () => [2], params: [p('rateBits', 'nonneg')] },
  optimalIntervalPartition: { args: () => [(l: number) => l * l, 2], params: [p('cellCost', 'fn'), p('rateBits', 'nonneg'), opt('maxCells', 'int')] },
  oneShotCurve: { args: () => [(l: number) => l * l, { maxRate: 2, points: 3 }], params: [p('cellCost', 'fn'), p('options', 'obj')] },
  oneShotBound: { args: () => [(l: number) => l * l], params: [p('cellDistortion', 'fn')] },
  runPartitionBound: { args: () => [[0.25, 0.25, 0.5], (a: number, b: number) => (b - a) ** 2], params: [p('w', 'nums'), p('cellCost', 'fn')] },
  blahutArimoto: { args: () => [[0.5, 0.5], distortion2x2(), -2], params: [p('p', 'nums'), p('distortion', 'nums'), p('slope', 'real', { accepts: [-Infinity] }), opt('options', 'obj')] },
  blahutArimotoNative: { args: () => [[0.5, 0.5], Float32Array.from([0, 1, 1, 0]), -2], params: [p('p', 'nums'), p('distortion', 'tensor'), p('slope', 'real'), opt('options', 'obj')] },
  empiricalBlahutArimoto: { args: () => [T(5, 2), T(3, 2), [-1]], params: [p('x', 'tensor'), p('alphabet', 'tensor'), p('slopes', 'nums'), opt('options', 'obj')] },
  ecsqQuantizer: { args: () => ['gaussian', 0.5, 0], params: [p('source', 'enum'), p('step', 'pos'), p('deadZone', 'nonneg')] },
  ecsqOptimalCurve: { args: () => ['gaussian', { maxRate: 2, points: 3 }], params: [p('source', 'enum'), p('options', 'obj')] },
  // models
  estimateRD: { args: () => [gaussian(1), { targets: [0.5], steps: 2, samples: 8, batch: 8, evalBatches: 1 }], params: [p('source', 'obj'), p('options', 'obj', { fields: [p('targets', 'nums')] })] },
  gaussianRdChannel: { args: () => [[1, 2], 0.5], params: [p('variances', 'nums'), p('distortion', 'pos')] },
  loadModel: { args: () => [ntcFile], params: [p('path', 'str'), opt('device', 'device', { nullable: true })] },
  loadNtcModel: { args: () => [ntcFile], params: [p('path', 'str'), opt('device', 'device', { nullable: true })] },
  loadNerdModel: { args: () => [nerdFile], params: [p('path', 'str'), opt('device', 'device', { nullable: true })] },
  loadRccModel: { args: () => [rccFile], params: [p('path', 'str'), opt('device', 'device', { nullable: true })] },
  rccModelTensors: {
    args: () => [nerd, rccCodec()],
    params: [p('model', 'obj'), p('codec', 'obj', { fields: [p('channel', 'obj'), p('methods', 'strs'), p('candidates', 'int'), p('seed', 'int')] })],
  },
  lowerBoundAt: { args: () => [line, 0.5], params: [p('line', 'obj'), p('distortion', 'nonneg')] },
  estimateLowerBoundLine: { args: () => [() => new Float32Array(10), 2, [T(10, 1), T(10, 1, 2), T(10, 1, 3), T(10, 1, 4)], search()], params: [p('logU', 'fn'), p('lambda', 'pos'), p('batches', 'tensors'), opt('search', 'obj')] },
  trainingObjective: { args: () => [T(6, 1), new Float32Array(6), 3, 2, search()], params: [p('x', 'tensor'), p('logU', 'nums'), p('k', 'int'), p('lambda', 'pos'), opt('search', 'obj')] },
  logSupPartition: { args: () => [T(6, 1), new Float32Array(6), 2, search()], params: [p('x', 'tensor'), p('logWeights', 'nums'), p('lambda', 'pos'), opt('search', 'obj')] },
  // coding
  crc32: { args: () => [Uint8Array.from([1, 2, 3])], params: [p('bytes', 'bytes'), opt('previous', 'int')] },
  encodeCategorical: { args: () => [Uint32Array.from([0, 1, 1]), [Float64Array.from([0.5, 0.5])]], params: [p('symbols', 'nums'), p('tables', 'tensors'), opt('tableIndex', 'nums', { nullable: true }), opt('precision', 'int')] },
  decodeCategorical: { args: () => [rdlab.encodeCategorical(Uint32Array.from([0, 1, 1]), [Float64Array.from([0.5, 0.5])]), 3, [Float64Array.from([0.5, 0.5])]], params: [p('bytes', 'bytes'), p('count', 'int'), p('tables', 'tensors'), opt('tableIndex', 'nums', { nullable: true }), opt('precision', 'int')] },
  discretizedTables: { args: () => [tableSpec()], params: [p('tables', 'tensors'), opt('precision', 'int')] },
  encodeDiscretized: { args: () => [Int32Array.from([0, 1, -1]), tableSpec()], params: [p('values', 'nums'), p('tables', 'tensors'), opt('tableIndex', 'nums', { nullable: true }), opt('precision', 'int')] },
  decodeDiscretized: { args: () => [rdlab.encodeDiscretized(Int32Array.from([0, 1, -1]), tableSpec()), 3, tableSpec()], params: [p('bytes', 'bytes'), p('count', 'int'), p('tables', 'tensors'), opt('tableIndex', 'nums', { nullable: true }), opt('precision', 'int')] },
  discretizedBits: { args: () => [Int32Array.from([0, 1, -1]), tableSpec()], params: [p('values', 'nums'), p('tables', 'tensors'), opt('tableIndex', 'nums', { nullable: true }), opt('precision', 'int')] },
  encodeZipfIndices: { args: () => [Uint32Array.from([1, 3, 2]), 2, 8], params: [p('indices', 'nums'), p('mutualInformationBits', 'nonneg'), p('n', 'int'), opt('method', 'enum')] },
  decodeZipfIndices: { args: () => [rdlab.encodeZipfIndices(Uint32Array.from([1, 3, 2]), 2, 8).bytes, 3, 2, 8], params: [p('bytes', 'bytes'), p('count', 'int'), p('mutualInformationBits', 'nonneg'), p('n', 'int'), opt('method', 'enum')] },
  encodeExpGolomb: { args: () => [Uint32Array.from([0, 3, 1])], params: [p('values', 'nums'), opt('k', 'int')] },
  decodeExpGolomb: { args: () => [rdlab.encodeExpGolomb(Uint32Array.from([0, 3, 1])).bytes, 3], params: [p('bytes', 'bytes'), p('count', 'int'), opt('k', 'int')] },
  encodeRdc: { args: () => [rdcFile()], params: [p('file', 'obj', { fields: [p('codec', 'str'), p('modelDigest', 'bytes'), p('shape', 'shape'), p('samples', 'int'), p('chunkSize', 'int'), p('chunks', 'obj')] })] },
  decodeRdc: { args: () => [rdlab.encodeRdc(rdcFile())], params: [p('bytes', 'bytes')] },
  encodeRdcHeader: { args: () => [rdcHeader()], params: [p('header', 'obj', { fields: [p('codec', 'str'), p('modelDigest', 'bytes'), p('shape', 'shape'), p('samples', 'int'), p('chunkSize', 'int')] })] },
  encodeRdcChunk: { args: () => [3, Uint8Array.from([1, 2])], params: [p('samples', 'int'), p('payload', 'bytes')] },
  decodeRdcHeader: { args: () => [rdlab.encodeRdc(rdcFile())], params: [p('prefix', 'bytes'), opt('fileSize', 'nonneg', { nullable: true })] },
  compressStream: { args: () => [loaded, [9, 1], x9(), { onWarning: () => {} }], params: [p('model', 'obj'), p('shape', 'shape'), p('data', 'obj'), opt('options', 'obj', { fields: [opt('chunk', 'int'), opt('name', 'str'), opt('onWarning', 'fn'), opt('signal', 'obj')] })] },
  decompressStream: { args: () => [loaded, compressed], params: [p('model', 'obj'), p('input', 'obj'), opt('options', 'obj', { fields: [opt('name', 'str'), opt('signal', 'obj')] })] },
  compressFile: { args: () => [ntcFile, npyFile, output('rdc'), { onWarning: () => {} }], params: [p('model', 'any'), p('input', 'str'), p('output', 'str'), opt('options', 'obj', { fields: [opt('chunk', 'int'), opt('labels', 'obj')] })] },
  decompressFile: { args: () => [loaded, rdcPath, output('npy')], params: [p('model', 'obj'), p('input', 'str'), p('output', 'str'), opt('options', 'obj', { fields: [opt('side', 'str'), opt('labels', 'obj')] })] },
  encodeSafetensors: { args: () => [{ tensors: { a: { shape: [2], data: Float32Array.from([1, 2]) } } }], params: [p('file', 'obj', { fields: [p('tensors', 'obj')] })] },
  decodeSafetensors: { args: () => [encodeSafetensors({ tensors: { a: { shape: [2], data: Float32Array.from([1, 2]) } } })], params: [p('bytes', 'bytes'), opt('source', 'str')] },
  readSafetensors: { args: () => [ntcFile], params: [p('path', 'str')] },
  dtypeOf: { args: () => [Float32Array.from([1])], params: [p('data', 'bytes')] },
  readNpy: { args: () => [writeNpy({ data: randn(4), shape: [4] })], params: [p('bytes', 'bytes')] },
  writeNpy: { args: () => [{ data: randn(4), shape: [4] }], params: [p('array', 'obj', { fields: [p('data', 'bytes'), p('shape', 'shape')] })] },
  readIdx: { args: () => [writeIdx({ type: 'ubyte', data: Uint8Array.from([1, 2]), shape: [2] })], params: [p('bytes', 'bytes')] },
  readIdxFile: { args: () => [idxFile], params: [p('path', 'str')] },
  writeIdx: { args: () => [{ type: 'ubyte', data: Uint8Array.from([1, 2]), shape: [2] }], params: [p('array', 'obj', { fields: [p('type', 'enum'), p('data', 'bytes'), p('shape', 'shape')] })] },
  // runner and experiments
  runExperiment: {
    noValidCall: 'it would train', args: () => ['test-toy', { preset: 'quick', device: 'cpu', out: path.join(mkdtempSync(path.join(dir, 'run-')), 'run') }],
    params: [p('experiment', 'str'), opt('options', 'obj', { fields: [opt('preset', 'enum'), opt('seed', 'int'), opt('device', 'device'), opt('out', 'str'), opt('overrides', 'obj')] })],
  },
  resumeRun: { noValidCall: 'its valid folder is a finished run', args: () => [mkdtempSync(path.join(dir, 'resume-')), {}], params: [p('dir', 'str'), opt('options', 'obj')] },
  mergeRuns: { noValidCall: 'its valid folders are finished shards', args: () => [[mkdtempSync(path.join(dir, 'shard-'))], path.join(dir, 'merged'), {}], params: [p('dirs', 'strs'), p('out', 'str'), opt('options', 'obj')] },
  defineExperiment: { args: () => [{ ...toyExperiment, name: 'test-sweep' }], params: [p('experiment', 'obj', { fields: [p('name', 'str'), p('points', 'fn'), p('build', 'fn')] })] },
  registerExperiment: { noValidCall: 'it would register for the rest of the process', args: () => [{ ...toyExperiment, name: 'test-sweep' }], params: [p('experiment', 'obj', { fields: [p('name', 'str'), p('points', 'fn'), p('build', 'fn')] })] },
  getExperiment: { args: () => ['gaussian-ntc'], params: [p('experiment', 'str')] },
  listExperiments: { args: () => [], params: [] },
  streamPurposes: { args: () => [{ data: 1 }], params: [p('ids', 'obj')] },
};

/** Every exported class: how to make one and its public methods. */
const classes: Record<string, ClassRow> = {
  ConvNet: {
    ctor: { args: () => [convNetConfig()], params: [p('config', 'obj', { fields: [p('input', 'nums'), p('layers', 'strs'), opt('init', 'enum')] }), opt('options', 'obj')] },
    make: () => new ConvNet(convNetConfig(), { seed: 1 }),
    methods: {
      forward: { args: () => [IMG()], params: [p('x', 'tensor')] },
      backward: { args: () => [T(2, 2)], params: [p('dy', 'tensor'), opt('options', 'obj')], before: (m: ConvNet) => void m.forward(IMG()) },
      namedParameters: { args: () => [], params: [] },
      flopsPerSample: { args: () => [], params: [] },
    },
    internal: ['initialParams', 'forwardPlan', 'backwardPlan'],
  },
  Rng: {
    ctor: { args: () => [1], params: [p('seed', 'int'), opt('stream', 'int')] },
    make: rng,
    methods: {
      fill: { args: () => [T(3, 3), 'normal'], params: [p('out', 'tensor', { accepts: [WRONG_SHAPE] }), p('dist', 'enum')] },
      reserve: { args: () => [10, 'uniform'], params: [p('elements', 'int'), p('dist', 'enum')] },
    },
  },
  Adam: {
    ctor: { args: () => [T(2, 2), { lr: 0.01 }], params: [p('params', 'tensor', { accepts: [WRONG_SHAPE] }), p('config', 'obj', { fields: [p('lr', 'pos'), opt('beta1', 'nonneg'), opt('beta2', 'nonneg'), opt('eps', 'pos'), opt('weightDecay', 'nonneg')] })] },
    make: () => new Adam(T(2, 2), { lr: 0.01 }),
    methods: { step: { args: () => [T(2, 2)], params: [p('grad', 'tensor'), opt('lr', 'nonneg')] } },
  },
  Mlp: {
    ctor: { args: () => [{ inputs: 2, hidden: [5], outputs: 3 }], params: [p('config', 'obj', { fields: [p('inputs', 'int'), p('hidden', 'nums'), p('outputs', 'int'), opt('activation', 'enum', { nullable: true })] }), opt('options', 'obj')] },
    make: mlp,
    methods: {
      forward: { args: () => [T(4, 2)], params: [p('x', 'tensor')] },
      backward: { args: () => [T(4, 3)], params: [p('dy', 'tensor'), opt('options', 'obj')], before: (m: Mlp) => void m.forward(T(4, 2)) },
      refitOutputLayer: { args: () => [T(8, 2), T(8, 3)], params: [p('x', 'tensor'), p('target', 'tensor'), opt('ridge', 'nonneg')] },
      namedParameters: { args: () => [], params: [] },
      flopsPerSample: { args: () => [], params: [] },
    },
    internal: ['initialParams', 'forwardPlan', 'backwardPlan'],
  },
  FourierFeatures: {
    ctor: { args: () => [1, fourierConfig()], params: [p('latents', 'int'), p('config', 'obj', { fields: [p('features', 'int'), p('sigma', 'pos')] }), opt('options', 'obj')] },
    make: () => new FourierFeatures(1, fourierConfig(), { seed: 1 }),
    methods: {
      forward: { args: () => [T(4, 1)], params: [p('y', 'tensor')] },
      backward: { args: () => [T(4, 4)], params: [p('g', 'tensor')], before: (f: FourierFeatures) => void f.forward(T(4, 1)) },
    },
    internal: ['buffers'],
  },
  DeepFactorizedEntropyModel: {
    ctor: { args: () => [2], params: [p('channels', 'int'), opt('config', 'obj', { fields: [opt('filters', 'nums', { nullable: true }), opt('initScale', 'pos', { nullable: true })] })] },
    make: () => dfem,
    methods: {
      forward: { args: () => [T(4, 2)], params: [p('z', 'tensor')] },
      rateBits: { args: () => [T(4, 2)], params: [p('zTilde', 'tensor')] },
      backward: { args: () => [T(4, 2)], params: [p('zTilde', 'tensor'), opt('options', 'obj')] },
      cdf: { args: () => [T(4, 2)], params: [p('z', 'tensor')] },
      pmfTable: { args: () => [-3, 3], params: [p('lo', 'int', { accepts: [-1] }), p('hi', 'int', { accepts: [-1] }), opt('offsets', 'tensor', { nullable: true })] },
    },
    internal: ['checkInput'],
  },
  ContinuousEntropyModel: {
    ctor: { args: () => [2], params: [p('channels', 'int'), opt('config', 'obj', { fields: [opt('filters', 'nums', { nullable: true }), opt('initScale', 'pos', { nullable: true })] })] },
    make: () => cem,
    methods: {
      paramsChanged: { args: () => [], params: [] },
      perturb: { args: () => [T(4, 2), rng(), T(4, 2)], params: [p('y', 'tensor'), p('rng', 'rng'), opt('out', 'tensor', { nullable: true })] },
      bits: { args: () => [T(4, 2)], params: [p('z', 'tensor')] },
      backward: { args: () => [T(4, 2), 1], params: [p('yTilde', 'tensor'), p('scale', 'real')] },
      quantize: { args: () => [T(4, 2)], params: [p('y', 'tensor'), opt('out', 'tensor')] },
      fitOffsets: { args: () => [T(4, 2), () => 0], params: [p('y', 'tensor'), p('distortionTerm', 'fn')] },
      coderTables: { args: () => [], params: [] },
      compress: { args: () => [T(4, 2)], params: [p('y', 'tensor')] },
      symbols: { args: () => [T(4, 2)], params: [p('y', 'tensor'), opt('name', 'str'), opt('firstSample', 'int')] },
      encodeSymbols: { args: () => [Int32Array.from([1, -2, 0, 3])], params: [p('symbols', 'bytes')] },
      sampleCapacity: { args: () => [100], params: [p('bytes', 'int')] },
      decompress: { args: () => [cem.compress(T(5, 2)), 5], params: [p('bytes', 'bytes'), p('samples', 'int'), opt('device', 'device')] },
    },
    internal: ['channelIndex'],
  },
  Ntc: {
    ctor: { args: () => [ntcConfig()], params: [p('config', 'obj', { fields: ntcSettingsFields() }), opt('options', 'obj')] },
    make: () => ntc,
    methods: {
      step: { args: () => [T(4, 1), rng()], params: [p('x', 'tensor'), p('rng', 'rng'), opt('lr', 'nonneg'), opt('side', 'tensor', { nullable: true })] },
      metrics: { args: () => [], params: [] },
      latents: { args: () => [T(4, 1)], params: [p('x', 'tensor')] },
      fitOffsets: { args: () => [T(4, 1)], params: [p('x', 'tensor'), opt('side', 'tensor', { nullable: true })] },
      hardDecoderStep: { args: () => [T(4, 1)], params: [p('x', 'tensor'), opt('lr', 'nonneg'), opt('side', 'tensor', { nullable: true })] },
      reconstruct: { args: () => [T(4, 1)], params: [p('yHat', 'tensor'), opt('side', 'tensor', { nullable: true })] },
      refitDecoder: { args: () => [T(4, 1)], params: [p('x', 'tensor'), opt('side', 'tensor', { nullable: true })] },
      compress: { args: () => [T(4, 1)], params: [p('x', 'tensor')] },
      decompress: { args: () => [ntc.compress(T(9, 1, 2))], params: [p('stream', 'obj', { fields: [p('bytes', 'bytes'), p('samples', 'int')] }), opt('device', 'device'), opt('side', 'tensor', { nullable: true })] },
      evaluate: { args: () => [T(4, 1)], params: [p('x', 'tensor'), opt('side', 'tensor', { nullable: true })] },
      state: { args: () => [], params: [] },
      load: { args: () => [ntc.state()], params: [p('state', 'obj')] },
      modelTensors: { args: () => [], params: [] },
    },
    internal: ['stepBuffers', 'synthesisInput', 'compressPlan', 'decompressPlan'],
  },
  CategoricalWzModel: { make: () => ecvq, methods: {} },
  Ecvq: {
    ctor: { args: () => [ecvqConfig()], params: [p('config', 'obj', { fields: [p('codewords', 'int'), p('hidden', 'nums'), p('lambda', 'nonneg'), p('sideSamples', 'int')] }), opt('options', 'obj')] },
    make: () => ecvq,
    methods: {
      decode: { args: () => [tensor(Int32Array.from([0, 1, 2, 3])), T(4, 1)], params: [p('index', 'tensor'), p('y', 'tensor')] },
      pmf: { args: () => [], params: [] },
      compress: { args: () => [T(4, 1), YS(4)], params: [p('x', 'tensor'), p('ys', 'tensor')] },
      decompress: { args: () => [ecvq.compress(T(7, 1), YS(7)), T(7, 1)], params: [p('stream', 'obj', { fields: [p('bytes', 'bytes'), p('samples', 'int')] }), p('y', 'tensor')] },
      evaluate: { args: () => [T(4, 1), T(4, 1), YS(4)], params: [p('x', 'tensor'), p('y', 'tensor'), p('ys', 'tensor')] },
      state: { args: () => [], params: [] },
      load: { args: () => [ecvq.state()], params: [p('state', 'obj')] },
      encode: { args: () => [T(4, 1), YS(4)], params: [p('x', 'tensor'), p('ys', 'tensor')] },
      warmupStep: { args: () => [tensor(Int32Array.from([0, 1, 2, 3])), T(4, 1), T(4, 1)], params: [p('index', 'tensor'), p('x', 'tensor'), p('y', 'tensor'), opt('lr', 'nonneg')] },
      step: { args: () => [T(4, 1), T(4, 1), YS(4)], params: [p('x', 'tensor'), p('y', 'tensor'), p('ys', 'tensor'), opt('lr', 'nonneg')] },
      metrics: { args: () => [], params: [] },
      modelTensors: { args: () => [], params: [] },
    },
    internal: ['checkX', 'rate', 'code', 'partTensors', 'buffersFor', 'fit', 'encodePlan'],
  },
  Concrete: {
    ctor: { args: () => [concreteConfig()], params: [p('config', 'obj', { fields: [p('codewords', 'int'), p('hidden', 'nums'), p('lambda', 'nonneg')] }), opt('options', 'obj')] },
    make: () => concrete,
    methods: {
      encode: { args: () => [T(4, 1)], params: [p('x', 'tensor')] },
      step: { args: () => [T(4, 1), T(4, 1), 0.5, rng()], params: [p('x', 'tensor'), p('y', 'tensor'), p('temperature', 'pos'), p('rng', 'rng'), opt('lr', 'nonneg')] },
      fitMarginal: { args: () => [T(4, 1)], params: [p('x', 'tensor')] },
      decode: { args: () => [tensor(Int32Array.from([0, 1, 2, 3])), T(4, 1)], params: [p('index', 'tensor'), p('y', 'tensor')] },
      pmf: { args: () => [], params: [] },
      compress: { args: () => [T(4, 1)], params: [p('x', 'tensor'), opt('ys', 'any')] },
      decompress: { args: () => [concrete.compress(T(7, 1)), T(7, 1)], params: [p('stream', 'obj', { fields: [p('bytes', 'bytes'), p('samples', 'int')] }), p('y', 'tensor')] },
      state: { args: () => [], params: [] },
      load: { args: () => [concrete.state()], params: [p('state', 'obj')] },
      evaluate: { args: () => [T(4, 1), T(4, 1)], params: [p('x', 'tensor'), p('y', 'tensor')] },
      metrics: { args: () => [], params: [] },
      modelTensors: { args: () => [], params: [] },
    },
    internal: ['checkX', 'rate', 'code', 'partTensors', 'buffersFor'],
  },
  Nerd: {
    ctor: { args: () => [nerdConfig()], params: [p('config', 'obj', { fields: [p('dim', 'int'), p('samples', 'int'), p('target', 'obj')] }), opt('options', 'obj')] },
    make: () => nerd,
    methods: {
      sampleQY: { args: () => [rng()], params: [p('rng', 'rng'), opt('count', 'int')] },
      step: { args: () => [T(4, 2), rng()], params: [p('x', 'tensor'), p('rng', 'rng'), opt('lr', 'nonneg')] },
      metrics: { args: () => [], params: [] },
      evaluate: { args: () => [[T(4, 2)], rng()], params: [p('batches', 'tensors'), p('rng', 'rng'), opt('samples', 'int')] },
    },
    internal: ['distortion', 'read', 'sampleQYPlan', 'innerPlan', 'stepPlan', 'evaluatePlan'],
  },
  RccCodec: { make: () => grcc, methods: {} },
  GaussianRcc: {
    ctor: { args: () => [gaussianRdChannel([1, 1], 0.5), rccOptions()], params: [p('channel', 'obj'), p('options', 'obj', { fields: [p('method', 'enum'), p('candidates', 'int'), p('seed', 'int')] })] },
    make: () => grcc,
    methods: {
      encode: { args: () => [T(3, 2)], params: [p('x', 'tensor'), opt('offset', 'int')] },
      decode: { args: () => [rccStream], params: [p('stream', 'obj'), opt('device', 'device')] },
      search: { args: () => [T(3, 2)], params: [p('x', 'tensor'), opt('offset', 'int')] },
    },
    internal: ['scale', 'regenerate', 'searchPlan', 'encodePlan'],
  },
  GeneratorRcc: {
    ctor: { args: () => [mlp(), { beta: -1, rateBits: 2 }, rccOptions()], params: [p('generator', 'obj'), p('channel', 'obj', { fields: [p('beta', 'real'), p('rateBits', 'nonneg')] }), p('options', 'obj')] },
    make: () => new GeneratorRcc(new Mlp({ inputs: 2, hidden: [4], outputs: 2 }), { beta: -1, rateBits: 2 }, rccOptions()),
    methods: {
      search: { args: () => [T(3, 2)], params: [p('x', 'tensor'), opt('offset', 'int')] },
      encode: { args: () => [T(3, 2)], params: [p('x', 'tensor'), opt('offset', 'int')] },
      decode: { args: () => [rccStream], params: [p('stream', 'obj'), opt('device', 'device')] },
    },
    internal: ['regenerate', 'searchPlan', 'encodePlan'],
  },
  RdLowerBound: {
    ctor: { args: () => [lbConfig()], params: [p('config', 'obj', { fields: [p('dim', 'int'), p('lambda', 'pos')] }), opt('options', 'obj')] },
    make: () => lowerBound,
    methods: {
      logU: { args: () => [T(6, 1)], params: [p('x', 'tensor')] },
      step: { args: () => [[T(6, 1)]], params: [p('batches', 'tensors'), opt('lr', 'nonneg')] },
      estimate: { args: () => [[T(6, 1), T(6, 1, 2), T(6, 1, 3), T(6, 1, 4)], search()], params: [p('batches', 'tensors'), opt('search', 'obj')] },
    },
  },
  ImageSource: {
    ctor: { args: () => ['test', new Float32Array(20).fill(0.5), 2, 2], params: [p('name', 'str'), p('pixels', 'bytes'), p('height', 'int'), p('width', 'int')] },
    make: images,
    methods: {
      sample: { args: () => [3, rng()], params: [p('n', 'int'), p('rng', 'rng'), opt('device', 'device'), opt('into', 'obj')] },
      rows: { args: () => [0, 2], params: [p('start', 'int'), p('n', 'int'), opt('device', 'device')] },
    },
  },
  RunInterrupted: { make: () => new RunInterrupted('d', 'p', 1), methods: {} },
};

/** Exports that are values, not functions to call. */
const constants = [
  'DEFAULT_PRECISION', 'RCC_FILE_VERSION', 'RDC_MAGIC', 'RDC_VERSION', 'RDC_MAX_CHUNK', 'DEFAULT_CHUNK_ELEMENTS', 'OUT_OF_RANGE_WARNING', 'VERSION', 'FASHION_MNIST', 'GAUSSIAN_SPECTRA', 'IDX_TYPES', 'ecsqHighRateGapBits', 'ecsqHighRateGapDecibels',
  'maxSampledRampSamples', 'maxSampledSawbridgeSamples', 'resultsSchema', 'selfCheckCases', 'circleOneShot', 'rampOneShot', 'sawbridgeOneShot',
];

/** Objects a public function returns, whose methods users call: one row per method. */
const returned: Record<string, { make: () => object; methods: Record<string, Row>; internal?: string[] }> = {
  'gaussian()': { make: () => gaussian([1, 2]), methods: { sample: { args: () => [4, rng()], params: [p('n', 'int'), p('rng', 'rng'), opt('device', 'device'), opt('into', 'obj')] } }, internal: ['onDevice'] },
  'sawbridge()': { make: () => sawbridge(8), methods: { sample: { args: () => [4, rng()], params: [p('n', 'int'), p('rng', 'rng'), opt('device', 'device'), opt('into', 'obj')] } } },
  'xEqualsYPlusNoise()': {
    make: () => rdlab.xEqualsYPlusNoise(),
    methods: {
      sample: { args: () => [4, rng()], params: [p('n', 'int'), p('rng', 'rng'), opt('device', 'device')] },
      posterior: { args: () => [T(4, 1), 2, rng()], params: [p('x', 'tensor'), p('samples', 'int'), p('rng', 'rng')] },
      posteriorNodes: { args: () => [T(4, 1), 2], params: [p('x', 'tensor'), p('samples', 'int')] },
    },
  },
  circleOneShot: {
    make: () => rdlab.circleOneShot,
    methods: {
      partition: { args: () => [2], params: [p('rateBits', 'nonneg')] },
      distortion: { args: () => [2], params: [p('rateBits', 'nonneg')] },
      rate: { args: () => [0.1, 4], params: [p('distortion', 'nonneg'), p('maxRate', 'nonneg')] },
      curve: { args: () => [{ maxRate: 2, points: 3 }], params: [p('options', 'obj')] },
    },
  },
  'sampledSawbridgeOneShot()': {
    make: () => rdlab.sampledSawbridgeOneShot(8),
    methods: {
      partition: { args: () => [2], params: [p('rateBits', 'nonneg')] },
      distortion: { args: () => [2], params: [p('rateBits', 'nonneg')] },
      rate: { args: () => [0.1, 4], params: [p('distortion', 'nonneg'), p('maxRate', 'nonneg')] },
      curve: { args: () => [{ maxRate: 2, points: 3 }], params: [p('options', 'obj')] },
    },
  },
};

const INTERNAL = /Cannot read propert|Cannot destructure|Cannot convert|is not a function|is not iterable|is not a constructor|Invalid typed array length|Invalid array length|Array buffer allocation failed|Maximum call stack|Cannot mix BigInt|undefined \(reading|offset is out of bounds|out of memory/i;

const describe = (v: unknown) => (v === WRONG_SHAPE ? 'a [2, 3, 4, 5] tensor' : v === WRONG_DTYPE ? 'an int32 [2, 2] tensor' : typeof v === 'number' || v === undefined || v === null ? String(v) : typeof v === 'string' ? `'${v}'` : JSON.stringify(v) ?? String(v));

/**
 * Calls `call(args)` with argument `i` (or field `field` of it) replaced by `bad`; returns
 * null when it was refused as it should be, or what went wrong.
 */
async function refusal(call: (args: unknown[]) => unknown, args: unknown[], name: string, others: string[] = []): Promise<string | null> {
  let result: unknown;
  try {
    result = call(args);
    if (result instanceof Promise) result = await result;
  } catch (e) {
    const err = e as Error;
    if (!(err instanceof TypeError || err instanceof RangeError)) return `threw ${err?.constructor?.name}: ${err?.message}`;
    if (INTERNAL.test(err.message)) return `threw JavaScript's own ${err.constructor.name}: ${err.message}`;
    if (![name, ...others].some((n) => new RegExp(`\\b${n}\\b`).test(err.message))) return `threw ${err.constructor.name} without naming '${name}': ${err.message}`;
    return null;
  }
  return 'accepted it';
}

/** Every wrong value of `param` (and of its fields) in position `i` of a valid call. */
async function sweepRow(label: string, row: Row, call: (args: unknown[]) => unknown, failures: string[]): Promise<void> {
  for (const [i, param] of row.params.entries()) {
    const values = [...WRONG[param.kind], ...(param.optional || param.kind === 'any' ? [] : [undefined])].filter(
      (v) => !(param.nullable && v === null) && !(param.accepts ?? []).some((a) => Object.is(a, v)),
    );
    for (const bad of values) {
      const args = row.args();
      args[i] = bad;
      // a tensor of the wrong shape or dtype may be reported as not matching another argument of the call
      const mismatch = bad === WRONG_SHAPE || bad === WRONG_DTYPE ? row.params.map((q) => q.name) : [];
      const why = await refusal(call, args, param.name, mismatch);
      if (why) failures.push(`${label}: ${param.name} = ${describe(bad)}: ${why}`);
    }
    for (const field of param.fields ?? []) {
      const values = [...WRONG[field.kind], ...(field.optional ? [] : [undefined])].filter((v) => !(field.nullable && v === null));
      for (const bad of values) {
        const args = row.args();
        args[i] = { ...(args[i] as object), [field.name]: bad };
        const why = await refusal(call, args, field.name);
        if (why) failures.push(`${label}: ${param.name}.${field.name} = ${describe(bad)}: ${why}`);
      }
    }
  }
}

const exported = rdlab as unknown as Record<string, unknown>;

/**
 * The rows with their async twins: `fooAsync` (a function, or a method of `target`) takes
 * foo's arguments (then an optional options object) and must refuse the same wrong values,
 * so it is swept with foo's row.
 */
function withAsyncTwins(rows: Record<string, Row>, target: object): [string, Row][] {
  return Object.entries(rows).flatMap(([name, row]): [string, Row][] =>
    typeof (target as Record<string, unknown>)[`${name}Async`] === 'function' ? [[name, row], [`${name}Async`, row]] : [[name, row]],
  );
}
const isClass = (v: unknown) => typeof v === 'function' && /^class\b/.test(Function.prototype.toString.call(v));

/** The callable methods on an object's prototype chain (up to Object), getters and setters left out. */
function methodsOf(obj: object): string[] {
  const names = new Set<string>();
  for (let proto = Object.getPrototypeOf(obj); proto && proto !== Object.prototype && proto !== Error.prototype; proto = Object.getPrototypeOf(proto))
    for (const n of Object.getOwnPropertyNames(proto)) {
      const d = Object.getOwnPropertyDescriptor(proto, n)!;
      if (n !== 'constructor' && typeof d.value === 'function') names.add(n);
    }
  for (const n of Object.keys(obj)) if (typeof (obj as Record<string, unknown>)[n] === 'function') names.add(n);
  return [...names].sort();
}

test('the table holds every export of rdlab and its subpaths, and every public method of each class', async () => {
  const names = Object.keys(exported).sort();
  const rows = new Set([...withAsyncTwins(functions, exported).map(([n]) => n), ...Object.keys(classes), ...constants]);
  assert.equal(names.filter((n) => !rows.has(n)), [], 'exports without a row in the argument sweep');
  assert.equal([...rows].filter((n) => !(n in exported)), [], 'rows for names rdlab does not export');
  for (const n of Object.keys(functions)) assert.ok(typeof exported[n] === 'function' && !isClass(exported[n]), `${n} is a function`);
  for (const n of Object.keys(classes)) assert.ok(isClass(exported[n]), `${n} is a class`);
  for (const area of ['models', 'nn', 'coding', 'sources', 'bounds']) {
    const sub = (await import(`rdlab/${area}`)) as Record<string, unknown>;
    for (const [n, v] of Object.entries(sub)) assert.ok(exported[n] === v, `rdlab/${area} exports ${n}, which is not rdlab's ${n}`);
  }
  for (const [name, row] of Object.entries(classes)) {
    const own = methodsOf(row.make());
    const inherited = name === 'CategoricalWzModel' || name === 'RccCodec' || name === 'RunInterrupted';
    if (inherited) continue; // their methods are swept on the subclasses that make them
    const listed = new Set([...withAsyncTwins(row.methods, row.make()).map(([m]) => m), ...(row.internal ?? [])]);
    assert.equal(own.filter((m) => !listed.has(m)), [], `${name}: methods without a row`);
    assert.equal([...listed].filter((m) => !own.includes(m)), [], `${name}: rows for methods it does not have`);
  }
  // setters take an argument too: the one there is has its own test below
  const setters = Object.entries(classes).flatMap(([name, row]) => {
    const out: string[] = [];
    for (let proto = Object.getPrototypeOf(row.make()); proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto))
      for (const n of Object.getOwnPropertyNames(proto)) if (Object.getOwnPropertyDescriptor(proto, n)!.set) out.push(`${name}.${n}`);
    return out;
  });
  assert.equal(setters, ['Rng.position'], 'setters of exported classes');
  for (const [name, row] of Object.entries(returned)) {
    const own = methodsOf(row.make());
    assert.equal(own.filter((m) => !(m in row.methods) && !(row.internal ?? []).includes(m)), [], `${name}: methods without a row`);
  }
});

test('every exported function refuses wrong arguments by name', async () => {
  const failures: string[] = [];
  for (const [name, row] of withAsyncTwins(functions, exported)) {
    const fn = exported[name] as (...a: unknown[]) => unknown;
    await sweepRow(name, row, (args) => fn(...args), failures);
  }
  assert.ok(failures.length === 0, `${failures.length} wrong arguments not refused by name:\n${failures.join('\n')}`);
});

test('every exported class refuses wrong constructor and method arguments by name', async () => {
  const failures: string[] = [];
  for (const [name, row] of Object.entries(classes)) {
    const Cls = exported[name] as new (...a: unknown[]) => object;
    if (row.ctor) await sweepRow(`new ${name}`, row.ctor, (args) => new Cls(...args), failures);
    const instance = row.make() as Record<string, (...a: unknown[]) => unknown>;
    for (const [m, mrow] of withAsyncTwins(row.methods, instance))
      await sweepRow(`${name}.${m}`, mrow, (args) => (mrow.before?.(instance as never), instance[m](...args)), failures);
  }
  for (const [name, row] of Object.entries(returned)) {
    const instance = row.make() as Record<string, (...a: unknown[]) => unknown>;
    for (const [m, mrow] of Object.entries(row.methods)) await sweepRow(`${name}.${m}`, mrow, (args) => instance[m](...args), failures);
  }
  assert.ok(failures.length === 0, `${failures.length} wrong arguments not refused by name:\n${failures.join('\n')}`);
});

test('the library\'s compress and encode refuse NaN and ±Infinity, naming the first bad element', () => {
  const bad = (rows: number, cols: number, at: number, v: number) => {
    const data = randn(rows * cols, 9);
    data[at] = v;
    data[rows * cols - 1] = NaN;
    return tensor(data, [rows, cols]);
  };
  const calls: [string, () => unknown, RegExp][] = [
    ['Ntc.compress', () => ntc.compress(bad(6, 1, 4, NaN)), /^x: element 4 \(sample 4, column 0\) is NaN; only finite values can be compressed$/],
    ['ContinuousEntropyModel.compress', () => cem.compress(bad(5, 2, 3, Infinity)), /^y: element 3 \(sample 1, column 1\) is Infinity/],
    ['Ecvq.compress', () => ecvq.compress(bad(4, 1, 2, -Infinity), YS(4)), /^x: element 2 \(sample 2, column 0\) is -Infinity/],
    ['Concrete.compress', () => concrete.compress(bad(4, 1, 0, NaN)), /^x: element 0 \(sample 0, column 0\) is NaN/],
    ['GaussianRcc.encode', () => grcc.encode(bad(3, 2, 1, NaN)), /^x: element 1 \(sample 0, column 1\) is NaN/],
  ];
  for (const [what, call, message] of calls) assert.throws(call, (e: Error) => e instanceof RangeError && message.test(e.message), what);
});

test('the one public setter, Rng.position, refuses what is not a non-negative bigint', () => {
  for (const bad of [-1n, 3, 'x', null, undefined]) {
    const r = rng();
    assert.throws(() => void (r.position = bad as bigint), (e: Error) => e instanceof RangeError && /^position: expected a non-negative bigint counter/.test(e.message), String(bad));
    assert.is(r.position, 0n);
  }
});

test('shapes whose element count passes 2^53 or the allocator\'s limit are refused by name', () => {
  const huge = [HUGE, HUGE];
  const named = (f: () => unknown, name: RegExp) =>
    assert.throws(f, (e: Error) => e instanceof RangeError && name.test(e.message) && !INTERNAL.test(e.message), String(f));
  named(() => rdlab.empty(huge), /^shape/);
  named(() => rdlab.full(huge, 1), /^shape/);
  named(() => rdlab.tensor([1], huge), /^shape/);
  named(() => rdlab.empty([2 ** 27, 2 ** 27]), /^shape/);
  // 2^38 float32 elements (1 TiB) pass the element limit; the allocator refuses them (unless the
  // system overcommits without bound, where the untouched allocation is simply freed again)
  for (const make of [() => rdlab.empty([2 ** 19, 2 ** 19]), () => rdlab.full([2 ** 19, 2 ** 19], 1)]) {
    try {
      make().dispose();
    } catch (e) {
      assert.ok(e instanceof RangeError && /^shape: \[524288, 524288\] is more than the device can hold \(out of memory/.test((e as Error).message), (e as Error).message);
    }
  }
  named(() => rdlab.writeNpy({ data: new Float32Array(1), shape: huge }), /shape/);
  named(() => new Mlp({ inputs: HUGE, hidden: [HUGE], outputs: 1 }), /^config\.inputs/);
  named(() => sawbridge(8).sample(HUGE, rng()), /^n\b/);
  named(() => gaussian(1).sample(2 ** 53, rng()), /^n\b/);
});

/** The numbers in a result (any depth; tensors are not read back). */
function numbersIn(v: unknown, out: number[] = [], seen = new Set<unknown>()): number[] {
  if (typeof v === 'number') out.push(v);
  else if (v instanceof Float32Array || v instanceof Float64Array) out.push(...v);
  else if (v !== null && typeof v === 'object' && !rdlab.isTensor(v) && !seen.has(v) && !ArrayBuffer.isView(v)) {
    seen.add(v);
    for (const x of Object.values(v)) numbersIn(x, out, seen);
  }
  return out;
}

test('the valid call of every row works and returns no NaN (so each wrong value is the only thing wrong)', async () => {
  const broken: string[] = [];
  const check = async (label: string, row: Row, call: (args: unknown[]) => unknown) => {
    if (row.noValidCall) return;
    try {
      const result = await call(row.args());
      if (numbersIn(result).some(Number.isNaN)) broken.push(`${label}: returned NaN`);
    } catch (e) {
      broken.push(`${label}: ${(e as Error).message}`);
    }
  };
  for (const [name, row] of Object.entries(functions)) await check(name, row, (args) => (exported[name] as (...a: unknown[]) => unknown)(...args));
  for (const [name, row] of Object.entries(classes)) {
    const Cls = exported[name] as new (...a: unknown[]) => object;
    if (row.ctor) await check(`new ${name}`, row.ctor, (args) => new Cls(...args));
    const instance = row.make() as Record<string, (...a: unknown[]) => unknown>;
    for (const [m, mrow] of Object.entries(row.methods)) await check(`${name}.${m}`, mrow, (args) => (mrow.before?.(instance as never), instance[m](...args)));
  }
  for (const [name, row] of Object.entries(returned)) {
    const instance = row.make() as Record<string, (...a: unknown[]) => unknown>;
    for (const [m, mrow] of Object.entries(row.methods)) await check(`${name}.${m}`, mrow, (args) => instance[m](...args));
  }
  assert.equal(broken, []);
});

test.run();

