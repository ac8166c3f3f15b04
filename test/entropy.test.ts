import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Adam, addUniformNoise, DeepFactorizedEntropyModel, item, Rng, tensor } from '../lib/index.js';
import { deepFactorizedParamCount } from '../lib/nn/entropyModel.js';
import { native } from '../lib/native.js';
import { refCdf, refProb, refRate } from './reference/deepFactorized.js';
import { maxRelError, randomArray } from './reference/prng.js';

/** A model whose parameters are tfc's init plus noise, so a_k != 0 and channels differ. */
function model(C: number, filters: number[], seed: number, spread = 0.5): DeepFactorizedEntropyModel {
  const P = deepFactorizedParamCount(filters);
  const init = DeepFactorizedEntropyModel.initialParams(C, filters, 5, seed);
  const noise = randomArray(C * P, seed + 100, -spread, spread);
  return new DeepFactorizedEntropyModel(C, { filters, params: init.map((v, i) => v + noise[i]) });
}

function checkAgainstReference(B: number, C: number, filters: number[], seed: number) {
  const m = model(C, filters, seed);
  const z = randomArray(B * C, seed + 1, -12, 12);
  const zt = tensor(z, [B, C]);
  const params = m.params.toArray();
  const ref = refRate(filters, params, z, B, C, 0.37);
  const f = m.forward(zt);
  const label = `B=${B} C=${C} filters [${filters}]`;
  assert.ok(maxRelError(f.likelihood.toArray(), ref.likelihood) < 1e-4, `likelihood ${label}`);
  assert.ok(maxRelError(f.bits.toArray(), ref.bits) < 1e-4, `bits ${label}`);
  assert.ok(Math.abs(item(f.total) - ref.total) < 1e-4 * ref.total, `total ${label}: ${item(f.total)} vs ${ref.total}`);
  const dz = m.backward(zt, { scale: 0.37 })!;
  const eg = maxRelError(m.grad.toArray(), ref.grad), ez = maxRelError(dz.toArray(), ref.dz);
  assert.ok(eg < 1e-4, `param grad ${label} rel err ${eg}`);
  assert.ok(ez < 1e-4, `z grad ${label} rel err ${ez}`);
}

test('forward and backward match the float64 reference at odd sizes and depths', () => {
  checkAgainstReference(13, 5, [3, 3, 3], 1);
  checkAgainstReference(1, 1, [3, 3, 3], 2);
  checkAgainstReference(257, 3, [2, 5], 3);
  checkAgainstReference(33, 7, [], 4);
  checkAgainstReference(9, 2, [16, 1, 7, 3, 2], 5);
  checkAgainstReference(1031, 1, [3, 3, 3], 6); // several CPU chunks
});

test('the reference gradient matches float64 central differences of the reference rate', () => {
  const filters = [3, 2], B = 3, C = 2;
  const p0 = Float64Array.from(model(C, filters, 7).params.toArray());
  const z = randomArray(B * C, 8, -4, 4);
  const r = refRate(filters, p0, z, B, C);
  const h = 1e-6;
  for (let i = 0; i < p0.length; ++i) {
    const plus = Float64Array.from(p0), minus = Float64Array.from(p0);
    plus[i] += h;
    minus[i] -= h;
    const fd = (refRate(filters, plus, z, B, C).total - refRate(filters, minus, z, B, C).total) / (2 * h);
    assert.ok(Math.abs(fd - r.grad[i]) < 1e-5 * (1 + Math.abs(fd)), `param ${i}: fd ${fd} vs ${r.grad[i]}`);
  }
  for (let i = 0; i < z.length; ++i) {
    const zp = Float64Array.from(z), zm = Float64Array.from(z);
    zp[i] += h;
    zm[i] -= h;
    const fd = (refRate(filters, p0, zp, B, C).total - refRate(filters, p0, zm, B, C).total) / (2 * h);
    assert.ok(Math.abs(fd - r.dz[i]) < 1e-5 * (1 + Math.abs(fd)), `z ${i}: fd ${fd} vs ${r.dz[i]}`);
  }
});

test('native gradient matches central finite differences of the native rate', () => {
  const filters = [3, 3, 3], B = 5, C = 3;
  const m = model(C, filters, 9);
  const z = randomArray(B * C, 10, -3, 3);
  const zt = tensor(z, [B, C]);
  m.backward(zt);
  const grad = m.grad.toArray();
  const p0 = m.params.toArray() as Float32Array;
  const total = (p: Float32Array) => item(new DeepFactorizedEntropyModel(C, { filters, params: p }).rateBits(zt));
  const h = 1e-2;
  for (const i of [0, 3, 17, 30, 42, 43 + 24, 2 * 43 + 35, p0.length - 1]) {
    const plus = Float32Array.from(p0), minus = Float32Array.from(p0);
    plus[i] += h;
    minus[i] -= h;
    const fd = (total(plus) - total(minus)) / (2 * h);
    // O(h^2) truncation plus float32 rounding of a total of ~50 bits
    assert.ok(Math.abs(fd - grad[i]) < 5e-3 + 1e-2 * Math.abs(fd), `param ${i}: fd ${fd} vs analytic ${grad[i]}`);
  }
});

test('accumulate adds the gradients of a second backward pass', () => {
  const m = model(4, [3, 3, 3], 11);
  const zt = tensor(randomArray(7 * 4, 12, -5, 5), [7, 4]);
  m.backward(zt);
  const once = m.grad.toArray();
  m.backward(zt, { accumulate: true, inputGrad: false });
  assert.ok(maxRelError(m.grad.toArray(), once.map((g) => 2 * g)) < 1e-6);
});

test('the CDF matches the reference, is monotone on a dense grid and goes from 0 to 1', () => {
  const filters = [3, 3, 3], C = 3;
  // large spread: tanh(a) near ±1, steep and flat layers, still monotone
  const m = model(C, filters, 13, 3);
  const params = m.params.toArray();
  const N = 20001;
  const grid = new Float32Array(N * C);
  for (let i = 0; i < N; ++i) for (let c = 0; c < C; ++c) grid[i * C + c] = -100 + (200 * i) / (N - 1);
  const cdf = m.cdf(tensor(grid, [N, C])).toArray();
  for (let c = 0; c < C; ++c) {
    for (let i = 1; i < N; ++i) assert.ok(cdf[i * C + c] >= cdf[(i - 1) * C + c], `channel ${c} decreases at z=${grid[i * C]}`);
    for (const i of [0, 777, 10000, 15123, N - 1])
      assert.ok(Math.abs(cdf[i * C + c] - refCdf(filters, params, c, grid[i * C + c])) < 1e-6, `cdf channel ${c} at ${grid[i * C]}`);
  }
  const ends = m.cdf(tensor([-1e6, -1e6, -1e6, 1e6, 1e6, 1e6], [2, C])).toArray();
  for (let c = 0; c < C; ++c) {
    assert.ok(ends[c] < 1e-6, `CDF(-inf) channel ${c}: ${ends[c]}`);
    assert.ok(ends[C + c] > 1 - 1e-6, `CDF(+inf) channel ${c}: ${ends[C + c]}`);
  }
});

test('the pmf table sums to 1 with its tails, matches the likelihood and is normalised over a wide range', () => {
  const filters = [3, 3, 3], C = 5;
  const m = model(C, filters, 14);
  const params = m.params.toArray();
  const lo = -7, hi = 9, n = hi - lo + 1;
  const { pmf, tails } = m.pmfTable(lo, hi);
  assert.equal(pmf.shape, [C, n]);
  assert.equal(tails.shape, [C, 2]);
  const P = pmf.toArray(), T = tails.toArray();
  for (let c = 0; c < C; ++c) {
    let s = T[2 * c] + T[2 * c + 1];
    for (let k = 0; k < n; ++k) {
      s += P[c * n + k];
      const ref = refProb(filters, params, c, lo + k);
      assert.ok(Math.abs(P[c * n + k] - ref) < 1e-6 + 1e-4 * ref, `pmf[${c}, ${k}] ${P[c * n + k]} vs ${ref}`);
    }
    assert.ok(Math.abs(s - 1) < 1e-6, `channel ${c}: pmf + tails = ${s}`);
    assert.ok(Math.abs(T[2 * c] - refCdf(filters, params, c, lo - 0.5)) < 1e-6, `lower tail ${c}`);
  }
  // the same numbers as the likelihood at the integers
  const ints = new Float32Array(n * C);
  for (let k = 0; k < n; ++k) for (let c = 0; c < C; ++c) ints[k * C + c] = lo + k;
  const lik = m.forward(tensor(ints, [n, C])).likelihood.toArray();
  for (let k = 0; k < n; ++k)
    for (let c = 0; c < C; ++c) assert.ok(Math.abs(lik[k * C + c] - Math.max(P[c * n + k], 1e-9)) < 1e-7, `likelihood at ${lo + k}`);
  // with per-channel offsets m: the symbols' cells are k + m ± ½
  const m0 = randomArray(C, 91, -0.5, 0.5);
  const shifted = m.pmfTable(lo, hi, tensor(m0, [C]));
  const SP = shifted.pmf.toArray(), ST = shifted.tails.toArray();
  for (let c = 0; c < C; ++c) {
    let s = ST[2 * c] + ST[2 * c + 1];
    for (let k = 0; k < n; ++k) {
      s += SP[c * n + k];
      const ref = refProb(filters, params, c, lo + k + m0[c]);
      assert.ok(Math.abs(SP[c * n + k] - ref) < 1e-6 + 1e-4 * ref, `offset pmf[${c}, ${k}] ${SP[c * n + k]} vs ${ref}`);
    }
    assert.ok(Math.abs(s - 1) < 1e-6, `channel ${c} with offset: pmf + tails = ${s}`);
    assert.ok(Math.abs(ST[2 * c] - refCdf(filters, params, c, lo + m0[c] - 0.5)) < 1e-6, `lower tail ${c} with offset`);
  }
  // over a wide range the table alone holds all the mass
  const wide = m.pmfTable(-2000, 2000);
  const W = wide.pmf.toArray(), WT = wide.tails.toArray();
  for (let c = 0; c < C; ++c) {
    let s = 0;
    for (let k = 0; k < 4001; ++k) s += W[c * 4001 + k];
    assert.ok(Math.abs(s - 1) < 1e-6, `channel ${c}: wide pmf sums to ${s}`);
    assert.ok(WT[2 * c] < 1e-7 && WT[2 * c + 1] < 1e-7, `channel ${c}: wide tails ${WT[2 * c]}, ${WT[2 * c + 1]}`);
  }
});

test('tfc init spreads the density over about ±initScale', () => {
  for (const initScale of [3, 10, 40]) {
    const m = new DeepFactorizedEntropyModel(2, { initScale, seed: 3 });
    const p = m.params.toArray();
    // softplus(H) = 1 / (scale · out): the composed slope of the logit is 1 / initScale
    assert.ok(Math.abs(Math.log1p(Math.exp(p[0])) - 1 / initScale ** 0.25 / 3) < 1e-6);
    const L = 3 * initScale;
    const { pmf } = m.pmfTable(-L, L);
    const P = pmf.toArray();
    let inside = 0;
    for (let k = L - initScale; k <= L + initScale; ++k) inside += P[k];
    // a logistic of scale initScale holds sigmoid(1) - sigmoid(-1) ~ 0.46 within ±initScale
    assert.ok(inside > 0.3 && inside < 0.65, `initScale ${initScale}: mass within ±initScale ${inside}`);
  }
});

test('the likelihood bound: far tails cost -log2(bound) bits and still get a finite gradient towards them', () => {
  const m = model(2, [3, 3, 3], 15);
  const zt = tensor([4000.25, -3000.75, 1, -1], [2, 2]);
  const f = m.forward(zt);
  const lik = f.likelihood.toArray();
  assert.is(lik[0], Math.fround(1e-9));
  assert.is(lik[1], Math.fround(1e-9));
  assert.ok(Math.abs(f.bits.toArray()[0] - 2 * -Math.log2(Math.fround(1e-9))) < 1e-4);
  m.backward(zt);
  const g = m.grad.toArray();
  assert.ok(g.every(Number.isFinite), 'finite parameter gradient');
  const inf = tensor([Infinity, -Infinity], [1, 2]);
  const fi = m.forward(inf);
  assert.ok(Number.isFinite(item(fi.total)), 'infinite z costs finite bits');
  const dz = m.backward(inf)!.toArray();
  assert.ok(dz.every(Number.isFinite) && m.grad.toArray().every(Number.isFinite), 'infinite z gives finite gradients');
});

test('Adam fits the density to noisy Gaussian samples: the rate approaches h(Z + U)', () => {
  const sigma = 3, B = 512, steps = 400;
  const m = new DeepFactorizedEntropyModel(1, { seed: 1 });
  const opt = new Adam(m.params, { lr: 1e-2 });
  const rng = new Rng(5), noise = new Rng(6);
  const z = tensor(new Float32Array(B), [B, 1]);
  let rate = 0;
  for (let s = 0; s < steps; ++s) {
    rng.fill(z, 'normal');
    native.axpy(sigma - 1, z, z); // z = sigma * N(0, 1)
    const zt = addUniformNoise(z, noise);
    if (s >= steps - 50) rate += item(m.rateBits(zt)) / B / 50;
    m.backward(zt, { scale: 1 / B, inputGrad: false });
    opt.step(m.grad);
  }
  // differential entropy of N(0, sigma^2) convolved with U(-1/2, 1/2) ≈ that of N(0, sigma^2 + 1/12)
  const h = 0.5 * Math.log2(2 * Math.PI * Math.E * (sigma * sigma + 1 / 12));
  assert.ok(rate > h - 0.05 && rate < h + 0.15, `rate ${rate} bits vs h(Z+U) ≈ ${h}`);
});

test('bad arguments throw errors naming the argument', () => {
  const spec = { channels: 3, filters: [3, 3, 3] };
  const P = deepFactorizedParamCount([3, 3, 3]);
  const params = tensor(randomArray(3 * P, 1), [3, P]);
  const z = tensor(randomArray(6, 2), [2, 3]);
  const o = () => tensor(randomArray(6, 3), [2, 3]);
  const bits = tensor([0.5, 0.5], [2]), total = tensor([0.5]);
  assert.throws(() => native.entropyForward({ channels: 0, filters: [3] }, params, z, o(), bits, total), /spec\.channels/);
  assert.throws(() => native.entropyForward({ channels: 3, filters: [3, 17] }, params, z, o(), bits, total), /spec\.filters\[1\]/);
  assert.throws(() => native.entropyForward({ channels: 3, filters: [1, 1, 1, 1, 1, 1] }, params, z, o(), bits, total), /spec\.filters/);
  assert.throws(() => native.entropyForward({ channels: 3, filters: 3 } as never, params, z, o(), bits, total), TypeError);
  assert.throws(() => native.entropyForward({ ...spec, likelihoodBound: 0 }, params, z, o(), bits, total), /spec\.likelihoodBound/);
  assert.throws(() => native.entropyForward(spec, tensor(randomArray(5, 1)), z, o(), bits, total), /params: expected 129 elements/);
  assert.throws(() => native.entropyForward(spec, params, tensor(randomArray(6, 1), [3, 2]), o(), bits, total), /z: expected shape \[\*, 3\]/);
  assert.throws(() => native.entropyForward(spec, params, z, tensor(randomArray(3, 1)), bits, total), /likelihood/);
  assert.throws(() => native.entropyForward(spec, params, z, o(), tensor([0.5]), total), /bits: expected shape \[2\]/);
  assert.throws(() => native.entropyForward(spec, params, z, o(), bits, bits), /total/);
  assert.throws(() => native.entropyBackward(spec, params, z, NaN, null, params, false), /scale/);
  assert.throws(() => native.entropyBackward(spec, params, z, 1e300, null, params, false), /scale/);
  assert.throws(() => native.entropyBackward(spec, params, z, 1, tensor([0.5]), params, false), /dz/);
  assert.throws(() => native.entropyBackward(spec, params, z, 1, null, z, false), /grad/);
  assert.throws(() => native.entropyBackward(spec, params, z, 1, null, params, 1 as never), /accumulate/);
  assert.throws(() => native.entropyCdf(spec, params, z, bits), /out/);
  const pmf = tensor(new Float32Array(3 * 5).fill(0.5), [3, 5]), tails = tensor(new Float32Array(6).fill(0.5), [3, 2]);
  assert.throws(() => native.entropyPmfTable(spec, params, 2, 1, null, pmf, tails), /hi: expected hi >= lo/);
  assert.throws(() => native.entropyPmfTable(spec, params, 0.5, 4, null, pmf, tails), /lo/);
  assert.throws(() => native.entropyPmfTable(spec, params, -(2 ** 23), 4, null, pmf, tails), /lo/);
  assert.throws(() => native.entropyPmfTable(spec, params, 0, 5, null, pmf, tails), /pmf: expected shape \[3, 6\]/);
  assert.throws(() => native.entropyPmfTable(spec, params, 0, 4, null, pmf, pmf), /tails/);
  assert.throws(() => native.entropyPmfTable(spec, params, 0, 4, tensor([0.1, 0.2]), pmf, tails), /offsets: expected shape \[3\]/);
  assert.throws(() => native.entropyPmfTable(spec, params, 0, 4, tensor(Int32Array.of(1, 2, 3), [3]), pmf, tails), /offsets/);
  assert.throws(() => new DeepFactorizedEntropyModel(0), /channels/);
  assert.throws(() => new DeepFactorizedEntropyModel(2, { filters: [3, 0] }), /config\.filters\[1\]/);
  assert.throws(() => new DeepFactorizedEntropyModel(2, { initScale: -1 }), /config\.initScale/);
  assert.throws(() => new DeepFactorizedEntropyModel(2, { params: new Float32Array(3) }), /config\.params/);
  assert.throws(() => new DeepFactorizedEntropyModel(2).rateBits(z), /zTilde: expected shape \[batch, 2\]/);
  assert.throws(() => new DeepFactorizedEntropyModel(2).pmfTable(3, 1), /pmfTable/);
  assert.throws(() => new DeepFactorizedEntropyModel(2).pmfTable(-3, 3, tensor([0.1, NaN])), /offsets: expected per-channel offsets/);
  assert.throws(() => new DeepFactorizedEntropyModel(2).pmfTable(-3, 3, tensor([0.1, 2])), /offsets: expected per-channel offsets/);
});

test.run();
