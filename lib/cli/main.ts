#!/usr/bin/env node
/** The `rdlab` command line. Each command is a thin layer over the library API. */
import { runCli } from './program.js';

await runCli(process.argv);
