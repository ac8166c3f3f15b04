/**
 * Child process of orcIsa.test.ts: with whatever draw kernels RDLAB_CPU_ISA selects
 * (cpu_isa() is fixed per process), draws 10^6 normals and exponentials (from an odd start
 * and across a carry of the block counter's low word), Gaussian source samples, ORC/PFR
 * latents, searches, decodes and chunked scans, and prints one JSON line of SHA-256 digests, plus the bytes of a Gaussian
 * RCC encoding. With argv[2] = a JSON {method, bytes (base64)} it decodes that instead and
 * prints the digest of Y_K.
 */
import { createHash } from 'node:crypto';
import { empty, fillRandom, gaussian, GaussianRcc, gaussianRdChannel, info, Rng, tensor, type Tensor } from '../../lib/index.js';
import { native } from '../../lib/native.js';
import { randomArray } from '../reference/prng.js';

const digest = (t: Tensor | ArrayBufferView) => {
  const a = 'toArray' in t ? (t.toArray() as ArrayBufferView) : t;
  return createHash('sha256').update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength)).digest('hex');
};

const S = 11, m = 7, count = 20;
const channel = gaussianRdChannel([2, 1, 0.7, 0.5, 0.25, 0.1, 0.05], 0.6);
const rcc = (method: 'pfr' | 'orc') => new GaussianRcc(channel, { method, candidates: 50001, seed: 29 });
const x = tensor(randomArray(count * m, 71, -2, 2), [count, m]);

if (process.argv[2]) {
  const { method, bytes, bits } = JSON.parse(process.argv[2]) as { method: 'pfr' | 'orc'; bytes: string; bits: number };
  const y = rcc(method).decode({ bytes: new Uint8Array(Buffer.from(bytes, 'base64')), bits, count, offset: 300 });
  console.log(JSON.stringify({ isa: info().cpuIsa, y: digest(y) }));
} else {
  const out: Record<string, unknown> = { isa: info().cpuIsa, threads: info().threads };
  const draws: Record<string, string> = {};
  for (const dist of ['normal', 'exponential'] as const)
    for (const [counter, n] of [[12345n, 1_000_001], [(1n << 32n) - 7n, 4099]] as const) {
      const t = empty([n]);
      fillRandom(t, dist, 77n, 5n, counter);
      draws[`${dist} counter=${counter} n=${n}`] = digest(t);
    }
  draws['gaussian source'] = digest(gaussian(Array.from({ length: 37 }, (_, j) => 0.5 + j / 10)).sample(333, new Rng(21, 4)).x);
  const z = empty([3, 77, 9]);
  native.orcLatents(23, 5, 1001, z);
  draws.latents = digest(z);
  const xs = tensor(randomArray(S * 20, 72, -2, 2), [S, 20]), scale = tensor(randomArray(20, 73, 0.1, 1.2), [20]);
  for (const method of ['pfr', 'orc'] as const) {
    const idx = empty([S], 'int32'), y = empty([S, 20]);
    native.orcSearch(method, xs, scale, -0.3, 70001, 7, 100, idx, y);
    draws[`${method} search`] = digest(idx) + digest(y);
    const state = tensor(new Uint32Array(S * 7), [S, 7]);
    for (let first = 0; first < 1201; first += 300)
      native.orcScan(method, xs, tensor(randomArray(S * 300 * 20, 74 + first, -2, 2), [S, 300, 20]), -0.7, 1201, first, 3, 50, state);
    draws[`${method} chunked scan state`] = digest(state);
  }
  out.draws = draws;
  out.encoded = (['pfr', 'orc'] as const).map((method) => {
    const enc = rcc(method).encode(x, 300);
    return { method, bytes: Buffer.from(enc.bytes).toString('base64'), bits: enc.bits, y: digest(enc.y) };
  });
  console.log(JSON.stringify(out));
}
