/** The `rdlab` command line as a function, so that tools and tests can run it with extra experiments registered. */
import { Command } from 'commander';
import { VERSION } from '../version.js';
import { codecCommands } from './codec.js';
import { infoCommand } from './info.js';
import { listCommand } from './list.js';
import { mergeCommand } from './merge.js';
import { runCommand } from './run.js';

/** The commander program with every rdlab command. */
export function createProgram(): Command {
  const program = new Command();
  program.name('rdlab').description('Learned lossy compression measured against information-theoretic limits').version(VERSION);
  infoCommand(program);
  listCommand(program);
  runCommand(program);
  mergeCommand(program);
  codecCommands(program);
  return program;
}

/** Runs the CLI on `argv` (process.argv layout); errors print as one `rdlab: …` line and exit 1. */
export async function runCli(argv: string[]): Promise<void> {
  try {
    await createProgram().parseAsync(argv);
  } catch (err) {
    console.error(`rdlab: ${(err as Error).message}`);
    process.exit(1);
  }
}
