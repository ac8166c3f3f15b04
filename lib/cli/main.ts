#!/usr/bin/env node
/** The `rdlab` command line. Each command is a thin layer over the library API. */
import { Command } from 'commander';
import { infoCommand } from './info.js';

const program = new Command();
program.name('rdlab').description('Learned lossy compression measured against information-theoretic limits').version('0.1.0');
infoCommand(program);

program.parseAsync(process.argv).catch((err: Error) => {
  console.error(`rdlab: ${err.message}`);
  process.exit(1);
});
