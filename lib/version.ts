/** rdlab's version, read once from its package.json (so the CLI, results and model files agree). */
import { createRequire } from 'node:module';

/** The installed package's version, e.g. '0.1.0'. */
export const VERSION: string = (createRequire(import.meta.url)('../../package.json') as { version: string }).version;
