/**
 * The machine a benchmark ran on, and its fp32 peak: cores x clock x FMA lanes x 2 flops
 * x FMA units per core. The clock is "cpu MHz" from /proc/cpuinfo (lscpu prints no MHz
 * under this hypervisor; in a VM it is the nominal/TSC clock, turbo is not counted). Two
 * FMA units per core is an assumption for Xeon server cores (ports 0 and 5), stated in the
 * result so a reader can redo the arithmetic.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { info } from '../lib/index.js';

export interface Machine {
  cpu: string;
  cores: number;
  mhz: number;
  rdlab: ReturnType<typeof info>;
  /** 1, 5 and 15 minute load averages when the result was written: above the core count, other work shared the CPU */
  loadavg: number[];
  peak: { gflops: number; formula: string };
}

function cpuinfo(key: string): string | undefined {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8').split('\n').find((l) => l.startsWith(key));
    return line?.split(':')[1]?.trim();
  } catch {
    return undefined;
  }
}

export function machine(): Machine {
  const rdlab = info();
  const cores = rdlab.threads;
  const mhz = Number(cpuinfo('cpu MHz') ?? os.cpus()[0]?.speed ?? 0);
  const lanes = rdlab.cpuIsa === 'avx512' ? 16 : rdlab.cpuIsa === 'avx2' ? 8 : 4;
  const fmaUnits = 2;
  const gflops = (cores * mhz * lanes * 2 * fmaUnits) / 1000;
  return {
    cpu: cpuinfo('model name') ?? os.cpus()[0]?.model ?? 'unknown',
    cores,
    mhz,
    rdlab,
    loadavg: os.loadavg(),
    peak: { gflops, formula: `${cores} threads x ${mhz} MHz x ${lanes} lanes (${rdlab.cpuIsa}) x 2 flops/FMA x ${fmaUnits} FMA units` },
  };
}
