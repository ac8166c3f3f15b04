/**
 * Child process of gemm.test.ts: runs Mlp forward/backward against the float64 reference
 * with whatever kernels RDLAB_CPU_ISA selects (cpu_isa() is fixed per process), and prints
 * one JSON line: { isa, threads, repeatable, cases: [{ name, err }] }.
 */
import { info, Mlp, tensor, type Activation, type MlpConfig } from '../../lib/index.js';
import { referenceMlp } from '../reference/mlp.js';
import { maxRelError, randomArray } from '../reference/prng.js';

const ACTS: Activation[] = ['identity', 'relu', 'leaky_relu', 'softplus', 'tanh', 'sigmoid'];

/** Largest normwise relative error of y, the parameter gradient and dx (two accumulated backward passes when `accumulate`). */
function mlpError(config: MlpConfig, batch: number, seed: number, accumulate = false): number {
  const net = new Mlp(config, { seed });
  const x = randomArray(batch * config.inputs, seed + 1, -2, 2);
  const dy = randomArray(batch * config.outputs, seed + 2);
  const ref = referenceMlp(net.spec, net.params.toArray(), x, batch, dy);
  const xt = tensor(x, [batch, config.inputs]);
  let err = maxRelError(net.forward(xt).toArray(), ref.y);
  let dx = net.backward(tensor(dy, [batch, config.outputs]))!.toArray();
  let grad = ref.grad;
  if (accumulate) {
    net.forward(xt);
    dx = net.backward(tensor(dy, [batch, config.outputs]), { accumulate: true })!.toArray();
    grad = grad.map((g) => 2 * g);
  }
  err = Math.max(err, maxRelError(net.grad.toArray(), grad), maxRelError(dx, ref.dx));
  return err;
}

const cases: { name: string; err: () => number }[] = [];
const add = (config: MlpConfig, batch: number, seed: number, accumulate = false) =>
  cases.push({
    name: `${[config.inputs, ...config.hidden, config.outputs].join('-')} ${config.activation}/${config.outputActivation} B=${batch}${accumulate ? ' accumulate' : ''}`,
    err: () => mlpError(config, batch, seed, accumulate),
  });

let seed = 100;
for (const activation of ACTS) {
  add({ inputs: 3, hidden: [7, 5], outputs: 2, activation, outputActivation: activation, leakySlope: 0.07 }, 13, seed++);
  add({ inputs: 20, hidden: [33], outputs: 19, activation, outputActivation: 'identity', leakySlope: 0.07 }, 1025, seed++);
  add({ inputs: 5, hidden: [40], outputs: 3, activation: 'relu', outputActivation: activation }, 300, seed++);
}
add({ inputs: 1, hidden: [17], outputs: 1, activation: 'leaky_relu', outputActivation: 'identity' }, 33, seed++);
add({ inputs: 2, hidden: [100, 100], outputs: 64, activation: 'relu', outputActivation: 'identity' }, 517, seed++);
add({ inputs: 1, hidden: [100, 100], outputs: 1, activation: 'tanh', outputActivation: 'identity' }, 129, seed++);
add({ inputs: 29, hidden: [45], outputs: 31, activation: 'relu', outputActivation: 'identity' }, 700, seed++, true);
// B packed in column panels (2 vectors wide, one vector for a narrow last panel) and the
// transposed pack's 16-row blocks: widths and depths that are not multiples of either.
add({ inputs: 37, hidden: [70, 129], outputs: 17, activation: 'leaky_relu', outputActivation: 'tanh' }, 263, seed++);
add({ inputs: 130, hidden: [9], outputs: 47, activation: 'sigmoid', outputActivation: 'identity' }, 77, seed++, true);
// Weight gradients tall enough to split G's rows over the pool (gemm.test.ts runs this with
// two and three threads), depths 204 and 191: a multiple of both ISAs' tile height and not.
// 100 rows are too few to split the pass by rows (mlp.cc), so the products split themselves.
add({ inputs: 204, hidden: [191], outputs: 37, activation: 'relu', outputActivation: 'identity' }, 100, seed++, true);
// Passes large enough to split by batch rows into one slice per thread (mlp.cc): uneven
// slices (611 rows over 2 or 3 threads), weight gradients summed from per-slice partials.
add({ inputs: 31, hidden: [90, 70], outputs: 13, activation: 'leaky_relu', outputActivation: 'identity', leakySlope: 0.07 }, 611, seed++, true);
add({ inputs: 204, hidden: [191], outputs: 37, activation: 'relu', outputActivation: 'sigmoid' }, 301, seed++);

/** Whether a sliced pass gives bit-identical outputs and gradients when repeated (whichever thread runs which slice). */
function repeatable(): boolean {
  const config: MlpConfig = { inputs: 31, hidden: [90, 70], outputs: 13, activation: 'relu', outputActivation: 'identity' };
  const batch = 611, net = new Mlp(config, { seed: 7 });
  const x = tensor(randomArray(batch * config.inputs, 8, -2, 2), [batch, config.inputs]);
  const dy = tensor(randomArray(batch * config.outputs, 9), [batch, config.outputs]);
  const run = () => {
    const y = net.forward(x).toArray();
    const dx = net.backward(dy)!.toArray();
    return [...y, ...net.grad.toArray(), ...dx];
  };
  const first = run();
  for (let i = 0; i < 20; ++i) if (run().some((v, j) => !Object.is(v, first[j]))) return false;
  return true;
}

console.log(JSON.stringify({ isa: info().cpuIsa, threads: info().threads, repeatable: repeatable(), cases: cases.map((c) => ({ name: c.name, err: c.err() })) }));
