import type { Command } from 'commander';
import { info, type NativeInfo } from '../index.js';
import type { DeviceName } from '../native.js';
import { cudaSelfCheck, describeSelfCheck, selfCheckEnabled, type SelfCheckResult } from '../selfCheck.js';

/** The CUDA self-check as `rdlab info` shows it: of every usable CUDA device, or why none ran. */
export interface SelfCheckReport {
  status: 'passed' | 'failed' | 'not run';
  /** Why it did not run. */
  reason?: string;
  results: SelfCheckResult[];
}

/** Runs (or reads the cached) self-check of each CUDA device `i` lists. */
export function selfCheckReport(i: Pick<NativeInfo, 'cuda' | 'cudaStatus' | 'cudaDevices'>, check: (device: DeviceName) => SelfCheckResult): SelfCheckReport {
  if (!i.cuda) return { status: 'not run', reason: `no usable CUDA device (${i.cudaStatus})`, results: [] };
  if (!selfCheckEnabled()) return { status: 'not run', reason: 'RDLAB_SELFCHECK=0', results: [] };
  const results = i.cudaDevices.map((_, n) => check(`cuda:${n}`));
  return { status: results.every((r) => r.ok) ? 'passed' : 'failed', results };
}

export function infoCommand(program: Command): void {
  program
    .command('info')
    .description('show the native backends, CUDA devices and their self-check, CPU features and threads')
    .option('--json', 'print machine-readable JSON')
    .action((opts: { json?: boolean }) => {
      const i = info();
      const selfCheck = selfCheckReport(i, cudaSelfCheck);
      if (opts.json) {
        console.log(JSON.stringify({ ...i, selfCheck }, null, 2));
        return;
      }
      console.log(`rdlab ${i.version}`);
      console.log(`backends     ${i.backends.join(', ')}`);
      console.log(`cuda         ${i.cuda ? i.cudaDevices.join('; ') : `no (${i.cudaStatus})`}`);
      console.log(`cuda built   ${i.cudaBuilt ? 'yes' : 'no'}`);
      if (selfCheck.status === 'not run') console.log(`self-check   not run (${selfCheck.reason})`);
      for (const r of selfCheck.results) console.log(`self-check   ${r.device}: ${describeSelfCheck(r)}`);
      console.log(`cpu          ${i.cpuIsa} kernels; features: ${i.cpuFeatures || 'baseline'}`);
      console.log(`threads      ${i.threads}`);
    });
}
