/**
 * Child process of gemm.test.ts: runs conv2d / convTranspose2d forward and backward against
 * the float64 reference with whatever kernels RDLAB_CPU_ISA selects, and prints one JSON
 * line: { isa, threads, cases: [{ name, err }] } (err: the largest normwise relative error
 * of y, dx, dweight, dbias, and the accumulated gradients).
 */
import { info } from '../../lib/index.js';
import { convErrors, type ConvCase } from '../convCase.js';

const cases: ConvCase[] = [
  // im2col products with narrow (5) and wide (37) outputs; a weight gradient deep enough to split its rows
  { batch: 3, h: 9, w: 7, cin: 6, kh: 3, kw: 3, cout: 5, padding: [1, 1], activation: 'relu', transposed: false },
  { batch: 4, h: 11, w: 10, cin: 24, kh: 4, kw: 4, cout: 37, stride: [2, 2], padding: [1, 1], activation: 'leaky_relu', leakySlope: 0.07, transposed: false },
  { batch: 2, h: 6, w: 5, cin: 3, kh: 2, kw: 3, cout: 2, stride: [2, 1], transposed: false, bias: false },
  // the transposed input gradient (no bias) through narrow (1, 3) and wide (40) products
  { batch: 3, h: 4, w: 5, cin: 40, kh: 4, kw: 4, cout: 9, stride: [2, 2], padding: [1, 1], activation: 'tanh', transposed: true },
  { batch: 5, h: 3, w: 3, cin: 1, kh: 3, kw: 3, cout: 17, stride: [2, 2], padding: [1, 1], outputPadding: [1, 1], activation: 'sigmoid', transposed: true },
  { batch: 2, h: 7, w: 2, cin: 3, kh: 5, kw: 2, cout: 6, stride: [3, 2], padding: [2, 0], outputPadding: [2, 1], transposed: true },
];

console.log(JSON.stringify({
  isa: info().cpuIsa,
  threads: info().threads,
  cases: cases.map((c, i) => {
    const e = convErrors(c, 300 + 10 * i);
    return { name: JSON.stringify(c), err: Math.max(e.y, e.dx, e.dweight, e.dbias, e.dweightTwice, e.dbiasTwice) };
  }),
}));
