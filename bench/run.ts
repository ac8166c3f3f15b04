/**
 * Runs every bench/*.bench.ts module (or those whose name contains argv[2]) and writes
 * bench/results/<name>.json with the machine, the date and the module's rows. A module's
 * default export is an async function returning its rows.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { machine } from './machine.js';

const here = path.dirname(fileURLToPath(import.meta.url));
/** bench/results in the source tree (dist/bench/run.js -> bench/results) */
export const resultsDir = path.resolve(here, '..', '..', 'bench', 'results');

export function writeResult(name: string, rows: unknown): string {
  mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `${name}.json`);
  writeFileSync(file, JSON.stringify({ name, date: new Date().toISOString(), machine: machine(), results: rows }, null, 2) + '\n');
  return file;
}

async function main() {
  const filter = process.argv[2] ?? '';
  const modules = readdirSync(here).filter((f) => f.endsWith('.bench.js') && f.includes(filter));
  for (const f of modules) {
    const name = f.replace(/\.bench\.js$/, '');
    const mod = (await import(pathToFileURL(path.join(here, f)).href)) as { default: () => Promise<unknown[]> };
    const rows = await mod.default();
    console.log(`\n${name}`);
    console.table(rows);
    console.log(`-> ${writeResult(name, rows)}`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
