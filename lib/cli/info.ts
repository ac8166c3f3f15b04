import type { Command } from 'commander';
import { info } from '../index.js';

export function infoCommand(program: Command): void {
  program
    .command('info')
    .description('show the native backends, CUDA devices, CPU features and threads')
    .option('--json', 'print machine-readable JSON')
    .action((opts: { json?: boolean }) => {
      const i = info();
      if (opts.json) {
        console.log(JSON.stringify(i, null, 2));
        return;
      }
      console.log(`rdlab ${i.version}`);
      console.log(`backends     ${i.backends.join(', ')}`);
      console.log(`cuda         ${i.cuda ? i.cudaDevices.join('; ') : `no (${i.cudaStatus})`}`);
      console.log(`cuda built   ${i.cudaBuilt ? 'yes' : 'no'}`);
      console.log(`cpu          ${i.cpuIsa} kernels; features: ${i.cpuFeatures || 'baseline'}`);
      console.log(`threads      ${i.threads}`);
    });
}
