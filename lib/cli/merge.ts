import type { Command } from 'commander';
import { mergeRuns } from '../runner/merge.js';

/** `rdlab merge DIR… --out DIR`: joins shard folders into one results.json, plots and report. */
export function mergeCommand(program: Command): void {
  program
    .command('merge')
    .description('merge the folders of a sharded run (--shard i/n) into one')
    .argument('<dirs...>', 'the shard run folders')
    .requiredOption('--out <dir>', 'folder for the merged results')
    .option('--json', 'print the merged results.json on stdout')
    .option('--force', 'replace the results of an earlier merge in --out')
    .action(async (dirs: string[], opts: { out: string; json?: boolean; force?: boolean }) => {
      const results = await mergeRuns(dirs, opts.out, { force: opts.force });
      if (opts.json) console.log(JSON.stringify(results, null, 2));
      else console.error(`merged ${dirs.length} shards into ${opts.out} (results.json, report.md)`);
    });
}
