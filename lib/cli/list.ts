import type { Command } from 'commander';
import { listExperiments } from '../experiments/registry.js';

/** `rdlab list`: every experiment with its one-line description. */
export function listCommand(program: Command): void {
  program
    .command('list')
    .description('list the experiments rdlab can run')
    .option('--json', 'print machine-readable JSON')
    .action((opts: { json?: boolean }) => {
      const all = listExperiments();
      if (opts.json) return console.log(JSON.stringify(all, null, 2));
      if (all.length === 0) return console.log('no experiments are registered');
      const width = Math.max(...all.map((e) => e.name.length));
      for (const e of all) console.log(`${e.name.padEnd(width)}  ${e.description}`);
    });
}
