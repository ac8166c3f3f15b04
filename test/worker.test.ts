import { Worker } from 'node:worker_threads';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Mlp, tensor } from '../lib/index.js';
import { randomArray } from './reference/prng.js';

const index = new URL('../lib/index.js', import.meta.url).href;
const prng = new URL('./reference/prng.js', import.meta.url).href;

// The worker builds the same network from the same seed and runs one forward pass.
const workerSource = `
  const { parentPort } = await import('node:worker_threads');
  const { Mlp, tensor } = await import(${JSON.stringify(index)});
  const { randomArray } = await import(${JSON.stringify(prng)});
  const net = new Mlp({ inputs: 5, hidden: [64, 64], outputs: 3 }, { seed: 11 });
  for (let i = 0; i < 20; ++i) net.forward(tensor(randomArray(512 * 5, i), [512, 5]));
  const y = net.forward(tensor(randomArray(512 * 5, 99), [512, 5])).toArray();
  parentPort.postMessage(Array.from(y.slice(0, 8)));
`;

function runWorker(): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const w = new Worker(workerSource, { eval: true, type: 'module' } as never);
    w.once('message', resolve);
    w.once('error', reject);
  });
}

test('the addon loads in worker_threads and several workers compute concurrently', async () => {
  const net = new Mlp({ inputs: 5, hidden: [64, 64], outputs: 3 }, { seed: 11 });
  const expected = Array.from(net.forward(tensor(randomArray(512 * 5, 99), [512, 5])).toArray().slice(0, 8));
  const results = await Promise.all([runWorker(), runWorker(), runWorker()]);
  for (const r of results) assert.equal(r, expected);
});

test.run();
