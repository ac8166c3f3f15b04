import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Rng, signSideInformation, xEqualsYPlusNoise, yEqualsXPlusNoise } from '../lib/index.js';
import { native } from '../lib/native.js';
import { empty, tensor } from '../lib/tensor.js';
import { referenceDraw } from './reference/philox.js';

test('pairs are their formulas of Philox normals 2i and 2i+1', () => {
  const cases = [
    { src: xEqualsYPlusNoise({ sideInfoVariance: 2, noiseVariance: 0.3 }), f: (z0: number, z1: number) => { const y = Math.sqrt(2) * z0; return [y + Math.sqrt(0.3) * z1, y]; } },
    { src: yEqualsXPlusNoise({ sourceVariance: 0.5, noiseVariance: 0.07 }), f: (z0: number, z1: number) => { const x = Math.sqrt(0.5) * z0; return [x, x + Math.sqrt(0.07) * z1]; } },
    { src: signSideInformation({ sourceVariance: 3 }), f: (z0: number) => { const x = Math.sqrt(3) * z0; return [x, x < 0 ? -1 : 1]; } },
  ];
  for (const { src, f } of cases) {
    const { x, y } = src.sample(13, new Rng(4, 9));
    const xs = x.toArray(), ys = y.toArray();
    for (let i = 0; i < 13; ++i) {
      const [wx, wy] = f(referenceDraw('normal', 4n, 9n, 0n, 2 * i), referenceDraw('normal', 4n, 9n, 0n, 2 * i + 1));
      assert.ok(Math.abs(xs[i] - wx) < 1e-5 * (1 + Math.abs(wx)), `${src.name} x[${i}] ${xs[i]} vs ${wx}`);
      assert.ok(Math.abs(ys[i] - wy) < 1e-5 * (1 + Math.abs(wy)), `${src.name} y[${i}] ${ys[i]} vs ${wy}`);
    }
  }
});

/** Least-squares slope of v on u and the residual variance. */
function regress(u: ArrayLike<number>, v: ArrayLike<number>) {
  let uu = 0, uv = 0;
  for (let i = 0; i < u.length; ++i) { uu += u[i] * u[i]; uv += u[i] * v[i]; }
  const a = uv / uu;
  let r = 0;
  for (let i = 0; i < u.length; ++i) r += (v[i] - a * u[i]) ** 2 / u.length;
  return { a, r };
}

test('the posterior sampler draws the exact p(y | x): slope and residual variance of y on x', () => {
  const n = 100_000;
  for (const src of [xEqualsYPlusNoise(), yEqualsXPlusNoise({ noiseVariance: 0.25 })]) {
    const { x, y } = src.sample(n, new Rng(3));
    const ys = src.posterior(x, 1, new Rng(4))!;
    const joint = regress(x.toArray(), y.toArray()), post = regress(x.toArray(), ys.toArray());
    // the true pairs and the posterior draws given x have the same regression of y on x
    assert.ok(Math.abs(joint.a - post.a) < 0.01 && Math.abs(joint.r - post.r) < 0.03 * joint.r, `${src.name}: ${JSON.stringify({ joint, post })}`);
    // σ²_{X|Y}: the residual of x on y
    const back = regress(y.toArray(), x.toArray());
    assert.ok(Math.abs(back.r - src.variances!.conditionalVariance) < 0.03 * src.variances!.conditionalVariance, `${src.name}: ${back.r}`);
  }
  assert.is(signSideInformation({ sourceVariance: 3 }).sourceVariance, 3);
  assert.ok(Math.abs(xEqualsYPlusNoise().sourceVariance! - 1.1) < 1e-12);
  const s = signSideInformation();
  const { x } = s.sample(100, new Rng(1));
  const ys = s.posterior(x, 3, new Rng(2))!.toArray(), xs = x.toArray();
  for (let i = 0; i < 300; ++i) assert.is(ys[i], xs[Math.floor(i / 3)] < 0 ? -1 : 1);
});

test('bad pair arguments are rejected by name', () => {
  assert.throws(() => xEqualsYPlusNoise({ noiseVariance: 0 }), /noiseVariance/);
  assert.throws(() => yEqualsXPlusNoise({ sourceVariance: NaN }), /sourceVariance/);
  assert.throws(() => xEqualsYPlusNoise().sample(0, new Rng(1)), /n: expected an integer/);
  const x = empty([4, 1]), y = empty([4, 2]);
  assert.throws(() => native.pairSample('x=y+n', x, y, 1, 0.1, 1, 0, 0), /y:/);
  assert.throws(() => native.pairSample('x=y-n' as 'x=y+n', x, x, 1, 0.1, 1, 0, 0), /kind/);
  assert.throws(() => native.pairSample('sign', x, empty([4, 1]), 1, -1, 1, 0, 0), /v1/);
  assert.throws(() => native.pairPosterior('y=x+n', x, empty([4, 3, 2]), 1, 0.1, 1, 0, 0), /ys:/);
  const z = tensor(Float32Array.from([0.3, -1.2, 2]), [3]);
  assert.throws(() => native.pairPosteriorNodes('y=x+n', x, z, empty([4, 2, 1]), 1, 0.1), /ys:/);
  assert.throws(() => native.pairPosteriorNodes('y=x+n', x, empty([3, 1]), empty([4, 3, 1]), 1, 0.1), /z:/);
  assert.throws(() => native.pairPosteriorNodes('x=y-n' as 'x=y+n', x, z, empty([4, 3, 1]), 1, 0.1), /kind/);
  assert.throws(() => native.pairPosteriorNodes('x=y+n', x, z, empty([4, 3, 1]), 1, 0), /v1/);
});

test('pairPosteriorNodes: the posterior at given standard normals, per element of x [B, m], in float64 reference', () => {
  const B = 7, S = 5, m = 3, v0 = 1.7, v1 = 0.23;
  const xs = Float32Array.from({ length: B * m }, (_, i) => Math.sin(1.3 * i + 0.4) * 2.1);
  const zs = Float32Array.from({ length: S }, (_, i) => Math.cos(2.7 * i + 1.1) * 1.9);
  const want = {
    'x=y+n': (x: number, z: number) => (v0 / (v0 + v1)) * x + Math.sqrt((v0 * v1) / (v0 + v1)) * z,
    'y=x+n': (x: number, z: number) => x + Math.sqrt(v1) * z,
    sign: (x: number) => (x < 0 ? -1 : 1),
  } as const;
  for (const kind of ['x=y+n', 'y=x+n', 'sign'] as const) {
    const ys = empty([B, S, m]);
    native.pairPosteriorNodes(kind, tensor(xs, [B, m]), tensor(zs, [S]), ys, v0, v1);
    const got = ys.toArray();
    for (let b = 0; b < B; ++b)
      for (let s = 0; s < S; ++s)
        for (let j = 0; j < m; ++j) {
          const w = want[kind](xs[b * m + j], zs[s]), g = got[(b * S + s) * m + j];
          assert.ok(Math.abs(g - w) < 2e-6 * (1 + Math.abs(w)), `${kind} [${b}, ${s}, ${j}] ${g} vs ${w}`);
        }
  }
});

test.run();
